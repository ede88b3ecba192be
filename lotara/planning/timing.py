"""When the traveller is free: leg times in local wall-clock, free hours per day, slots.

The optimiser and the schedule both ask "how much of this day is left once the flights are
taken into account", so they buy and place the same number of activities. Everything here is
local wall-clock time, naive: a flight segment's ``depart`` is the origin's local time and its
``arrive`` the destination's, which is what a day in either city is measured in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from lotara.models import FlightOption, GroundLeg

__all__ = [
    "DAY_CLOSE",
    "DAY_OPEN",
    "CHECK_IN_FROM",
    "DESK_MINUTES",
    "LIGHT_START",
    "LegTimes",
    "day_windows",
    "daytime_lost_arriving",
    "daytime_lost_leaving",
    "leg_effect",
    "leg_times",
    "lead_minutes",
    "slots_for_day",
]

DAY_OPEN = 9 * 60  # sightseeing starts after breakfast
DAY_CLOSE = 21 * 60 + 30
DESK_MINUTES = 15  # a check-in or check-out at the desk, between the visits and meals
CHECK_IN_FROM = 15 * 60  # rooms are ready from this hour
SETTLE_MINUTES = 90  # out of the airport and into the room
STATION_SETTLE_MINUTES = 30  # a station or a drive ends in town
GROUND_DEPART = 10 * 60  # a drive or train leaves mid-morning
DAYTIME = (9 * 60, 21 * 60)  # the hours a lost day is counted in
MEAL_WINDOWS = ((8 * 60, 8 * 60 + 45), (12 * 60 + 30, 13 * 60 + 30), (19 * 60, 20 * 60 + 30))
FULL_DAY_MINUTES = (DAY_CLOSE - DAY_OPEN) - 150  # less lunch and dinner
LIGHT_START = 10 * 60 + 30  # the first morning after a night arrival or a long journey
SMALL_HOURS_END = 6 * 60  # landing before this is landing in the night
LATE_ARRIVAL = 21 * 60  # arriving from this hour, the next morning is the first
LONG_HAUL_MINUTES = 8 * 60  # a journey this long makes the first morning a light one


@dataclass(frozen=True, slots=True)
class LegTimes:
    """One hop in local wall-clock time: leaving (origin time) and arriving (destination time)."""

    depart: datetime
    arrive: datetime
    kind: str
    minutes: int = 0  # the journey's length, when known (the clocks are in two time zones)
    settle: int = 0  # from arriving to free time, when the transfers are known (0: by kind)
    lead: int = 0  # from the end of free time to leaving, when known (0: by kind)

    @property
    def settled_after(self) -> int:
        """Minutes from arriving to free time in town: the transfer in, where it is known."""
        return self.settle or settle_minutes(self.kind)

    @property
    def lead_before(self) -> int:
        """Minutes from the end of free time to departure: the transfer out, where known."""
        return self.lead or lead_minutes(self.kind)

    @property
    def long_haul(self) -> bool:
        """A journey of ``LONG_HAUL_MINUTES`` or more."""
        return self.minutes >= LONG_HAUL_MINUTES

    def first_morning(self) -> date | None:
        """The day whose morning is the traveller's first after this leg, when it must be
        light: after arriving in the small hours (that morning), late at night (the next
        morning) or from a long journey (the landing morning, or the next one after noon)."""
        at = _minute(self.arrive)
        if at < SMALL_HOURS_END:
            return self.arrive.date()
        if at >= LATE_ARRIVAL or (self.long_haul and at >= 12 * 60):
            return self.arrive.date() + timedelta(days=1)
        return self.arrive.date() if self.long_haul else None


def settle_minutes(kind: str) -> int:
    """How long after arriving the traveller is free: an airport is far out, a station is not."""
    return SETTLE_MINUTES if kind == "flight" else STATION_SETTLE_MINUTES


def lead_minutes(kind: str) -> int:
    """How long before a departure the traveller stops sightseeing."""
    return 180 if kind == "flight" else 60


def clock_minutes(text: str) -> int:
    """The local minutes of an "HH:MM" clock time (ValueError when it is none)."""
    hh, _, mm = text.partition(":")
    return int(hh) * 60 + int(mm[:2] or 0)


def ground_depart(ground: GroundLeg | None) -> int:
    """When a ground leg leaves, in local minutes: its timetabled departure, or mid-morning
    (``GROUND_DEPART``) for a car or taxi, which leaves when the traveller likes."""
    if ground is not None and ground.depart:
        return clock_minutes(ground.depart)
    return GROUND_DEPART


def leg_times(day: date, payload: FlightOption | GroundLeg | None) -> LegTimes:
    """The local departure and arrival of a flight, or of a ground leg (``ground_depart``)."""
    if isinstance(payload, FlightOption) and payload.segments:
        try:
            depart = datetime.fromisoformat(payload.segments[0].depart[:16])
            arrive = datetime.fromisoformat(payload.segments[-1].arrive[:16])
            return LegTimes(depart, arrive, "flight", payload.duration_minutes)
        except ValueError:
            pass
    minutes = payload.duration_minutes if isinstance(payload, GroundLeg) else 240
    ground = payload if isinstance(payload, GroundLeg) else None
    depart = datetime.combine(day, time()) + timedelta(minutes=ground_depart(ground))
    kind = payload.mode if isinstance(payload, GroundLeg) else "flight"
    shift = ground.clock_change_minutes if ground is not None else 0
    return LegTimes(depart, depart + timedelta(minutes=minutes + shift), kind, minutes)


def _daytime_overlap(lo: datetime, hi: datetime) -> float:
    """Daytime hours (09:00-21:00 each day) between two local moments."""
    hours = 0.0
    day = lo.date()
    while day <= hi.date():
        open_ = datetime.combine(day, time()) + timedelta(minutes=DAYTIME[0])
        close = datetime.combine(day, time()) + timedelta(minutes=DAYTIME[1])
        span = (min(hi, close) - max(lo, open_)).total_seconds() / 3600
        hours += max(0.0, span)
        day += timedelta(days=1)
    return hours


def daytime_lost_arriving(start: date, arrive: datetime) -> float:
    """Daytime hours of the trip gone before the traveller is settled at the first city."""
    settled = arrive + timedelta(minutes=SETTLE_MINUTES)
    return _daytime_overlap(datetime.combine(start, time()), settled)


def daytime_lost_leaving(end: date, depart: datetime, kind: str) -> float:
    """Daytime hours of the last day given up to get to the airport or station."""
    if depart.date() != end:
        return 0.0
    stop = depart - timedelta(minutes=lead_minutes(kind))
    return _daytime_overlap(stop, datetime.combine(end, time()) + timedelta(days=1))


def leg_effect(day: date, leg: LegTimes, index: int, *, homeward: bool) -> tuple[int, int, bool]:
    """What one leg leaves of ``day``: (free from, free until, away), in local minutes 0-1440.

    ``index`` is the leg's place in the trip (0: the outbound) and ``homeward`` says it takes
    the traveller home. The day before the outbound lands is away (leaving home, or in the
    air); a day a leg lands on starts once settled; a day a leg leaves on ends when it is time
    to go to the airport or station (landing once rooms are ready, it starts after checking
    in). The first morning after arriving in the night or from
    a long journey (``LegTimes.first_morning``) starts light, at ``LIGHT_START``: no sight
    that takes the whole day from early on, no visit straight from the airport. A leg that
    does not touch the day leaves it whole.
    """
    lo, hi = 0, 24 * 60
    if homeward:
        if leg.depart.date() == day:
            hi = _minute(leg.depart) - leg.lead_before
        return lo, max(0, hi), False
    if index == 0 and day < leg.arrive.date():
        return lo, hi, True
    if leg.depart.date() < day < leg.arrive.date():
        return lo, hi, True
    if leg.depart.date() == day < leg.arrive.date():
        hi = _minute(leg.depart) - leg.lead_before
    elif leg.arrive.date() == day:
        lo = min(24 * 60, _minute(leg.arrive) + leg.settled_after)
        if lo >= CHECK_IN_FROM:  # the room is ready: the bags go to it before any visit
            lo = min(24 * 60, lo + DESK_MINUTES)
    if leg.first_morning() == day:
        lo = max(lo, LIGHT_START)
    return lo, max(0, hi), False


def day_windows(
    days: list[date], legs: list[LegTimes], *, home_leg: bool = True
) -> list[tuple[int, int] | None]:
    """Each day's sightseeing time (local minutes from, to), or None for a day spent travelling.

    ``legs`` run out, between cities, and home (unless ``home_leg`` is False: a one-way trip).
    """
    out: list[tuple[int, int] | None] = []
    last = len(legs) - 1
    for day in days:
        start, end = DAY_OPEN, DAY_CLOSE
        travelling = False
        for index, leg in enumerate(legs):
            homeward = home_leg and index == last and index > 0
            lo, hi, away = leg_effect(day, leg, index, homeward=homeward)
            travelling = travelling or away
            start, end = max(start, lo), min(end, hi)
        out.append(None if travelling else (start, end))
    return out


def slots_for_day(window: tuple[int, int] | None, full: int, *, first: bool) -> int:
    """How many activities fit a day's free time at a pace of ``full`` a whole day.

    The free time less the meals in it, as a share of a whole day's; the day the traveller
    lands from home holds at most one fewer than a whole day (they have just travelled).
    """
    if window is None:
        return 0
    start, end = window
    if end - start <= 0:
        return 0
    free = end - start
    for lo, hi in MEAL_WINDOWS:
        free -= max(0, min(hi, end) - max(lo, start))
    n = math.floor(full * max(0, free) / FULL_DAY_MINUTES + 0.2)
    cap = max(1, full - 1) if first else full
    return max(0, min(n, cap))


def slots_without_times(days: list[tuple[date, str]], index: int, full: int) -> int:
    """How many activities day ``index`` of ``days`` (date, city) holds with no leg times known.

    The first and last days hold 1, a day moving between cities one fewer than a full day.
    """
    if index == 0 or index == len(days) - 1:
        return 1
    if days[index - 1][1] != days[index][1]:
        return max(1, full - 1)
    return full


def _minute(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute
