"""``lotara book``: take a completed plan to the booking gate, and hold it once approved."""

from __future__ import annotations

import typer

from lotara.context import Environment
from lotara.errors import InvalidValue


def book(
    ctx: typer.Context,
    job: str = typer.Argument(..., help="A job id or a unique prefix of one."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Approve the booking without asking."),
    as_json: bool = typer.Option(False, "--json", help="Print the job as one JSON document."),
    events: bool = typer.Option(False, "--events", help="Print each job event as a JSON line."),
) -> None:
    """Book a completed plan (sandbox holds, never a purchase); asks first."""
    from lotara.jobs import engine
    from lotara.ui.progress import drive, finish, pick_mode

    env: Environment = ctx.obj
    if as_json and events:
        raise InvalidValue("Choose one of --json and --events.")
    store = env.store
    job_id = store.resolve_job_id(job)
    current = engine.bookable(store, job_id)  # a wrong job is one sentence before ADK loads
    mode = pick_mode(env, as_json=as_json, events=events)
    if mode in {"live", "plain"}:
        env.err(f"Booking job {job_id[:8]}.")
    result = drive(
        env,
        job_id,
        lambda listeners: engine.book(store, job_id, listeners=listeners),
        mode=mode,
        yes=yes,
        query=current.query,
    )
    finish(env, result, mode=mode, hints=False)
