"""Choosing the trip: the options that fit the traveller best within the budget.

The choice is a multiple-choice knapsack solved greedily with repair, not fixed budget
shares. Every part of the trip is a group that needs exactly one option (each transport
leg, each city's stay, each city's meal plan); activities are optional items limited by the
time slots of each city's days. Each option has a value in points:

- transport, by door-to-door hours (a flight's time plus 2.5 h at airports, a ground leg's
  plus 0.5 h): 10 - 0.5 per hour; a flight -2.5 per stop, -3 for a departure before 06:00
  or a landing before 05:30, -1.5 for an arrival after 23:30; a train +0.5, a drive or taxi
  over 4 hours -0.5; and -0.5 per daytime hour (09:00-21:00) of the trip lost before the
  traveller is settled at the first city or after leaving for the airport on the last day;
- stay: nights x 2 x rating (3.5 when unrated), +0.5 a night for an entire room;
- meals: per meal 0.6 x rating (3.0 when unrated), +0.8 when the cuisine is one asked for,
  -0.5 for a generic suggestion (-1.5 on a food trip); breakfast at a cafe or stall;
- activity: 2 + 3 per interest it matches (at most 2 counted), -1 for a generic one.

The plan starts from the cheapest option of every group. If that is already over the budget
it is returned with the free activities and ``shortfall`` set to the amount over. Otherwise,
while money is left, the move with the best value gained per unit of money spent is taken:
an upgrade within a group, or a city's best-fitting activity not yet chosen (free ones first,
since they cost nothing). Without a budget, the cap is
the cheapest plan plus 60% ("comfortable, not lavish"). Ties break on ids, so the same
candidates always give the same selection.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, Field

from lotara.errors import InvalidValue
from lotara.models import (
    Activity,
    CostBreakdown,
    FlightOption,
    GroundLeg,
    Restaurant,
    Stay,
    TripRequest,
)
from lotara.planning.candidates import (
    Candidates,
    StayWindow,
    late_stay_key,
    stay_windows,
    trip_currency,
    trip_days,
)
from lotara.planning.timing import (
    LegTimes,
    day_windows,
    daytime_lost_arriving,
    daytime_lost_leaving,
    leg_times,
    slots_for_day,
    slots_without_times,
)

__all__ = [
    "LegChoice",
    "NO_BUDGET_HEADROOM",
    "Selection",
    "StayChoice",
    "activity_value",
    "arrival_offset",
    "choose_options",
    "flight_value",
    "ground_key",
    "rooms_needed",
    "slots_per_city",
]

NO_BUDGET_HEADROOM = 1.6
AIRPORT_MINUTES = 150  # getting to the airport early, and out of the other one
STATION_MINUTES = 30
MAX_GROUND_MINUTES = 8 * 60  # a longer drive or train is offered only when flights are not
PACE_SLOTS = {"relaxed": 2, "moderate": 3, "packed": 4}
MIN_NAMED_RESTAURANTS = 6
BREAKFAST_CUISINES = frozenset({"cafe", "bakery", "breakfast", "coffee", "street food", "brunch"})
LOST_HOUR_POINTS = 0.5  # a daytime hour of the trip spent getting there or leaving early


class LegChoice(BaseModel):
    """How one hop is made: a flight or a ground leg, and what it costs the party."""

    origin_city: str
    destination_city: str
    date: date
    flight: FlightOption | None = None
    ground: GroundLeg | None = None
    cost: float = 0.0


class StayChoice(BaseModel):
    """Where the party sleeps in one city, and how many rooms it takes."""

    city: str
    stay: Stay
    check_in: date
    check_out: date
    nights: int
    rooms: int
    cost: float


class Selection(BaseModel):
    """The chosen options of a trip, their cost and, when over budget, by how much."""

    legs: list[LegChoice] = Field(default_factory=list)
    stays: list[StayChoice] = Field(default_factory=list)
    activities: dict[str, list[Activity]] = Field(default_factory=dict)
    meals: dict[str, list[Restaurant]] = Field(
        default_factory=dict, description="per city, one restaurant per meal, in meal order"
    )
    cost: CostBreakdown = Field(default_factory=CostBreakdown)
    score: float = 0.0
    cap: float | None = Field(default=None, description="the amount the choice had to fit in")
    shortfall: float | None = Field(default=None, description="amount over budget, if any")
    excluded: list[str] = Field(default_factory=list, description="option ids ruled out")
    notes: list[str] = Field(default_factory=list)


def rooms_needed(travelers: int, stay: Stay) -> int:
    """Rooms the party takes in ``stay``: ceil(travelers / max occupancy)."""
    return math.ceil(travelers / max(1, stay.max_occupancy))


def ground_key(leg: GroundLeg) -> str:
    """A stable id for a ground leg (the model has none)."""
    return f"ground:{leg.mode}:{leg.origin}:{leg.destination}"


def _hours(text: str) -> float:
    try:
        hh, mm = text[11:16].split(":")
        return int(hh) + int(mm) / 60
    except (ValueError, IndexError):
        return 12.0


def flight_value(flight: FlightOption) -> float:
    """A flight's comfort in points (see the module docstring)."""
    door_to_door = (flight.duration_minutes + AIRPORT_MINUTES) / 60
    value = 10 - 2.5 * flight.stops - 0.5 * door_to_door
    if flight.segments:
        if _hours(flight.segments[0].depart) < 6:
            value -= 3.0  # up at three to make it: as bad as landing in the small hours
        landing = _hours(flight.segments[-1].arrive)
        if landing > 23.5:
            value -= 1.5
        elif landing < 5.5:
            # Landing in the small hours: a night without a bed before the room is ready.
            value -= 3.0
    return value


def _ground_value(leg: GroundLeg) -> float:
    door_to_door = (leg.duration_minutes + STATION_MINUTES) / 60
    bonus = 0.5 if leg.mode == "train" else (-0.5 if door_to_door > 4 else 0.0)
    return 10 - 0.5 * door_to_door + bonus


def _stay_value(stay: Stay, nights: int) -> float:
    per_night = 2 * (stay.rating if stay.rating is not None else 3.5)
    if stay.room_type == "entire room":
        per_night += 0.5
    return nights * per_night


def scoring_interests(request: TripRequest) -> list[str]:
    """The interests activities are scored on: a party with children also wants ``family``."""
    if request.children and "family" not in request.interests:
        return [*request.interests, "family"]
    return list(request.interests)


def suits_party(activity: Activity, request: TripRequest) -> bool:
    """Whether the party may be given ``activity``: no nightlife for a party with children."""
    return not (request.children and "nightlife" in activity.tags)


def activity_value(activity: Activity, interests: Sequence[str]) -> float:
    """An activity's fit to the interests in points (see the module docstring)."""
    matches = sum(1 for tag in activity.tags if tag in interests)
    return 2 + 3 * min(matches, 2) - (1 if activity.generic else 0)


def _meal_value(
    restaurant: Restaurant, cuisines: Sequence[str], interests: Sequence[str] = ()
) -> float:
    """A meal's fit in points: rating, the cuisines asked for, a real place over a generic one.

    A generic suggestion ("Local specialities restaurant") is worth less than a named place,
    and much less to a traveller who came for the food.
    """
    rating = restaurant.rating if restaurant.rating is not None else 3.0
    wanted = {c.lower() for c in cuisines}
    match = any(c.lower() in wanted for c in restaurant.cuisines)
    foodie = "food" in interests
    value = 0.6 * rating + (0.8 if match else 0)
    if restaurant.generic:
        value -= 1.5 if foodie else 0.5
    return value


def slots_per_city(request: TripRequest, legs: list[LegTimes] | None = None) -> dict[str, int]:
    """How many activities each city's days hold at the trip's pace.

    A full day holds 2 (relaxed), 3 (moderate) or 4 (packed). With the legs' times known, a
    day holds its share of that for the free time the legs leave it (``timing``): none for
    a day in the air, fewer when landing in the afternoon or leaving before noon. Without,
    the first and last days hold 1 and a day moving between cities one fewer than a full day.
    """
    full = PACE_SLOTS.get(request.pace, 3)
    days = trip_days(request)
    slots: dict[str, int] = {}
    if legs:
        windows = day_windows([d for d, _ in days], legs)
        landing = legs[0].arrive.date()
        for (day, city), window in zip(days, windows, strict=True):
            n = slots_for_day(window, full, first=day == landing)
            slots[city] = slots.get(city, 0) + n
        return slots
    for index, (_, city) in enumerate(days):
        slots[city] = slots.get(city, 0) + slots_without_times(days, index, full)
    return slots


@dataclass(slots=True)
class _Option:
    """One way to fill a group: its id, its cost to the party, its value in points."""

    key: str
    cost: float
    value: float
    payload: object = None


def _meal_plans(
    restaurants: list[Restaurant],
    meals: int,
    cuisines: Sequence[str],
    travelers: int,
    interests: Sequence[str] = (),
) -> list[_Option]:
    """Three ways to eat in a city: the cheapest third, the middle and the best third."""
    if meals <= 0:
        return [_Option(key="meals:none", cost=0.0, value=0.0, payload=[])]
    if not restaurants:
        return [_Option(key="meals:unknown", cost=0.0, value=0.0, payload=[])]
    # Breakfast is a cafe, bakery or market stall where the city has one, else a cheap place.
    mornings = sorted(
        (r for r in restaurants if BREAKFAST_CUISINES & {c.lower() for c in r.cuisines}),
        key=lambda r: (r.generic, r.average_cost, r.id),
    )
    named = [r for r in restaurants if not r.generic]
    if len(named) >= MIN_NAMED_RESTAURANTS:
        # Real places to eat are known: generic suggestions are only for where they are not.
        restaurants = named
    by_cost = sorted(restaurants, key=lambda r: (r.average_cost, r.id))
    n = len(by_cost)
    if not mornings:
        mornings = by_cost[: max(1, math.ceil(n / 4))]
    bands = {
        "budget": by_cost[: max(1, math.ceil(n / 3))],
        "mid": by_cost[n // 3 : max(n // 3 + 1, math.ceil(2 * n / 3))],
        "treat": by_cost[(2 * n) // 3 :] or by_cost[-1:],
    }
    options = []
    seen: set[tuple[str, ...]] = set()
    for band, pool in bands.items():
        ranked = sorted(
            pool, key=lambda r: (-_meal_value(r, cuisines, interests), r.average_cost, r.id)
        )
        ids = tuple(r.id for r in ranked)
        if ids in seen:
            continue
        seen.add(ids)
        plan: list[Restaurant] = []
        for day in range(math.ceil(meals / 3)):
            two = [ranked[(2 * day) % len(ranked)], ranked[(2 * day + 1) % len(ranked)]]
            # Lunch at the cheaper of the day's two places, dinner at the dearer.
            plan += [mornings[day % len(mornings)], *sorted(two, key=lambda r: r.average_cost)]
        plan = plan[:meals]
        options.append(
            _Option(
                key=f"meals:{band}",
                cost=sum(r.average_cost for r in plan) * travelers,
                value=sum(_meal_value(r, cuisines, interests) for r in plan),
                payload=plan,
            )
        )
    return options


def _leg_groups(
    request: TripRequest, candidates: Candidates, excluded: set[str]
) -> list[list[_Option]]:
    """Every leg's options, valued for comfort and for the trip's hours they cost."""
    out = []
    last = len(candidates.legs) - 1
    for index, leg in enumerate(candidates.legs):
        ground = leg.ground
        if leg.flights:
            # With a flight to take, nobody should drive or ride half a day instead.
            ground = [g for g in ground if g.duration_minutes <= MAX_GROUND_MINUTES] or []
        options = [
            _Option(key=f.id, cost=f.price, value=flight_value(f), payload=f)
            for f in leg.flights
            if f.id not in excluded
        ] + [
            _Option(key=ground_key(g), cost=g.cost, value=_ground_value(g), payload=g)
            for g in ground
            if ground_key(g) not in excluded
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
            times = leg_times(leg.date, option.payload)  # type: ignore[arg-type]
            lost = 0.0
            if index == 0:
                lost += daytime_lost_arriving(request.start_date, times.arrive)
            if index == last and index > 0:
                lost += daytime_lost_leaving(request.end_date, times.depart, times.kind)
            option.value -= LOST_HOUR_POINTS * lost
        out.append(options)
    return out


def arrival_offset(request: TripRequest, day: date, payload: object) -> int:
    """How many days after the start an outbound option lands (0: on the first day)."""
    arrive = leg_times(day, payload).arrive  # type: ignore[arg-type]
    return max(0, (arrive.date() - request.start_date).days)


def choose_options(
    request: TripRequest,
    candidates: Candidates,
    *,
    exclude: Sequence[str] = (),
    cap: float | None = None,
) -> Selection:
    """The best-fitting trip within the budget (or ``cap``), else the cheapest with a shortfall.

    Outbound options are tried by the day they land: each landing day gets its own plan (the
    first stay booked from that day, no meals bought for a day in the air) and the plan that
    fits the budget with the most points wins, the earlier landing on a tie.
    """
    excluded = set(exclude)
    legs = _leg_groups(request, candidates, excluded)
    by_offset: dict[int, list[_Option]] = {}
    if candidates.legs:
        for option in legs[0]:
            k = arrival_offset(request, candidates.legs[0].date, option.payload)
            by_offset.setdefault(k, []).append(option)
    landings = [
        (k, stay_windows(request, k))
        for k in sorted(by_offset)
        if not k
        or (
            stay_windows(request, k)[0].nights >= 1
            and late_stay_key(request.destinations[0].city, stay_windows(request, k)[0].check_in)
            in candidates.late_stays
        )
    ]
    if cap is None and request.budget is None and len(landings) > 1:
        # "Comfortable, not lavish" is measured from the cheapest way to make the trip at all.
        bases = []
        for k, windows in landings:
            try:
                bases.append(
                    _choose_landing(
                        request, candidates, excluded, 0.0, [by_offset[k], *legs[1:]], windows, k
                    ).cost.total
                )
            except InvalidValue:
                continue
        cap = min(bases) * NO_BUDGET_HEADROOM if bases else None
    best: Selection | None = None
    error: InvalidValue | None = None
    for k, windows in landings:
        try:
            found = _choose_landing(
                request, candidates, excluded, cap, [by_offset[k], *legs[1:]], windows, k
            )
        except InvalidValue as exc:
            error = error or exc
            continue
        if best is None or _rank(found) > _rank(best):
            best = found
    if best is None:
        if error is not None and by_offset.get(0):
            raise error
        # No stays known from the landing day: book from the first day, as asked.
        best = _choose_landing(request, candidates, excluded, cap, legs, stay_windows(request), 0)
    return best


def _rank(selection: Selection) -> tuple[bool, float, float]:
    return (selection.shortfall is None, -(selection.shortfall or 0.0), selection.score)


def _choose_landing(
    request: TripRequest,
    candidates: Candidates,
    excluded: set[str],
    cap: float | None,
    legs: list[list[_Option]],
    windows: list[StayWindow],
    offset: int,
) -> Selection:
    """The best plan whose outbound lands ``offset`` days after the start."""
    travelers = request.travelers
    groups: list[tuple[str, list[_Option]]] = [
        (f"leg:{index}", options) for index, options in enumerate(legs)
    ]
    for position, window in enumerate(windows):
        if window.nights <= 0:
            continue
        if position == 0 and offset:
            pool = candidates.late_stays.get(late_stay_key(window.city, window.check_in), [])
        else:
            pool = candidates.stays.get(window.city, [])
        options = []
        for stay in pool:
            if stay.id in excluded:
                continue
            rooms = rooms_needed(travelers, stay)
            options.append(
                _Option(
                    key=stay.id,
                    cost=stay.price_per_night * window.nights * rooms,
                    value=_stay_value(stay, window.nights),
                    payload=(stay, window, rooms),
                )
            )
        if not options:
            raise InvalidValue(
                f"No stay in {window.city} fits {travelers} traveler(s) for "
                f"{window.nights} night(s) with the room type and house rules asked for; "
                "relax a constraint or change the dates."
            )
        groups.append((f"stay:{window.city}", options))

    # A day in the air has its meals on board: none are bought for it.
    meals_per_city: dict[str, int] = {}
    for _, city in trip_days(request)[offset:]:
        meals_per_city[city] = meals_per_city.get(city, 0) + 3
    for city, meals in meals_per_city.items():
        pool = [r for r in candidates.restaurants.get(city, []) if r.id not in excluded]
        groups.append(
            (
                f"meals:{city}",
                _meal_plans(pool, meals, request.cuisines, travelers, request.interests),
            )
        )

    cheapest = {name: _cheapest(options) for name, options in groups}
    slots = slots_per_city(request, _leg_times_of(request, candidates, cheapest))
    chosen, picked, cap_used, shortfall = _solve(request, candidates, excluded, groups, slots, cap)
    final = slots_per_city(request, _leg_times_of(request, candidates, chosen))
    if final != slots:
        # The legs chosen leave more or less time than the cheapest ones: buy for that time.
        fixed = [
            (name, [chosen[name]] if name.startswith("leg:") else options)
            for name, options in groups
        ]
        chosen, picked, cap_used, shortfall = _solve(
            request, candidates, excluded, fixed, final, cap
        )
    return _selection(
        request, candidates, chosen, picked, cap_used, shortfall, sorted(excluded), windows
    )


def _cheapest(options: list[_Option]) -> _Option:
    return min(options, key=lambda o: (o.cost, -o.value, o.key))


def _leg_times_of(
    request: TripRequest, candidates: Candidates, chosen: dict[str, _Option]
) -> list[LegTimes]:
    return [
        leg_times(leg.date, chosen[f"leg:{index}"].payload)  # type: ignore[arg-type]
        for index, leg in enumerate(candidates.legs)
    ]


def _solve(
    request: TripRequest,
    candidates: Candidates,
    excluded: set[str],
    groups: list[tuple[str, list[_Option]]],
    slots: dict[str, int],
    cap: float | None,
) -> tuple[dict[str, _Option], dict[str, list[Activity]], float, float | None]:
    """Cheapest everywhere, then the best value-per-money moves that fit."""
    travelers = request.travelers
    # Start from the cheapest option of every group (ties: higher value, then id).
    chosen: dict[str, _Option] = {name: _cheapest(options) for name, options in groups}
    picked: dict[str, list[Activity]] = {city: [] for city in slots}
    pool_by_city: dict[str, list[Activity]] = {}
    seen_names: set[str] = set()
    for city in slots:
        pool = []
        for activity in candidates.activities.get(city, []):
            name = activity.name.lower()
            if (
                activity.id in excluded
                or activity.city != city
                or name in seen_names
                or not suits_party(activity, request)
            ):
                continue
            seen_names.add(name)
            pool.append(activity)
        pool.sort(key=lambda a: (-activity_value(a, scoring_interests(request)), a.cost, a.id))
        pool_by_city[city] = pool

    def total() -> float:
        spent = sum(o.cost for o in chosen.values())
        return spent + sum(a.cost * travelers for acts in picked.values() for a in acts)

    base = total()
    budget = request.budget.amount if request.budget else None
    if cap is None:
        cap = budget if budget is not None else base * NO_BUDGET_HEADROOM
    shortfall = round(base - budget, 2) if budget is not None and base > budget + 0.005 else None

    if shortfall is None:
        _upgrade(groups, chosen, picked, pool_by_city, slots, request, cap, total)
    else:
        # Over budget anyway: the cheapest sound plan still has the free things to do, and
        # the cheap ones the trip is for (temples on a temples trip), a few per cent at most.
        allowance = 0.05 * (budget or 0.0)
        for city, pool in pool_by_city.items():  # best fit first
            for activity in pool:
                if len(picked[city]) >= slots[city]:
                    break
                price = activity.cost * travelers
                if price == 0:
                    picked[city].append(activity)
                elif set(activity.tags) & set(scoring_interests(request)) and price <= allowance:
                    allowance -= price
                    picked[city].append(activity)
        if any(a.cost for acts in picked.values() for a in acts):
            shortfall = round(total() - (budget or 0.0), 2)

    for acts in picked.values():  # best fit first: the schedule places them in this order
        acts.sort(key=lambda a: (-activity_value(a, scoring_interests(request)), a.cost, a.id))
    return chosen, picked, cap, shortfall


def _upgrade(
    groups: list[tuple[str, list[_Option]]],
    chosen: dict[str, _Option],
    picked: dict[str, list[Activity]],
    pools: dict[str, list[Activity]],
    slots: dict[str, int],
    request: TripRequest,
    cap: float,
    total: object,
) -> None:
    """Take the best value-per-money move that still fits, until none does."""
    spent = total()  # type: ignore[operator]
    travelers = request.travelers
    while True:
        room = cap - spent
        best: tuple[float, float, str, str, object] | None = None  # (ratio, value, tie, kind, x)
        for name, options in groups:
            current = chosen[name]
            for option in options:
                gain = option.value - current.value
                extra = option.cost - current.cost
                if gain <= 1e-9 or extra > room + 1e-9:
                    continue
                ratio = gain / extra if extra > 1e-9 else math.inf
                candidate = (ratio, gain, f"{name}:{option.key}", "group", (name, option))
                if best is None or (ratio, gain, _neg(candidate[2])) > (
                    best[0],
                    best[1],
                    _neg(best[2]),
                ):
                    best = candidate
        for city, pool in pools.items():
            if len(picked[city]) >= slots.get(city, 0):
                continue
            have = {a.id for a in picked[city]}
            for activity in pool:
                if activity.id in have:
                    continue
                extra = activity.cost * travelers
                if extra > room + 1e-9:
                    continue
                gain = activity_value(activity, scoring_interests(request))
                ratio = gain / extra if extra > 1e-9 else math.inf
                candidate = (ratio, gain, f"act:{activity.id}", "activity", (city, activity))
                if best is None or (ratio, gain, _neg(candidate[2])) > (
                    best[0],
                    best[1],
                    _neg(best[2]),
                ):
                    best = candidate
                break  # the pool is sorted best first: the first that fits is this city's move
        if best is None:
            return
        _, _, _, kind, payload = best
        if kind == "group":
            name, option = payload  # type: ignore[misc]
            spent += option.cost - chosen[name].cost
            chosen[name] = option
        else:
            city, activity = payload  # type: ignore[misc]
            picked[city].append(activity)
            spent += activity.cost * travelers


def _neg(text: str) -> tuple[int, ...]:
    """Order strings descending inside a max(): earlier ids win ties."""
    return tuple(-ord(c) for c in text)


def _selection(
    request: TripRequest,
    candidates: Candidates,
    chosen: dict[str, _Option],
    picked: dict[str, list[Activity]],
    cap: float,
    shortfall: float | None,
    excluded: list[str],
    windows: list[StayWindow],
) -> Selection:
    currency = trip_currency(request)
    travelers = request.travelers
    legs = []
    for index, leg in enumerate(candidates.legs):
        option = chosen[f"leg:{index}"]
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
            )
        )
    stays = []
    for window in windows:
        option = chosen.get(f"stay:{window.city}")
        if option is None:
            continue
        stay, _, rooms = option.payload  # type: ignore[misc]
        stays.append(
            StayChoice(
                city=window.city,
                stay=stay,
                check_in=window.check_in,
                check_out=window.check_out,
                nights=window.nights,
                rooms=rooms,
                cost=option.cost,
            )
        )
    meals = {
        name.split(":", 1)[1]: list(option.payload)  # type: ignore[call-overload]
        for name, option in chosen.items()
        if name.startswith("meals:")
    }
    flights = sum(c.cost for c in legs if c.flight is not None)
    ground = sum(c.cost for c in legs if c.ground is not None)
    lodging = sum(s.cost for s in stays)
    activities = sum(a.cost * travelers for acts in picked.values() for a in acts)
    food = sum(chosen[n].cost for n in chosen if n.startswith("meals:"))
    score = sum(o.value for o in chosen.values()) + sum(
        activity_value(a, scoring_interests(request)) for acts in picked.values() for a in acts
    )
    return Selection(
        legs=legs,
        stays=stays,
        activities=picked,
        meals=meals,
        cost=cost_breakdown(
            request,
            currency=currency,
            flights=flights,
            lodging=lodging,
            activities=activities,
            food=food,
            local_transport=ground,
        ),
        score=round(score, 3),
        cap=round(cap, 2),
        shortfall=shortfall,
        excluded=excluded,
    )


def cost_breakdown(
    request: TripRequest,
    *,
    currency: str,
    flights: float,
    lodging: float,
    activities: float,
    food: float,
    local_transport: float,
) -> CostBreakdown:
    """The cost of a trip by part, rounded to cents, with its total and the budget beside it."""
    # Summed in the order plans always were, so totals stay identical to the cent.
    total = flights + local_transport + lodging + activities + food
    return CostBreakdown(
        flights=round(flights, 2),
        lodging=round(lodging, 2),
        activities=round(activities, 2),
        food=round(food, 2),
        local_transport=round(local_transport, 2),
        total=round(total, 2),
        currency=currency,
        budget=request.budget.amount if request.budget else None,
    )
