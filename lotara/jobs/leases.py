"""Every running job has an owner that proves it is alive: a lease it renews.

``hold(store, job_id)`` wraps a run (the engine does it for every run, resume and booking):
it takes the job's lease (``lease_owner`` host:pid, ``lease_until`` now + ``lease_s()``)
and renews it from a background thread, on its own connection, every third of the lease.
A process killed with -9, a full disk that stops the renewals, a machine that went away:
the lease expires, and any lotara process that looks (``lotara status``, ``--follow``,
``watch run``, a server starting) ends the job with ``reap``: failed, with the code
``interrupted`` and a sentence saying so; a server re-queues it once instead (resumed).

A lease is taken only when it is free, already ours, expired, or its owner is provably
gone (a process of this host that no longer exists): a live owner, however slow, is never
robbed (``hold`` raises a Conflict naming it). ``hold_claim`` does the same for a claimed
suggestion (``lotara.proactive.suggestions``), so overlapping cron passes never take over
each other's work because it looks old by their own clock; ``HeldClaims`` renews the claims
a server holds while their jobs wait in its queue.

A job cancelled meanwhile (``lotara cancel``, ``POST /v1/cancel``) is seen by the renewing
thread, which then calls ``on_cancel`` (the CLI interrupts its main thread, as Ctrl-C does).

Who an owner is and how long a lease lasts live in ``lotara.jobs.owners`` (the store
stamps a job it makes running with them, so no running row lacks an owner).

Leases are timed on the real clock (``clock.wall_seconds``), never on ``LOTARA_NOW``.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from lotara import clock
from lotara.errors import Conflict, LotaraError
from lotara.jobs.owners import DEFAULT_LEASE_S, lease_s, owner, owner_gone
from lotara.models import EventType, JobError, JobStatus

if TYPE_CHECKING:
    from lotara.jobs.store import JobStore

__all__ = [
    "HeldClaims",
    "DEFAULT_LEASE_S",
    "hold",
    "hold_claim",
    "lease_expired",
    "lease_s",
    "owner",
    "owner_gone",
    "reap",
]

INTERRUPTED = "interrupted"


def _interrupt() -> None:
    # A real SIGINT, not _thread.interrupt_main: it also wakes a main thread blocked in a
    # sleep or a socket read.
    os.kill(os.getpid(), signal.SIGINT)


on_cancel: Callable[[], None] | None = _interrupt
"""What a process does when a job its main thread runs is cancelled elsewhere: by default
a KeyboardInterrupt in the main thread (SIGINT), the Ctrl-C path. A server's pool processes set it
to None (the server decides when their work stops); runs in other threads never get it."""


class _Renewer(threading.Thread):
    """Renews one lease every third of its length, on its own connection, until stopped.

    ``renew(store, now, until)`` says whether the lease is still ours; when it is not,
    ``on_lost(store)`` runs once and the thread ends.
    """

    def __init__(
        self,
        store: JobStore,
        name: str,
        length: float,
        renew: Callable[[JobStore, float, float], bool],
        on_lost: Callable[[JobStore], None] | None = None,
    ) -> None:
        super().__init__(name=f"lotara-lease-{name[:8]}", daemon=True)
        self.length, self.renew, self.on_lost = length, renew, on_lost
        self.store = store
        self.stop = threading.Event()
        self.lost = False

    def run(self) -> None:
        from lotara.jobs.store import JobStore, connect_sqlite

        if self.store.engine != "sqlite":
            store = self.store  # a PostgreSQL pool serves every thread on its own connection
        elif self.store.path is None:
            return  # an in-memory store in a test: nothing else can look at it
        else:
            store = JobStore(connect_sqlite(self.store.path), path=self.store.path)
        try:
            while not self.stop.wait(self.length / 3):
                try:
                    now = clock.wall_seconds()
                    if not self.renew(store, now, now + self.length):
                        self.lost = True
                        if self.on_lost is not None and not self.stop.is_set():
                            self.on_lost(store)
                        return
                except Exception:  # a busy or full store: try again at the next beat
                    continue
        finally:
            if store is not self.store:
                store.close()

    def end(self) -> None:
        self.stop.set()
        self.join(timeout=self.length)


@contextmanager
def hold(store: JobStore, job_id: str) -> Iterator[None]:
    """Hold the job's lease while the block runs; renew it, release it at the end.

    The lease is taken when it is free, already ours, or expired (its owner died): a live
    owner is never robbed: a ``Conflict`` (exit 4) says who holds it.
    """
    who, length = owner(), lease_s()
    now = clock.wall_seconds()
    if not store.hold_lease(job_id, who, now=now, until=now + length):
        if store.status_of(job_id) is JobStatus.CANCELLED:
            yield  # nothing to hold: the run itself finds the job cancelled and stops
            return
        holder, _ = store.lease_of(job_id)
        # A holder of this host that no longer exists (a server's pool process it killed)
        # is gone for sure: its lease is taken without waiting for it to expire.
        if not (
            owner_gone(holder)
            and store.hold_lease(job_id, who, now=now, until=now + length, dead=holder)
        ):
            raise Conflict(f"Job {job_id[:8]} is being worked on by another process ({holder}).")
    in_main = threading.current_thread() is threading.main_thread()

    def renew(conn: JobStore, now: float, until: float) -> bool:
        return conn.hold_lease(job_id, who, now=now, until=until)

    def lost(conn: JobStore) -> None:
        if in_main and on_cancel is not None and conn.status_of(job_id) is JobStatus.CANCELLED:
            on_cancel()

    renewer = _Renewer(store, job_id, length, renew, lost)
    with _renewed(renewer, lambda: store.release_lease(job_id, who)):
        yield


@contextmanager
def hold_claim(store: JobStore, suggestion_id: str) -> Iterator[None]:
    """Renew this process's claim on a suggestion while the block runs (``claim`` or a
    take-over set its first lease). A block that ends with the row still claimed (it
    raised, the process is stopping) gives the claim up at once for the next run."""
    from lotara.proactive.store import SuggestionStore

    who, length = owner(), lease_s()

    def renew(conn: JobStore, now: float, until: float) -> bool:
        return SuggestionStore(conn).renew_claim(suggestion_id, who, until=until)

    renewer = _Renewer(store, suggestion_id, length, renew)
    with _renewed(
        renewer, lambda: SuggestionStore(store).renew_claim(suggestion_id, who, until=0.0)
    ):
        yield


class HeldClaims:
    """Suggestion claims this process holds while their jobs wait or run in its background
    (a server's ``POST /v1/suggest``: the job may wait in its queue far longer than a lease).

    One thread renews them all every third of a lease while ``running()``; a claim stops
    being renewed once its row is settled (no longer ``claimed``) or its job is no longer
    queued or running, so it lapses then and a cron pass may take it over. A process that
    dies stops renewing: its claims expire, as a job's lease does; never earlier."""

    def __init__(self, store: JobStore) -> None:
        self.store = store
        self._jobs: dict[str, str] = {}
        self._lock = threading.Lock()

    def add(self, suggestion_id: str, job_id: str) -> None:
        with self._lock:
            self._jobs[suggestion_id] = job_id

    def _renew(self, conn: JobStore, now: float, until: float) -> bool:
        from lotara.proactive.store import SuggestionStore

        who = owner()
        with self._lock:
            pending = list(self._jobs.items())
        for suggestion_id, job_id in pending:
            try:
                working = conn.status_of(job_id) in {JobStatus.QUEUED, JobStatus.RUNNING}
            except LotaraError:
                working = False
            if not (working and SuggestionStore(conn).renew_claim(suggestion_id, who, until=until)):
                with self._lock:
                    self._jobs.pop(suggestion_id, None)
        return True  # the thread goes on for the claims still to come

    @contextmanager
    def running(self) -> Iterator[None]:
        """Renew the claims while the block runs (a server's lifespan)."""
        renewer = _Renewer(self.store, "claims", lease_s(), self._renew)
        with _renewed(renewer, lambda: None):
            yield


@contextmanager
def _renewed(renewer: _Renewer, release: Callable[[], object]) -> Iterator[None]:
    """Run the block while ``renewer`` renews; then stop it and give the lease up."""
    renewer.start()
    try:
        yield
    finally:
        renewer.end()
        try:
            release()
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
