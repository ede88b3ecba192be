"""Each hard check fails on a plan broken for it, and only that check does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest

from lotara.models import Itinerary, PlanConstraints, TripRequest
from lotara.planning.checks import CHECK_NAMES, WEEKDAYS, verify
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
    other.items.append(item.model_copy())  # the same city, so only the repeat is wrong
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
    "family_friendly": break_family_friendly,
}


def test_the_good_plan_passes_every_check(good: tuple[TripRequest, Itinerary]) -> None:
    request, itinerary = good
    checks = verify(request, itinerary)
    assert [c.name for c in checks] == list(CHECK_NAMES)
    assert all(c.ok for c in checks), [c for c in checks if not c.ok]
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
    checks = {c.name: c for c in verify(request, broken)}
    assert not checks[name].ok
    assert checks[name].detail.endswith((".", ")"))
    assert [n for n, c in checks.items() if not c.ok] == [name]


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
