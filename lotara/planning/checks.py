"""The hard checks every itinerary passes before it is shown as fine.

``verify`` returns one ``Check`` per rule, always in the same order and with the same names
(``CHECK_NAMES``), each ``ok`` or not with a one-sentence ``detail`` naming what is wrong.
They read only the request and the itinerary, so a stored plan can be checked again later.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from lotara.models import Check, Itinerary, TripRequest
from lotara.words import counted

__all__ = ["CHECK_NAMES", "closed_on", "days_in_air", "failed", "shortfall", "verify"]

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
    "family_friendly",
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def closed_on(closed_days: list[str], day: date) -> bool:
    """Whether ``day`` is one of ``closed_days`` ("Monday", "monday" or "Mon" alike)."""
    short = WEEKDAYS[day.weekday()][:3]
    return any(d.strip().lower()[:3] == short for d in closed_days)


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
    parts = cost.flights + cost.lodging + cost.activities + cost.food + cost.local_transport
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


def _landing(it: Itinerary) -> date | None:
    """The local date the outbound leg lands on (None without transport)."""
    return _local_date(it.transport[0].arrive) if it.transport else None


def days_in_air(it: Itinerary) -> set[date]:
    """The plan's days spent wholly travelling: before the outbound lands, or mid-journey."""
    out: set[date] = set()
    for index, leg in enumerate(it.transport):
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
    if it.transport:
        first = _local_date(it.transport[0].depart)
        last = _local_date(it.transport[-1].depart)
        # With no start date asked for, a long flight may leave the day before to land on it.
        early = (
            request.flexible_departure
            and first == request.start_date - timedelta(1)
            and landing == request.start_date
        )
        if first is not None and first != request.start_date and not early:
            problems.append(f"The trip leaves on {first}, not {request.start_date}.")
        if last is not None and last != request.end_date:
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
    legs = it.transport
    home = {request.origin, request.origin_city}
    if not legs:
        return ["The plan has no transport to and from the trip."]
    if legs[0].origin not in home:
        problems.append(f"The trip starts from {legs[0].origin}, not {request.origin_city}.")
    if legs[-1].destination not in home:
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
    visited = [leg.destination for leg in legs[:-1]]
    wanted = [d.city for d in request.destinations]
    if visited != wanted:
        problems.append(f"The legs visit {', '.join(visited)}, not {', '.join(wanted)}.")
    return problems


def verify(request: TripRequest, itinerary: Itinerary) -> list[Check]:
    """Every hard check of ``itinerary`` against ``request``, in ``CHECK_NAMES`` order."""
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
        weekday = WEEKDAYS[day.date.weekday()]
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
            if request.children and item.activity and "nightlife" in item.activity.tags:
                grown_up.append(f"{item.name} is nightlife, and the party includes children.")
            if item.activity and closed_on(item.activity.closed_days, day.date):
                closed.append(f"{item.name} is closed on {weekday.capitalize()}s ({day.date}).")
        if count < 3 and day.date not in in_air:  # a day in the air eats on board
            meals.append(f"{day.date} has {count} meal(s), not three.")

    return [
        _budget(request, it),
        _check("dates", _dates(request, it), "Days, dates and nights agree."),
        _check("capacity", capacity, f"Every stay fits {request.travelers} traveler(s)."),
        _check("house_rules", rules, "Every stay allows what the party needs."),
        _check("minimum_nights", minimum, "Every stay's minimum nights are met."),
        _check("room_type", room, "Every room is of the type asked for."),
        _check("stay_city", stay_city, "Every stay is in the city the plan sleeps in."),
        _check("transport", _transport(request, it), "The legs connect and never overlap."),
        _check("activity_city", wrong_city, "Every activity is in its day's city."),
        _check("no_duplicates", duplicates, "No activity is repeated."),
        _check("opening_days", closed, "Every activity is open on its day."),
        _check("meals", meals, "Every day has three meals."),
        _check("family_friendly", grown_up, "Nothing planned is unsuitable for the party."),
    ]
