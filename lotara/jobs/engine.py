"""The engine: the one way any front end (CLI, cron, server) creates, runs and resumes jobs.

    create_job(store, request)      -> job id, status queued, at once; no planning
    run_job(store, job_id)          -> runs the orchestrator until the job ends or pauses
    record_decision(store, job_id, approved=)
                                    -> stores the decision on the pending gate (durable)
    resume(store, job_id)           -> continues a job from its recorded decision
    decide(store, job_id, approved) -> record_decision + resume (what the CLI does)
    book(store, job_id)             -> puts a completed plan behind the booking gate
    cancel(store, job_id)           -> cancels a job that has not ended
    request_booking(store, job_id)  -> stores a request to book (durable); book runs later
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
from lotara.jobs import leases
from lotara.jobs.events import JobEvents
from lotara.jobs.gates import (
    bookable,
    decided_jobs,
    record_decision,
    recorded_decision,
    request_booking,
    requested_bookings,
)
from lotara.models import ApprovalStatus, EventType, JobStatus, Mode, PlanRequest

__all__ = [
    "book",
    "bookable",
    "cancel",
    "create_job",
    "create_suggestion_job",
    "decide",
    "decided_jobs",
    "record_decision",
    "recorded_decision",
    "request_booking",
    "requested_bookings",
    "resume",
    "resume_async",
    "run_job",
    "run_job_async",
    "spawn_worker",
]

if TYPE_CHECKING:
    from lotara.jobs.events import Listener
    from lotara.jobs.store import JobStore
    from lotara.models import Job


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

    with leases.hold(store, job_id):
        return run(store, job_id, listeners=listeners)


async def run_job_async(
    store: JobStore, job_id: str, *, listeners: list[Listener] | None = None
) -> Job:
    """``run_job`` for callers inside an event loop."""
    from lotara.agents.orchestrator import run_async

    with leases.hold(store, job_id):
        return await run_async(store, job_id, listeners=listeners)


def resume(store: JobStore, job_id: str, *, listeners: list[Listener] | None = None) -> Job:
    """Continue a job from the decision recorded on its gate; Conflict when there is none."""
    decided = recorded_decision(store, job_id)
    if decided is None:
        status = store.status_of(job_id)
        raise Conflict(f"Job {job_id[:8]} is {status.value}; there is no decision to resume from.")
    from lotara.agents.orchestrator import resume as resume_job

    with leases.hold(store, job_id):
        return resume_job(
            store,
            job_id,
            approved=decided.status is ApprovalStatus.APPROVED,
            notes=decided.notes,
            listeners=listeners,
        )


def decide(
    store: JobStore,
    job_id: str,
    *,
    approved: bool,
    notes: str | None = None,
    listeners: list[Listener] | None = None,
) -> Job:
    """Record the decision on the job's pending approval and resume it from stored state.

    A job whose gate already holds the same decision (recorded by a server that stopped
    before resuming) is simply resumed; a different decision is a Conflict.
    """
    decided = recorded_decision(store, job_id)
    if decided is None:
        record_decision(store, job_id, approved=approved, notes=notes)
    elif (decided.status is ApprovalStatus.APPROVED) != approved:
        raise Conflict(
            f"Job {job_id[:8]}'s {decided.kind.value.replace('_', ' ')} was already "
            f"{decided.status.value}; that decision stands."
        )
    return resume(store, job_id, listeners=listeners)


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

    with leases.hold(store, job_id):
        return await resume(store, job_id, approved=approved, notes=notes, listeners=listeners)


def book(store: JobStore, job_id: str, *, listeners: list[Listener] | None = None) -> Job:
    """Ask to book a completed plan: it waits at the booking gate (sandbox holds if approved)."""
    from lotara.agents.orchestrator import book as book_job

    # Another live process booking it keeps it (a Conflict here, its request untouched).
    with leases.hold(store, job_id):
        try:
            return book_job(store, job_id, listeners=listeners)
        except Exception:
            # The plan stays completed and the caller hears why; a restart must not retry
            # it, and the user may ask again. (Reaching the gate cleared the request already.)
            store.clear_booking_request(job_id)
            raise


CANCELLABLE = {JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.AWAITING_APPROVAL}


def cancel(store: JobStore, job_id: str) -> Job:
    """Cancel a job that has not ended: queued, running, or waiting for a decision.

    The job is ``cancelled`` at once, with an ``error`` event (code ``cancelled``) that ends
    its streams; the process running it sees that at its next lease renewal and stops.
    A job that already ended is a Conflict that says how it ended.
    """
    try:
        store.set_status(job_id, JobStatus.CANCELLED, expect=CANCELLABLE)
    except Conflict:
        status = store.status_of(job_id)
        raise Conflict(f"Job {job_id[:8]} is {status.value}; there is nothing to cancel.") from None
    JobEvents(store, job_id).emit(
        EventType.ERROR, data={"code": "cancelled", "message": "Cancelled on request."}
    )
    return store.get_job(job_id)


def spawn_worker(home: Path, job_id: str) -> int:
    """Start ``python -m lotara.jobs.worker JOB`` detached from this process; return its pid."""
    log = open(Path(home) / "worker.log", "ab")  # noqa: SIM115 - handed to the child
    proc = subprocess.Popen(
        [sys.executable, "-m", "lotara.jobs.worker", job_id],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
        env={**os.environ, "LOTARA_HOME": str(home)},
        start_new_session=True,
        close_fds=True,
    )
    log.close()
    return proc.pid
