"""The gates a job waits at, as stored: recorded decisions and booking requests.

A decision or a booking request is durable the moment it is stored; a job resumes from it
later, in any process (``lotara.jobs.engine`` runs it). Nothing here runs the orchestrator,
so the orchestrator and the server may ask these questions without importing the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lotara import clock
from lotara.errors import Conflict
from lotara.models import ApprovalStatus, JobStatus

if TYPE_CHECKING:
    from lotara.jobs.store import JobStore
    from lotara.models import Approval, Job


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
    waiting = store.jobs_with_status(JobStatus.AWAITING_APPROVAL, order="updated_at")
    return [job_id for job_id in waiting if recorded_decision(store, job_id) is not None]


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
    if not store.mark_booking_requested(job_id, at):
        bookable(store, job_id)  # NotFound, or a Conflict that says why
        raise Conflict(f"Job {job_id[:8]} is already being booked; follow it on its stream.")
    return at


def requested_bookings(store: JobStore) -> list[str]:
    """Completed plans with a booking request not yet run (a restart's work)."""
    return store.booking_requests()
