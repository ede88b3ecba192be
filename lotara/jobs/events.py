"""Job events: how an agent's progress reaches the store and everyone watching.

``JobEvents`` is bound to one job. ``emit`` appends the event to the store (which gives it
the next seq for the job) and then hands it to in-process listeners: the Rich live view, the
server's SSE streams. Readers in another process follow the store by seq, so an event once
emitted is never lost to a reader that knows the last seq it saw.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lotara.models import EventType, JobEvent, Progress

if TYPE_CHECKING:
    from lotara.jobs.store import JobStore

Listener = Callable[[JobEvent], None]


class EventHub:
    """In-process publish/subscribe of job events, safe to call from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: dict[str | None, list[Listener]] = {}

    def subscribe(self, listener: Listener, *, job_id: str | None = None) -> Callable[[], None]:
        """Call ``listener`` for each event (of ``job_id`` only, if given); returns unsubscribe."""
        with self._lock:
            self._listeners.setdefault(job_id, []).append(listener)

        def unsubscribe() -> None:
            with self._lock:
                listeners = self._listeners.get(job_id, [])
                if listener in listeners:
                    listeners.remove(listener)

        return unsubscribe

    def publish(self, event: JobEvent) -> None:
        with self._lock:
            targets = [*self._listeners.get(None, ()), *self._listeners.get(event.job_id, ())]
        for listener in targets:
            listener(event)


hub = EventHub()
"""The process's hub: the server and the CLI subscribe here."""


class JobEvents:
    """The event stream of one job: append to the store, then publish."""

    def __init__(
        self, store: JobStore, job_id: str, *, listeners: list[Listener] | None = None
    ) -> None:
        self.store = store
        self.job_id = job_id
        self.listeners = list(listeners or [])

    def emit(
        self,
        type: EventType,
        *,
        agent: str | None = None,
        data: dict[str, Any] | None = None,
        progress: Progress | None = None,
    ) -> JobEvent:
        """Store the event (and ``progress`` with it, when given), then tell the listeners."""
        event = self.store.append_event(
            self.job_id, type, agent=agent, data=data, progress=progress
        )
        for listener in self.listeners:
            listener(event)
        hub.publish(event)
        return event
