"""``lotara approve``: decide on a job waiting for approval and resume it here."""

from __future__ import annotations

import typer

from lotara.context import Environment
from lotara.errors import Conflict
from lotara.models import JobStatus


def approve(
    ctx: typer.Context,
    job: str = typer.Argument(..., help="A job id or a unique prefix of one."),
    reject: bool = typer.Option(False, "--reject", help="Reject instead of approving."),
    notes: str | None = typer.Option(None, "--notes", help="Why, for the record."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Approve any later gate of this job."),
    as_json: bool = typer.Option(False, "--json", help="Print the job as one JSON document."),
    events: bool = typer.Option(False, "--events", help="Print each job event as a JSON line."),
) -> None:
    """Approve or reject a job waiting for your decision."""
    from lotara.jobs import engine
    from lotara.ui.progress import drive, finish, pick_mode

    env: Environment = ctx.obj
    store = env.store
    job_id = store.resolve_job_id(job)
    current = store.status_of(job_id)
    if current is not JobStatus.AWAITING_APPROVAL:
        # Approving twice lands here the second time: nothing changes.
        raise Conflict(f"Job {job_id[:8]} is {current.value}; there is nothing to approve.")
    mode = pick_mode(env, as_json=as_json, events=events)
    verb = "Rejecting" if reject else "Approving"
    if mode in {"live", "plain"}:
        env.err(f"{verb} job {job_id[:8]}.")
    result = drive(
        env,
        job_id,
        lambda listeners: engine.decide(
            store, job_id, approved=not reject, notes=notes, listeners=listeners
        ),
        mode=mode,
        yes=yes,
        query=store.get_job(job_id).query,
    )
    finish(env, result, mode=mode)
