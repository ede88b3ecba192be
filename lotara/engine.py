"""The engine: the one way any front end (CLI, cron, server) creates, runs and resumes jobs.

    create_job(store, request)      -> job id, status queued, at once; no planning
    run_job(store, job_id)          -> runs the orchestrator until the job ends or pauses
    decide(store, job_id, approved) -> records an approval decision and resumes the job
    book(store, job_id)             -> puts a completed plan behind the booking gate
    create_suggestion_job(store, user_id=, trigger_type=, context=)
                                    -> a queued proactive job for a trigger
    spawn_worker(home, job_id)      -> runs a job in a background process that outlives us

``run_job_async`` and ``resume_async`` are the same for callers that already run an event loop.

Nothing here imports google.adk at module level: the orchestrator is imported when a job
actually runs, so creating jobs and reading them stays fast.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lotara.errors import Conflict, InvalidValue
from lotara.models import JobStatus, Mode, PlanRequest

if TYPE_CHECKING:
    from lotara.events import Listener
    from lotara.models import Job
    from lotara.store import JobStore


def create_job(store: JobStore, request: PlanRequest, *, mode: Mode = Mode.REACTIVE) -> str:
    """Store a queued job for ``request`` and return its id; the plan runs later."""
    return store.create_job(
        user_id=request.user_id,
        query=request.query,
        mode=mode,
        model=_model_for(store, request.user_id, request.model),
        constraints=request.constraints,
    )


def _model_for(store: JobStore, user_id: str, model: str | None) -> str:
    """The job's model: asked for, else LOTARA_MODEL, else the user's 'model' pref, else offline."""
    chosen = model or os.environ.get("LOTARA_MODEL")
    if not chosen:
        pref = store.preferences(user_id).get("model")
        chosen = pref if isinstance(pref, str) else None
    return (chosen or "offline").strip() or "offline"


def create_suggestion_job(
    store: JobStore,
    *,
    user_id: str,
    trigger_type: str,
    context: dict[str, Any],
    model: str | None = None,
) -> str:
    """Store a queued proactive job for a trigger (price_drop, calendar_gap, budget_surplus)."""
    from lotara.models import TriggerType

    try:
        kind = TriggerType(trigger_type)
    except ValueError:
        raise InvalidValue(
            f"Unknown trigger type {trigger_type!r}; use price_drop, calendar_gap or "
            "budget_surplus."
        ) from None
    return store.create_job(
        user_id=user_id,
        query=f"Suggest a trip: {kind.value.replace('_', ' ')}",
        mode=Mode.PROACTIVE,
        model=_model_for(store, user_id, model),
        trigger={"type": kind.value, "context": dict(context)},
    )


def run_job(store: JobStore, job_id: str, *, listeners: list[Listener] | None = None) -> Job:
    """Run a queued job to its end or its next approval gate; return the job document."""
    from lotara.agents.orchestrator import run

    return run(store, job_id, listeners=listeners)


async def run_job_async(
    store: JobStore, job_id: str, *, listeners: list[Listener] | None = None
) -> Job:
    """``run_job`` for callers inside an event loop."""
    from lotara.agents.orchestrator import run_async

    return await run_async(store, job_id, listeners=listeners)


def decide(
    store: JobStore,
    job_id: str,
    *,
    approved: bool,
    notes: str | None = None,
    listeners: list[Listener] | None = None,
) -> Job:
    """Record the decision on the job's pending approval and resume it from stored state."""
    if store.status_of(job_id) is not JobStatus.AWAITING_APPROVAL:
        job = store.get_job(job_id)
        raise Conflict(f"Job {job_id[:8]} is {job.status.value}; there is nothing to approve.")
    from lotara.agents.orchestrator import resume

    return resume(store, job_id, approved=approved, notes=notes, listeners=listeners)


async def resume_async(
    store: JobStore,
    job_id: str,
    *,
    approved: bool,
    notes: str | None = None,
    listeners: list[Listener] | None = None,
) -> Job:
    """``decide`` for callers inside an event loop."""
    from lotara.agents.orchestrator import resume_async as resume

    return await resume(store, job_id, approved=approved, notes=notes, listeners=listeners)


def book(store: JobStore, job_id: str, *, listeners: list[Listener] | None = None) -> Job:
    """Ask to book a completed plan: it waits at the booking gate (sandbox holds if approved)."""
    from lotara.agents.orchestrator import book as book_job

    return book_job(store, job_id, listeners=listeners)


def spawn_worker(home: Path, job_id: str) -> int:
    """Start ``python -m lotara.worker JOB`` detached from this process; return its pid."""
    log = open(Path(home) / "worker.log", "ab")  # noqa: SIM115 - handed to the child
    proc = subprocess.Popen(
        [sys.executable, "-m", "lotara.worker", job_id],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
        env={**os.environ, "LOTARA_HOME": str(home)},
        start_new_session=True,
        close_fds=True,
    )
    log.close()
    return proc.pid
