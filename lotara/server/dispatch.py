"""Where a server's work runs: in its own process pool on SQLite, on the queue on PostgreSQL.

``runner_for`` picks. On a PostgreSQL store, ``QueueRunner`` stands where ``JobRunner``
stands, with the same face (``submit``, ``close``, ``shutdown``, the counters /health shows),
but runs nothing: ``submit`` defers the step to procrastinate (``lotara.jobs.queue``) and
any ``lotara worker`` on any machine runs it. A server then only creates and reads, so
servers and workers scale apart, and a server stopping hands back nothing: its work is in
the queue, not in its memory. Starting, it defers what the store says is due and no queue
entry covers (a server that stopped between its write and its defer), each step once.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from lotara.jobs.store import JobStore
from lotara.server.runner import JobRunner, RunnerClosed, Work

log = logging.getLogger("lotara.serve")


class QueueRunner:
    """``JobRunner``'s face over the PostgreSQL job queue: submitting is deferring."""

    max_running = 0  # this process runs no job
    running = 0
    queued = 0  # the queue's depth is the database's (/health reports it)

    def __init__(self, url: str, store: JobStore) -> None:
        self.url = url
        self.store = store
        self._closing = False

    @property
    def accepting(self) -> bool:
        return not self._closing

    def is_active(self, job_id: str) -> bool:
        return False

    def start(self) -> None:
        from lotara.jobs import queue

        queue.apply_schema(self.url)
        due = queue.defer_waiting(self.url, self.store)
        if due:
            log.info("%d waiting steps handed to the queue", due)

    def submit(self, work: Work | str) -> None:
        from lotara.jobs import queue

        if self._closing:
            raise RunnerClosed("The server is shutting down and starts no new job.")
        item = Work(work) if isinstance(work, str) else work
        # The API stored the step first (a queued job, a recorded decision, a booking
        # request): a worker reads what to do from the store, not from this message.
        defer = {"run": queue.defer_plan, "resume": queue.defer_resume, "book": queue.defer_booking}
        defer[item.kind](self.url, item.job_id)

    def close(self) -> None:
        self._closing = True

    def shutdown(self, store: JobStore, *, grace_s: float = 30.0) -> list[str]:
        from lotara.jobs import queue

        self.close()
        queue.close_deferring(self.url)
        return []  # nothing runs here: nothing to hand back


def runner_for(store: JobStore, home: Path, *, max_running: int, hooks: dict[str, Any]) -> Any:
    """The queue on a PostgreSQL store (unless a test hands in engine stand-ins, which run
    in this process), else the in-process ``JobRunner``."""
    if store.database_url and not hooks:
        return QueueRunner(store.database_url, store)
    return JobRunner(home, max_running=max_running, **hooks)
