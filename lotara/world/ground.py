"""Offline ground and water legs: trains on real corridors, ferries on real routes, coaches,
driving (your own car or a hire car) and taxis, and only where such a journey exists.

Trains run only on the corridors of ``world/data/ground.json`` (the lines travellers use,
with their typical fastest time and a typical fare), never "between any two cities of a
country with rail"; ferries likewise run only on listed routes. Coaches, cars and taxis
need both places on one landmass: an island (Santorini, Maui, Bali, Iceland) is reached by
air or water only. Landmasses come from the airport's subdivision (Sicily, the Cyclades,
Hawaii), island countries, and a few islands drawn as circles. Road distance is the
great-circle distance times a detour factor.
"""

from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lotara.world.places import airports, haversine_km

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

ISLAND_COUNTRIES = frozenset(
    "IS IE TW LK CU JM PR MT CY MU MG NC TT BB LC GD AG KN DM IM JE GG".split()
)
"""Countries that are one island of their own (GB, JP and the archipelagos are below)."""
ARCHIPELAGO_COUNTRIES = frozenset("BS MV SC FJ PF CV KM ST VU WS TO KY TC VG VI AW CW GL".split())
"""Countries of many islands, or whose towns no road joins (Greenland): each place there is
reached by air or water."""
HISPANIOLA = frozenset("DO HT".split())

ONE_ISLAND: dict[tuple[str, str], str] = {
    ("IT", "Sicily"): "sicily",
    ("IT", "Sardinia"): "sardinia",
    ("FR", "Corsica"): "corsica",
    ("GR", "Crete"): "crete",
    ("KR", "Jeju-do"): "jeju",
    ("ID", "Bali"): "bali",
    ("AU", "Tasmania"): "tasmania",
    ("CN", "Hainan"): "hainan",
    ("JP", "Hokkaido"): "hokkaido",
}
"""Subdivisions that are one island each."""

ARCHIPELAGO: frozenset[tuple[str, str]] = frozenset(
    {
        ("GR", "South Aegean"),
        ("GR", "North Aegean"),
        ("GR", "Ionian-Islands"),
        ("ES", "Canary-Islands"),
        ("ES", "Islas Baleares"),
        ("PT", "Açores"),
        ("PT", "Madeira"),
        ("US", "Hawaii"),
        ("EC", "Galapagos"),
        ("IN", "Andaman and Nicobar Islands"),
        ("IN", "Lakshadweep"),
        ("TZ", "Zanzibar-Urban/West"),
        ("TZ", "Pemba-South"),
        ("NO", "Svalbard"),
        ("JP", "Okinawa"),
        ("ID", "Riau Islands"),
        ("ID", "Bangka Belitung Islands"),
        ("ID", "Maluku"),
        ("ID", "North Maluku"),
        ("ID", "East Nusa Tenggara"),
        ("ID", "West Nusa Tenggara"),
        ("NZ", "Chatham Islands"),
    }
)
"""Subdivisions of many islands: each place there is its own island."""

LUZON = frozenset("Central Luzon,Ilocos,Cordillera,Calabarzon,Cagayan-Valley,Bicol,".split(","))
JAVA = frozenset("West Java,Central Java,East Java,Jakarta,Yogyakarta,Banten".split(","))
SUMATRA = frozenset(
    "North Sumatra,Aceh,Riau,South Sumatra,West Sumatra,Jambi,Bengkulu,Lampung".split(",")
)
NZ_SOUTH = frozenset("Canterbury,Otago,Southland,West Coast,Marlborough,Nelson,Tasman".split(","))

ISLAND_CIRCLES: tuple[tuple[str, float, float, float], ...] = (
    ("vancouver-island", 48.70, -123.90, 60.0),
    ("vancouver-island", 49.70, -125.30, 110.0),
    ("koh-samui", 9.50, 100.00, 15.0),
    ("koh-phangan", 9.75, 100.03, 10.0),
    ("koh-tao", 10.09, 99.84, 6.0),
    ("koh-phi-phi", 7.74, 98.77, 6.0),
    ("langkawi", 6.35, 99.80, 20.0),
    ("phu-quoc", 10.22, 103.96, 30.0),
    ("capri", 40.55, 14.24, 5.0),
    ("ischia", 40.73, 13.90, 7.0),
    ("easter-island", -27.12, -109.35, 30.0),
    ("bornholm", 55.13, 14.92, 30.0),
    ("isla-mujeres", 21.23, -86.73, 5.0),
    ("cozumel", 20.42, -86.92, 25.0),
    ("nusa-penida", -8.73, 115.54, 12.0),
    ("waiheke", -36.80, 175.08, 12.0),
    ("boracay", 11.97, 121.92, 5.0),
    ("oahu", 21.46, -157.97, 40.0),
    ("maui", 20.80, -156.33, 45.0),
    ("hawaii-island", 19.60, -155.50, 95.0),
    ("kauai", 22.06, -159.52, 30.0),
    ("viti-levu", -17.82, 178.05, 75.0),
    ("mahe", -4.68, 55.48, 14.0),
    ("tahiti", -17.67, -149.42, 25.0),
    ("uist-benbecula-barra", 57.30, -7.35, 45.0),
    ("lewis-and-harris", 58.10, -6.65, 45.0),
    ("orkney", 59.00, -3.00, 35.0),
    ("shetland", 60.30, -1.25, 65.0),
    ("islay", 55.78, -6.22, 22.0),
    ("tiree-coll", 56.58, -6.70, 25.0),
    ("mull", 56.45, -5.95, 28.0),
    ("arran", 55.58, -5.25, 15.0),
    ("isle-of-wight", 50.68, -1.30, 22.0),
    ("scilly", 49.93, -6.30, 10.0),
)
"""Islands no subdivision tells apart: (landmass, lat, lon, radius km)."""

NORTH_AMERICA = frozenset("US CA MX GT BZ SV HN NI CR PA".split())
SOUTH_AMERICA = frozenset("CO VE EC PE BO BR PY UY AR CL GY SR GF".split())
OCEANIA = frozenset("AU PG".split())


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


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().replace("-", " ").split())


@cache
def _routes() -> dict[str, dict[tuple[str, str], list[Any]]]:
    doc = json.loads(GROUND_FILE.read_text(encoding="utf-8"))
    out: dict[str, dict[tuple[str, str], list[Any]]] = {}
    for kind in ("rail", "ferry"):
        table: dict[tuple[str, str], list[Any]] = {}
        for row in doc[kind]:
            a, b = _key(row[0]), _key(row[1])
            table[(a, b)] = row
            table[(b, a)] = row
        out[kind] = table
    return out


def rail_corridor(a: str, b: str) -> list[Any] | None:
    """The listed rail corridor between two places, by name, or None."""
    return _routes()["rail"].get((_key(a), _key(b)))


def ferry_route(a: str, b: str) -> list[Any] | None:
    """The listed ferry route between two places, by name, or None."""
    return _routes()["ferry"].get((_key(a), _key(b)))


def landmass(spot: Spot) -> str:
    """Which piece of land ``spot`` stands on: places on one landmass join by road."""
    for name, lat, lon, radius in ISLAND_CIRCLES:
        if haversine_km(spot.lat, spot.lon, lat, lon) <= radius:
            return name
    cc = spot.country
    row = airports().get(spot.airport or "") or {}
    subd = row.get("subd", "") if row.get("country") == cc else ""
    alone = f"{cc}:{_key(spot.city)}"
    if cc in ARCHIPELAGO_COUNTRIES or (cc, subd) in ARCHIPELAGO:
        return alone
    if (cc, subd) in ONE_ISLAND:
        return ONE_ISLAND[(cc, subd)]
    if cc in ISLAND_COUNTRIES:
        return cc
    if cc in HISPANIOLA:
        return "hispaniola"
    if cc == "GB":
        return "ireland" if spot.lon < -5.4 and 54.0 < spot.lat < 55.4 else "great-britain"
    if cc == "IE":
        return "ireland"
    if cc == "JP":
        return "japan"
    if cc == "PH":
        return "luzon" if subd in LUZON else alone
    if cc == "ID":
        return "java" if subd in JAVA else "sumatra" if subd in SUMATRA else alone
    if cc == "MY" and subd in ("Sarawak", "Sabah", "Labuan"):
        return "borneo"
    if cc == "NZ":
        return "nz-south" if subd in NZ_SOUTH else "nz-north"
    if cc in OCEANIA:
        return cc
    if cc in NORTH_AMERICA:
        return "north-america"
    if cc in SOUTH_AMERICA:
        return "south-america"
    return "afro-eurasia"


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
) -> list[Option]:
    """Every real way over land or water from ``a`` to ``b``, costs for the whole party.

    Listed trains and ferries at their fares; a coach per seat; self-driving (fuel and
    tolls) and a hire car (a day's hire plus fuel) per car of five; a taxi per car of
    four, for short trips only. Coach, car and taxi need ``joined_by_road``; between towns
    under ``MIN_ROAD_KM`` apart (Amalfi and Positano) only a local bus or a taxi.
    """
    straight = haversine_km(a.lat, a.lon, b.lat, b.lon)
    if straight < 1:
        return []
    road = straight * ROAD_DETOUR
    scale = max(0.35, price_level / 100.0)
    out: list[Option] = []
    rail = rail_corridor(a.city, b.city)
    if rail is not None:
        out.append(_listed("train", rail, straight * 1.15, travelers))
    ferry = ferry_route(a.city, b.city)
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
