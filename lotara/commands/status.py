"""``lotara status``: recent jobs, or one job in full."""

from __future__ import annotations

import json

import typer

from lotara.context import Environment


def status(
    ctx: typer.Context,
    job: str | None = typer.Argument(None, help="A job id or a unique prefix of one."),
    user: str | None = typer.Option(None, "--user", "-u", help="Whose jobs (default: you)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=1000, help="How many jobs."),
) -> None:
    """Show recent jobs, or one job in full."""
    env: Environment = ctx.obj
    store = env.store
    if job:
        doc = store.get_job(store.resolve_job_id(job))
        env.out(doc.model_dump_json(indent=2) if as_json else f"{doc.job_id}  {doc.status.value}")
        return
    jobs = store.list_jobs(user_id=user or env.user, limit=limit)
    if as_json:
        env.out(json.dumps([j.model_dump(mode="json") for j in jobs], indent=2))
        return
    if not jobs:
        env.out('No jobs yet. Start one with `lotara plan "..."`.')
    for j in jobs:
        env.out(f"{j.job_id[:8]}  {j.created_at[:16]}  {j.status.value:<17}  {j.query[:60]}")
