"""The city catalogue: real attractions and typical restaurants of the most visited cities.

The data lives in ``world/data/cities-*.json`` (one file per region; sources in
``world/data/README.md``). Each city holds its coordinates, time zone, airports, size,
neighbourhoods (and, in the US, its state code, so "Boston, MA" finds it), then compact rows:

- attraction: ``[name, lat, lon, tags, cost, minutes, closed_days, hours]``, cost per
  person in the local currency, ``closed_days`` as ``["Mon"]``, ``hours`` as ``"09:00-17:00"``
  or null;
- restaurant: ``[name, cuisines, price_band, cost]``, cost per person per meal, local currency.

The files are read once, on first use, and kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lotara.world.countries import country

DATA_DIR = Path(__file__).parent / "data"
CATALOGUE_SOURCE = "offline-estimate"

WEEKDAYS = {
    "Mon": "Monday",
    "Tue": "Tuesday",
    "Wed": "Wednesday",
    "Thu": "Thursday",
    "Fri": "Friday",
    "Sat": "Saturday",
    "Sun": "Sunday",
}


@dataclass(frozen=True)
class Attraction:
    """One real attraction of a catalogue city, its cost in the city's currency."""

    name: str
    lat: float
    lon: float
    tags: tuple[str, ...]
    cost: float
    minutes: int
    closed: tuple[str, ...]
    hours: str | None


@dataclass(frozen=True)
class Eatery:
    """One typical place to eat, by cuisine and price band, cost in the city's currency."""

    name: str
    cuisines: tuple[str, ...]
    band: str
    cost: float


@cache
def city_rows() -> list[dict[str, Any]]:
    """Every catalogue city as stored, with its currency and country name filled in."""
    rows: list[dict[str, Any]] = []
    for path in sorted(DATA_DIR.glob("cities-*.json")):
        for row in json.loads(path.read_text(encoding="utf-8"))["cities"]:
            info = country(row["country"])
            row.setdefault("currency", info.currency)
            row.setdefault("country_name", info.name)
            row.setdefault("own_airport", True)
            row.setdefault("aliases", [])
            row.setdefault("areas", [])
            rows.append(row)
    return rows


@cache
def by_name() -> dict[str, dict[str, Any]]:
    """Catalogue cities by their name as ``Place.city`` gives it."""
    return {row["name"]: row for row in city_rows()}


def attractions(row: dict[str, Any]) -> list[Attraction]:
    """A city's attractions, decoded from their compact rows."""
    return _attractions(row["name"])


def eateries(row: dict[str, Any]) -> list[Eatery]:
    """A city's typical restaurants, decoded from their compact rows."""
    return _eateries(row["name"])


@cache
def _attractions(name: str) -> list[Attraction]:
    out = []
    for r in by_name()[name].get("attractions", []):
        name_, lat, lon, tags, cost, minutes, *rest = r
        closed = rest[0] if rest else []
        hours = rest[1] if len(rest) > 1 else None
        out.append(
            Attraction(
                name_,
                float(lat),
                float(lon),
                tuple(tags),
                float(cost),
                int(minutes),
                tuple(WEEKDAYS[d] for d in closed),
                hours,
            )
        )
    return out


@cache
def _eateries(name: str) -> list[Eatery]:
    return [
        Eatery(n, tuple(c), band, float(cost))
        for n, c, band, cost in by_name()[name].get("restaurants", [])
    ]


def cuisine_label(name: str) -> str:
    """A cuisine as the planner spells it: 'Japanese', 'BBQ', 'Street Food'."""
    return "BBQ" if name.lower() == "bbq" else name.title()
