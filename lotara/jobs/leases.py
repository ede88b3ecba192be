"""Every running job has an owner that proves it is alive: a lease it renews.

``hold(store, job_id)`` wraps a run (the engine does it for every run, resume and booking):
it takes the job's lease (``lease_owner`` host:pid, ``lease_until`` now + ``lease_s()``)
and renews it from a background thread, on its own connection, every third of the lease.
A process killed with -9, a full disk that stops the renewals, a machine that went away:
the lease expires, and any lotara process that looks (``lotara status``, ``--follow``,
``watch run``, a server starting) ends the job with ``reap``: failed, with the code
``interrupted`` and a sentence saying so; a server re-queues it once instead (resumed).

A job cancelled meanwhile (``lotara cancel``, ``POST /v1/cancel``) is seen by the renewing
thread, which then calls ``on_cancel`` (the CLI interrupts its main thread, as Ctrl-C does).

Leases are timed on the real clock (``clock.wall_seconds``), never on ``LOTARA_NOW``.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from lotara import clock
from lotara.errors import InvalidValue, LotaraError
from lotara.models import EventType, JobError, JobStatus

if TYPE_CHECKING:
    from lotara.jobs.store import JobStore

DEFAULT_LEASE_S = 15.0
INTERRUPTED = "interrupted"


def _interrupt() -> None:
    # A real SIGINT, not _thread.interrupt_main: it also wakes a main thread blocked in a
    # sleep or a socket read.
    os.kill(os.getpid(), signal.SIGINT)


on_cancel: Callable[[], None] | None = _interrupt
"""What a process does when a job its main thread runs is cancelled elsewhere: by default
a KeyboardInterrupt in the main thread (SIGINT), the Ctrl-C path. A server's pool processes set it
to None (the server decides when their work stops); runs in other threads never get it."""


def lease_s() -> float:
    """How long a lease lasts: ``LOTARA_LEASE_S`` (0.5 to 3600 seconds), else 15."""
    raw = os.environ.get("LOTARA_LEASE_S", "").strip()
    if not raw:
        return DEFAULT_LEASE_S
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not 0.5 <= value <= 3600:  # also refuses nan and inf
        raise InvalidValue(f"LOTARA_LEASE_S must be between 0.5 and 3600 seconds, not {raw!r}.")
    return value


def owner() -> str:
    """Who holds a lease: this host and process."""
    return f"{socket.gethostname()}:{os.getpid()}"


class _Renewer(threading.Thread):
    def __init__(
        self, store: JobStore, job_id: str, who: str, length: float, interrupt: bool
    ) -> None:
        super().__init__(name=f"lotara-lease-{job_id[:8]}", daemon=True)
        self.job_id, self.who, self.length = job_id, who, length
        self.interrupt = interrupt
        self.path = store.path
        # A PostgreSQL store's pool serves any thread, each on a connection of its own.
        self.shared = store if store.database_url else None
        self.stop = threading.Event()
        self.lost = False

    def run(self) -> None:
        from lotara.jobs.store import JobStore, connect_sqlite

        if self.shared is not None:
            store = self.shared
        elif self.path is None:
            return  # an in-memory store in a test: nothing else can look at it
        else:
            store = JobStore(connect_sqlite(self.path), path=self.path)
        try:
            while not self.stop.wait(self.length / 3):
                try:
                    now = clock.wall_seconds()
                    held = store.hold_lease(self.job_id, self.who, now=now, until=now + self.length)
                    if not held and store.status_of(self.job_id) is JobStatus.CANCELLED:
                        self.lost = True
                        if self.interrupt and on_cancel is not None and not self.stop.is_set():
                            on_cancel()
                        return
                except Exception:  # a busy or full store: try again at the next beat
                    continue
        finally:
            if store is not self.shared:
                store.close()


@contextmanager
def hold(store: JobStore, job_id: str) -> Iterator[None]:
    """Hold the job's lease while the block runs; renew it, release it at the end."""
    who, length = owner(), lease_s()
    now = clock.wall_seconds()
    store.hold_lease(job_id, who, now=now, until=now + length, take=True)
    in_main = threading.current_thread() is threading.main_thread()
    renewer = _Renewer(store, job_id, who, length, interrupt=in_main)
    renewer.start()
    try:
        yield
    finally:
        renewer.stop.set()
        renewer.join(timeout=length)
        try:
            store.release_lease(job_id, who)
        except Exception:  # the store went away: the lease simply expires
            pass


def reap(store: JobStore, *, job_id: str | None = None) -> list[str]:
    """End every running job whose lease expired (or only ``job_id``): failed, interrupted.

    Returns the ids it ended. Safe to call from any process, at any time: a job another
    process ends first is left alone.
    """
    from lotara.jobs.events import JobEvents

    ended = []
    for expired, who in store.expired_leases(clock.wall_seconds()):
        if job_id is not None and expired != job_id:
            continue
        message = (
            f"The process running this job ({who}) stopped before it finished; "
            "nothing was booked. Plan it again."
        )
        try:
            store.set_status(
                expired,
                JobStatus.FAILED,
                expect=JobStatus.RUNNING,
                error=JobError(code=INTERRUPTED, message=message),
            )
        except LotaraError:
            continue  # it ended, or another process reaped it first
        JobEvents(store, expired).emit(
            EventType.ERROR, data={"code": INTERRUPTED, "message": message}
        )
        ended.append(expired)
    return ended


def lease_expired(store: JobStore, job_id: str) -> bool:
    """Whether a job has a lease and its owner stopped renewing it."""
    _, until = store.lease_of(job_id)
    return until is not None and until < clock.wall_seconds()
