"""Calendar gaps: free windows of an .ics with meetings, and long weekends from holidays."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from lotara.errors import InvalidValue
from lotara.proactive.calendar_gaps import (
    busy_days,
    calendar_gap_triggers,
    find_windows,
    free_windows,
    home_country,
    horizon,
    long_weekends,
)

TODAY = date(2027, 3, 1)  # the tests' LOTARA_NOW


def _event(cal: Calendar, summary: str, start, end, **extra: str) -> None:
    event = Event()
    event.add("uid", f"{summary}-{start}")
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", end)
    for key, value in extra.items():
        event.add(key, value)
    cal.add_component(event)


def meetings_calendar() -> bytes:
    """A meeting on every day of the horizon except two real gaps and one too short."""
    cal = Calendar()
    cal.add("prodid", "-//lotara tests//")
    cal.add("version", "2.0")
    gaps = {date(2027, 3, 10) + timedelta(days=i) for i in range(5)}  # Mar 10-14
    gaps |= {date(2027, 4, 1), date(2027, 4, 2)}  # two days: too short
    gaps |= {date(2027, 5, 20) + timedelta(days=i) for i in range(4)}  # May 20-23
    conference = {date(2027, 3, 20) + timedelta(days=i) for i in range(6)}  # Mar 20-25
    first, last = horizon(TODAY)
    tokyo = ZoneInfo("Asia/Tokyo")
    day = first
    while day <= last:
        if day not in gaps and day not in conference:
            if day.day % 2:
                start = datetime(day.year, day.month, day.day, 10, tzinfo=tokyo)
                _event(cal, "standup", start, start + timedelta(minutes=30))
            else:
                _event(cal, "offsite", day, day + timedelta(days=1))  # all-day, end exclusive
        day += timedelta(days=1)
    # One multi-day all-day event: DTEND is the day after its last day.
    _event(cal, "conference", date(2027, 3, 20), date(2027, 3, 26))
    # In the gaps: a cancelled meeting and a "free" (transparent) reminder block nothing.
    at = datetime(2027, 3, 11, 15, tzinfo=tokyo)
    _event(cal, "cancelled", at, at + timedelta(hours=1), status="CANCELLED")
    _event(cal, "reminder", date(2027, 5, 21), date(2027, 5, 22), transp="TRANSPARENT")
    return cal.to_ical()


def test_a_calendar_with_meetings_yields_exactly_its_free_windows() -> None:
    windows = find_windows(meetings_calendar(), today=TODAY, country=None, min_days=3)
    assert [(w.start, w.end, w.days, w.kind) for w in windows] == [
        (date(2027, 3, 10), date(2027, 3, 14), 5, "free_window"),
        (date(2027, 5, 20), date(2027, 5, 23), 4, "free_window"),
    ]


def test_min_days_decides_which_gaps_count() -> None:
    windows = find_windows(meetings_calendar(), today=TODAY, country=None, min_days=2)
    assert (date(2027, 4, 1), date(2027, 4, 2)) in [(w.start, w.end) for w in windows]
    longer = find_windows(meetings_calendar(), today=TODAY, country=None, min_days=5)
    assert [(w.start, w.end) for w in longer] == [(date(2027, 3, 10), date(2027, 3, 14))]


def test_a_timed_event_past_midnight_blocks_both_days() -> None:
    cal = Calendar()
    utc = ZoneInfo("UTC")
    _event(cal, "late", datetime(2027, 3, 5, 23, tzinfo=utc), datetime(2027, 3, 6, 1, tzinfo=utc))
    _event(
        cal, "to midnight", datetime(2027, 3, 8, 22, tzinfo=utc), datetime(2027, 3, 9, tzinfo=utc)
    )
    busy = busy_days(cal.to_ical(), date(2027, 3, 2), date(2027, 3, 12))
    assert busy == {date(2027, 3, 5), date(2027, 3, 6), date(2027, 3, 8)}


def test_recurring_meetings_are_expanded_with_their_exceptions() -> None:
    cal = Calendar()
    start = datetime(2027, 3, 1, 9, tzinfo=ZoneInfo("Europe/London"))
    event = Event()
    event.add("uid", "weekly")
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(hours=1))
    event.add("rrule", {"freq": "weekly", "byday": ["MO", "WE"], "count": 6})
    event.add("exdate", datetime(2027, 3, 8, 9, tzinfo=ZoneInfo("Europe/London")))
    cal.add_component(event)
    busy = busy_days(cal.to_ical(), date(2027, 3, 2), date(2027, 3, 31))
    # Mon 1 (before the horizon), Wed 3, Mon 8 (excluded), Wed 10, Mon 15, Wed 17.
    assert busy == {date(2027, 3, 3), date(2027, 3, 10), date(2027, 3, 15), date(2027, 3, 17)}


def test_an_unreadable_calendar_is_one_clear_sentence() -> None:
    with pytest.raises(InvalidValue, match="not a readable iCalendar"):
        busy_days(b"this is not a calendar", date(2027, 3, 2), date(2027, 3, 9))


def test_long_weekends_come_from_the_home_countrys_holidays() -> None:
    windows = find_windows(None, today=TODAY, country="US", min_days=3)
    # Memorial Day, Monday 31 May 2027, is the only US holiday making one before June 1.
    assert [(w.start, w.end, w.kind) for w in windows] == [
        (date(2027, 5, 29), date(2027, 5, 31), "long_weekend")
    ]
    assert windows[0].holidays == {"2027-05-31": "Memorial Day"}


def test_a_tuesday_holiday_bridges_the_monday_and_a_busy_day_cancels_it() -> None:
    holidays = {date(2027, 3, 9): "Founders' Day"}  # a Tuesday
    first, last = date(2027, 3, 2), date(2027, 3, 20)
    (weekend,) = long_weekends(holidays, first, last, 3, busy=set())
    assert (weekend.start, weekend.end, weekend.leave_days) == (
        date(2027, 3, 6),
        date(2027, 3, 9),
        (date(2027, 3, 8),),
    )
    assert long_weekends(holidays, first, last, 3, busy={date(2027, 3, 7)}) == []


def test_a_long_weekend_inside_a_free_window_is_not_suggested_twice() -> None:
    cal = Calendar()
    _event(cal, "busy", date(2027, 3, 2), date(2027, 5, 27))  # free from May 27 on
    windows = find_windows(cal.to_ical(), today=TODAY, country="US", min_days=3)
    assert [(w.start, w.end, w.kind) for w in windows] == [
        (date(2027, 5, 27), date(2027, 6, 1), "free_window")
    ]


def test_home_country_falls_back_to_the_home_airports_country() -> None:
    assert home_country({"home_country": "gb", "home_airport": "LAX"}) == "GB"
    assert home_country({"home_airport": "NRT"}) == "JP"
    assert home_country({"home_airport": "NYC"}) == "US"
    assert home_country({}) is None


def test_each_window_is_a_trigger_keyed_by_its_dates() -> None:
    windows = free_windows({date(2027, 3, 5)}, date(2027, 3, 2), date(2027, 3, 10), 3)
    assert [(w.start, w.end) for w in windows] == [
        (date(2027, 3, 2), date(2027, 3, 4)),
        (date(2027, 3, 6), date(2027, 3, 10)),
    ]
    triggers = calendar_gap_triggers(
        windows, user_id="ana", prefs={"home_airport": "SFO"}, country="US"
    )
    assert [t.dedupe_key for t in triggers] == [
        "calendar_gap:ana:2027-03-02:2027-03-04",
        "calendar_gap:ana:2027-03-06:2027-03-10",
    ]
    assert triggers[1].context == {
        "start": "2027-03-06",
        "end": "2027-03-10",
        "days": 5,
        "kind": "free_window",
        "country": "US",
        "origin": "SFO",
    }


def _ics(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//\r\n{body}END:VCALENDAR\r\n".encode()


def test_a_moved_meeting_counts_on_its_new_day_and_rdate_is_read() -> None:
    ics = _ics(
        "UID:w\r\nSUMMARY:weekly\r\nDTSTART:20270303T090000Z\r\nDTEND:20270303T100000Z\r\n"
        "RRULE:FREQ=WEEKLY;COUNT=3\r\nRDATE:20270325T090000Z",
        # The meeting of Wed 10 moved to Fri 12.
        "UID:w\r\nSUMMARY:weekly\r\nRECURRENCE-ID:20270310T090000Z\r\n"
        "DTSTART:20270312T090000Z\r\nDTEND:20270312T100000Z",
    )
    busy = busy_days(ics, date(2027, 3, 2), date(2027, 3, 31))
    assert busy == {date(2027, 3, 3), date(2027, 3, 12), date(2027, 3, 17), date(2027, 3, 25)}


@pytest.mark.parametrize(
    "rule, words",
    [
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL=0"),
        ("FREQ=SECONDLY", "repeats secondly"),
        ("FREQ=MINUTELY;INTERVAL=1", "repeats minutely"),
    ],
)
def test_impossible_or_runaway_recurrences_are_refused_at_once(rule: str, words: str) -> None:
    ics = _ics(f"UID:r\r\nSUMMARY:r\r\nDTSTART:20270303T090000Z\r\nRRULE:{rule}")
    with pytest.raises(InvalidValue, match=words):
        busy_days(ics, date(2027, 3, 2), date(2027, 5, 31))


@pytest.mark.parametrize(
    "event",
    [
        "UID:a\r\nDTSTART:20270303T090000Z\r\nDTEND:20270304T100000",  # aware start, floating end
        "UID:b\r\nDTSTART;VALUE=DATE:20270303\r\nDTEND:20270304T100000Z",  # all-day, timed end
        "UID:c\r\nDTSTART;TZID=Mars/Olympus:20270303T090000\r\nDURATION:PT1H",  # unknown zone
        "UID:d\r\nDTSTART:20270303T090000Z\r\nDURATION:soon",  # bad DURATION
        "UID:e\r\nDTSTART:20270303T090000Z\r\nRRULE:FREQ=DAILY\r\nEXDATE:yesterday",  # bad EXDATE
    ],
)
def test_a_strange_event_is_read_or_refused_in_one_sentence(event: str) -> None:
    try:
        busy = busy_days(_ics(event), date(2027, 3, 2), date(2027, 3, 31))
    except InvalidValue as error:
        assert error.message.endswith(")") or error.message.endswith(".")
        return
    assert all(date(2027, 3, 2) <= d <= date(2027, 3, 31) for d in busy)


def test_one_users_bad_calendar_fails_alone(store, tmp_path) -> None:
    from lotara.proactive.run import run_once

    bad, good = tmp_path / "bad.ics", tmp_path / "good.ics"
    bad.write_bytes(_ics("UID:x\r\nDTSTART:20270303T090000Z\r\nRRULE:FREQ=SECONDLY"))
    good.write_bytes(_ics("UID:y\r\nDTSTART;VALUE=DATE:20270302\r\nDTEND;VALUE=DATE:20270303"))
    store.set_preference("ana", "calendar", str(bad))
    store.set_preference("ben", "calendar", str(good))
    store.set_preference("ben", "home_airport", "LIS")
    from tests.proactive_support import ScriptedEngine

    report = run_once(store, engine=ScriptedEngine())
    assert report.exit_code == 1
    assert len(report.failures) == 1
    assert "ana" in report.failures[0] and str(bad) in report.failures[0]
    assert "repeats secondly" in report.failures[0]
    assert any(s["user_id"] == "ben" for s in report.suggestions)
