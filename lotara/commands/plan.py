"""``lotara plan``: plan a trip from a sentence, showing the agents at work."""

from __future__ import annotations

import re
from datetime import date

import typer

from lotara import values
from lotara.context import Environment
from lotara.errors import InvalidValue
from lotara.models import INTERESTS

MAX_QUERY = 2000


def plan(
    ctx: typer.Context,
    query: str = typer.Argument(..., help='What you want, e.g. "5 days in Tokyo from LAX".'),
    origin: str | None = typer.Option(
        None, "--from", help="Where you leave from: an IATA code or a city."
    ),
    destinations: list[str] | None = typer.Option(
        None, "--to", help="A destination city; repeat for several, in order."
    ),
    start: str | None = typer.Option(None, "--start", help="First day of the trip, YYYY-MM-DD."),
    days: int | None = typer.Option(None, "--days", help="How many days (1-60)."),
    budget: str | None = typer.Option(
        None, "--budget", help="Total budget for the party, e.g. 3000 or 2.5k."
    ),
    currency: str | None = typer.Option(None, "--currency", help="ISO 4217 code, e.g. USD."),
    travelers: int | None = typer.Option(None, "--travelers", help="How many travel (1-20)."),
    interests: list[str] | None = typer.Option(
        None, "--interest", help=f"Repeatable; one of: {', '.join(INTERESTS)}."
    ),
    user: str | None = typer.Option(None, "--user", "-u", help="Plan as this user."),
    model: str | None = typer.Option(
        None, "--model", help="offline (default), a Gemini model, or a LiteLLM model id."
    ),
    book: bool = typer.Option(
        False, "--book", help="Hold the bookings too (sandbox); asks for approval first."
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Approve any approval gate."),
    as_json: bool = typer.Option(False, "--json", help="Print the job as one JSON document."),
    events: bool = typer.Option(False, "--events", help="Print each job event as a JSON line."),
    detach: bool = typer.Option(
        False, "--detach", help="Run in the background; print the job id and return."
    ),
) -> None:
    """Plan a trip from a sentence, offline by default."""
    from lotara.jobs import engine
    from lotara.models import PlanConstraints, PlanRequest
    from lotara.ui.progress import drive, finish, pick_mode

    env: Environment = ctx.obj
    if as_json and events:
        raise InvalidValue("Choose one of --json and --events.")
    constraints = PlanConstraints(
        departure_city=_text("--from", origin),
        destinations=[_text("--to", d) for d in destinations] if destinations else None,
        start_date=parse_start(start),
        duration_days=_bounded("--days", days, 1, 60),
        budget=parse_budget(budget),
        currency=parse_currency(currency),
        travelers=_bounded("--travelers", travelers, 1, 20),
        interests=[parse_interest(i) for i in interests] if interests else None,
        book=True if book else None,
    )
    request = PlanRequest(
        user_id=(user or env.user).strip() or env.user,
        query=check_query(query),
        constraints=constraints,
        model=model.strip() if model and model.strip() else None,
    )
    store = env.store
    job_id = engine.create_job(store, request)
    if detach:
        pid = engine.spawn_worker(env.home, job_id)
        # Claimed by a live process: a server starting now leaves it to the worker, and
        # `status --follow` can tell a worker that died from one still at work.
        store.update_job(job_id, worker_pid=pid)
        if as_json:
            env.out(store.get_job(job_id).model_dump_json(indent=2))
        else:
            env.out(job_id)
        env.err(f"Started in the background. Follow it with `lotara status {job_id[:8]} --follow`.")
        return
    mode = pick_mode(env, as_json=as_json, events=events)
    if mode == "plain":
        env.err(f"lotara: planning job {job_id[:8]}")
    job = drive(
        env,
        job_id,
        lambda listeners: engine.run_job(store, job_id, listeners=listeners),
        mode=mode,
        yes=yes,
        query=request.query,
    )
    finish(env, job, mode=mode)


def check_query(query: str) -> str:
    """The query, stripped, or one sentence on why it cannot be planned."""
    text = values.text("The query", query).strip()
    if not text:
        raise InvalidValue(
            'The query is empty: say where you want to go, e.g. "5 days in Tokyo from LAX".'
        )
    if len(text) > MAX_QUERY:
        raise InvalidValue(
            f"The query is {len(text):,} characters long; keep it under {MAX_QUERY:,}."
        )
    return text


def parse_start(value: str | None) -> date | None:
    """A start date from ``--start``; it must be an ISO date, today or later."""
    if value is None:
        return None
    from lotara import clock

    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidValue(f"--start must be a date like 2027-04-10, not {value!r}.") from None
    return values.day_ahead("The start date", day, clock.today())


def parse_budget(value: str | None) -> float | None:
    """A budget such as ``3000``, ``$3,000`` or ``2.5k``; never negative."""
    if value is None:
        return None
    text = value.strip().lower().replace(",", "").replace("_", "")
    match = re.fullmatch(r"[$€£¥₹]?\s*(-?\d+(?:\.\d+)?)\s*(k?)", text)
    if match is None:
        raise InvalidValue(f"--budget must be an amount such as 3000 or 2.5k, not {value!r}.")
    amount = float(match.group(1)) * (1000 if match.group(2) else 1)
    if amount < 0:
        raise InvalidValue(f"The budget cannot be negative ({value}).")
    return values.amount("--budget", amount)


def parse_currency(value: str | None) -> str | None:
    if value is None:
        return None
    from lotara.prefs import ISO_4217

    code = value.strip().upper()
    if code not in ISO_4217:
        raise InvalidValue(f"{value!r} is not an ISO 4217 currency code (try USD, EUR, JPY).")
    return code


def parse_interest(value: str) -> str:
    word = value.strip().lower()
    if word not in INTERESTS:
        import difflib

        close = difflib.get_close_matches(word, INTERESTS, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise InvalidValue(f"Unknown interest {value!r}; {hint}choose from {', '.join(INTERESTS)}.")
    return word


def _bounded(option: str, value: int | None, low: int, high: int) -> int | None:
    if value is not None and not low <= value <= high:
        raise InvalidValue(f"{option} must be a whole number from {low} to {high}, not {value}.")
    return value


def _text(option: str, value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    if not text or len(text) > 100:
        raise InvalidValue(f"{option} needs a place name or IATA code, not {value!r}.")
    return text
