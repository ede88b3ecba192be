"""The engine: the one way any front end (CLI, cron, server) creates, runs and resumes jobs.

    create_job(store, request)      -> job id, status queued, at once; no planning
    run_job(store, job_id)          -> runs the orchestrator until the job ends or pauses
    record_decision(store, job_id, approved=)
                                    -> stores the decision on the pending gate (durable)
    resume(store, job_id)           -> continues a job from its recorded decision
    decide(store, job_id, approved) -> record_decision + resume (what the CLI does)
    book(store, job_id)             -> puts a completed plan behind the booking gate
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

from lotara import clock
from lotara.errors import Conflict, InvalidValue
from lotara.models import ApprovalStatus, JobStatus, Mode, PlanRequest

if TYPE_CHECKING:
    from lotara.events import Listener
    from lotara.models import Approval, Job
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


def recorded_decision(store: JobStore, job_id: str) -> Approval | None:
    """The decided gate a job waiting for approval has not resumed from yet, if any.

    A job's current gate is its latest approval; once decided (``record_decision``), the job
    stays ``awaiting_approval`` until a resume picks the decision up, in any process.
    """
    if store.status_of(job_id) is not JobStatus.AWAITING_APPROVAL:
        return None
    approvals = store.approvals(job_id)
    if not approvals or approvals[-1].status is ApprovalStatus.PENDING:
        return None
    return approvals[-1]


def decided_jobs(store: JobStore) -> list[str]:
    """Jobs waiting for approval whose gate is decided but not resumed (a restart's work)."""
    rows = store.db.execute(
        "SELECT id FROM jobs WHERE status = ? ORDER BY updated_at",
        [JobStatus.AWAITING_APPROVAL.value],
    ).fetchall()
    return [job_id for (job_id,) in rows if recorded_decision(store, job_id) is not None]


def record_decision(
    store: JobStore, job_id: str, *, approved: bool, notes: str | None = None
) -> Approval:
    """Store the decision on the job's pending gate and return it; the job resumes later.

    Once this returns, the decision survives any crash: ``resume`` (here, in a server's
    background work, or in a server starting after a restart) continues from it.
    """
    status = store.status_of(job_id)
    if status is not JobStatus.AWAITING_APPROVAL:
        raise Conflict(f"Job {job_id[:8]} is {status.value}; there is nothing to approve.")
    pending = store.pending_approval(job_id)
    if pending is None or not store.decide_approval(pending.id, approved=approved, notes=notes):
        decided = recorded_decision(store, job_id)
        if decided is not None:
            raise Conflict(
                f"Job {job_id[:8]}'s {decided.kind.value.replace('_', ' ')} was already "
                f"{decided.status.value}; it resumes from that decision."
            )
        raise Conflict(f"Job {job_id[:8]} is {status.value}; there is nothing to approve.")
    return next(a for a in store.approvals(job_id) if a.id == pending.id)


def resume(store: JobStore, job_id: str, *, listeners: list[Listener] | None = None) -> Job:
    """Continue a job from the decision recorded on its gate; Conflict when there is none."""
    decided = recorded_decision(store, job_id)
    if decided is None:
        status = store.status_of(job_id)
        raise Conflict(f"Job {job_id[:8]} is {status.value}; there is no decision to resume from.")
    from lotara.agents.orchestrator import resume as resume_job

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

    return await resume(store, job_id, approved=approved, notes=notes, listeners=listeners)


def bookable(store: JobStore, job_id: str) -> Job:
    """The job if it is a completed plan with nothing booked yet; ``Conflict`` otherwise.

    Cheap (no ADK): the CLI and the server ask it before they queue or start a booking.
    """
    job = store.get_job(job_id)
    if job.status is not JobStatus.COMPLETED or job.itinerary is None:
        raise Conflict(
            f"Job {job_id[:8]} is {job.status.value}; only a completed plan can be booked."
        )
    if job.bookings:
        raise Conflict(f"Job {job_id[:8]} is already booked ({len(job.bookings)} sandbox holds).")
    over_ok = any(
        a.kind.value == "budget_override" and a.status.value == "approved" for a in job.approvals
    )
    broken = [
        c.name
        for c in job.itinerary.checks
        if c.hard and not c.ok and not (c.name == "budget" and over_ok)
    ]
    if broken:
        raise Conflict(
            f"Job {job_id[:8]} fails its {', '.join(broken)} check(s); a plan that breaks a "
            "promise cannot be booked. Plan again with the request changed."
        )
    return job


def request_booking(store: JobStore, job_id: str) -> str:
    """Store a request to book a completed plan and return when; ``book`` runs it later.

    Once this returns, the request survives any crash: a server starting after a restart
    books every job in ``requested_bookings``. The check and the write are one statement,
    so of two requests at once exactly one records; the other is a Conflict.
    """
    at = clock.iso()
    with store.immediate() as conn:
        cur = conn.execute(
            "UPDATE jobs SET booking_requested_at = ? WHERE id = ? AND status = ?"
            " AND itinerary IS NOT NULL AND booking_requested_at IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM bookings WHERE bookings.job_id = jobs.id)",
            [at, job_id, JobStatus.COMPLETED.value],
        )
        recorded = cur.rowcount == 1
    if not recorded:
        bookable(store, job_id)  # NotFound, or a Conflict that says why
        raise Conflict(f"Job {job_id[:8]} is already being booked; follow it on its stream.")
    return at


def requested_bookings(store: JobStore) -> list[str]:
    """Completed plans with a booking request not yet run (a restart's work)."""
    rows = store.conn.execute(
        "SELECT id FROM jobs WHERE status = ? AND booking_requested_at IS NOT NULL"
        " ORDER BY booking_requested_at",
        [JobStatus.COMPLETED.value],
    ).fetchall()
    return [job_id for (job_id,) in rows]


def book(store: JobStore, job_id: str, *, listeners: list[Listener] | None = None) -> Job:
    """Ask to book a completed plan: it waits at the booking gate (sandbox holds if approved)."""
    from lotara.agents.orchestrator import book as book_job

    try:
        return book_job(store, job_id, listeners=listeners)
    except Exception:
        # The plan stays completed and the caller hears why; a restart must not retry it,
        # and the user may ask again. (Reaching the gate cleared the request already.)
        with store.immediate() as conn:
            conn.execute(
                "UPDATE jobs SET booking_requested_at = NULL WHERE id = ? AND status = ?",
                [job_id, JobStatus.COMPLETED.value],
            )
        raise


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
