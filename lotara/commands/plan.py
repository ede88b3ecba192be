"""``lotara plan``: plan a trip from a sentence, showing the agents at work."""

from __future__ import annotations

from datetime import date
from typing import Any

import typer

from lotara import values
from lotara.context import Environment
from lotara.errors import InvalidValue
from lotara.models import (
    ACCESSIBILITY,
    DIETS,
    INTERESTS,
    STAY_CLASSES,
    TRANSPORT_MODES,
    TRAVEL_CLASSES,
)

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
    currency: str | None = typer.Option(
        None, "--currency", help="ISO 4217 code, e.g. USD (a --budget symbol names one too)."
    ),
    travelers: int | None = typer.Option(None, "--travelers", help="Number of travelers (1-20)."),
    interests: list[str] | None = typer.Option(
        None, "--interest", help=f"Repeatable; one of: {', '.join(INTERESTS)}."
    ),
    one_way: bool = typer.Option(False, "--one-way", help="No journey home."),
    open_jaw: bool = typer.Option(
        False, "--open-jaw", help="Fly home from the last city, not the first."
    ),
    rooms: int | None = typer.Option(None, "--rooms", help="Rooms to book (1-20)."),
    travel_class: str | None = typer.Option(
        None, "--class", help=f"Cabin: {', '.join(TRAVEL_CLASSES)}."
    ),
    stay_class: str | None = typer.Option(
        None, "--stay", help=f"Kind of stay: {', '.join(STAY_CLASSES)}."
    ),
    diets: list[str] | None = typer.Option(
        None, "--diet", help=f"Repeatable; one of: {', '.join(DIETS)}."
    ),
    accessible: list[str] | None = typer.Option(
        None, "--accessible", help=f"Repeatable; one of: {', '.join(ACCESSIBILITY)}."
    ),
    pets: int | None = typer.Option(None, "--pets", help="Pets travelling with you (0-10)."),
    by: list[str] | None = typer.Option(
        None, "--by", help=f"Travel only by these; repeatable: {', '.join(TRANSPORT_MODES)}."
    ),
    avoid: list[str] | None = typer.Option(
        None, "--avoid", help=f"Never travel by; repeatable: {', '.join(TRANSPORT_MODES)}."
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
    if one_way and open_jaw:
        raise InvalidValue("Choose one of --one-way and --open-jaw.")
    amount, budget_currency = parse_budget_money(budget)
    constraints = PlanConstraints(
        departure_city=_text("--from", origin),
        destinations=[_place("--to", d) for d in destinations] if destinations else None,
        start_date=parse_start(start),
        duration_days=_bounded("--days", days, 1, 60),
        budget=amount,
        currency=parse_currency(currency) or budget_currency,
        travelers=_bounded("--travelers", travelers, 1, 20),
        interests=[parse_interest(i) for i in interests] if interests else None,
        book=True if book else None,
        trip_type="one_way" if one_way else "open_jaw" if open_jaw else None,
        rooms=_bounded("--rooms", rooms, 1, 20),
        travel_class=_one("--class", travel_class, TRAVEL_CLASSES),
        stay_class=_one("--stay", stay_class, STAY_CLASSES),
        diets=[_one("--diet", d, DIETS) for d in diets] if diets else None,
        accessibility=[_one("--accessible", a, ACCESSIBILITY) for a in accessible]
        if accessible
        else None,
        pets=_bounded("--pets", pets, 0, 10),
        transport_modes=[_one("--by", m, TRANSPORT_MODES) for m in by] if by else None,
        avoid_transport=[_one("--avoid", m, TRANSPORT_MODES) for m in avoid] if avoid else None,
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
    """A budget such as ``3000``, ``$3,000``, ``2.5k``, ``€900`` or ``1.5 lakh``."""
    return parse_budget_money(value)[0]


def parse_budget_money(value: str | None) -> tuple[float | None, str | None]:
    """The amount and the currency its symbol or code names (``€900`` is EUR), if any."""
    if value is None:
        return None, None
    from lotara.world.money import parse_money

    if value.strip().startswith("-"):
        raise InvalidValue(f"The budget cannot be negative ({value}).")
    try:
        number, currency = parse_money(value)
    except InvalidValue:
        raise InvalidValue(
            f"--budget must be an amount such as 3000, 2.5k or €900, not {value!r}."
        ) from None
    return values.amount("--budget", number), currency


def parse_currency(value: str | None) -> str | None:
    if value is None:
        return None
    from lotara.world.money import ISO_4217

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


def _one(option: str, value: str | None, options: tuple[str, ...]) -> Any:
    """``value`` as one of ``options`` ("gluten-free" is gluten_free), or one clear sentence."""
    if value is None:
        return None
    word = value.strip().lower().replace("-", "_").replace(" ", "_")
    word = {"premium": "premium_economy", "car": "car_hire", "plane": "flight", "fly": "flight",
            "flights": "flight", "trains": "train", "wheelchair_user": "wheelchair",
            "step_free_access": "step_free", "mid_range": "midrange"}.get(word, word)  # fmt: skip
    by_key = {o.replace("-", "_"): o for o in options}
    if word not in by_key:
        raise InvalidValue(f"{option} must be one of: {', '.join(options)}; not {value!r}.")
    return by_key[word]


def _bounded(option: str, value: int | None, low: int, high: int) -> int | None:
    if value is not None and not low <= value <= high:
        raise InvalidValue(f"{option} must be a whole number from {low} to {high}, not {value}.")
    return value


def _text(option: str, value: str | None) -> str | None:
    return None if value is None else _place(option, value)


def _place(option: str, value: str) -> str:
    text = value.strip()
    if not text or len(text) > 100:
        raise InvalidValue(f"{option} needs a place name or IATA code, not {value!r}.")
    return text
