"""From a proactive trigger to a concrete trip request (no ADK here: plain functions).

- ``price_drop``: the watched route, leaving on the watched date (or the first day of the
  watched month still ahead), for the traveller's usual trip length;
- ``calendar_gap``: a short trip that fits the free window's dates, somewhere reachable;
- ``budget_surplus``: a trip in the budget's period whose total is the money left over.

Where the trigger names no destination, one is chosen, deterministically: the traveller's
``wishlist`` preference first, else well-known cities, nearest first (nearer for shorter
trips), the one with the cheapest outbound fare among the closest few.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from lotara.errors import InvalidValue, QueryNotUnderstood, UnknownPlace
from lotara.models import Place, PlanConstraints, TripRequest
from lotara.planning.intent import DEFAULT_DAYS, build_trip_request
from lotara.world.lands import haversine_km
from lotara.world.provider import TravelProvider

POPULAR: tuple[str, ...] = (
    "Tokyo", "Kyoto", "Seoul", "Bangkok", "Singapore", "Hong Kong", "Paris", "Rome",
    "Barcelona", "Lisbon", "London", "Amsterdam", "Prague", "Vienna", "Istanbul",
    "New York", "Mexico City", "Vancouver", "San Francisco", "Honolulu", "Chicago",
    "Sydney", "Cape Town", "Buenos Aires", "Dubai", "Marrakesh",
)  # fmt: skip
SHORTLIST = 4
MAX_GAP_TRIP_DAYS = 7
SURPLUS_TRIP_DAYS = 5
SURPLUS_LEAD_DAYS = 14


def request_for_trigger(
    trigger: dict[str, Any], *, prefs: dict[str, Any], provider: TravelProvider, today: date
) -> tuple[TripRequest, str]:
    """The trip a trigger suggests, and one sentence on why now."""
    kind = str(trigger.get("type") or "")
    context = dict(trigger.get("context") or {})
    builders = {"price_drop": _price_drop, "calendar_gap": _calendar_gap}
    builders["budget_surplus"] = _budget_surplus
    if kind not in builders:
        raise InvalidValue(
            f"Unknown trigger type {kind!r}; use price_drop, calendar_gap or budget_surplus."
        )
    return builders[kind](context, prefs, provider, today)


def _origin(context: dict[str, Any], prefs: dict[str, Any]) -> str:
    origin = context.get("origin") or prefs.get("home_airport")
    if not origin:
        raise QueryNotUnderstood(
            "This suggestion needs a departure city: set one with "
            "`lotara prefs set home_airport LAX` or give 'origin' in the trigger context."
        )
    return str(origin)


def _build(
    query: str, constraints: PlanConstraints, prefs: dict[str, Any], provider: TravelProvider,
    today: date,
) -> TripRequest:  # fmt: skip
    return build_trip_request(
        query, constraints=constraints, prefs=prefs, provider=provider, today=today
    )


def _price_drop(
    context: dict[str, Any], prefs: dict[str, Any], provider: TravelProvider, today: date
) -> tuple[TripRequest, str]:
    origin = _origin(context, prefs)
    destination = context.get("destination")
    if not destination and context.get("route"):
        destination = str(context["route"]).replace("→", "->").split("->")[-1].strip()
    if not destination:
        raise QueryNotUnderstood("The price_drop trigger names no destination (route 'LAX->NRT').")
    start = _first_day(context, today)
    days = int(context.get("days") or prefs.get("trip_days") or DEFAULT_DAYS)
    currency = context.get("currency")
    constraints = PlanConstraints(
        departure_city=origin,
        destinations=[str(destination)],
        start_date=start,
        duration_days=days,
        travelers=int(context["travelers"]) if context.get("travelers") else None,
        currency=str(currency).upper() if currency else None,
    )
    request = _build(
        f"{days} days in {destination} from {origin}", constraints, prefs, provider, today
    )
    old, new = context.get("old_price"), context.get("new_price")
    money = request.currency or "USD"
    target = context.get("threshold")
    route = f"The fare {origin}->{destination}"
    if isinstance(old, int | float) and isinstance(new, int | float) and old > new:
        why = f"{route} dropped from {old:,.0f} to {new:,.0f} {money} (save {old - new:,.0f})"
    elif isinstance(new, int | float) and isinstance(target, int | float):
        # A --below watch fires on the first fare under its target: nothing dropped yet.
        why = f"{route} is {new:,.0f} {money}, at or below your target of {target:,.0f}"
    elif isinstance(new, int | float):
        why = f"{route} is {new:,.0f} {money}"
    else:
        why = f"{route} dropped"
    return request, why + "."


def _first_day(context: dict[str, Any], today: date) -> date | None:
    if context.get("travel_date"):
        day = date.fromisoformat(str(context["travel_date"]))
        return day if day >= today else None
    if context.get("travel_month"):
        year, month = (int(p) for p in str(context["travel_month"]).split("-"))
        first = date(year, month, 1)
        return max(first, today + timedelta(days=1))
    return None


def _calendar_gap(
    context: dict[str, Any], prefs: dict[str, Any], provider: TravelProvider, today: date
) -> tuple[TripRequest, str]:
    origin = _origin(context, prefs)
    start = max(date.fromisoformat(str(context["start"])), today)
    end = date.fromisoformat(str(context["end"]))
    if end < start:
        raise InvalidValue(f"The free window ended on {end}; there is no time left in it.")
    days = min((end - start).days + 1, MAX_GAP_TRIP_DAYS)
    currency = context.get("currency") or prefs.get("currency") or "USD"
    destination = context.get("destination") or pick_destination(
        provider, origin, start=start, days=days, prefs=prefs, currency=str(currency)
    )
    constraints = PlanConstraints(
        departure_city=origin, destinations=[destination], start_date=start, duration_days=days
    )
    request = _build(
        f"{days} days in {destination} from {origin}", constraints, prefs, provider, today
    )
    why = f"You are free from {start:%a %d %b} to {end:%a %d %b}"
    if context.get("holidays"):
        names = context["holidays"]
        names = list(names.values()) if isinstance(names, dict) else list(names)
        why += f" ({', '.join(str(n) for n in names[:2])})"
    return request, why + f": {days} days in {destination} fit."


def _budget_surplus(
    context: dict[str, Any], prefs: dict[str, Any], provider: TravelProvider, today: date
) -> tuple[TripRequest, str]:
    origin = _origin(context, prefs)
    amount = float(context["amount"])
    currency = str(context.get("currency") or prefs.get("currency") or "USD").upper()
    first = date.fromisoformat(str(context.get("window_start") or today + timedelta(days=1)))
    last = (
        date.fromisoformat(str(context["window_end"]))
        if context.get("window_end")
        else first + timedelta(days=90)
    )
    first = max(first, today)
    days = max(1, min(SURPLUS_TRIP_DAYS, (last - first).days + 1))
    start = first + timedelta(days=SURPLUS_LEAD_DAYS)
    if start + timedelta(days=days - 1) > last:
        start = first
    destination = context.get("destination") or pick_destination(
        provider, origin, start=start, days=days, prefs=prefs, currency=currency
    )
    constraints = PlanConstraints(
        departure_city=origin,
        destinations=[destination],
        start_date=start,
        duration_days=days,
        budget=amount,
        currency=currency,
    )
    request = _build(
        f"{days} days in {destination} from {origin}", constraints, prefs, provider, today
    )
    period = context.get("period")
    why = f"You have {amount:,.0f} {currency} of travel budget left" + (
        f" for {period}" if period else ""
    )
    return request, why + f": {days} days in {destination} fit in it."


def _km(a: Place, b: Place) -> float:
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def pick_destination(
    provider: TravelProvider,
    origin: str,
    *,
    start: date,
    days: int,
    prefs: dict[str, Any],
    currency: str = "USD",
) -> str:
    """A city worth the trip: from the wishlist, else the nearest few, cheapest fare first."""
    home = provider.resolve(origin)
    wishlist = [str(c) for c in prefs.get("wishlist") or []]
    places: list[Place] = []
    for name in [*wishlist, *POPULAR]:
        try:
            place = provider.resolve(name)
        except UnknownPlace:
            continue
        if place.city == home.city or any(p.city == place.city for p in places):
            continue
        if _km(home, place) < 150:
            continue  # a day trip, not a trip
        places.append(place)
    if not places:
        raise QueryNotUnderstood("No destination could be found for this suggestion.")
    if wishlist and places[0].city.lower() in {w.lower() for w in wishlist}:
        shortlist = [p for p in places if p.city.lower() in {w.lower() for w in wishlist}]
    else:
        reach = 3500 if days <= 4 else 9000 if days <= 7 else 20000
        near = sorted(places, key=lambda p: (_km(home, p), p.city))
        shortlist = [p for p in near if _km(home, p) <= reach][:SHORTLIST] or near[:SHORTLIST]
    best: tuple[float, int, str] | None = None
    for index, place in enumerate(shortlist):
        fares = provider.flights(home.iata, place.iata, start, currency=currency)
        price = min((f.price for f in fares), default=math.inf)
        if best is None or (price, index) < best[:2]:
            best = (price, index, place.city)
    assert best is not None
    return best[2]
