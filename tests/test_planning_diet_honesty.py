"""A diet the data can vouch for only in part is never passed as honoured: on real plans
from the offline world, a halal, kosher, vegan or gluten-free party is booked the places
known to suit it first, never one named for what the diet forbids (pork, a beer hall,
shellfish, pasta, ice cream), and the ``diets`` check counts the meals the data cannot tell
as a warning, "confirmed at 2 of 8 meals", never a plain "ok" (no network)."""

from __future__ import annotations

import re

import pytest

from lotara.models import Itinerary, Restaurant
from lotara.planning.suitability import diet_fit, stop_country
from lotara.world.offline import OfflineWorld
from tests.planning_support import planned
from tests.test_planning_diets import place


def meals(it: Itinerary) -> list[Restaurant]:
    return [i.restaurant for d in it.days for i in d.items if i.kind == "meal" and i.restaurant]


# (request, diet, the city's places known to suit it that the plan must book)
TRIPS = [
    ("5 days in Seoul from London, we eat halal", "halal", 2),
    ("Istanbul 5 days from London, halal food only", "halal", 4),
    ("5 days in Tokyo from New York, we keep kosher", "kosher", 1),
    ("4 days in Rome from London, halal", "halal", 1),
    ("4 days in Rome from London, gluten free", "gluten_free", 1),
    ("a week in Buenos Aires from Miami, vegan", "vegan", 1),
]


@pytest.mark.parametrize(("query", "diet", "known"), TRIPS)
def test_a_diet_is_booked_where_known_and_the_rest_counted(
    query: str, diet: str, known: int
) -> None:
    request, it = planned(query)
    assert diet in request.diets
    places = meals(it)
    assert places
    fits = [diet_fit(r, diet, stop_country(request, r.city)) for r in places]
    assert False not in fits, [r.name for r, f in zip(places, fits, strict=True) if f is False]
    assert fits.count(True) >= known, [r.name for r in places]
    check = next(c for c in it.checks if c.name == "diets")
    blind = fits.count(None)
    if blind:
        # Never a silent pass: a warning that says how many meals the data vouches for.
        assert not check.ok and not check.hard, check.detail
        assert f"confirmed at {fits.count(True)} of {len(places)} meal(s)" in check.detail
        assert f"cannot tell for {blind}" in check.detail
    else:
        assert check.ok, check.detail


@pytest.mark.parametrize(
    ("restaurant", "diet", "fit"),
    [
        (place("Fried chicken and beer (chimaek)", "korean"), "halal", False),
        (place("Samgyeopsal pork belly grill", "korean"), "halal", False),
        (place("Meyhane with meze in Beyoglu", "turkish"), "halal", False),
        (place("Tapas bar with jamón", "spanish"), "kosher", False),
        (place("Seafood shack with lobster rolls", "american"), "kosher", False),
        (place("Kebab house in Beyoglu", "turkish"), "halal", None),
        (place("Halal ramen shop", "japanese", "halal"), "halal", True),
        (place("Carbonara trattoria in Testaccio", "italian"), "gluten_free", False),
        (place("Gluten-free bakery", "bakery", "gluten-free"), "gluten_free", True),
        (place("Ramen counter in Shinjuku", "japanese"), "gluten_free", False),
        (place("Grilled fish taverna", "greek"), "gluten_free", None),
        (place("Helado at a heladería", "desserts"), "vegan", False),
    ],
)
def test_a_name_rules_out_a_diet_only_where_it_names_what_the_diet_forbids(
    restaurant: Restaurant, diet: str, fit: bool | None
) -> None:
    assert diet_fit(restaurant, diet) is fit, restaurant.name


def test_every_diet_city_pair_of_the_catalogue_keeps_a_place_that_may_suit() -> None:
    """No diet leaves a busy city with nowhere to eat: the words rule out only what names
    what the diet forbids, so each of the catalogue's busiest cities keeps a place."""
    world = OfflineWorld.shared()
    for city in ("Seoul", "Tokyo", "Rome", "Buenos Aires", "Paris", "Istanbul", "Dubai"):
        here = [r for r in world.restaurants(city) if not r.generic]
        for diet in ("vegetarian", "vegan", "halal", "kosher", "gluten_free"):
            left = [r for r in here if diet_fit(r, diet) is not False]
            assert len(left) >= 2, (city, diet, [r.name for r in left])
            assert not any(re.search(r"(?i)\bpork\b", r.name) for r in left if diet == "halal")
