"""A job's itinerary as a file to keep: Markdown to read and share, iCalendar to import.

``to_markdown(job)`` writes the trip as headed sections and tables. ``to_ics(job)`` writes
one event per transport leg, stay and timed activity, each in its place's time zone (with
VTIMEZONE components, as calendar apps expect). icalendar is imported only here, lazily.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lotara.ui.trip import budget_note, cost_parts, day_items, leg_clock, leg_line, transfer_line
from lotara.words import counted

if TYPE_CHECKING:
    from lotara.models import Itinerary, Job

PRODID = "-//lotara//travel concierge//EN"


def _money(amount: float | None, currency: str) -> str:
    from lotara.world.money import format_money

    return format_money(amount, currency, symbol=False)


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


# --- markdown -----------------------------------------------------------------------------


def to_markdown(job: Job) -> str:
    """The job as a Markdown document: header, transport, stays, days, cost, checks, sources."""
    it = job.itinerary
    lines = [f"# {(it.title if it and it.title else '') or job.query}", ""]
    req = job.request
    if req is not None:
        route = " → ".join([req.origin, *(f"{d.city} ({d.iata})" for d in req.destinations)])
        lines.append(f"- **Route:** {route}")
        lines.append(f"- **Dates:** {req.start_date} to {req.end_date} ({req.days} days)")
        lines.append(f"- **Travelers:** {req.travelers}")
        if req.budget is not None:
            lines.append(f"- **Budget:** {_money(req.budget.amount, req.budget.currency)}")
        if req.interests:
            lines.append(f"- **Interests:** {', '.join(req.interests)}")
    lines.append(f"- **Status:** {job.status.value} (job `{job.job_id}`)")
    lines.append("")
    if it is None:
        lines.append("_No itinerary yet._")
        return "\n".join(lines) + "\n"
    if it.summary:
        lines += [it.summary, ""]
    cur = it.cost.currency
    if it.transport:
        lines += ["## Transport", "", "| kind | from | to | depart | arrive | details | cost |"]
        lines.append("|---|---|---|---|---|---|---:|")
        for leg in it.transport:
            depart, arrive = leg_clock(leg)
            lines.append(
                f"| {leg.kind} | {leg.origin} | {leg.destination} | {depart} | {arrive}"
                f" | {_cell(leg_line(leg))} | {_money(leg.cost, leg.currency)} |"
            )
        lines.append("")
    if it.stays:
        lines += ["## Stays", "", "| name | city | check in | check out | nights | cost |"]
        lines.append("|---|---|---|---|---:|---:|")
        for s in it.stays:
            lines.append(
                f"| {_cell(s.stay.name)} | {s.city} | {s.check_in} | {s.check_out} | {s.nights}"
                f" | {_money(s.cost, s.currency)} |"
            )
        lines.append("")
    if it.days:
        lines += ["## Day by day", ""]
        for number, day in enumerate(it.days, start=1):
            lines += [f"### Day {number}: {day.date:%A %d %B %Y}, {day.city}", ""]
            for item in day_items(it, day):
                when = "–".join(t for t in (item.start, item.end) if t)
                cost = f" ({_money(item.cost, cur)})" if item.cost else ""
                prefix = f"{when} " if when else ""
                kind = "" if item.kind == "transfer" else f"{item.kind}: "
                lines.append(f"- {prefix}{kind}{item.name}{cost}")
            if not day.items:
                lines.append("- free day")
            lines.append("")
    c = it.cost
    lines += ["## Cost", "", "| | amount |", "|---|---:|"]
    for label, amount in cost_parts(c):
        lines.append(f"| {label} | {_money(amount, cur)} |")
    lines.append(f"| **total** | **{_money(c.total, cur)}** |")
    note = budget_note(c)
    if note is not None:
        lines.append(f"| budget | {note} |")
    lines.append("")
    if it.checks:
        lines += ["## Checks", ""]
        for check in it.checks:
            mark = "x" if check.ok else " "
            detail = f": {check.detail}" if check.detail else ""
            lines.append(f"- [{mark}] {check.name}{detail}")
        lines.append("")
    if it.sources:
        lines += ["## Where the prices come from", ""]
        for src in it.sources:
            kind = "estimate" if src.estimate else "quoted"
            seen = f", observed {src.observed_at}" if src.observed_at else ""
            lines.append(f"- {src.what}: {src.source} ({kind}{seen})")
        lines.append("")
    return "\n".join(lines)


# --- iCalendar ----------------------------------------------------------------------------


def to_ics(job: Job) -> bytes:
    """The itinerary as an iCalendar file: transport legs, stays and timed activities."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", (job.itinerary.title if job.itinerary else "") or job.query)
    it = job.itinerary
    if it is None:
        return cal.to_ical()
    stamp = _stamp(job.updated_at)
    city_zones = _city_zones(it)

    def event(
        uid: str,
        summary: str,
        start: object,
        end: object,
        description: str = "",
        location: str = "",
    ) -> None:
        ev = Event()
        ev.add("uid", f"{uid}@{job.job_id}.lotara")
        ev.add("dtstamp", stamp)
        ev.add("summary", summary)
        ev.add("dtstart", start)
        ev.add("dtend", end)
        if description:
            ev.add("description", description)
        if location:
            ev.add("location", location)
        cal.add_component(ev)

    codes = _booking_codes(job)
    for index, leg in enumerate(it.transport):
        code = codes.get(("leg", index))
        booked = _hold(code)
        cost = f"{_money(leg.cost, leg.currency)} ({_estimate(leg.source)})"
        segments = leg.flight.segments if leg.flight is not None else []
        if segments:
            # One event per flight of the leg, each in its own airports' zones, so a one-stop
            # flight shows its connecting airport and the wait there.
            for number, seg in enumerate(segments):
                start = _leg_time(seg.depart, _zone_of(seg.origin, city_zones))
                end = _leg_time(seg.arrive, _zone_of(seg.destination, city_zones))
                if start is None or end is None:
                    continue
                via = f" (flight {number + 1} of {len(segments)})" if len(segments) > 1 else ""
                event(
                    f"leg-{index}-{number}",
                    f"Flight {seg.flight_number} {seg.origin} → {seg.destination}{via}",
                    start,
                    end,
                    f"{seg.carrier} {seg.flight_number}, {seg.origin} to {seg.destination}\n"
                    f"{leg_line(leg)}\n{cost}{booked}",
                    location=seg.origin,
                )
            continue
        if leg.transfer is not None:
            # An airport transfer runs in its airport's zone at both ends ("central Kyoto"
            # names no zone), and reads as the plan's day view says it.
            zone = _zone_of(leg.transfer.airport, city_zones) or city_zones.get(
                leg.transfer.city.lower()
            )
            start, end = _leg_time(leg.depart, zone), _leg_time(leg.arrive, zone)
            summary = transfer_line(leg).split(" (", 1)[0]
        else:
            start = _leg_time(leg.depart, _zone_of(leg.origin, city_zones))
            end = _leg_time(leg.arrive, _zone_of(leg.destination, city_zones))
            summary = f"{leg.kind.capitalize()} {leg.origin} → {leg.destination}"
        if start is None or end is None:
            continue
        event(
            f"leg-{index}",
            summary,
            start,
            end,
            f"{leg_line(leg)}\n{cost}{booked}",
            location=leg.origin,
        )
    for index, s in enumerate(it.stays):
        # A stay is an all-day span: check-in day to check-out day (DTEND is exclusive).
        event(
            f"stay-{index}",
            f"Stay: {s.stay.name}",
            s.check_in,
            s.check_out,
            f"{s.city}, {counted(s.nights, 'night')}, {_money(s.cost, s.currency)}"
            f" ({_estimate(s.stay.source)})" + _hold(codes.get(("stay", index))),
            location=s.city,
        )
    for day in it.days:
        zone = _zone(day.timezone) or city_zones.get(day.city.lower())
        for index, item in enumerate(day.items):
            if item.kind in {"transport", "stay", "free"} or not item.start:
                continue
            start = _at(day.date, item.start, zone)
            if start is None:
                continue
            end = _at(day.date, item.end, zone) if item.end else None
            if end is None or end <= start:
                end = start + timedelta(hours=1)
            event(
                f"{day.date}-{index}",
                item.name if item.kind == "activity" else f"{item.kind.capitalize()}: {item.name}",
                start,
                end,
                item.note or "",
            )
    cal.add_missing_timezones()
    return cal.to_ical()


def _booking_codes(job: Job) -> dict[tuple[str, int], str]:
    """Each sandbox hold's code by the leg or stay it holds (holds follow the plan's order)."""
    it = job.itinerary
    if it is None:
        return {}
    legs = [b for b in job.bookings if b.kind != "stay"]
    stays = [b for b in job.bookings if b.kind == "stay"]
    codes = {("leg", i): b.reference for i, b in enumerate(legs[: len(it.transport)])}
    codes |= {("stay", i): b.reference for i, b in enumerate(stays[: len(it.stays)])}
    return codes


def _hold(code: str | None) -> str:
    return f"\nSandbox hold {code} (not a purchase)" if code else ""


def _estimate(source: str) -> str:
    return f"{source}, an estimate, not a quote" if "estimate" in source else source


def _stamp(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        from lotara import clock

        return clock.now()


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _city_zones(it: Itinerary) -> dict[str, ZoneInfo]:
    """Time zones by lower-case city name, from the days that name one."""
    zones: dict[str, ZoneInfo] = {}
    for day in it.days:
        zone = _zone(day.timezone)
        if zone is not None:
            zones.setdefault(day.city.lower(), zone)
    return zones


def _zone_of(place: str, city_zones: dict[str, ZoneInfo]) -> ZoneInfo | None:
    """The zone of a leg's end: an airport code through airportsdata, else a city's day."""
    code = place.strip().upper()
    if len(code) == 3 and code.isalpha():
        from lotara.prefs import airports

        airport = airports().get(code)
        if airport is None:
            from lotara.world.places import METRO_CODES

            first = METRO_CODES.get(code, ())
            airport = airports().get(first[0]) if first else None
        if airport and airport.get("tz"):
            return _zone(airport["tz"])
    return city_zones.get(place.strip().lower())


def _leg_time(value: str, zone: ZoneInfo | None) -> datetime | None:
    """A leg's time in its place's IANA zone (a stated offset is converted, not kept)."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if zone is None:
        # A fixed offset is no calendar zone (no VTIMEZONE can name it): write it in UTC.
        return moment.astimezone(UTC) if moment.tzinfo is not None else None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def _at(day: date, hhmm: str, zone: ZoneInfo | None) -> datetime | None:
    try:
        clock_time = time.fromisoformat(hhmm)
    except ValueError:
        return None
    return datetime.combine(day, clock_time, tzinfo=zone)
