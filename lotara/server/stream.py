"""Server-sent events for one job: read from the store by seq, woken when new events land.

A stream reads the job's events from the store after the last seq it sent (from the start,
or from ``Last-Event-ID``), so events written by any process (`lotara plan --detach`, another
server worker) stream too, and a reconnecting client loses nothing. ``EventFeed`` wakes the
waiting streams: at once for jobs running in this process (the in-process hub), and within
``poll_s`` for jobs written elsewhere (one query per tick for all streams, not one per stream).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator, Callable, Iterator
from typing import TYPE_CHECKING, Protocol

from fastapi.sse import ServerSentEvent
from starlette.concurrency import run_in_threadpool

from lotara.jobs.events import hub
from lotara.models import EventType, JobEvent, JobStatus
from lotara.server.seed import wire_data

if TYPE_CHECKING:
    from lotara.jobs.store import JobStore
    from lotara.server.config import ServeConfig


class HasStore(Protocol):
    """What a stream needs of the server: its (calling thread's) store, feed and settings."""

    @property
    def store(self) -> JobStore: ...
    @property
    def feed(self) -> EventFeed: ...
    @property
    def config(self) -> ServeConfig: ...


log = logging.getLogger("lotara.serve")

MAX_SEQ = 2**63 - 1
"""The largest seq SQLite stores; a larger ``Last-Event-ID`` is refused before streaming."""


PAGE = 500
ENDINGS = {
    JobStatus.AWAITING_APPROVAL: {EventType.APPROVAL_REQUIRED},
    JobStatus.COMPLETED: {EventType.COMPLETE, EventType.ERROR},
    JobStatus.REJECTED: {EventType.COMPLETE, EventType.ERROR},
    JobStatus.FAILED: {EventType.ERROR, EventType.COMPLETE},
    JobStatus.CANCELLED: {EventType.ERROR, EventType.COMPLETE},
}
"""For a job at rest, the event that says so; the stream ends once it has been sent.

A job waiting at an approval gate is at rest only for a stream asked to end there
(``?until=gate``); by default a stream stays open through the gate, as the seed's front end
expects, until ``complete`` or ``error``."""

CLOSING = {EventType.COMPLETE, EventType.ERROR}
CLOSING_AT_GATE = {EventType.APPROVAL_REQUIRED, *CLOSING}

SETTLE_S = 1.0
"""How long a stream waits for a closing event after its job came to rest without one."""


class EventFeed:
    """Wakes the streams of a job when it has new events, whichever process wrote them."""

    def __init__(self, store: JobStore, *, poll_s: float = 0.1) -> None:
        self.store = store
        self.poll_s = poll_s
        self._waiters: dict[str, set[asyncio.Event]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._last_rowid = 0
        self.stopping = asyncio.Event()

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._last_rowid = await run_in_threadpool(self.store.last_event_rowid)
        self._unsubscribe = hub.subscribe(self._on_event)
        self._task = asyncio.create_task(self._poll(), name="lotara-event-feed")

    async def stop(self) -> None:
        self.stopping.set()
        self.wake_all()
        if self._unsubscribe:
            self._unsubscribe()
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    @contextlib.contextmanager
    def watch(self, job_id: str, wake: asyncio.Event | None = None) -> Iterator[asyncio.Event]:
        """An asyncio.Event (``wake`` if given) set whenever ``job_id`` may have new events."""
        wake = wake or asyncio.Event()
        self._waiters.setdefault(job_id, set()).add(wake)
        try:
            yield wake
        finally:
            waiters = self._waiters.get(job_id)
            if waiters is not None:
                waiters.discard(wake)
                if not waiters:
                    del self._waiters[job_id]

    @property
    def watching(self) -> int:
        return sum(len(w) for w in self._waiters.values())

    def wake(self, job_id: str) -> None:
        for wake in self._waiters.get(job_id, ()):
            wake.set()

    def wake_all(self) -> None:
        for waiters in self._waiters.values():
            for wake in waiters:
                wake.set()

    def _on_event(self, event: JobEvent) -> None:
        # Called from the thread that emitted the event (a job worker).
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self.wake, event.job_id)

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(self.poll_s)
            if not self._waiters:
                continue
            try:
                rows = await run_in_threadpool(self.store.jobs_with_events_after, self._last_rowid)
            except Exception:  # a locked or vanished file: try again next tick
                log.exception("event feed poll failed")
                continue
            for job_id, rowid in rows:
                self._last_rowid = max(self._last_rowid, rowid)
                self.wake(job_id)


async def _woken(wake: asyncio.Event, timeout: float) -> bool:
    """Wait for ``wake`` up to ``timeout`` s: True when woken, False when the time ran out.

    A timer rather than ``asyncio.wait_for``, which wraps the wait in a task of its own: with
    thousands of idle streams open, that task is a large share of what each one costs."""
    expired = False

    def expire() -> None:
        nonlocal expired
        expired = True
        wake.set()

    timer = asyncio.get_running_loop().call_later(timeout, expire)
    try:
        await wake.wait()
    finally:
        timer.cancel()
    return not expired


def to_sse(store: JobStore, event: JobEvent) -> ServerSentEvent:
    """One job event on the wire: seq as id, type as event name, its data in the seed's shape
    (``lotara.server.seed``) with agent and ts added."""
    payload = {"agent": event.agent, "ts": event.ts, **wire_data(store, event)}
    return ServerSentEvent(id=str(event.seq), event=event.type.value, data=payload)


def _page(
    server: HasStore, job_id: str, after: int
) -> tuple[list[tuple[JobEvent, ServerSentEvent]], JobStatus]:
    """The next page of events after ``after`` on the wire, and the job's status (read
    after them): one trip to the threadpool per wake-up."""
    store = server.store
    events = store.events(job_id, after=after, limit=PAGE)
    return [(event, to_sse(store, event)) for event in events], store.status_of(job_id)


async def job_stream(
    server: HasStore,
    job_id: str,
    *,
    after: int = 0,
    wake: asyncio.Event | None = None,
    gone: asyncio.Event | None = None,
    until_gate: bool = False,
) -> AsyncGenerator[ServerSentEvent, None]:
    """Every event of ``job_id`` after seq ``after``, until the job ends (or, ``until_gate``,
    until it waits at an approval gate).

    ``wake`` is the event the feed sets (the caller may set it too); once ``gone`` is set
    (the client left), the stream ends at its next wake-up. The store is read in the
    threadpool (``lotara.server.stores``), never on the event loop."""
    feed, ping_s = server.feed, server.config.ping_s
    last_type: EventType | None = None
    idle = 0.0
    settled_for = 0.0
    with feed.watch(job_id, wake) as wake:
        while True:
            if gone is not None and gone.is_set():
                return
            wake.clear()
            page, status = await run_in_threadpool(_page, server, job_id, after)
            for event, sse in page:
                yield sse
                after, last_type = event.seq, event.type
            if len(page) == PAGE:
                continue
            if page:
                idle = settled_for = 0.0
            at_rest = status.is_final or (until_gate and status is JobStatus.AWAITING_APPROVAL)
            if at_rest and last_type in ENDINGS.get(status, ()):
                return
            if feed.stopping.is_set():
                return
            # A job at rest without its closing event (rejected, cancelled, or the event is
            # a moment behind the status): wait a little, then end.
            if at_rest and settled_for >= SETTLE_S:
                return
            # A status change wakes nobody, so look again soon when one is due.
            due = at_rest or last_type in (CLOSING_AT_GATE if until_gate else CLOSING)
            step = min(ping_s - idle, SETTLE_S / 4) if due else ping_s - idle
            step = max(step, 0.01)
            if not await _woken(wake, step):
                idle += step
                if at_rest:
                    settled_for += step
                if idle >= ping_s:
                    idle = 0.0
                    yield ServerSentEvent(comment="ping")
