"""``lotara feedback``: rate a planned trip, with tags on what helped and what to improve."""

from __future__ import annotations

import typer

from lotara.context import Environment
from lotara.errors import InvalidValue
from lotara.models import FEEDBACK_TAGS

TAG_HELP = f"Repeatable; one of: {', '.join(FEEDBACK_TAGS)}."


def feedback(
    ctx: typer.Context,
    job: str = typer.Argument(..., help="A job id or a unique prefix of one."),
    rating: int = typer.Option(..., "--rating", "-r", help="1 (poor) to 5 (great)."),
    comment: str | None = typer.Option(None, "--comment", "-c", help="What you thought."),
    helpful: list[str] | None = typer.Option(None, "--helpful", help="What helped. " + TAG_HELP),
    improve: list[str] | None = typer.Option(
        None, "--improve", help="What to improve. " + TAG_HELP
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the stored feedback as JSON."),
) -> None:
    """Rate a planned trip."""
    from lotara.models import Feedback

    env: Environment = ctx.obj
    if not 1 <= rating <= 5:
        raise InvalidValue(f"A rating is a whole number from 1 to 5, not {rating}.")
    if comment is not None and len(comment) > 5000:
        raise InvalidValue("The comment is too long; keep it under 5,000 characters.")
    job_id = env.store.resolve_job_id(job)
    stored = env.store.add_feedback(
        Feedback(
            job_id=job_id,
            rating=rating,
            comment=comment.strip() if comment and comment.strip() else None,
            helpful_aspects=_tags("--helpful", helpful),
            improvement_areas=_tags("--improve", improve),
        ),
        user_id=env.user,
    )
    from lotara.tracing import log_feedback  # sends only when Opik is configured

    log_feedback(env.store, stored, user_id=env.user)
    if as_json:
        env.out(stored.model_dump_json(indent=2))
        return
    env.err(f"Thanks: rated job {job_id[:8]} {rating}/5. `lotara status {job_id[:8]}` shows it.")


def _tags(option: str, values: list[str] | None) -> list[str]:
    """The tags given, checked against the vocabulary, deduplicated in order."""
    tags: list[str] = []
    for value in values or []:
        tag = value.strip().lower().replace("-", "_").replace(" ", "_")
        if tag not in FEEDBACK_TAGS:
            import difflib

            close = difflib.get_close_matches(tag, FEEDBACK_TAGS, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise InvalidValue(
                f"Unknown {option} tag {value!r}; {hint}choose from {', '.join(FEEDBACK_TAGS)}."
            )
        if tag not in tags:
            tags.append(tag)
    return tags
