"""The store's schema: named migrations, applied in order and recorded by sqlite-utils.

Each migration is a function over a sqlite-utils ``Database``, registered with
``@migrations(name=...)``. Add a new one at the end for any schema change; never edit one
that has shipped. Each step also carries its PostgreSQL port (``postgres=``, plain SQL that
``lotara.jobs.store_pg`` applies): one list, two engines; a step without one stops a
PostgreSQL store from opening. ``open_store`` (in ``lotara.jobs.store``) applies what is pending.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations


class LazyMigrations:
    """sqlite-utils' ``Migrations``, registered without importing sqlite-utils.

    Importing sqlite-utils takes ~45 ms, a fifth of `lotara status`: ``open_store`` checks
    for pending migrations with one query and loads it only to apply them. Everything else
    (``apply``, ``applied``, ``pending`` on a Database) is the real ``Migrations``'.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._steps: list[tuple[str, bool, Callable[[Database], None]]] = []
        self._real: Migrations | None = None
        #: The same step for PostgreSQL (``lotara.jobs.store_pg``): its SQL, by step name.
        self.postgres: dict[str, str] = {}

    def __call__(
        self,
        *,
        name: str | None = None,
        transactional: bool = True,
        postgres: str | None = None,
    ) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
        def inner(fn: Callable[[Database], None]) -> Callable[[Database], None]:
            step = name or fn.__name__
            if step in self.names():
                raise ValueError(f"Migration {step!r} is already registered in {self.name!r}")
            self._steps.append((step, transactional, fn))
            if postgres is not None:
                self.postgres[step] = postgres
            self._real = None
            return fn

        return inner

    def names(self) -> list[str]:
        return [step for step, _, _ in self._steps]

    def real(self) -> Migrations:
        """The sqlite-utils ``Migrations`` holding the same steps."""
        if self._real is None:
            from sqlite_utils.migrations import Migrations

            real = Migrations(self.name)
            for step, transactional, fn in self._steps:
                real(name=step, transactional=transactional)(fn)
            self._real = real
        return self._real

    def pending_names(self, conn: sqlite3.Connection) -> list[str]:
        """The steps not yet applied to the database on ``conn`` (sqlite-utils' own table)."""
        table = self.real_table()
        if not conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
        ).fetchone():
            return self.names()
        done = {
            r[0]
            for r in conn.execute(
                f"SELECT name FROM [{table}] WHERE migration_set = ?", [self.name]
            )
        }
        return [step for step in self.names() if step not in done]

    def unknown_names(self, conn: sqlite3.Connection) -> list[str]:
        """Steps recorded in the database that this lotara does not know: a newer one wrote it."""
        table = self.real_table()
        if not conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
        ).fetchone():
            return []
        known = set(self.names())
        rows = conn.execute(
            f"SELECT name FROM [{table}] WHERE migration_set = ? ORDER BY applied_at", [self.name]
        )
        return [r[0] for r in rows if r[0] not in known]

    @staticmethod
    def real_table() -> str:
        return "_sqlite_migrations"  # sqlite_utils.migrations.Migrations.migrations_table

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.real(), attribute)


migrations = LazyMigrations("lotara")


_CORE_PG = """
CREATE TABLE jobs (
    rowid bigserial UNIQUE, id text COLLATE "C" PRIMARY KEY, user_id text NOT NULL,
    mode text NOT NULL, status text NOT NULL, query text NOT NULL, request text,
    progress text, itinerary text, error text, model text, "trigger" text, trace_id text,
    worker_pid bigint, created_at text NOT NULL, updated_at text NOT NULL);
CREATE INDEX idx_jobs_user_id_created_at ON jobs (user_id, created_at);
CREATE INDEX idx_jobs_status ON jobs (status);
CREATE TABLE events (
    rowid bigserial UNIQUE, job_id text COLLATE "C" NOT NULL, seq bigint NOT NULL,
    type text NOT NULL, agent text, data text, ts text NOT NULL, PRIMARY KEY (job_id, seq));
CREATE TABLE approvals (
    rowid bigserial UNIQUE, id text PRIMARY KEY, job_id text COLLATE "C" NOT NULL,
    kind text NOT NULL, status text NOT NULL, details text, notes text,
    created_at text NOT NULL, decided_at text);
CREATE INDEX idx_approvals_job_id_status ON approvals (job_id, status);
CREATE TABLE feedback (
    id bigserial PRIMARY KEY, job_id text COLLATE "C" NOT NULL, user_id text,
    rating bigint NOT NULL, comment text, helpful_aspects text, improvement_areas text,
    created_at text NOT NULL);
CREATE INDEX idx_feedback_job_id ON feedback (job_id);
CREATE TABLE preferences (
    user_id text, key text, value text NOT NULL, updated_at text, PRIMARY KEY (user_id, key));
CREATE TABLE watches (
    rowid bigserial UNIQUE, id text COLLATE "C" PRIMARY KEY, user_id text NOT NULL,
    origin text NOT NULL, destination text NOT NULL, travel_date text, travel_month text,
    below double precision, drop_pct double precision, travelers bigint, currency text,
    baseline double precision, active bigint NOT NULL, created_at text NOT NULL);
CREATE INDEX idx_watches_user_id_active ON watches (user_id, active);
CREATE TABLE price_history (
    id bigserial PRIMARY KEY, watch_id text NOT NULL, observed_at text NOT NULL,
    travel_date text, price double precision NOT NULL, currency text, source text);
CREATE UNIQUE INDEX idx_price_history_watch_id_observed_at
    ON price_history (watch_id, observed_at);
CREATE TABLE suggestions (
    rowid bigserial UNIQUE, id text PRIMARY KEY, user_id text NOT NULL,
    trigger_type text NOT NULL, dedupe_key text COLLATE "C" NOT NULL, job_id text,
    context text, summary text, created_at text NOT NULL, notified_at text,
    notify_attempts bigint, notify_error text);
CREATE UNIQUE INDEX idx_suggestions_dedupe_key ON suggestions (dedupe_key);
CREATE INDEX idx_suggestions_user_id_created_at ON suggestions (user_id, created_at);
CREATE TABLE bookings (
    rowid bigserial UNIQUE, id text PRIMARY KEY, job_id text COLLATE "C" NOT NULL,
    kind text NOT NULL, reference text NOT NULL, description text,
    amount double precision NOT NULL, currency text NOT NULL, status text NOT NULL,
    created_at text NOT NULL);
CREATE INDEX idx_bookings_job_id ON bookings (job_id);
"""


@migrations(name="0001_core", postgres=_CORE_PG)
def _core(db: Database) -> None:
    db.table("jobs").create(
        {
            "id": str,
            "user_id": str,
            "mode": str,
            "status": str,
            "query": str,
            "request": str,
            "progress": str,
            "itinerary": str,
            "error": str,
            "model": str,
            "trigger": str,
            "trace_id": str,
            "worker_pid": int,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"user_id", "mode", "status", "query", "created_at", "updated_at"},
    )
    db.table("jobs").create_index(["user_id", "created_at"])
    db.table("jobs").create_index(["status"])
    db.table("events").create(
        {"job_id": str, "seq": int, "type": str, "agent": str, "data": str, "ts": str},
        pk=("job_id", "seq"),
        not_null={"job_id", "seq", "type", "ts"},
    )
    db.table("approvals").create(
        {
            "id": str,
            "job_id": str,
            "kind": str,
            "status": str,
            "details": str,
            "notes": str,
            "created_at": str,
            "decided_at": str,
        },
        pk="id",
        not_null={"job_id", "kind", "status", "created_at"},
    )
    db.table("approvals").create_index(["job_id", "status"])
    db.table("feedback").create(
        {
            "id": int,
            "job_id": str,
            "user_id": str,
            "rating": int,
            "comment": str,
            "helpful_aspects": str,
            "improvement_areas": str,
            "created_at": str,
        },
        pk="id",
        not_null={"job_id", "rating", "created_at"},
    )
    db.table("feedback").create_index(["job_id"])
    db.table("preferences").create(
        {"user_id": str, "key": str, "value": str, "updated_at": str},
        pk=("user_id", "key"),
        not_null={"value"},
    )
    db.table("watches").create(
        {
            "id": str,
            "user_id": str,
            "origin": str,
            "destination": str,
            "travel_date": str,
            "travel_month": str,
            "below": float,
            "drop_pct": float,
            "travelers": int,
            "currency": str,
            "baseline": float,
            "active": int,
            "created_at": str,
        },
        pk="id",
        not_null={"user_id", "origin", "destination", "active", "created_at"},
    )
    db.table("watches").create_index(["user_id", "active"])
    db.table("price_history").create(
        {
            "id": int,
            "watch_id": str,
            "observed_at": str,
            "travel_date": str,
            "price": float,
            "currency": str,
            "source": str,
        },
        pk="id",
        not_null={"watch_id", "observed_at", "price"},
    )
    db.table("price_history").create_index(["watch_id", "observed_at"], unique=True)
    db.table("suggestions").create(
        {
            "id": str,
            "user_id": str,
            "trigger_type": str,
            "dedupe_key": str,
            "job_id": str,
            "context": str,
            "summary": str,
            "created_at": str,
            "notified_at": str,
            "notify_attempts": int,
            "notify_error": str,
        },
        pk="id",
        not_null={"user_id", "trigger_type", "dedupe_key", "created_at"},
    )
    db.table("suggestions").create_index(["dedupe_key"], unique=True)
    db.table("suggestions").create_index(["user_id", "created_at"])
    db.table("bookings").create(
        {
            "id": str,
            "job_id": str,
            "kind": str,
            "reference": str,
            "description": str,
            "amount": float,
            "currency": str,
            "status": str,
            "created_at": str,
        },
        pk="id",
        not_null={"job_id", "kind", "reference", "amount", "currency", "status", "created_at"},
    )
    db.table("bookings").create_index(["job_id"])


@migrations(name="0002_job_constraints", postgres="ALTER TABLE jobs ADD COLUMN constraints text;")
def _job_constraints(db: Database) -> None:
    # The explicit overrides a job was asked with (the API's ``constraints`` body, CLI options),
    # kept apart from the trigger of a proactive job.
    db.table("jobs").add_column("constraints", str)


@migrations(
    name="0003_suggestion_claims",
    postgres="""
ALTER TABLE suggestions ADD COLUMN status text NOT NULL DEFAULT 'ready',
    ADD COLUMN attempts bigint NOT NULL DEFAULT 0, ADD COLUMN claimed_by text,
    ADD COLUMN claimed_at text, ADD COLUMN finished_at text, ADD COLUMN error text,
    ADD COLUMN notify_url text, ADD COLUMN notify_lease_until text;
CREATE INDEX idx_suggestions_status ON suggestions (status);
""",
)
def _suggestion_claims(db: Database) -> None:
    # A suggestion row is claimed (its dedupe key taken) before its workflow runs, so it needs
    # a state: claimed -> ready | failed. Readers only see ready rows; a claim whose process
    # died is finished by a later run. Notifications remember where they go, to retry there.
    suggestions = db.table("suggestions")
    suggestions.add_column("status", str, not_null_default="ready")
    suggestions.add_column("attempts", int, not_null_default=0)
    suggestions.add_column("claimed_by", str)
    suggestions.add_column("claimed_at", str)
    suggestions.add_column("finished_at", str)
    suggestions.add_column("error", str)
    suggestions.add_column("notify_url", str)
    suggestions.add_column("notify_lease_until", str)
    suggestions.create_index(["status"])


@migrations(
    name="0004_booking_requests",
    postgres="ALTER TABLE jobs ADD COLUMN booking_requested_at text;",
)
def _booking_requests(db: Database) -> None:
    # A booking asked for over HTTP is stored before the 202, so a server that stops before
    # the booking runs loses nothing: the next server to start books it. Any status change
    # (the booking gate reached, the plan changed) clears it.
    db.table("jobs").add_column("booking_requested_at", str)


@migrations(
    name="0005_job_leases",
    postgres="ALTER TABLE jobs ADD COLUMN lease_owner text, "
    "ADD COLUMN lease_until double precision;",
)
def _job_leases(db: Database) -> None:
    # Every running job has an owner that proves it is alive: the process running it renews
    # ``lease_until`` (real seconds since the epoch, never LOTARA_NOW) every few seconds. Any
    # lotara process that finds a running job whose lease expired ends it (lotara.jobs.leases).
    db.table("jobs").add_column("lease_owner", str)
    db.table("jobs").add_column("lease_until", float)


@migrations(
    name="0006_adk_sessions_schema",
    postgres="CREATE SCHEMA IF NOT EXISTS adk;",
)
def _adk_sessions_schema(db: Database) -> None:
    # ADK's DatabaseSessionService names its tables sessions, events, app_states...: on
    # PostgreSQL they live in their own schema so they never meet the job store's ``events``.
    # On SQLite they already have their own file (adk_sessions.db): nothing to do.
    pass


@migrations(
    name="0007_suggestion_claim_leases",
    postgres="ALTER TABLE suggestions ADD COLUMN claim_until double precision;",
)
def _suggestion_claim_leases(db: Database) -> None:
    # A claimed suggestion is held by a lease, as a running job is: its holder renews
    # ``claim_until`` (real seconds, never LOTARA_NOW) while it works, and a claim is taken
    # over only once that lease expired, never because it looks old by some run's clock.
    db.table("suggestions").add_column("claim_until", float)
