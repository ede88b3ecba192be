"""Plans as a traveller lives them: stays from the day the flight lands, days in the air,
days filled for the pace, real restaurants on a food trip (offline world, no network)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from lotara.models import FlightOption, FlightSegment, Itinerary, PlanConstraints, TripRequest
from lotara.planning.checks import days_in_air, verify
from lotara.planning.intent import build_trip_request
from lotara.planning.optimise import flight_value
from lotara.planning.pipeline import plan_trip
from lotara.planning.suitability import is_full_day
from lotara.planning.timing import DESK_MINUTES, LegTimes, day_windows, slots_for_day
from lotara.world.offline import OfflineWorld

TODAY = date(2027, 3, 1)
TOKYO = "5 days in Tokyo for under $3000 from LAX, food and culture"


def request_for(query: str) -> TripRequest:
    return build_trip_request(
        query,
        constraints=PlanConstraints(),
        prefs={},
        provider=OfflineWorld.shared(),
        today=TODAY,
    )


def activities(it: Itinerary) -> list[str]:
    return [i.name for d in it.days for i in d.items if i.kind == "activity"]


def landing(it: Itinerary) -> date:
    return datetime.fromisoformat(it.transport[0].arrive).date()


@pytest.fixture()
def tokyo() -> tuple[TripRequest, Itinerary, object]:
    request = request_for(TOKYO)
    itinerary, selection = plan_trip(request, OfflineWorld.shared())
    return request, itinerary, selection


def test_five_days_in_tokyo_are_five_days_in_tokyo(tokyo) -> None:
    request, it, _ = tokyo
    assert it.ok, [c for c in it.checks if not c.ok]
    assert request.flexible_departure and request.days == 5
    # The long flight leaves the day before and lands on day 1, local time.
    leaves = datetime.fromisoformat(it.transport[0].depart).date()
    assert leaves == request.start_date - timedelta(1)
    assert landing(it) == request.start_date
    # Every night booked is slept in: check-in on the landing day.
    assert it.stays[0].check_in == landing(it)
    assert sum(s.nights for s in it.stays) == request.nights
    assert not days_in_air(it)
    day_one = [i.kind for i in it.days[0].items]
    assert "transport" in day_one and "stay" in day_one


def test_a_food_and_culture_week_fills_its_days(tokyo) -> None:
    request, it, selection = tokyo
    placed = activities(it)
    assert len(placed) >= 9, placed
    # What the budget bought is what the days show: nothing paid for and never scheduled.
    bought = [a.name for acts in selection.activities.values() for a in acts]
    assert sorted(placed) == sorted(bought)
    full_days = it.days[1:-1]
    # Two visits or more, or one sight that takes the whole day (a day trip to Hakone).
    assert all(
        sum(i.kind == "activity" for i in d.items) >= 2
        or any(i.activity and is_full_day(i.activity) for i in d.items)
        for d in full_days
    )


def test_a_food_trip_eats_at_real_places_and_breakfast_is_breakfast(tokyo) -> None:
    _, it, _ = tokyo
    meals = [i for d in it.days for i in d.items if i.kind == "meal" and i.ref]
    lunches_dinners = [i for i in meals if not i.name.startswith("Breakfast")]
    assert lunches_dinners and all("generic" not in i.name for i in lunches_dinners)
    breakfasts = {i.name for i in meals if i.name.startswith("Breakfast")}
    assert not any(w in n for n in breakfasts for w in ("Izakaya", "Omakase", "Tempura"))


def test_dates_fixed_by_the_traveller_book_from_the_landing_day() -> None:
    request = request_for("Tokyo from LAX from June 3 to June 8, food, $3000")
    assert not request.flexible_departure and request.nights == 5
    it, _ = plan_trip(request, OfflineWorld.shared())
    assert it.ok, [c for c in it.checks if not c.ok]
    assert datetime.fromisoformat(it.transport[0].depart).date() == date(2027, 6, 3)
    lands = landing(it)
    assert lands == date(2027, 6, 4)
    stay = it.stays[0]
    assert stay.check_in == lands and stay.nights == 4  # no night paid in the air
    assert stay.cost == pytest.approx(stay.stay.price_per_night * 4 * stay.rooms, abs=0.05)
    # The day in the air says so once: the flight, no meals "on the way" at home hours.
    first = it.days[0]
    assert [i.kind for i in first.items] == ["transport"]
    assert "in the air" in (first.items[0].note or "")
    assert days_in_air(it) == {date(2027, 6, 3)}


def test_a_night_in_the_air_is_not_a_missing_stay_but_a_missing_meal_is() -> None:
    request = request_for("Tokyo from LAX from June 3 to June 8, $3000")
    it, _ = plan_trip(request, OfflineWorld.shared())
    checks = {c.name: c for c in verify(request, it)}
    assert checks["dates"].ok and checks["meals"].ok
    # One night fewer than booked from the landing day is a gap the check still names.
    short = it.model_copy(deep=True)
    short.stays[0].nights -= 1
    short.stays[0].check_out -= timedelta(1)
    assert not {c.name: c for c in verify(request, short)}["dates"].ok
    # A day at the destination with no meals is still a failure.
    hungry = it.model_copy(deep=True)
    hungry.days[2].items = [i for i in hungry.days[2].items if i.kind != "meal"]
    assert not {c.name: c for c in verify(request, hungry)}["meals"].ok


def _flight(depart: str, arrive: str) -> FlightOption:
    seg = FlightSegment(
        carrier="LT",
        flight_number="1",
        origin="JFK",
        destination="FCO",
        depart=depart,
        arrive=arrive,
        duration_minutes=480,
    )
    return FlightOption(
        id="f",
        origin="JFK",
        destination="FCO",
        date=date.fromisoformat(depart[:10]),
        segments=[seg],
        stops=0,
        duration_minutes=480,
        price=500,
        price_per_person=500,
        currency="USD",
        source="test",
    )


def test_landing_in_the_small_hours_scores_below_a_morning_landing() -> None:
    night = _flight("2027-03-26T11:30", "2027-03-27T01:30")
    morning = _flight("2027-03-26T18:00", "2027-03-27T08:00")
    assert flight_value(night) < flight_value(morning)


def test_day_windows_know_a_day_in_the_air_and_a_late_landing() -> None:
    days = [date(2027, 6, 3) + timedelta(i) for i in range(4)]
    legs = [
        LegTimes(datetime(2027, 6, 3, 13, 35), datetime(2027, 6, 4, 17, 15), "flight"),
        LegTimes(datetime(2027, 6, 6, 22, 50), datetime(2027, 6, 6, 17, 45), "flight"),
    ]
    windows = day_windows(days, legs)
    assert windows[0] is None  # in the air
    # Settled after landing, and checked in first: the room is ready by then.
    assert windows[1] == (17 * 60 + 15 + 90 + DESK_MINUTES, 21 * 60 + 30)
    assert windows[3] == (9 * 60, 19 * 60 + 50)  # three hours before the flight home
    assert slots_for_day(windows[0], 3, first=False) == 0
    assert slots_for_day(windows[1], 3, first=True) == 0  # landing for dinner
    assert slots_for_day(windows[2], 3, first=False) == 3
    assert slots_for_day(windows[2], 2, first=False) == 2
    assert slots_for_day(windows[2], 4, first=False) == 4
    assert slots_for_day((9 * 60, 9 * 60 + 60), 3, first=False) == 0


def test_an_over_budget_temples_trip_still_sees_temples() -> None:
    request = request_for("10 days in Bangkok from Sydney under 1500 AUD, street food and temples")
    it, selection = plan_trip(request, OfflineWorld.shared())
    assert selection.shortfall is not None  # flights alone cost more than 1500 AUD
    tags = {t for d in it.days for i in d.items if i.activity for t in i.activity.tags}
    assert "culture" in tags and "food" in tags


def test_same_request_same_plan(tokyo) -> None:
    # Speed is measured by benchmarks/plan.py, not asserted here.
    request, it, _ = tokyo
    again, _ = plan_trip(request, OfflineWorld.shared())
    assert again.model_dump() == it.model_dump()


def _clock(text: str | None) -> int:
    return int(text[:2]) * 60 + int(text[3:5]) if text else -1


def test_the_flight_home_across_the_date_line_serves_its_meals_on_board() -> None:
    """Kyoto to San Francisco leaves at midday and lands in the morning of the same date by
    the wall clock: the rest of the day is in the air, so lunch and dinner after it leaves
    are on board, not "your choice" in a city already left."""
    from tests.test_planning_days import plan

    _, it = plan("5 days in Kyoto from San Francisco")
    home = it.transport[-1]
    depart, arrive = datetime.fromisoformat(home.depart), datetime.fromisoformat(home.arrive)
    assert arrive.replace(tzinfo=None) <= depart.replace(tzinfo=None)  # the date line
    last = it.days[-1]
    leaves = depart.hour * 60 + depart.minute
    after = [i for i in last.items if i.kind == "meal" and _clock(i.start) >= leaves]
    assert after, "no meal after the flight leaves"
    assert all("on board" in i.name for i in after), [i.name for i in after]


def test_a_flight_landing_the_day_it_left_comes_first_in_that_day() -> None:
    """Sydney 12:40 to Los Angeles 08:10 the same date: the landing opens day one, before
    the transfer into town and the first visit, not after lunch at its Sydney hour."""
    from tests.test_planning_days import plan

    _, it = plan("10 days in Los Angeles from Sydney")
    first = it.days[0]
    flight = next(i for i in first.items if i.kind == "transport")
    later = [i for i in first.items if i.kind in ("activity", "transfer") and i.start]
    assert later and all(_clock(i.start) >= _clock(flight.start) for i in later)
    assert flight.note and "left" in flight.note  # its own clock, said


@pytest.mark.parametrize(
    "query",
    [
        "taking my parents to Kyoto for 5 days from San Francisco",
        "a week in Rome, Florence and Venice from New York",
        "two weeks in Paris, Barcelona and Rome from New York for a family of four",
        "8 days in Santorini and Mykonos from New York",
    ],
)
def test_a_traveller_landing_once_rooms_are_ready_checks_in_before_any_visit(query: str) -> None:
    """Once rooms are ready (15:00) the bags go to the room first: a day whose visits come
    before its check-in began them before the room was ready, never after landing late."""
    from tests.test_planning_days import plan

    _, it = plan(query)
    for day in it.days:
        check_in = next((i for i in day.items if i.name.startswith("Check in")), None)
        if check_in is None or check_in.note:  # a room held from the night before
            continue
        before = [
            i
            for i in day.items
            if i.kind == "activity" and _clock(i.start) < _clock(check_in.start)
        ]
        if before:  # in town before the room was ready, and out seeing things then
            first = min(_clock(i.start) for i in before)
            assert first <= 15 * 60, (day.date, [i.name for i in before], check_in.start)
