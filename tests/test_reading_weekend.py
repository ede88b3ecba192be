"""A weekend away leaves on a Friday and is back on the Sunday; a long one is back on the
Monday. With no date it is the next weekend; a date given wins; the notes say which days
were assumed (real offline world, no network)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lotara.models import PlanConstraints, TripRequest
from lotara.planning.intent import build_trip_request
from lotara.world.offline import OfflineWorld
from tests.test_planning_days import plan


def read(query: str, today: date) -> TripRequest:
    return build_trip_request(
        query, constraints=PlanConstraints(), prefs={}, provider=OfflineWorld.shared(), today=today
    )


TUESDAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("query", "start", "days"),
    [
        ("a weekend in Paris from London", date(2026, 12, 4), 3),
        ("Edinburgh for the weekend, from Manchester", date(2026, 12, 4), 3),
        ("long weekend in Lisbon from London", date(2026, 12, 4), 4),
        ("Prague this weekend from Berlin", date(2026, 12, 4), 3),
        ("Stockholm next weekend from London", date(2026, 12, 11), 3),
        ("a weekend in Siena in June from London", date(2027, 6, 4), 3),
        ("weekend in Rome from Paris starting Saturday 13 March", date(2027, 3, 13), 2),
        ("long weekend thursday to sunday in Rome from Paris", date(2026, 12, 3), 4),
    ],
)
def test_a_weekend_is_friday_to_sunday_and_a_long_one_to_monday(
    query: str, start: date, days: int
) -> None:
    request = read(query, TUESDAY)
    assert (request.start_date, request.days) == (start, days)
    assert not request.flexible_departure  # it leaves on the Friday, not the day before


@pytest.mark.parametrize("today", [TUESDAY + timedelta(days=n) for n in range(7)])
def test_an_undated_weekend_is_the_next_one_and_the_notes_say_so(today: date) -> None:
    request = read("a weekend in Bruges from London", today)
    assert request.start_date > today and request.start_date.weekday() == 4
    assert (request.start_date - today).days <= 7
    assert request.end_date.weekday() == 6
    assert any("Friday to Sunday" in n and "Fri " in n for n in request.notes)


def test_this_weekend_on_a_saturday_is_what_is_left_of_it() -> None:
    request = read("Bruges this weekend from London", date(2026, 12, 5))
    assert (request.start_date, request.end_date) == (date(2026, 12, 5), date(2026, 12, 6))


def test_staying_on_for_the_weekend_adds_its_two_days() -> None:
    request = read("London for work 4-7 May, then staying on for the weekend, from Boston", TUESDAY)
    assert (request.start_date, request.end_date) == (date(2027, 5, 4), date(2027, 5, 9))


def test_a_planned_weekend_flies_out_friday_and_home_sunday() -> None:
    request, itinerary = plan("a weekend in Paris from New York")
    assert request.start_date.weekday() == 4 and request.days == 3
    assert itinerary.days[0].date.weekday() == 4
    assert itinerary.days[-1].date.weekday() == 6
