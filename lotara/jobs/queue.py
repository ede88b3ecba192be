"""On PostgreSQL, work is distributed by procrastinate (a maintained PostgreSQL job queue):
``defer_plan``/``defer_resume``/``defer_booking`` enqueue a job's next step; ``lotara worker``
processes (``run_workers``) run them, on any machine that reaches the database.

What makes a step safe to run again (a worker SIGKILLed mid-step is retried by another):

- each step is deferred with ``queueing_lock`` = its job and step, so a step waits in the
  queue at most once, and with ``lock`` = its job, so two steps of one job never run at once;
- a step reads the job's status first and does nothing when the step already happened (a
  plan that is no longer queued or running, a booking already recorded): no second
  completion, no second booking;
- a worker that stops heartbeating is found by ``retry_stalled`` (a periodic task, once a
  minute across all workers) and its job handed back: the plan restarts from ``queued``.

The proactive pass (``lotara watch run --once``) is a periodic task too, ``watch_pass``:
procrastinate defers one per period (``LOTARA_WATCH_CRON``) whichever workers are up, and
its queueing lock keeps a slow pass from piling up behind itself: one pass at a time
across every host, with no cron line on any of them.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from lotara.errors import InvalidValue, Unavailable
from lotara.jobs import engine
from lotara.jobs.store_pg import MIGRATE_LOCK
from lotara.models import JobStatus

log = logging.getLogger("lotara.worker")
QUEUE = "lotara"
STALLED_AFTER_S = 30.0
WATCH_CRON = "0 * * * *"

_apps: dict[str, Any] = {}
_stores: dict[str, Any] = {}


def app_for(url: str) -> Any:
    """The procrastinate App on ``url`` with lotara's tasks (one per process and URL)."""
    if url in _apps:
        return _apps[url]
    import procrastinate

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=url))

    @app.task(name="lotara.plan", queue=QUEUE, pass_context=True)
    def plan(context: Any, job_id: str) -> None:
        store = _store(url)
        status = store.status_of(job_id)
        if status is JobStatus.RUNNING:  # its worker died mid-plan: take it over from scratch
            store.set_status(job_id, JobStatus.QUEUED, expect=JobStatus.RUNNING)
            status = JobStatus.QUEUED
        if status is not JobStatus.QUEUED:
            log.info("job %s is %s already: nothing to run", job_id[:8], status.value)
            _settle(store, job_id)
            return
        try:
            engine.run_job(store, job_id)
        finally:
            _settle(store, job_id)

    @app.task(name="lotara.resume", queue=QUEUE)
    def resume(job_id: str) -> None:
        store = _store(url)
        if engine.recorded_decision(store, job_id) is None:
            return  # resumed already
        engine.resume(store, job_id)

    @app.task(name="lotara.book", queue=QUEUE)
    def book(job_id: str) -> None:
        store = _store(url)
        if store.bookings(job_id) or job_id not in store.booking_requests():
            return  # booked (or asked for) already: never a second booking
        engine.book(store, job_id)

    @app.periodic(cron="* * * * *", periodic_id="retry-stalled")
    @app.task(name="lotara.retry_stalled", queue=QUEUE, queueing_lock="retry-stalled")
    async def retry_stalled(timestamp: int) -> None:
        manager = app.job_manager
        for job in await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER_S):
            log.warning("retrying %s #%s: its worker stopped", job.task_name, job.id)
            try:
                await manager.retry_job(job)
            except procrastinate.exceptions.UniqueViolation:
                # The same step waits in the queue again already (a server starting
                # deferred what the store said was due): that one runs. This one ends, or
                # its lock would keep the other waiting for ever.
                await manager.finish_job(
                    job, status=procrastinate.jobs.Status.FAILED, delete_job=False
                )

    cron = watch_cron()
    if cron is not None:

        @app.periodic(cron=cron, periodic_id="watch-pass")
        @app.task(
            name="lotara.watch_pass", queue=QUEUE, lock="watch-pass", queueing_lock="watch-pass"
        )
        def watch_pass(timestamp: int) -> None:
            from lotara.proactive.run import run_once

            report = run_once(_store(url))
            log.info(
                "watch pass: %d observations, %d triggers, %d suggestions, %d duplicates",
                report.observations,
                report.triggers,
                len(report.suggestions),
                report.duplicates,
            )

    _apps[url] = app
    return app


def watch_cron() -> str | None:
    """When workers run the proactive pass (``lotara watch run --once``'s, once per period
    across all of them): ``LOTARA_WATCH_CRON``, a cron line, default hourly; ``off``: never
    (cron runs ``lotara watch run --once`` instead)."""
    raw = os.environ.get("LOTARA_WATCH_CRON", "").strip() or WATCH_CRON
    if raw.lower() == "off":
        return None
    from croniter import croniter  # type: ignore[import-untyped, unused-ignore]  # no types

    if not croniter.is_valid(raw):
        raise InvalidValue(
            f"LOTARA_WATCH_CRON must be a cron line like '0 * * * *' or 'off', not {raw!r}."
        )
    return raw


def _store(url: str) -> Any:
    if url not in _stores:
        from lotara.jobs.store import open_store

        _stores[url] = open_store(Path("."), database=url)
    return _stores[url]


def _settle(store: Any, job_id: str) -> None:
    """Finish the suggestion a proactive job was run for (``POST /v1/suggest``), if any."""
    from lotara.errors import LotaraError
    from lotara.proactive import suggestions

    try:
        suggestions.settle_job(store, job_id)
    except LotaraError as error:
        log.info("job %s: suggestion not settled: %s", job_id[:8], error)


def apply_schema(url: str) -> None:
    """Create procrastinate's tables once (several workers may start together)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [MIGRATE_LOCK])
        row = conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
        if row is not None and row[0] is None:
            from procrastinate.schema import SchemaManager

            conn.execute(SchemaManager.get_schema())


_open_lock = threading.Lock()
_opened: set[str] = set()


def _opened_app(url: str) -> Any:
    """``app_for(url)``, opened for deferring once per process (a pool kept until exit)."""
    app = app_for(url)
    with _open_lock:
        if url not in _opened:
            app.open()
            _opened.add(url)
    return app


def close_deferring(url: str) -> None:
    """Close the pool ``_defer`` opened on ``url`` (a server stopping)."""
    with _open_lock:
        if url in _opened:
            _opened.discard(url)
            app_for(url).close()


def _defer(url: str, task: str, job_id: str) -> None:
    import procrastinate.exceptions

    app = _opened_app(url)
    try:
        app.tasks[task].configure(lock=job_id, queueing_lock=f"{task}:{job_id}").defer(
            job_id=job_id
        )
    except procrastinate.exceptions.AlreadyEnqueued:
        pass  # that step already waits in the queue: once is enough
    except Exception as error:  # psycopg's OperationalError, a pool timeout
        raise Unavailable(f"The job queue on the database is unreachable: {error}") from None


def defer_plan(url: str, job_id: str) -> None:
    _defer(url, "lotara.plan", job_id)


def defer_resume(url: str, job_id: str) -> None:
    _defer(url, "lotara.resume", job_id)


def defer_booking(url: str, job_id: str) -> None:
    _defer(url, "lotara.book", job_id)


def depth(store: Any) -> dict[str, int]:
    """Steps waiting (``todo``) and running (``doing``) in the queue, and the workers that
    sent a heartbeat within ``STALLED_AFTER_S``; raises when the queue cannot be read."""
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
    return {
        "todo": int(counts.get("todo", 0)),
        "doing": int(counts.get("doing", 0)),
        "workers": int(workers[0]) if workers else 0,
    }


def defer_waiting(url: str, store: Any) -> int:
    """Queue every step the store says is due (a queued plan, a recorded decision, a booking
    asked for): what a server that stopped between its write and its defer left behind.
    Each is deferred with its queueing lock, so a step already waiting is not doubled."""
    from lotara.jobs.gates import decided_jobs, requested_bookings

    steps = [(defer_plan, j) for j, _, _ in store.claims(JobStatus.QUEUED)]
    steps += [(defer_resume, j) for j in decided_jobs(store)]
    steps += [(defer_booking, j) for j in requested_bookings(store)]
    for defer, job_id in steps:
        defer(url, job_id)
    return len(steps)


def run_workers(url: str, *, concurrency: int) -> None:
    """Run queued steps until SIGTERM/SIGINT; a step cut short is handed back (retried)."""
    apply_schema(url)
    defer_waiting(url, _store(url))
    close_deferring(url)  # the worker opens its own (async) pool
    app_for(url).run_worker(
        queues=[QUEUE],
        concurrency=concurrency,
        update_heartbeat_interval=5.0,
        stalled_worker_timeout=STALLED_AFTER_S,
    )
