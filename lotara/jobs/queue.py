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
"""

from __future__ import annotations

import logging
from typing import Any

from lotara.jobs import engine
from lotara.jobs.store_pg import MIGRATE_LOCK
from lotara.models import JobStatus

log = logging.getLogger("lotara.worker")
QUEUE = "lotara"
STALLED_AFTER_S = 30.0

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
            return
        engine.run_job(store, job_id)

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
            await manager.retry_job(job)

    _apps[url] = app
    return app


def _store(url: str) -> Any:
    if url not in _stores:
        from lotara.jobs.store import open_store

        _stores[url] = open_store(".", database=url)
    return _stores[url]


def apply_schema(url: str) -> None:
    """Create procrastinate's tables once (several workers may start together)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [MIGRATE_LOCK])
        row = conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
        if row is not None and row[0] is None:
            from procrastinate.schema import SchemaManager

            conn.execute(SchemaManager.get_schema())


def _defer(url: str, task: str, job_id: str) -> None:
    import procrastinate.exceptions

    app = app_for(url)
    with app.open():
        try:
            app.tasks[task].configure(lock=job_id, queueing_lock=f"{task}:{job_id}").defer(
                job_id=job_id
            )
        except procrastinate.exceptions.AlreadyEnqueued:
            pass  # that step already waits in the queue: once is enough


def defer_plan(url: str, job_id: str) -> None:
    _defer(url, "lotara.plan", job_id)


def defer_resume(url: str, job_id: str) -> None:
    _defer(url, "lotara.resume", job_id)


def defer_booking(url: str, job_id: str) -> None:
    _defer(url, "lotara.book", job_id)


def run_workers(url: str, *, concurrency: int) -> None:
    """Run queued steps until SIGTERM/SIGINT; a step cut short is handed back (retried)."""
    apply_schema(url)
    app = app_for(url)
    with app.open():
        app.run_worker(
            queues=[QUEUE],
            concurrency=concurrency,
            update_heartbeat_interval=5.0,
            stalled_worker_timeout=STALLED_AFTER_S,
        )
