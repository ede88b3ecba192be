"""Sights with hours of their own, on real plans from the offline world: a show at a fixed
curtain before the evening (Broadway at seven, a luau at half past five) is the day's
evening with dinner before, after or at it; a long visit that fits in no part of the day
(the Statue of Liberty's ferries, the Pyramids, a four-hour zoo that shuts at five) takes
the morning, with lunch and the afternoon after it; a night out longer than the evening
says until when and is the evening's last; and the catalogue holds almost nothing the
scheduler could never place (no network)."""

from __future__ import annotations

import pytest

from lotara.models import Itinerary, PlanConstraints
from lotara.planning.intent import build_trip_request
from lotara.planning.solver import (
    _early_show,
    _long_visit,
    _parts_fitting,
    _visit_window,
    meals_and_parts,
)
from lotara.planning.suitability import is_full_day
from lotara.world import catalogue
from lotara.world.offline import OfflineWorld
from tests.test_planning_days import TODAY, plan  # planned once per request, as there


def minutes(text: str | None) -> int:
    assert text
    hh, mm = text[:5].split(":")
    return int(hh) * 60 + int(mm)


def day_of(itinerary: Itinerary, sight: str):  # type: ignore[no-untyped-def]
    for day in itinerary.days:
        for item in day.items:
            if item.kind == "activity" and sight.lower() in item.name.lower():
                return day, item
    raise AssertionError(f"{sight} is not in the plan")


def check(itinerary: Itinerary, name: str) -> bool:
    return next(c.ok for c in itinerary.checks if c.name == name)


NEW_YORK = (
    "4 days in New York from Boston in May for 2, must see the Statue of Liberty and a "
    "Broadway show"
)


def test_sights_named_by_part_of_their_name_are_musts_where_the_trip_goes() -> None:
    request, itinerary = plan(NEW_YORK)
    # "Liberty" is not Newark Liberty airport: the trip is New York alone.
    assert [d.city for d in request.destinations] == ["New York"]
    assert any("Statue of Liberty" in s for s in request.must_see)
    assert any("Broadway" in s for s in request.must_see)
    assert check(itinerary, "must_see")
    assert check(itinerary, "day_times")


@pytest.mark.parametrize(
    ("query", "cities", "musts"),
    [
        (
            "3 days in Vienna from Munich in May, the State Opera is a must",
            ["Vienna"],
            ["Vienna State Opera"],
        ),
        (
            "Sydney 4 days from Melbourne: the Opera House and Taronga Zoo",
            ["Sydney"],
            ["Sydney Opera House", "Taronga Zoo"],
        ),
        # "Golden Circle" is the day tour, not Golden, Colorado; "Reykjavík" matches Reykjavik.
        (
            "Iceland 6 days from London in May, the Golden Circle",
            ["Akureyri", "Reykjavik"],
            ["Golden Circle day tour"],
        ),
        # A part of a name that is another city's sight is not a must here, nor a new stop.
        (
            "a week in Sydney from Perth, visit the botanic gardens and Taronga Zoo",
            ["Sydney"],
            ["Taronga Zoo"],
        ),
        (
            "5 days in Cairo from London in March, we want to see the Pyramids of Giza",
            ["Cairo"],
            ["Pyramids of Giza"],
        ),
    ],
)
def test_a_sight_named_by_part_of_its_name_is_a_must_only_where_the_trip_goes(
    query: str, cities: list[str], musts: list[str]
) -> None:
    world = OfflineWorld.shared()
    request = build_trip_request(
        query, constraints=PlanConstraints(), prefs={}, provider=world, today=TODAY
    )
    assert [d.city for d in request.destinations] == cities
    assert len(request.must_see) == len(musts)
    for want, got in zip(musts, request.must_see, strict=True):
        assert got.startswith(want)


def test_an_early_curtain_is_the_evening_with_dinner_before_it() -> None:
    _, itinerary = plan(NEW_YORK)
    day, show = day_of(itinerary, "Broadway")
    assert show.start == "19:00"
    dinner = next(i for i in day.items if i.kind == "meal" and i.name.startswith("Dinner"))
    assert minutes(dinner.end) <= minutes(show.start)  # dinner before the curtain
    later = [
        i for i in day.items if i.kind == "activity" and minutes(i.start) > minutes(show.start)
    ]
    assert not later  # the show is the evening
    # The afternoon is over before dinner.
    for item in day.items:
        if item.kind == "activity" and item is not show:
            assert minutes(item.end) <= minutes(dinner.start)
    # A show named as a must is asked for: it is not "nightlife nobody asked for".
    assert check(itinerary, "nightlife")


def test_a_long_visit_that_fits_no_part_of_the_day_takes_the_morning_and_lunch_follows() -> None:
    _, itinerary = plan(NEW_YORK)
    day, visit = day_of(itinerary, "Statue of Liberty")
    assert minutes(visit.end) - minutes(visit.start) == visit.activity.duration_minutes  # type: ignore[union-attr]
    assert visit.note and "long visit" in visit.note
    lunch = next(i for i in day.items if i.kind == "meal" and i.name.startswith("Lunch"))
    assert minutes(lunch.start) >= minutes(visit.end)  # lunch after the ferries, not during
    for other in day.items:
        if other.kind == "activity" and other is not visit:
            assert minutes(other.start) >= minutes(lunch.end)  # the afternoon follows lunch


@pytest.mark.parametrize(
    ("query", "sight"),
    [
        (
            "5 days in Cairo from London in March, we want to see the Pyramids of Giza",
            "Pyramids of Giza",
        ),
        (
            "4 days in London from Edinburgh in April for 2, must see a West End show",
            "West End show",
        ),
        (
            "3 days in Vienna from Munich in May for 2, the Vienna State Opera is a must",
            "State Opera",
        ),
    ],
)
def test_a_named_sight_with_hours_of_its_own_is_planned(query: str, sight: str) -> None:
    _, itinerary = plan(query)
    day, _ = day_of(itinerary, sight)
    assert check(itinerary, "day_times"), [c.detail for c in itinerary.checks if not c.ok]
    starts = sorted(
        (minutes(i.start), minutes(i.end or i.start))
        for i in day.items
        if i.kind in ("activity", "meal")
    )
    for (_, end), (start, _) in zip(starts, starts[1:], strict=False):
        assert start >= end  # nothing overlaps on the show's or the visit's day


def test_an_afternoon_excursion_with_dinner_runs_into_the_evening() -> None:
    _, itinerary = plan("4 days in Dubai from London in November for 2, desert safari with dinner")
    day, safari = day_of(itinerary, "Desert safari")
    assert minutes(safari.start) >= 12 * 60  # not from breakfast
    dinner = next(i for i in day.items if i.kind == "meal" and i.name.startswith("Dinner"))
    assert dinner.name == "Dinner at the sight"
    later = [i for i in day.items if i.kind == "activity" and i is not safari]
    assert all(minutes(i.end) <= minutes(safari.start) for i in later)  # nothing after it
    assert check(itinerary, "day_times")


def test_a_show_that_serves_dinner_is_dinner() -> None:
    _, itinerary = plan("a week in Maui from Los Angeles in June for 2, the Luau on Maui is a must")
    day, luau = day_of(itinerary, "Luau")
    dinner = next(i for i in day.items if i.kind == "meal" and i.name.startswith("Dinner"))
    assert dinner.name == "Dinner at the show"
    assert minutes(luau.start) <= minutes(dinner.start) < minutes(luau.end or luau.start)
    assert check(itinerary, "day_times")  # a dinner served at the show is part of it


def test_almost_every_catalogue_sight_has_a_place_in_some_day() -> None:
    world = OfflineWorld.shared()
    unplaceable = []
    total = 0
    for row in catalogue.city_rows():
        _, parts = meals_and_parts(row.get("country"))
        for a in world.activities(row["name"]):
            total += 1
            if not (
                is_full_day(a)
                or _parts_fitting(a, parts, _visit_window)
                or _long_visit(a)
                or _early_show(a, parts) is not None
            ):
                unplaceable.append(f"{row['name']}: {a.name}")
    # Left: a 05:30 alms procession, a 05:00 fish market, a noon gun, a 10:15 geyser, two
    # sunset views that shut at five and a night market that shuts at ten (118 before).
    assert len(unplaceable) <= 10, unplaceable
    assert total > 3000
