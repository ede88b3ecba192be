"""``lotara feedback``: rate a planned trip."""

from __future__ import annotations

import typer

from lotara.context import Environment
from lotara.models import Feedback


def feedback(
    ctx: typer.Context,
    job: str = typer.Argument(..., help="A job id or a unique prefix of one."),
    rating: int = typer.Option(..., "--rating", "-r", min=1, max=5, help="1 (poor) to 5 (great)."),
    comment: str | None = typer.Option(None, "--comment", "-c", help="What you thought."),
) -> None:
    """Rate a planned trip."""
    env: Environment = ctx.obj
    job_id = env.store.resolve_job_id(job)
    env.store.add_feedback(
        Feedback(job_id=job_id, rating=rating, comment=comment), user_id=env.user
    )
    env.err(f"Thanks: rated {rating}/5.")
