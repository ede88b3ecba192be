"""Free windows in a calendar, and long weekends made by public holidays.

A day is busy when any event that blocks time touches it (cancelled events and events marked
``TRANSP:TRANSPARENT`` don't); a free window is a run of at least ``min_days`` days with no
busy day, looked for from tomorrow to the end of the horizon. A long weekend is a run of
weekend days and public holidays of the user's home country (with at most one working day
bridged between them) that holds a holiday; with a calendar it must be free too, and it is
not suggested apart when a free window already covers it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from lotara.errors import InvalidValue
from lotara.proactive.triggers import Trigger, calendar_gap_key

DEFAULT_MIN_DAYS = 3
DEFAULT_MONTHS = 3


@dataclass(frozen=True)
class Window:
    """Days free for a trip, first and last included."""

    start: date
    end: date
    kind: str  # free_window or long_weekend
    holidays: dict[str, str] = field(default_factory=dict)
    leave_days: tuple[date, ...] = ()

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def horizon(today: date, months: int = DEFAULT_MONTHS) -> tuple[date, date]:
    """From tomorrow to the same day ``months`` months ahead."""
    month0 = today.month - 1 + months
    year, month = today.year + month0 // 12, month0 % 12 + 1
    return today + timedelta(days=1), date(year, month, min(today.day, 28))


# --- reading a calendar -----------------------------------------------------------------


MAX_OCCURRENCES = 20_000
"""Occurrences read from one calendar over the horizon, at most: more is not a calendar of
busy days but a rule gone wrong (``FREQ=SECONDLY``), refused before it eats the machine."""
TOO_FREQUENT = ("SECONDLY", "MINUTELY")


def _day_of(value: Any) -> date:
    return value.date() if isinstance(value, datetime) else value


def _span(event: Any) -> tuple[date, date]:
    """The first and last day an occurrence touches (all-day ends are exclusive, times not)."""
    begin = event.get("dtstart").dt
    end = event.get("dtend").dt if event.get("dtend") is not None else begin
    first = _day_of(begin)
    if isinstance(end, datetime):
        last = _day_of(end - timedelta(microseconds=1)) if end > begin else first
    else:
        last = end - timedelta(days=1) if end > first else first
    return first, max(first, last)


def _check_rules(calendar: Any) -> None:
    """Refuse the recurrences no calendar means: a zero interval, or every second or minute."""
    for event in calendar.walk("VEVENT"):
        for rule in _list(event.get("rrule")):
            freq = [str(f).upper() for f in rule.get("FREQ", [])]
            if any(f in TOO_FREQUENT for f in freq):
                raise InvalidValue(
                    f"The event {str(event.get('summary', '')).strip()!r} repeats "
                    f"{freq[0].lower()}; a calendar of busy days repeats hourly at most."
                )
            for interval in rule.get("INTERVAL", []):
                if int(interval) < 1:
                    raise InvalidValue(
                        f"The event {str(event.get('summary', '')).strip()!r} repeats with "
                        f"INTERVAL={interval}; an interval is 1 or more."
                    )


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def busy_days(ics: bytes, first: date, last: date) -> set[date]:
    """Days from ``first`` to ``last`` that an event of the calendar blocks.

    Recurrences are expanded by recurring-ical-events inside the window only (RRULE, RDATE,
    EXDATE, and a moved occurrence on its new day, RECURRENCE-ID), at most
    ``MAX_OCCURRENCES`` of them.
    """
    import recurring_ical_events
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(ics)
    except ValueError as error:
        raise InvalidValue(f"The calendar is not a readable iCalendar file ({error}).") from None
    busy: set[date] = set()
    try:
        _check_rules(calendar)
        query = recurring_ical_events.of(calendar, skip_bad_series=False)
        # Only the window is expanded; every second or minute was refused above, so an
        # hourly rule over the months looked at is the most one event can make.
        for count, event in enumerate(query.between(first, last + timedelta(days=1))):
            if count >= MAX_OCCURRENCES:
                raise InvalidValue(
                    f"The calendar has more than {MAX_OCCURRENCES:,} events in the "
                    f"{(last - first).days + 1} days looked at; it cannot be a calendar of "
                    "busy days."
                )
            if str(event.get("status", "")).upper() == "CANCELLED":
                continue
            if str(event.get("transp", "")).upper() == "TRANSPARENT":
                continue
            begin, end = _span(event)
            day = max(begin, first)
            while day <= min(end, last):
                busy.add(day)
                day += timedelta(days=1)
    except InvalidValue:
        raise
    except Exception as error:  # a bad DURATION, EXDATE, TZID or date mix in one event
        raise InvalidValue(
            f"The calendar has an event lotara cannot read ({type(error).__name__}: {error})."
        ) from None
    return busy


def read_calendar(path: str | Path) -> bytes:
    file = Path(path).expanduser()
    try:
        return file.read_bytes()
    except OSError:
        raise InvalidValue(f"Cannot read the calendar file {str(path)!r}.") from None


# --- finding windows --------------------------------------------------------------------


def free_windows(busy: set[date], first: date, last: date, min_days: int) -> list[Window]:
    """Runs of at least ``min_days`` days between ``first`` and ``last`` with no busy day."""
    windows, run_start = [], None
    day = first
    while day <= last + timedelta(days=1):
        free = day <= last and day not in busy
        if free and run_start is None:
            run_start = day
        elif not free and run_start is not None:
            if (day - run_start).days >= min_days:
                windows.append(Window(run_start, day - timedelta(days=1), "free_window"))
            run_start = None
        day += timedelta(days=1)
    return windows


def public_holidays(country: str, first: date, last: date) -> dict[date, str]:
    import holidays

    try:
        table = holidays.country_holidays(country, years=range(first.year, last.year + 1))
    except NotImplementedError:
        return {}
    return {d: str(name) for d, name in sorted(table.items()) if first <= d <= last}


def long_weekends(
    holidays: dict[date, str], first: date, last: date, min_days: int, busy: set[date]
) -> list[Window]:
    """Weekend-and-holiday runs (one working day bridged at most) that hold a holiday."""

    def off(day: date) -> bool:
        return day.weekday() >= 5 or day in holidays

    bridges = {
        day
        for day in (first + timedelta(days=i) for i in range((last - first).days + 1))
        if not off(day)
        and off(day - timedelta(days=1))
        and off(day + timedelta(days=1))
        and (day - timedelta(days=1) in holidays or day + timedelta(days=1) in holidays)
    }
    windows, run = [], []
    day = first
    while day <= last + timedelta(days=1):
        if day <= last and (off(day) or day in bridges):
            run.append(day)
        else:
            named = {d.isoformat(): holidays[d] for d in run if d in holidays}
            if named and len(run) >= min_days and not busy.intersection(run):
                leave = tuple(d for d in run if d in bridges)
                windows.append(Window(run[0], run[-1], "long_weekend", named, leave))
            run = []
        day += timedelta(days=1)
    return windows


def home_country(prefs: dict[str, Any]) -> str | None:
    """The ``home_country`` pref, else the country of the home airport (None if neither)."""
    if prefs.get("home_country"):
        return str(prefs["home_country"]).upper()
    code = str(prefs.get("home_airport") or "").upper()
    if not code:
        return None
    from lotara.prefs import airports
    from lotara.world.places import METRO_CODES

    code = METRO_CODES.get(code, (code,))[0]
    airport = airports().get(code)
    return airport["country"] if airport else None


def find_windows(
    ics: bytes | None,
    *,
    today: date,
    country: str | None,
    min_days: int = DEFAULT_MIN_DAYS,
    months: int = DEFAULT_MONTHS,
) -> list[Window]:
    """Free windows of the calendar, then the long weekends no free window already covers."""
    first, last = horizon(today, months)
    busy = busy_days(ics, first, last) if ics is not None else set()
    windows = free_windows(busy, first, last, min_days) if ics is not None else []
    if country:
        table = public_holidays(country, first, last)
        for weekend in long_weekends(table, first, last, min_days, busy):
            if not any(w.start <= weekend.start and weekend.end <= w.end for w in windows):
                windows.append(weekend)
    return sorted(windows, key=lambda w: (w.start, w.end))


def calendar_gap_triggers(
    windows: list[Window],
    *,
    user_id: str,
    prefs: dict[str, Any],
    country: str | None,
    notify_url: str | None = None,
) -> list[Trigger]:
    """One trigger per window, with what the proactive workflow needs to fill it."""
    out = []
    for window in windows:
        context: dict[str, Any] = {
            "start": window.start.isoformat(),
            "end": window.end.isoformat(),
            "days": window.days,
            "kind": window.kind,
        }
        if window.holidays:
            context["holidays"] = window.holidays
        if window.leave_days:
            context["leave_days"] = [d.isoformat() for d in window.leave_days]
        if country:
            context["country"] = country
        if prefs.get("home_airport"):
            context["origin"] = prefs["home_airport"]
        if prefs.get("currency"):
            context["currency"] = prefs["currency"]
        key = calendar_gap_key(user_id, window.start, window.end)
        out.append(Trigger("calendar_gap", user_id, context, key, notify_url))
    return out
