"""Halal where most restaurants serve halal food (Istanbul, Kuala Lumpur, Marrakech): a place
with no pork or drink to its name counts, and the diet check says why; a bar, a meyhane, a
pork grill or a Chinese kitchen is never assumed, and elsewhere nothing changes (real
offline world, no network)."""

from __future__ import annotations

import re

import pytest

from lotara.models import Restaurant
from lotara.planning.suitability import diet_fit
from tests.test_planning_days import plan
from tests.test_planning_diet_honesty import place


@pytest.mark.parametrize(
    ("query", "country"),
    [
        ("4 days in Istanbul from London, halal food", "Turkey"),
        ("4 days in Kuala Lumpur from London, we eat halal", "Malaysia"),
        ("4 days in Marrakech from London, halal please", "Morocco"),
    ],
)
def test_halal_in_a_muslim_majority_country_is_counted_and_said(query: str, country: str) -> None:
    request, itinerary = plan(query)
    assert request.diets == ["halal"]
    check = next(c for c in itinerary.checks if c.name == "diets")
    # Most meals are now vouched for; the few at kitchens that often serve pork (Kuala
    # Lumpur's Hokkien noodles) are still counted as unknown, never passed.
    told = re.search(r"confirmed at (\d+) of (\d+)", check.detail)
    assert check.ok or (told and 3 * int(told.group(1)) >= 2 * int(told.group(2))), check.detail
    assert f"in {country} most restaurants serve halal food" in check.detail


@pytest.mark.parametrize(
    ("restaurant", "country", "fit"),
    [
        (place("Kebab house", "turkish"), "TR", True),
        (place("Meyhane in Beyoglu", "turkish"), "TR", False),
        (place("Rooftop cocktail bar", "bar"), "MY", False),
        (place("Dim sum hall", "cantonese"), "MY", None),
        (place("Kebab house", "turkish"), "DE", None),
    ],
)
def test_only_places_with_nothing_against_it_count(
    restaurant: Restaurant, country: str, fit: bool | None
) -> None:
    assert diet_fit(restaurant, "halal", country) is fit
