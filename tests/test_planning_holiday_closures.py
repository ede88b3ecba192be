"""Sights shut on the days of the year they close, on real plans from the offline world: a
museum or a monument is not planned on Christmas Day (the Statue of Liberty, the Met), the
Louvre not on New Year's Day, a US museum not on Thanksgiving; a sight named as a must that is
shut on every day of the trip is said to be, not left out in silence (no network)."""

from __future__ import annotations

from datetime import date

from lotara.models import Itinerary
from lotara.planning.checks import shut_on
from lotara.world import catalogue
from tests.test_planning_days import plan  # planned once per request, as there


def visits(itinerary: Itinerary) -> list[tuple[date, str]]:
    return [
        (day.date, item.name)
        for day in itinerary.days
        for item in day.items
        if item.kind == "activity"
    ]


def shut_visits(itinerary: Itinerary) -> list[str]:
    return [
        f"{item.name} on {day.date}"
        for day in itinerary.days
        for item in day.items
        if item.kind == "activity" and item.activity and shut_on(item.activity, day.date)
    ]


def check(itinerary: Itinerary, name: str):  # type: ignore[no-untyped-def]
    return next(c for c in itinerary.checks if c.name == name)


def test_the_christmas_trip_sees_the_statue_of_liberty_on_another_day() -> None:
    _, itinerary = plan("New York Dec 24-26 from Boston, must see the Statue of Liberty")
    days = [d for d, name in visits(itinerary) if "Statue of Liberty" in name]
    assert days and days[0] != date(days[0].year, 12, 25)
    # Nor the Met, MoMA or any museum presumed shut on Christmas Day.
    christmas = [n for d, n in visits(itinerary) if (d.month, d.day) == (12, 25)]
    assert not any("Museum" in n for n in christmas), christmas
    assert not shut_visits(itinerary)
    assert check(itinerary, "must_see").ok and check(itinerary, "opening_days").ok


def test_a_trip_only_on_christmas_day_says_the_statue_is_shut() -> None:
    _, itinerary = plan(
        "Day trip to New York on December 25 from Boston, must see the Statue of Liberty"
    )
    assert not any("Statue of Liberty" in n for _, n in visits(itinerary))
    must = check(itinerary, "must_see")
    assert not must.ok
    assert "Statue of Liberty" in must.detail and "closed on 25 Dec" in must.detail
    assert any("closed on 25 Dec" in note for note in itinerary.notes)


def test_the_louvre_is_not_planned_on_new_years_day() -> None:
    _, itinerary = plan("Paris Dec 31 to Jan 2 from London, must see the Louvre")
    louvre = [d for d, n in visits(itinerary) if n == "Louvre Museum"]
    assert louvre and (louvre[0].month, louvre[0].day) != (1, 1)
    assert not shut_visits(itinerary)


def test_what_a_row_says_beats_the_presumed_days_and_thanksgiving_moves() -> None:
    rows = catalogue.by_name()
    sights = {a.name: a for a in catalogue.attractions(rows["New York"])}
    liberty = sights["Statue of Liberty and Ellis Island"].closed_dates
    assert catalogue.closed_on_date(liberty, date(2027, 11, 25))  # fourth Thursday
    assert not catalogue.closed_on_date(liberty, date(2027, 11, 18))
    assert not catalogue.closed_on_date(liberty, date(2028, 1, 1))  # open on New Year's Day
    amsterdam = {a.name: a for a in catalogue.attractions(rows["Amsterdam"])}
    assert amsterdam["Rijksmuseum"].closed_dates == ()  # open every day of the year
    # Where Christmas is no public holiday, no Christmas closing is presumed.
    tokyo = catalogue.attractions(rows["Tokyo"])
    assert not any(a.closed_dates for a in tokyo)
    # A church is open on Christmas Day.
    rome = catalogue.attractions(rows["Rome"])
    assert not any(a.closed_dates for a in rome if "Basilica" in a.name)
