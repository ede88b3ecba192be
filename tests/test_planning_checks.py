"""Each hard check fails on a plan broken for it, and only that check does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest

from lotara.models import Itinerary, PlanConstraints, TripRequest
from lotara.planning.checks import CHECK_NAMES, SOFT_CHECKS, WEEKDAYS, verify
from lotara.planning.intent import build_trip_request
from lotara.planning.pipeline import plan_trip
from tests.test_planning_fake import FakeWorld

QUERY = "6 days in Rome and Florence from London for 2, $6000, history and food"


@pytest.fixture(scope="module")
def good() -> tuple[TripRequest, Itinerary]:
    world = FakeWorld()
    request = build_trip_request(
        QUERY, constraints=PlanConstraints(), prefs={}, provider=world, today=date(2027, 3, 1)
    )
    itinerary, _ = plan_trip(request, world)
    return request, itinerary


def _first_activity(it: Itinerary):
    for day in it.days:
        for item in day.items:
            if item.kind == "activity":
                return day, item
    raise AssertionError("the plan has no activity")


def break_budget(r: TripRequest, it: Itinerary) -> TripRequest:
    assert r.budget is not None
    return r.model_copy(update={"budget": r.budget.model_copy(update={"amount": 100.0})})


def break_dates(r: TripRequest, it: Itinerary) -> TripRequest:
    it.days.pop()
    return r


def break_capacity(r: TripRequest, it: Itinerary) -> TripRequest:
    it.stays[0].rooms = 1
    it.stays[0].stay.max_occupancy = 1
    return r


def break_house_rules(r: TripRequest, it: Itinerary) -> TripRequest:
    it.stays[0].stay.house_rules = ["No pets"]
    return r.model_copy(update={"house_rules": ["pets"]})


def break_minimum_nights(r: TripRequest, it: Itinerary) -> TripRequest:
    it.stays[0].stay.minimum_nights = 30
    return r


def break_room_type(r: TripRequest, it: Itinerary) -> TripRequest:
    it.stays[0].stay.room_type = "shared room"
    return r.model_copy(update={"room_type": "not shared room"})


def break_stay_city(r: TripRequest, it: Itinerary) -> TripRequest:
    it.stays[0].stay.city = "Venice"
    return r


def break_transport(r: TripRequest, it: Itinerary) -> TripRequest:
    # The leg between the cities lands after the leg home has left.
    home = datetime.fromisoformat(it.transport[-1].depart)
    it.transport[1].arrive = (home + timedelta(hours=1)).isoformat()
    return r


def break_activity_city(r: TripRequest, it: Itinerary) -> TripRequest:
    _, item = _first_activity(it)
    item.city = "Tokyo"
    return r


def break_no_duplicates(r: TripRequest, it: Itinerary) -> TripRequest:
    day, item = _first_activity(it)
    other = next(d for d in it.days if d.city == day.city and d.date != day.date)
    # The same city, untimed (it overlaps nothing), so only the repeat is wrong.
    other.items.append(item.model_copy(update={"start": None, "end": None}))
    return r


def break_day_times(r: TripRequest, it: Itinerary) -> TripRequest:
    day, item = _first_activity(it)
    meal = next(i for i in day.items if i.kind == "meal" and i.start and i.start > "09:00")
    meal.start, meal.end = item.start, item.end  # lunch in the middle of the visit
    return r


def break_opening_days(r: TripRequest, it: Itinerary) -> TripRequest:
    day, item = _first_activity(it)
    assert item.activity is not None
    item.activity.closed_days = [WEEKDAYS[day.date.weekday()][:3].capitalize()]  # "Mon"
    return r


def break_meals(r: TripRequest, it: Itinerary) -> TripRequest:
    day = it.days[2]
    meal = next(i for i in day.items if i.kind == "meal")
    day.items.remove(meal)
    return r


def break_family_friendly(r: TripRequest, it: Itinerary) -> TripRequest:
    _, item = _first_activity(it)
    assert item.activity is not None
    item.activity.tags = [*item.activity.tags, "nightlife"]
    return r.model_copy(update={"children": True})


def _first_meal(it: Itinerary, label: str):
    for day in it.days:
        for item in day.items:
            if item.kind == "meal" and item.name.startswith(label) and item.restaurant:
                return day, item
    raise AssertionError(f"the plan has no {label} at a restaurant")


def break_nightlife(r: TripRequest, it: Itinerary) -> TripRequest:
    _, item = _first_activity(it)
    assert item.activity is not None
    item.activity.tags = [*item.activity.tags, "nightlife"]
    return r  # nobody asked for nightlife


def break_meal_places(r: TripRequest, it: Itinerary) -> TripRequest:
    _, item = _first_meal(it, "Dinner")
    assert item.restaurant is not None
    item.restaurant.meals = ["breakfast", "lunch"]  # a place that closes before dinner
    return r


def break_diets(r: TripRequest, it: Itinerary) -> TripRequest:
    _, item = _first_meal(it, "Lunch")
    assert item.restaurant is not None
    item.restaurant.diets = ["halal"]  # its diets are known, and vegetarian is not one
    return r.model_copy(update={"diets": ["vegetarian"]})


def break_travel_class(r: TripRequest, it: Itinerary) -> TripRequest:
    return r.model_copy(update={"travel_class": "business"})  # every flight is economy


def break_stay_class(r: TripRequest, it: Itinerary) -> TripRequest:
    return r.model_copy(update={"stay_class": "luxury"})  # with the optimiser's reason below


def break_stay_kind(r: TripRequest, it: Itinerary) -> TripRequest:
    return r.model_copy(update={"avoid_stay_kinds": [it.stays[0].stay.kind.split()[-1]]})


def break_transport_modes(r: TripRequest, it: Itinerary) -> TripRequest:
    # The plan flies a hop a train could make (the fake world has no ground ways at all).
    flight = next(leg for leg in it.transport if leg.kind == "flight")
    flight.air_only = False
    return r.model_copy(update={"transport_modes": ["train"]})


def break_flight_rules(r: TripRequest, it: Itinerary) -> TripRequest:
    flight = next(leg.flight for leg in it.transport if leg.flight is not None)
    flight.stops = 2
    return r.model_copy(update={"flight_rules": ["nonstop"]})


def break_pets(r: TripRequest, it: Itinerary) -> TripRequest:
    it.stays[0].stay.house_rules = [*it.stays[0].stay.house_rules, "No pets"]
    return r.model_copy(update={"pets": 1})


def break_accessibility(r: TripRequest, it: Itinerary) -> TripRequest:
    _, item = _first_activity(it)
    assert item.activity is not None
    item.activity.step_free = False
    return r.model_copy(update={"accessibility": ["wheelchair"]})


def break_must_see(r: TripRequest, it: Itinerary) -> TripRequest:
    return r.model_copy(update={"must_see": ["Machu Picchu"]})


def break_avoid_sights(r: TripRequest, it: Itinerary) -> TripRequest:
    _, item = _first_activity(it)
    assert item.activity is not None
    return r.model_copy(update={"avoid_sights": [item.activity.name.split()[-1].lower()]})


def break_rooms(r: TripRequest, it: Itinerary) -> TripRequest:
    return r.model_copy(update={"rooms": it.stays[0].rooms + 1})


def break_restaurant_variety(r: TripRequest, it: Itinerary) -> TripRequest:
    day, item = _first_meal(it, "Dinner")
    other = next(d for d in it.days if d.city == day.city and d.date != day.date)
    dinner = next(i for i in other.items if i.kind == "meal" and i.name.startswith("Dinner"))
    dinner.restaurant, dinner.name = item.restaurant, item.name
    return r


def break_full_days(r: TripRequest, it: Itinerary) -> TripRequest:
    day = it.days[2]
    day.items = [i for i in day.items if i.kind != "activity"]
    return r


UNMET = {"stay_class": "No luxury stay found; the closest is booked."}

BREAKERS: dict[str, Callable[[TripRequest, Itinerary], TripRequest]] = {
    "budget": break_budget,
    "dates": break_dates,
    "capacity": break_capacity,
    "house_rules": break_house_rules,
    "minimum_nights": break_minimum_nights,
    "room_type": break_room_type,
    "stay_city": break_stay_city,
    "transport": break_transport,
    "activity_city": break_activity_city,
    "no_duplicates": break_no_duplicates,
    "opening_days": break_opening_days,
    "meals": break_meals,
    "day_times": break_day_times,
    "family_friendly": break_family_friendly,
    "nightlife": break_nightlife,
    "meal_places": break_meal_places,
    "diets": break_diets,
    "travel_class": break_travel_class,
    "stay_class": break_stay_class,
    "stay_kind": break_stay_kind,
    "transport_modes": break_transport_modes,
    "flight_rules": break_flight_rules,
    "pets": break_pets,
    "accessibility": break_accessibility,
    "must_see": break_must_see,
    "avoid_sights": break_avoid_sights,
    "rooms": break_rooms,
    "restaurant_variety": break_restaurant_variety,
    "full_days": break_full_days,
}


def test_the_good_plan_passes_every_check(good: tuple[TripRequest, Itinerary]) -> None:
    request, itinerary = good
    checks = verify(request, itinerary)
    assert [c.name for c in checks] == list(CHECK_NAMES)
    assert all(c.ok for c in checks if c.hard), [c for c in checks if not c.ok]
    assert {c.name for c in checks if not c.hard} == SOFT_CHECKS
    assert itinerary.ok


def test_every_check_has_a_breaker() -> None:
    assert set(BREAKERS) == set(CHECK_NAMES)


@pytest.mark.parametrize("name", list(BREAKERS))
def test_a_broken_plan_fails_exactly_its_check(
    good: tuple[TripRequest, Itinerary], name: str
) -> None:
    request, itinerary = good
    broken = itinerary.model_copy(deep=True)
    request = BREAKERS[name](request, broken)
    unmet = {k: v for k, v in UNMET.items() if k == name}
    checks = {c.name: c for c in verify(request, broken, unmet)}
    assert not checks[name].ok
    assert checks[name].detail.endswith((".", ")"))
    assert checks[name].hard == (name not in SOFT_CHECKS)
    # Only this check breaks (a soft one the good plan already misses aside).
    soft_already = {c.name for c in verify(good[0], good[1]) if not c.ok} - {name}
    assert [n for n, c in checks.items() if not c.ok and n not in soft_already] == [name]


def test_avoided_transport_fails_the_transport_check(good: tuple[TripRequest, Itinerary]) -> None:
    request, itinerary = good
    kinds = {leg.kind for leg in itinerary.transport}
    avoided = request.model_copy(update={"avoid_transport": sorted(kinds)})
    check = next(c for c in verify(avoided, itinerary) if c.name == "transport")
    assert not check.ok and "avoids" in check.detail


def test_legs_that_do_not_connect_fail(good: tuple[TripRequest, Itinerary]) -> None:
    request, itinerary = good
    broken = itinerary.model_copy(deep=True)
    broken.transport[1].origin = "Venice"
    check = next(c for c in verify(request, broken) if c.name == "transport")
    assert not check.ok and "Venice" in check.detail


def test_airport_transfers_are_not_journeys_between_cities(
    good: tuple[TripRequest, Itinerary],
) -> None:
    """Transfers run within a city after landing: the transport and dates checks skip them,
    and a journey that breaks the chain still fails with transfers around it."""
    request, itinerary = good
    with_transfers = itinerary.model_copy(deep=True)
    out = with_transfers.transport[0]
    transfer = out.model_copy(
        update={
            "kind": "transfer",
            "origin": f"{out.destination} airport",
            "destination": out.destination,
            "depart": out.arrive,
            "arrive": out.arrive,
            "description": f"Train from the airport into {out.destination}",
            "cost": 0.0,
            "flight": None,
        }
    )
    with_transfers.transport.insert(1, transfer)
    checks = {c.name: c for c in verify(request, with_transfers)}
    assert checks["transport"].ok and checks["dates"].ok, checks["transport"].detail
    broken = with_transfers.model_copy(deep=True)
    broken.transport[2].origin = "Venice"
    assert not next(c for c in verify(request, broken) if c.name == "transport").ok


def test_no_hostels_is_a_refusal_not_a_request_for_a_dorm() -> None:
    # "no hostels" once read as a shared room, so the only stay offered was a hostel dorm.
    from lotara.world.provider import default_provider

    world = default_provider()
    request = build_trip_request(
        "a week in Istanbul from Berlin for a couple, food and history, no hostels",
        constraints=PlanConstraints(),
        prefs={},
        provider=world,
        today=date(2027, 3, 1),
    )
    assert request.room_type != "shared room"
    it, _ = plan_trip(request, world)
    assert it.stays and all(s.stay.kind != "hostel" for s in it.stays)
    assert all(s.stay.room_type != "shared room" for s in it.stays)
    assert next(c for c in it.checks if c.name == "stay_kind").ok


def test_a_check_out_during_breakfast_fails_the_day_times(
    good: tuple[TripRequest, Itinerary],
) -> None:
    request, itinerary = good
    broken = itinerary.model_copy(deep=True)
    day = next(d for d in broken.days if any(i.name.startswith("Check out") for i in d.items))
    out = next(i for i in day.items if i.name.startswith("Check out"))
    meal = next(i for i in day.items if i.kind == "meal" and i.start)
    assert meal.start is not None
    out.start = meal.start[:3] + f"{int(meal.start[3:5]) + 10:02d}"  # ten minutes into it
    checks = {c.name: c for c in verify(request, broken)}
    assert not checks["day_times"].ok
    assert "Check out" in checks["day_times"].detail


def test_a_day_trip_longer_than_the_day_has_dinner_after_it_and_nothing_in_its_evening() -> None:
    """Abu Simbel from Aswan takes twelve hours: the evening is not free for the souk and
    dinner in town waits until the trip is back; a restaurant dinner moved into the trip
    fails the day_times check."""
    from lotara.planning.timing import clock_minutes
    from tests.test_planning_days import plan

    request, itinerary = plan("5 days in Aswan from Cairo, Abu Simbel is a must")
    day = next(d for d in itinerary.days for i in d.items if i.activity and "Abu Simbel" in i.name)
    trip = next(i for i in day.items if i.activity and "Abu Simbel" in i.name)
    back = clock_minutes(trip.end or "")
    assert back > 19 * 60  # longer than the day
    for item in day.items:
        if item.kind == "activity" and item is not trip:
            assert clock_minutes(item.end or "") <= clock_minutes(trip.start or ""), item.name
        if item.kind == "meal" and item.restaurant is not None and "Breakfast" not in item.name:
            assert clock_minutes(item.start or "") >= back, item.name  # not in the trip
    assert all(c.ok for c in itinerary.checks if c.name == "day_times")
    broken = itinerary.model_copy(deep=True)
    moved = next(
        i
        for d in broken.days
        if d.date == day.date
        for i in d.items
        if i.kind == "meal" and i.restaurant is not None
    )
    moved.start, moved.end = "19:00", "20:15"
    assert not {c.name: c for c in verify(request, broken)}["day_times"].ok
