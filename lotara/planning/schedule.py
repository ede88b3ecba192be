"""Laying the chosen trip out day by day, in each city's own time zone.

The solver (``planning/solver.py``) has already placed every visit, meal, check-in and
check-out at its local time; this module adds the legs (a flight shown in its departure
city's time, and where it lands when it left before the trip began), says a day in the air
once, notes the walk or ride between consecutive visits, and sums the cost from the items
themselves, so the plan's total is the selection's to the cent.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from lotara.models import (
    Activity,
    CostBreakdown,
    DayItem,
    DayPlan,
    Itinerary,
    PriceSource,
    StayBooking,
    TransportLeg,
    TripRequest,
)
from lotara.planning.candidates import Candidates, trip_currency, trip_days
from lotara.planning.checks import closed_on
from lotara.planning.optimise import cost_breakdown
from lotara.planning.selection import LegChoice, PlannedDay, Selection
from lotara.planning.solver import travel_minutes
from lotara.planning.timing import (
    DESK_MINUTES,
    LIGHT_START,
    ground_depart,
    lead_minutes,
    leg_times,
    settle_minutes,
)
from lotara.words import counted
from lotara.world.lands import haversine_km
from lotara.world.provider import OFFLINE_SOURCE

__all__ = ["build_itinerary"]

DAY_START = 8 * 60
DAY_END = 21 * 60 + 30
NIGHT_END = 23 * 60 + 30  # bars and live music run past the sightseeing day
MEALS = (("Breakfast", 8 * 60, 45), ("Lunch", 12 * 60 + 30, 60), ("Dinner", 19 * 60, 90))
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


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
                connects_from=choice.connects_from,
                connects_to=choice.connects_to,
                air_only=_air_only(choice, candidates),
            )
        else:
            ground = choice.ground
            mode = ground.mode if ground else "ground"
            minutes = ground.duration_minutes if ground else 240
            depart = datetime.combine(choice.date, datetime.min.time(), tz_from) + timedelta(
                minutes=ground_depart(ground)
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
                connects_from=choice.connects_from,
                connects_to=choice.connects_to,
            )
        out.append((leg, depart, arrive))
    return out


def _air_only(choice: LegChoice, candidates: Candidates) -> bool:
    """Whether the world offers no ground or water way at all for this hop (an ocean, a sea
    no ferry crosses): then a flight is the only way, whatever the traveller asked for."""
    return any(
        leg.origin_city == choice.origin_city
        and leg.destination_city == choice.destination_city
        and not leg.ground
        for leg in candidates.legs
    )


def _tz(candidates: Candidates, city: str) -> str | None:
    place = candidates.places.get(city)
    if place is not None:
        return place.timezone
    facts = candidates.facts.get(city)
    return facts.timezone if facts else None


def build_itinerary(
    request: TripRequest, selection: Selection, candidates: Candidates
) -> Itinerary:
    """The day-by-day plan of a selection: its transport, stays and the solver's timetable."""
    currency = trip_currency(request)
    transport = _transport(request, selection, candidates)
    planned = {d.date: d for d in selection.schedule}
    plans: list[DayPlan] = []
    landing = transport[0][2].date() if transport else None
    light = {leg_times(c.date, c.flight or c.ground).first_morning() for c in selection.legs} - {
        None
    }
    for day, city in trip_days(request):
        tz = _tz(candidates, city)
        zone = _zone(tz)
        items = _transport_items(day, city, zone, selection, transport, index=len(plans))
        plan = planned.get(day)
        items += _planned_items(plan, city) if plan else []
        spans = _leg_spans(day, city, transport, selection.legs)
        _meals_around_legs(items, spans, light=day in light)
        _stays_around_legs(items, spans)
        _stays_around_meals(items)
        if plan is not None and plan.away:
            # A day in the air: said once, on the flight itself; meals come on board.
            flights = [i for i in items if i.kind == "transport"]
            note = "in the air all day, meals on board"
            if flights:
                flights[-1].note = "; ".join(n for n in (flights[-1].note, note) if n)
            else:
                if landing is not None and landing > day:
                    note += f"; lands {landing:%a %d %b}"
                items.append(DayItem(kind="free", name="In the air", note=note, city=city))
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
    over = over_budget_note(request, cost)
    if over is not None:
        notes.append(over)
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
        summary=trip_summary(request, cost),
        transport=legs,
        stays=stays,
        days=plans,
        cost=cost,
        sources=_sources(legs, stays, plans, selection),
        notes=notes,
    )


def trip_summary(request: TripRequest, cost: CostBreakdown) -> str:
    """The plan's one-line summary: where, from where, for whom, when, and what it costs."""
    cities = " → ".join(d.city for d in request.destinations)
    budget = request.budget
    return (
        f"{request.days} days in {cities} from {request.origin_city or request.origin} "
        f"for {request.travelers}, {request.start_date.isoformat()} to "
        f"{request.end_date.isoformat()}: {cost.total:,.2f} {cost.currency}"
        + (f" of a {budget.amount:,.2f} {cost.currency} budget" if budget else "")
        + "."
    )


def over_budget_note(request: TripRequest, cost: CostBreakdown) -> str | None:
    """The note a plan over its budget carries, or None when it fits."""
    if request.budget is None or cost.total <= request.budget.amount + 0.005:
        return None
    paid = (
        f"; its paid sights are {cost.activities:,.2f} {cost.currency} of it"
        if cost.activities > 0.005
        else ""
    )
    return (
        f"This plan costs {cost.total - request.budget.amount:,.2f} {cost.currency} more than "
        f"the budget of {request.budget.amount:,.2f} {cost.currency}{paid}."
    )


def _transport_items(
    day: date,
    city: str,
    zone: ZoneInfo,
    selection: Selection,
    transport: list[tuple[TransportLeg, datetime, datetime]],
    *,
    index: int,
) -> list[DayItem]:
    """The legs that leave on ``day``, or land on it after leaving before the trip began."""
    items = []
    first_day = selection.schedule[0].date if selection.schedule else day
    for choice, (leg, depart, arrive) in zip(selection.legs, transport, strict=True):
        local_arr = arrive.astimezone(zone)
        if choice.date == day and leg.destination == city and arrive.date() <= depart.date():
            # Across the date line eastward it lands on the day (or the eve) it left, by
            # the wall clock: show it where it lands, first in the day.
            items.append(_landing(leg, depart, local_arr, "%a %d %b %H:%M local time"))
        elif choice.date == day:
            note = (
                None
                if arrive.date() == depart.date()
                else f"arrives {arrive.strftime('%Y-%m-%d %H:%M')} local time"
            )
            items.append(
                DayItem(
                    start=depart.strftime("%H:%M"),
                    end=arrive.strftime("%H:%M"),
                    kind="transport",
                    name=leg.description,
                    cost=leg.cost,
                    city=leg.origin,
                    note=note,
                )
            )
        elif (
            leg.destination == city
            and local_arr.date() == day
            and choice.date < day
            and (index == 0 or choice.date < first_day)
        ):
            # It left before the trip's first day: show it where it lands.
            items.append(_landing(leg, depart, local_arr, "%H:%M"))
    return items


def _landing(leg: TransportLeg, depart: datetime, local_arr: datetime, lands: str) -> DayItem:
    """A leg shown on the day it lands, at its landing time, saying when it left."""
    return DayItem(
        start=local_arr.strftime("%H:%M"),
        kind="transport",
        name=leg.description,
        cost=leg.cost,
        city=leg.destination,
        note=f"left {depart.strftime('%a %d %b %H:%M')} {leg.origin} time; "
        f"lands {local_arr.strftime(lands)}",
    )


DRIVES = frozenset({"self-driving", "car_hire", "taxi", "drive"})
AIRPORT_MEAL = (90, 45)  # a meal at the airport: from 90 min before the flight, 45 min long
MEAL_SLACK = (60, 90)  # a meal may move this much earlier, or end this much later


Span = tuple[str, int, int, TransportLeg]


def _leg_spans(
    day: date,
    city: str,
    transport: list[tuple[TransportLeg, datetime, datetime]],
    choices: list[LegChoice],
) -> list[Span]:
    """What the legs take of ``day`` in its wall clock (leaving in the origin's time, landing
    in the destination's): ("lead", ...) getting to the airport or station, ("under way",
    ...) aboard, ("settle", ...) out of the airport and into town; local minutes 0-1440.
    The lead and settling take the transfers' own time where the plan knows it (a 150-minute
    coach from Vancouver's airport to Whistler), else the kind's usual."""
    out = []
    for (leg, depart, arrive), choice in zip(transport, choices, strict=True):
        leaving, landing = depart.date() == day, arrive.date() == day
        if arrive.replace(tzinfo=None) <= depart.replace(tzinfo=None):
            # Across the date line eastward, the wall clock lands before it left (Kyoto
            # 12:20, San Francisco 06:00 the same date): the day is the city's it is, so
            # the leg takes the rest of a day it leaves, and the start of a day it lands.
            leaving, landing = (
                leaving and leg.destination != city,
                landing and leg.destination == city,
            )
        elif not depart.date() <= day <= arrive.date():
            continue
        if not (leaving or landing or depart.date() < day < arrive.date()):
            continue
        leaves = depart.hour * 60 + depart.minute if leaving else 0
        lands = arrive.hour * 60 + arrive.minute if landing else 24 * 60
        lead = choice.lead_minutes or lead_minutes(leg.kind)
        settle = choice.settle_minutes or settle_minutes(leg.kind)
        if leaving:
            out.append(("lead", max(0, leaves - lead), leaves, leg))
        out.append(("under way", leaves, lands, leg))
        if landing:
            out.append(("settle", lands, min(24 * 60, lands + settle), leg))
    return out


def _meals_around_legs(items: list[DayItem], spans: list[Span], *, light: bool) -> None:
    """Time the day's meals that are not at a restaurant around its legs, as they are eaten.

    The solver puts a meal the legs leave no time for "on the way" at the city's meal hour;
    here it moves within an hour earlier or ninety minutes later to a time the traveller is
    in town, or else is eaten aboard (in the air, on the train) while the leg is under way,
    or at the airport or station before leaving. A meal "on the way" on a day no leg
    touches at that hour is eaten in town; after a night arrival breakfast is late.
    Each keeps its price (it is budgeted at the city's everyday price).
    """
    visits = [
        (_minutes(i.start, 0), _minutes(i.end, 0))
        for i in items
        if i.kind == "activity" and i.start is not None and i.end is not None
    ]

    def at_visit(lo: int, length: int) -> int | None:
        """When the visit a meal from ``lo`` would overlap ends (None: it overlaps none)."""
        ends = [hi for v_lo, hi in visits if lo < hi and lo + length > v_lo]
        return max(ends) if ends else None

    for item in items:
        if item.kind != "meal" or item.restaurant is not None or item.start is None:
            continue
        label = item.name.split(" ", 1)[0]
        start = _minutes(item.start, 0)
        length = max(30, _minutes(item.end, start + 45) - start)
        if light and label == "Breakfast" and not spans:
            start = max(start, LIGHT_START - 60)

        def clash(lo: int, length: int = length) -> list[tuple[str, int, int, TransportLeg]]:
            return [sp for sp in spans if lo < sp[2] and lo + length > sp[1]]

        hits = clash(start)
        if not hits:
            if "on the way" in item.name:
                item.name = (
                    f"{label} {'near your stay' if label == 'Breakfast' else '(your choice)'}"
                )
            item.start, item.end = _hhmm(start), _hhmm(start + length)
            continue
        earliest, latest = start - MEAL_SLACK[0], start + length + MEAL_SLACK[1]
        tries = sorted(
            {sp[1] - length for sp in spans} | {sp[2] for sp in spans} | {hi for _, hi in visits},
            key=lambda t: abs(t - start),
        )
        moved = next(
            (
                t
                for t in tries
                if earliest <= t
                and t + length <= latest
                and not clash(t)
                and at_visit(t, length) is None
            ),
            None,
        )
        if moved is not None:
            where = "before you leave" if moved < hits[0][1] else "once you arrive"
            item.name, item.note = f"{label} {where}", None
            item.start, item.end = _hhmm(moved), _hhmm(moved + length)
            continue
        aboard = [sp for sp in hits if sp[0] == "under way" and sp[2] - sp[1] >= length]
        if aboard:
            _, lo, hi, leg = aboard[0]
            at = min(max(start, lo + 30), hi - length)
            at = max(lo, at)
            aboard_name = "on the road" if leg.kind in DRIVES else "on board"
            where = "in the air" if leg.kind == "flight" else leg.kind.replace("-", " ")
            item.name, item.note = f"{label} {aboard_name}", f"{where}: {leg.description}"
            item.start, item.end = _hhmm(at), _hhmm(at + min(length, hi - at))
            continue
        leaving = [sp for sp in hits if sp[0] == "lead"] or [
            sp for sp in spans if sp[0] == "lead" and sp[1] > start
        ]
        if leaving:
            _, lo, hi, leg = leaving[0]
            before, minutes = AIRPORT_MEAL if leg.kind == "flight" else (45, 30)
            at = max(lo, hi - before)
            place = "the airport" if leg.kind == "flight" else "the station"
            item.name, item.note = f"{label} at {place}", f"before {leg.description}"
            item.start, item.end = _hhmm(at), _hhmm(at + minutes)
            continue
        after = max(sp[2] for sp in hits)
        landed = [sp for sp in hits if sp[0] == "settle"]
        if at_visit(after, length) is not None and at_visit(after, 30) is None:
            # In town just before the day's first visit: a quick meal there, not at the
            # airport hours before (lunch at 09:45 after a 150-minute coach to Whistler).
            item.name, item.note = f"{label} once you arrive", "a quick one before the visit"
            item.start, item.end = _hhmm(after), _hhmm(after + 30)
            continue
        if at_visit(after, length) is not None and landed:
            # The day's first visit follows the ride into town: a quick bite on landing.
            _, lands, _, leg = landed[0]
            place = "the airport" if leg.kind == "flight" else "the station"
            item.name, item.note = f"{label} at {place}", "a quick bite once you land"
            item.start, item.end = _hhmm(lands), _hhmm(lands + 30)
            continue
        while (done := at_visit(after, length)) is not None:  # not during a visit either
            after = done
        item.name, item.note = f"{label} once you arrive", None
        item.start, item.end = _hhmm(after), _hhmm(after + length)


def _stays_around_legs(items: list[DayItem], spans: list[Span]) -> None:
    """A check-in or check-out never while a leg is under way: a check-in waits until the
    traveller is settled, or says the room is held for a landing after midnight; a
    check-out comes before leaving for the airport or station."""
    for item in items:
        if item.kind != "stay" or item.start is None:
            continue
        at = _minutes(item.start, 0)
        busy = [sp for sp in spans if sp[0] != "settle" and sp[1] < at < sp[2]]
        if not busy:
            continue
        kind, lo, hi, leg = busy[0]
        if item.name.startswith("Check out"):
            ahead = [sp[1] for sp in spans if sp[0] == "lead" and sp[3] is leg]
            leave = lo if kind == "lead" else (ahead[0] if ahead else lo - lead_minutes(leg.kind))
            item.start = _hhmm(max(0, leave - 15))
            continue
        after = next((sp[2] for sp in spans if sp[0] == "settle" and sp[1] >= hi), None)
        if after is not None:
            item.start = _hhmm(after)
            continue
        arrive = local_arrival(leg)
        item.start = None
        item.note = f"the room is held from tonight; you arrive {arrive}"


EARLIEST_MEAL = 6 * 60 + 30
MEAL_SOONER = 45  # how much sooner a meal is eaten so that the check-out follows it


def _stays_around_meals(items: list[DayItem]) -> None:
    """A check-in or check-out never during a meal or visit, once the meals have moved round
    the legs (a breakfast "before you leave" ends as the ride to the airport starts, where
    the check-out was): the meal is eaten up to 45 minutes sooner, from 06:30, so the
    check-out follows it, else the check-out comes before it; a check-in comes after it."""

    def span(i: DayItem) -> tuple[int, int]:
        lo = _minutes(i.start, 0)
        hi = _minutes(i.end, lo)
        return lo, hi if hi >= lo else 24 * 60

    timed = [i for i in items if i.kind in ("meal", "activity") and i.start and i.end]
    for stay in items:
        if stay.kind != "stay" or stay.start is None:
            continue
        at = _minutes(stay.start, 0)
        out = stay.name.startswith("Check out")
        for _ in range(len(timed) + 1):
            during = [i for i in timed if span(i)[0] < at + DESK_MINUTES and at < span(i)[1]]
            if not during:
                break
            lo, hi = span(during[0])
            if not out:
                at = hi
                continue
            sooner = lo - (hi - at)
            others = [span(i) for i in timed if i is not during[0]]
            if (
                during[0].kind == "meal"
                and hi - at <= MEAL_SOONER
                and sooner >= EARLIEST_MEAL
                and not any(o_lo < at and sooner < o_hi for o_lo, o_hi in others)
            ):
                during[0].start, during[0].end = _hhmm(sooner), _hhmm(at)
                break
            at = max(0, lo - DESK_MINUTES)
        stay.start = _hhmm(at)


def local_arrival(leg: TransportLeg) -> str:
    """When a leg arrives, in its destination's time: "Fri 02 Apr 01:30"."""
    return f"{datetime.fromisoformat(leg.arrive):%a %d %b %H:%M}"


def _planned_items(plan: PlannedDay, city: str) -> list[DayItem]:
    """The solver's items of a day as DayItems, with the walk or ride between visits."""
    out: list[DayItem] = []
    previous: tuple[float, float] | None = None
    for item in plan.items:
        if item.kind == "activity" and item.activity is not None:
            a = item.activity
            note = item.note
            if previous is not None:
                km = haversine_km(previous[0], previous[1], a.lat, a.lon)
                how = "walk" if km < 1.5 else "by transit or taxi"
                hop = f"{travel_minutes(km)} min {how} from the last stop ({km:.1f} km)"
                note = f"{note}; {hop}" if note else hop
            previous = (a.lat, a.lon)
            out.append(
                DayItem(
                    start=_hhmm(item.start),
                    end=_hhmm(item.end),
                    kind="activity",
                    name=a.name,
                    cost=item.cost,
                    ref=a.id,
                    lat=a.lat,
                    lon=a.lon,
                    city=a.city,
                    activity=a,
                    note=note,
                )
            )
        elif item.kind == "meal":
            r = item.restaurant
            out.append(
                DayItem(
                    start=_hhmm(item.start),
                    end=_hhmm(item.end),
                    kind="meal",
                    name=item.name,
                    cost=item.cost,
                    ref=r.id if r else None,
                    lat=r.lat if r else None,
                    lon=r.lon if r else None,
                    city=city,
                    note=item.note or (", ".join(r.cuisines) if r else None),
                    restaurant=r,
                )
            )
        else:
            out.append(
                DayItem(
                    start=_hhmm(item.start),
                    kind="stay",
                    name=item.name,
                    ref=item.ref,
                    city=city,
                    note=item.note,
                )
            )
    return out


def _cost(
    request: TripRequest, legs: list[TransportLeg], stays: list[StayBooking], days: list[DayPlan]
) -> CostBreakdown:
    flights = sum(leg.cost for leg in legs if leg.kind == "flight")
    # The legs between places by train, coach, ferry or car: transport, not local transport
    # (the transfers join the plan later, in ``transfers.add_transfers``).
    ground = sum(leg.cost for leg in legs if leg.kind not in ("flight", "transfer"))
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
        local_transport=sum(leg.cost for leg in legs if leg.kind == "transfer"),
        ground_transport=ground,
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
