""" "3 cities in Italy by train from London" is three of Italy's places, joined by train where
a train runs, and a leg that cannot be (London to Italy has no train of its own in the world)
is said in the transport check, never passed silently (real offline world, no network)."""

from __future__ import annotations

import pytest

from tests.test_planning_days import plan
from tests.test_reading_weekend import TUESDAY, read


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("3 cities in Italy by train from London", 3),
        ("two cities in Spain for a week from Berlin", 2),
        ("4 towns in France, 12 days, from New York", 4),
    ],
)
def test_the_number_of_cities_asked_is_the_number_planned(query: str, count: int) -> None:
    request = read(query, TUESDAY)
    assert len(request.destinations) == count
    assert len({d.country for d in request.destinations}) == 1


def test_by_train_the_legs_between_are_trains_and_a_flown_leg_is_said() -> None:
    request, itinerary = plan("3 cities in Italy by train from London")
    assert request.transport_modes == ["train"] and len(request.destinations) == 3
    stops = {d.city for d in request.destinations}
    between = [leg for leg in itinerary.transport if {leg.origin, leg.destination} <= stops]
    assert len(between) == 2 and all(leg.kind == "train" for leg in between)
    flown = [leg for leg in itinerary.transport if leg.kind == "flight"]
    check = next(c for c in itinerary.checks if c.name == "transport_modes")
    # the flown legs are said: a failed check naming the flight, or "flown where nothing ..."
    assert flown and "flight" in check.detail.lower() or "flown where nothing" in check.detail
