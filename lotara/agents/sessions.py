"""Where ADK keeps a job's session: ``adk_sessions.db`` beside the job store.

ADK's ``SqliteSessionService`` talks to SQLite through aiosqlite, opening a connection (and
a thread) per operation and hopping threads for every statement: a plan appends about a
hundred session events, and those hops cost more than planning the whole trip.
``JobSessions`` is the same service, with the same schema and SQL, over one plain
``sqlite3`` connection per run in WAL mode with a busy timeout like the job store's:
statements on a local file take microseconds, so running them on the event loop is
cheaper than handing them to a thread. Several processes (the CLI, a worker, a server)
share the file, and a paused job resumes from any of them. Built on google-adk 2.13's
service (pinned in pyproject): only how a connection is obtained changes.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lotara._compat.adk import SqliteSessionService, create_session_schema

if TYPE_CHECKING:
    from lotara.jobs.store import JobStore

SESSIONS_DB = "adk_sessions.db"
ADK_SCHEMA = "adk"  # on PostgreSQL (migration 0005_adk_sessions_schema)
BUSY_TIMEOUT_S = 10.0


class _Cursor:
    """The async face of a sqlite3 cursor, as ADK's service reads one."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    def __aiter__(self) -> _Cursor:
        return self

    async def __anext__(self) -> Any:
        row = self._cursor.fetchone()
        if row is None:
            raise StopAsyncIteration
        return row

    def close(self) -> None:
        self._cursor.close()


class _Statement:
    """``db.execute(...)``: awaited for its cursor, or used as ``async with ... as cursor``."""

    def __init__(self, conn: sqlite3.Connection, sql: str, params: Iterable[Any]) -> None:
        self._conn, self._sql, self._params = conn, sql, tuple(params)
        self._cursor: _Cursor | None = None

    def _run(self) -> _Cursor:
        self._cursor = _Cursor(self._conn.execute(self._sql, self._params))
        return self._cursor

    def __await__(self) -> Any:
        async def run() -> _Cursor:
            return self._run()

        return run().__await__()

    async def __aenter__(self) -> _Cursor:
        return self._run()

    async def __aexit__(self, *exc: object) -> None:
        if self._cursor is not None:
            self._cursor.close()


class _Connection:
    """The part of aiosqlite's Connection that ADK's SQLite session service uses."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @property
    def row_factory(self) -> Any:
        return self._conn.row_factory

    @row_factory.setter
    def row_factory(self, factory: Any) -> None:
        self._conn.row_factory = factory

    def execute(self, sql: str, params: Iterable[Any] = ()) -> _Statement:
        return _Statement(self._conn, sql, params)

    async def execute_fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        return self._conn.execute(sql, tuple(params)).fetchall()

    async def executescript(self, script: str) -> None:
        self._conn.executescript(script)

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()


_local = threading.local()


def _connect(path: str, uri: bool) -> sqlite3.Connection:
    """This thread's connection to ``path``, opened once and kept.

    Closing the last connection to a WAL database checkpoints and removes the WAL, which
    costs more than a whole plan; a process keeps one connection per thread instead (each
    server worker thread runs its own jobs, so no transaction is ever shared).
    """
    conns: dict[str, sqlite3.Connection] = _local.__dict__.setdefault("conns", {})
    conn = conns.get(path)
    if conn is None:
        conn = sqlite3.connect(path, uri=uri, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            create_session_schema(conn)
        except BaseException:
            conn.close()
            raise
        conns[path] = conn
    return conn


class JobSessions(SqliteSessionService):
    """ADK's SQLite session service over this thread's sqlite3 WAL connection."""

    @asynccontextmanager
    async def _get_db_connection(self) -> AsyncIterator[Any]:
        async with self._schema_lock:
            conn = _Connection(_connect(self._db_connect_path, self._db_connect_uri))
            self._schema_ready = True
            try:
                yield conn
            except BaseException:
                await conn.rollback()
                raise


_memory: dict[int, Any] = {}


def _null_pool() -> Any:
    """No pooled connections: a service lives for one run, each on its own event loop."""
    from sqlalchemy.pool import NullPool

    return NullPool


def sessions_path(store: JobStore) -> Path | None:
    """Where the job store's ADK sessions live: beside its SQLite file (None: in memory)."""
    return Path(store.path).parent / SESSIONS_DB if store.path else None


def open_sessions(store: JobStore) -> Any:
    """A session service for one run over ``store``'s sessions; ``await close()`` it after.

    A PostgreSQL job store keeps them in the same database, through ADK's own
    ``DatabaseSessionService`` (SQLAlchemy's async psycopg 3 driver)."""
    if store.database_url:
        from google.adk.sessions.database_session_service import DatabaseSessionService

        url = store.database_url.split("://", 1)[1]
        return DatabaseSessionService(
            db_url="postgresql+psycopg://" + url,
            poolclass=_null_pool(),
            connect_args={"options": f"-c search_path={ADK_SCHEMA}"},
        )
    path = sessions_path(store)
    if path is None:  # an in-memory job store (tests): sessions live as long as it does
        from google.adk.sessions.in_memory_session_service import InMemorySessionService

        return _memory.setdefault(id(store), InMemorySessionService())
    return JobSessions(str(path))
