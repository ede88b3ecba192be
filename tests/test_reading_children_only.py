"""A party the words name as children only ("a trip for my two kids aged 8 and 10") is planned
with one grown-up assumed to travel with them, and the notes say so; children said to travel
alone are planned alone, said too; a party with grown-ups in it has no such note (real
offline world, no network)."""

from __future__ import annotations

import pytest

from lotara.models import TripRequest
from tests.test_planning_days import plan
from tests.test_reading_weekend import TUESDAY, read


def _assumed(request: TripRequest) -> list[str]:
    return [n for n in request.notes if "no grown-up" in n or "travelling alone" in n]


@pytest.mark.parametrize(
    ("query", "travelers"),
    [
        ("trip for my two kids aged 8 and 10 to London from Paris", 3),
        ("my 3 grandchildren to Disneyland Paris from London", 4),
        ("my daughter (16) is going to Paris from London for 4 days", 2),
        ("two teenagers, 17 and 15, to Berlin from London", 3),
        ("a week in Orlando for the kids from London", 3),
    ],
)
def test_children_alone_in_the_words_get_a_grown_up_and_a_note(query: str, travelers: int) -> None:
    request = read(query, TUESDAY)
    assert request.children and request.travelers == travelers
    (note,) = _assumed(request)
    assert "one adult is assumed" in note and f"({travelers} in all)" in note


def test_children_said_to_travel_alone_are_planned_alone_and_said() -> None:
    request = read(
        "sending my son, 15, to Madrid from London for a week, he travels alone", TUESDAY
    )
    assert request.travelers == 1
    (note,) = _assumed(request)
    assert "unaccompanied minors are not checked" in note


@pytest.mark.parametrize(
    "query",
    [
        "Disneyland Paris with my kids from London",
        "family trip to Rome with 2 kids from London",
        "Rome for 4 from London, 2 kids",
        "me and my son (12) to Lisbon from London",
        "a week in Crete from London, no kids",
    ],
)
def test_a_party_with_grown_ups_in_it_has_no_such_note(query: str) -> None:
    assert _assumed(read(query, TUESDAY)) == []


def test_the_plan_carries_the_grown_up_and_the_note() -> None:
    request, itinerary = plan("4 days in Rome for my two kids aged 8 and 10, from London")
    assert request.travelers == 3 and request.children_ages == [8, 10]
    assert any("one adult is assumed" in n for n in request.notes)
    capacity = next(c for c in itinerary.checks if c.name == "capacity")
    assert capacity.ok and "3 travelers" in capacity.detail
