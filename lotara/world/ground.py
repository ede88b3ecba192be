"""Offline ground and water legs: trains on real corridors, ferries on real routes, coaches,
driving (your own car or a hire car) and taxis, and only where such a journey exists.

Trains run only on the corridors of ``world/data/ground.json`` (the lines travellers use,
with their typical fastest time and a typical fare), never "between any two cities of a
country with rail"; ferries likewise run only on listed routes. Both ends of a route are
matched by the world's one name for the place (``OfflineWorld.route_name``), not by
spelling. Coaches, cars and taxis need both places on one landmass: an island (Santorini,
Maui, Bali, Iceland) is reached by air or water only. Landmasses come from the airport's
subdivision (Sicily, the Cyclades, Hawaii), island countries, and a few islands drawn as
circles. Road distance is the great-circle distance times a detour factor.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from lotara.world import lands
from lotara.world.lands import haversine_km, name_key
from lotara.world.places import airports

GROUND_FILE = Path(__file__).parent / "data" / "ground.json"

ROAD_DETOUR = 1.25
DRIVE_KMH, BUS_KMH, TAXI_KMH = 80.0, 65.0, 70.0
MAX_TAXI_KM = 150.0
MAX_DRIVE_KM = 1500.0
MAX_BUS_KM = 1200.0
MIN_ROAD_KM = 25.0
FUEL_USD_PER_KM = 0.12
"""Fuel and tolls for one car at the US price level."""

TIMETABLES = {  # local departures of the world's timetabled ways, for every route
    "train": ("07:00", "10:00", "14:00", "17:00"),
    "bus": ("07:00", "10:00", "14:00", "17:00"),
    "ferry": ("08:00", "15:00"),
}
LAST_ARRIVAL = 23 * 60 + 30  # no departure that lands later than this (no night trains yet)


def departures(mode: str, minutes: int) -> tuple[str | None, ...]:
    """When a way of ``mode`` taking ``minutes`` leaves: a train, coach or ferry at each time
    of ``TIMETABLES`` that arrives by ``LAST_ARRIVAL`` (at least its first), a car or taxi
    when the traveller likes (None)."""
    times = TIMETABLES.get(mode)
    if not times:
        return (None,)

    def minute(text: str) -> int:
        return int(text[:2]) * 60 + int(text[3:])

    fitting = tuple(t for t in times if minute(t) + minutes <= LAST_ARRIVAL)
    return fitting or times[:1]


LAND_GROUPS: tuple[frozenset[str], ...] = (
    frozenset(
        "FR ES PT IT DE NL BE LU AT CH CZ SK HU PL DK SE NO FI SI HR BA RS ME MK AL GR BG RO"
        " MC LI SM AD EE LV LT TR GB".split()
    ),
    frozenset("US CA MX".split()),
    frozenset("GT BZ SV HN NI CR PA MX".split()),
    frozenset("TH MY SG KH LA VN".split()),
    frozenset("CN HK MO".split()),
    frozenset("IN NP".split()),
    frozenset("AR CL UY PE BO BR PY CO EC".split()),
    frozenset("AE OM SA QA BH KW JO".split()),
    frozenset("EG IL JO".split()),
    frozenset("KE TZ UG RW".split()),
    frozenset("ZA NA BW ZW MZ LS SZ".split()),
)
"""Countries whose roads cross into each other with crossings travellers use (GB by the
Channel Tunnel's car shuttle and coaches)."""


@dataclass(frozen=True)
class Spot:
    """A place as the ground model sees it: name, country, point and first airport."""

    city: str
    country: str
    lat: float
    lon: float
    airport: str | None = None


@dataclass(frozen=True)
class Option:
    """One ground or water option before currency conversion."""

    mode: str
    minutes: int
    km: float
    cost: float
    currency: str
    description: str = ""


class RouteTowns(Protocol):
    """What the route tables need of the world: the one name it knows a table's town by."""

    def route_town(self, text: str) -> str | None: ...

    def route_town_through(self, text: str) -> str | None: ...


RouteTables = dict[str, dict[tuple[str, str], list[Any]]]
"""``"rail"`` and ``"ferry"``: each table's rows both ways, keyed by both ends' names."""


@cache
def route_rows(kind: str) -> tuple[list[Any], ...]:
    """The rows of ``ground.json``'s ``kind`` table ("rail" or "ferry"), as written."""
    doc = json.loads(GROUND_FILE.read_text(encoding="utf-8"))
    return tuple(doc[kind])


def route_tables(towns: RouteTowns) -> RouteTables:
    """Each table's rows both ways, keyed by the ``route_name`` of each end: the name the
    world gives the place the reader makes of the town's words ("Frankfurt" is Frankfurt am
    Main), and the town the reader makes of a region's, island's or country's name
    ("Penang" is George Town). A town the world does not know keeps its written name."""
    out: RouteTables = {}
    for kind in ("rail", "ferry"):
        table: dict[tuple[str, str], list[Any]] = {}
        through: dict[tuple[str, str], list[Any]] = {}  # an end read through its region
        for row in route_rows(kind):
            ends = [_route_ends(towns, name) for name in row[:2]]
            for a in ends[0][1]:
                for b in ends[1][1]:
                    direct = (a, b) == (ends[0][0], ends[1][0])
                    for key in ((name_key(a), name_key(b)), (name_key(b), name_key(a))):
                        if direct:
                            table[key] = row
                        else:
                            through.setdefault(key, row)
        out[kind] = {**through, **table}  # a row naming both towns wins (Bali-Mataram)
    return out


def _route_ends(towns: RouteTowns, name: str) -> tuple[str | None, list[str]]:
    """The name a table's town is its own ``route_name`` by (its written name when the world
    knows no such place), and every name it is found by: that one and the town the reader
    makes of the region, island or country of the name."""
    own, region = towns.route_town(name), towns.route_town_through(name)
    if own is None and region is None:
        return name, [name]
    return own, list(dict.fromkeys(t for t in (own, region) if t is not None))


def listed_route(tables: RouteTables, kind: str, a: str, b: str) -> list[Any] | None:
    """The listed ``kind`` ("rail" or "ferry") route between two ``route_name``s, or None."""
    return tables[kind].get((name_key(a), name_key(b)))


def landmass(spot: Spot) -> str:
    """Which piece of land ``spot`` stands on (``world/lands.py``), seen by its airport."""
    row = airports().get(spot.airport or "")
    return lands.landmass(spot.city, spot.country, spot.lat, spot.lon, row)


def joined_by_road(a: Spot, b: Spot) -> bool:
    """Whether a coach or car can go from ``a`` to ``b``: one landmass, open borders."""
    ground_a, ground_b = landmass(a), landmass(b)
    fixed = {ground_a, ground_b} == {"great-britain", "afro-eurasia"}  # the Channel Tunnel
    if ground_a != ground_b and not fixed:
        return False
    if a.country == b.country:
        return True
    return any(a.country in g and b.country in g for g in LAND_GROUPS)


def _minutes(km: float, kmh: float, extra: int = 5) -> int:
    return int(round(km / kmh * 60 / 5.0) * 5) + extra


def _listed(mode: str, row: list[Any], km: float, travelers: int) -> Option:
    _, _, minutes, fare, currency, description = row
    return Option(mode, int(minutes), km, float(fare) * travelers, currency, description)


def options(
    a: Spot,
    b: Spot,
    price_level: float,
    travelers: int,
    car_day_usd: float,
    tables: RouteTables,
) -> list[Option]:
    """Every real way over land or water from ``a`` to ``b``, costs for the whole party.

    Listed trains and ferries at their fares; a coach per seat; self-driving (fuel and
    tolls) and a hire car (a day's hire plus fuel) per car of five; a taxi per car of
    four, for short trips only. Coach, car and taxi need ``joined_by_road``; between towns
    under ``MIN_ROAD_KM`` apart (Amalfi and Positano) only a local bus or a taxi.
    ``tables`` are the world's ``route_tables``.
    """
    straight = haversine_km(a.lat, a.lon, b.lat, b.lon)
    if straight < 1:
        return []
    road = straight * ROAD_DETOUR
    scale = max(0.35, price_level / 100.0)
    out: list[Option] = []
    rail = listed_route(tables, "rail", a.city, b.city)
    if rail is not None:
        out.append(_listed("train", rail, straight * 1.15, travelers))
    ferry = listed_route(tables, "ferry", a.city, b.city)
    if ferry is not None:
        out.append(_listed("ferry", ferry, straight * 1.1, travelers))
    if not joined_by_road(a, b):
        return out
    near = road < MIN_ROAD_KM  # neighbouring towns: a local bus or a taxi, never a drive
    if road <= MAX_BUS_KM:
        seat = 4.0 + road * 0.06 * scale
        breaks = 15 * int(road // 250)
        out.append(
            Option(
                "bus",
                _minutes(road, BUS_KMH, 15 + breaks),
                road,
                seat * travelers,
                "USD",
                "Local bus" if near else "Intercity coach",
            )
        )
    if road <= MAX_DRIVE_KM and not near:
        cars = math.ceil(travelers / 5)
        fuel = road * FUEL_USD_PER_KM * scale
        drive = _minutes(road, DRIVE_KMH)
        out.append(
            Option("self-driving", drive, road, cars * fuel, "USD", "Your own car: fuel and tolls")
        )
        days = max(1, math.ceil(drive / (10 * 60)))
        out.append(
            Option(
                "car_hire",
                drive,
                road,
                cars * (fuel + days * car_day_usd),
                "USD",
                f"Hire car, {days} day{'s' if days > 1 else ''} with fuel",
            )
        )
    if road <= MAX_TAXI_KM and a.country == b.country:
        cars = math.ceil(travelers / 4)
        out.append(
            Option(
                "taxi",
                _minutes(road, TAXI_KMH),
                road,
                cars * (4.0 + road * 1.9) * scale,
                "USD",
                "Taxi, door to door",
            )
        )
    return out
