"""The hours asked of the flights, in a traveller's words: "no early flights" is none leaving
before 09:00 (not the 07:00 that is early to no one), an hour said is that hour ("nothing
before 10am", "no flights after 8pm"), "late flights only" is from noon; none of them is a
refusal to fly, and the notes say how the hours were read (real offline world, no network)."""

from __future__ import annotations

from datetime import datetime

import pytest

from lotara.planning.constraints import parse_local_constraints
from lotara.planning.needs import read_needs
from tests.test_planning_days import plan


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        ("no early flights", ["no_early"]),
        ("I can't do early mornings", ["no_early"]),
        ("no crack of dawn flights", ["no_early"]),
        ("don't want to get up at 5 for a flight", ["no_early"]),
        ("nothing before 10am", ["leave_after_10"]),
        ("no flights before 9", ["leave_after_09"]),
        ("flights after 11am please", ["leave_after_11"]),
        ("flights not before 10am, no early flights", ["leave_after_10"]),
        ("late flights only", ["leave_after_12"]),
        ("afternoon flights preferred", ["leave_after_12"]),
        ("no flights after 8pm", ["leave_before_20"]),
        ("no late flights", ["leave_before_20"]),
        ("no red-eyes", ["no_red_eye"]),
        ("leave after 3 days in Rome", []),
        ("nothing before 3 in the afternoon is booked", []),
    ],
)
def test_the_hours_asked_of_the_flights_are_read_and_never_a_refusal_to_fly(
    text: str, rules: list[str]
) -> None:
    needs = read_needs(text)
    assert needs.flight_rules == rules
    assert "flight" not in needs.avoid_transport
    assert "flight" not in parse_local_constraints(text).avoid_transport
    if any(r == "no_early" or r.startswith("leave_") for r in rules):
        assert any("hours asked of the flights" in note for note in needs.notes)


def _departures(query: str) -> tuple[list[str], list[datetime], str]:
    request, itinerary = plan(query)
    flights = [leg.flight for leg in itinerary.transport if leg.flight is not None]
    check = next(c for c in itinerary.checks if c.name == "flight_rules")
    assert check.ok, check.detail
    return (
        request.flight_rules,
        [datetime.fromisoformat(f.segments[0].depart) for f in flights],
        check.detail,
    )


def test_no_early_flights_leave_at_nine_or_later() -> None:
    rules, departures, detail = _departures("4 days in Rome from Berlin, no early flights")
    assert rules == ["no_early"] and len(departures) == 2
    assert all(d.hour >= 9 for d in departures)  # the 08:50 out of Berlin is early
    assert "09:00 or later" in detail


def test_an_hour_said_is_the_earliest_one() -> None:
    rules, departures, detail = _departures("4 days in Vienna from London, nothing before 10am")
    assert rules == ["leave_after_10"] and len(departures) == 2
    assert all(d.hour >= 10 for d in departures)
    assert "10:00 or later" in detail
