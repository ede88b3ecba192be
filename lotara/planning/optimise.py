"""Choosing the trip: what the traveller wants, valued in points, for ``solver`` to choose.

Choosing and scheduling are one decision (``planning/solver.py``, an OR-Tools CP-SAT model):
this module turns the candidates into the model's options and values, and its answer into a
``Selection``. Every part of the trip is a group that needs exactly one option (each
transport leg, each city's stay); each meal of each day takes a restaurant that serves that
meal; sights are optional, each on at most one day. Each option has a value in points:

- transport, by door-to-door hours (a flight's time plus its airport transfers and time at
  airports, 2.5 h when none is known; a ground leg's plus 0.5 h): 10 - 0.5 per hour; a
  flight -2.5 per stop, -3 for a departure (or leaving town for it) before 06:00 or a
  landing before 05:30, -1.5 for an arrival after 23:30; a train +0.5, a drive or taxi
  over 4 hours -0.5 (an unasked one over 5 hours beside a flight, train or bus -20, and
  an unasked bus over 10 hours beside a flight or train likewise); with a
  child under five each stop and flight hour counts twice; -0.5 per daytime hour
  (09:00-21:00) of the trip lost before the traveller is settled at the first city or
  after leaving for the airport on the last day;
  a cabin above economy +0.8 (premium economy) or +1.6 (business, first) per hour of the
  leg's shortest flight beyond the first two, and +8 when it is the class asked for (-30 a
  leg for each cabin below it);
- stay: nights x 2 x rating (3.5 when unrated), + the class's comfort a night per room
  (``CLASS_NIGHT_POINTS``), +0.5 a night for an entire room, +1.5 a night at the class asked
  for or, for a budget that allows it, at upscale or luxury, -2 a night for an unasked dorm;
  on a couple's honeymoon, anniversary or romantic break (``couple_occasion``) +2 a night for
  a room for two in a hotel (``couples_stay``), and upscale is the class asked for;
- meal: 0.6 x rating (3.0 when unrated) + 1 (2 on a food trip) over a meal "of your choice",
  +0.8 when the cuisine is one asked for, +3 when it is known to suit the party's diet, -0.5
  for a generic suggestion (-1.5 on a food trip);
- sight: 2 + 4 per interest it matches (at most 2 counted) + 2 per significance step above
  2 (a must-see of significance 5: +6), +20 when the traveller named it, -1 for a generic
  one, +1.5 when known step-free for a traveller who needs it.

A sight that takes the whole day counts as many times as the day holds visits (the pace).

Money counts too: spending the whole budget costs 60 points (0.6 per 1%), so a small
budget finds the cheap way and a large one buys the comfort it was meant for; the budget
itself is a hard limit. Without a budget the cap is the cheapest way to make the trip plus
60% ("comfortable, not lavish"). What is ruled out because the party would refuse it (a
dorm for a couple, a kind of stay they said no to, nightlife nobody asked for, a meal place
that breaks a diet) is never offered; when nothing else exists the need is recorded in
``Selection.unmet`` and its check fails with the reason.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from lotara.errors import InvalidValue
from lotara.models import (
    Activity,
    FlightOption,
    GroundLeg,
    Restaurant,
    Stay,
    TripRequest,
)
from lotara.planning.candidates import (
    Candidates,
    late_stay_key,
    stay_windows,
    trip_currency,
    trip_days,
)
from lotara.planning.checks import shut_on
from lotara.planning.selection import (
    LegChoice,
    LocalCosts,
    PlannedDay,
    Selection,
    StayChoice,
    cost_breakdown,
)
from lotara.planning.solver import Infeasible, Opt, Problem, StayGroup, solve
from lotara.planning.suitability import (
    STAY_CLASS_ORDER,
    STEPS_OF_KIND,
    STRENUOUS_REASON,
    activity_allowed,
    diet_fit,
    flight_breaks,
    flight_rule_words,
    getaway_kind_elsewhere,
    is_full_day,
    is_must_see,
    kind_meets,
    nearest_kind,
    serves,
    stairs_matter,
    stay_access,
    stay_class,
    stay_refused,
    stop_country,
    trip_months,
)
from lotara.planning.timing import (
    daytime_lost_arriving,
    daytime_lost_leaving,
    ground_depart,
    leg_times,
)
from lotara.planning.transfers import airport_minutes, daily_cost, flight_transfers, with_local
from lotara.words import counted

__all__ = [
    "LegChoice",
    "NO_BUDGET_HEADROOM",
    "PACE_SLOTS",
    "Selection",
    "StayChoice",
    "activity_value",
    "arrival_offset",
    "choose_options",
    "cost_breakdown",
    "couple_occasion",
    "couples_stay",
    "flight_value",
    "ground_key",
    "pace_of",
    "rooms_needed",
    "scoring_interests",
    "spends_like_luxury",
]

NO_BUDGET_HEADROOM = 1.6
AIRPORT_MINUTES = 150  # getting to the airport early, and out of the other one
STATION_MINUTES = 30
DRIVE_MODES = ("self-driving", "car_hire")
LONG_DRIVE_MINUTES = 5 * 60
LONG_DRIVE_POINTS = 20.0  # a third of the budget's worth: only money forces such a drive
LONG_BUS_MINUTES = 10 * 60  # a day on a coach: an overnight sleeper or money forces it
PUBLIC_MODES = ("train", "bus", "ferry")  # a flight slower door to door than these is dropped
MAX_GROUND_MINUTES = 8 * 60  # a longer ground way is offered only when no shorter one is
PACE_SLOTS = {"relaxed": 2, "moderate": 3, "packed": 4}
MIN_NAMED_RESTAURANTS = 6
LOST_HOUR_POINTS = 0.5  # a daytime hour of the trip spent getting there or leaving early
CABIN_ORDER = ("economy", "premium_economy", "business", "first")
ALIKE_HOURS = 2.0
CABIN_HOUR_POINTS = {"economy": 0.0, "premium_economy": 0.8, "business": 1.6, "first": 1.6}
LUXURY_FACTOR = 2.5  # a budget this many times the cheapest trip is a comfortable one
EARLY_LANDING_HOUR = 6
SMALL_CHILD_AGE = 5
SMALL_CHILD_WEIGHT = 2.0  # a stop or an hour in the air, with a small child
SMALL_CHILD_PREMIUM = 0.25  # a fewest-stops flight this much dearer is still the one offered
SMALL_CHILD_BUDGET_SHARE = 0.05  # or dearer by at most this share of the budget
EARLY_HOUR = 6  # leaving town before this is being up in the night
EARLY_POINTS = 3.0
EARLY_GROUND = 8 * 60  # a train, coach or ferry leaving before this means a dawn start
BELOW_CLASS_POINTS = 30.0  # each cabin below the class asked
CLASS_ASKED_POINTS = 8.0  # a flight in the class asked; a ground leg, which has no class
CLASS_NIGHT_POINTS = {"budget": 0.0, "midrange": 1.5, "upscale": 3.0, "luxury": 4.0}
DORM_NIGHT_POINTS = 2.0
COUPLE_NIGHT_POINTS = 2.0  # a room for two in a hotel, on a honeymoon or an anniversary
COUPLE_KINDS = ("hotel", "villa", "chalet", "resort")  # "boutique hotel" is a hotel
STEP_FREE_POINTS = 1.5  # landing before this, the room is held from the night before


def rooms_needed(travelers: int, stay: Stay) -> int:
    """Rooms the party takes in ``stay``: ceil(travelers / max occupancy)."""
    return math.ceil(travelers / max(1, stay.max_occupancy))


def ground_key(leg: GroundLeg) -> str:
    """A stable id for a ground leg (the model has none): its route, and its departure when
    it runs to a timetable (``route_of`` strips that)."""
    route = f"ground:{leg.mode}:{leg.origin}:{leg.destination}"
    return f"{route}@{leg.depart}" if leg.depart else route


def route_of(key: str) -> str:
    """An option's key without a timetabled ground leg's departure: one train, its times."""
    return key.partition("@")[0]


def _hours(text: str) -> float:
    try:
        hh, mm = text[11:16].split(":")
        return int(hh) + int(mm) / 60
    except (ValueError, IndexError):
        return 12.0


def flight_value(flight: FlightOption, *, small_children: bool = False) -> float:
    """A flight's comfort in points (see the module docstring), its cabin aside; with a
    small child each stop and hour counts twice."""
    door_to_door = (flight.duration_minutes + AIRPORT_MINUTES) / 60
    weight = SMALL_CHILD_WEIGHT if small_children else 1.0
    value = 10 - weight * (2.5 * flight.stops + 0.5 * door_to_door)
    if flight.segments:
        if _hours(flight.segments[0].depart) < EARLY_HOUR:
            value -= EARLY_POINTS  # up at three to make it: as bad as landing in the small hours
        landing = _hours(flight.segments[-1].arrive)
        if landing > 23.5:
            value -= 1.5
        elif landing < 5.5:
            # Landing in the small hours: a night without a bed before the room is ready.
            value -= 3.0
    return value


def _cabin_value(
    flight: FlightOption, request: TripRequest, luxury: bool, shortest: int | None = None
) -> float:
    """A cabin's comfort: per hour of the leg's shortest flight (a long detour in business
    is no better a journey than the direct flight in it), +8 for the class asked for."""
    cabin = flight.cabin if flight.cabin in CABIN_ORDER else "economy"
    hours = min(flight.duration_minutes, shortest or flight.duration_minutes) / 60
    # The first hours of a flight are alike in every cabin: a seat upgrade pays on long ones.
    value = CABIN_HOUR_POINTS[cabin] * max(0.0, hours - ALIKE_HOURS)
    wanted = request.travel_class or ("business" if luxury and hours >= 5 else None)
    if wanted is not None:
        rank, want = CABIN_ORDER.index(cabin), CABIN_ORDER.index(wanted)
        if rank == want:
            value += CLASS_ASKED_POINTS
        elif rank < want and request.travel_class:
            value -= BELOW_CLASS_POINTS * (want - rank)  # the nearest cabin below comes next
    return value


def _small_children(request: TripRequest) -> bool:
    """A party with a child under ``SMALL_CHILD_AGE``, or children of ages not known: a
    connection costs them more than money."""
    if request.children and not request.children_ages:
        return True
    return any(age < SMALL_CHILD_AGE for age in request.children_ages)


def _fewest_stops(flights: list[FlightOption], budget: float | None) -> list[FlightOption]:
    """The flights a party with a small child is offered: none with more stops than the
    fewest while a flight with the fewest costs at most ``SMALL_CHILD_PREMIUM`` more than
    the cheapest (a nonstop for C$90 a seat more beats 16 hours via Reykjavik with a
    three-year-old, even over budget), or at most ``SMALL_CHILD_BUDGET_SHARE`` of the budget
    more (London-Orlando: $312 of $8,000 over a night of connections with a toddler)."""
    if not flights:
        return flights
    fewest = min(f.stops for f in flights)
    cheapest = min(f.price for f in flights)
    direct = [f for f in flights if f.stops == fewest]
    extra = min(f.price for f in direct) - cheapest
    if extra <= cheapest * SMALL_CHILD_PREMIUM or (
        budget is not None and extra <= budget * SMALL_CHILD_BUDGET_SHARE
    ):
        return direct
    return flights


def _long_drive(
    leg: GroundLeg, wanted: set[str], flights: list[FlightOption], grounds: list[GroundLeg]
) -> bool:
    """A drive over ``LONG_DRIVE_MINUTES`` that the traveller did not ask for, on a leg with
    a flight or a train, bus or ferry, or a bus over ``LONG_BUS_MINUTES`` unasked beside a
    flight or a train (Barcelona to Rome, seventeen hours on the road for the two-hour
    flight's price difference): it loses to them unless the budget forces it."""
    if leg.mode in DRIVE_MODES and leg.duration_minutes > LONG_DRIVE_MINUTES:
        if wanted & set(DRIVE_MODES):
            return False
        return bool(flights) or any(g.mode in PUBLIC_MODES for g in grounds)
    if leg.mode == "bus" and leg.duration_minutes > LONG_BUS_MINUTES and "bus" not in wanted:
        return bool(flights) or any(g.mode == "train" for g in grounds)
    return False


def _ground_value(leg: GroundLeg, *, gentle: bool = False) -> float:
    """Points for a ground leg: its hours door to door, a train's comfort, and being up at
    dawn for a departure before ``EARLY_GROUND`` (checking out at 05:45 for a 07:00 train is
    worth it only for the hours it buys in the days; for a ``gentle`` party, at a relaxed
    pace or with a small child, twice ``EARLY_POINTS``: only a lost day buys it)."""
    door_to_door = (leg.duration_minutes + STATION_MINUTES) / 60
    bonus = 0.5 if leg.mode == "train" else (-0.5 if door_to_door > 4 else 0.0)
    dawn = ground_depart(leg) < EARLY_GROUND
    early = (2 * EARLY_POINTS if gentle else EARLY_POINTS / 2) if dawn else 0.0
    return 10 - 0.5 * door_to_door + bonus - early


def couple_occasion(request: TripRequest) -> bool:
    """Whether the trip is a couple's honeymoon, anniversary or romantic break (two, no
    children): their stay is a room for two in a hotel, of a better class where it fits."""
    return request.occasion is not None and request.travelers == 2 and not request.children


def couples_stay(stay: Stay, rooms: int) -> bool:
    """A stay a couple on an occasion expects: one room for the two of them (a double, not
    two singles nor a dorm) in a hotel, boutique hotel, villa or resort, not a guesthouse
    or a family flat."""
    return rooms == 1 and stay.room_type != "shared room" and stay.kind.split()[-1] in COUPLE_KINDS


def _stay_value(
    stay: Stay,
    nights: int,
    klass: str,
    wanted: str | None,
    rooms: int = 1,
    dorm_ok: bool = True,
    couple: bool = False,
) -> float:
    per_night = 2 * (stay.rating if stay.rating is not None else 3.5)
    if couple and couples_stay(stay, rooms):
        per_night += COUPLE_NIGHT_POINTS
    if stay.room_type == "entire room":
        per_night += 0.5
    # The comfort a dearer class buys, per room: what a traveller spends a budget on.
    per_night += CLASS_NIGHT_POINTS[klass] * rooms
    if stay.room_type == "shared room" and not dorm_ok:
        per_night -= DORM_NIGHT_POINTS  # a bed in a dorm, for someone who did not ask for one
    if wanted is not None and STAY_CLASS_ORDER.index(klass) >= STAY_CLASS_ORDER.index(wanted):
        per_night += 1.5
    return nights * per_night


def scoring_interests(request: TripRequest) -> list[str]:
    """The interests activities are scored on: a party with children also wants ``family``."""
    if request.children and "family" not in request.interests:
        return [*request.interests, "family"]
    return list(request.interests)


def activity_value(activity: Activity, interests: Sequence[str]) -> float:
    """A sight's fit to the interests and its significance in points (module docstring)."""
    matches = sum(1 for tag in activity.tags if tag in interests)
    significance = 2 * (activity.significance - 2)
    return 2 + 4 * min(matches, 2) + significance - (1 if activity.generic else 0)


DIET_CONFIRMED = 3.0
"""A meal at a place known to suit the diet, over one the data cannot vouch for: where only
a few are known (Istanbul's halal grills among its meyhanes), they are the ones booked."""


def _meal_value(restaurant: Restaurant, request: TripRequest) -> float:
    """A meal's fit in points: rating, the cuisines asked for, the diet, a real place."""
    rating = restaurant.rating if restaurant.rating is not None else 3.0
    wanted = {c.lower() for c in request.cuisines}
    match = any(c.lower() in wanted for c in restaurant.cuisines)
    # A real table rather than "your choice": worth more on a trip that is about food.
    value = 0.6 * rating + (0.8 if match else 0) + (2.0 if "food" in request.interests else 1.0)
    country = stop_country(request, restaurant.city)
    if request.diets and all(diet_fit(restaurant, d, country) for d in request.diets):
        value += DIET_CONFIRMED
    if restaurant.generic:
        value -= 1.5 if "food" in request.interests else 0.5
    return value


def pace_of(request: TripRequest) -> int:
    """Sights a whole day holds: 2, 3 or 4 by pace; 2 at most with a child under four."""
    full = PACE_SLOTS.get(request.pace, 3)
    if any(age < 4 for age in request.children_ages):
        full = min(full, 2)
    return full


def arrival_offset(request: TripRequest, day: date, payload: object) -> int:
    """How many days after the start an outbound option lands (0: on the first day)."""
    arrive = leg_times(day, payload).arrive  # type: ignore[arg-type]
    return max(0, (arrive.date() - request.start_date).days)


def spends_like_luxury(request: TripRequest, cheapest: float) -> bool:
    """Whether the request asks for comfort: a luxury class, or a budget far above the cheapest."""
    if request.stay_class in ("upscale", "luxury") or request.travel_class in (
        "business",
        "first",
    ):
        return True
    return request.budget is not None and request.budget.amount >= LUXURY_FACTOR * cheapest


def _leg_groups(
    request: TripRequest,
    candidates: Candidates,
    excluded: set[str],
    luxury: bool,
    unmet: dict[str, str],
) -> list[list[Opt]]:
    """Every leg's options, valued for comfort, the cabin and the trip's hours they cost."""
    out = []
    last = len(candidates.legs) - 1
    wanted_modes = set(request.transport_modes)
    for index, leg in enumerate(candidates.legs):
        ground = leg.ground
        if leg.flights:
            # With a flight to take, nobody should drive or ride half a day instead; where
            # every ground way is that long, a long bus or train (a budget traveller's way)
            # stays on offer, never a drive.
            short = [g for g in ground if g.duration_minutes <= MAX_GROUND_MINUTES]
            ground = short or [g for g in ground if g.mode not in DRIVE_MODES]
        if wanted_modes and not leg.flights and not ground:
            ground = leg.ground
        flights = [f for f in leg.flights if f.id not in excluded]
        grounds = [g for g in (ground if flights else leg.ground) if ground_key(g) not in excluded]
        if not wanted_modes & set(DRIVE_MODES) and index not in (0, last):
            # Your own car is at home: between two cities you flew to, nobody has one.
            grounds = [g for g in grounds if g.mode != "self-driving"] or grounds
        if wanted_modes:
            # Only the ways the traveller asked for, where the leg can be made so.
            keep_f = flights if "flight" in wanted_modes else []
            keep_g = [g for g in grounds if g.mode in wanted_modes]
            if not keep_g and leg.ground and not keep_f:
                keep_g = [g for g in leg.ground if g.mode in wanted_modes]
            if keep_f or keep_g:
                flights, grounds = keep_f, keep_g
            else:
                unmet.setdefault(
                    "transport_modes",
                    f"No {' or '.join(sorted(wanted_modes))} found from {leg.origin_city} to "
                    f"{leg.destination_city}; another way is planned.",
                )
        small = _small_children(request)
        gentle = small or request.pace == "relaxed"
        if small:
            flights = _fewest_stops(flights, request.budget.amount if request.budget else None)
        if request.flight_rules and flights:
            # Only the flights that keep the rules asked for, where any do; else those that
            # break the fewest, and it is said.
            rules = request.flight_rules
            kept = [r for r in rules if any(not flight_breaks(f, [r]) for f in flights)]
            broken = {f.id: len(flight_breaks(f, rules)) for f in flights}
            fewest = min(broken.values())
            flights = [f for f in flights if broken[f.id] == fewest]
            if fewest:
                # The rules no flight keeps, else (each is kept by some) all of them at once.
                missed = [r for r in rules if r not in kept]
                asked = (" or " if missed else " and ").join(
                    flight_rule_words(r) for r in missed or rules
                )
                unmet.setdefault(
                    "flight_rules",
                    f"No flight from {leg.origin_city} to {leg.destination_city} is {asked}; "
                    "the nearest to it is planned.",
                )
        shortest = min((f.duration_minutes for f in flights), default=None)
        options = [
            Opt(
                key=f.id,
                cost=f.price,
                value=flight_value(f, small_children=small)
                + _cabin_value(f, request, luxury, shortest),
                payload=f,
            )
            for f in flights
        ] + [
            Opt(
                key=ground_key(g),
                cost=g.cost,
                # The class asked is a flight's: a train or a drive does not fall short of it.
                value=_ground_value(g, gentle=gentle)
                + (CLASS_ASKED_POINTS if request.travel_class else 0.0)
                - (LONG_DRIVE_POINTS if _long_drive(g, wanted_modes, flights, grounds) else 0.0),
                payload=g,
            )
            for g in grounds
        ]
        if not options:
            avoided = (
                f" without {', '.join(request.avoid_transport)}" if request.avoid_transport else ""
            )
            raise InvalidValue(
                f"No way found from {leg.origin_city} to {leg.destination_city} on "
                f"{leg.date.isoformat()}{avoided}; allow more transport or change the trip."
            )
        for option in options:
            times = leg_times(leg.date, option.payload)
            option.times = times
            lost = 0.0
            if index == 0:
                lost += daytime_lost_arriving(request.start_date, times.arrive)
            if index == last and index > 0 and request.trip_type != "one_way":
                lost += daytime_lost_leaving(request.end_date, times.depart, times.kind)
            option.value -= LOST_HOUR_POINTS * lost
        out.append(options)
    return out


def _stay_pool(
    request: TripRequest, pool: list[Stay], excluded: set[str], unmet: dict[str, str]
) -> list[Stay]:
    """The stays this party would take: refusals out, the kind and class asked for first,
    and for a traveller who cannot manage stairs those known to be step-free where any are."""
    pool = [s for s in pool if s.id not in excluded]
    refused = {s.id: stay_refused(request, s) for s in pool}
    fine = [s for s in pool if refused[s.id] is None]
    if not fine and pool:
        reason = next(r for r in refused.values() if r)
        unmet.setdefault("stay_kind", f"Every stay found breaks a need: {reason}.")
        fine = pool
    if request.stay_kinds:
        kinds = [s for s in fine if kind_meets(s.kind, request.stay_kinds)]
        if kinds:
            fine = kinds
        else:
            # None of the kind: the nearest kind (a flat for a cabin), never any at all.
            fine = nearest_kind(fine, request.stay_kinds)
            stepped = [
                s
                for s in pool
                if s.step_free is False and refused[s.id] and kind_meets(s.kind, request.stay_kinds)
            ]
            if stepped and stairs_matter(request):
                unmet.setdefault(STEPS_OF_KIND, stay_access(stepped[0]))
            if not (pool and getaway_kind_elsewhere(request, pool[0].city)):
                unmet.setdefault(
                    "stay_kind",
                    f"No {' or '.join(request.stay_kinds)} found; another kind is booked.",
                )
    if request.stay_class:
        want = STAY_CLASS_ORDER.index(request.stay_class)
        classed = [s for s in fine if STAY_CLASS_ORDER.index(stay_class(s, pool)) >= want]
        if request.stay_class == "budget":
            classed = [s for s in fine if stay_class(s, pool) in ("budget", "midrange")]
        if classed:
            fine = classed
        elif fine:
            unmet.setdefault(
                "stay_class", f"No {request.stay_class} stay found; the closest is booked."
            )
            # The closest is the class nearest the one asked, not any: "money no object" in
            # a short stay's pool of four hotels books the dearest class there, not the cheapest.
            ranks = {s.id: STAY_CLASS_ORDER.index(stay_class(s, pool)) for s in fine}
            near = min(abs(r - want) for r in ranks.values())
            fine = [s for s in fine if abs(ranks[s.id] - want) == near]
    if stairs_matter(request):
        # Known to be step-free beats not known, within the kind and class asked for.
        fine = [s for s in fine if s.step_free] or fine
    return fine


def _first_stay_pool(
    candidates: Candidates, city: str, booking: int, check_in: date
) -> list[Stay] | None:
    if booking == 0:
        return candidates.stays.get(city, [])
    return candidates.late_stays.get(late_stay_key(city, check_in))


def choose_options(
    request: TripRequest,
    candidates: Candidates,
    *,
    exclude: Sequence[str] = (),
    cap: float | None = None,
    local: LocalCosts | None = None,
) -> Selection:
    """The trip that fits the traveller best within the budget (or ``cap``), chosen and
    scheduled in one model; over budget, the least over it, with ``shortfall`` set.

    ``local`` (``transfers.local_costs``) is what getting around costs: each flight's airport
    transfers and every day's local transport are counted within the budget, so the
    selection's cost is the finished plan's (None: neither is costed)."""
    excluded = set(exclude)
    unmet: dict[str, str] = {}
    notes: list[str] = list(candidates.notes)  # what finding the options had to say
    travelers = request.travelers
    days = trip_days(request)
    months = trip_months(request.start_date, request.end_date)

    # Options first without comfort upgrades, to know the cheapest way to make the trip.
    legs = _leg_groups(request, candidates, excluded, False, unmet)
    if request.trip_type == "one_way" and len(legs) > 1:
        legs = legs[:-1]
    if local is not None and candidates.transfers:
        # A gateway's own transfers, for a connection there between a flight and a coach.
        local = local.model_copy(update={"transfers": {**candidates.transfers, **local.transfers}})
    _add_transfers(request, candidates, legs, local)
    fixed = daily_cost(local, request, [c for _, c in days]) if local else 0.0
    # The night the first stay starts: the landing day, or the night before a small-hours
    # landing (the room is held, so nobody waits in a lobby from 02:30 to 15:00).
    for option in legs[0]:
        assert option.times is not None
        k = max(0, (option.times.arrive.date() - request.start_date).days)
        if k and option.times.arrive.hour < EARLY_LANDING_HOUR and option.times.kind == "flight":
            k -= 1
        option.booking = k
    windows0 = stay_windows(request)
    pools: dict[int, list[Stay]] = {}
    for b in sorted({o.booking for o in legs[0]}):
        window = stay_windows(request, b)[0]
        if window.nights <= 0:
            pools[b] = []
            continue
        found = _first_stay_pool(candidates, window.city, b, window.check_in)
        if found is not None:
            pools[b] = _stay_pool(request, found, excluded, unmet)
    usable = [
        o
        for o in legs[0]
        if o.booking in pools
        and (pools[o.booking] or stay_windows(request, o.booking)[0].nights <= 0)
    ]
    if not usable:
        for o in legs[0]:
            o.booking = 0
        pools = {
            0: _stay_pool(request, candidates.stays.get(windows0[0].city, []), excluded, unmet)
        }
        usable = legs[0]
    legs[0] = usable

    dorm_ok = request.room_type == "shared room" or "hostel" in request.stay_kinds
    couple = couple_occasion(request)

    def stay_groups(luxury: bool, comfort: str = "upscale") -> list[StayGroup]:
        groups: list[StayGroup] = []
        for position, window in enumerate(windows0):
            bookings = sorted(pools) if position == 0 else [None]
            for b in bookings:
                win = stay_windows(request, b)[0] if b is not None else window
                if win.nights <= 0:
                    continue
                pool = (
                    pools[b]
                    if b is not None
                    else _stay_pool(request, candidates.stays.get(window.city, []), excluded, unmet)
                )
                # A honeymoon or an anniversary is worth a better class at any budget that
                # reaches one; money still decides whether it does.
                occasion = "upscale" if couple else None
                wanted = request.stay_class or (comfort if luxury else occasion)
                whole = candidates.stays.get(window.city, []) or pool
                options = []
                for stay in pool:
                    rooms = max(rooms_needed(travelers, stay), request.rooms or 0)
                    options.append(
                        Opt(
                            key=stay.id,
                            cost=stay.price_per_night * win.nights * rooms,
                            value=_stay_value(
                                stay,
                                win.nights,
                                stay_class(stay, whole),
                                wanted,
                                rooms,
                                dorm_ok,
                                couple,
                            ),
                            payload=(stay, win, rooms),
                        )
                    )
                if not options:
                    raise InvalidValue(
                        f"No stay in {window.city} fits {counted(travelers, 'traveler')} for "
                        f"{counted(win.nights, 'night')} with the room type and house rules "
                        "asked for; "
                        "relax a constraint or change the dates."
                    )
                groups.append(
                    StayGroup(
                        city=window.city,
                        position=position,
                        booking=b,
                        check_in=win.check_in,
                        check_out=win.check_out,
                        options=options,
                    )
                )
        return groups

    # Sights: each once in the trip, only those the party may be given.
    interests = scoring_interests(request)
    acts: dict[str, list[Activity]] = {}
    values: dict[str, float] = {}
    seen: set[str] = set()
    strenuous: list[str] = []
    for _, city in days:
        if city in acts:
            continue
        pool = []
        for a in candidates.activities.get(city, []):
            name = a.name.lower()
            if a.id in excluded or a.city != city or name in seen:
                continue
            why = activity_allowed(a, request, months)
            if why is not None:
                if why == STRENUOUS_REASON:
                    strenuous.append(a.name)
                continue
            seen.add(name)
            pool.append(a)
            value = activity_value(a, interests) + (20 if is_must_see(a, request) else 0)
            if request.accessibility and a.step_free:
                value += STEP_FREE_POINTS  # known to be reachable beats not known
            # A sight that takes the day is worth the day's visits it replaces.
            values[a.id] = value * (pace_of(request) if is_full_day(a) else 1)
        acts[city] = pool
    if strenuous:
        notes.append(f"Left out, as walking is limited: {', '.join(strenuous)}.")
    holidays = {
        city: {date.fromisoformat(d) for d in facts.holidays if _iso(d)}
        for city, facts in candidates.facts.items()
    }

    def closed(a: Activity, day: date) -> bool:
        return shut_on(a, day) is not None or (
            a.closed_on_holidays and day in holidays.get(a.city, set())
        )

    shut = _shut_musts(request, acts, days, closed)
    if shut:
        unmet.setdefault("must_see", " ".join(shut))

    # Places to eat: real ones where known, none that breaks a diet.
    restaurants: dict[str, list[Restaurant]] = {}
    meal_values: dict[str, float] = {}
    way: dict[tuple[str, str], float] = {}
    for city in acts:
        pool_r = [r for r in candidates.restaurants.get(city, []) if r.id not in excluded]
        named = [r for r in pool_r if not r.generic]
        if len(named) >= MIN_NAMED_RESTAURANTS:
            pool_r = named
        # A meal not at one of them is priced as the city eats that meal every day, whatever
        # the diet (the one vegan-friendly place known may be a tasting menu): a dinner of
        # your choice costs the cheapest dinner, not a pastry.
        for meal in ("breakfast", "lunch", "dinner"):
            serving = [r.average_cost for r in pool_r if serves(r, meal)]
            way[(city, meal)] = min(serving or [r.average_cost for r in pool_r], default=0.0)
        if request.diets:
            country = stop_country(request, city)
            fits = [
                r
                for r in pool_r
                if all(diet_fit(r, d, country) is not False for d in request.diets)
            ]
            if fits:
                pool_r = fits
            else:
                unmet.setdefault(
                    "diets",
                    f"No place to eat in {city} is known to suit {', '.join(request.diets)}.",
                )
        restaurants[city] = pool_r
        meal_values.update({r.id: _meal_value(r, request) for r in pool_r})

    # The cheapest way to make the trip at all, a lower bound: it decides the cap's kind.
    meals_at_least = sum(
        way.get((c, meal), 0.0) * travelers
        for d, c in days[max((o.booking for o in legs[0]), default=0) :]
        for meal in ("breakfast", "lunch", "dinner")
    )
    base_groups = stay_groups(False)
    cheapest_stays = min(
        (
            sum(min(o.cost for o in g.options) for g in base_groups if g.booking in (b, None))
            for b in pools
        ),
        default=0.0,
    )
    rest = cheapest_stays + meals_at_least + fixed
    # The least the trip can cost (whether any plan fits the cap), and the least it costs
    # made in sound ways, which sets the no-budget cap and what counts as a large budget.
    least = sum(min(o.spend for o in group) for group in legs) + rest
    cheapest = sum(_sound_spend(group) for group in legs) + rest
    luxury = spends_like_luxury(request, cheapest)
    # A cabin asked for is offered at any budget (premium economy is no luxury request).
    if luxury or request.travel_class not in (None, "economy"):
        legs = _leg_groups(request, _with_cabins(candidates), excluded, luxury, unmet)
        if request.trip_type == "one_way" and len(legs) > 1:
            legs = legs[:-1]
        _add_transfers(request, candidates, legs, local)
        bookings = {o.key: o.booking for o in usable}
        legs[0] = [o for o in legs[0] if _base_id(o.key) in bookings]
        for o in legs[0]:
            o.booking = bookings[_base_id(o.key)]
        lavish = (
            request.budget is not None and request.budget.amount >= 2 * LUXURY_FACTOR * cheapest
        )
        groups = stay_groups(True, "luxury" if lavish else "upscale") if luxury else base_groups
    else:
        groups = base_groups
    budget = request.budget.amount if request.budget else None
    if cap is None:
        # Without a budget, the headroom is over the cheapest trip in the class asked: a
        # business-class request is not capped at economy fares plus 60%.
        in_class = cheapest + _class_premium(request, legs)
        cap = budget if budget is not None else in_class * NO_BUDGET_HEADROOM
        if budget is None:
            # With no budget, the sights named as musts are paid for on top of the headroom:
            # a Broadway show is never left out of a New York trip for want of a limit.
            cap += sum(
                a.cost * travelers
                for pool in acts.values()
                for a in pool
                if is_must_see(a, request)
            )
    # Only options that could win go to the model: the cheapest and the best few for the
    # traveller at this budget (per first night booked, for the outbound).
    legs = [_shortlist(options, cap, by=lambda o: o.booking) for options in legs]
    for group in groups:
        group.options = _shortlist(group.options, cap)
    problem = Problem(
        days=days,
        legs=legs,
        home_leg=request.trip_type != "one_way",
        stays=groups,
        activities=acts,
        activity_value=values,
        restaurants=restaurants,
        meal_value=meal_values,
        way_cost=way,
        closed=closed,
        travelers=travelers,
        pace=pace_of(request),
        cap=max(cap, 0.0),
        hard_cap=least <= cap,
        ticket_allowance=0.05 * (budget or cap),
        fixed_cost=fixed,
        countries={d.city: d.country for d in request.destinations},
        timezones={city: facts.timezone for city, facts in candidates.facts.items()},
    )
    try:
        solution = solve(problem)
    except Infeasible:
        problem.hard_cap = False
        solution = solve(problem)
    if not solution.report.optimal and _gap(solution.report) > REFINE_GAP:
        solution = _refine(problem, solution)
    chosen = _selection(request, candidates, problem, solution, unmet, notes, sorted(excluded))
    return chosen.model_copy(update={"local": local})


def _shut_musts(
    request: TripRequest,
    acts: dict[str, list[Activity]],
    days: list[tuple[date, str]],
    closed: Callable[[Activity, date], bool],
) -> list[str]:
    """The sights named as musts that are shut on every day the trip spends in their city,
    in words: "Statue of Liberty is closed on 25 Dec, the trip's only day in New York"."""
    out = []
    for city, pool in acts.items():
        here = [d for d, c in days if c == city]
        for a in pool:
            if here and is_must_see(a, request) and all(closed(a, d) for d in here):
                when = ", ".join(shut_on(a, d) or "closed for a public holiday" for d in here)
                out.append(f"{a.name} is shut on every day the trip is in {city} ({when}).")
    return out


def _sound_spend(options: list[Opt]) -> float:
    """The least a leg costs made a sound way: beside a flight, no ground way of more than
    ``MAX_GROUND_MINUTES`` (a 14-hour bus to save $64 is no way to set the no-budget cap)."""
    flights = [o for o in options if isinstance(o.payload, FlightOption)]
    sound = flights + [
        o
        for o in options
        if isinstance(o.payload, GroundLeg)
        and (not flights or o.payload.duration_minutes <= MAX_GROUND_MINUTES)
    ]
    return min(o.spend for o in sound or options)


def _below_class(flight: FlightOption, request: TripRequest) -> bool:
    """Whether ``flight`` is in a cabin below the class of travel asked for."""
    if not request.travel_class:
        return False
    cabin = flight.cabin if flight.cabin in CABIN_ORDER else "economy"
    return CABIN_ORDER.index(cabin) < CABIN_ORDER.index(request.travel_class)


def _class_premium(request: TripRequest, legs: list[list[Opt]]) -> float:
    """What making every leg in the class asked costs over making it the cheapest way: a
    leg's cheapest flight in that class or above, or a ground leg (which has no class)."""
    if not request.travel_class:
        return 0.0
    extra = 0.0
    for options in legs:
        fitting = [
            o.spend
            for o in options
            if not isinstance(o.payload, FlightOption) or not _below_class(o.payload, request)
        ]
        if fitting and options:
            extra += min(fitting) - min(o.spend for o in options)
    return extra


def _add_transfers(
    request: TripRequest, candidates: Candidates, legs: list[list[Opt]], local: LocalCosts | None
) -> None:
    """Each flight's airport transfers, as what else choosing it costs and the hours they
    take (at a gateway, what ``transfers.leg_ends`` says of the connection: none between
    two flights, the ride to the airport on the train or coach that meets one); a flight
    slower door to door than a train, bus or ferry on its leg is dropped, and between two
    cities of the trip so is one that means leaving town before 06:00 while such a way of
    five hours or less exists (unless flying is what the traveller asked for)."""
    for index, (leg, options) in enumerate(zip(candidates.legs, legs, strict=False)):
        door: dict[int, int] = {}
        early: set[int] = set()
        connects = (leg.connects_from, leg.connects_to)
        for o in options:
            if isinstance(o.payload, GroundLeg) and local is not None and connects != (None, None):
                # Into town by train or coach at a gateway, out to the flight on (and back).
                o.extra = flight_transfers(
                    local, request, leg.origin_city, leg.destination_city, o.payload, connects
                )
            if isinstance(o.payload, FlightOption):
                ground = AIRPORT_MINUTES - 30, 30
                if local is not None:
                    ends = (local, request, leg.origin_city, leg.destination_city, o.payload)
                    o.extra = flight_transfers(*ends, connects)
                    ground = airport_minutes(*ends, connects)
                    o.value += _transfer_value(o.payload, *ground)
                    if o.times is not None:
                        # The day is free once the bus from the airport is in, not before.
                        o.times = replace(
                            o.times,
                            settle=max(o.times.settled_after, ground[1]),
                            lead=ground[0] or o.times.lead_before,
                        )
                door[id(o)] = o.payload.duration_minutes + sum(ground)
                if o.payload.segments:
                    leave = _hours(o.payload.segments[0].depart) - ground[0] / 60
                    if leave < EARLY_HOUR and index not in (0, len(legs) - 1):
                        early.add(id(o))
        public = [
            o.payload.duration_minutes + STATION_MINUTES
            for o in options
            if isinstance(o.payload, GroundLeg) and o.payload.mode in PUBLIC_MODES
        ]
        if public and request.transport_modes != ["flight"]:
            # A train of a few hours also beats a flight that means leaving in the night.
            dawn = early if min(public) <= LONG_DRIVE_MINUTES else set()
            quicker = [
                o for o in options if door.get(id(o), 0) <= min(public) and id(o) not in dawn
            ]
            if len(quicker) < len(options):
                legs[index] = quicker


def _transfer_value(flight: FlightOption, before: int, after: int) -> float:
    """What a flight's real time on the ground adds to its door-to-door hours, beyond the
    ``AIRPORT_MINUTES`` every flight is counted with, and -3 when leaving town for it means
    being up before dawn (leaving before 06:00 for a flight that itself leaves later)."""
    value = -0.5 * (before + after - AIRPORT_MINUTES) / 60
    if flight.segments and _hours(flight.segments[0].depart) >= EARLY_HOUR:
        leave = _hours(flight.segments[0].depart) - before / 60
        if leave < EARLY_HOUR:
            value -= EARLY_POINTS
    return value


SHORTLIST = 5
REFINE_GAP = 0.08  # the plan is searched again only when it may be this far from best
REFINE_LONGER = 2.0  # that search's time limit, in the first one's


def _gap(report: object) -> float:
    """How far the plan may be from the best, as a share of the bound (0: proven best)."""
    from lotara.planning.selection import SolverReport

    assert isinstance(report, SolverReport)
    return (report.bound - report.objective) / max(abs(report.bound), 1.0)


def _refine(problem: Problem, first: object) -> object:
    """Within the time limit the model found a plan far from its bound: search the whole
    model again for twice as long (travel and stays too: a first search cut short may hold
    the wrong flights, economy where the budget reached the class asked), and if that is
    still far from its bound, solve its days again with the travel and stays it chose held
    fixed (the same model, far smaller). The best of them is kept; the report says the
    whole was not proven optimal."""
    from lotara.planning.solver import Solution

    assert isinstance(first, Solution)
    try:
        longer = solve(problem, longer=REFINE_LONGER)
    except Infeasible:
        longer = None
    if longer is not None and longer.report.objective > first.report.objective:
        report = longer.report.model_copy(
            update={
                "seconds": round(first.report.seconds + longer.report.seconds, 4),
                "refined": True,
            }
        )
        first = replace(longer, report=report)
        if report.optimal or _gap(report) <= REFINE_GAP:
            return first
    kept = {id(o) for o in first.legs} | {id(o) for _, o in first.stays}
    # The solver works on copies of the groups (without the options it cannot choose).
    chosen_groups = {(g.city, g.position, g.booking) for g, _ in first.stays}
    narrow = replace(
        problem,
        legs=[[o for o in options if id(o) in kept] for options in problem.legs],
        stays=[
            replace(g, options=[o for o in g.options if id(o) in kept])
            for g in problem.stays
            if (g.city, g.position, g.booking) in chosen_groups
        ],
    )
    try:
        second = solve(narrow)
    except Infeasible:
        return first
    if second.report.objective <= first.report.objective:
        return first
    # Map the narrowed groups back: the stays' groups are copies with the same dates.
    report = second.report.model_copy(
        update={
            "status": first.report.status,
            "optimal": False,
            "seconds": round(first.report.seconds + second.report.seconds, 4),
            "refined": True,
            "days_optimal": second.report.optimal,
        }
    )
    return replace(second, report=report)


def _shortlist(options: list[Opt], cap: float, by: object = None) -> list[Opt]:
    """The cheapest option and the ``SHORTLIST`` best by points less money, in input order."""
    from lotara.planning.solver import SPEND_POINTS

    def net(o: Opt) -> float:
        return o.value - SPEND_POINTS * o.spend / max(cap, 1.0)

    keep: set[int] = set()
    kinds: dict[object, list[Opt]] = {}
    for o in options:
        kinds.setdefault(by(o) if callable(by) else None, []).append(o)
    for group in kinds.values():
        keep.add(id(min(group, key=lambda o: (o.spend, -o.value, o.key))))
        for o in sorted(group, key=lambda o: (-net(o), o.key))[:SHORTLIST]:
            keep.add(id(o))
    # A train kept is kept at each of its times: which suits the days, the model decides.
    routes = {route_of(o.key) for o in options if id(o) in keep}
    return [o for o in options if route_of(o.key) in routes]


def _iso(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


CABIN_FACTORS = {"premium_economy": 1.7, "business": 3.6, "first": 6.0}
CABIN_FACTORS_SHORT = {"premium_economy": 1.4, "business": 2.2}


def _base_id(key: str) -> str:
    return key.split("~", 1)[0]


def _with_cabins(candidates: Candidates) -> Candidates:
    """The candidates with higher cabins of each estimated flight, priced by cabin factor.

    Only for estimated fares (the offline world sells economy): premium economy at 1.7x,
    business at 3.6x and first at 6x economy on flights over 5 hours, 1.4x and 2.2x below.
    The estimate is labelled as one, like every offline price.
    """
    legs = []
    for leg in candidates.legs:
        extra = []
        for f in leg.flights:
            if "estimate" not in f.source and "offline" not in f.source:
                continue
            factors = CABIN_FACTORS if f.duration_minutes >= 300 else CABIN_FACTORS_SHORT
            for cabin, factor in factors.items():
                extra.append(
                    f.model_copy(
                        update={
                            "id": f"{f.id}~{cabin}",
                            "cabin": cabin,
                            "price": round(f.price * factor, 2),
                            "price_per_person": round(f.price_per_person * factor, 2),
                        }
                    )
                )
        legs.append(leg.model_copy(update={"flights": [*leg.flights, *extra]}))
    return candidates.model_copy(update={"legs": legs})


def _selection(
    request: TripRequest,
    candidates: Candidates,
    problem: Problem,
    solution: object,
    unmet: dict[str, str],
    notes: list[str],
    excluded: list[str],
) -> Selection:
    from lotara.planning.solver import Solution

    assert isinstance(solution, Solution)
    currency = trip_currency(request)
    legs = []
    for index, option in enumerate(solution.legs):
        leg = candidates.legs[index]
        flight = option.payload if isinstance(option.payload, FlightOption) else None
        ground = option.payload if isinstance(option.payload, GroundLeg) else None
        legs.append(
            LegChoice(
                origin_city=leg.origin_city,
                destination_city=leg.destination_city,
                date=flight.date if flight is not None else leg.date,
                flight=flight,
                ground=ground,
                cost=option.cost,
                connects_from=leg.connects_from,
                connects_to=leg.connects_to,
                lead_minutes=option.times.lead if option.times else 0,
                settle_minutes=option.times.settle if option.times else 0,
            )
        )
        if flight is not None and request.travel_class and _below_class(flight, request):
            fitting = [
                o.spend
                for o in problem.legs[index]
                if isinstance(o.payload, FlightOption) and not _below_class(o.payload, request)
            ]
            if fitting:
                unmet.setdefault(
                    "travel_class",
                    f"The budget does not reach {request.travel_class.replace('_', ' ')} on "
                    f"{leg.origin_city} → {leg.destination_city} (from "
                    f"{min(fitting):,.2f} {currency}, transfers included).",
                )
        wanted = set(request.transport_modes)
        if ground is not None and _long_drive(ground, wanted, leg.flights, leg.ground):
            what = "a drive" if ground.mode in DRIVE_MODES else "a bus ride"
            others = "a flight, train or bus" if ground.mode in DRIVE_MODES else "a flight or train"
            faster = sorted(
                [(f.price, "flight") for f in leg.flights]
                + [
                    (g.cost, g.mode)
                    for g in leg.ground
                    if g.mode in PUBLIC_MODES and g.duration_minutes < ground.duration_minutes
                ]
            )
            why = (
                f"the budget does not reach {others} on this leg"
                if request.budget is not None or not faster
                else f"the cheapest way for a trip asked to be cheap; a {faster[0][1]} costs "
                f"{faster[0][0] - ground.cost:,.2f} {currency} more (say 'by {faster[0][1]}')"
            )
            notes.append(
                f"{leg.origin_city} → {leg.destination_city} is {what} of "
                f"{ground.duration_minutes / 60:.0f} hours: {why}."
            )
        connecting = [f for f in leg.flights if flight is not None and f.stops > flight.stops]
        if _small_children(request) and connecting:
            saved = flight.price - min(f.price for f in connecting) if flight else 0.0
            if saved > 0:
                notes.append(
                    f"{leg.origin_city} → {leg.destination_city} is booked with the fewest "
                    f"stops for the children: {saved:,.2f} {currency} more than the cheapest "
                    "flight, which connects."
                )
    stays = []
    for group, option in sorted(solution.stays, key=lambda go: go[0].check_in):
        stay, win, rooms = option.payload
        note = None
        first = solution.legs[0].times if solution.legs else None
        if group.position == 0 and first is not None and first.arrive.date() > win.check_in:
            note = "the room is held from the night before: you land in the small hours"
            notes.append(
                f"{stay.name} is booked from {win.check_in:%a %d %b} so the room is ready when "
                f"you land at {first.arrive:%H:%M}."
            )
        stays.append(
            StayChoice(
                city=group.city,
                stay=stay,
                check_in=win.check_in,
                check_out=win.check_out,
                nights=win.nights,
                rooms=rooms,
                cost=option.cost,
                note=note,
            )
        )
    schedule: list[PlannedDay] = solution.days
    activities: dict[str, list[Activity]] = {}
    meals: dict[str, list[Restaurant]] = {}
    for day in schedule:
        activities.setdefault(day.city, [])
        for item in day.items:
            if item.activity is not None:
                activities[day.city].append(item.activity)
            if item.restaurant is not None:
                meals.setdefault(day.city, []).append(item.restaurant)
    # Each part rounded as the itinerary shows it, so the streamed cost is the final one.
    flights = sum(round(c.cost, 2) for c in legs if c.flight is not None)
    ground = sum(round(c.cost, 2) for c in legs if c.ground is not None)
    lodging = sum(round(s.cost, 2) for s in stays)
    spent_acts = sum(i.cost for d in schedule for i in d.items if i.kind == "activity")
    food = sum(i.cost for d in schedule for i in d.items if i.kind == "meal")
    laid_out = cost_breakdown(
        request,
        currency=currency,
        flights=flights,
        lodging=lodging,
        activities=spent_acts,
        food=food,
        local_transport=0.0,
        ground_transport=ground,
    )
    # With the transfers of the flights chosen and the days' local transport, summed as the
    # finished plan sums them (``transfers.add_transfers``): the same figure to the cent.
    transfers = sum(round(o.extra, 2) for o in solution.legs)
    cost = with_local(request, laid_out, transfers + problem.fixed_cost)
    score = solution.score  # the points of everything chosen, penalties included
    budget = request.budget.amount if request.budget else None
    shortfall = (
        round(cost.total - budget, 2)
        if budget is not None and cost.total > budget + 0.005
        else None
    )
    if budget is not None and shortfall is None:
        left = budget - cost.total
        if left >= 0.05 * budget:
            notes.append(_unspent(request, left, currency, problem, solution))
    if couple_occasion(request):
        left = budget - cost.total if budget is not None else None
        notes.extend(_occasion_notes(request, candidates, stays, unmet, excluded, currency, left))
    notes.extend(_repeat_notes(schedule, problem))
    notes.extend(solution.notes)  # a sunset or sunrise sight that cannot be at the sun's hour
    notes.extend(_sun_missed_notes(request, problem, solution.missed))
    for leg in legs:
        if leg.flight is not None and leg.flight.cabin != "economy":
            notes.append(
                f"{leg.origin_city} → {leg.destination_city} in "
                f"{leg.flight.cabin.replace('_', ' ')}: an estimate from the economy fare "
                "(offline fares are economy), to confirm with the airline."
            )
    return Selection(
        legs=legs,
        stays=stays,
        activities=activities,
        meals=meals,
        schedule=schedule,
        cost=cost,
        score=round(score, 3),
        cap=round(problem.cap, 2),
        shortfall=shortfall,
        excluded=excluded,
        notes=notes,
        unmet=unmet,
        solver=solution.report,
    )


def _occasion_notes(
    request: TripRequest,
    candidates: Candidates,
    stays: list[StayChoice],
    unmet: dict[str, str],
    excluded: list[str],
    currency: str,
    left: float | None,
) -> list[str]:
    """What each stay of a couple's occasion is, and, where it is not a room for two in an
    upscale hotel, what the nearest one would have cost: the reason is said, never left out."""
    what = {"honeymoon": "the honeymoon", "anniversary": "the anniversary"}.get(
        request.occasion or "", "a romantic trip"
    )
    out = []
    for choice in stays:
        whole = candidates.stays.get(choice.city, [])
        pool = _stay_pool(request, whole, set(excluded), dict(unmet)) or whole
        stay = choice.stay
        klass = stay_class(stay, whole or pool)
        good = STAY_CLASS_ORDER.index(klass) >= STAY_CLASS_ORDER.index("upscale")
        kind = f"{_a(klass)} {klass} {stay.kind}"
        if couples_stay(stay, choice.rooms) and good:
            out.append(f"For {what}: {stay.name} in {choice.city}, {kind} with a room for two.")
            continue
        better = sorted(
            (
                s.price_per_night * choice.nights - choice.cost,
                s.name,
                stay_class(s, whole or pool),
            )
            for s in pool
            if couples_stay(s, max(rooms_needed(request.travelers, s), request.rooms or 0))
            and STAY_CLASS_ORDER.index(stay_class(s, whole or pool))
            >= STAY_CLASS_ORDER.index("upscale")
        )
        if not better:
            out.append(
                f"For {what}: no upscale hotel room for two in {choice.city} suits the party; "
                f"{stay.name} ({kind}) is booked."
            )
            continue
        extra, name, best_class = better[0]
        head = f"For {what}: {stay.name} in {choice.city} is {kind}; a room for two at {name}"
        if extra <= 0:
            why = f"({best_class}) costs no more but fits the rest of what was asked less well."
        elif left is not None and extra > left:
            why = (
                f"({best_class}) would cost {extra:,.2f} {currency} more, which the budget "
                "does not reach with the rest of the trip."
            )
        else:
            why = (
                f"({best_class}) would cost {extra:,.2f} {currency} more, which buys more of "
                "the trip elsewhere."
            )
        out.append(f"{head} {why}")
    return out


def _a(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _sun_missed_notes(
    request: TripRequest, problem: Problem, missed: dict[str, list[str]]
) -> list[str]:
    """Why a sight asked for at sunrise or sunset is not in the plan: no day was free at
    the sun's hour (the first morning follows a night flight, the last ends at the airport)."""
    out = []
    for pool in problem.activities.values():
        for a in pool:
            whys = missed.get(a.id)
            if whys and is_must_see(a, request):
                when = {"sunrise": "sunrise", "sunset": "sunset"}.get(a.best_time, "dawn")
                if a.best_time == "afternoon":  # an excursion over the sunset and dinner
                    when = "sunset"
                out.append(
                    f"{a.name} is seen at {when}, and no day of the trip is free then "
                    f"({'; '.join(dict.fromkeys(whys))}): it is not in the plan."
                )
    return list(dict.fromkeys(out))


def _repeat_notes(schedule: list[PlannedDay], problem: Problem) -> list[str]:
    """Why a place is eaten at twice: the city has too few others for that meal."""
    uses: dict[tuple[str, str], list[str]] = {}
    for day in schedule:
        for item in day.items:
            r = item.restaurant
            if r is not None and not r.generic:
                uses.setdefault((day.city, r.id), []).append((item.label or "meal").lower())
    out = []
    for (city, rid), labels in sorted(uses.items()):
        if len(labels) < 2:
            continue
        name = next(r.name for r in problem.restaurants.get(city, []) if r.id == rid)
        label = labels[0]
        others = sum(1 for r in problem.restaurants.get(city, []) if serves(r, label))
        out.append(
            f"{name} is booked {len(labels)} times: {city} has {others} place(s) that serve "
            f"{label} and suit the party."
        )
    return out


def _unspent(
    request: TripRequest, left: float, currency: str, problem: Problem, solution: object
) -> str:
    """One sentence on what the plan left of the budget and why."""
    from lotara.planning.solver import Solution

    assert isinstance(solution, Solution)
    dearer = [
        o
        for g0, o0 in solution.stays
        for g in problem.stays
        if (g.city, g.check_in) == (g0.city, g0.check_in)
        for o in g.options
        if o.cost > o0.cost and o.cost - o0.cost <= left
    ]
    why = (
        "the dearer stays and upgrades within reach add less to this trip than they cost"
        if dearer
        else "nothing left to buy would make the trip better: the best stays, seats and "
        "sights that fit are already in"
    )
    return f"{left:,.2f} {currency} of the budget is left unspent: {why}."
