"""What is left of a travel budget, and the suggestion it is worth.

A user may set ``travel_budget_yearly`` and/or ``travel_budget_monthly`` (amounts in their
``currency`` pref, USD when unset). What the period has already cost is the sum of its trips:
a planned trip counts once it is booked (its bookings that are not cancelled) or once its dates
have passed (a completed plan whose trip is over is taken to have been travelled). Proactive
suggestions never count. A trip belongs to the period its first day falls in. Amounts in
another currency are converted at lotara's indicative rates.

The surplus makes a trigger when it is at least ``MIN_SURPLUS_USD`` (converted) and at least a
tenth of the budget: the suggestion is a trip that costs no more than the surplus.
"""

from __future__ import annotations

import calendar
import json
import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from lotara.errors import InvalidValue
from lotara.proactive.triggers import Trigger, budget_surplus_key

if TYPE_CHECKING:
    from lotara.jobs.store import JobStore

MIN_SURPLUS_USD = 150.0


@dataclass(frozen=True)
class Spend:
    """One trip's cost in the budget's currency."""

    job_id: str
    first_day: date
    amount: float
    how: str  # booked or completed


@dataclass(frozen=True)
class Surplus:
    kind: str  # yearly or monthly
    period: str  # 2027 or 2027-03
    start: date
    end: date
    budget: float
    spent: float
    currency: str
    trips: tuple[Spend, ...]

    @property
    def amount(self) -> float:
        return round(self.budget - self.spent, 2)


def _convert(amount: float, source: str, target: str) -> float:
    if source.upper() == target.upper():
        return amount
    from lotara.world.money import convert

    return convert(amount, source, target)


def _first_and_last_day(row: dict[str, Any]) -> tuple[date, date] | None:
    itinerary = json.loads(row["itinerary"]) if row["itinerary"] else None
    if itinerary and itinerary.get("days"):
        days = [date.fromisoformat(d["date"]) for d in itinerary["days"]]
        return min(days), max(days)
    request = json.loads(row["request"]) if row["request"] else None
    if request and request.get("start_date") and request.get("end_date"):
        return date.fromisoformat(request["start_date"]), date.fromisoformat(request["end_date"])
    return None


def trip_spending(store: JobStore, user_id: str, *, currency: str, today: date) -> list[Spend]:
    """Every booked or travelled trip of the user, in ``currency``."""
    out = []
    for row in store.trip_rows(user_id):
        span = _first_and_last_day(row)
        first_day = span[0] if span else date.fromisoformat(row["created_at"][:10])
        booked = store.booked_amounts(row["id"])
        if booked:
            amount = sum(_convert(a, c, currency) for a, c in booked)
            out.append(Spend(row["id"], first_day, round(amount, 2), "booked"))
            continue
        if row["status"] == "completed" and span and span[1] < today and row["itinerary"]:
            cost = json.loads(row["itinerary"]).get("cost") or {}
            total = float(cost.get("total") or 0)
            if total > 0:
                amount = _convert(total, cost.get("currency") or "USD", currency)
                out.append(Spend(row["id"], first_day, round(amount, 2), "completed"))
    return out


def _stored_amount(prefs: dict[str, Any], key: str, user_id: str) -> float:
    """A budget as stored, checked again: a store an older lotara wrote may hold NaN or inf."""
    value = prefs[key]
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or value < 0:
        raise InvalidValue(
            f"The stored {key} of {user_id} ({value!r}) is not an amount; set it again with"
            f" `lotara prefs set {key} AMOUNT --user {user_id}`."
        )
    return float(value)


def budget_surpluses(
    store: JobStore, user_id: str, prefs: dict[str, Any], today: date
) -> list[Surplus]:
    """The yearly and monthly budgets the user set, each with what its period has cost."""
    currency = str(prefs.get("currency") or "USD")
    periods = []
    if prefs.get("travel_budget_yearly") is not None:
        start, end = date(today.year, 1, 1), date(today.year, 12, 31)
        budget = _stored_amount(prefs, "travel_budget_yearly", user_id)
        periods.append(("yearly", str(today.year), start, end, budget))
    if prefs.get("travel_budget_monthly") is not None:
        last = calendar.monthrange(today.year, today.month)[1]
        start, end = today.replace(day=1), today.replace(day=last)
        budget = _stored_amount(prefs, "travel_budget_monthly", user_id)
        periods.append(("monthly", today.strftime("%Y-%m"), start, end, budget))
    if not periods:
        return []
    trips = trip_spending(store, user_id, currency=currency, today=today)
    out = []
    for kind, period, start, end, budget in periods:
        inside = tuple(t for t in trips if start <= t.first_day <= end)
        spent = round(sum(t.amount for t in inside), 2)
        out.append(Surplus(kind, period, start, end, budget, spent, currency, inside))
    return out


def worth_suggesting(surplus: Surplus) -> bool:
    floor = max(_convert(MIN_SURPLUS_USD, "USD", surplus.currency), surplus.budget * 0.1)
    return surplus.amount >= floor


def budget_surplus_triggers(
    surpluses: list[Surplus],
    *,
    user_id: str,
    prefs: dict[str, Any],
    today: date,
    notify_url: str | None = None,
) -> list[Trigger]:
    """One trigger per budget period with money worth a trip left in it."""
    out = []
    for surplus in surpluses:
        window_start = max(today + timedelta(days=1), surplus.start)
        if not worth_suggesting(surplus) or window_start > surplus.end:
            continue  # too little money, or no day of the period left to travel in
        context: dict[str, Any] = {
            "amount": surplus.amount,
            "currency": surplus.currency,
            "budget": surplus.budget,
            "spent": surplus.spent,
            "period": surplus.period,
            "budget_kind": surplus.kind,
            # The trip should happen in the period the money belongs to, starting tomorrow.
            "window_start": window_start.isoformat(),
            "window_end": surplus.end.isoformat(),
        }
        if prefs.get("home_airport"):
            context["origin"] = prefs["home_airport"]
        key = budget_surplus_key(user_id, surplus.period)
        out.append(Trigger("budget_surplus", user_id, context, key, notify_url))
    return out
