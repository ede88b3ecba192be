"""How a run ends: the job's status moves and the events that say so.

A run ends completed (``complete`` is its last event), paused at a gate (``state_change``
to awaiting_approval, then ``approval_required``), rejected (``complete`` with status
rejected) or failed (``error`` with a code and one sentence). Status moves follow
``models.ALLOWED_TRANSITIONS``; a job another process already finished is left as it is.
"""

from __future__ import annotations

import asyncio
from typing import Any

from lotara.agents.run import Run
from lotara.errors import Conflict, IllegalTransition, LotaraError
from lotara.models import ApprovalKind, EventType, JobError, JobStatus


def move(run: Run, to: JobStatus, *, expect: JobStatus, error: JobError | None = None) -> None:
    """Move the job from ``expect`` to ``to``, keep its progress, and emit the state_change."""
    run.store.set_status(run.job_id, to, expect=expect, error=error)
    run.emit(
        EventType.STATE_CHANGE,
        progress=run.advance(state=to.value),
        **{"from": expect.value, "to": to.value, "current_state": to.value},
    )


def settle(run: Run, *, was: JobStatus) -> None:
    """After the runner returns: pause at the pending gate, or complete."""
    if run.pending is not None:
        pause(run, was=was)
        return
    it = run.store.get_job(run.job_id).itinerary
    if it is None:
        raise RuntimeError("the workflow ended without an itinerary")
    bad = [c for c in it.checks if c.hard and not c.ok]
    if override_approved(run):
        bad = [c for c in bad if c.name != "budget"]  # the traveller chose to go over it
    if bad:
        note = "Not every check passes: " + "; ".join(f"{c.name}: {c.detail}" for c in bad)
        if note not in it.notes:
            it.notes = [n for n in it.notes if not n.startswith("Not every check passes")]
            it.notes.insert(0, note)  # at the top of the plan, not under it
            run.save(itinerary=it)
    move(run, JobStatus.COMPLETED, expect=was)
    failures: dict[str, Any] = {"failed_checks": [c.name for c in bad]} if bad else {}
    run.emit(
        EventType.COMPLETE,
        status="completed",
        total=it.cost.total,
        currency=it.cost.currency,
        **failures,
    )


def override_approved(run: Run) -> bool:
    return any(
        a.kind.value == "budget_override" and a.status.value == "approved"
        for a in run.store.approvals(run.job_id)
    )


def pause(run: Run, *, was: JobStatus) -> None:
    assert run.pending is not None
    approval = run.pending.approval
    move(run, JobStatus.AWAITING_APPROVAL, expect=was)
    run.emit(
        EventType.APPROVAL_REQUIRED,
        approval_id=approval.id,
        kind=approval.kind.value,
        reason=run.pending.reason,
        details=approval.details,
    )


def reject(run: Run) -> None:
    """End a rejected gate: the job is rejected, unless only the booking was declined."""
    job = run.store.get_job(run.job_id)
    it = job.itinerary
    gate = job.approvals[-1] if job.approvals else None
    if gate is not None and gate.kind is ApprovalKind.BOOKING and it is not None:
        # Declining to book is not declining the trip: the plan stays, with nothing held.
        move(run, JobStatus.COMPLETED, expect=JobStatus.AWAITING_APPROVAL)
        run.emit(
            EventType.COMPLETE,
            status="completed",
            booking="declined",
            total=it.cost.total,
            currency=it.cost.currency,
        )
        return
    move(run, JobStatus.REJECTED, expect=JobStatus.AWAITING_APPROVAL)
    run.emit(
        EventType.COMPLETE,
        status="rejected",
        total=it.cost.total if it else None,
        currency=it.cost.currency if it else None,
    )


def fail(run: Run, error: BaseException, *, was: JobStatus) -> None:
    """Fail the job on ``error`` (one clear sentence), unless the process is being stopped."""
    if isinstance(error, KeyboardInterrupt | SystemExit | asyncio.CancelledError):
        raise error  # the caller (Ctrl-C, a server shutting down) decides what the job becomes
    if isinstance(error, LotaraError):
        failure = JobError(code=error.code, message=error.message)
    else:
        detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
        failure = JobError(
            code="internal",
            message=f"Planning stopped on an unexpected {type(error).__name__}"
            + (f": {detail}" if detail else "")
            + ". This is a bug in lotara; the job's events show where it stopped.",
        )
    try:
        move(run, JobStatus.FAILED, expect=was, error=failure)
    except (Conflict, IllegalTransition):
        current = run.store.status_of(run.job_id)
        if current.is_final:
            return
        run.store.set_status(run.job_id, JobStatus.FAILED, error=failure)
    run.emit(EventType.ERROR, agent=run.failed_agent, code=failure.code, message=failure.message)
