"""The hard checks every itinerary passes before it is shown as fine.

``verify`` returns one ``Check`` per rule, always in the same order and with the same names
(``CHECK_NAMES``), each ``ok`` or not with a one-sentence ``detail`` naming what is wrong.
They read only the request and the itinerary, so a stored plan can be checked again later.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from lotara.models import Activity, Check, Itinerary, TransportLeg, TripRequest
from lotara.planning.interests import refused_by, refused_words
from lotara.planning.suitability import (
    MOSTLY_HALAL,
    STEPS_OF_KIND,
    diet_fit,
    flight_breaks,
    flight_rule_words,
    getaway_kind_elsewhere,
    is_full_day,
    is_must_see,
    kind_meets,
    nightlife_wanted,
    serves,
    stairs_matter,
    stay_access,
    stop_country,
)
from lotara.planning.timing import DESK_MINUTES, clock_minutes
from lotara.words import counted
from lotara.world.catalogue import closed_on_date
from lotara.world.countries import country

__all__ = [
    "CHECK_NAMES",
    "SOFT_CHECKS",
    "closed_on",
    "days_in_air",
    "failed",
    "failed_note",
    "journeys",
    "shortfall",
    "verify",
]

CHECK_NAMES: tuple[str, ...] = (
    "budget",
    "dates",
    "capacity",
    "house_rules",
    "minimum_nights",
    "room_type",
    "stay_city",
    "transport",
    "activity_city",
    "no_duplicates",
    "opening_days",
    "meals",
    "day_times",
    "family_friendly",
    "nightlife",
    "meal_places",
    "diets",
    "travel_class",
    "stay_class",
    "stay_kind",
    "transport_modes",
    "flight_rules",
    "pets",
    "accessibility",
    "must_see",
    "avoid_sights",
    "rooms",
    "restaurant_variety",
    "full_days",
)
SOFT_CHECKS = frozenset({"restaurant_variety", "full_days"})
"""Checks that say what could be better rather than what is broken: never hard."""
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def closed_on(closed_days: list[str], day: date) -> bool:
    """Whether ``day`` is one of ``closed_days`` ("Monday", "monday" or "Mon" alike)."""
    short = WEEKDAYS[day.weekday()][:3]
    return any(d.strip().lower()[:3] == short for d in closed_days)


def shut_on(activity: Activity, day: date) -> str | None:
    """Why ``activity`` is shut on ``day`` ("closed on Mondays", "closed on 25 Dec"), or
    None when it opens: its weekly closing days and the days of the year it closes."""
    if closed_on(activity.closed_days, day):
        return f"closed on {WEEKDAYS[day.weekday()].capitalize()}s"
    if closed_on_date(activity.closed_dates, day):
        return f"closed on {day.day} {day:%b}"
    return None


def shortfall(request: TripRequest, itinerary: Itinerary) -> float | None:
    """How much the itinerary costs over the budget (what a budget override must approve)."""
    if request.budget is None:
        return None
    over = round(itinerary.cost.total - request.budget.amount, 2)
    return over if over > 0 else None


def failed(checks: list[Check]) -> list[Check]:
    """The hard checks that did not pass."""
    return [c for c in checks if c.hard and not c.ok]


def _check(name: str, problems: list[str], fine: str) -> Check:
    if problems:
        extra = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return Check(name=name, ok=False, detail=problems[0] + extra)
    return Check(name=name, ok=True, detail=fine)


def _budget(request: TripRequest, it: Itinerary) -> Check:
    cost = it.cost
    if request.budget is None:
        return Check(name="budget", ok=True, detail=f"No budget set; total {cost.total:,.2f}.")
    budget = request.budget
    if cost.currency != budget.currency:
        return Check(
            name="budget",
            ok=False,
            detail=f"Costs are in {cost.currency} but the budget is in {budget.currency}.",
        )
    parts = (
        cost.flights
        + cost.ground_transport
        + cost.lodging
        + cost.activities
        + cost.food
        + cost.local_transport
    )
    if abs(parts - cost.total) > 0.05:
        return Check(
            name="budget",
            ok=False,
            detail=f"The parts add up to {parts:,.2f}, not the total {cost.total:,.2f}.",
        )
    if cost.total > budget.amount + 0.005:
        over = cost.total - budget.amount
        return Check(
            name="budget",
            ok=False,
            detail=f"Total {cost.total:,.2f} {budget.currency} is {over:,.2f} over the "
            f"{budget.amount:,.2f} {budget.currency} budget.",
        )
    return Check(
        name="budget",
        ok=True,
        detail=f"Total {cost.total:,.2f} {budget.currency} within the "
        f"{budget.amount:,.2f} {budget.currency} budget.",
    )


def journeys(it: Itinerary) -> list[TransportLeg]:
    """The plan's journeys between cities: its legs less the airport and station transfers
    (kind ``transfer``), which run within a city and are added after scheduling."""
    return [leg for leg in it.transport if leg.kind != "transfer"]


def _landing(it: Itinerary) -> date | None:
    """The local date the outbound leg lands on (None without transport)."""
    legs = journeys(it)
    return _local_date(legs[0].arrive) if legs else None


def days_in_air(it: Itinerary) -> set[date]:
    """The plan's days spent wholly travelling: before the outbound lands, or mid-journey."""
    out: set[date] = set()
    for index, leg in enumerate(journeys(it)):
        leave, land = _local_date(leg.depart), _local_date(leg.arrive)
        if leave is None or land is None:
            continue
        for day in it.days:
            if day.date < land and (index == 0 or leave < day.date):
                out.add(day.date)
    return out


def _dates(request: TripRequest, it: Itinerary) -> list[str]:
    problems = []
    if len(it.days) != request.days:
        problems.append(f"The plan has {len(it.days)} days, not {request.days}.")
    for offset, day in enumerate(it.days):
        expected = request.start_date + timedelta(offset)
        if day.date != expected:
            problems.append(f"Day {offset + 1} is {day.date}, expected {expected}.")
            break
    if request.end_date != request.start_date + timedelta(request.days - 1):
        problems.append(f"The end date {request.end_date} does not match {request.days} days.")
    stays = sorted(it.stays, key=lambda s: s.check_in)
    landing = _landing(it)
    # Nights in the air before the outbound lands are not stays: booking starts on landing.
    first_night = stays[0].check_in if stays else request.start_date
    owed = request.nights - max(0, (first_night - request.start_date).days)
    nights = sum(s.nights for s in stays)
    if nights != owed:
        problems.append(
            f"Stays cover {nights} nights, the trip has {owed} from {first_night.isoformat()}."
        )
    for s in stays:
        if (s.check_out - s.check_in).days != s.nights:
            problems.append(
                f"{s.stay.name}: {s.check_in} to {s.check_out} is not {s.nights} nights."
            )
    if stays:
        latest = max(request.start_date, landing) if landing else request.start_date
        if not request.start_date <= stays[0].check_in <= latest:
            problems.append(
                f"The first stay starts {stays[0].check_in}, not on the day the trip arrives "
                f"({latest})."
            )
        if stays[-1].check_out != request.end_date:
            problems.append(f"The last stay ends {stays[-1].check_out}, not {request.end_date}.")
        for a, b in zip(stays, stays[1:], strict=False):
            if a.check_out != b.check_in:
                problems.append(f"A gap or overlap between {a.stay.name} and {b.stay.name}.")
    if journeys(it):
        first = _local_date(journeys(it)[0].depart)
        last = _local_date(journeys(it)[-1].depart)
        # With no start date asked for, a long flight may leave the day before to land on it.
        early = (
            request.flexible_departure
            and first == request.start_date - timedelta(1)
            and landing == request.start_date
        )
        if first is not None and first != request.start_date and not early:
            problems.append(f"The trip leaves on {first}, not {request.start_date}.")
        if last is not None and last != request.end_date and request.trip_type != "one_way":
            problems.append(f"The trip returns on {last}, not {request.end_date}.")
    return problems


def _local_date(text: str) -> date | None:
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        return None


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _transport(request: TripRequest, it: Itinerary) -> list[str]:
    problems: list[str] = []
    legs = journeys(it)
    home = {request.origin, request.origin_city}
    if not legs:
        return ["The plan has no transport to and from the trip."]
    if legs[0].origin not in home:
        problems.append(f"The trip starts from {legs[0].origin}, not {request.origin_city}.")
    one_way = request.trip_type == "one_way"
    if one_way and legs[-1].destination in home and len(legs) > 1:
        problems.append(f"The trip is one way, but {legs[-1].description} goes home.")
    if not one_way and legs[-1].destination not in home:
        problems.append(f"The trip ends in {legs[-1].destination}, not {request.origin_city}.")
    for a, b in zip(legs, legs[1:], strict=False):
        if a.destination != b.origin:
            problems.append(
                f"{a.description} ends in {a.destination} but the next leaves {b.origin}."
            )
        arrive, depart = _moment(a.arrive), _moment(b.depart)
        if arrive and depart and depart < arrive:
            problems.append(f"{b.description} leaves before {a.description} arrives.")
    for leg in legs:
        depart, arrive = _moment(leg.depart), _moment(leg.arrive)
        if depart and arrive and arrive <= depart:
            problems.append(f"{leg.description} arrives before it leaves.")
        if leg.kind in request.avoid_transport:
            problems.append(f"{leg.description} uses {leg.kind}, which the traveller avoids.")
    visited = [leg.destination for leg in (legs if one_way else legs[:-1])]
    wanted = [d.city for d in request.destinations]
    # A gateway passed through on the day (driven to, flown on from) is no visit.
    stops = legs if one_way else legs[:-1]
    through = [
        leg.destination
        for i, leg in enumerate(stops)
        if i + 1 == len(legs) or _local_date(legs[i + 1].depart) != _local_date(leg.arrive)
    ]
    if visited != wanted and through != wanted:
        problems.append(f"The legs visit {', '.join(visited)}, not {', '.join(wanted)}.")
    return problems


def failed_note(checks: list[Check]) -> str | None:
    """The sentence that heads a plan whose hard checks fail, or None when all pass."""
    bad = failed(checks)
    if not bad:
        return None
    return "Not every check passes: " + "; ".join(f"{c.name}: {c.detail}" for c in bad)


def verify(
    request: TripRequest, itinerary: Itinerary, unmet: Mapping[str, str] | None = None
) -> list[Check]:
    """Every check of ``itinerary`` against ``request``, in ``CHECK_NAMES`` order.

    ``unmet`` is what the optimiser found no option for (``Selection.unmet``), by check
    name: such a check fails with that reason even where the plan alone cannot show it.
    """
    it = itinerary
    capacity, rules, minimum, room, stay_city = [], [], [], [], []
    cities_by_date = {day.date: day.city for day in it.days}
    for booking in it.stays:
        stay = booking.stay
        if booking.rooms * stay.max_occupancy < request.travelers:
            capacity.append(
                f"{stay.name}: {counted(booking.rooms, 'room')} for {stay.max_occupancy} "
                "do not fit "
                f"{request.travelers} travelers."
            )
        in_force = {rule.strip().lower() for rule in stay.house_rules}
        for wanted in request.house_rules:
            if f"no {wanted.lower()}" in in_force:
                rules.append(f"{stay.name} does not allow {wanted}.")
        if booking.nights < stay.minimum_nights:
            minimum.append(
                f"{stay.name} needs {stay.minimum_nights} nights; the plan books {booking.nights}."
            )
        if request.room_type == "not shared room":
            if stay.room_type == "shared room":
                room.append(f"{stay.name} is a shared room.")
        elif request.room_type and stay.room_type != request.room_type:
            room.append(f"{stay.name} is a {stay.room_type}, not a {request.room_type}.")
        if stay.city != booking.city or cities_by_date.get(booking.check_in, booking.city) != (
            booking.city
        ):
            stay_city.append(f"{stay.name} is in {stay.city}, not where the plan sleeps.")

    wrong_city, duplicates, closed, meals, grown_up = [], [], [], [], []
    seen: set[str] = set()
    in_air = days_in_air(it)
    for day in it.days:
        count = 0
        for item in day.items:
            if item.kind == "meal":
                count += 1
            if item.kind != "activity":
                continue
            city = item.city or (item.activity.city if item.activity else None)
            if city != day.city:
                wrong_city.append(
                    f"{item.name} is in {city}, but {day.date} is spent in {day.city}."
                )
            key = (item.ref or item.name).lower()
            if key in seen or item.name.lower() in seen:
                duplicates.append(f"{item.name} appears more than once.")
            seen.update({key, item.name.lower()})
            if (
                request.children
                and item.activity
                and "nightlife" in item.activity.tags
                and not is_must_see(item.activity, request)
            ):
                grown_up.append(f"{item.name} is nightlife, and the party includes children.")
            if request.children and item.activity and item.activity.children_welcome is False:
                grown_up.append(f"{item.name} does not welcome children.")
            if item.activity and (why := shut_on(item.activity, day.date)):
                closed.append(f"{item.name} is {why} ({day.date}).")
        if count < 3 and day.date not in in_air:  # a day in the air eats on board
            meals.append(f"{day.date} has {count} meal(s), not three.")

    return [
        _budget(request, it),
        _check("dates", _dates(request, it), "Days, dates and nights agree."),
        _check("capacity", capacity, f"Every stay fits {counted(request.travelers, 'traveler')}."),
        _check("house_rules", rules, "Every stay allows what the party needs."),
        _check("minimum_nights", minimum, "Every stay's minimum nights are met."),
        _check("room_type", room, "Every room is of the type asked for."),
        _check("stay_city", stay_city, "Every stay is in the city the plan sleeps in."),
        _check("transport", _transport(request, it), "The legs connect and never overlap."),
        _check("activity_city", wrong_city, "Every activity is in its day's city."),
        _check("no_duplicates", duplicates, "No activity is repeated."),
        _check("opening_days", closed, "Every activity is open on its day."),
        _check("meals", meals, "Every day has three meals."),
        _check(
            "day_times",
            _overlaps(it),
            "No visit, meal, check-in or check-out overlaps another.",
        ),
        _check("family_friendly", grown_up, "Nothing planned is unsuitable for the party."),
        *_promises(request, it, dict(unmet or {})),
    ]


SERVED_THERE = (" at the sight", " at the show")
"""A meal the visit serves (a lunch at a day trip, dinner at a luau) is part of it."""


def _overlaps(it: Itinerary) -> list[str]:
    """Visits and meals of a day that overlap in time (a lunch eaten during a whole-day
    visit, at the sight, or a dinner served at a show, is part of it; a meal at a restaurant
    in town during one is not), and a check-in or
    check-out (a quarter of an hour at the desk) during a visit or meal."""
    problems = []
    for day in it.days:
        timed = []
        for item in day.items:
            if item.kind not in ("activity", "meal") or not item.start or not item.end:
                continue
            lo, hi = clock_minutes(item.start), clock_minutes(item.end)
            timed.append((lo, hi if hi >= lo else 24 * 60, item))
        whole = [
            (lo, hi)
            for lo, hi, i in timed
            if i.kind == "activity" and i.activity and is_full_day(i.activity)
        ]
        timed.sort(key=lambda t: (t[0], t[1]))
        open_until, a = -1, None  # the item that ends last so far
        for lo_b, hi_b, b in timed:
            if a is None or lo_b >= open_until:
                open_until, a = hi_b, b
                continue
            meal = a if a.kind == "meal" else b if b.kind == "meal" else None
            # A whole day's meals are eaten on it, except one booked at a restaurant in town
            # (dinner at the harbour while the day trip is still out).
            if meal is None or not (
                meal.name.endswith(SERVED_THERE)
                or (
                    meal.restaurant is None
                    and any(w_lo <= clock_minutes(meal.start or "") <= w_hi for w_lo, w_hi in whole)
                )
            ):
                problems.append(f"{a.name} and {b.name} overlap on {day.date} ({b.start}).")
            if hi_b > open_until:
                open_until, a = hi_b, b
        for stay in day.items:
            if stay.kind != "stay" or not stay.start:
                continue
            at = clock_minutes(stay.start)
            during = next((i for lo, hi, i in timed if lo < at + DESK_MINUTES and at < hi), None)
            if during is not None:
                problems.append(f"{stay.name} falls during {during.name} on {day.date}.")
    return problems


def _promises(request: TripRequest, it: Itinerary, unmet: dict[str, str]) -> list[Check]:
    """One check per need the request states, in ``CHECK_NAMES`` order after the core ones."""
    activities = [(d, i) for d in it.days for i in d.items if i.kind == "activity" and i.activity]
    meals = [(d, i) for d in it.days for i in d.items if i.kind == "meal"]
    out: list[Check] = []

    # Nightlife only for a party that asked (with children, family_friendly says it).
    night = [
        f"{i.name} is nightlife, which nobody asked for."
        for _, i in activities
        if i.activity
        and "nightlife" in i.activity.tags
        and not request.children
        and not nightlife_wanted(request)
        and not is_must_see(i.activity, request)
    ]
    out.append(_check("nightlife", night, "No nightlife unless asked for."))

    # Meals only at places that serve that meal.
    wrong = []
    for day, item in meals:
        r = item.restaurant
        label = item.name.split(" ", 1)[0].lower()
        if r is not None and label in ("breakfast", "lunch", "dinner") and not serves(r, label):
            wrong.append(f"{r.name} does not serve {label} ({day.date}).")
    out.append(_check("meal_places", wrong, "Every meal is at a place that serves it."))

    # Diets: no meal where the diet is known not to be catered for, and the meals the data
    # cannot vouch for counted (a warning, not a pass): "halal at 0 of 8 meals" is never "ok".
    if request.diets:
        bad, unknown = [], {}
        at_places = 0
        for day, item in meals:
            r = item.restaurant
            if r is None:
                continue
            at_places += 1
            for diet in request.diets:
                fit = diet_fit(r, diet, stop_country(request, r.city))
                if fit is False:
                    bad.append(f"{r.name} ({day.date}) does not suit a {diet} diet.")
                elif fit is None:
                    unknown.setdefault(r.name, 0)
                    unknown[r.name] += 1
                    break
        if "diets" in unmet:
            bad.insert(0, unmet["diets"])
        wanted = ", ".join(d.replace("_", "-") for d in request.diets)
        customary = sorted({d.country for d in request.destinations} & MOSTLY_HALAL)
        if "halal" in request.diets and customary:
            where = ", ".join(country(c).name for c in customary)
            wanted += (
                f" (in {where} most restaurants serve halal food: every place with no pork or "
                "drink to its name counts)"
            )
        if bad or not unknown:
            out.append(_check("diets", bad, f"Every meal place suits {wanted}."))
        else:
            blind = sum(unknown.values())
            names = ", ".join(list(unknown)[:3]) + (", ..." if len(unknown) > 3 else "")
            out.append(
                Check(
                    name="diets",
                    ok=False,
                    hard=False,
                    detail=f"{wanted} is confirmed at {at_places - blind} of {at_places} meal(s) "
                    f"at named places; the data cannot tell for {blind} "
                    f"({counted(len(unknown), 'place')}: {names}): ask when booking, or eat "
                    "those meals where you know it suits.",
                )
            )
    else:
        out.append(Check(name="diets", ok=True, detail="No diet asked for."))

    # Class of travel.
    if request.travel_class:
        order = ("economy", "premium_economy", "business", "first")
        want = order.index(request.travel_class)
        low = [
            f"{leg.description} is {leg.flight.cabin.replace('_', ' ')}, not "
            f"{request.travel_class.replace('_', ' ')}."
            for leg in it.transport
            if leg.flight is not None
            and order.index(leg.flight.cabin if leg.flight.cabin in order else "economy") < want
        ]
        if low and "travel_class" in unmet:
            low.insert(0, unmet["travel_class"])
        out.append(_check("travel_class", low, f"Every flight is {request.travel_class}."))
    else:
        out.append(Check(name="travel_class", ok=True, detail="No class of travel asked for."))

    # Class of stay (measured against the city's other stays by the optimiser).
    if request.stay_class:
        problems = [unmet["stay_class"]] if "stay_class" in unmet else []
        out.append(_check("stay_class", problems, f"Every stay is {request.stay_class} or better."))
    else:
        out.append(Check(name="stay_class", ok=True, detail="No class of stay asked for."))

    # Kinds of stay: a dorm for a party that did not ask, a kind refused, a kind not found.
    kinds: list[str] = []
    elsewhere: list[str] = []  # stops with no resort or villa, where one was asked for
    asked_shared = request.room_type == "shared room" or "hostel" in request.stay_kinds
    for booking in it.stays:
        stay = booking.stay
        kind = stay.kind.split()[-1]
        if (
            stay.room_type == "shared room"
            and request.travelers > 1
            and not asked_shared
            and request.room_type != "not shared room"
        ):
            kinds.append(f"{stay.name} is a shared dorm for a party of {request.travelers}.")
        if kind in request.avoid_stay_kinds or stay.kind in request.avoid_stay_kinds:
            kinds.append(f"{stay.name} is a {stay.kind}, which the traveller does not want.")
        if request.stay_kinds and not kind_meets(stay.kind, request.stay_kinds):
            if getaway_kind_elsewhere(request, booking.city):
                elsewhere.append(booking.city)
                continue
            asked = " or ".join(
                "cabin or cottage" if k == "cabin" else k for k in request.stay_kinds
            )
            article = "an" if stay.kind[:1] in "aeiou" else "a"
            why = (
                f"{unmet[STEPS_OF_KIND]}, and the party needs step-free access, so a "
                "step-free kind is booked"
                if STEPS_OF_KIND in unmet
                else f"lotara's world has no {asked} in {booking.city}, so the nearest kind "
                "there is booked"
                + (" (its cabins are the chalets of mountain getaways)" if "cabin" in asked else "")
            )
            kinds.append(f"{stay.name} is {article} {stay.kind}, not a {asked}: {why}.")
    fine = "Every stay is of a kind the party accepts."
    if elsewhere:
        asked = " or ".join(request.stay_kinds)
        towns = " and ".join(dict.fromkeys(elsewhere))
        fine += f" {towns} has no {asked}: another kind is booked there."
    out.append(_check("stay_kind", kinds, fine))

    # Ways of travel asked for.
    if request.transport_modes:
        modes = set(request.transport_modes)
        asked = " or ".join(sorted(modes))
        legs = [
            leg
            for leg in it.transport
            if leg.kind in {"flight", *TRANSPORT_KINDS} and leg.kind not in modes
        ]
        # A flight over an ocean breaks no "by train": nothing on the ground makes that hop.
        flown = [f"{leg.origin} → {leg.destination}" for leg in legs if leg.air_only]
        off = [
            f"{leg.description} is by {leg.kind}, not {asked}." for leg in legs if not leg.air_only
        ]
        fine = f"Every leg is by {asked}."
        if flown:
            fine = (
                f"Every leg that can be by {asked} is; flown where nothing on land or water "
                f"joins the places: {', '.join(flown)}."
            )
        out.append(_check("transport_modes", off, fine))
    else:
        out.append(Check(name="transport_modes", ok=True, detail="No way of travel asked for."))

    # What was asked of the flights: nonstop, one stop at most, no red-eye, not early.
    if request.flight_rules:
        broken = [
            f"{leg.description}: {', '.join(why)}."
            for leg in it.transport
            if leg.flight is not None and (why := flight_breaks(leg.flight, request.flight_rules))
        ]
        if broken and "flight_rules" in unmet:
            broken.insert(0, unmet["flight_rules"])
        asked = " and ".join(flight_rule_words(r) for r in request.flight_rules)
        out.append(_check("flight_rules", broken, f"Every flight is {asked}."))
    else:
        out.append(Check(name="flight_rules", ok=True, detail="Nothing asked of the flights."))

    # Pets.
    if request.pets:
        barred = [
            f"{b.stay.name} does not take pets."
            for b in it.stays
            if any(r.strip().lower() == "no pets" for r in b.stay.house_rules)
        ]
        out.append(_check("pets", barred, f"Every stay takes the party's {request.pets} pet(s)."))
    else:
        out.append(Check(name="pets", ok=True, detail="No pets travelling."))

    # Accessibility: what is known not to be step-free fails; what nobody knows is said.
    if request.accessibility:
        # The stays first: a room with steps fails a wheelchair; a stay's access is said,
        # with whether it is the kind's estimate.
        stays = list({b.stay.id: b.stay for b in it.stays}.values())
        steps = [
            f"{stay_access(s)}, and the party needs step-free access."
            for s in stays
            if s.step_free is False and stairs_matter(request)
        ]
        steps += [
            f"{i.name} is not step-free." for _, i in activities if i.activity.step_free is False
        ]
        unknown = sum(1 for _, i in activities if i.activity.step_free is None)
        fine = (
            "Every sight is step-free."
            if not unknown
            else f"No sight is known to have steps; step-free access is confirmed for "
            f"{len(activities) - unknown} of {len(activities)} and not known for {unknown} "
            "sight(s): ask ahead."
        )
        if stays:
            said = "; ".join(stay_access(s) for s in stays)
            fine += f" Stays: {said}: ask for a step-free room when booking."
        out.append(_check("accessibility", steps, fine))
    else:
        out.append(Check(name="accessibility", ok=True, detail="No access needs stated."))

    # Sights the traveller named.
    if request.must_see:
        planned = [i.activity for _, i in activities if i.activity]
        shut = unmet.get("must_see", "")  # the musts shut on every day there, said as such
        missing = [
            f"{name} is not in the plan (not found, closed on every day of the trip, or no "
            "day has the time it takes once the travel is in)."
            for name in request.must_see
            if not any(
                is_must_see(a, request.model_copy(update={"must_see": [name]})) for a in planned
            )
            and name.strip().lower() not in shut.lower()
        ]
        if shut:
            missing.insert(0, shut)
        out.append(_check("must_see", missing, "Every sight asked for is in the plan."))
    else:
        out.append(Check(name="must_see", ok=True, detail="No sight named as a must."))

    # Kinds of sight refused ("no museums").
    if request.avoid_sights:
        refused = [
            f"{i.activity.name} is a {word}, which the traveller refused."
            for _, i in activities
            if i.activity
            and (word := refused_by(i.activity.name, i.activity.tags, request.avoid_sights))
        ]
        out.append(
            _check("avoid_sights", refused, f"No {refused_words(request.avoid_sights)}, as asked.")
        )
    else:
        out.append(Check(name="avoid_sights", ok=True, detail="No kind of sight refused."))

    # Rooms asked for.
    if request.rooms:
        few = [
            f"{b.stay.name}: {counted(b.rooms, 'room')}, not {request.rooms}."
            for b in it.stays
            if b.rooms < request.rooms
        ]
        out.append(_check("rooms", few, f"Every stay has {counted(request.rooms, 'room')}."))
    else:
        out.append(Check(name="rooms", ok=True, detail="Rooms as the party needs them."))

    # Soft: a restaurant twice, and whole days with nothing to do.
    uses: dict[str, int] = {}
    for _, item in meals:
        if item.restaurant is not None and not item.restaurant.generic:
            uses[item.restaurant.name] = uses.get(item.restaurant.name, 0) + 1
    twice = [f"{name} is used {n} times." for name, n in sorted(uses.items()) if n > 1]
    variety = _check("restaurant_variety", twice, "No restaurant is used twice.")
    if twice:
        variety.detail += " The notes say how many places the city has for those meals."
    variety.hard = False
    out.append(variety)
    in_air = days_in_air(it)
    travel_days = {_local_date(leg.depart) for leg in it.transport} | {
        _local_date(leg.arrive) for leg in it.transport
    }
    idle = [
        f"{d.date} has nothing planned."
        for d in it.days
        if d.date not in in_air
        and d.date not in travel_days
        and not any(i.kind == "activity" for i in d.items)
    ]
    days = _check("full_days", idle, "Every whole day has something to do.")
    days.hard = False
    out.append(days)
    return out


TRANSPORT_KINDS = ("self-driving", "taxi", "train", "bus", "ferry", "car_hire")
