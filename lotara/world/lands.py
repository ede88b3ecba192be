"""Which piece of land a place stands on: an island, an archipelago's own island, a
continent. Places on one landmass can join by road; an airport on another is across water.

Landmasses come from the airport's subdivision (Sicily, the Cyclades, Hawaii), island
countries, and a few islands drawn as circles. Nothing here imports the rest of the world,
so the place index and the ground model both ask it.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from typing import Any

__all__ = ["haversine_km", "landmass", "name_key"]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def name_key(name: str) -> str:
    """A town's name as the land and route tables key it: no accents, case or hyphens."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().replace("-", " ").split())


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


def landmass(
    city: str, country: str, lat: float, lon: float, airport: Mapping[str, Any] | None
) -> str:
    """Which piece of land the town ``city`` at (lat, lon) stands on, seen by the subdivision
    of ``airport`` (its airport table row) when that is in the same country: places on one
    landmass join by road."""
    for name, clat, clon, radius in ISLAND_CIRCLES:
        if haversine_km(lat, lon, clat, clon) <= radius:
            return name
    cc = country
    row = airport or {}
    subd = row.get("subd", "") if row.get("country") == cc else ""
    alone = f"{cc}:{name_key(city)}"
    if cc in ARCHIPELAGO_COUNTRIES or (cc, subd) in ARCHIPELAGO:
        return alone
    if (cc, subd) in ONE_ISLAND:
        return ONE_ISLAND[(cc, subd)]
    if cc in ISLAND_COUNTRIES:
        return cc
    if cc in HISPANIOLA:
        return "hispaniola"
    if cc == "GB":
        return "ireland" if lon < -5.4 and 54.0 < lat < 55.4 else "great-britain"
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
