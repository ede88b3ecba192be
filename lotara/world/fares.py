"""The offline fare model: what an economy seat costs and which flights plausibly exist.

A fare is a base from great-circle distance (tapering per km as flights get longer), times
factors for route type, season (month, the hemisphere of the destination, public holidays
at either end from the ``holidays`` package), weekday, lead time before departure and a
stable fluctuation keyed on (route, travel date, observation date). Asked twice on one day
the answer is the same; watched over days it drifts up and down around a trend that rises
as departure nears. Carriers are fictional and flight numbers made up, never a real
airline's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from lotara.world import noise
from lotara.world.public_holidays import holidays_of

CARRIERS: tuple[tuple[str, str], ...] = (
    ("Meridian Air", "MR"),
    ("Cirrus Atlantic", "CQ"),
    ("Solstice Airways", "SZ"),
    ("Halcyon Air", "HY"),
    ("Zephyr Jet", "ZJ"),
    ("Lumen Airlines", "LQ"),
    ("Tradewind Air", "TQ"),
    ("Corvid Airways", "CV"),
)
"""Fictional carriers: names no real airline flies under, two-letter prefixes for display."""

HUBS: tuple[str, ...] = (
    "DXB", "DOH", "IST", "FRA", "AMS", "CDG", "LHR", "MAD", "ZRH", "MUC", "HEL", "SIN",
    "HKG", "ICN", "HND", "TPE", "BKK", "KUL", "DEL", "PEK", "PVG", "SYD", "LAX", "SFO",
    "ORD", "ATL", "DFW", "JFK", "YYZ", "MIA", "MEX", "PTY", "BOG", "GRU", "JNB", "ADD",
    "CAI", "NBO", "SEA", "DEN", "IAH", "LIS", "FCO", "CPH", "VIE", "AKL", "MEL", "BOM",
)  # fmt: skip
"""Airports where connections are made; long non-stops need a hub at one end at least."""

CRUISE_KMH = 820.0
TAXI_MINUTES = 40  # taxi, climb and descent: what even a short hop costs
NONSTOP_LIMIT_KM = 15500.0

SEASON_NORTH = (0.85, 0.85, 0.95, 1.0, 1.0, 1.15, 1.25, 1.2, 0.95, 0.95, 0.88, 1.2)
SEASON_SOUTH = (1.2, 1.05, 0.95, 0.95, 0.88, 0.92, 1.05, 0.95, 0.92, 0.95, 1.0, 1.25)
WEEKDAY = (1.0, 0.92, 0.93, 1.0, 1.1, 0.97, 1.08)
"""Multipliers by month (Jan..Dec, by the destination's hemisphere) and weekday (Mon..Sun)."""

HOLIDAY_FACTOR = 1.12
DOMESTIC_FACTOR = 0.9
INTERNATIONAL_TAXES_USD = 40.0


@dataclass(frozen=True)
class Airport:
    """The few facts about an airport the fare model needs."""

    code: str
    country: str
    lat: float
    lon: float
    tz: str


def base_fare_usd(distance_km: float) -> float:
    """An average economy fare for ``distance_km``, before any factor (tapering per km)."""
    bands = ((800.0, 0.16), (2200.0, 0.10), (5000.0, 0.065), (math.inf, 0.05))
    fare, left = 35.0, distance_km
    for width, per_km in bands:
        step = min(left, width)
        fare += step * per_km
        left -= step
        if left <= 0:
            break
    return fare


def season_factor(day: date, lat: float) -> float:
    """How busy the month is at the destination (southern summers are December to February)."""
    table = SEASON_SOUTH if lat < -10 else SEASON_NORTH
    return table[day.month - 1]


def near_holiday(day: date, country: str) -> bool:
    """True when ``day`` is a public holiday in ``country`` or the day either side of one."""
    return any(
        d in holidays_of(country, d.year) for d in (day - timedelta(1), day, day + timedelta(1))
    )


def lead_factor(days_ahead: int) -> float:
    """Dearer as departure nears; flat from about two months out, a little dearer past 9 months."""
    factor = 1.0 + 0.9 * math.exp(-max(days_ahead, 0) / 12.0)
    if days_ahead > 270:
        factor += min(0.1, (days_ahead - 270) / 900)
    return factor


def fluctuation(route: str, day: date, observed: date) -> float:
    """The day's wobble: a weekly swell and a daily jitter, both fixed by their keys."""
    week = observed.toordinal() // 7
    slow = noise.between(-0.06, 0.06, "fare-week", route, day.isoformat(), week)
    fast = noise.between(-0.05, 0.05, "fare-day", route, day.isoformat(), observed.isoformat())
    return 1.0 + slow + fast


def fare_usd(a: Airport, b: Airport, day: date, observed: date) -> float:
    """One economy seat from ``a`` to ``b`` on ``day``, as quoted on ``observed``, in USD."""
    distance = distance_km(a, b)
    fare = base_fare_usd(distance)
    if a.country == b.country:
        fare *= DOMESTIC_FACTOR
    else:
        fare += INTERNATIONAL_TAXES_USD
    fare *= season_factor(day, b.lat)
    if near_holiday(day, a.country) or near_holiday(day, b.country):
        fare *= HOLIDAY_FACTOR
    fare *= WEEKDAY[day.weekday()]
    fare *= lead_factor((day - observed).days)
    fare *= fluctuation(f"{a.code}-{b.code}", day, observed)
    return fare


def distance_km(a: Airport, b: Airport) -> float:
    """Great-circle distance between two airports."""
    from lotara.world.places import haversine_km

    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def block_minutes(distance: float, eastbound: bool) -> int:
    """Gate-to-gate time: taxiing plus cruise, a little quicker with the jet stream."""
    cruise = distance / CRUISE_KMH * 60 * (0.95 if eastbound else 1.03)
    return int(round((TAXI_MINUTES + cruise) / 5.0) * 5)


@dataclass(frozen=True)
class Segment:
    """One flown leg with local departure and arrival times."""

    carrier: str
    number: str
    origin: Airport
    destination: Airport
    depart: datetime
    arrive: datetime

    @property
    def minutes(self) -> int:
        return int((self.arrive - self.depart).total_seconds() // 60)


def fly(carrier: tuple[str, str], a: Airport, b: Airport, depart: datetime, key: str) -> Segment:
    """A segment leaving ``a`` at ``depart`` (aware, local to ``a``)."""
    eastbound = ((b.lon - a.lon + 540) % 360) - 180 > 0
    minutes = block_minutes(distance_km(a, b), eastbound)
    arrive = (depart + timedelta(minutes=minutes)).astimezone(ZoneInfo(b.tz))
    number = f"{carrier[1]} {100 + int(noise.unit('flight-no', key, a.code, b.code) * 8900)}"
    return Segment(carrier[0], number, a, b, depart, arrive)


def departure(a: Airport, day: date, *key: object) -> datetime:
    """A plausible local departure time on ``day``: between 06:00 and 22:55, on a 5-minute mark."""
    minutes = 6 * 60 + int(noise.unit("dep", *key) * (17 * 12)) * 5
    return datetime(
        day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=ZoneInfo(a.tz)
    )


def connection(a: Airport, b: Airport, hubs: list[Airport], key: str) -> list[Airport]:
    """The best hubs to connect through: least detour, each leg at least 250 km."""
    direct = max(distance_km(a, b), 1.0)
    ranked = []
    for hub in hubs:
        if hub.code in (a.code, b.code):
            continue
        d1, d2 = distance_km(a, hub), distance_km(hub, b)
        if d1 < 250 or d2 < 250 or max(d1, d2) > NONSTOP_LIMIT_KM:
            continue
        detour = (d1 + d2) / direct
        if detour < 1.45:
            ranked.append((detour, hub.code, hub))
    ranked.sort()
    return [hub for _, _, hub in ranked[:3]]
