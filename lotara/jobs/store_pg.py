"""The job store on PostgreSQL: the same ``JobStore``, its SQL run through a psycopg 3 pool.

``open_store`` picks this engine when ``LOTARA_DATABASE_URL`` (or ``--database``) is a
``postgresql://`` URL; without one nothing changes (SQLite in ``$LOTARA_HOME``).

``JobStore`` and the stores built on it (``lotara.proactive.store``) write their SQL once,
in the subset both engines share; ``PgConnection`` is a ``sqlite3.Connection``'s face over
a ``psycopg_pool.ConnectionPool`` and rewrites the few spellings that differ (``?``
placeholders, ``[quoted]`` names, ``INSERT OR IGNORE``, ``json_extract``). Every table has
a ``rowid bigserial`` column so orderings by insertion read the same on both engines.

Write transactions (``JobStore.immediate``) take one transaction-level advisory lock
first: writes are serialised across every process on the database exactly as SQLite's
``BEGIN IMMEDIATE`` serialises them on one file, so the read-then-write steps (the next
event seq, a status move, a suggestion's claim) stay atomic without a second design.
Reads run on any pooled connection without it. The schema comes from the same named
migrations as SQLite's (``lotara.jobs.migrations``, each step's ``postgres=`` SQL).
"""

from __future__ import annotations

import re
import threading
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from lotara.errors import LotaraError, Unavailable
from lotara.jobs.migrations import migrations

#: The advisory lock every write transaction takes (an arbitrary constant: "lotara").
WRITE_LOCK = 0x6C6F74617261
#: Serialises two processes migrating one database at once.
MIGRATE_LOCK = WRITE_LOCK + 1
MIGRATIONS_TABLE = "lotara_migrations"
#: The channel ``PgJobStore.append_event`` notifies (payload: the job id) in the event's
#: transaction; servers LISTEN on it to wake their streams (``lotara.server.listen``).
EVENTS_CHANNEL = "lotara_events"
POOL_MAX = 8


def is_postgres_url(url: str | None) -> bool:
    return bool(url) and str(url).split(":", 1)[0] in {"postgres", "postgresql"}


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """SQLite's spelling of a statement, as PostgreSQL reads it."""
    sql = sql.replace("%", "%%").replace("?", "%s")
    sql = re.sub(r"\[(\w+)\]", r'"\1"', sql)
    sql = re.sub(r"json_extract\((\w+), '\$\.(\w+)'\)", r"((\1)::jsonb ->> '\2')", sql)
    if sql.lstrip().upper().startswith("INSERT OR IGNORE"):
        sql = re.sub(r"(?i)INSERT OR IGNORE", "INSERT", sql, count=1) + " ON CONFLICT DO NOTHING"
    return sql


class Rows:
    """A finished statement's result, read like a sqlite3 cursor."""

    def __init__(self, cursor: Any) -> None:
        self.description = cursor.description
        self.rowcount = cursor.rowcount
        self._rows: list[tuple[Any, ...]] = cursor.fetchall() if cursor.description else []
        self._next = 0

    def fetchone(self) -> tuple[Any, ...] | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list[tuple[Any, ...]]:
        rows, self._next = self._rows[self._next :], len(self._rows)
        return rows

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.fetchall())


class PgConnection:
    """``execute`` like sqlite3's, over a pool: inside a transaction of this thread, on its
    connection (it sees its own writes); else on any pooled connection, autocommitted."""

    def __init__(self, url: str, *, max_size: int = POOL_MAX) -> None:
        from psycopg_pool import ConnectionPool

        self.url = url
        self.pool = ConnectionPool(
            url, min_size=1, max_size=max_size, kwargs={"autocommit": True}, open=False
        )
        self.pool.open(wait=True, timeout=30)
        self._local = threading.local()

    @property
    def in_transaction(self) -> bool:
        return getattr(self._local, "conn", None) is not None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            return Rows(conn.execute(translate(sql), list(params)))
        with self.pool.connection() as pooled:
            return Rows(pooled.execute(translate(sql), list(params)))

    @contextmanager
    def transaction(self, lock: int = WRITE_LOCK) -> Iterator[PgConnection]:
        if self.in_transaction:
            yield self
            return
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [lock])
            self._local.conn = conn
            try:
                yield self
            finally:
                self._local.conn = None

    def close(self) -> None:
        self.pool.close()


async def notified_jobs(url: str, on_listening: Callable[[], None]) -> AsyncIterator[str]:
    """The job ids ``EVENTS_CHANNEL`` announces, as they commit, on one connection of its
    own; ``on_listening`` is called once the LISTEN is in place (nothing before it is heard)."""
    import psycopg

    conn = await psycopg.AsyncConnection.connect(url, autocommit=True)
    async with conn:
        await conn.execute(f"LISTEN {EVENTS_CHANNEL}")
        on_listening()
        async for notice in conn.notifies():
            yield notice.payload


def pending_migrations(conn: PgConnection) -> list[str]:
    done = {
        r[0]
        for r in conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", [migrations.name]
        )
    }
    return [step for step in migrations.names() if step not in done]


def migrate(conn: PgConnection) -> list[str]:
    """Apply the pending named migrations' PostgreSQL SQL, once each, in order."""
    missing = [step for step in migrations.names() if step not in migrations.postgres]
    if missing:
        raise LotaraError(f"Migrations {missing} have no PostgreSQL port (postgres=...).")
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (migration_set text, name text,"
        " applied_at timestamptz DEFAULT now(), PRIMARY KEY (migration_set, name))"
    )
    applied = []
    with conn.transaction(lock=MIGRATE_LOCK):
        raw = conn._local.conn
        for step in pending_migrations(conn):
            raw.execute(migrations.postgres[step])
            raw.execute(
                f"INSERT INTO {MIGRATIONS_TABLE} (migration_set, name) VALUES (%s, %s)",
                [migrations.name, step],
            )
            applied.append(step)
    return applied


def connect_migrated(url: str) -> PgConnection:
    """Connect to the PostgreSQL at ``url`` and bring its schema up to date
    (``lotara.jobs.store.open_store`` wraps it in a ``PgJobStore``)."""
    try:
        conn = PgConnection(url)
    except Exception as error:  # psycopg_pool.PoolTimeout, psycopg.OperationalError
        raise Unavailable(f"Cannot connect to the database at {_redact(url)}: {error}") from None
    migrate(conn)
    return conn


def _redact(url: str) -> str:
    """The URL without its password, to say which database failed."""
    return re.sub(r"(//[^:/@]+):[^@]*@", r"\1:***@", url)
