"""Sights seen at sunset or sunrise are planned at that place's sun on that day, on real
plans from the offline world (no network): the sun's times are astral's for the sight's
coordinates, asked here, so nothing is written down in advance.

Oia's June sunset (about 20:40) was planned at 16:30, a December sunset in Banff (about
16:30) at any time to 20:15, and a hot-air balloon flight after breakfast: the window was
a fixed 16:30-21:00, whatever the place and the season."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from astral import Observer
from astral.sun import sunrise, sunset

from lotara.models import DayPlan, Itinerary
from lotara.planning.daylight import sun
from lotara.world.offline import OfflineWorld
from tests.test_planning_days import minutes, plan


def astral_minute(event: object, lat: float, lon: float, day: date, tz: str) -> int:
    moment: datetime = event(Observer(lat, lon), day, ZoneInfo(tz))  # type: ignore[operator]
    return moment.hour * 60 + moment.minute


def visit(it: Itinerary, word: str) -> tuple[DayPlan, int, int]:
    """The day a sight whose name holds ``word`` is visited, and its start and end."""
    for d in it.days:
        for i in d.items:
            if i.kind == "activity" and word.lower() in i.name.lower():
                return d, minutes(i.start) or 0, minutes(i.end) or 0
    raise AssertionError(f"{word} is not in the plan: {[n for d in it.days for n in d.items]}")


def zone(city: str) -> str:
    return OfflineWorld.shared().facts(city).timezone


def sight(it: Itinerary, word: str) -> tuple[float, float]:
    a = next(i.activity for d in it.days for i in d.items if i.activity and word in i.name)
    return a.lat, a.lon


@pytest.mark.parametrize(
    ("query", "word", "city"),
    [
        ("5 days in Santorini from Athens in mid June", "Oia sunset", "Santorini"),
        ("4 days in Banff from Toronto in December", "at sunset", "Banff"),
        ("4 days in Oslo from London in late June", "Opera House", "Oslo"),
    ],
)
def test_a_sunset_visit_holds_that_days_real_sunset(query: str, word: str, city: str) -> None:
    _, it = plan(query)
    day, begin, end = visit(it, word)
    lat, lon = sight(it, word)
    sets = astral_minute(sunset, lat, lon, day.date, zone(city))
    assert begin <= sets < end, (day.date, begin, sets, end)
    # Dinner is not eaten during it: before it, or after it when it falls across dinner.
    dinner = next(i for i in day.items if i.kind == "meal" and i.name.startswith("Dinner"))
    assert (minutes(dinner.end) or 0) <= begin or (minutes(dinner.start) or 0) >= end


def test_a_winter_sunset_in_the_north_is_in_the_afternoon() -> None:
    _, it = plan("4 days in Banff from Toronto in December")
    _, begin, end = visit(it, "at sunset")
    assert end <= 17 * 60 + 30 and begin >= 15 * 60, (begin, end)


SUNRISES = [
    ("4 days in Cappadocia from London with a hot-air balloon flight at sunrise", "balloon"),
    ("4 days in Cappadocia from London in June with a hot-air balloon flight", "balloon"),
    ("4 days in Siem Reap from Bangkok, Angkor Wat at sunrise", "Angkor Wat at sunrise"),
    ("a week in Maui from Los Angeles, Haleakala sunrise", "Haleakala"),
]


@pytest.mark.parametrize(("query", "word"), SUNRISES)
def test_a_sunrise_sight_begins_before_the_sun_is_up(query: str, word: str) -> None:
    _, it = plan(query)
    day, begin, end = visit(it, word)
    lat, lon = sight(it, word)
    rises = astral_minute(sunrise, lat, lon, day.date, zone(day.city))
    assert rises - 60 <= begin <= rises - 30, (day.date, begin, rises)
    # Breakfast follows it (or is eaten there while it runs late), and nothing else overlaps.
    for i in day.items:
        start, finish = minutes(i.start), minutes(i.end)
        if i.kind not in ("activity", "meal") or i.name.lower().find(word.lower()) >= 0:
            continue
        assert start is not None and finish is not None
        if i.name.startswith("Breakfast") and "at the sight" in i.name:
            assert begin <= start < end, i.name
        else:
            assert start >= end or finish <= begin, (i.name, start, begin, end)


def test_a_december_balloon_flies_later_than_a_june_one() -> None:
    _, winter = plan("4 days in Cappadocia from London in December with a hot-air balloon flight")
    _, summer = plan(SUNRISES[1][0])
    assert visit(winter, "balloon")[1] > visit(summer, "balloon")[1] + 90


def test_a_sunrise_no_morning_is_free_for_is_said_not_moved() -> None:
    # Landing in the evening and flying home the next morning: the first morning is a light
    # one, so the balloon cannot fly with the traveller, and the plan says why.
    _, it = plan("2 days in Cappadocia from London with a hot-air balloon flight")
    names = [i.name for d in it.days for i in d.items if i.kind == "activity"]
    assert not any("balloon" in n.lower() for n in names)
    assert any("balloon" in n.lower() and "sunrise" in n and "free" in n for n in it.notes)


def test_a_sunset_sight_that_shuts_before_sunset_says_so() -> None:
    _, it = plan("5 days in Bangkok from Singapore, Wat Arun at sunset")
    day, begin, end = visit(it, "Wat Arun")
    lat, lon = sight(it, "Wat Arun")
    sets = astral_minute(sunset, lat, lon, day.date, zone("Bangkok"))
    assert end <= 18 * 60 < sets  # within its hours: it shuts at 18:00
    assert any("Wat Arun shuts at 18:00, before the sun sets" in n for n in it.notes)


def test_the_sun_in_polar_and_late_places() -> None:
    # Tromso: no sunset in June, no sunrise in December; Reykjavik's June sunset is after
    # midnight, counted as that evening's, not the one before.
    summer = sun(69.65, 18.96, date(2027, 6, 21), "Europe/Oslo")
    winter = sun(69.65, 18.96, date(2026, 12, 21), "Europe/Oslo")
    assert summer.set is None and summer.polar == "midnight sun"
    assert winter.rise is None and winter.polar == "polar night"
    late = sun(64.15, -21.94, date(2027, 6, 21), "Atlantic/Reykjavik")
    assert late.set is not None and late.rise is not None and late.set > 24 * 60 > late.rise
