"""What /health says of the database and the job queue, without blocking the event loop.

``store_and_queue(store)`` answers ``{"database": ..., "queue": {...}}``. On SQLite the
store is a local file (a read takes microseconds, on the loop) and the queue is the
server's own process pool. On PostgreSQL both are a network away: the probe runs in a
thread, bounded by ``PROBE_TIMEOUT_S``, and says whether the database answered, how many
steps wait in procrastinate's queue (``todo``), how many run (``doing``), and how many
workers sent a heartbeat lately (``workers``; 0 means queued work waits for nobody).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lotara.jobs.store import JobStore

PROBE_TIMEOUT_S = 2.0
UNREACHABLE = {"database": "unhealthy", "queue": {"kind": "procrastinate", "reachable": False}}


def _probe_pg(store: JobStore) -> dict[str, Any]:
    from lotara.jobs.queue import STALLED_AFTER_S

    try:
        store.ping()
    except Exception:
        return UNREACHABLE
    queue: dict[str, Any] = {"kind": "procrastinate", "reachable": False}
    try:
        counts = dict(
            store.conn.execute(
                "SELECT status::text, count(*) FROM procrastinate_jobs"
                " WHERE status IN ('todo', 'doing') GROUP BY status"
            ).fetchall()
        )
        workers = store.conn.execute(
            "SELECT count(*) FROM procrastinate_workers"
            " WHERE last_heartbeat > now() - make_interval(secs => ?)",
            [STALLED_AFTER_S],
        ).fetchone()
        queue.update(
            reachable=True,
            todo=int(counts.get("todo", 0)),
            doing=int(counts.get("doing", 0)),
            workers=int(workers[0]) if workers else 0,
        )
    except Exception:  # no queue schema yet (no server or worker started one), or a fault
        pass
    return {"database": "healthy", "queue": queue}


async def store_and_queue(store: JobStore) -> dict[str, Any]:
    """The database's and the queue's state, for /health (``services``)."""
    if not store.database_url:
        try:
            store.ping()
            database = "healthy"
        except Exception:
            database = "unhealthy"
        return {"database": database, "queue": {"kind": "in-process", "reachable": True}}
    try:
        return await asyncio.wait_for(asyncio.to_thread(_probe_pg, store), PROBE_TIMEOUT_S)
    except TimeoutError:
        return UNREACHABLE
