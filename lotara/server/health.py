"""What /health says of the database and the job queue, without blocking the event loop.

``store_and_queue(store)`` answers ``{"database": ..., "queue": {...}}``. On SQLite the
store is a local file (read in a thread, as every store call of the server is) and the
queue is the server's own process pool. On PostgreSQL both are a network away: the probe runs in a
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
    from lotara.jobs import queue

    try:
        store.ping()
    except Exception:
        return UNREACHABLE
    try:
        state = {"kind": "procrastinate", "reachable": True, **queue.depth(store)}
    except Exception:  # no queue schema yet (no server or worker started one), or a fault
        state = {"kind": "procrastinate", "reachable": False}
    return {"database": "healthy", "queue": state}


async def store_and_queue(store: JobStore) -> dict[str, Any]:
    """The database's and the queue's state, for /health (``services``)."""
    if not store.database_url:
        try:
            await asyncio.to_thread(store.ping)  # a lock wait never on the event loop
            database = "healthy"
        except Exception:
            database = "unhealthy"
        return {"database": database, "queue": {"kind": "in-process", "reachable": True}}
    try:
        return await asyncio.wait_for(asyncio.to_thread(_probe_pg, store), PROBE_TIMEOUT_S)
    except TimeoutError:
        return UNREACHABLE
