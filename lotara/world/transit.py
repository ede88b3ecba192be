"""Getting from the airport to the centre, and around a city for a day.

Known links come from ``world/data/transit*.json``: for each catalogue city, the trains,
buses and flat-fare taxis from its airports with their typical time and published fare,
and what a day of getting around costs (a transit day pass, or taxis where there is no
transit to speak of). Every airport also gets a taxi, modelled from the road distance to
the centre and the country's price level when no flat fare is listed, so no airport is
left without a way into town. Fares are in the city's currency unless an entry names
another; the answer is converted to the currency asked for.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from lotara.models import LocalTransport, Place, Transfer
from lotara.world.countries import country
from lotara.world.labels import OFFLINE_SOURCE
from lotara.world.lands import haversine_km
from lotara.world.money import convert, display_round
from lotara.world.places import airports, same_land

DATA_DIR = Path(__file__).parent / "data"
TRANSIT_FILES = "transit*.json"
"""``transit.json`` and the compact ``transit-*.json`` written with later catalogue files."""

ROAD_FACTOR = 1.3
"""Road distance over straight-line distance between an airport and a city centre."""
TAXI_FLAG_USD, TAXI_PER_KM_USD, TAXI_KMH = 6.0, 2.0, 40.0
"""A metered taxi at the US price level: flag fall, per km, average speed into town."""
LOCAL_DAY_USD = 12.0
"""A day of buses and a short taxi ride at the US price level, where no pass is listed."""
CAR_HIRE_DAY_USD = 50.0
"""A small hire car for a day at the US price level, insurance included, before fuel."""


PER_VEHICLE = frozenset({"car hire", "car with driver", "tuk-tuk for the day"})
"""Day kinds priced per vehicle rather than per person."""


@cache
def _table() -> dict[str, dict[str, Any]]:
    table: dict[str, dict[str, Any]] = {}
    for path in sorted(DATA_DIR.glob(TRANSIT_FILES)):
        for city, entry in json.loads(path.read_text(encoding="utf-8"))["cities"].items():
            # A later file may add airport links to a city listed earlier, keeping the rest.
            kept = table.setdefault(city, {})
            links = {**kept.get("links", {}), **entry.get("links", {})}
            kept.update({k: v for k, v in entry.items() if k != "links"})
            kept["links"] = links
    return table


def known(city: str) -> dict[str, Any] | None:
    """The listed links and day cost of a catalogue city, as stored."""
    return _table().get(city)


def _money(amount: float, local: str, entry: list[Any], index: int, currency: str) -> float:
    source = entry[index] if len(entry) > index else local
    return display_round(convert(float(amount), source, currency), currency)


def taxi_minutes_and_usd(km: float, country_code: str) -> tuple[int, float]:
    """A metered taxi over ``km`` of road: minutes and fare in USD, per car."""
    level = max(0.3, country(country_code).price_level / 100.0)
    minutes = int(round((10 + km / TAXI_KMH * 60) / 5.0) * 5)
    return minutes, (TAXI_FLAG_USD + TAXI_PER_KM_USD * km) * level


def transfers(place: Place, local: str, currency: str, *, listed: bool = True) -> list[Transfer]:
    """Every way listed from each of the place's airports to its centre, plus a taxi.

    ``listed=False`` (a namesake of a catalogue city: Portland, Maine) models a taxi only.
    """
    links_by_code = (known(place.city) or {}).get("links", {}) if listed else {}
    table = airports()
    out: list[Transfer] = []
    for code in place.airports:
        links = links_by_code.get(code, [])
        for link in links:
            mode, minutes, fare, description = link[:4]
            out.append(
                Transfer(
                    city=place.city,
                    airport=code,
                    mode=mode,
                    duration_minutes=int(minutes),
                    cost=_money(fare, local, link, 4, currency),
                    per_vehicle=mode == "taxi",
                    currency=currency.upper(),
                    description=description,
                    source=OFFLINE_SOURCE,
                )
            )
        if code in table and not any(link[0] == "taxi" for link in links):
            row = table[code]
            if not same_land(place.city, place.country, place.lat, place.lon, code):
                continue  # no taxi across the sea: a listed ferry, or no way in from there
            km = max(haversine_km(row["lat"], row["lon"], place.lat, place.lon) * ROAD_FACTOR, 8.0)
            minutes, usd = taxi_minutes_and_usd(km, place.country)
            out.append(
                Transfer(
                    city=place.city,
                    airport=code,
                    mode="taxi",
                    duration_minutes=minutes,
                    cost=display_round(convert(usd, "USD", currency), currency),
                    per_vehicle=True,
                    currency=currency.upper(),
                    description=f"Taxi to central {place.city}, about {round(km)} km (metered)",
                    source=OFFLINE_SOURCE,
                )
            )
    return out


def local_transport(
    place: Place, local: str, currency: str, *, listed: bool = True
) -> LocalTransport:
    """A day of getting around: the listed pass or taxis, else buses and a taxi, modelled."""
    entry = (known(place.city) or {}).get("day") if listed else None
    if entry:
        kind, amount, description = entry[:3]
        return LocalTransport(
            city=place.city,
            kind=kind,
            daily_cost=_money(amount, local, entry, 3, currency),
            per_vehicle=kind in PER_VEHICLE,
            currency=currency.upper(),
            description=description,
            source=OFFLINE_SOURCE,
        )
    level = max(0.3, country(place.country).price_level / 100.0)
    return LocalTransport(
        city=place.city,
        kind="buses and taxis",
        daily_cost=display_round(convert(LOCAL_DAY_USD * level, "USD", currency), currency),
        currency=currency.upper(),
        description="A few bus rides and a short taxi trip, estimated from local price levels",
        source=OFFLINE_SOURCE,
    )


def car_hire(place: Place, local: str, currency: str, *, listed: bool = True) -> LocalTransport:
    """A day of getting around by a hire car (``car_hire_day``), for a traveller who drives."""
    return LocalTransport(
        city=place.city,
        kind="car hire",
        daily_cost=car_hire_day(place, local, currency, listed=listed),
        per_vehicle=True,
        currency=currency.upper(),
        description="A hire car for the day, fuel and parking on top",
        source=OFFLINE_SOURCE,
    )


def needs_car(city: str) -> bool:
    """True where getting around really means a car (Maui, Iceland's Ring Road, Orlando)."""
    return "car" in (known(city) or {})


def car_hire_day(place: Place, local: str, currency: str, *, listed: bool = True) -> float:
    """A hire car for a day, per car: the listed rate, else modelled from the price level."""
    rate = (known(place.city) or {}).get("car") if listed else None
    if rate:
        return display_round(convert(float(rate), local, currency), currency)
    level = max(0.4, country(place.country).price_level / 100.0)
    return display_round(convert(CAR_HIRE_DAY_USD * level, "USD", currency), currency)
