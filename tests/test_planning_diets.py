"""A vegetarian or vegan is never sent to eat a meat or fish dish: on real plans from the
offline world, no meal is at a place named for one (Korean beef-broth noodles, Vietnamese
pork with noodles, a Portuguese pork sandwich), while a word that is meat in one kitchen only
(sundae: Korean blood sausage, else an ice cream) or only in part (boar, not boards; goat,
not goat cheese) keeps the place open to them (no network)."""

from __future__ import annotations

import re

import pytest

from lotara.models import Restaurant
from lotara.planning.suitability import diet_fit
from lotara.world.offline import OfflineWorld
from tests.planning_support import planned

# Dishes made of meat or fish by their usual recipe, one kitchen's at a time: the test's own
# list, not the planner's.
DISHES = {
    "Seoul": ("naengmyeon", "bindaetteok", "tteokbokki", "barbecue", "chicken"),
    "Hanoi": ("bun cha", "pho bo", "banh mi"),
    "Tokyo": ("tonkatsu", "sushi", "ramen", "yakiniku"),
    "Osaka": ("kushikatsu", "takoyaki"),
    "Lisbon": ("bifana", "sardines"),
    "Porto": ("francesinha", "bifana"),
    "Mexico City": ("al pastor",),
    "Berlin": ("currywurst", "schnitzel"),
    "Bangkok": ("khao man gai", "khao soi"),
}
TRIPS = [
    ("5 days in Seoul from Tokyo, vegetarian", "Seoul"),
    ("4 days in Hanoi from Bangkok, vegetarian", "Hanoi"),
    ("5 days in Tokyo and Osaka from Seoul, vegetarian", "Tokyo"),
    ("we're vegan, a week in Lisbon and Porto from Paris", "Lisbon"),
    ("4 days in Mexico City from Los Angeles, vegetarian", "Mexico City"),
    ("3 days in Berlin from London, vegetarian", "Berlin"),
    ("4 days in Bangkok from Singapore, vegetarian", "Bangkok"),
]


def named(name: str, words: tuple[str, ...]) -> list[str]:
    return [w for w in words if re.search(rf"\b{w}", name.lower())]


@pytest.mark.parametrize(("query", "city"), TRIPS)
def test_a_vegetarian_plan_never_eats_at_a_place_named_for_meat(query: str, city: str) -> None:
    request, it = planned(query)
    assert request.diets
    # The city has such places, so the plan had them to leave out.
    here = OfflineWorld.shared().restaurants(city)
    assert any(named(r.name, DISHES[city]) for r in here), [r.name for r in here]
    cities = {d.city for d in it.days}
    words = tuple(w for c in cities for w in DISHES.get(c, ()))
    meals = [i for d in it.days for i in d.items if i.kind == "meal" and i.restaurant]
    assert meals
    for meal in meals:
        assert not named(meal.name, words), meal.name
        assert meal.restaurant is not None
        assert all(diet_fit(meal.restaurant, d) is not False for d in request.diets)
    diets = next(c for c in it.checks if c.name == "diets")
    # Nothing breaks the diet; a place whose menu nobody lists is a warning that counts it.
    assert diets.ok or not diets.hard, diets.detail


def place(name: str, *cuisines: str) -> Restaurant:
    return Restaurant(
        id="re-x", name=name, city="X", cuisines=list(cuisines), average_cost=10,
        currency="USD", source="test",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("restaurant", "meaty"),
    [
        (place("Sundae bar and soda fountain", "ice cream", "desserts"), False),
        (place("Hot fudge sundae parlour", "american", "desserts"), False),
        (place("Sundae and soup stall at the market", "korean", "street food"), True),
        (place("Korean sundae (blood sausage) alley", "street food"), True),
        (place("Wine bar with Tuscan boards", "italian"), False),
        (place("Goat cheese and honey cafe", "cafe"), False),
        (place("Sardinian trattoria", "italian"), False),
        (place("Wild boar ragu trattoria", "italian"), True),
        (place("Naengmyeon cold noodles", "korean", "noodles"), True),
        (place("Pho bo at a street stall", "vietnamese"), True),
        (place("Vegetarian pho kitchen", "vietnamese", "vegetarian"), False),
    ],
)
def test_a_meat_word_rules_a_place_out_only_where_it_means_meat(
    restaurant: Restaurant, meaty: bool
) -> None:
    for diet in ("vegetarian", "vegan"):
        fit = diet_fit(restaurant, diet)
        if meaty:
            assert fit is False, (restaurant.name, diet)
        elif diet == "vegetarian":
            assert fit is not False, (restaurant.name, diet)
