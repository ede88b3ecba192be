"""Where ADK keeps a job's session: ``adk_sessions.db`` beside the job store.

ADK's ``SqliteSessionService`` opens a new aiosqlite connection (a new thread, a new
journal) for every read and every appended event, which costs more than planning a whole
trip. ``JobSessions`` keeps one connection for the length of a run, in WAL mode with a busy
timeout like the job store, so several processes (the CLI, a worker, a server) can share
the file and a paused job can be resumed from any of them. Built on google-adk 2.13's
service (pinned in pyproject): only how a connection is obtained changes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiosqlite
from google.adk.sessions import sqlite_session_service as adk_sqlite

if TYPE_CHECKING:
    from lotara.store import JobStore

SESSIONS_DB = "adk_sessions.db"
BUSY_TIMEOUT_MS = 10_000


class JobSessions(adk_sqlite.SqliteSessionService):
    """ADK's SQLite session service over one WAL connection per run (close it after)."""

    def __init__(self, db_path: str) -> None:
        super().__init__(db_path)
        self._conn: aiosqlite.Connection | None = None

    @asynccontextmanager
    async def _get_db_connection(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._schema_lock:
            if self._conn is None:
                conn = aiosqlite.connect(self._db_connect_path, uri=self._db_connect_uri)
                # A daemon thread: a run that is interrupted must not keep the process alive.
                getattr(conn, "_thread", conn).daemon = True
                await conn
                try:
                    conn.row_factory = aiosqlite.Row
                    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                    await conn.execute("PRAGMA journal_mode = WAL")
                    await conn.execute("PRAGMA synchronous = NORMAL")
                    await conn.execute(adk_sqlite.PRAGMA_FOREIGN_KEYS)
                    if not self._schema_ready:
                        await conn.executescript(adk_sqlite.CREATE_SCHEMA_SQL)
                        self._schema_ready = True
                except BaseException:
                    await conn.close()
                    raise
                self._conn = conn
            try:
                yield self._conn
            except BaseException:
                await self._conn.rollback()
                raise

    async def close(self) -> None:
        async with self._schema_lock:
            if self._conn is not None:
                await self._conn.close()
                self._conn = None
        await super().close()


_memory: dict[int, Any] = {}


def sessions_path(store: JobStore) -> Path | None:
    """Where the job store's ADK sessions live: beside its SQLite file (None: in memory)."""
    return Path(store.path).parent / SESSIONS_DB if store.path else None


def open_sessions(store: JobStore) -> Any:
    """A session service for one run over ``store``'s sessions; ``await close()`` it after."""
    path = sessions_path(store)
    if path is None:  # an in-memory job store (tests): sessions live as long as it does
        from google.adk.sessions.in_memory_session_service import InMemorySessionService

        return _memory.setdefault(id(store), InMemorySessionService())
    return JobSessions(str(path))
