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
    assert summaries.count("Flight LA12 LAX → NRT") == 1 and "Flight LA12 NRT → LAX" in summaries
    assert "Stay: Hotel Sakura" in summaries
    assert "Senso-ji Temple" in summaries
    assert "Meal: Ramen Ichiran" in summaries
    # The arrival marker is a transport item of a day, already covered by the leg's event.
    assert not any("Arrive NRT" in s for s in summaries)
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_ics_times_carry_their_places_time_zones():
    events = {str(e["summary"]): e for e in _events(sample_job())}
    leg = events["Flight LA12 LAX → NRT"]
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


def _planned_job(cli, query: str, *options: str):
    from lotara.models import Job

    result = cli("plan", query, "--json", *options)
    assert result.exit_code in (0, 10), result.output
    return Job.model_validate_json(result.stdout)


def _utc(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(ZoneInfo("UTC"))


def _legs_match_their_events(job, events: list, label: str) -> None:
    """Every leg has its events (one per flight of it), at the leg's real UTC instants."""
    by_uid = {str(e["uid"]).split("@", 1)[0]: e for e in events}
    for index, leg in enumerate(job.itinerary.transport):
        segments = leg.flight.segments if leg.flight is not None else []
        if segments:
            first, last = by_uid[f"leg-{index}-0"], by_uid[f"leg-{index}-{len(segments) - 1}"]
        else:  # a train, ferry or airport transfer: one event
            first = last = by_uid[f"leg-{index}"]
        assert first["dtstart"].dt.astimezone(ZoneInfo("UTC")) == _utc(leg.depart), label
        assert last["dtend"].dt.astimezone(ZoneInfo("UTC")) == _utc(leg.arrive), label
        assert last["dtend"].dt > first["dtstart"].dt


def test_ics_has_the_airport_transfers_in_their_airports_zone():
    """A transfer is an event at its real instants, in the airport's IANA zone at both ends
    ("central Kyoto" names no zone), and reads as the day view says it."""
    from lotara.models import PlanConstraints
    from lotara.planning.intent import build_trip_request
    from lotara.planning.pipeline import plan_trip
    from lotara.world.provider import default_provider

    world = default_provider()
    query = "Kyoto and Tokyo, 6 days, from Singapore, 2 people, $6000"
    request = build_trip_request(
        query, constraints=PlanConstraints(), prefs={}, provider=world, today=date(2027, 3, 1)
    )
    itinerary, _ = plan_trip(request, world)
    transfers = [leg for leg in itinerary.transport if leg.kind == "transfer"]
    # One transfer for each end of a flight in a city of the trip (Kyoto to Tokyo is by
    # Shinkansen: a station, no airport).
    cities = {d.city for d in request.destinations}
    flights = [leg for leg in itinerary.transport if leg.kind == "flight"]
    ends = sum((f.origin in cities) + (f.destination in cities) for f in flights)
    assert len(transfers) == ends >= 2, [leg.description for leg in itinerary.transport]
    job = sample_job(query=query, request=request, itinerary=itinerary)
    cal = Calendar.from_ical(to_ics(job))
    events = list(cal.walk("VEVENT"))
    _legs_match_their_events(job, events, query)
    summaries = [str(e["summary"]) for e in events]
    assert "From KIX airport: bus, 90 min" in summaries, summaries
    assert "To HND airport: train, 20 min" in summaries, summaries
    for ev in events:
        if str(ev["summary"]).startswith(("From ", "To ")):
            assert ev["dtstart"].params["TZID"] == ev["dtend"].params["TZID"] == "Asia/Tokyo"
    md = to_markdown(job).split("## Day by day", 1)[1]
    kix = transfers[0]
    when = f"{kix.depart[11:16]}–{kix.arrive[11:16]}"
    assert f"- {when} From KIX airport: bus, 90 min (Airport Limousine" in md, md


def test_ics_of_real_plans_reads_right_in_calendar_libraries(cli):
    """Parsed as a calendar app would: every zone is a real one with its VTIMEZONE, and every
    event's instant in UTC is the itinerary's (Boston→Rome is 8 h 15, not 14 h 20)."""
    import recurring_ical_events

    trips = [
        ("5 days in Rome from Boston",),
        ("4 days in Los Angeles from Tokyo",),
        ("a week in Italy", "--from", "BOS", "--to", "Rome", "--to", "Florence", "--to", "Venice"),
    ]
    for query, *options in trips:
        job = _planned_job(cli, query, *options, "--book", "--yes")
        text = to_ics(job)
        assert b'TZID="UTC' not in text and b"TZID=UTC" not in text
        cal = Calendar.from_ical(text)
        defined = {str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")}
        for ev in cal.walk("VEVENT"):
            for prop in ("dtstart", "dtend"):
                tzid = ev[prop].params.get("TZID")
                if tzid is not None:
                    assert tzid in defined, f"{ev['summary']}: {tzid} has no VTIMEZONE"
                    ZoneInfo(tzid)  # a real IANA zone
        events = recurring_ical_events.of(cal).between(date(2027, 1, 1), date(2028, 1, 1))
        it = job.itinerary
        _legs_match_their_events(job, events, query)
        # Booking codes ride on the events they hold.
        codes = {b.reference for b in job.bookings}
        assert codes and all(any(c in str(e.get("description")) for e in events) for c in codes)
        for day in it.days:
            zone = ZoneInfo(day.timezone)
            for item in day.items:
                if item.kind in {"activity", "meal"} and item.start and item.end:
                    start = datetime.combine(
                        day.date, datetime.strptime(item.start, "%H:%M").time(), zone
                    )
                    match = [e for e in events if e["dtstart"].dt == start]
                    assert match, f"{item.name} at {start} missing"
