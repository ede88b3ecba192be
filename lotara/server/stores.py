"""The server's store connections: one per request thread, none on the event loop.

SQLite serialises the calls on one connection: a write waiting for another process's lock
holds it, and a read on the same connection from any other thread waits behind (a second
request would wait as long as the first). So requests never share a connection, and never
use one on the event loop:

- FastAPI runs the ``def`` routes in starlette's threadpool; async code (an SSE stream,
  ``/plan/sync``'s wait, the event feed's poll) hands its store work to the same pool with
  ``run_in_threadpool``. That is the one way the server reaches its store.
- ``ThreadStores.get()`` gives the calling thread a connection of its own (opened on first
  use, closed with the thread or at shutdown), waiting at most ``wait_s`` for a lock; on the
  event loop it raises, so a store call slipped onto the loop is a bug tests see.

On PostgreSQL the shared store (one psycopg connection, thread-safe) serves every thread.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lotara.jobs.store import JobStore


class OnTheLoop(RuntimeError):
    """A store call made on the event loop thread (it would stall every request)."""


class ThreadStores:
    """Per-thread connections to ``shared``'s SQLite file (``shared`` itself on PostgreSQL)."""

    def __init__(self, shared: JobStore, *, wait_s: float) -> None:
        self.shared = shared
        self.wait_s = wait_s
        self._local = threading.local()
        self._open: weakref.WeakSet[JobStore] = weakref.WeakSet()
        self._lock = threading.Lock()
        self._closed = False

    def get(self) -> JobStore:
        """The calling thread's store; ``OnTheLoop`` on the event loop's thread."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            raise OnTheLoop("A store call on the event loop: run it in the threadpool.")
        if self.shared.engine != "sqlite" or self.shared.path is None:
            return self.shared
        store: JobStore | None = getattr(self._local, "store", None)
        if store is None:
            store = self._open_one()
            self._local.store = store
        return store

    def _open_one(self) -> JobStore:
        from lotara.jobs.store import JobStore, connect_sqlite, fault

        path = self.shared.path
        assert path is not None
        try:
            store = JobStore(connect_sqlite(path), path=path)
        except Exception as error:  # sqlite3.Error or OSError: one sentence, as open_store's
            raise fault(error, path) from None
        store.wait_for_locks(self.wait_s)
        store.read_only = self.shared.read_only
        with self._lock:
            if self._closed:
                store.close()
                raise RuntimeError("The server's stores are closed.")
            self._open.add(store)
        return store

    def close(self) -> None:
        """Close every thread's connection (at shutdown, once no request runs)."""
        with self._lock:
            self._closed = True
            stores = list(self._open)
            self._open.clear()
        for store in stores:
            store.close()
