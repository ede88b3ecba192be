"""Exports: Markdown reads like the trip; iCalendar has the right events in the right zones."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from lotara.models import JobStatus
from lotara.ui.export import to_ics, to_markdown
from tests.test_render import sample_job


def _events(job) -> list:
    cal = Calendar.from_ical(to_ics(job))
    return [c for c in cal.walk("VEVENT")]


def test_ics_has_one_event_per_leg_stay_and_timed_activity():
    events = _events(sample_job())
    summaries = [str(e["summary"]) for e in events]
    assert summaries.count("Flight LAX → NRT") == 1 and "Flight NRT → LAX" in summaries
    assert "Stay: Hotel Sakura" in summaries
    assert "Senso-ji Temple" in summaries
    assert "Meal: Ramen Ichiran" in summaries
    # The arrival marker is a transport item of a day, already covered by the leg's event.
    assert not any("Arrive NRT" in s for s in summaries)
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_ics_times_carry_their_places_time_zones():
    events = {str(e["summary"]): e for e in _events(sample_job())}
    leg = events["Flight LAX → NRT"]
    start, end = leg.decoded("dtstart"), leg.decoded("dtend")
    assert start == datetime(2027, 4, 10, 11, 5, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert end == datetime(2027, 4, 11, 15, 10, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert (end - start).total_seconds() == 12 * 3600 + 5 * 60  # 18:05Z to 06:10Z next day
    temple = events["Senso-ji Temple"]
    assert temple["dtstart"].params["TZID"] == "Asia/Tokyo"
    assert temple.decoded("dtend").hour == 10 and temple.decoded("dtend").minute == 30
    stay = events["Stay: Hotel Sakura"]
    assert stay.decoded("dtstart") == date(2027, 4, 11)
    assert stay.decoded("dtend") == date(2027, 4, 14)


def test_ics_includes_the_time_zone_definitions():
    text = to_ics(sample_job()).decode()
    assert "BEGIN:VTIMEZONE" in text and "TZID:Asia/Tokyo" in text
    assert "TZID:America/Los_Angeles" in text


def test_ics_of_a_job_without_an_itinerary_is_an_empty_calendar():
    job = sample_job(JobStatus.QUEUED, itinerary=None)
    assert _events(job) == []
    assert to_ics(job).startswith(b"BEGIN:VCALENDAR")


def test_markdown_has_the_trip_in_sections():
    md = to_markdown(sample_job())
    assert md.startswith("# 5 days in Tokyo: food and culture\n")
    for heading in ("## Transport", "## Stays", "## Day by day", "## Cost", "## Checks"):
        assert f"\n{heading}\n" in md
    assert "### Day 2: Monday 12 April 2027, Tokyo" in md
    assert "- 09:00–10:30 activity: Senso-ji Temple" in md
    assert "| **total** | **2,022 USD** |" in md
    assert "- [ ] opening days: a museum is closed on Monday" in md
    assert "offline-estimate (estimate, observed 2027-03-01)" in md


def test_markdown_of_a_job_without_an_itinerary_says_so():
    md = to_markdown(sample_job(JobStatus.QUEUED, itinerary=None))
    assert "_No itinerary yet._" in md
