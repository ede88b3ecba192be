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
    "KEF", "ATH", "OSL", "ARN", "WAW", "BRU", "LIM", "SCL", "AMM", "RUH", "JED", "CMN",
    "MNL", "CGK", "HNL", "YVR", "BCN", "MXP", "CAN", "AUH",
)  # fmt: skip
"""Airports where connections are made; long non-stops need a hub at one end at least."""

CRUISE_KMH = 840.0
CLIMB_KMH = 480.0
CLIMB_KM = 260.0
"""Cruise speed, and the average speed over the climb and descent (the first ``CLIMB_KM``)."""
TAXI_MINUTES = 30  # taxi-out and taxi-in at the two ends, and the schedule's padding
ROUTING = 1.04  # airways are a little longer than the great circle
NONSTOP_LIMIT_KM = 15500.0
MIN_FLIGHT_KM = 150.0
"""Closer than this nobody flies, not even as a leg of a connection: ground legs only."""

BANKS: tuple[tuple[int, int], ...] = (
    (6 * 60 + 30, 9 * 60 + 30),
    (11 * 60, 14 * 60),
    (17 * 60, 21 * 60),
)
"""Departure banks (local minutes after midnight): morning, midday, evening, as airlines
time their waves; a leg leaves inside one of them."""

SEASON_NORTH = (0.85, 0.85, 0.95, 1.0, 1.0, 1.15, 1.25, 1.2, 0.95, 0.95, 0.88, 1.2)
SEASON_SOUTH = (1.2, 1.05, 0.95, 0.95, 0.88, 0.92, 1.05, 0.95, 0.92, 0.95, 1.0, 1.25)
WEEKDAY = (1.0, 0.92, 0.93, 1.0, 1.1, 0.97, 1.08)
"""Multipliers by month (Jan..Dec, by the destination's hemisphere) and weekday (Mon..Sun)."""

HOLIDAY_FACTOR = 1.12
DOMESTIC_FACTOR = 0.9
INTERNATIONAL_TAXES_USD = 20.0
LONG_HAUL_TAXES_USD = 60.0
"""Taxes and charges on an international ticket: short-haul, and past 3,000 km."""


@dataclass(frozen=True)
class Airport:
    """The few facts about an airport the fare model needs."""

    code: str
    country: str
    lat: float
    lon: float
    tz: str
    size: str | None = None
    """``major`` (a busy airport), ``regional`` (others OurAirports calls large or medium),
    ``small``; None: no scheduled airline service."""


def base_fare_usd(distance_km: float) -> float:
    """An average economy fare for ``distance_km``, before any factor (tapering per km)."""
    bands = ((800.0, 0.075), (2200.0, 0.06), (5000.0, 0.06), (math.inf, 0.045))
    fare, left = 40.0, distance_km
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
        fare += LONG_HAUL_TAXES_USD if distance > 3000 else INTERNATIONAL_TAXES_USD
    fare *= season_factor(day, b.lat)
    if near_holiday(day, a.country) or near_holiday(day, b.country):
        fare *= HOLIDAY_FACTOR
    fare *= WEEKDAY[day.weekday()]
    fare *= lead_factor((day - observed).days)
    fare *= fluctuation(f"{a.code}-{b.code}", day, observed)
    return fare


def distance_km(a: Airport, b: Airport) -> float:
    """Great-circle distance between two airports."""
    from lotara.world.lands import haversine_km

    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def block_minutes(distance: float, eastbound: bool) -> int:
    """Gate-to-gate time: taxiing, a slow climb and descent, then cruise (jet stream aided east).

    London-Paris (350 km) comes out at about 1 h 10, New York-London at 7 h, London-New
    York at 8 h, New York-Los Angeles at 6 h 15, near what airlines schedule.
    """
    flown = distance * ROUTING
    climb = min(flown, CLIMB_KM)
    wind = 0.92 if eastbound and flown > 2500 else 1.08 if flown > 2500 else 1.0
    cruise = (flown - climb) / CRUISE_KMH * 60 * wind
    return int(round((TAXI_MINUTES + climb / CLIMB_KMH * 60 + cruise) / 5.0) * 5)


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


def departure(a: Airport, b: Airport, day: date, *key: object) -> datetime:
    """A local departure inside one of the day's banks, on a 5-minute mark.

    The bank is picked by ``key``; one that would land between midnight and 05:00 at ``b``
    gives way to the next bank that does not, so night arrivals are left to long flights
    that cannot avoid them.
    """
    first = int(noise.unit("bank", *key) * len(BANKS))
    zone = ZoneInfo(a.tz)
    minutes = block_minutes(distance_km(a, b), ((b.lon - a.lon + 540) % 360) - 180 > 0)
    choice = None
    for step in range(len(BANKS)):
        lo, hi = BANKS[(first + step) % len(BANKS)]
        at = lo + int(noise.unit("dep", *key) * ((hi - lo) // 5)) * 5
        leave = datetime(day.year, day.month, day.day, at // 60, at % 60, tzinfo=zone)
        land = (leave + timedelta(minutes=minutes)).astimezone(ZoneInfo(b.tz))
        choice = choice or leave
        if not 0 <= land.hour < 5:
            return leave
    assert choice is not None
    return choice


def onward(after: datetime, long_haul: bool, *key: object) -> datetime:
    """The connecting flight's departure from a hub, ``after`` being the arrival plus the
    minimum connection: a bank slot within four hours, else a later flight of the hub's
    day (hubs run waves all day; long-haul banks leave late at night too), else the first
    morning bank."""
    stamp = after.replace(second=0, microsecond=0)
    for lo, hi in BANKS:
        at = lo + int(noise.unit("onward", *key, lo) * ((hi - lo) // 5)) * 5
        slot = stamp.replace(hour=at // 60, minute=at % 60)
        if stamp <= slot <= stamp + timedelta(hours=4):
            return slot
    minute = stamp.hour * 60 + stamp.minute
    if long_haul or 5 * 60 + 30 <= minute <= 23 * 60:
        wait = 5 * (1 + int(noise.unit("onward-wait", *key) * 8))
        return stamp + timedelta(minutes=wait - stamp.minute % 5)
    return next_morning(stamp, *key)


def next_morning(after: datetime, *key: object) -> datetime:
    """A slot in the first morning bank after ``after``."""
    stamp = after.replace(second=0, microsecond=0)
    morning = stamp + timedelta(days=1 if stamp.hour >= 6 else 0)
    at = BANKS[0][0] + int(noise.unit("onward-morning", *key) * 12) * 5
    return morning.replace(hour=at // 60, minute=at % 60)


REAL_NONSTOPS: frozenset[frozenset[str]] = frozenset(
    frozenset(pair.split("-"))
    for pair in (
        "JNB-MRU CDG-MRU DXB-MRU LAX-PPT SFO-PPT AKL-PPT NRT-PPT BOS-PDL JFK-PDL YYZ-PDL"
        " GYE-GPS UIO-GPS GYE-SCY UIO-SCY"
    ).split()
)
"""Nonstops airlines fly that the size-and-reach rules below miss: islands' long lifelines
to the hubs that serve them (Mauritius, Tahiti, the Azores, the Galapagos)."""


def nonstop_plausible(a: Airport, b: Airport, hubs: frozenset[str]) -> bool:
    """Whether an airline plausibly flies ``a``-``b`` nonstop, by the airports' size and reach.

    Both airports need scheduled service and ``MIN_FLIGHT_KM`` between them (an 80 km hop
    between two airports of one area is no flight, not even inside a connection). A small
    airport's flights are short (commuter hops); two regional airports are joined up to
    2,200 km (an island to its mainland, a city to its neighbours); a regional airport
    flies further only to a hub (up to 4,500 km at home, 3,000 abroad); two major airports
    are joined up to 5,000 km, longer flights need a hub at one end, and the longest (past
    9,000 km) a hub at both.
    """
    if a.size is None or b.size is None or a.code == b.code:
        return False
    d = distance_km(a, b)
    if d < MIN_FLIGHT_KM:
        return False
    if frozenset((a.code, b.code)) in REAL_NONSTOPS:
        return True
    sizes = {a.size, b.size}
    domestic = a.country == b.country
    if "small" in sizes:
        return d <= (1000.0 if domestic else 700.0)
    if sizes == {"regional"}:
        return d <= 2200.0
    if "regional" in sizes:
        big = a if a.size == "major" else b
        return d <= 1500.0 or (big.code in hubs and d <= (4500.0 if domestic else 3000.0))
    if d <= 5000.0:
        return True
    ends = (a.code in HUBS) + (b.code in HUBS)  # long-haul: the world's hubs only
    return d <= NONSTOP_LIMIT_KM and ends >= (2 if d > 9000.0 else 1)


def connection(
    a: Airport, b: Airport, hubs: list[Airport], hub_codes: frozenset[str], limit: float = 1.6
) -> list[Airport]:
    """Hubs that serve both ends with plausible nonstops, least detour first (under ``limit``).

    A leg from or to an end that is itself a hub covers at least a sixth of the trip and
    250 km (nobody flies New York-Boston to reach London); an end that is no hub feeds one,
    however near (Akureyri-Keflavik-New York, Kerry-Dublin-Boston), as long as it is flown at
    all (``MIN_FLIGHT_KM``). A country's own busy airport ranks a little behind a world hub;
    between two airports of one country, a hub of that country is used where one serves.
    """
    direct = max(distance_km(a, b), 1.0)
    shortest = max(250.0, direct / 6)
    least_a = shortest if a.code in hub_codes else MIN_FLIGHT_KM
    least_b = shortest if b.code in hub_codes else MIN_FLIGHT_KM
    ranked = []
    for hub in hubs:
        if hub.code in (a.code, b.code):
            continue
        if not (nonstop_plausible(a, hub, hub_codes) and nonstop_plausible(hub, b, hub_codes)):
            continue
        d1, d2 = distance_km(a, hub), distance_km(hub, b)
        if d1 < least_a or d2 < least_b:
            continue
        detour = (d1 + d2) / direct
        if detour < limit:
            ranked.append((detour + (0.0 if hub.code in HUBS else 0.1), hub.code, hub))
    ranked.sort()
    if a.country == b.country and any(hub.country == a.country for _, _, hub in ranked):
        # A domestic flight connects at home (New York-Chicago via Detroit, not Toronto).
        ranked = [r for r in ranked if r[2].country == a.country]
    return [hub for _, _, hub in ranked[:3]]


def double_connection(
    a: Airport, b: Airport, hubs: list[Airport], hub_codes: frozenset[str]
) -> list[tuple[Airport, Airport]]:
    """Two hubs (one near each end) for a trip no single hub serves: Boise to Santorini."""
    direct = max(distance_km(a, b), 1.0)
    near_a = [h for h in hubs if h.code != a.code and nonstop_plausible(a, h, hub_codes)]
    near_b = [h for h in hubs if h.code != b.code and nonstop_plausible(h, b, hub_codes)]
    near_a = sorted(near_a, key=lambda h: distance_km(h, b))[:8]
    near_b = sorted(near_b, key=lambda h: distance_km(a, h))[:8]
    ranked = []
    for h1 in near_a:
        for h2 in near_b:
            if h1.code == h2.code or not nonstop_plausible(h1, h2, hub_codes):
                continue
            total = distance_km(a, h1) + distance_km(h1, h2) + distance_km(h2, b)
            if total / direct < 1.6:
                ranked.append((total, h1.code, h2.code, h1, h2))
    ranked.sort()
    return [(h1, h2) for *_, h1, h2 in ranked[:2]]
