"""The job store: one SQLite file shared by the CLI, cron runs and the server.

``open_store(home)`` is the one way in: it opens ``lotara.db`` in WAL mode with a busy timeout
and applies the named migrations of ``lotara.jobs.migrations``. Writes that must not interleave
across processes (the next event seq, a status move) run inside ``BEGIN IMMEDIATE`` so SQLite
serialises them.
Rows hold JSON text for nested documents; the pydantic models in ``lotara.models`` are what
callers see.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lotara import clock
from lotara.errors import (
    AmbiguousId,
    Conflict,
    IllegalTransition,
    InvalidValue,
    LotaraError,
    NotFound,
    StoreBusy,
    Unavailable,
)
from lotara.jobs.migrations import migrations
from lotara.models import (
    ALLOWED_TRANSITIONS,
    Approval,
    ApprovalKind,
    ApprovalStatus,
    Booking,
    EventType,
    Feedback,
    Itinerary,
    Job,
    JobError,
    JobEvent,
    JobStatus,
    JobSummary,
    Mode,
    PlanConstraints,
    Progress,
    TripRequest,
)
from lotara.values import env_setting

if TYPE_CHECKING:
    from sqlite_utils import Database

DB_NAME = "lotara.db"
BUSY_TIMEOUT_S = 30.0


def busy_timeout_s() -> float:
    """How long a write waits for another process's lock: ``LOTARA_BUSY_TIMEOUT_S`` or 30 s."""
    return env_setting("LOTARA_BUSY_TIMEOUT_S", BUSY_TIMEOUT_S, 0, 600, " seconds")


def fault(error: BaseException, path: Path | None) -> LotaraError:
    """One sentence, with the store's path, for what SQLite or the file system said.

    Unavailable (exit 5) for what may pass (a lock, a full disk, a read-only folder);
    InvalidValue (exit 2) for a file that cannot be a lotara store as it is.
    """
    where = str(path) if path is not None else "the store"
    text = str(error).lower()
    if isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return StoreBusy(f"The store {where} is locked by another process; try again in a moment.")
    if "disk is full" in text or "no space" in text or _disk_full(path):
        return Unavailable(f"The disk holding the store {where} is full; free some space.")
    if "readonly" in text or "read-only" in text or isinstance(error, PermissionError):
        return Unavailable(f"The store {where} cannot be written: its folder is read-only.")
    if "unable to open" in text:
        return Unavailable(
            f"The store {where} cannot be opened: check that its folder exists and is writable."
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return InvalidValue(
            f"{where} is not a usable lotara store (damaged or not SQLite); move it away "
            "and lotara starts a new one."
        )
    return Unavailable(f"The store {where} failed: {error}.")


def _disk_full(path: Path | None) -> bool:
    """Whether the file system holding ``path`` has no block left (SQLite then often says
    only "disk I/O error", failing to grow its WAL or shared-memory file)."""
    if path is None:
        return False
    try:
        return os.statvfs(Path(path).parent).f_bavail == 0
    except OSError:
        return False


def db_path(home: Path) -> Path:
    return Path(home) / DB_NAME


def connect(path: Path) -> Database:
    """A sqlite-utils Database on ``path`` in WAL mode with a busy timeout; no migrations."""
    from sqlite_utils import Database

    return Database(connect_sqlite(path), execute_plugins=False)


def connect_sqlite(path: Path) -> sqlite3.Connection:
    """The connection ``connect`` wraps: WAL, a busy timeout, foreign keys on."""
    wait = busy_timeout_s()
    conn = sqlite3.connect(str(path), timeout=wait, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
    conn.execute("PRAGMA recursive_triggers = on")  # what sqlite-utils' Database turns on
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def database_url() -> str | None:
    """``$LOTARA_DATABASE_URL`` (``--database`` sets it): a PostgreSQL store, else None."""
    return os.environ.get("LOTARA_DATABASE_URL") or None


def open_store(home: Path, *, database: str | None = None) -> JobStore:
    """Open (creating if needed) the store and bring its schema up to date: on PostgreSQL
    when ``database`` or ``$LOTARA_DATABASE_URL`` is a ``postgresql://`` URL (see
    ``lotara.jobs.store_pg``), else in ``home``'s SQLite file.

    Every SQLite fault is one sentence with the path (``fault``): a home that is a file, a
    read-only folder, a damaged file (``PRAGMA quick_check`` at open), a lock held too long.
    A store written by a newer lotara opens for reading only.
    """
    url = database or database_url()
    if url:
        from lotara.jobs.store_pg import connect_migrated, is_postgres_url

        if not is_postgres_url(url):
            raise InvalidValue(
                f"LOTARA_DATABASE_URL must be a postgresql:// URL, not {url.split(':')[0]!r}."
            )
        return PgJobStore(connect_migrated(url))
    home = Path(home)
    if home.exists() and not home.is_dir():
        raise InvalidValue(f"LOTARA_HOME {home} is a file, not a folder; point it at a folder.")
    path = db_path(home)
    try:
        home.mkdir(parents=True, exist_ok=True)
        store = JobStore(connect_sqlite(path), path=path)
        if store.conn.execute("PRAGMA quick_check(1)").fetchone()[0] != "ok":
            store.close()
            raise InvalidValue(
                f"{path} is damaged (SQLite's quick_check failed); lotara will not write to "
                "it. Move it away (keep a copy) and lotara starts a new one."
            )
        newer = migrations.unknown_names(store.conn)
        if newer:
            store.read_only = (
                f"The store {path} was written by a newer lotara (migration {newer[-1]}); "
                "this one only reads it. Upgrade lotara to change it."
            )
        elif migrations.pending_names(store.conn):
            # Two processes starting on a fresh file must not both run the same migration.
            with open(home / ".migrate.lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                migrations.apply(store.db)
    except (sqlite3.Error, OSError) as error:
        raise fault(error, path) from None
    return store


def _dumps(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "model_dump_json"):
        return value.model_dump_json()
    # allow_nan=False: a nan or inf that slipped past the checks at the edge is refused
    # here (ValueError) rather than stored as the non-JSON NaN that breaks every later read.
    return json.dumps(value, separators=(",", ":"), default=str, allow_nan=False)


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _status_in(status: JobStatus | tuple[JobStatus, ...], params: list[Any]) -> str:
    """A WHERE term for one status or any of several (an API filter may name several)."""
    statuses = (status,) if isinstance(status, JobStatus) else status
    params.extend(s.value for s in statuses)
    return "status IN (" + ", ".join(["?"] * len(statuses)) + ")" if statuses else "1 = 0"


class JobStore:
    """Jobs, their events, approvals, feedback, preferences and bookings in one SQLite file.

    This is also the store interface: ``lotara.jobs.store_pg.PgJobStore`` is the same class
    on PostgreSQL, so its SQL stays in the subset both engines read.
    """

    engine = "sqlite"
    database_url: str | None = None

    def __init__(self, db: Database | sqlite3.Connection, *, path: Path | None = None) -> None:
        # The store reads and writes on the plain connection; sqlite-utils' Database over it
        # (``db``) is built on first use, so commands that only read never import it.
        if isinstance(db, sqlite3.Connection):
            self.conn, self._db = db, None
        else:
            self.conn, self._db = db.conn, db
        self.path = path
        self.read_only: str | None = None  # why this store must not be written, if it must not
        # One connection may serve several threads (the server's workers): writes take turns.
        self._write_lock = threading.RLock()

    @property
    def db(self) -> Database:
        """sqlite-utils' Database on the store's connection."""
        if self._db is None:
            from sqlite_utils import Database

            with self._write_lock:
                if self._db is None:
                    self._db = Database(self.conn, execute_plugins=False)
        return self._db

    @db.setter
    def db(self, value: Database) -> None:
        # Swapping the Database swaps the connection the store uses too (tests break it).
        self._db = value
        self.conn = getattr(value, "conn", self.conn)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def immediate(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that takes SQLite's write lock up front (no lost updates)."""
        if self.read_only:
            raise Unavailable(self.read_only)
        conn = self.conn
        with self._write_lock:
            if conn.in_transaction:
                yield conn
                return
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise fault(error, self.path) from None
            try:
                yield conn
            except sqlite3.Error as error:
                conn.rollback()
                raise fault(error, self.path) from None
            except BaseException:
                conn.rollback()
                raise
            try:
                conn.commit()
            except sqlite3.Error as error:
                conn.rollback()
                raise fault(error, self.path) from None

    # --- jobs ---------------------------------------------------------------------------

    def create_job(
        self,
        *,
        user_id: str,
        query: str,
        mode: Mode = Mode.REACTIVE,
        request: TripRequest | None = None,
        model: str = "offline",
        trigger: dict[str, Any] | None = None,
        constraints: PlanConstraints | None = None,
        job_id: str | None = None,
    ) -> str:
        job_id = job_id or str(uuid.uuid4())
        now = clock.iso()
        with self.immediate() as conn:
            conn.execute(
                "INSERT INTO jobs (id, user_id, mode, status, query, request, progress, model,"
                " [trigger], constraints, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    job_id,
                    user_id,
                    str(mode),
                    JobStatus.QUEUED.value,
                    query,
                    _dumps(request),
                    Progress().model_dump_json(),
                    model,
                    _dumps(trigger),
                    _dumps(constraints),
                    now,
                    now,
                ),
            )
        return job_id

    def _job_row(self, job_id: str) -> dict[str, Any]:
        cursor = self.conn.execute("SELECT * FROM jobs WHERE id = ?", [job_id])
        row = cursor.fetchone()
        if row is None:
            raise NotFound(f"No job {job_id!r}.")
        # The columns come with the row's own cursor: no second query per read.
        return dict(zip([d[0] for d in cursor.description], row, strict=True))

    def resolve_job_id(self, prefix: str) -> str:
        """The full id of the one job whose id starts with ``prefix`` (as git takes hashes)."""
        prefix = prefix.strip().lower()
        if not prefix or any(c not in "0123456789abcdef-" for c in prefix):
            raise NotFound(f"No job {prefix!r}: a job id is hexadecimal, as `lotara status` shows.")
        rows = self.conn.execute(
            "SELECT id FROM jobs WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
            [prefix, prefix + "\uffff"],
        ).fetchall()
        if not rows:
            raise NotFound(f"No job {prefix!r}.")
        if len(rows) > 1:
            shown = ", ".join(r[0][:12] for r in rows[:5])
            raise AmbiguousId(
                f"Job id {prefix!r} is ambiguous: it matches {shown}. Give more of it."
            )
        return rows[0][0]

    def get_job(self, job_id: str) -> Job:
        row = self._job_row(job_id)
        return Job(
            job_id=row["id"],
            user_id=row["user_id"],
            status=JobStatus(row["status"]),
            mode=Mode(row["mode"]),
            query=row["query"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            request=TripRequest.model_validate_json(row["request"]) if row["request"] else None,
            progress=Progress.model_validate_json(row["progress"])
            if row["progress"]
            else Progress(),
            itinerary=Itinerary.model_validate_json(row["itinerary"]) if row["itinerary"] else None,
            approvals=self.approvals(job_id),
            bookings=self.bookings(job_id),
            feedback=self.feedback(job_id),
            error=JobError.model_validate_json(row["error"]) if row["error"] else None,
            model=row["model"] or "offline",
            trigger=_loads(row["trigger"]),
            constraints=PlanConstraints.model_validate_json(row["constraints"])
            if row["constraints"]
            else None,
            trace_id=row["trace_id"],
        )

    def list_jobs(
        self,
        *,
        user_id: str | None = None,
        limit: int = 20,
        offset: int = 0,
        status: JobStatus | tuple[JobStatus, ...] | None = None,
    ) -> list[JobSummary]:
        where, params = [], []
        if user_id is not None:
            where.append("user_id = ?")
            params.append(user_id)
        if status is not None:
            where.append(_status_in(status, params))
        sql = "SELECT id, user_id, status, mode, query, created_at, updated_at, itinerary FROM jobs"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?"
        out = []
        for row in self.conn.execute(sql, [*params, limit, offset]).fetchall():
            cost = (_loads(row[7]) or {}).get("cost") or {}
            out.append(
                JobSummary(
                    job_id=row[0],
                    user_id=row[1],
                    status=JobStatus(row[2]),
                    mode=Mode(row[3]),
                    query=row[4],
                    created_at=row[5],
                    updated_at=row[6],
                    total=cost.get("total"),
                    currency=cost.get("currency"),
                )
            )
        return out

    def count_jobs(
        self,
        *,
        user_id: str | None = None,
        status: JobStatus | tuple[JobStatus, ...] | None = None,
    ) -> int:
        where: list[str] = []
        params: list[Any] = []
        if user_id is not None:
            where, params = [*where, "user_id = ?"], [*params, user_id]
        if status is not None:
            where.append(_status_in(status, params))
        sql = "SELECT count(*) FROM jobs" + (" WHERE " + " AND ".join(where) if where else "")
        return self.conn.execute(sql, params).fetchone()[0]

    def set_status(
        self,
        job_id: str,
        status: JobStatus,
        *,
        expect: JobStatus | set[JobStatus] | None = None,
        error: JobError | None = None,
    ) -> JobStatus:
        """Move a job to ``status`` if DESIGN.md allows it; return the status it had.

        A job made ``running`` with no live lease gets one in the same transaction, naming
        this process (``lotara.jobs.leases``): no running row this lotara writes is ever
        without an owner, whoever moved it. ``leases.hold`` renews it (the engine takes the
        lease before the move); a process that never renews it is taken as gone once it
        expires. Only rows written before leases existed are running without one.
        """
        with self.immediate() as conn:
            row = conn.execute("SELECT status FROM jobs WHERE id = ?", [job_id]).fetchone()
            if row is None:
                raise NotFound(f"No job {job_id!r}.")
            current = JobStatus(row[0])
            expected = {expect} if isinstance(expect, JobStatus) else expect
            if expected is not None and current not in expected:
                raise Conflict(f"Job {job_id[:8]} is {current.value}, not {_or(expected)}.")
            if status not in ALLOWED_TRANSITIONS[current]:
                raise IllegalTransition(
                    f"Job {job_id[:8]} cannot move from {current.value} to {status.value}."
                )
            # A recorded booking request (engine.request_booking) is for the completed plan
            # it was asked on: any move (to the booking gate, or anywhere) settles it.
            conn.execute(
                "UPDATE jobs SET status = ?, error = COALESCE(?, error), updated_at = ?,"
                " booking_requested_at = NULL WHERE id = ?",
                [status.value, _dumps(error), clock.iso(), job_id],
            )
            if status is JobStatus.RUNNING:
                from lotara.jobs.owners import lease_s, owner

                now = clock.wall_seconds()
                conn.execute(
                    "UPDATE jobs SET lease_owner = ?, lease_until = ? WHERE id = ?"
                    " AND (lease_until IS NULL OR lease_until < ?)",
                    [owner(), now + lease_s(), job_id, now],
                )
        return current

    def update_job(self, job_id: str, **fields: Any) -> None:
        """Store new values for a job's documents (request, progress, itinerary, trace_id...)."""
        allowed = {"request", "progress", "itinerary", "error", "model", "trace_id", "worker_pid"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"update_job cannot set {sorted(unknown)}")
        values = {
            k: (_dumps(v) if k in {"request", "progress", "itinerary", "error"} else v)
            for k, v in fields.items()
        }
        values["updated_at"] = clock.iso()
        sets = ", ".join(f"{k} = ?" for k in values)
        with self.immediate() as conn:
            cur = conn.execute(f"UPDATE jobs SET {sets} WHERE id = ?", [*values.values(), job_id])
            if cur.rowcount == 0:
                raise NotFound(f"No job {job_id!r}.")

    def status_of(self, job_id: str) -> JobStatus:
        row = self.conn.execute("SELECT status FROM jobs WHERE id = ?", [job_id]).fetchone()
        if row is None:
            raise NotFound(f"No job {job_id!r}.")
        return JobStatus(row[0])

    def jobs_with_status(self, status: JobStatus, *, order: str = "created_at") -> list[str]:
        if order not in ("created_at", "updated_at"):
            raise ValueError(f"cannot order jobs by {order!r}")
        return [
            r[0]
            for r in self.conn.execute(
                f"SELECT id FROM jobs WHERE status = ? ORDER BY {order}", [status.value]
            ).fetchall()
        ]

    def user_of(self, job_id: str) -> str | None:
        """The user a job belongs to, or None when there is no such job."""
        row = self.conn.execute("SELECT user_id FROM jobs WHERE id = ?", [job_id]).fetchone()
        return None if row is None else row[0]

    def worker_pid(self, job_id: str) -> int | None:
        """The pid of the detached worker running a job, if one was started."""
        row = self.conn.execute("SELECT worker_pid FROM jobs WHERE id = ?", [job_id]).fetchone()
        return None if row is None else row[0]

    def ping(self) -> None:
        """Read one row: raises (sqlite3.OperationalError) when the store cannot be read."""
        self.conn.execute("SELECT 1 FROM jobs LIMIT 1").fetchall()

    def wait_for_locks(self, seconds: float) -> None:
        """Make this connection wait at most ``seconds`` for another process's lock."""
        self.conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    def write_lock_free(self, wait: float) -> bool:
        """Whether the write lock can be had within ``wait`` seconds (taken, nothing written,
        given back at once), on a connection of its own; sqlite3.Error when it cannot open."""
        conn = sqlite3.connect(str(self.path), timeout=wait, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
        except sqlite3.OperationalError as error:
            text = str(error).lower()
            if "locked" in text or "busy" in text:
                return False
            raise
        finally:
            conn.close()
        return True

    def claims(self, status: JobStatus) -> list[tuple[str, int | None, str]]:
        """(id, worker pid, updated_at) of every job in ``status``, oldest job first."""
        rows = self.conn.execute(
            "SELECT id, worker_pid, updated_at FROM jobs WHERE status = ? ORDER BY created_at",
            [status.value],
        ).fetchall()
        return [(job_id, pid, updated_at) for job_id, pid, updated_at in rows]

    # --- leases -------------------------------------------------------------------------

    def hold_lease(
        self, job_id: str, owner: str, *, now: float, until: float, dead: str | None = None
    ) -> bool:
        """Take or renew ``owner``'s lease on a job: it is free, ours, expired before ``now``,
        or held by ``dead`` (an owner known gone); False when the job was cancelled or
        another live owner holds it."""
        with self.immediate() as conn:
            return (
                conn.execute(
                    "UPDATE jobs SET lease_owner = ?, lease_until = ? WHERE id = ? AND status != ?"
                    " AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?"
                    " OR lease_owner = ?)",
                    [owner, until, job_id, JobStatus.CANCELLED.value, owner, now, dead or owner],
                ).rowcount
                == 1
            )

    def release_lease(self, job_id: str, owner: str) -> None:
        """Give ``owner``'s lease up. A job still running then has nobody on it: its lease
        is left expired (not cleared), so the next process that looks ends it at once."""
        with self.immediate() as conn:
            conn.execute(
                "UPDATE jobs SET lease_owner = CASE WHEN status = ? THEN lease_owner END,"
                " lease_until = CASE WHEN status = ? THEN 0 END"
                " WHERE id = ? AND lease_owner = ?",
                [JobStatus.RUNNING.value, JobStatus.RUNNING.value, job_id, owner],
            )

    def lease_of(self, job_id: str) -> tuple[str | None, float | None]:
        """(owner, until) of a job's lease; (None, None) when nobody holds one."""
        row = self.conn.execute(
            "SELECT lease_owner, lease_until FROM jobs WHERE id = ?", [job_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"No job {job_id!r}.")
        return row[0], row[1]

    def expired_leases(self, now: float) -> list[tuple[str, str]]:
        """(job id, owner) of running jobs whose owner stopped renewing before ``now``."""
        rows = self.conn.execute(
            "SELECT id, lease_owner FROM jobs WHERE status = ? AND lease_until < ?"
            " ORDER BY created_at",
            [JobStatus.RUNNING.value, now],
        ).fetchall()
        return [(job_id, owner) for job_id, owner in rows]

    # --- booking requests ---------------------------------------------------------------

    def mark_booking_requested(self, job_id: str, at: str) -> bool:
        """Record a request to book a completed, unbooked plan; False if it is not one.

        The check and the write are one statement: of two requests at once, one records.
        """
        with self.immediate() as conn:
            cur = conn.execute(
                "UPDATE jobs SET booking_requested_at = ? WHERE id = ? AND status = ?"
                " AND itinerary IS NOT NULL AND booking_requested_at IS NULL"
                " AND NOT EXISTS (SELECT 1 FROM bookings WHERE bookings.job_id = jobs.id)",
                [at, job_id, JobStatus.COMPLETED.value],
            )
            return cur.rowcount == 1

    def clear_booking_request(self, job_id: str) -> None:
        """Forget a completed plan's booking request (its booking failed; the user may retry)."""
        with self.immediate() as conn:
            conn.execute(
                "UPDATE jobs SET booking_requested_at = NULL WHERE id = ? AND status = ?",
                [job_id, JobStatus.COMPLETED.value],
            )

    def booking_requests(self) -> list[str]:
        """Completed plans with a booking request not yet run, oldest request first."""
        rows = self.conn.execute(
            "SELECT id FROM jobs WHERE status = ? AND booking_requested_at IS NOT NULL"
            " ORDER BY booking_requested_at",
            [JobStatus.COMPLETED.value],
        ).fetchall()
        return [job_id for (job_id,) in rows]

    # --- events -------------------------------------------------------------------------

    def append_event(
        self,
        job_id: str,
        type: EventType,
        *,
        agent: str | None = None,
        data: dict[str, Any] | None = None,
        progress: Progress | None = None,
    ) -> JobEvent:
        """Append an event with the next seq for its job, atomically across processes; with
        ``progress``, the job's progress document is stored in the same transaction (a
        task_start and the state it reports land together, one commit instead of two)."""
        ts = clock.iso()
        payload = data or {}
        with self.immediate() as conn:
            if progress is not None:
                conn.execute(
                    "UPDATE jobs SET progress = ?, updated_at = ? WHERE id = ?",
                    [_dumps(progress), ts, job_id],
                )
            seq = conn.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE job_id = ?", [job_id]
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO events (job_id, seq, type, agent, data, ts) VALUES (?,?,?,?,?,?)",
                [job_id, seq, type.value, agent, json.dumps(payload, default=str), ts],
            )
            self._announce(conn, job_id)
        return JobEvent(job_id=job_id, seq=seq, type=type, agent=agent, data=payload, ts=ts)

    def _announce(self, conn: Any, job_id: str) -> None:
        """Tell other processes ``job_id`` has a new event, in the event's transaction:
        nothing on SQLite (streams poll the file), a NOTIFY on PostgreSQL."""

    def events(self, job_id: str, *, after: int = 0, limit: int | None = None) -> list[JobEvent]:
        sql = (
            "SELECT seq, type, agent, data, ts FROM events"
            " WHERE job_id = ? AND seq > ? ORDER BY seq"
        )
        params: list[Any] = [job_id, after]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [
            JobEvent(
                job_id=job_id,
                seq=r[0],
                type=EventType(r[1]),
                agent=r[2],
                data=json.loads(r[3]),
                ts=r[4],
            )
            for r in self.conn.execute(sql, params).fetchall()
        ]

    def last_event_ts(self, job_id: str) -> str | None:
        """When the job's latest event was written, or None before its first."""
        row = self.conn.execute("SELECT MAX(ts) FROM events WHERE job_id = ?", [job_id])
        return row.fetchone()[0]

    def count_state_changes(self, job_id: str, state: str) -> int:
        """How many ``state_change`` events with ``data.state == state`` the job has."""
        return self.conn.execute(
            "SELECT count(*) FROM events WHERE job_id = ? AND type = ?"
            " AND json_extract(data, '$.state') = ?",
            [job_id, EventType.STATE_CHANGE.value, state],
        ).fetchone()[0]

    def last_event_rowid(self) -> int:
        """The newest event's rowid over all jobs (0 when there is none): a feed's start."""
        return self.conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM events").fetchone()[0]

    def jobs_with_events_after(self, rowid: int) -> list[tuple[str, int]]:
        """(job id, its newest event's rowid) for each job with an event after ``rowid``."""
        rows = self.conn.execute(
            "SELECT job_id, MAX(rowid) FROM events WHERE rowid > ? GROUP BY job_id", [rowid]
        ).fetchall()
        return [(job_id, last) for job_id, last in rows]

    def last_seq(self, job_id: str) -> int:
        return self.conn.execute(
            "SELECT COALESCE(MAX(seq), 0) FROM events WHERE job_id = ?", [job_id]
        ).fetchone()[0]

    # --- approvals ----------------------------------------------------------------------

    def add_approval(self, job_id: str, kind: ApprovalKind, details: dict[str, Any]) -> Approval:
        approval = Approval(
            id=str(uuid.uuid4()), job_id=job_id, kind=kind, details=details, created_at=clock.iso()
        )
        with self.immediate() as conn:
            conn.execute(
                "INSERT INTO approvals (id, job_id, kind, status, details, created_at)"
                " VALUES (?,?,?,?,?,?)",
                [
                    approval.id,
                    job_id,
                    kind.value,
                    approval.status.value,
                    _dumps(details),
                    approval.created_at,
                ],
            )
        return approval

    def approvals(self, job_id: str) -> list[Approval]:
        rows = self.conn.execute(
            "SELECT id, kind, status, details, notes, created_at, decided_at FROM approvals"
            " WHERE job_id = ? ORDER BY created_at, rowid",
            [job_id],
        ).fetchall()
        return [
            Approval(
                id=r[0],
                job_id=job_id,
                kind=ApprovalKind(r[1]),
                status=ApprovalStatus(r[2]),
                details=_loads(r[3]) or {},
                notes=r[4],
                created_at=r[5],
                decided_at=r[6],
            )
            for r in rows
        ]

    def pending_approval(self, job_id: str) -> Approval | None:
        pending = [a for a in self.approvals(job_id) if a.status is ApprovalStatus.PENDING]
        return pending[0] if pending else None

    def decide_approval(self, approval_id: str, *, approved: bool, notes: str | None) -> bool:
        """Record a decision once; returns False when it was already decided (nothing changes)."""
        status = ApprovalStatus.APPROVED if approved else ApprovalStatus.REJECTED
        with self.immediate() as conn:
            cur = conn.execute(
                "UPDATE approvals SET status = ?, notes = ?, decided_at = ?"
                " WHERE id = ? AND status = 'pending'",
                [status.value, notes, clock.iso(), approval_id],
            )
            return cur.rowcount == 1

    # --- feedback -----------------------------------------------------------------------

    def add_feedback(self, feedback: Feedback, *, user_id: str | None = None) -> Feedback:
        self.status_of(feedback.job_id)  # raises NotFound for an unknown job
        stored = feedback.model_copy(update={"created_at": feedback.created_at or clock.iso()})
        with self.immediate() as conn:
            conn.execute(
                "INSERT INTO feedback (job_id, user_id, rating, comment, helpful_aspects,"
                " improvement_areas, created_at) VALUES (?,?,?,?,?,?,?)",
                [
                    stored.job_id,
                    user_id,
                    stored.rating,
                    stored.comment,
                    _dumps(stored.helpful_aspects),
                    _dumps(stored.improvement_areas),
                    stored.created_at,
                ],
            )
        return stored

    def feedback(self, job_id: str) -> list[Feedback]:
        rows = self.conn.execute(
            "SELECT rating, comment, helpful_aspects, improvement_areas, created_at FROM feedback"
            " WHERE job_id = ? ORDER BY id",
            [job_id],
        ).fetchall()
        return [
            Feedback(
                job_id=job_id,
                rating=r[0],
                comment=r[1],
                helpful_aspects=_loads(r[2]) or [],
                improvement_areas=_loads(r[3]) or [],
                created_at=r[4],
            )
            for r in rows
        ]

    # --- preferences --------------------------------------------------------------------

    def preferences(self, user_id: str) -> dict[str, Any]:
        rows = self.conn.execute(
            "SELECT key, value FROM preferences WHERE user_id = ? ORDER BY key", [user_id]
        ).fetchall()
        out = {}
        for key, value in rows:
            try:
                out[key] = json.loads(value)
            except (TypeError, ValueError):
                raise InvalidValue(
                    f"The stored preference {key!r} of {user_id} is not readable; set it again"
                    f" with `lotara prefs set {key} VALUE --user {user_id}`."
                ) from None
        return out

    def users_with_preferences(self, keys: tuple[str, ...]) -> list[str]:
        """Every user who set at least one of ``keys``, in order."""
        marks = ",".join("?" for _ in keys)
        rows = self.conn.execute(
            f"SELECT DISTINCT user_id FROM preferences WHERE key IN ({marks}) ORDER BY user_id",
            list(keys),
        ).fetchall()
        return [r[0] for r in rows]

    def set_preference(self, user_id: str, key: str, value: Any) -> None:
        with self.immediate() as conn:
            conn.execute(
                "INSERT INTO preferences (user_id, key, value, updated_at) VALUES (?,?,?,?)"
                " ON CONFLICT(user_id, key) DO UPDATE SET value = excluded.value,"
                " updated_at = excluded.updated_at",
                [user_id, key, json.dumps(value), clock.iso()],
            )

    def unset_preference(self, user_id: str, key: str) -> bool:
        with self.immediate() as conn:
            cur = conn.execute(
                "DELETE FROM preferences WHERE user_id = ? AND key = ?", [user_id, key]
            )
            return cur.rowcount == 1

    # --- bookings -----------------------------------------------------------------------

    def add_booking(self, booking: Booking) -> None:
        if booking.amount < 0:
            raise InvalidValue("A booking amount cannot be negative.")
        with self.immediate() as conn:
            conn.execute(
                "INSERT INTO bookings (id, job_id, kind, reference, description, amount, currency,"
                " status, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                [
                    booking.id,
                    booking.job_id,
                    booking.kind,
                    booking.reference,
                    booking.description,
                    booking.amount,
                    booking.currency,
                    booking.status,
                    booking.created_at,
                ],
            )

    def trip_rows(self, user_id: str) -> list[dict[str, Any]]:
        """The raw rows (id, status, request, itinerary, created_at) of a user's own trips:
        every job not made by a proactive trigger."""
        cursor = self.conn.execute(
            "SELECT id, status, request, itinerary, created_at FROM jobs"
            " WHERE user_id = ? AND mode != 'proactive'",
            [user_id],
        )
        cols = [d[0] for d in cursor.description]
        return [dict(zip(cols, values, strict=True)) for values in cursor.fetchall()]

    def booked_amounts(self, job_id: str) -> list[tuple[float, str]]:
        """(amount, currency) of each booking of a job that is not cancelled."""
        rows = self.conn.execute(
            "SELECT amount, currency FROM bookings WHERE job_id = ? AND status != 'cancelled'",
            [job_id],
        ).fetchall()
        return [(amount, currency) for amount, currency in rows]

    def bookings(self, job_id: str) -> list[Booking]:
        rows = self.conn.execute(
            "SELECT id, kind, reference, description, amount, currency, status, created_at"
            " FROM bookings WHERE job_id = ? ORDER BY created_at, rowid",
            [job_id],
        ).fetchall()
        return [
            Booking(
                id=r[0],
                job_id=job_id,
                kind=r[1],
                reference=r[2],
                description=r[3],
                amount=r[4],
                currency=r[5],
                status=r[6],
                created_at=r[7],
            )
            for r in rows
        ]


class PgJobStore(JobStore):
    """``JobStore`` on PostgreSQL; ``conn`` is a ``lotara.jobs.store_pg.PgConnection``."""

    engine = "postgresql"

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self._db = None
        self.path = None
        self.database_url = conn.url
        self._write_lock = threading.RLock()

    @property
    def db(self) -> Any:
        raise InvalidValue("A PostgreSQL store has no sqlite-utils Database.")

    @db.setter
    def db(self, value: Any) -> None:
        raise InvalidValue("A PostgreSQL store has no sqlite-utils Database.")

    @contextmanager
    def immediate(self) -> Iterator[Any]:
        # self.conn is the PgConnection given above, typed as the base class's sqlite3 one.
        with self.conn.transaction() as conn:  # type: ignore[attr-defined]
            yield conn

    def _announce(self, conn: Any, job_id: str) -> None:
        # Delivered at commit, to every LISTENing server (lotara.server.listen), never before
        # the event is readable; identical notices of one transaction arrive once.
        from lotara.jobs.store_pg import EVENTS_CHANNEL

        conn.execute("SELECT pg_notify(?, ?)", [EVENTS_CHANNEL, job_id])


def _or(statuses: set[JobStatus]) -> str:
    return " or ".join(sorted(s.value for s in statuses))
