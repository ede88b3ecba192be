"""A request that names no place but a kind of place ("a cosy cabin in the mountains for a
week", "a chalet week", "a cabin in the woods") is planned at a mountain getaway the world
knows, where chalets are to be had, and the notes say it was chosen (real offline world, no
network)."""

from __future__ import annotations

import pytest

from lotara.world import catalogue
from tests.test_planning_days import plan
from tests.test_reading_weekend import TUESDAY, read


@pytest.mark.parametrize(
    "query",
    [
        "a cosy cabin in the mountains for a week from London",
        "chalet week from Paris",
        "cabin in the woods from Seattle",
        "somewhere alpine for 5 days from Manchester",
    ],
)
def test_the_mountains_with_no_place_are_a_mountain_getaway_said_in_the_notes(
    query: str,
) -> None:
    request = read(query, TUESDAY)
    (stop,) = request.destinations
    row = catalogue.by_name()[stop.city]
    assert catalogue.getaway(row) == "mountain"
    assert any(
        n.startswith(f"No place named: {stop.city} is the nearest") and "the mountains" in n
        for n in request.notes
    )


def test_the_cabin_is_planned_in_a_chalet_there() -> None:
    request, itinerary = plan("a cosy cabin in the mountains for a week from London")
    assert request.stay_kinds == ["cabin"] and request.days == 7
    kind = next(c for c in itinerary.checks if c.name == "stay_kind")
    assert kind.ok, kind.detail
