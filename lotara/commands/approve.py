"""``lotara approve``: decide on a job waiting for approval and resume it."""

from __future__ import annotations

import typer

from lotara import engine
from lotara.context import Environment


def approve(
    ctx: typer.Context,
    job: str = typer.Argument(..., help="A job id or a unique prefix of one."),
    reject: bool = typer.Option(False, "--reject", help="Reject instead of approving."),
    notes: str | None = typer.Option(None, "--notes", help="Why, for the record."),
) -> None:
    """Approve or reject a job waiting for your decision."""
    env: Environment = ctx.obj
    job_id = env.store.resolve_job_id(job)
    engine.decide(env.store, job_id, approved=not reject, notes=notes)
