"""``lotara cancel``: stop a job that has not ended, wherever it runs."""

from __future__ import annotations

import typer

from lotara.context import Environment


def cancel(
    ctx: typer.Context,
    job: str = typer.Argument(..., help="A job id or a unique prefix of one."),
    as_json: bool = typer.Option(False, "--json", help="Print the job as one JSON document."),
) -> None:
    """Cancel a queued, running or waiting job; the process running it stops."""
    from lotara.jobs import engine

    env: Environment = ctx.obj
    store = env.store
    job_id = store.resolve_job_id(job)
    done = engine.cancel(store, job_id)
    if as_json:
        env.out(done.model_dump_json(indent=2))
    else:
        env.out(f"Job {job_id[:8]} cancelled.")
