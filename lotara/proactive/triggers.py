"""The three kinds of opportunity lotara acts on, and how each is named so it fires once.

A ``Trigger`` is what a detector noticed: its type (``price_drop``, ``calendar_gap``,
``budget_surplus``), the user it is for, a context the proactive workflow reads, and a
dedupe key. The key names the opportunity, not the moment it was seen: two cron runs that
notice the same drop build the same key, and the suggestions table's UNIQUE index lets only
one of them through.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lotara import values
from lotara.errors import InvalidValue

TRIGGER_TYPES: tuple[str, ...] = ("price_drop", "calendar_gap", "budget_surplus")

ROUTE = re.compile(r"^\s*([A-Za-z]{3})\s*(?:->|→|-|/|to)\s*([A-Za-z]{3})\s*$")


@dataclass(frozen=True)
class Trigger:
    """One noticed opportunity: what kind, for whom, what was seen, and its dedupe key."""

    type: str
    user_id: str
    context: dict[str, Any]
    dedupe_key: str
    # Where new suggestions from this trigger are POSTed (None: nowhere).
    notify_url: str | None = field(default=None, compare=False)
    # A price drop fires only as a new low of its series (a watch and its travel date):
    # the first fare at or below the threshold, then each fare REFIRE_STEP below the last.
    series: str | None = field(default=None, compare=False)
    price: float | None = field(default=None, compare=False)


REFIRE_STEP = 0.05
"""How far below the last fare a watch fired at a new fare must be to fire again."""


def price_drop_series(watch_id: str, target: str) -> str:
    return f"price_drop:{watch_id}:{target}:"


def price_drop_key(watch_id: str, target: str, price: float) -> str:
    """A drop on one watch, for one travel date or month, to one fare (in cents)."""
    return f"{price_drop_series(watch_id, target)}{round(price * 100)}"


def calendar_gap_key(user_id: str, start: date, end: date) -> str:
    return f"calendar_gap:{user_id}:{start.isoformat()}:{end.isoformat()}"


def budget_surplus_key(user_id: str, period: str) -> str:
    """One surplus suggestion per budget period (a year like 2027, a month like 2027-03)."""
    return f"budget_surplus:{user_id}:{period}"


def manual_key(user_id: str, trigger_type: str, context: dict[str, Any]) -> str:
    """The same trigger sent twice from elsewhere is one opportunity: key it by its content."""
    canonical = json.dumps(context, sort_keys=True, separators=(",", ":"), default=str)
    digest = hashlib.sha256(f"{user_id}\n{trigger_type}\n{canonical}".encode()).hexdigest()
    return f"{trigger_type}:{user_id}:manual:{digest[:16]}"


# --- checking a context sent from elsewhere (`lotara watch trigger`) --------------------


def parse_trigger_type(text: str) -> str:
    value = text.strip().lower().replace("-", "_")
    if value not in TRIGGER_TYPES:
        raise InvalidValue(
            f"Unknown trigger type {text!r}; use one of: {', '.join(TRIGGER_TYPES)}."
        )
    return value


def parse_context(trigger_type: str, text: str) -> dict[str, Any]:
    """The context JSON of a trigger, checked for what its type needs; one sentence if wrong."""
    try:
        context = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidValue(
            f"--context is not valid JSON ({error.msg} at character {error.pos})."
        ) from None
    if not isinstance(context, dict):
        raise InvalidValue('--context must be a JSON object, like \'{"route": "LAX->NRT"}\'.')
    return check_context(trigger_type, context)


def check_context(trigger_type: str, context: dict[str, Any]) -> dict[str, Any]:
    """A trigger's context checked (and normalised) for what its type needs."""
    check = {
        "price_drop": _check_price_drop,
        "calendar_gap": _check_calendar_gap,
        "budget_surplus": _check_budget_surplus,
    }[trigger_type]
    return check(context)


def _number(context: dict[str, Any], key: str, what: str, *, positive: bool = True) -> float:
    value = context.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValue(f"The {what} context needs {key!r} as a number.")
    if positive and value <= 0:
        raise InvalidValue(f"The {what} context needs {key!r} above 0, not {value}.")
    return values.amount(f"The {what} context's {key!r}", value, positive=positive)


def _day(context: dict[str, Any], key: str, what: str) -> date:
    from lotara import clock

    value = context.get(key)
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        raise InvalidValue(
            f"The {what} context needs {key!r} as a date like 2027-04-10, not {value!r}."
        ) from None
    return values.day_ahead(f"The {what} context's {key!r}", day, clock.today())


def _travelers(context: dict[str, Any], what: str) -> None:
    if "travelers" in context:
        context["travelers"] = values.whole(
            f"The {what} context's 'travelers'", context["travelers"], 1, 20
        )


def _currency(context: dict[str, Any]) -> None:
    if "currency" in context:
        from lotara.prefs import ISO_4217

        code = str(context["currency"]).upper()
        if code not in ISO_4217:
            raise InvalidValue(f"{context['currency']!r} is not an ISO 4217 currency code.")
        context["currency"] = code


def _check_price_drop(context: dict[str, Any]) -> dict[str, Any]:
    out = dict(context)
    route = out.get("route")
    if route is not None:
        match = ROUTE.match(str(route))
        if not match:
            raise InvalidValue(
                f"The price_drop context's route must look like 'LAX->NRT', not {route!r}."
            )
        out.setdefault("origin", match.group(1).upper())
        out.setdefault("destination", match.group(2).upper())
    if not out.get("origin") or not out.get("destination"):
        raise InvalidValue(
            "The price_drop context needs a 'route' like 'LAX->NRT' (or origin and destination)."
        )
    out["origin"] = str(out["origin"]).upper()
    out["destination"] = str(out["destination"]).upper()
    out["route"] = f"{out['origin']}->{out['destination']}"
    old = _number(out, "old_price", "price_drop")
    new = _number(out, "new_price", "price_drop")
    if new >= old:
        raise InvalidValue(
            f"The price_drop context's new_price ({new:g}) must be below its old_price ({old:g})."
        )
    out.setdefault("savings", round(old - new, 2))
    if "travel_date" in out:
        out["travel_date"] = _day(out, "travel_date", "price_drop").isoformat()
    _travelers(out, "price_drop")
    _currency(out)
    return out


def _check_calendar_gap(context: dict[str, Any]) -> dict[str, Any]:
    out = dict(context)
    start = _day(out, "start", "calendar_gap")
    end = _day(out, "end", "calendar_gap")
    if end < start:
        raise InvalidValue(f"The calendar_gap context ends ({end}) before it starts ({start}).")
    out["start"], out["end"] = start.isoformat(), end.isoformat()
    out["days"] = (end - start).days + 1
    _travelers(out, "calendar_gap")
    return out


def _check_budget_surplus(context: dict[str, Any]) -> dict[str, Any]:
    out = dict(context)
    if "amount" not in out and "surplus" in out:
        out["amount"] = out["surplus"]
    out["amount"] = _number(out, "amount", "budget_surplus")
    _travelers(out, "budget_surplus")
    _currency(out)
    return out
