"""Offline ground legs: driving yourself, a taxi or a train between two cities.

Road distance is the great-circle distance times a detour factor. Costs scale with the
country's price level: fuel and tolls per car of five for self-driving, a metered fare per
car of four for taxis, and a per-seat fare for trains (high-speed where a country has a
network). Only sensible options are offered: no taxi over 300 km, no driving across seas.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

ROAD_DETOUR = 1.25
DRIVE_KMH = 80.0
TAXI_KMH = 70.0
MAX_TAXI_KM = 300.0
MAX_DRIVE_KM = 1500.0
MAX_TRAIN_KM = 1300.0
MIN_TRAIN_KM = 40.0

HIGH_SPEED = frozenset("JP CN KR TW FR ES IT DE GB NL BE AT CH SE".split())
"""Countries with a high-speed rail network between their big cities."""

RAIL = HIGH_SPEED | frozenset(
    "US CA IN RU PL CZ HU PT GR DK NO FI IE SK SI HR RO BG RS TR EG MA ZA TH MY VN AU AR MX UZ"
    " KZ LU".split()
)
"""Countries with an intercity passenger rail service."""

LAND_GROUPS: tuple[frozenset[str], ...] = (
    frozenset(
        "FR ES PT IT DE NL BE LU AT CH CZ SK HU PL DK SE NO FI SI HR BA RS ME MK AL GR BG RO"
        " MC LI GB".split()
    ),
    frozenset("US CA MX".split()),
    frozenset("TH MY SG KH LA VN".split()),
    frozenset("AR CL UY PE BO BR PY CO EC".split()),
    frozenset("AE OM SA QA BH KW JO".split()),
)
"""Countries a car or train can cross between (GB by the Channel Tunnel)."""

ISLAND_COUNTRIES = frozenset("ID PH NZ".split())
"""Where two cities of one country may be on different islands: no driving over 300 km."""


@dataclass(frozen=True)
class Option:
    """One ground option before currency conversion."""

    mode: str
    minutes: int
    km: float
    cost_usd: float


def connected(country_a: str, country_b: str) -> bool:
    """True when a car or a train can plausibly go from one country to the other."""
    if country_a == country_b:
        return True
    return any(country_a in g and country_b in g for g in LAND_GROUPS)


def options(
    straight_km: float, country_a: str, country_b: str, price_level: float, travelers: int
) -> list[Option]:
    """Self-driving, taxi and train options for a trip of ``straight_km`` as the crow flies."""
    if straight_km < 1 or not connected(country_a, country_b):
        return []
    road = straight_km * ROAD_DETOUR
    scale = max(0.5, price_level / 100.0)
    out: list[Option] = []
    drive_limit = 300.0 if country_a in ISLAND_COUNTRIES else MAX_DRIVE_KM
    if road <= drive_limit:
        cars = math.ceil(travelers / 5)
        out.append(
            Option("self-driving", _minutes(road, DRIVE_KMH), road, cars * road * 0.14 * scale)
        )
    if road <= MAX_TAXI_KM:
        cars = math.ceil(travelers / 4)
        fare = cars * (4.0 + road * 1.9) * scale
        out.append(Option("taxi", _minutes(road, TAXI_KMH), road, fare))
    both_rail = country_a in RAIL and country_b in RAIL
    if both_rail and MIN_TRAIN_KM <= straight_km <= MAX_TRAIN_KM:
        fast = country_a in HIGH_SPEED and country_b in HIGH_SPEED
        speed, per_km = (210.0, 0.17) if fast else (95.0, 0.09)
        rail = straight_km * 1.15
        out.append(
            Option(
                "train", _minutes(rail, speed) + 20, rail, travelers * (6 + rail * per_km * scale)
            )
        )
    return out


def _minutes(km: float, kmh: float) -> int:
    return int(round(km / kmh * 60 / 5.0) * 5) + 5
