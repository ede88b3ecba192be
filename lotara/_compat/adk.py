"""google-adk's internals lotara relies on.

- ``sqlite_session_service``: ADK's SQLite session service opens a new aiosqlite connection
  per call (costlier than a whole offline plan) and keeps its schema SQL module-private.
  lotara subclasses it to serve its calls from one WAL connection per thread, overriding
  the private ``_get_db_connection`` and reading ``_schema_lock``, ``_db_connect_path``,
  ``_db_connect_uri`` and ``_schema_ready``, and creates the schema with the module's
  ``PRAGMA_FOREIGN_KEYS`` and ``CREATE_SCHEMA_SQL``.
"""

from __future__ import annotations

import sqlite3

from google.adk.sessions import sqlite_session_service as _sqlite

SqliteSessionService = _sqlite.SqliteSessionService
SESSION_PRIVATE_ATTRIBUTES = ("_schema_lock", "_db_connect_path", "_db_connect_uri")
"""What ``lotara.agents.sessions.JobSessions`` reads of a ``SqliteSessionService``."""


def create_session_schema(conn: sqlite3.Connection) -> None:
    """ADK's session tables (and its foreign-key pragma) on ``conn``, if not there yet."""
    conn.execute(_sqlite.PRAGMA_FOREIGN_KEYS)
    conn.executescript(_sqlite.CREATE_SCHEMA_SQL)
