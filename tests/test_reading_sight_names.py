"""Sights named the way people name them, on real plans from the offline world: "Disney
World" is the Magic Kingdom and "Universal Studios" the park of the city the trip goes to
(a sight's ``aka`` names); "Disneyland" takes a family to it; and a town the catalogue does
not hold offers the listed sights beside it, so three days in Anaheim for Disneyland see
Disneyland and a weekend in Versailles the palace (no network)."""

from __future__ import annotations

import pytest

from lotara.models import Itinerary
from lotara.world import catalogue
from lotara.world.offline import OfflineWorld
from tests.test_planning_days import plan


def planned(it: Itinerary) -> set[str]:
    return {i.name for d in it.days for i in d.items if i.kind == "activity"}


@pytest.mark.parametrize(
    ("query", "city", "sight"),
    [
        ("a week at Disney World with the kids from Chicago", "Orlando", "Magic Kingdom"),
        (
            "family of five (kids 3, 7 and 12) disney world orlando for a week from boston",
            "Orlando",
            "Magic Kingdom",
        ),
        (
            "5 days in Los Angeles from Denver, Universal Studios and the Hollywood sign",
            "Los Angeles",
            "Universal Studios Hollywood",
        ),
        ("orlando 5 days, universal studios, from NYC", "Orlando", "Universal Studios Florida"),
        (
            "a week at Disneyland with the kids from Seattle",
            "Los Angeles",
            "Disneyland Park, Anaheim",
        ),
        (
            "Paris 4 days with the kids from Madrid, a day at Disneyland",
            "Paris",
            "Disneyland Paris",
        ),
    ],
)
def test_a_sight_named_as_people_name_it_is_a_must_and_is_planned(
    query: str, city: str, sight: str
) -> None:
    request, it = plan(query)
    assert [d.city for d in request.destinations] == [city]
    assert sight in request.must_see
    assert sight in planned(it)


def test_a_town_beside_a_listed_sight_plans_it_with_no_note_that_it_is_elsewhere() -> None:
    request, it = plan("3 days in Anaheim for Disneyland from Seattle with my kids")
    assert [d.city for d in request.destinations] == ["Anaheim"]
    assert "Disneyland Park, Anaheim" in planned(it)
    assert not any("does not go" in n for n in [*request.notes, *it.notes])


def test_a_town_the_catalogue_does_not_hold_offers_the_real_sights_beside_it() -> None:
    world = OfflineWorld.shared()
    place = world.resolve("Versailles, FR")
    offered = world.activities("Versailles, FR")
    assert offered[0].name == "Palace of Versailles"
    for a in offered:
        if not a.generic:
            assert a.city == "Versailles" and a.day_trip_from is None
            near = {s.name for s, _ in catalogue.sights_near(place.lat, place.lon)}
            assert a.name in near
    # Its namesake in Missouri has none: only what every town has.
    assert all(a.generic for a in world.activities("Versailles, US"))


def test_a_stop_is_asked_for_by_its_country_not_a_namesake() -> None:
    request, it = plan("a weekend in Versailles from London to see the palace")
    assert request.destinations[0].country == "FR"
    assert "Palace of Versailles" in planned(it)
