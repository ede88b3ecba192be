"""The hours asked of the flights, in a traveller's words: "no early flights" is none leaving
before 09:00 (not the 07:00 that is early to no one), an hour said is that hour ("nothing
before 10am", "no flights after 8pm"), "late flights only" is from noon; none of them is a
refusal to fly, and the notes say how the hours were read (real offline world, no network)."""

from __future__ import annotations

from datetime import datetime

from tests.test_planning_days import plan


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
