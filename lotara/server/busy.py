"""A busy store never stalls the server: waits off the event loop, then 503 with Retry-After.

Requests reach the store in the threadpool, each thread on its own connection
(``lotara.server.stores``), so a write waiting for another process's lock waits in its own
thread: the event loop, ``/health``, streams and every other request go on meanwhile. It
waits at most ``request_wait_s()`` (``REQUEST_WAIT_S``, or ``LOTARA_BUSY_TIMEOUT_S`` when
that is set) instead of the CLI's 30 s: past that the request answers ``503`` with
``Retry-After`` and the usual JSON body (``{"detail": ..., "code": "store_busy"}``).

``probe(store_of)`` is what ``/health`` asks: it runs in a thread, with a timeout, so a health
check answers at once whatever the store does: ``healthy``, ``busy`` (another process holds
the write lock longer than a moment) or ``unhealthy`` (it cannot be read).
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from lotara.errors import LotaraError, StoreBusy, Unavailable

if TYPE_CHECKING:
    from fastapi import FastAPI, Request
    from fastapi.responses import JSONResponse

    from lotara.jobs.store import JobStore

REQUEST_WAIT_S = 2.0
"""How long a request waits for the store's lock before it answers 503."""
RETRY_AFTER_S = 2
"""What a 503 for a busy store tells the client to wait (seconds)."""
RETRY_LATER_S = 5
"""What any other 503 (a server shutting down, a provider gone) tells it to wait."""
PROBE_S = 1.0
"""How long ``/health`` waits for its probe before it says the store is busy."""
LOCK_PROBE_S = 0.2
"""How long the probe waits for the write lock: a normal write holds it for milliseconds."""

StoreState = Literal["healthy", "busy", "unhealthy"]


def request_wait_s() -> float:
    """How long a request waits for another process's lock: ``LOTARA_BUSY_TIMEOUT_S`` when
    set (the wait is the request's own: nothing else waits with it), else ``REQUEST_WAIT_S``."""
    from lotara.jobs.store import busy_timeout_s

    return (
        busy_timeout_s() if os.environ.get("LOTARA_BUSY_TIMEOUT_S", "").strip() else REQUEST_WAIT_S
    )


def shorten_waits(store: JobStore) -> None:
    """Make the server's shared connection (its job runner's) wait ``request_wait_s()``."""
    if store.engine != "sqlite":
        return
    store.wait_for_locks(request_wait_s())


def _check(store_of: Callable[[], JobStore]) -> StoreState:
    try:
        store = store_of()
        store.ping()
    except Exception:
        return "unhealthy"
    if store.engine != "sqlite" or store.path is None:
        return "healthy"
    try:
        return "healthy" if store.write_lock_free(LOCK_PROBE_S) else "busy"
    except sqlite3.Error:
        return "unhealthy"


async def probe(store_of: Callable[[], JobStore]) -> StoreState:
    """The state of the store ``store_of`` gives (called in a thread), found off the event
    loop within ``PROBE_S``."""
    try:
        return await asyncio.wait_for(asyncio.to_thread(_check, store_of), PROBE_S)
    except TimeoutError:
        return "busy"  # the probe thread finishes on its own; nobody waits for it


def _locked(error: BaseException) -> bool:
    text = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def install(app: FastAPI) -> None:
    """503 with ``Retry-After`` for every Unavailable (a server shutting down too), and for
    a lock SQLite raised raw."""

    from fastapi.responses import JSONResponse

    from lotara.server.runner import RunnerClosed

    @app.exception_handler(Unavailable)
    @app.exception_handler(RunnerClosed)
    async def unavailable(request: Request, error: LotaraError) -> JSONResponse:
        after = RETRY_AFTER_S if isinstance(error, StoreBusy) else RETRY_LATER_S
        return JSONResponse(
            {"detail": error.message, "code": error.code},
            status_code=503,
            headers={"Retry-After": str(after)},
        )

    @app.exception_handler(sqlite3.OperationalError)
    async def sqlite_error(request: Request, error: Any) -> JSONResponse:
        if not _locked(error):
            raise error  # the catch-all handler answers 500 and logs it
        busy = StoreBusy("The store is locked by another process; try again in a moment.")
        return await unavailable(request, busy)

    del sqlite_error
