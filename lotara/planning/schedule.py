"""Laying the chosen trip out day by day, in each city's own time zone.

Each day runs from breakfast at 08:00 to dinner at 19:00 local time, shortened by travel:
free time starts 90 minutes after an arrival and ends 3 hours before a flight (1 hour before
a train or drive). Activities fill a day up to its share (1 on the first and last day, one
fewer than a full day when moving cities), skip the days they are closed, never repeat, and
stay close together: each day starts with the best-fitting activity still to do that is open
that day, then adds the open ones nearest to the last (one neighbourhood per day). Meals
that fall while travelling are "on the way", budgeted like the city's restaurants, so the
plan's cost never hides them.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from lotara.models import (
    Activity,
    CostBreakdown,
    DayItem,
    DayPlan,
    Itinerary,
    PriceSource,
    Restaurant,
    StayBooking,
    TransportLeg,
    TripRequest,
)
from lotara.planning.candidates import Candidates, trip_currency, trip_days
from lotara.planning.checks import closed_on
from lotara.planning.optimise import PACE_SLOTS, Selection, cost_breakdown
from lotara.planning.timing import day_windows, leg_times, slots_for_day, slots_without_times
from lotara.words import counted
from lotara.world.provider import OFFLINE_SOURCE

__all__ = ["build_itinerary", "distance_km"]

DAY_START = 8 * 60
DAY_END = 21 * 60 + 30
NIGHT_END = 23 * 60 + 30  # bars and live music run past the sightseeing day
MEALS = (("Breakfast", 8 * 60, 45), ("Lunch", 12 * 60 + 30, 60), ("Dinner", 19 * 60, 90))
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def _hhmm(minutes: int) -> str:
    minutes = max(0, min(minutes, 23 * 60 + 59))
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(text: str | None, default: int) -> int:
    if not text:
        return default
    try:
        hh, mm = text.strip()[:5].split(":")
        return int(hh) * 60 + int(mm)
    except ValueError:
        return default


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def _estimate(source: str) -> bool:
    return source == OFFLINE_SOURCE or "estimate" in source or "offline" in source


def _is_open(activity: Activity, day: date) -> bool:
    return not closed_on(activity.closed_days, day)


def _transport(
    request: TripRequest, selection: Selection, candidates: Candidates
) -> list[tuple[TransportLeg, datetime, datetime]]:
    """Each chosen leg as a TransportLeg, with its aware departure and arrival."""
    currency = trip_currency(request)
    out = []
    for choice in selection.legs:
        tz_from = _zone(_tz(candidates, choice.origin_city))
        tz_to = _zone(_tz(candidates, choice.destination_city))
        if choice.flight is not None and choice.flight.segments:
            flight = choice.flight
            depart = datetime.fromisoformat(flight.segments[0].depart[:19]).replace(tzinfo=tz_from)
            arrive = datetime.fromisoformat(flight.segments[-1].arrive[:19]).replace(tzinfo=tz_to)
            numbers = ", ".join(f"{s.carrier} {s.flight_number}" for s in flight.segments)
            stops = "nonstop" if flight.stops == 0 else counted(flight.stops, "stop")
            leg = TransportLeg(
                kind="flight",
                origin=choice.origin_city,
                destination=choice.destination_city,
                depart=depart.isoformat(),
                arrive=arrive.isoformat(),
                description=f"Flight {numbers} {flight.origin}→{flight.destination}, {stops}",
                cost=round(choice.cost, 2),
                currency=currency,
                source=flight.source,
                flight=flight,
            )
        else:
            ground = choice.ground
            mode = ground.mode if ground else "ground"
            minutes = ground.duration_minutes if ground else 240
            depart = datetime.combine(choice.date, datetime.min.time(), tz_from) + timedelta(
                hours=10
            )
            if out and depart < out[-1][2] + timedelta(hours=1):
                # Leave once the previous leg has landed, with an hour to get going.
                depart = (out[-1][2] + timedelta(hours=1)).astimezone(tz_from)
            arrive = (depart + timedelta(minutes=minutes)).astimezone(tz_to)
            leg = TransportLeg(
                kind=mode,
                origin=choice.origin_city,
                destination=choice.destination_city,
                depart=depart.isoformat(),
                arrive=arrive.isoformat(),
                description=(
                    f"{mode.capitalize()} {choice.origin_city} → {choice.destination_city}"
                    + (f", {ground.distance_km:.0f} km" if ground else "")
                ),
                cost=round(choice.cost, 2),
                currency=currency,
                source=ground.source if ground else OFFLINE_SOURCE,
            )
        out.append((leg, depart, arrive))
    return out


def _tz(candidates: Candidates, city: str) -> str | None:
    place = candidates.places.get(city)
    if place is not None:
        return place.timezone
    facts = candidates.facts.get(city)
    return facts.timezone if facts else None


def build_itinerary(
    request: TripRequest, selection: Selection, candidates: Candidates
) -> Itinerary:
    """The day-by-day plan of a selection: transport, stays, activities and meals, costed."""
    currency = trip_currency(request)
    travelers = request.travelers
    transport = _transport(request, selection, candidates)
    days = trip_days(request)
    remaining = {city: list(acts) for city, acts in selection.activities.items()}
    meals_left = {city: list(rs) for city, rs in selection.meals.items()}
    stays_by_city = {s.city: s for s in selection.stays}
    full = PACE_SLOTS.get(request.pace, 3)
    plans: list[DayPlan] = []
    leg_list = [leg_times(c.date, c.flight or c.ground) for c in selection.legs]
    windows = day_windows([d for d, _ in days], leg_list) if leg_list else [None] * len(days)
    landing = leg_list[0].arrive.date() if leg_list else None

    for index, (day, city) in enumerate(days):
        tz = _tz(candidates, city)
        items: list[DayItem] = []
        start, end = DAY_START, DAY_END
        travelling: list[tuple[int, int]] = []  # busy windows in this day's local minutes
        zone = _zone(tz)
        for choice, (leg, depart, arrive) in zip(selection.legs, transport, strict=True):
            local_arr = arrive.astimezone(zone)
            arr_min = local_arr.hour * 60 + local_arr.minute if local_arr.date() == day else None
            if choice.date == day:
                origin_dep = depart  # shown in the departure city's own time
                dep_here = depart.astimezone(zone)
                dep_min = dep_here.hour * 60 + dep_here.minute if dep_here.date() == day else 0
                lead = 180 if leg.kind == "flight" else 60
                arrival_note = (
                    None
                    if arrive.date() == depart.date()
                    else f"arrives {arrive.strftime('%Y-%m-%d %H:%M')} local time"
                )
                items.append(
                    DayItem(
                        start=origin_dep.strftime("%H:%M"),
                        end=arrive.strftime("%H:%M"),
                        kind="transport",
                        name=leg.description,
                        cost=leg.cost,
                        city=leg.origin,
                        note=arrival_note,
                    )
                )
                if leg.destination == city:
                    # Arriving here: the day starts once settled, or not at all.
                    start = max(start, arr_min + 90 if arr_min is not None else 24 * 60)
                    travelling.append((max(0, dep_min - lead), start))
                else:
                    end = min(end, dep_min - lead)
                    travelling.append((max(0, dep_min - lead), 24 * 60))
            elif leg.destination == city and arr_min is not None and choice.date < day:
                # An overnight flight landing this morning.
                start = max(start, arr_min + 90)
                travelling.append((0, arr_min + 90))
                if index == 0 or choice.date < days[0][0]:
                    # It left before the trip's first day: show it where it lands.
                    items.append(
                        DayItem(
                            start=local_arr.strftime("%H:%M"),
                            kind="transport",
                            name=leg.description,
                            cost=leg.cost,
                            city=leg.destination,
                            note=f"left {depart.strftime('%a %d %b %H:%M')} "
                            f"{leg.origin} time; lands {local_arr.strftime('%H:%M')}",
                        )
                    )
            elif choice.date < day < local_arr.date():
                # A whole day in the air (long journeys across the date line).
                start = 24 * 60
                travelling.append((0, 24 * 60))
        stay = stays_by_city.get(city)
        if stay and stay.check_in == day:
            items.append(
                DayItem(
                    start=_hhmm(max(15 * 60, start)) if start < 24 * 60 else None,
                    kind="stay",
                    name=f"Check in: {stay.stay.name}",
                    note=None if start < 24 * 60 else "the room is held from tonight",
                    city=city,
                    ref=stay.stay.id,
                )
            )
        for prev in selection.stays:
            if prev.check_out == day:
                items.append(
                    DayItem(
                        start="11:00"
                        if not travelling
                        else _hhmm(min(11 * 60, max(6 * 60, min(t[0] for t in travelling)))),
                        kind="stay",
                        name=f"Check out: {prev.stay.name}",
                        city=prev.city,
                        ref=prev.stay.id,
                    )
                )
        if leg_list and windows[index] is None:
            # A day in the air: said once, on the flight itself; meals come on board.
            flights = [i for i in items if i.kind == "transport"]
            landing_note = "in the air all day, meals on board"
            if flights:
                flights[-1].note = "; ".join(n for n in (flights[-1].note, landing_note) if n)
            else:
                if landing is not None and landing > day:
                    landing_note += f"; lands {landing:%a %d %b}"
                items.append(DayItem(kind="free", name="In the air", note=landing_note, city=city))
            items.sort(key=lambda item: (item.start or "99:99", item.kind != "transport"))
            plans.append(DayPlan(date=day, city=city, timezone=tz, items=items))
            continue
        if leg_list:
            want = slots_for_day(windows[index], full, first=day == landing)
        else:
            want = slots_without_times(days, index, full)
        pool = remaining.setdefault(city, [])
        todays = _pick_near(pool, day, want if end - start >= 90 else 0)
        placed, unplaced = _timeline(
            todays, city, start, end, travelling, meals_left.get(city, []), travelers
        )
        items.extend(placed)
        pool[:0] = unplaced  # what did not fit today may fit another day
        items.sort(key=lambda item: (item.start or "99:99", item.kind != "transport"))
        plans.append(DayPlan(date=day, city=city, timezone=tz, items=items))

    stays = [
        StayBooking(
            stay=s.stay,
            city=s.city,
            check_in=s.check_in,
            check_out=s.check_out,
            nights=s.nights,
            rooms=s.rooms,
            cost=round(s.cost, 2),
            currency=currency,
        )
        for s in selection.stays
    ]
    legs = [leg for leg, _, _ in transport]
    cost = _cost(request, legs, stays, plans)
    notes = list(selection.notes)
    if request.budget is not None and cost.total > request.budget.amount + 0.005:
        notes.append(
            f"The cheapest sound plan costs {cost.total - request.budget.amount:,.2f} {currency} "
            f"more than the budget of {request.budget.amount:,.2f} {currency}."
        )
    for dest in request.destinations:
        facts = candidates.facts.get(dest.city)
        if facts and facts.entry and facts.entry.requirement not in ("visa_free", "domestic"):
            notes.append(
                f"Entry to {facts.country_name}: {facts.entry.requirement.replace('_', ' ')}"
                + (f" ({facts.entry.note})" if facts.entry.note else "")
                + "."
            )
    cities = " → ".join(d.city for d in request.destinations)
    return Itinerary(
        title=f"{request.days} days in {cities}",
        summary=(
            f"{request.days} days in {cities} from {request.origin_city or request.origin} "
            f"for {travelers}, {request.start_date.isoformat()} to {request.end_date.isoformat()}: "
            f"{cost.total:,.2f} {currency}"
            + (f" of a {request.budget.amount:,.2f} {currency} budget" if request.budget else "")
            + "."
        ),
        transport=legs,
        stays=stays,
        days=plans,
        cost=cost,
        sources=_sources(legs, stays, plans, selection),
        notes=notes,
    )


def _pick_near(pool: list[Activity], day: date, want: int) -> list[Activity]:
    """Up to ``want`` activities open on ``day``, close together, removed from ``pool``."""
    open_today = [a for a in pool if _is_open(a, day)]
    if not open_today or want <= 0:
        return []
    # The best fit still to do leads the day; the nearest others join it.
    picked = [open_today[0]]
    while len(picked) < want:
        rest = [a for a in open_today if a not in picked]
        if not rest:
            break
        last = picked[-1]
        picked.append(
            min(rest, key=lambda a: (distance_km(last.lat, last.lon, a.lat, a.lon), a.id))
        )
    for activity in picked:
        pool.remove(activity)
    return picked


def _timeline(
    activities: list[Activity],
    city: str,
    start: int,
    end: int,
    travelling: list[tuple[int, int]],
    restaurants: list[Restaurant],
    travelers: int,
) -> tuple[list[DayItem], list[Activity]]:
    """Meals at their hours and activities between them, inside the day's free time.

    Returns the items and the activities that did not fit.
    """
    items: list[DayItem] = []
    unplaced: list[Activity] = []
    meal_slots: list[tuple[str, int, int]] = list(MEALS)
    # A meal while travelling is budgeted like the cheapest place the city's plan uses.
    cheapest = min(restaurants, key=lambda r: (r.average_cost, r.id)) if restaurants else None
    for label, at, length in meal_slots:
        restaurant = restaurants.pop(0) if restaurants else None
        on_the_way = any(lo <= at < hi for lo, hi in travelling) or at < start - 60 or at > end
        priced = cheapest if on_the_way and cheapest is not None else restaurant
        cost = round(priced.average_cost * travelers, 2) if priced else 0.0
        if on_the_way or restaurant is None:
            items.append(
                DayItem(
                    start=_hhmm(at),
                    end=_hhmm(at + length),
                    kind="meal",
                    name=f"{label} on the way" if on_the_way else f"{label} (your choice)",
                    cost=cost,
                    city=city,
                    note=f"budgeted like {priced.name}" if priced else None,
                )
            )
        else:
            items.append(
                DayItem(
                    start=_hhmm(at),
                    end=_hhmm(at + length),
                    kind="meal",
                    name=f"{label} at {restaurant.name}",
                    cost=cost,
                    ref=restaurant.id,
                    lat=restaurant.lat,
                    lon=restaurant.lon,
                    city=city,
                )
            )
    busy = [(at, at + length) for _, at, length in meal_slots if at + length > start and at <= end]
    cursor = -(-max(start, 9 * 60) // 15) * 15  # on the quarter hour
    # What closes first goes first, and a night out comes after dinner.
    ordered = sorted(
        activities,
        key=lambda a: ("nightlife" in a.tags, _minutes(a.closes, 24 * 60), _minutes(a.opens, 0)),
    )
    for activity in ordered:
        night = "nightlife" in activity.tags and end >= DAY_END
        begin = max(cursor, _minutes(activity.opens, 0))
        if night:
            begin = max(begin, MEALS[-1][1] + MEALS[-1][2])
        for lo, hi in sorted(busy):
            if begin < hi and begin + activity.duration_minutes > lo:
                begin = max(begin, hi)
        finish = begin + activity.duration_minutes
        last = NIGHT_END if night else end
        if finish > min(last, _minutes(activity.closes, 24 * 60)):
            unplaced.append(activity)
            continue
        items.append(
            DayItem(
                start=_hhmm(begin),
                end=_hhmm(finish),
                kind="activity",
                name=activity.name,
                cost=round(activity.cost * travelers, 2),
                ref=activity.id,
                lat=activity.lat,
                lon=activity.lon,
                city=activity.city,
                activity=activity,
            )
        )
        busy.append((begin, finish))
        if not night:
            cursor = -(-(finish + 30) // 15) * 15
    return items, unplaced


def _cost(
    request: TripRequest, legs: list[TransportLeg], stays: list[StayBooking], days: list[DayPlan]
) -> CostBreakdown:
    flights = sum(leg.cost for leg in legs if leg.kind == "flight")
    ground = sum(leg.cost for leg in legs if leg.kind != "flight")
    lodging = sum(s.cost for s in stays)
    activities = sum(i.cost for d in days for i in d.items if i.kind == "activity")
    food = sum(i.cost for d in days for i in d.items if i.kind == "meal")
    return cost_breakdown(
        request,
        currency=trip_currency(request),
        flights=flights,
        lodging=lodging,
        activities=activities,
        food=food,
        local_transport=ground,
    )


def _sources(
    legs: list[TransportLeg], stays: list[StayBooking], days: list[DayPlan], selection: Selection
) -> list[PriceSource]:
    """Where every price came from, once each."""
    out: list[PriceSource] = []
    seen: set[str] = set()

    def add(what: str, source: str, observed: date | None) -> None:
        if what in seen:
            return
        seen.add(what)
        out.append(
            PriceSource(
                what=what,
                source=source,
                observed_at=observed.isoformat() if observed else None,
                estimate=_estimate(source),
            )
        )

    for leg in legs:
        add(leg.description, leg.source, leg.flight.observed_at if leg.flight else None)
    for booking in stays:
        add(f"stay: {booking.stay.name}", booking.stay.source, booking.stay.observed_at)
    for day in days:
        for item in day.items:
            if item.kind == "activity" and item.activity is not None and item.cost > 0:
                add(f"activity: {item.name}", item.activity.source, None)
    for restaurants in selection.meals.values():
        for r in restaurants:
            add(f"restaurant: {r.name}", r.source, None)
    return out
