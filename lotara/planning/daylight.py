"""When the sun rises and sets at a place on a day, and when a sight seen at either is visited.

The times are astral's (the NOAA solar calculator: refraction and the sun's disc in it, a
minute or two off away from the poles), in local clock minutes of that day from the place's
time zone, so summer time is in them. A sunset after midnight (Reykjavik in June) is counted
past 24:00, not as the one the night before. Where the sun does not rise or set that day
(a polar night, a midnight sun) the time is None and ``Sun.polar`` says which. astral is
imported on the first question (not on ``lotara --help``'s path) and every (place, day) is
asked once: a plan asks for the same sunset for every day's model and its timetable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

__all__ = ["SUNRISE_LEAD", "SUNSET_KEPT", "Sun", "clock", "dawn_start", "sun", "sunset_best"]

SUNRISE_LEAD = 45  # at the viewpoint, or the balloon's launch field, before the sun is up
DAWN_EARLIEST = 4 * 60
SUNSET_LEAD = 90  # the most of a visit before the sun sets
SUNSET_AFTER = 30  # and the afterglow, once it has
SUNSET_KEPT = 15  # a visit begun at its earliest is still there this long after sunset


@dataclass(frozen=True, slots=True)
class Sun:
    """Sunrise and sunset in local minutes of the day (None: not that day) and, when one of
    them is missing, why: "midnight sun" or "polar night"."""

    rise: int | None
    set: int | None
    polar: str | None = None


def sun(lat: float, lon: float, day: date, tz: str | None) -> Sun:
    """The sun at (``lat``, ``lon``) on ``day`` in time zone ``tz`` (none known: no times)."""
    if not tz:
        return Sun(None, None)
    return _sun(round(lat, 2), round(lon, 2), day, tz)  # a place is a kilometre wide


@lru_cache(maxsize=4096)
def _sun(lat: float, lon: float, day: date, tz: str) -> Sun:
    from astral import Observer
    from astral.sun import elevation, sunrise, sunset

    zone = ZoneInfo(tz)
    here = Observer(lat, lon)

    def at(event: object, when: date) -> int | None:
        try:
            moment: datetime = event(here, when, zone)  # type: ignore[operator]
        except ValueError:  # the sun never rises or never sets that day
            return None
        return (moment.date() - day).days * 24 * 60 + round(
            moment.hour * 60 + moment.minute + moment.second / 60
        )

    rise, down = at(sunrise, day), at(sunset, day)
    if rise is not None and down is not None and down < rise:
        down = at(sunset, day + timedelta(days=1))  # the evening's is after midnight
    polar = None
    if rise is None or down is None:
        noon = datetime.combine(day, time(12), zone)
        polar = "midnight sun" if elevation(here, noon) > 0 else "polar night"
    return Sun(rise, down, polar)


def clock(minutes: int) -> str:
    """ "HH:MM" of local minutes (past midnight wraps to the next day's clock)."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def sunset_best(held: int, sunset: int) -> tuple[int, int]:
    """(earliest start, latest end) of a visit of ``held`` minutes that holds the sunset:
    begun up to an hour and a half before it (a quarter of an hour before it at the latest
    for a short one, so it is still there once the sun is down) and over by half an hour
    after it; a visit longer than that begins an hour and a half before and runs on."""
    lo = sunset - min(max(held - SUNSET_KEPT, 0), SUNSET_LEAD)
    last = max(lo, min(sunset, sunset + SUNSET_AFTER - held))
    return lo, last + held


def dawn_start(sunrise: int) -> int:
    """When a sunrise visit begins: three quarters of an hour before the sun is up, on the
    five minutes (07:10 for a December balloon over Cappadocia, 04:30 in June), never
    before 04:00."""
    return max(DAWN_EARLIEST, (sunrise - SUNRISE_LEAD) // 5 * 5)
