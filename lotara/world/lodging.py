"""Offline stays: several credible, fictional places to sleep per city at several price levels.

A night is priced from a US big-city reference (``REFERENCE_NIGHT_USD`` for a mid-range
double) times the country's price level (``countries.PRICE_LEVEL_SOURCE``), the city's size,
the kind of stay and its rating, the season and public holidays, with a small stable
wobble. Names come from a word list so they read like real places without being any.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from lotara.world import noise
from lotara.world.fares import near_holiday, season_factor

REFERENCE_NIGHT_USD = 170.0
"""A mid-range hotel double in a large US city, the 1.0 of every multiplier below."""

WORDS = (
    "Lantern", "Juniper", "Linden", "Harbour", "Willow", "Saffron", "Cedar", "Amber",
    "Larkspur", "Marigold", "Quill", "Tamarind", "Heron", "Alder", "Kestrel", "Ivory",
    "Copper", "Sable", "Fennel", "Wren", "Thistle", "Indigo", "Birch", "Cobalt",
)  # fmt: skip


@dataclass(frozen=True)
class StayKind:
    """A kind of stay: how it is let, what it costs against the reference, what it allows."""

    kind: str
    pattern: str
    room_type: str
    multiplier: float
    rating: tuple[float, float]
    max_occupancy: int
    rooms: int
    minimum_nights: int
    rules: tuple[str, ...]
    optional_rules: tuple[str, ...] = ()
    step_free: bool | None = None


# ``step_free`` is estimated from the kind, never a vendor's claim: hotels and resorts (lifts,
# accessible rooms) usually are; hostel dorms (bunks, walk-ups) and guesthouses (townhouses,
# riads, stairs) usually are not; flats, boutique hotels in old buildings and villas may be
# either, so they are not known (None).
KINDS: tuple[StayKind, ...] = (
    StayKind("hostel", "{w} Hostel {a}", "shared room", 0.22, (3.6, 4.4), 1, 8, 1,
             ("No smoking", "No parties", "No pets", "No children under 10"), step_free=False),
    StayKind("guesthouse", "{a} {w} Guesthouse", "private room", 0.5, (3.8, 4.5), 2, 4, 2,
             ("No smoking", "No parties"), ("No pets", "No visitors"), step_free=False),
    StayKind("hotel", "Hotel {w} {a}", "private room", 0.7, (3.4, 4.1), 2, 12, 1,
             ("No smoking", "No pets"), step_free=True),
    StayKind("hotel", "The {w} {c}", "private room", 1.0, (3.9, 4.5), 3, 12, 1,
             ("No smoking",), ("No pets",), step_free=True),
    StayKind("apartment", "{a} {w} Apartments", "entire room", 1.05, (4.0, 4.8), 4, 1, 2,
             ("No parties", "No smoking"), ("No pets", "No visitors")),
    StayKind("boutique hotel", "{w} House {a}", "private room", 1.5, (4.3, 4.8), 2, 6, 1,
             ("No smoking", "No pets"), ("No children under 10",)),
    StayKind("apartment", "{w} Family Suites {a}", "entire room", 1.6, (4.1, 4.7), 6, 1, 3,
             ("No parties", "No smoking"), ("No visitors",)),
    StayKind("hotel", "The {w} Grand {c}", "private room", 3.0, (4.5, 4.9), 3, 10, 1,
             ("No smoking",), ("No pets",), step_free=True),
)  # fmt: skip

GETAWAY_KINDS: tuple[StayKind, ...] = (
    StayKind("resort", "{w} {s} Resort {a}", "private room", 2.2, (4.3, 4.8), 4, 20, 2,
             ("No smoking",), ("No pets",), step_free=True),
    StayKind("villa", "{v} {w} {a}", "entire room", 2.4, (4.4, 4.9), 8, 1, 3,
             ("No parties", "No smoking"), ("No pets",)),
)  # fmt: skip
"""Where people go to get away (a beach, the slopes, a lake in the mountains), two kinds
more: a resort with family rooms and a whole villa (a chalet where it snows) for a group.
Their keys come after ``KINDS``', so every other stay keeps its name and price."""


@dataclass(frozen=True)
class StaySketch:
    """A stay before its price: everything fixed by the city and the kind."""

    id: str
    name: str
    kind: StayKind
    rating: float
    rules: tuple[str, ...]
    minimum_nights: int
    neighbourhood: str
    lat: float
    lon: float


def size_factor(pop_millions: float) -> float:
    """Bigger cities cost more a night (a village 0.8, a 20-million metropolis about 1.2)."""
    return max(0.8, min(1.3, 0.8 + 0.13 * math.log1p(pop_millions)))


def sketches(
    city: str, lat: float, lon: float, areas: list[str], getaway: str | None = None
) -> list[StaySketch]:
    """The city's stays, one per kind, with names, ratings, rules and places fixed by key;
    with ``getaway`` ("beach" or "mountain"), a resort and a villa or chalet too."""
    out: list[StaySketch] = []
    kinds = KINDS + (GETAWAY_KINDS if getaway else ())
    for i, kind in enumerate(kinds):
        key = (city, i)
        area = noise.pick(areas, "area", *key) if areas else "City Centre"
        name = kind.pattern.format(
            w=noise.pick(WORDS, "word", *key),
            a=area,
            c=city,
            s="Beach" if getaway == "beach" else "Mountain",
            v="Villa" if getaway == "beach" else "Chalet",
        )
        rating = round(noise.between(*kind.rating, "rating", *key), 1)
        rules = kind.rules + tuple(
            r for r in kind.optional_rules if noise.unit("rule", r, *key) < 0.5
        )
        minimum = kind.minimum_nights + (1 if noise.unit("min", *key) < 0.25 else 0)
        angle = noise.between(0, 2 * math.pi, "bearing", *key)
        reach = noise.between(0.3, 3.5, "reach", *key) / 111.0
        out.append(
            StaySketch(
                id=noise.short_id("st", city, i),
                name=name,
                kind=kind,
                rating=rating,
                rules=rules,
                minimum_nights=minimum,
                neighbourhood=area,
                lat=round(lat + reach * math.sin(angle), 5),
                lon=round(lon + reach * math.cos(angle) / max(0.2, math.cos(math.radians(lat))), 5),
            )
        )
    return out


def night_usd(
    sketch: StaySketch,
    *,
    price_level: float,
    pop_millions: float,
    country: str,
    lat: float,
    check_in: date,
    nights: int,
    observed: date,
) -> float:
    """The average price a night of ``sketch`` over the stay, per room, in USD."""
    base = REFERENCE_NIGHT_USD * price_level / 100.0 * size_factor(pop_millions)
    base *= sketch.kind.multiplier * (1.0 + (sketch.rating - 4.2) * 0.25)
    season = 1.0 + (season_factor(check_in, lat) - 1.0) * 0.8
    holiday_nights = sum(
        1 for n in range(nights) if near_holiday(check_in + timedelta(days=n), country)
    )
    holiday = 1.0 + 0.1 * holiday_nights / max(nights, 1)
    wobble = 1.0 + noise.between(-0.04, 0.04, "stay", sketch.id, check_in, observed)
    return base * season * holiday * wobble


def allows(sketch: StaySketch, needs: list[str]) -> bool:
    """True when no house rule in force forbids what the party needs allowed."""
    forbidden = {rule.removeprefix("No ").strip().lower() for rule in sketch.rules}
    return not any(need.strip().lower() in forbidden for need in needs)


def room_type_fits(actual: str, wanted: str | None) -> bool:
    """True when the stay's room type is what was asked ('not shared room': any but shared)."""
    if not wanted:
        return True
    wanted = wanted.strip().lower()
    if wanted == "not shared room":
        return actual != "shared room"
    return actual == wanted
