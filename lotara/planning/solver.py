"""The one constraint model that chooses the trip and lays out its days (OR-Tools CP-SAT).

An orienteering problem with time windows and a budget. Booleans choose one option per
transport leg and per city's stay (the first city's stay from the night the chosen outbound
needs), for every sight the day and part of the day it is visited (morning, afternoon, after
dinner), and integers how many of a city's breakfasts, lunches and dinners each restaurant
that serves that meal takes (counts, not days: the days of a city are alike to a
restaurant, and counting removes that symmetry). The legs chosen fix each day's free time
(``timing.leg_effect``): a day in the air has no visits and its meals on board, an arrival
day starts once settled, a departure day ends when it is time to leave. Within a part of the
day the visits, in order of closing time, each with the hop to the next (plus 30 minutes per
move to another neighbourhood), end by their closing time and the part's end; a visit that
opens later than the part starts comes last; all lie within opening hours and the best time
of day; a full-day sight takes the day. Meals sit between the parts at the city's hours (08:00,
12:30, 19:00; later where the country eats later: ``MEAL_CUSTOMS``), a meal at a restaurant
or, rather than a place twice, near the stay at the city's everyday price;
check-in and check-out are placed between visits and meals afterwards (from 15:00; by 11:00
or before leaving, a breakfast eaten sooner to end by then).

The objective is what the traveller wants, in points (``optimise`` values each option): the
fit of every sight, meal, stay and leg, less 0.6 point per 1% of the budget spent, less
penalties for a restaurant used twice, a whole day with nothing to do while something is
open, and a day spread over several neighbourhoods. The budget is weighed above every
point (any choice is a solution, so the search starts at once): within it when the cheapest
way to make the trip fits; otherwise the amount over it is minimised first.

Legs and stays that another option of their group beats in price, points and free time
are left out before the model is built (``_undominated``): exactly one of a group is
chosen, so they never could be. The solver runs on one worker with a deterministic time
limit (the same request gives the same plan) and a wall-clock guard; ``SolverReport`` says
whether it proved optimality.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any

from lotara.models import Activity, Restaurant
from lotara.planning.daylight import SUNSET_KEPT, clock, dawn_start, sun, sunset_best
from lotara.planning.selection import PlannedDay, PlannedItem, SolverReport
from lotara.planning.suitability import is_full_day, serves
from lotara.planning.timing import (
    CHECK_IN_FROM,
    DAY_CLOSE,
    DAY_OPEN,
    DESK_MINUTES,
    LIGHT_START,
    LegTimes,
    leg_effect,
)
from lotara.world.lands import haversine_km

__all__ = [
    "DETERMINISTIC_LIMIT",
    "STATS",
    "MEALS",
    "Opt",
    "Problem",
    "Solution",
    "WALL_LIMIT_SECONDS",
    "solve",
    "travel_minutes",
]

DETERMINISTIC_LIMIT = 0.05  # CP-SAT's deterministic seconds: reproducible, ~0.15 s wall
WALL_LIMIT_SECONDS = 3.0  # a guard should the machine be very slow; normally unreached
NIGHT_END = 23 * 60 + 30
LATE_NIGHT_END = 23 * 60 + 59  # where dinner is at nine, the bars are open past it
CHECK_OUT_BY = 11 * 60
# (label, start, minutes): meals sit between the parts of the day
MEALS: tuple[tuple[str, int, int], ...] = (
    ("breakfast", 8 * 60, 45),
    ("lunch", 12 * 60 + 30, 60),
    ("dinner", 19 * 60, 75),
)
DAY_PARTS = {  # where visits go: between breakfast, lunch, dinner and bedtime
    "morning": (DAY_OPEN, 12 * 60 + 30),
    "afternoon": (13 * 60 + 30, 19 * 60),
    "evening": (20 * 60 + 15, NIGHT_END),
}
# Local customs: (lunch, dinner) start where the country eats later than the 12:30 and 19:00
# the rest of the plan assumes (Spain lunches at two and dines from half past eight, with
# the night out after it; Italy dines at eight).
MEAL_CUSTOMS: dict[str, tuple[int, int]] = {
    "ES": (14 * 60, 20 * 60 + 30),
    "GR": (14 * 60, 20 * 60 + 30),
    "AR": (13 * 60 + 30, 20 * 60 + 30),
    "PT": (13 * 60, 20 * 60 + 30),
    "IT": (13 * 60, 20 * 60),
    "MX": (14 * 60, 20 * 60),
    "FR": (12 * 60 + 30, 19 * 60 + 30),
    "CL": (13 * 60 + 30, 20 * 60 + 30),
    "UY": (13 * 60 + 30, 20 * 60 + 30),
    "HR": (13 * 60, 20 * 60),
}


def meals_and_parts(
    country: str | None,
) -> tuple[tuple[tuple[str, int, int], ...], dict[str, tuple[int, int]]]:
    """The day's meals (label, start, minutes) and its parts for visits, by local custom."""
    if country not in MEAL_CUSTOMS:
        return MEALS, DAY_PARTS
    lunch, dinner = MEAL_CUSTOMS[country or ""]
    meals = (MEALS[0], ("lunch", lunch, 60), ("dinner", dinner, 75))
    parts = {
        "morning": (DAY_OPEN, lunch),
        "afternoon": (lunch + 60, dinner),
        "evening": (dinner + 75, LATE_NIGHT_END),  # a late dinner, a late night
    }
    return meals, parts


BEST_TIMES = {  # (earliest start, latest end) of a visit at its best time of day
    "morning": (DAY_OPEN, 12 * 60 + 30),
    "afternoon": (12 * 60, 18 * 60 + 30),
    "evening": (17 * 60, NIGHT_END),
    "sunset": (16 * 60 + 30, 21 * 60),
    "night": (20 * 60, NIGHT_END),
}
POINT = 100  # objective units per point
SPEND_POINTS = 60.0  # points the whole budget (or cap) is worth: 0.6 a point per 1%
W_REPEAT = 8.0
W_EMPTY_DAY = 30.0
W_SPREAD = 1.5
W_LATE_FULL_DAY = 25.0  # a whole-day sight begun at 10:30, after a night arrival
CLUSTER_KM = 1.8


@dataclass
class SolverStats:
    """What the solver did in this process: runs, seconds, proofs (benchmarks read it)."""

    runs: int = 0
    seconds: float = 0.0
    optimal: int = 0
    last_seconds: float = 0.0

    def record(self, seconds: float, optimal: bool) -> None:
        self.runs += 1
        self.seconds += seconds
        self.optimal += int(optimal)
        self.last_seconds = seconds


STATS = SolverStats()
TUNING: dict[str, Any] = {}  # extra CP-SAT parameters, for experiments (benchmarks)


@dataclass
class Opt:
    """One option of a group (a leg, a stay) with its cost and value in points."""

    key: str
    cost: float
    value: float
    payload: Any
    times: LegTimes | None = None
    booking: int = 0  # an outbound: the offset of the first night booked
    extra: float = 0.0  # what else choosing it costs: a flight's airport transfers

    @property
    def spend(self) -> float:
        """All the money choosing this option costs: its price and what it brings."""
        return self.cost + self.extra


@dataclass
class StayGroup:
    """A city's stay options; the first city's for one booking offset of the outbound."""

    city: str
    position: int
    booking: int | None
    check_in: date
    check_out: date
    options: list[Opt]


@dataclass
class Problem:
    """Everything the model chooses from, already valued (see ``optimise``)."""

    days: list[tuple[date, str]]
    legs: list[list[Opt]]
    home_leg: bool
    stays: list[StayGroup]
    activities: dict[str, list[Activity]]
    activity_value: dict[str, float]
    restaurants: dict[str, list[Restaurant]]
    meal_value: dict[str, float]
    way_cost: dict[tuple[str, str], float]  # (city, meal): that meal not at a listed place
    closed: Callable[[Activity, date], bool]
    travelers: int
    pace: int
    cap: float
    hard_cap: bool
    ticket_allowance: float = 0.0
    fixed_cost: float = 0.0  # paid whatever is chosen: the days' local transport
    city_order: list[str] = field(default_factory=list)
    countries: dict[str, str] = field(default_factory=dict)  # city: ISO code, for meal times
    timezones: dict[str, str] = field(default_factory=dict)  # city: IANA zone, for the sun

    def way(self, city: str, meal: str) -> float:
        """What ``meal`` costs a person in ``city`` eaten at none of the listed places."""
        return self.way_cost.get((city, meal), 0.0)


@dataclass
class Solution:
    legs: list[Opt]
    stays: list[tuple[StayGroup, Opt]]
    days: list[PlannedDay]
    report: SolverReport
    total: float
    score: float = 0.0
    notes: list[str] = field(default_factory=list)  # a sunset or sunrise not at its hour
    missed: dict[str, list[str]] = field(default_factory=dict)  # such a sight left out: why


def travel_minutes(km: float) -> int:
    """Door to door between two places in a city: a walk under 1.5 km, else transit or taxi."""
    if km < 1.5:
        return max(5, round(km * 13))
    return round(12 + km * 3)


def _km(a: Activity, b: Activity) -> float:
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def _city_layout(acts: list[Activity]) -> tuple[int, dict[str, int]]:
    """A city's sights laid out: the minutes kept after a visit for getting to the next (the
    city's typical hop) and each sight's neighbourhood (``_layout``, kept per city)."""
    return _layout(tuple((a.id, a.lat, a.lon) for a in acts))


@lru_cache(maxsize=512)
def _layout(points: tuple[tuple[str, float, float], ...]) -> tuple[int, dict[str, int]]:
    def km(a: tuple[str, float, float], b: tuple[str, float, float]) -> float:
        return haversine_km(a[1], a[2], b[1], b[2])

    # Neighbourhoods: sights within ``CLUSTER_KM`` of a cluster's first sight share it.
    heads: list[tuple[str, float, float]] = []
    clusters: dict[str, int] = {}
    for a in points:
        n = next((n for n, head in enumerate(heads) if km(a, head) <= CLUSTER_KM), len(heads))
        if n == len(heads):
            heads.append(a)
        clusters[a[0]] = n
    if len(points) < 2:
        return 20, clusters
    hops = sorted(min(km(a, b) for b in points if b is not a) for a in points)
    return max(15, min(45, travel_minutes(hops[len(hops) // 2]) + 5)), clusters


LATE_EXCURSION_ENDS = {"sunset": 21 * 60, "evening": 22 * 60}
"""When a whole-day sight at its best at sunset or in the evening ends: it is planned to end
then (from 16:00 for a five-hour desert sunset), not from the morning."""
NIGHT_HOLD = 120
"""The most of an evening a night sight holds in the plan: one that runs longer (a 4-hour
northern lights tour, an opera at the Arena, a club night) goes on later, is the evening's
last, and says until when. Two hours fit after the latest dinner (Madrid's, at half past
eight)."""


def _is_night(a: Activity) -> bool:
    """Whether a visit is a night out: its best time is the night, or it is nightlife with
    no time of day of its own and hours (if known) into the late evening. A brewery tour
    that shuts at 19:30, a market, a beach with bars or a sunset rooftop is a daytime visit."""
    if a.best_time == "night":
        return True
    if "nightlife" not in a.tags or a.best_time not in (None, "any") or "beach" in a.tags:
        return False
    return not a.closes or not ("06:00" <= a.closes[:5] < "22:00")


def _held(a: Activity) -> int:
    """The minutes a visit of ``a`` holds of its day: all of it, but a night sight's evening
    at most (the rest is later, when nothing else is planned)."""
    if _is_night(a):
        return min(a.duration_minutes, NIGHT_HOLD)
    return a.duration_minutes


def _visit_window(
    a: Activity, night_end: int = NIGHT_END, best: tuple[int, int] | None = None
) -> tuple[int, int] | None:
    """(earliest start, latest start) of a visit of ``a`` within its hours and best time
    (``best``: that day's, around the sunset, over the fixed one of ``BEST_TIMES``)."""

    night = _is_night(a)
    lo = max(DAY_OPEN, _minutes_of(a.opens, 0))
    day_close = night_end if night else DAY_CLOSE
    if best is not None:  # the sun sets at 22:45 in Oslo in June
        day_close = max(day_close, min(best[1], night_end))
    hi = min(_minutes_of(a.closes, 24 * 60), day_close)
    if best is not None or a.best_time in BEST_TIMES:
        b_lo, b_hi = best or BEST_TIMES[a.best_time]
        b_hi = night_end if b_hi == NIGHT_END else b_hi
        lo, hi = max(lo, b_lo), min(hi, b_hi)
    if night:
        lo = max(lo, 20 * 60 + 30)  # after dinner
    if a.show_time:
        start = _minutes_of(a.show_time, lo)
        return (start, start) if start + _held(a) <= night_end else None
    last = hi - _held(a)
    return (lo, last) if last >= lo else None


def _late_end(a: Activity) -> int | None:
    """When an excursion that runs into the evening ends, if ``a`` is one: at its best at
    sunset or in the evening, or an afternoon one that serves dinner (a desert safari with
    dinner, 15:00-21:00, not from breakfast)."""
    if a.best_time in LATE_EXCURSION_ENDS:
        return LATE_EXCURSION_ENDS[a.best_time]
    if a.best_time == "afternoon" and DINNER_WORDS.search(a.name):
        return LATE_EXCURSION_ENDS["sunset"]
    return None


SUNSET_AFTER = 30  # a sunset later than half an hour before the night's end is not planned
SUNSET_EXCURSION_BACK = 60  # a sunset excursion is back an hour after the sun is down
DAWN_DEFAULT = 6 * 60  # a sunrise sight where the sun does not rise that day
BREAKFAST_BY = 10 * 60  # a dawn visit over later than this has breakfast at the sight


@dataclass(frozen=True)
class SunTime:
    """When a sight seen at sunset or sunrise is visited on one day: a sunset visit's window
    (earliest start, latest end), a sunset excursion's end or a dawn visit's start; what its
    timetable entry says (the hour of the sunset) and, when it cannot be at the sun's hour
    (it shuts before sunset, a midnight sun), what the plan's notes say."""

    best: tuple[int, int] | None = None
    end: int | None = None
    begin: int | None = None
    note: str | None = None
    amiss: str | None = None
    at: int | None = None  # the sunset's (or sunrise's) minute


def _dawn(a: Activity) -> bool:
    """Whether ``a`` is seen at dawn, before breakfast: at its best at sunrise (a balloon
    flight, Angkor Wat at sunrise), or a show before seven (a 05:30 alms procession)."""
    if a.best_time == "sunrise":
        return True
    return a.show_time is not None and 0 <= _minutes_of(a.show_time, -1) < 7 * 60


def _sun_time(a: Activity, day: date, tz: str | None) -> SunTime | None:
    """How the sun places a visit of ``a`` on ``day`` (None: it does not, or no time zone)."""
    if a.show_time and _dawn(a):
        return SunTime(begin=_minutes_of(a.show_time, DAWN_DEFAULT))
    excursion = _late_end(a) == LATE_EXCURSION_ENDS["sunset"] and (is_full_day(a) or _long_visit(a))
    if not tz or not (excursion or _dawn(a) or a.best_time == "sunset"):
        return None
    s = sun(a.lat, a.lon, day, tz)
    when = f"{day:%a %d %b}"
    if _dawn(a):
        if s.rise is None:
            return SunTime(
                begin=DAWN_DEFAULT,
                note=f"no sunrise today ({s.polar})",
                amiss=f"The sun does not rise at {a.name} on {when} ({s.polar}): it is "
                f"planned from {clock(DAWN_DEFAULT)}.",
            )
        return SunTime(begin=dawn_start(s.rise), note=f"sunrise {clock(s.rise)}", at=s.rise)
    if s.set is None or s.set > NIGHT_END - SUNSET_AFTER:
        what = f"sets at {clock(s.set)}, after the day is over" if s.set else "does not set"
        return SunTime(
            note=f"no sunset in the day ({s.polar or 'white night'})",
            amiss=f"The sun {what} at {a.name} on {when}{f' ({s.polar})' if s.polar else ''}: "
            "it is planned for the evening light.",
        )
    best = sunset_best(_held(a), s.set)
    end = None
    if excursion:  # back an hour after the sun is down, later when dinner is at the camp
        dines = "food" in a.tags or bool(DINNER_WORDS.search(a.name))
        end = s.set + SUNSET_EXCURSION_BACK + (90 if dines else 0)
    closes = _minutes_of(a.closes, 24 * 60)
    if _visit_window(a, LATE_NIGHT_END, best) is not None or closes > s.set:
        return SunTime(best=best, end=end, note=_sets(s.set), at=s.set)
    # It shuts before sunset: its last hours before then (Wat Arun shuts at 18:00).
    return SunTime(
        best=(s.set - 180, s.set),
        at=s.set,
        note=f"{_sets(s.set)}; shuts at {clock(closes)}",
        amiss=f"{a.name} shuts at {clock(closes)}, before the sun sets at {clock(s.set)} on "
        f"{when}: it is planned for its last hours before then.",
    )


def _sets(minute: int) -> str:
    return f"sunset {clock(minute)}"


def _suns(pool: list[Activity], day: date, tz: str | None) -> dict[str, SunTime]:
    """The day's sunset and sunrise sights, by id, and how the sun places each."""
    out = {}
    for a in pool:
        t = _sun_time(a, day, tz)
        if t is not None:
            out[a.id] = t
    return out


def _dusk(a: Activity, sun_of: dict[str, SunTime]) -> int | None:
    """When a sunset visit of ``a`` begins that day, taken as a show's hour (None: not one)."""
    t = sun_of.get(a.id)
    return t.best[0] if t is not None and t.best is not None and not a.show_time else None


def _after_dawn(begin: int, a: Activity, breakfast: tuple[str, int, int]) -> tuple[int, bool]:
    """(when the morning's visits may begin, whether breakfast is at the sight) after a dawn
    visit begun at ``begin``: breakfast follows it when it is over by ``BREAKFAST_BY``, else
    it is eaten there, and the morning goes on a quarter of an hour after either."""
    _, custom, length = breakfast
    end = begin + a.duration_minutes
    if end + 15 <= BREAKFAST_BY:
        return max(custom, end + 15) + length + 15, False
    return end + 15, True


def _parts_fitting(
    a: Activity,
    day_parts: dict[str, tuple[int, int]],
    window_of: Callable[[Activity, int], tuple[int, int] | None],
) -> list[str]:
    """The parts of the day a visit of ``a`` fits in, within its hours and best time."""
    window = window_of(a, day_parts["evening"][1])
    if window is None:
        return []
    out = []
    for part, (p_lo, p_hi) in day_parts.items():
        release, close = window[0], window[1] + _held(a)
        if max(release, p_lo) + _held(a) > min(close, p_hi):
            continue
        if part == "evening" and not _after_dark(a):
            continue
        out.append(part)
    return out


LONG_VISIT_MINUTES = 150
DINNER_WORDS = re.compile(r"(?i)\b(?:dinner|feast|luau|asado|hangi|boma|barbecue|braai)\b")


def _long_visit(a: Activity) -> bool:
    """Whether ``a``, fitting in no part of the day, is a long visit that takes the day
    instead: a four-hour zoo that shuts at five, the Statue of Liberty's ferries and Ellis
    Island, a five-hour hike best begun in the morning, a sunset excursion over dinner.
    A show at a fixed hour or a night out is not; it is placed at its hour or not at all."""
    if a.show_time or _is_night(a) or a.duration_minutes < LONG_VISIT_MINUTES:
        return False
    opens = _minutes_of(a.opens, 0)
    closes = _minutes_of(a.closes, 24 * 60)
    late = _late_end(a)
    if late is not None:
        return min(closes, late) - a.duration_minutes >= max(opens, 12 * 60)
    return max(opens, DAY_OPEN) + a.duration_minutes <= closes


def _long_morning(a: Activity) -> bool:
    """A long visit begun in the morning (not a sunset or evening excursion): it is the
    day's morning and its lunch, and the afternoon follows it."""
    return _long_visit(a) and not is_full_day(a) and _late_end(a) is None


def _long_span(a: Activity) -> tuple[int, int]:
    """(start, end) of a long morning visit: from opening (nine at the earliest)."""
    begin = max(DAY_OPEN, _minutes_of(a.opens, 0))
    return begin, begin + a.duration_minutes


def _after_long(a: Activity, lunch: tuple[str, int, int]) -> int:
    """When the afternoon may begin after a long morning visit: after lunch once it is over,
    or a quarter of an hour after it when it runs past lunch (eaten at the sight)."""
    _, custom, length = lunch
    end = _long_span(a)[1]
    if end > custom + 30:
        return end + 15
    return max(end + 60, custom + length)


def _early_show(
    a: Activity, day_parts: dict[str, tuple[int, int]], dusk: int | None = None
) -> int | None:
    """The hour of a show that begins before the evening part does (a Broadway curtain at
    seven, a luau at half past five, flamenco at nine where dinner is at half past eight),
    when it does; it is then the day's evening, with dinner before it, after it, or at it.
    A sunset visit that falls across dinner (Oia's, 19:25-20:55, where dinner is at half past
    eight) is one at ``dusk``, its start that day."""
    if not a.show_time and dusk is None:
        return None
    at = _minutes_of(a.show_time, -1) if a.show_time else dusk or 0
    if not (16 * 60 <= at < day_parts["evening"][0]) or at + _held(a) > day_parts["evening"][1]:
        return None
    return at


def _show_end(a: Activity, begin: int) -> int:
    """When an early show is over (it is the day's evening, so it holds all of it), by
    midnight in the plan."""
    return min(begin + a.duration_minutes, 24 * 60 - 1)


def _show_plan(
    a: Activity,
    day_meals: tuple[tuple[str, int, int], ...],
    day_parts: dict[str, tuple[int, int]],
    dusk: int | None = None,
) -> tuple[int, int, str]:
    """(dinner's start, the hour the afternoon is over by, where dinner is) on an early
    show's day: at the show when it serves dinner, after it when it is over by half an hour
    past the usual dinner hour (an hour and a half after a sunset), else before it, ending a
    quarter of an hour before curtain."""
    at = _early_show(a, day_parts, dusk) or 0
    _, custom, length = day_meals[2]
    if "food" in a.tags or DINNER_WORDS.search(a.name):
        return at, at - 15, "at the show"
    if _show_end(a, at) <= custom + (30 if dusk is None else 90):
        return _show_end(a, at) + 15, at - 15, "after the show"
    return at - 15 - length, at - 30 - length, "before the show"


def _minutes_of(text: str | None, default: int) -> int:
    """Minutes past midnight of "HH:MM" (the default when unknown; "00:00" closes at midnight)."""
    if not text:
        return default
    try:
        hh, mm = text.strip()[:5].split(":")
        value = int(hh) * 60 + int(mm)
    except ValueError:
        return default
    return value if value > 0 or default == 0 else 24 * 60


def _after_dark(a: Activity) -> bool:
    """Whether a sight is for the evening: its best time, nightlife, or its name says so."""
    name = a.name.lower()
    return (
        a.best_time in ("evening", "sunset", "night")
        or "nightlife" in a.tags
        or any(w in name for w in ("evening", "night", "sunset", "show"))
    )


def _dominated(options: list[Opt], at_least: Callable[[Opt, Opt], bool]) -> list[Opt]:
    """The options no other can replace: one is dropped when another costs no more, is
    worth no fewer points and is ``at_least`` as good in every other way (the first of equals
    is kept). Exactly one option of the group is chosen, so a dropped one never could be."""

    def better(a: Opt, ia: int, b: Opt, ib: int) -> bool:
        if a.spend > b.spend or a.value < b.value or not at_least(a, b):
            return False
        if a.spend < b.spend or a.value > b.value or not at_least(b, a):
            return True
        return ia < ib  # alike in every way: the first stays

    return [
        b
        for ib, b in enumerate(options)
        if not any(better(a, ia, b, ib) for ia, a in enumerate(options) if ia != ib)
    ]


def _freer(effects: dict[int, list[tuple[int, int, bool]]]) -> Callable[[Opt, Opt], bool]:
    """Whether leg ``a`` is as good as ``b`` for the days: the same first night booked, the
    same dates of leaving and landing, and at least as much free time every day."""

    def freer(a: Opt, b: Opt) -> bool:
        if a.booking != b.booking or (a.times is None) != (b.times is None):
            return False
        if a.times is not None and b.times is not None:
            dates = (a.times.depart.date(), a.times.arrive.date())
            if dates != (b.times.depart.date(), b.times.arrive.date()):
                return False
        return all(
            ea[0] <= eb[0] and ea[1] >= eb[1] and ea[2] <= eb[2]
            for ea, eb in zip(effects[id(a)], effects[id(b)], strict=True)
        )

    return freer


def _undominated(p: Problem) -> Problem:
    """The problem without the legs and stays that cannot be chosen (``_dominated``).

    A leg is as good as another when it books the same first night, leaves and lands on the
    same dates and leaves every day of the trip at least as much free time; a stay, within
    its group (one city's dates), when it is no dearer and worth as many points."""
    last = len(p.legs) - 1
    legs = []
    for j, options in enumerate(p.legs):
        homeward = p.home_leg and j == last and j > 0
        effects = {
            id(o): [
                leg_effect(day, o.times, j, homeward=homeward) if o.times else (0, 24 * 60, False)
                for day, _ in p.days
            ]
            for o in options
        }

        legs.append(_dominated(options, _freer(effects)))
    stays = [replace(g, options=_dominated(g.options, lambda a, b: True)) for g in p.stays]
    return replace(p, legs=legs, stays=stays)


def solve(problem: Problem, longer: float = 1.0) -> Solution:
    """The best trip within the problem's cap, chosen and scheduled in one CP-SAT model,
    searched for ``longer`` times the usual time limit."""
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    p = _undominated(problem)
    m = cp_model.CpModel()
    terms: list[tuple[Any, int]] = []  # (variable or expression, objective coefficient)
    cost_terms: list[tuple[Any, int]] = []  # (variable, cents)
    ticket_terms: list[tuple[Any, int]] = []  # paid visits (variable, cents)
    constant_cents = round(p.fixed_cost * 100)
    travelers = p.travelers

    value_terms: list[tuple[Any, int]] = []  # the traveller's points alone, for the score

    def coef(value: float, cost: float) -> int:
        return round(POINT * value - POINT * SPEND_POINTS * cost / max(p.cap, 1.0))

    def add(var: Any, value: float, cost: float) -> None:
        terms.append((var, coef(value, cost)))
        value_terms.append((var, round(POINT * value)))

    # --- legs ---------------------------------------------------------------------------
    x_leg: list[list[Any]] = []
    last = len(p.legs) - 1
    for j, options in enumerate(p.legs):
        row = [m.new_bool_var(f"leg{j}_{o}") for o in range(len(options))]
        m.add_exactly_one(row)
        for var, opt in zip(row, options, strict=True):
            add(var, opt.value, opt.spend)
            cost_terms.append((var, round(opt.spend * 100)))
        x_leg.append(row)

    # --- stays --------------------------------------------------------------------------
    x_stay: list[list[Any]] = []
    bookings = sorted({o.booking for o in p.legs[0]}) if p.legs else [0]
    for g, group in enumerate(p.stays):
        row = [m.new_bool_var(f"stay{g}_{o}") for o in range(len(group.options))]
        if group.booking is None or not p.legs:
            m.add_exactly_one(row)
        else:
            chosen = [
                x for x, o in zip(x_leg[0], p.legs[0], strict=True) if o.booking == group.booking
            ]
            m.add(sum(row) == sum(chosen))
        for var, opt in zip(row, group.options, strict=True):
            add(var, opt.value, opt.cost)
            cost_terms.append((var, round(opt.cost * 100)))
        x_stay.append(row)
    # An outbound whose first night has no stay group (a zero-night first city) is fine.
    del bookings

    # A hint: each leg's and stay's best option for its points less its money. The search
    # starts from a sensible trip rather than the first one it stumbles on.
    def net(o: Opt) -> float:
        return o.value - SPEND_POINTS * o.spend / max(p.cap, 1.0)

    def pick(options: list[Opt], cheap: bool) -> int:
        if cheap:
            return min(range(len(options)), key=lambda k: (options[k].spend, -options[k].value))
        return max(range(len(options)), key=lambda k: (net(options[k]), -k))

    def hint_picks(cheap: bool) -> tuple[list[int], list[int | None], float]:
        legs = [pick(options, cheap) for options in p.legs]
        first = p.legs[0][legs[0]].booking if p.legs else None
        stays = [
            pick(g.options, cheap) if g.booking is None or g.booking == first else None
            for g in p.stays
        ]
        spent = sum(o[k].spend for o, k in zip(p.legs, legs, strict=True)) + sum(
            g.options[k].cost for g, k in zip(p.stays, stays, strict=True) if k is not None
        )
        return legs, stays, spent

    # With the day's meals and sights still to pay, a hint that spends most of the cap is
    # likely over it: start from the cheapest travel and stays then.
    meals_floor = p.fixed_cost + sum(
        p.way(c, meal) * p.travelers for _, c in p.days for meal in ("breakfast", "lunch", "dinner")
    )
    leg_hint, stay_hint, spent = hint_picks(False)
    if spent + meals_floor > 0.85 * p.cap:
        leg_hint, stay_hint, _ = hint_picks(True)
    for row, best in zip(x_leg, leg_hint, strict=True):
        for k, var in enumerate(row):
            m.add_hint(var, k == best)
    for row, chosen in zip(x_stay, stay_hint, strict=True):
        for k, var in enumerate(row):
            m.add_hint(var, k == chosen)

    # --- days ---------------------------------------------------------------------------
    layouts: dict[str, tuple[int, dict[str, int]]] = {}
    windows: dict[tuple[str, int, tuple[int, int] | None], tuple[int, int] | None] = {}

    def windows_for(
        sun_of: dict[str, SunTime],
    ) -> Callable[[Activity, int], tuple[int, int] | None]:
        """A day's visit windows: each sight's, around that day's sunset for a sunset one."""

        def window_of(a: Activity, night_end: int) -> tuple[int, int] | None:
            t = sun_of.get(a.id)
            key = (a.id, night_end, t.best if t else None)
            if key not in windows:
                windows[key] = _visit_window(a, night_end, key[2])
            return windows[key]

        return window_of

    plan_vars: list[dict[str, Any]] = []
    meal_slots: dict[tuple[str, str], list[Any]] = {}
    at_sight: dict[str, list[Any]] = {}
    acts_days: dict[str, list[Any]] = {}
    for i, (day, city) in enumerate(p.days):
        day_meals, day_parts = meals_and_parts(p.countries.get(city))
        affecting: list[tuple[int, list[tuple[int, int, bool]]]] = []
        for j, options in enumerate(p.legs):
            homeward = p.home_leg and j == last and j > 0
            effects = [
                leg_effect(day, o.times, j, homeward=homeward) if o.times else (0, 1440, False)
                for o in options
            ]
            if any(e != (0, 24 * 60, False) for e in effects):
                affecting.append((j, effects))
        fixed = not affecting
        lo_v = m.new_int_var(0, 24 * 60, f"lo{i}") if not fixed else 0
        hi_v = m.new_int_var(0, 24 * 60, f"hi{i}") if not fixed else 24 * 60
        away: Any = 0
        if affecting:
            away_parts = []
            for j, effects in affecting:
                m.add(lo_v >= sum(x * e[0] for x, e in zip(x_leg[j], effects, strict=True)))
                m.add(hi_v <= sum(x * e[1] for x, e in zip(x_leg[j], effects, strict=True)))
                if any(e[2] for e in effects):
                    away_parts.append(
                        sum(x for x, e in zip(x_leg[j], effects, strict=True) if e[2])
                    )
            if away_parts:
                away = m.new_bool_var(f"away{i}")
                for part in away_parts:
                    m.add(away >= part)
                m.add(away <= sum(away_parts))
        day_vars: dict[str, Any] = {"lo": lo_v, "hi": hi_v, "away": away, "meals": {}}

        # Sights of the day's city, open that day, in the parts of the day they fit.
        pool = [a for a in p.activities.get(city, []) if not p.closed(a, day)]
        sun_of = _suns(pool, day, p.timezones.get(city))
        window_of = windows_for(sun_of)
        if city not in layouts:  # the city's hop and neighbourhoods, once per city
            everything = p.activities.get(city, [])
            layouts[city] = _city_layout(everything)
        buffer, clusters = layouts[city]
        visits: list[tuple[Activity, Any, str | None]] = []  # (sight, chosen, part)
        full_vars: list[Any] = []
        by_part: dict[str, list[tuple[Activity, Any, bool]]] = {}
        shows: list[tuple[Activity, Any]] = []  # shows at an hour before the evening part
        longs: list[tuple[Activity, Any]] = []  # long visits that take the morning and lunch
        late_full: list[Any] = []  # whole-day excursions that run into the evening
        dawns: list[tuple[Activity, Any, int]] = []  # visits at dawn, before breakfast
        for a in pool:
            value = p.activity_value.get(a.id, 0.0)
            dawn = sun_of[a.id].begin if a.id in sun_of else None
            fitting = (
                []
                if is_full_day(a) or dawn is not None
                else _parts_fitting(a, day_parts, window_of)
            )
            if dawn is not None and not is_full_day(a):
                # At sunrise, the day's free time from then until it is over: never on a
                # day that begins with a landing or a light morning after a night flight.
                z = m.new_bool_var(f"dawn{i}_{a.id}")
                if not fixed:
                    m.add(lo_v <= dawn).only_enforce_if(z)
                    m.add(hi_v >= dawn + a.duration_minutes).only_enforce_if(z)
                if not isinstance(away, int):
                    m.add_implication(z, away.Not())
                dawns.append((a, z, dawn))
                options = [(z, "dawn")]
            elif not fitting and _long_morning(a):
                z = m.new_bool_var(f"long{i}_{a.id}")
                begin, finish = _long_span(a)
                if not fixed:
                    m.add(lo_v <= begin).only_enforce_if(z)
                    m.add(hi_v >= finish).only_enforce_if(z)
                if not isinstance(away, int):
                    m.add_implication(z, away.Not())
                longs.append((a, z))
                options = [(z, "long")]
            elif not fitting and (is_full_day(a) or _long_visit(a)):
                f = m.new_bool_var(f"f{i}_{a.id}")
                back = sun_of[a.id].end if a.id in sun_of else None
                if not fixed and dawn is not None:  # a whole day begun at dawn (Mount Sinai)
                    m.add(lo_v <= dawn).only_enforce_if(f)
                if not fixed and back is not None:  # a sunset excursion, back after dark
                    m.add(hi_v >= back).only_enforce_if(f)
                if not fixed:
                    # From 10:00, or from 10:30 on a light first morning at a price: better a
                    # late start to the day trip than a day with nothing in it.
                    late = m.new_bool_var(f"fl{i}_{a.id}")
                    m.add(lo_v <= 10 * 60).only_enforce_if([f, late.Not()])
                    m.add(lo_v <= LIGHT_START).only_enforce_if(f)
                    m.add_implication(late, f)
                    add(late, -W_LATE_FULL_DAY, 0.0)
                    m.add(hi_v >= 18 * 60).only_enforce_if(f)
                if not isinstance(away, int):
                    m.add_implication(f, away.Not())
                options = [(f, None)]
                full_vars.append(f)
                if (
                    _late_end(a) is not None
                    or DAY_OPEN + a.duration_minutes > day_parts["evening"][0]
                ):
                    late_full.append(f)  # a sunset excursion, or a day trip of twelve hours
            elif not fitting and _early_show(a, day_parts, _dusk(a, sun_of)) is not None:
                z = m.new_bool_var(f"show{i}_{a.id}")
                if not isinstance(away, int):
                    m.add_implication(z, away.Not())
                shows.append((a, z))
                options = [(z, "show")]
            else:
                options = []
                for part in fitting:
                    release = window_of(a, day_parts["evening"][1])[0]  # type: ignore[index]
                    z = m.new_bool_var(f"z{i}_{part}_{a.id}")
                    if not isinstance(away, int):
                        m.add_implication(z, away.Not())
                    by_part.setdefault(part, []).append((a, z, release > day_parts[part][0]))
                    options.append((z, part))
            for var, part in options:
                visits.append((a, var, part))
                add(var, value, a.cost * travelers)
                if a.cost > 0:
                    ticket_terms.append((var, round(a.cost * travelers * 100)))
                acts_days.setdefault(a.id, []).append(var)
        count = sum(v for _, v, _ in visits)
        lighter = (
            sum(
                x
                for x, o in zip(x_leg[0], p.legs[0], strict=True)
                if o.times is not None and o.times.arrive.date() == day
            )
            if p.legs
            else 0
        )
        used: dict[int, Any] = {}
        if visits:
            m.add(count <= p.pace - (lighter if p.pace > 1 else 0))
            # A long morning visit is the day's morning (the afternoon begins after it), and
            # a show before the evening part is the day's evening, after a day in town.
            for taking, part_taken in ((longs, "morning"), (shows, "evening")):
                if taking:
                    m.add_at_most_one([z for _, z in taking])
                    for _, v, part in visits:
                        if part in (part_taken, None):
                            for _, z in taking:
                                m.add(v + z <= 1)
            # One dawn a day, and not before a whole day away or a long morning visit.
            if dawns:
                m.add_at_most_one([z for _, z, _ in dawns])
                for _, z, _ in dawns:
                    for f in full_vars:
                        m.add(z + f <= 1)
                    for _, zl in longs:
                        m.add(z + zl <= 1)
            # A night out that goes on past the evening it holds is the evening's last.
            evening = [v for _, v, part in visits if part == "evening"]
            for a, v, part in visits:
                if part == "evening" and _held(a) < a.duration_minutes and len(evening) > 1:
                    m.add(sum(evening) <= 1).only_enforce_if(v)
            if full_vars:
                daytime = sum(v for _, v, part in visits if part in ("morning", "afternoon"))
                m.add(daytime <= p.pace * (1 - sum(full_vars)))
                # Not a night out past midnight after a whole day away, and no evening
                # visit after an excursion that runs into the evening.
                for a, v, part in visits:
                    if part == "evening" and _held(a) < a.duration_minutes:
                        m.add(v + sum(full_vars) <= 1)
                    elif part == "evening" and late_full:
                        m.add(v + sum(late_full) <= 1)
            # Neighbourhoods: each one a day uses beyond the first costs a little, and time.
            for a, v, _ in visits:
                c = clusters.get(a.id, 0)
                if c not in used:
                    used[c] = m.new_bool_var(f"u{i}_{c}")
                    add(used[c], -W_SPREAD, 0.0)
                m.add_implication(v, used[c])
            # A whole day (the legs leave it 10:30-18:00 free) with nothing to do costs dear.
            whole: Any = 1
            if not fixed:
                whole = m.new_bool_var(f"whole{i}")
                parts = []
                for j, effects in affecting:
                    ok = [not e[2] and e[0] <= LIGHT_START and e[1] >= 18 * 60 for e in effects]
                    part_sum = sum(x for x, good in zip(x_leg[j], ok, strict=True) if good)
                    m.add(whole <= part_sum)
                    parts.append(part_sum)
                m.add(whole >= sum(parts) - (len(parts) - 1))
            empty = m.new_bool_var(f"empty{i}")
            m.add(count >= whole - empty)
            add(empty, -W_EMPTY_DAY, 0.0)
        hop = sum(used.values()) if used else 0
        # Each part of the day holds its visits in order of closing time (earliest first),
        # each with the walk or ride after it, and a visit that opens later than the part
        # starts comes last: linear, so the bound stays tight.
        part_bounds: dict[str, tuple[Any, Any]] = {}
        for part, entries in by_part.items():
            p_lo, p_hi = day_parts[part]
            start = lo_v if not fixed else p_lo
            if not fixed:
                s_var = m.new_int_var(p_lo, 24 * 60, f"ps{i}_{part}")
                m.add(s_var >= lo_v)
                e_var = m.new_int_var(0, p_hi, f"pe{i}_{part}")
                m.add(e_var <= hi_v)
                start, end = s_var, e_var
            else:
                start, end = p_lo, p_hi
            part_bounds[part] = (start, end)
            if part == "afternoon" and longs:
                p_lunch = day_meals[1]
                start = start + sum(z * max(0, _after_long(a, p_lunch) - p_lo) for a, z in longs)
            if part == "morning" and dawns:
                start = start + sum(
                    z * max(0, _after_dawn(b, a, day_meals[0])[0] - p_lo) for a, z, b in dawns
                )
            normal = sorted(
                [(a, z) for a, z, late in entries if not late],
                key=lambda az: (window_of(az[0], p_hi)[1] + _held(az[0]), az[0].id),  # type: ignore[index]
            )
            lates = [(a, z) for a, z, late in entries if late]
            moved = 30 * (hop - 1) if part != "evening" and used else 0
            load = 0
            for a, z in normal:
                load = load + (_held(a) + buffer) * z
                close = min(window_of(a, p_hi)[1] + _held(a), p_hi)  # type: ignore[index]
                if close < p_hi:  # closes before the part ends: done by then, with those before
                    m.add(start + load <= close + buffer).only_enforce_if(z)
            if normal:
                busy = m.new_bool_var(f"busy{i}_{part}")
                m.add_max_equality(busy, [z for _, z in normal])
                m.add(start + load + moved <= end + buffer).only_enforce_if(busy)
            if lates:
                m.add_at_most_one([z for _, z in lates])
                for a, z in lates:
                    release = window_of(a, p_hi)[0]  # type: ignore[index]
                    m.add(start + load <= release).only_enforce_if(z)
                    m.add(release + _held(a) <= end).only_enforce_if(z)
            if part == "afternoon":
                # The afternoon is over in time for the show, and for dinner before it.
                for a, z in shows:
                    by = _show_plan(a, day_meals, day_parts, _dusk(a, sun_of))[1]
                    if normal:
                        m.add(start + load + moved <= by + buffer).only_enforce_if([busy, z])
                    for b, zl in lates:
                        if window_of(b, p_hi)[0] + _held(b) > by:  # type: ignore[index]
                            m.add(zl + z <= 1)
        for a, z in shows:
            begin = _early_show(a, day_parts, _dusk(a, sun_of))
            if not fixed:
                m.add(hi_v >= _show_end(a, begin)).only_enforce_if(z)  # type: ignore[arg-type]
                by = _show_plan(a, day_meals, day_parts, _dusk(a, sun_of))[1]
                m.add(lo_v <= by).only_enforce_if(z)
        day_vars["visits"] = visits
        day_vars["sun"] = sun_of
        day_vars["parts"] = part_bounds
        day_vars["buffer"] = buffer

        # Meals: in town when the day's free time holds them, on the way or on board if not.
        for label, at, length in day_meals:
            way = p.way(city, label) * travelers
            if fixed:
                intown: Any = 1
            else:
                intown = m.new_bool_var(f"in{i}_{label}")
                parts = []
                for j, effects in affecting:
                    free = [not e[2] and e[0] <= at and at + length <= e[1] for e in effects]
                    part_sum = sum(x for x, ok in zip(x_leg[j], free, strict=True) if ok)
                    m.add(intown <= part_sum)
                    parts.append(part_sum)
                m.add(intown >= sum(parts) - (len(parts) - 1))
            # Which restaurant is decided per city and meal as counts (below): the days of a
            # city are alike for it, and counting removes that symmetry from the search.
            meal_slots.setdefault((city, label), []).append(intown)
            if label == "lunch" and full_vars:
                at_sight.setdefault(city, []).extend(full_vars)
            # Every meal not at a restaurant (and not on board) is budgeted like ``way``.
            cents = round(way * 100)
            constant_cents += cents
            if not isinstance(away, int):
                cost_terms.append((away, -cents))
                terms.append((away, round(POINT * SPEND_POINTS * way / max(p.cap, 1.0))))
            day_vars["meals"][label] = intown
        plan_vars.append(day_vars)

    for acts in acts_days.values():
        if len(acts) > 1:
            m.add_at_most_one(acts)
    # Restaurants: how many of a city's lunches (dinners...) each one takes.
    counts: dict[tuple[str, str], list[tuple[Restaurant, Any]]] = {}
    uses: dict[str, list[Any]] = {}
    for (city, label), slots in meal_slots.items():
        way = p.way(city, label) * travelers
        row = []
        for r in p.restaurants.get(city, []):
            if not serves(r, label):
                continue
            n = m.new_int_var(0, len(slots), f"n_{label}_{r.id}")
            row.append((r, n))
            uses.setdefault(r.id, []).append(n)
            # Eating here rather than on the way: its value, and the difference in price.
            add(n, p.meal_value.get(r.id, 0.0), r.average_cost * travelers - way)
            cost_terms.append((n, round((r.average_cost * travelers - way) * 100)))
        if row:
            sights = at_sight.get(city, []) if label == "lunch" else []
            # A meal not at one of them is eaten near the stay or as the traveller likes, at
            # the ``way`` price: better that than the same place again and again.
            m.add(sum(n for _, n in row) <= sum(slots) - sum(sights))
        counts[(city, label)] = row
    for ns in uses.values():
        extra = m.new_int_var(0, 1000, "rep")
        m.add(extra >= sum(ns) - 1)
        add(extra, -W_REPEAT, 0.0)

    # --- money --------------------------------------------------------------------------
    # Weighted sums built at once (a Python sum of products nests one expression per term).
    def weighted(pairs: list[tuple[Any, int]]) -> Any:
        return cp_model.LinearExpr.weighted_sum([v for v, _ in pairs], [c for _, c in pairs])

    spend = weighted(cost_terms) + constant_cents
    tickets = weighted(ticket_terms)
    cap_cents = round(p.cap * 100)
    over = None
    # The cap is soft in the model, its overrun weighed above every point, so any choice is
    # a solution and the search starts at once; when the cheapest trip fits, so does the plan.
    most = constant_cents + sum(max(c, 0) for _, c in cost_terms + ticket_terms)
    over = m.new_int_var(0, max(0, most), "over")
    if p.hard_cap:
        m.add(spend + tickets <= cap_cents + over)
    else:
        # Over the cap anyway: the least over it, with the free sights and the cheap ones the
        # trip is for, a few per cent of the cap at most.
        m.add(spend <= cap_cents + over)
        m.add(tickets <= round(p.ticket_allowance * 100))
    objective = weighted(terms)
    weight = 1 + sum(abs(c) for _, c in terms)
    objective = objective - weight * over
    m.maximize(objective)

    built = time.perf_counter() - started
    limit = longer * DETERMINISTIC_LIMIT * _length_scale(len(p.days))
    solver, status = _run(m, limit)
    if status == cp_model.UNKNOWN:
        # Nothing found in the short limit (a long trip on a busy machine): look longer once.
        solver, status = _run(m, limit * 4)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise Infeasible(name)
    del built

    legs = [
        options[next(o for o, x in enumerate(row) if solver.boolean_value(x))]
        for options, row in zip(p.legs, x_leg, strict=True)
    ]
    stays = []
    for group, row in zip(p.stays, x_stay, strict=True):
        for opt, x in zip(group.options, row, strict=True):
            if solver.boolean_value(x):
                stays.append((group, opt))
    queues = _meal_queues(counts, solver)
    stay_of = {id(g): o.payload[0] for g, o in stays}
    days: list[PlannedDay] = []
    sun_notes: list[str] = []
    missed: dict[str, list[str]] = {}  # sun sights whose hour a day's free time missed: why
    in_time: set[str] = set()  # those some day had the time for
    for (day, city), dv in zip(p.days, plan_vars, strict=True):
        day_meals, day_parts = meals_and_parts(p.countries.get(city))
        sun_of = dv["sun"]
        window_of = windows_for(sun_of)
        away = bool(solver.value(dv["away"])) if not isinstance(dv["away"], int) else False
        # The day's free time from the legs chosen (the model's bounds may be looser).
        lo, hi = 0, 24 * 60
        for j, opt in enumerate(legs):
            if opt.times is not None:
                homeward = p.home_leg and j == last and j > 0
                e = leg_effect(day, opt.times, j, homeward=homeward)
                lo, hi = max(lo, e[0]), min(hi, e[1])
        items: list[PlannedItem] = []
        full = False
        late: tuple[int, int] | None = None  # a sunset excursion's hours, if the day has one
        back: int | None = None  # when a day trip longer than the day is over
        dines = False  # whether that excursion serves dinner
        show: tuple[Activity, tuple[int, int, str]] | None = None  # an early show, its dinner
        long_visit: Activity | None = None  # a long morning visit
        dawn_visit: tuple[int, int, bool] | None = None  # (begin, morning from, breakfast there)
        chosen: dict[str, list[Activity]] = {}
        for a_id, t in sun_of.items():
            why = _sun_missed(t, day, lo, hi, away)
            if why:
                missed.setdefault(a_id, []).append(why)
            else:
                in_time.add(a_id)
        for a, v, part in dv["visits"]:
            if not solver.boolean_value(v):
                continue
            sunlit = sun_of.get(a.id)
            if sunlit is not None and sunlit.amiss:
                sun_notes.append(sunlit.amiss)
            if part is None:
                full = True
                begin = max(DAY_OPEN, lo)
                if sunlit is not None and sunlit.begin is not None:  # up before the sun
                    begin = max(lo, sunlit.begin)
                finish, note = max(begin + a.duration_minutes, 17 * 60 + 30), "the whole day"
                if _late_end(a) is not None:
                    # A sunset or evening excursion (a desert sunset, a night safari) runs
                    # from the afternoon to its end, not from breakfast: the day is still
                    # its, but lunch is in town and dinner after it (or at it, when it
                    # serves one: a Bedouin dinner, a cooking class, a luau).
                    end = sunlit.end if sunlit is not None and sunlit.end else _late_end(a)
                    finish = min(hi, end or 0, _minutes_of(a.closes, 1440))
                    begin = max(begin, finish - a.duration_minutes)
                    finish = begin + a.duration_minutes
                    late = (begin, finish)
                    note = "from the afternoon into the evening"
                    dines = "food" in a.tags or bool(DINNER_WORDS.search(a.name))
                else:
                    back = finish  # Abu Simbel from Aswan: twelve hours, dinner after it
                items.append(_visit(a, begin, finish, travelers, _sun_note(note, sunlit)))
            elif part == "dawn":
                begin = sunlit.begin if sunlit is not None and sunlit.begin is not None else 0
                after, there = _after_dawn(begin, a, day_meals[0])
                dawn_visit = (begin, after, there)
                end = begin + a.duration_minutes
                items.append(_visit(a, begin, end, travelers, _sun_note(None, sunlit)))
            elif part == "long":
                begin, finish = _long_span(a)
                long_visit = a
                items.append(_visit(a, begin, finish, travelers, "a long visit: the morning"))
            elif part == "show":
                begin = _early_show(a, day_parts, _dusk(a, sun_of)) or 0
                show = (a, _show_plan(a, day_meals, day_parts, _dusk(a, sun_of)))
                end = _show_end(a, begin)
                note = _until(a, begin) if end < begin + a.duration_minutes else None
                items.append(_visit(a, begin, end, travelers, _sun_note(note, sunlit)))
            else:
                chosen.setdefault(part, []).append(a)
        for part, acts in chosen.items():
            t = max(day_parts[part][0], lo)  # as early as the part and the day allow
            if part == "afternoon" and long_visit is not None:
                t = max(t, _after_long(long_visit, day_meals[1]))
            if part == "morning" and dawn_visit is not None:
                t = max(t, dawn_visit[1])
            window = {a.id: window_of(a, day_parts["evening"][1]) for a in acts}
            p_lo = day_parts[part][0]
            acts.sort(key=lambda a: (window[a.id][0] > p_lo, window[a.id][1] + _held(a), a.id))  # type: ignore[index]
            previous: Activity | None = None
            for a in acts:
                if previous is not None:
                    # The real hop from the last visit, as the model allowed for it.
                    t += min(max(0, travel_minutes(_km(previous, a)) - dv["buffer"]), 30)
                begin = max(t, window[a.id][0])  # type: ignore[index]
                note = _sun_note(_until(a, begin), sun_of.get(a.id))
                items.append(_visit(a, begin, begin + _held(a), travelers, note))
                t = begin + _held(a) + dv["buffer"]
                previous = a
        if not away:
            lunch_id: str | None = None
            ends = _part_ends(items)
            for label, custom, length in day_meals:
                way = p.way(city, label) * travelers
                at = _meal_start(label, custom, length, ends, day_parts)
                # A meal begun late, after a visit that ran over, ends when it would have.
                until = at + length if at <= custom else max(at + 30, custom + length)
                # Dinner at the excursion that serves one; else lunch before it, dinner after.
                dine_there = label == "dinner" and dines and late is not None and at < late[1]
                if label == "breakfast" and dawn_visit is not None:
                    # After the sunrise, or at it when the visit runs late into the morning.
                    dine_there = dawn_visit[2]
                    at = dawn_visit[1] - 15 - length
                    if dine_there:
                        at = max(dawn_visit[0], at - 30)
                    until = at + length
                elif dine_there:
                    at, until = max(late[0], late[1] - length), late[1]  # type: ignore[index]
                elif (
                    label == "lunch"
                    and long_visit is not None
                    and _long_span(long_visit)[1] > custom + 30
                ):
                    at, until, dine_there = custom, custom + length, True  # at the sight
                elif label == "dinner" and show is not None:
                    at, until = show[1][0], show[1][0] + length
                    dine_there = show[1][2] == "at the show"
                    if dine_there:
                        until = at + min(length, _held(show[0]))
                elif label == "dinner" and back is not None and at < back:
                    at, until = back + 15, back + 15 + length
                elif late is not None and at < late[1] and until > late[0]:
                    at = late[1] + 15 if label == "dinner" else min(at, late[0] - length)
                    until = at + length
                intown = dv["meals"][label]
                here = solver.boolean_value(intown) if not isinstance(intown, int) else True
                queue = queues.get((city, label), [])
                picked = None
                # A whole day's lunch is eaten out (at the sight, or in town before a sunset
                # excursion), never at one of the counted restaurants.
                at_sight = (label == "lunch" and full and late is None) or dine_there
                if here and queue and not (label == "lunch" and full) and not dine_there:
                    # Not the place of today's lunch again, while the queue has another.
                    k = next((n for n, r in enumerate(queue) if r.id != lunch_id), 0)
                    picked = queue.pop(k)
                if label == "lunch":
                    lunch_id = picked.id if picked else None
                if picked is not None:
                    items.append(
                        PlannedItem(
                            kind="meal",
                            start=at,
                            end=until,
                            name=f"{label.capitalize()} at {picked.name}",
                            cost=round(picked.average_cost * travelers, 2),
                            ref=picked.id,
                            label=label.capitalize(),
                            restaurant=picked,
                        )
                    )
                    continue
                if not here:
                    what = "on the way"
                elif label == "breakfast" and not dine_there:
                    what = "near your stay"
                elif dine_there and show is not None and label == "dinner":
                    what = "at the show" if show[0].show_time else "at the sight"
                elif at_sight:
                    what = "at the sight"
                else:
                    what = "(your choice)"
                items.append(
                    PlannedItem(
                        kind="meal",
                        start=at,
                        end=until,
                        name=f"{label.capitalize()} {what}",
                        cost=round(way, 2),
                        label=label.capitalize(),
                    )
                )
        for group in p.stays:
            stay = stay_of.get(id(group))
            if stay is None:
                continue
            if group.check_in == day and group.city == city:
                first = legs[0].times if legs else None
                if group.position == 0 and first is not None and first.arrive.date() > day:
                    items.append(
                        PlannedItem(
                            kind="check_in",
                            start=CHECK_IN_FROM,
                            end=CHECK_IN_FROM,
                            name=f"Check in: {stay.name}",
                            ref=stay.id,
                            note="the room is held from tonight; you land in the night",
                        )
                    )
                else:
                    # Landed once rooms are ready: at the desk first (``leg_effect``).
                    desk = lo - DESK_MINUTES if lo >= CHECK_IN_FROM + DESK_MINUTES else lo
                    at = _gap(items, max(CHECK_IN_FROM, desk), DESK_MINUTES, 22 * 60)
                    items.append(
                        PlannedItem(
                            kind="check_in",
                            start=at,
                            end=at + DESK_MINUTES,
                            name=f"Check in: {stay.name}",
                            ref=stay.id,
                        )
                    )
            if group.check_out == day:
                latest = (
                    min(CHECK_OUT_BY, hi - DESK_MINUTES) if group.city == city else CHECK_OUT_BY
                )
                if group.position + 1 < len(legs) and legs[group.position + 1].times is not None:
                    leave = legs[group.position + 1].times
                    assert leave is not None
                    if leave.depart.date() == day:
                        # Before the ride to the airport (or station) leaves, not before
                        # a fixed three hours: the lead holds the transfer out too.
                        latest = min(
                            latest,
                            leave.depart.hour * 60 + leave.depart.minute - leave.lead_before - 15,
                        )
                at = _check_out_at(items, max(0, latest)) if group.city == city else max(0, latest)
                items.append(
                    PlannedItem(
                        kind="check_out",
                        start=at,
                        end=at + DESK_MINUTES,
                        name=f"Check out: {stay.name}",
                        ref=stay.id,
                    )
                )
        items.sort(key=lambda it: (it.start, it.kind != "check_out"))
        days.append(PlannedDay(date=day, city=city, away=away, items=items))

    total = (
        p.fixed_cost
        + sum(o.spend for o in legs)
        + sum(o.cost for _, o in stays)
        + sum(it.cost for d in days for it in d.items)
    )
    report = SolverReport(
        status=name,
        optimal=status == cp_model.OPTIMAL,
        seconds=round(time.perf_counter() - started, 4),
        time_limit=limit,
        variables=len(m.proto.variables),
        objective=round(solver.objective_value / POINT, 2),
        bound=round(solver.best_objective_bound / POINT, 2),
    )
    score = solver.value(weighted(value_terms)) / POINT
    STATS.record(report.seconds, report.optimal)
    return Solution(
        legs=legs,
        stays=stays,
        days=days,
        report=report,
        total=total,
        score=score,
        notes=list(dict.fromkeys(sun_notes)),
        missed={
            a_id: whys
            for a_id, whys in missed.items()
            if a_id not in in_time and not any(i.ref == a_id for d in days for i in d.items)
        },
    )


def _sun_missed(t: SunTime, day: date, lo: int, hi: int, away: bool) -> str | None:
    """Why ``day``'s free time (``lo``-``hi``, or a day away) misses a sight's sun, if it does."""
    when = f"{day:%a %d %b}"
    if away:
        return f"{when} is spent travelling"
    if t.begin is not None and lo > t.begin:
        return f"{when} is free from {clock(lo)}, after {clock(t.begin)}"
    if t.begin is None and t.at is not None and hi < t.at + SUNSET_KEPT:
        return f"{when} ends at {clock(hi)}, before the sunset at {clock(t.at)}"
    return None


def _sun_note(note: str | None, sunlit: SunTime | None) -> str | None:
    """A visit's note with the hour of the sunset or sunrise it is there for."""
    extra = sunlit.note if sunlit is not None else None
    return "; ".join(n for n in (extra, note) if n) or None


def _part_ends(items: list[PlannedItem]) -> list[int]:
    return sorted(i.end for i in items if i.kind == "activity")


def _meal_start(
    label: str, custom: int, length: int, ends: list[int], parts: dict[str, tuple[int, int]]
) -> int:
    """When a meal sits: at its custom, or up to half an hour sooner when the visits before
    it are over by then (lunch after a morning that ended at 11:40 is at noon, not 13:00),
    or after the last of them when the walks between them made it run past the custom."""
    if label == "breakfast":
        return custom
    before = "morning" if label == "lunch" else "afternoon"
    lo = parts[before][0]
    done = max((e for e in ends if lo < e <= custom + 30), default=None)
    if done is None:
        return custom
    if done + 10 > custom:  # the walks between them made the visits run over
        return min(done + 10, custom + length - 30)
    return max(custom - 30, min(custom, done + 15))


def _length_scale(days: int) -> float:
    """How many weeks' time limits a trip of ``days`` gets: one up to a week, then 0.6 more
    per further week (a fortnight 1.6). Measured on the benchmark's fortnights, their good
    plan comes at 0.06-0.075 deterministic seconds and twice a week's limit spent the rest
    proving nothing; a plan still far from its bound is searched again (``_refine``)."""
    return 1.0 + 0.6 * max(0.0, days / 7 - 1)


def _run(model: Any, limit: float) -> tuple[Any, int]:
    """Solve on one worker within ``limit`` deterministic seconds (the wall clock a guard)."""
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = limit
    solver.parameters.max_time_in_seconds = WALL_LIMIT_SECONDS
    solver.parameters.random_seed = 7
    solver.parameters.linearization_level = 2  # proves these models far sooner
    for key, value in TUNING.items():
        setattr(solver.parameters, key, value)
    return solver, solver.solve(model)


def _until(a: Activity, begin: int) -> str | None:
    """What a visit that goes on past the evening it holds says: until when."""
    if _held(a) >= a.duration_minutes:
        return None
    done = begin + a.duration_minutes
    how = "runs past midnight, " if done >= 24 * 60 else "on "
    done %= 24 * 60
    return f"{how}until about {done // 60:02d}:{done % 60:02d}"


def _visit(a: Activity, begin: int, end: int, travelers: int, note: str | None) -> PlannedItem:
    return PlannedItem(
        kind="activity",
        start=begin,
        end=end,
        name=a.name,
        cost=round(a.cost * travelers, 2),
        ref=a.id,
        activity=a,
        note=note,
    )


def _busy(items: list[PlannedItem]) -> list[tuple[int, int]]:
    """The spans a check-in or check-out cannot fall in: the visits and the meals."""
    return sorted((i.start, i.end) for i in items if i.kind in ("activity", "meal"))


EARLIEST_BREAKFAST = 6 * 60 + 30
MEAL_SHIFT = 45  # how much sooner a meal may be eaten so the check-out follows it


def _check_out_at(items: list[PlannedItem], latest: int) -> int:
    """When to check out by ``latest``, never during a visit or meal. A meal (breakfast,
    mostly) that runs past ``latest`` is eaten up to 45 minutes sooner, from 06:30 and after
    whatever comes before it, so the check-out follows it rather than interrupting it;
    failing that, the check-out comes before it."""
    meal = next(
        (
            i
            for i in items
            if i.kind == "meal" and i.start < latest + DESK_MINUTES and latest < i.end
        ),
        None,
    )
    if meal is not None:
        shift = meal.end - latest
        start = meal.start - shift
        spans = [i for i in items if i.kind in ("activity", "meal") and i is not meal]
        before = max((i.end for i in spans if i.end <= meal.start), default=0)
        clear = not any(i.start < latest + DESK_MINUTES and latest < i.end for i in spans)
        if shift <= MEAL_SHIFT and start >= max(EARLIEST_BREAKFAST, before) and clear:
            meal.start, meal.end = start, latest
            return latest
    return _gap_before(items, latest, DESK_MINUTES)


def _gap(items: list[PlannedItem], earliest: int, length: int, latest: int) -> int:
    """The first time from ``earliest`` when ``length`` minutes fall between visits and
    meals; past ``latest``, the last such time before it, else the end of the visit or meal
    then under way (never during one)."""
    at = earliest
    for lo, hi in _busy(items):
        if at + length <= lo:
            break
        at = max(at, hi)
    if at <= latest:
        return at
    sooner = _gap_before(items, latest, length)
    return sooner if sooner >= earliest else at


def _gap_before(items: list[PlannedItem], latest: int, length: int) -> int:
    """The latest time at or before ``latest`` when ``length`` minutes fall outside visits."""
    at = latest
    for lo, hi in sorted(_busy(items), reverse=True):
        if at >= hi or at + length <= lo:
            continue
        at = lo - length
    return max(0, at)


def _meal_queues(
    counts: dict[tuple[str, str], list[tuple[Restaurant, Any]]], solver: Any
) -> dict[tuple[str, str], list[Restaurant]]:
    """Each city's restaurants for a meal in day order: the chosen counts, spread out so the
    same place does not come round on consecutive days and lunch and dinner differ."""
    out: dict[tuple[str, str], list[Restaurant]] = {}
    for key, row in counts.items():
        bag = [(r, solver.value(n)) for r, n in row if solver.value(n) > 0]
        bag.sort(key=lambda rn: (-rn[1], rn[0].id))
        queue: list[Restaurant] = []
        while any(k for _, k in bag):
            for index, (r, k) in enumerate(bag):
                if k:
                    queue.append(r)
                    bag[index] = (r, k - 1)
        if key[1] == "dinner":
            queue = queue[1:] + queue[:1] if len(queue) > 1 else queue
        out[key] = queue
    return out


class Infeasible(Exception):
    """The model has no solution (or none found in time): the caller relaxes or says why."""
