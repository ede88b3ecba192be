"""``lotara watch``: price watches, and trip suggestions when an opportunity shows up.

    watch add ORIGIN DEST --date D | --month M [--below P | --drop 15%]
    watch list [--json]          latest fare, baseline and a sparkline of each watch
    watch remove ID              a unique prefix of the id is enough
    watch run --once [--json]    one pass for cron; without --once, a pass every --interval
    watch trigger TYPE --context JSON   the same workflow for a trigger noticed elsewhere

``watch run`` exits 0 when the pass worked (whether or not anything fired), 1 when a part of
it failed (reported on stderr; the rest still ran), 5 when a notification could not be
delivered yet (it is retried on the next run), 2 for bad options.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from lotara.context import Environment
from lotara.errors import ExitCode, InvalidValue, LotaraError
from lotara.words import counted

app = typer.Typer(no_args_is_help=True)

UserOption = typer.Option(None, "--user", "-u", help="Whose watches (default: $LOTARA_USER).")
JsonOption = typer.Option(False, "--json", help="Print JSON for machines, nothing else.")


def _money(amount: float | None, currency: str | None) -> str:
    from lotara.world.money import format_money

    if currency is None and amount is not None:
        return f"{amount:,.0f}"
    return format_money(amount, currency, whole=True, symbol=False)


def _watch_document(store: Any, watch: Any) -> dict[str, Any]:
    from lotara.proactive import watches

    seen = watches.history(store, watch.id, limit=100)
    latest = seen[-1] if seen else None
    threshold = watch.threshold
    return {
        "id": watch.id,
        "user_id": watch.user_id,
        "origin": watch.origin,
        "destination": watch.destination,
        "travel_date": watch.travel_date.isoformat() if watch.travel_date else None,
        "travel_month": watch.travel_month,
        "below": watch.below,
        "drop_pct": watch.drop_pct,
        "travelers": watch.travelers,
        "currency": watch.currency,
        "baseline": watch.baseline,
        "threshold": round(threshold, 2) if threshold is not None else None,
        "latest_price": latest.price if latest else None,
        "latest_travel_date": latest.travel_date.isoformat() if latest else None,
        "latest_observed_at": latest.observed_at if latest else None,
        "history": [{"observed_at": o.observed_at, "price": o.price} for o in seen],
        "active": watch.active,
        "created_at": watch.created_at,
    }


@app.command("add")
def add(
    ctx: typer.Context,
    origin: str = typer.Argument(..., help="Where you leave from: an IATA code or a city."),
    destination: str = typer.Argument(..., help="Where you fly to: an IATA code or a city."),
    day: str | None = typer.Option(None, "--date", help="The travel date, YYYY-MM-DD."),
    month: str | None = typer.Option(None, "--month", help="Any day of a month, YYYY-MM."),
    below: float | None = typer.Option(None, "--below", help="Fire at or below this fare."),
    drop: str | None = typer.Option(
        None, "--drop", help="Fire when the fare falls this far below the first one (15%)."
    ),
    travelers: int | None = typer.Option(None, "--travelers", help="Number of travelers (1-20)."),
    currency: str | None = typer.Option(None, "--currency", help="ISO 4217 code, e.g. USD."),
    user: str | None = UserOption,
    as_json: bool = JsonOption,
) -> None:
    """Watch the fare of a route on a date or in a month."""
    from lotara import clock
    from lotara.prefs import ISO_4217
    from lotara.proactive import watches
    from lotara.world.provider import default_provider

    env: Environment = ctx.obj
    user = user or env.user
    prefs = env.store.preferences(user)
    travel_date = watches.parse_day(day) if day is not None else None
    travel_month = watches.parse_month(month) if month is not None else None
    drop_pct = watches.parse_drop(drop) if drop is not None else None
    travelers = travelers or int(prefs.get("travelers") or 1)
    if not 1 <= travelers <= 20:
        raise InvalidValue(f"--travelers must be from 1 to 20, not {travelers}.")
    currency = (currency or prefs.get("currency") or "USD").upper()
    if currency not in ISO_4217:
        raise InvalidValue(f"{currency!r} is not an ISO 4217 currency code (try USD, EUR).")
    provider = default_provider()
    start, end = provider.resolve(origin), provider.resolve(destination)
    if start.iata == end.iata:
        raise InvalidValue(f"{origin!r} and {destination!r} are the same place.")
    watch = watches.add_watch(
        env.store,
        user_id=user,
        origin=start.iata,
        destination=end.iata,
        travel_date=travel_date,
        travel_month=travel_month,
        below=below,
        drop_pct=drop_pct,
        travelers=travelers,
        currency=currency,
    )
    # The first fare is the baseline a relative drop is measured from.
    obs = watches.observe(provider, watch, clock.now())
    if obs is not None:
        watches.record(env.store, obs)
    watch = watches.get_watch(env.store, watch.id)
    if as_json:
        env.out(json.dumps(_watch_document(env.store, watch)))
        return
    now = _money(obs.price, obs.currency) if obs else "no flight offered yet"
    env.out(
        f"Watching {watch.route} ({start.city} to {end.city}) on {watch.target}"
        f" for {watch.travelers}: now {now}; fires {watch.condition()}"
        + (
            f" (at {_money(watch.threshold, watch.currency)})"
            if watch.below is None and watch.threshold
            else ""
        )
        + "."
    )
    env.out(f"Watch {watch.id[:8]}. `lotara watch run --once` checks it; put that in cron.")


@app.command("list")
def list_(
    ctx: typer.Context,
    user: str | None = UserOption,
    all_users: bool = typer.Option(False, "--all", help="Every user's watches."),
    as_json: bool = JsonOption,
) -> None:
    """List watches with their latest fare, baseline and price history."""
    from lotara.proactive import watches

    env: Environment = ctx.obj
    user_id = None if all_users else (user or env.user)
    found = watches.list_watches(env.store, user_id=user_id)
    docs = [_watch_document(env.store, w) for w in found]
    if as_json:
        env.out(json.dumps({"user_id": user_id, "watches": docs}))
        return
    if not found:
        env.out("No watches. Add one with `lotara watch add LAX NRT --date 2027-04-10`.")
        return
    rows = []
    for watch, doc in zip(found, docs, strict=True):
        prices = [h["price"] for h in doc["history"]]
        rows.append(
            (
                watch.id[:8],
                watch.route,
                watch.target,
                _money(doc["latest_price"], watch.currency),
                _money(watch.baseline, watch.currency),
                _money(watch.threshold, watch.currency),
                watches.sparkline(prices, width=20) or "-",
                "active" if watch.active else "ended",
            )
        )
    head = ("ID", "ROUTE", "WHEN", "LATEST", "BASELINE", "FIRES AT", "HISTORY", "")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        env.out("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


@app.command("remove")
def remove(
    ctx: typer.Context,
    watch_id: str = typer.Argument(..., metavar="ID", help="The watch id or a unique prefix."),
    user: str | None = UserOption,
) -> None:
    """Stop watching a route (its price history goes too)."""
    from lotara.proactive import watches

    env: Environment = ctx.obj
    full = watches.resolve_watch_id(env.store, watch_id, user_id=user or env.user)
    watch = watches.get_watch(env.store, full)
    watches.remove_watch(env.store, full)
    env.err(f"Removed watch {full[:8]} ({watch.route} on {watch.target}).")


def _shorten(text: str, limit: int = 160) -> str:
    """The first sentences of a summary that fit in ``limit`` characters (the JSON has it all)."""
    out = ""
    for sentence in text.replace(". ", ".\n").splitlines():
        if out and len(out) + 1 + len(sentence) > limit:
            break
        out = f"{out} {sentence}".strip()
    return out if len(out) <= limit else out[: limit - 1].rstrip() + "…"


def describe(doc: dict[str, Any]) -> list[str]:
    """A suggestion as a few lines for a person."""
    ctx = {"currency": doc.get("currency"), **doc["context"]}
    kind = doc["trigger_type"]
    if kind == "price_drop":
        new, old = ctx.get("new_price"), ctx.get("old_price")
        when = ctx.get("travel_date") or ctx.get("travel_month")
        on = f" on {when}" if when else ""
        head = f"Price drop {ctx.get('route')}{on}: {_money(new, ctx.get('currency'))}"
        if isinstance(old, int | float) and isinstance(new, int | float) and old > new:
            head += f" (was {_money(old, ctx.get('currency'))})"
        elif ctx.get("threshold") is not None:
            head += f" (your target: {_money(ctx['threshold'], ctx.get('currency'))})"
    elif kind == "calendar_gap":
        what = "Long weekend" if ctx.get("kind") == "long_weekend" else "Free days"
        head = f"{what} {ctx.get('start')} to {ctx.get('end')} ({ctx.get('days')} days)"
    else:
        head = (
            f"Travel budget: {_money(ctx.get('amount'), ctx.get('currency'))} left"
            f" for {ctx.get('period', 'this period')}"
        )
    lines = [head]
    if doc.get("summary"):
        lines.append(f"  {_shorten(doc['summary'])}")
    tail = f"  job {str(doc.get('job_id'))[:8]}"
    if doc.get("total") is not None:
        tail += f" · trip total {_money(doc['total'], doc.get('currency'))}"
    lines.append(tail)
    return lines


def _printer(env: Environment, as_json: bool) -> Any:
    def show(doc: dict[str, Any]) -> None:
        if as_json:
            env.out(json.dumps(doc, separators=(",", ":")))
        else:
            for line in describe(doc):
                env.out(line)

    return show


def _report(env: Environment, report: Any) -> None:
    for failure in report.failures:
        env.err(f"Error: {failure}")
    for delivery in report.undelivered:
        env.err(
            f"Error: could not notify {delivery.url} of suggestion {delivery.suggestion_id[:8]}"
            f" ({delivery.error}); it will be retried on the next run."
        )
    # The summary goes to stderr, with --json too: stdout keeps only the suggestions.
    env.err(
        f"Checked {counted(report.observations, 'fare')}; "
        f"{counted(report.triggers, 'opportunity', 'opportunities')}, "
        f"{counted(len(report.suggestions), 'new suggestion')}."
    )


@app.command("run")
def run(
    ctx: typer.Context,
    once: bool = typer.Option(False, "--once", help="One pass, then exit (for cron)."),
    interval: float = typer.Option(
        3600.0, "--interval", help="Seconds between passes without --once."
    ),
    calendar: Path | None = typer.Option(
        None, "--calendar", help="An .ics calendar to find free days in (else the pref)."
    ),
    min_days: int = typer.Option(3, "--min-days", help="Shortest free window worth a trip."),
    months: int = typer.Option(3, "--months", help="How many months ahead to look for gaps."),
    notify_url: str | None = typer.Option(
        None, "--notify", help="POST each new suggestion as JSON to this URL."
    ),
    user: str | None = typer.Option(
        None, "--user", "-u", help="Only this user (default: every user's watches)."
    ),
    as_json: bool = typer.Option(False, "--json", help="One JSON line per new suggestion."),
) -> None:
    """Check watches, calendar gaps and travel budgets; suggest trips for what fired."""
    from lotara.proactive.run import RunOptions, run_once

    env: Environment = ctx.obj
    if interval <= 0:
        raise InvalidValue(f"--interval must be a number of seconds above 0, not {interval:g}.")
    if not 1 <= min_days <= 60:
        raise InvalidValue(f"--min-days must be from 1 to 60, not {min_days}.")
    if not 1 <= months <= 24:
        raise InvalidValue(f"--months must be from 1 to 24, not {months}.")
    if notify_url is not None:
        from lotara.prefs import parse_preference

        notify_url = parse_preference("notify_url", notify_url)
    if calendar is not None and not calendar.is_file():
        raise InvalidValue(f"No calendar file at {str(calendar)!r}.")
    options = RunOptions(
        user_id=user,
        calendar=calendar,
        calendar_user=user or env.user,
        min_days=min_days,
        months=months,
        notify_url=notify_url,
    )
    show = _printer(env, as_json)
    if once:
        report = run_once(env.store, options, on_suggestion=show)
        _report(env, report)
        if report.exit_code is not ExitCode.OK:
            raise typer.Exit(int(report.exit_code))
        return
    _loop(env, options, interval=interval, show=show)


def _loop(env: Environment, options: Any, *, interval: float, show: Any) -> None:
    """Passes every ``interval`` seconds until Ctrl-C or SIGTERM; a pass is never cut short."""
    import signal
    import threading

    from lotara.proactive.run import run_forever, run_once

    stop = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    env.err(f"Watching every {interval:g}s; Ctrl-C to stop.")
    try:
        run_forever(
            lambda should_stop: run_once(
                env.store, options, on_suggestion=show, should_stop=should_stop
            ),
            interval=interval,
            stop=stop,
            on_report=lambda report: _report(env, report),
        )
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    env.err("Stopped.")


@app.command("trigger")
def trigger(
    ctx: typer.Context,
    trigger_type: str = typer.Argument(
        ..., metavar="TYPE", help="price_drop, calendar_gap or budget_surplus."
    ),
    context: str = typer.Option(
        "{}", "--context", help='What was noticed, as JSON: \'{"route": "LAX->NRT", ...}\'.'
    ),
    notify_url: str | None = typer.Option(
        None, "--notify", help="POST the suggestion as JSON to this URL."
    ),
    user: str | None = typer.Option(None, "--user", "-u", help="For whom (default: $LOTARA_USER)."),
    as_json: bool = typer.Option(False, "--json", help="Print the suggestion as one JSON line."),
) -> None:
    """Run the proactive workflow for a trigger noticed elsewhere (like POST /v1/suggest)."""
    from lotara.proactive import notify, suggestions
    from lotara.proactive.triggers import parse_context, parse_trigger_type

    env: Environment = ctx.obj
    user = user or env.user
    kind = parse_trigger_type(trigger_type)
    checked = parse_context(kind, context)
    if notify_url is not None:
        from lotara.prefs import parse_preference

        notify_url = parse_preference("notify_url", notify_url)
    wanted = suggestions.manual_trigger(
        env.store, user_id=user, trigger_type=kind, context=checked, notify_url=notify_url
    )
    held = suggestions.take(env.store, wanted)
    show = _printer(env, as_json)
    if held is None:
        existing = suggestions.find_by_key(env.store, wanted.dedupe_key)
        if existing is not None and existing[1] == "ready":
            env.err("This trigger was already suggested:")
            show(suggestions.document(env.store, existing[0]))
            return
        raise LotaraError(
            "This trigger is already being worked on by another run; "
            "`lotara watch run --once` finishes it if that run died."
        )
    doc = suggestions.fulfil(env.store, held)
    if doc is None:
        reason = suggestions.error_of(env.store, held.suggestion_id)
        raise LotaraError(f"The {kind.replace('_', ' ')} suggestion could not be made: {reason}")
    show(doc)
    for delivery in notify.deliver_pending(env.store):
        if not delivery.ok:
            env.err(
                f"Error: could not notify {delivery.url} ({delivery.error});"
                " `lotara watch run --once` retries it."
            )
            raise typer.Exit(int(ExitCode.UNAVAILABLE))
