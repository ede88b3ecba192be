"""Generic suggestions for cities outside the catalogue, each clearly labelled as such.

They name kinds of things nearly every city has (a historic centre, a market, a museum, a
park) rather than inventing attractions; ``generic=True`` tells the planner and the
traveller they are placeholders to fill in locally.
"""

from __future__ import annotations

import math

from lotara.models import Activity, Place, Restaurant
from lotara.world import noise
from lotara.world.catalogue import cuisine_label
from lotara.world.countries import country
from lotara.world.labels import OFFLINE_SOURCE
from lotara.world.money import convert, display_round

# name pattern, tags, cost in USD at the US price level, minutes
_ACTIVITIES: tuple[tuple[str, tuple[str, ...], float, int], ...] = (
    ("Walking tour of {c}'s historic centre", ("history", "architecture", "culture"), 0, 120),
    ("{c} city museum", ("history", "culture", "family"), 15, 90),
    ("{c} art gallery", ("art", "culture"), 15, 90),
    ("Central market and street food in {c}", ("food", "shopping"), 0, 90),
    ("Main park or waterfront of {c}", ("nature", "relaxation", "family"), 0, 75),
    ("Viewpoint over {c}", ("architecture", "nature"), 0, 45),
    ("Evening out in {c}'s nightlife district", ("nightlife", "food"), 20, 150),
    ("Cooking class with a local chef in {c}", ("food", "culture"), 60, 180),
    ("Day hike or bike ride outside {c}", ("nature", "adventure"), 25, 240),
    ("Shopping street of {c}", ("shopping",), 0, 90),
    ("Spa or public baths in {c}", ("relaxation",), 40, 120),
    ("Nearest beach or lake to {c}", ("beach", "nature", "relaxation"), 0, 180),
)

# name pattern, cuisines, price band, cost in USD at the US price level, meals (empty: lunch
# and dinner), diets
_RESTAURANTS: tuple[
    tuple[str, tuple[str, ...], str, float, tuple[str, ...], tuple[str, ...]], ...
] = (
    ("Local specialities restaurant in {c}", ("local",), "$$", 25, (), ()),
    ("Street food stalls in {c}", ("street food",), "$", 10, ("lunch", "dinner", "snack"), ()),
    ("Cafe and bakery in {c}", ("cafe", "bakery"), "$", 12, ("breakfast", "lunch", "snack"), ()),
    ("Vegetarian restaurant in {c}", ("vegetarian",), "$$", 22, (), ("vegetarian",)),
    ("Seafood restaurant in {c}", ("seafood",), "$$$", 45, (), ()),
    ("Pizzeria in {c}", ("pizza", "italian"), "$$", 20, (), ()),
    ("Fine dining in {c}", ("local",), "$$$$", 90, ("dinner",), ()),
    ("Family-run bistro in {c}", ("local",), "$$", 28, (), ()),
    ("Noodle bar in {c}", ("asian",), "$", 14, (), ()),
    ("Grill house in {c}", ("bbq",), "$$", 30, (), ()),
    ("Tea room in {c}", ("tea", "desserts"), "$", 10, ("breakfast", "snack"), ()),
    ("Wine bar with small plates in {c}", ("mediterranean",), "$$", 32, ("dinner",), ()),
    ("Food hall in {c}", ("international",), "$", 15, (), ()),
    ("Late-night diner in {c}", ("american",), "$", 16, ("dinner", "snack"), ()),
    ("Breakfast and brunch spot in {c}", ("cafe",), "$", 14, ("breakfast", "lunch"), ()),
    ("Market food court in {c}", ("local", "street food"), "$", 12, ("breakfast", "lunch"), ()),
    (
        "Vegan cafe in {c}",
        ("vegan", "cafe"),
        "$$",
        16,
        ("breakfast", "lunch"),
        ("vegan", "vegetarian"),
    ),
    ("Indian restaurant in {c}", ("indian",), "$$", 22, (), ("vegetarian",)),
    ("Middle Eastern grill in {c}", ("middle eastern",), "$", 15, (), ()),
    ("Sushi bar in {c}", ("japanese", "sushi"), "$$$", 40, (), ()),
    ("Steakhouse in {c}", ("bbq",), "$$$", 55, ("dinner",), ()),
)
"""Kinds of places nearly every city has, for the meals of a week without a repeat."""


LOCAL_CUISINE: dict[str, str] = {
    "US": "American", "CA": "Canadian", "MX": "Mexican", "BR": "Brazilian", "AR": "Argentinian",
    "PE": "Peruvian", "GB": "British", "IE": "Irish", "FR": "French", "IT": "Italian",
    "ES": "Spanish", "PT": "Portuguese", "DE": "German", "AT": "Austrian", "GR": "Greek",
    "TR": "Turkish", "LB": "Lebanese", "MA": "Moroccan", "ET": "Ethiopian", "IN": "Indian",
    "CN": "Chinese", "JP": "Japanese", "KR": "Korean", "TH": "Thai", "VN": "Vietnamese",
    "ID": "Indonesian", "MY": "Malaysian", "PH": "Filipino", "AU": "Australian",
    "PL": "Polish", "HU": "Hungarian", "CZ": "Czech", "SE": "Swedish", "DK": "Danish",
    "NO": "Norwegian", "NL": "Dutch", "BE": "Belgian", "CH": "Swiss", "HR": "Croatian",
    "EG": "Egyptian", "ZA": "South African", "IL": "Israeli", "CU": "Cuban", "JM": "Caribbean",
}  # fmt: skip
"""The cuisine a generic 'local' restaurant serves, by country."""


def _near(place: Place, *key: object) -> tuple[float, float]:
    angle = noise.between(0, 2 * math.pi, "g-bearing", place.city, *key)
    reach = noise.between(0.2, 4.0, "g-reach", place.city, *key) / 111.0
    lon_scale = max(0.2, math.cos(math.radians(place.lat)))
    return (
        round(place.lat + reach * math.sin(angle), 5),
        round(place.lon + reach * math.cos(angle) / lon_scale, 5),
    )


def generic_activities(place: Place, currency: str) -> list[Activity]:
    """A dozen labelled generic things to do in a city lotara has no catalogue for."""
    level = country(place.country).price_level / 100.0
    out = []
    for name, tags, usd, minutes in _ACTIVITIES:
        lat, lon = _near(place, name)
        out.append(
            Activity(
                id=noise.short_id("ga", place.city, place.country, name),
                name=name.format(c=place.city) + " (generic suggestion)",
                city=place.city,
                lat=lat,
                lon=lon,
                tags=list(tags),
                cost=display_round(convert(usd * level, "USD", currency), currency),
                currency=currency.upper(),
                duration_minutes=minutes,
                generic=True,
                source=OFFLINE_SOURCE,
            )
        )
    return out


def generic_restaurants(place: Place, currency: str, count: int) -> list[Restaurant]:
    """Up to ``count`` labelled generic places to eat in ``place``."""
    level = country(place.country).price_level / 100.0
    out = []
    for name, cuisines, band, usd, meals, diets in _RESTAURANTS[: max(count, 0)]:
        lat, lon = _near(place, name)
        out.append(
            Restaurant(
                id=noise.short_id("gr", place.city, place.country, name),
                name=name.format(c=place.city) + " (generic suggestion)",
                city=place.city,
                cuisines=[
                    LOCAL_CUISINE.get(place.country, "Local") if c == "local" else cuisine_label(c)
                    for c in cuisines
                ],
                average_cost=display_round(convert(usd * level, "USD", currency), currency),
                currency=currency.upper(),
                price_band=band,
                meals=list(meals) or ["lunch", "dinner"],
                diets=list(diets),
                lat=lat,
                lon=lon,
                generic=True,
                source=OFFLINE_SOURCE,
            )
        )
    return out
