"""A famous national park named in a request is planned from the gateway town the reader
goes to (Mariposa for Yosemite): the town's catalogue holds the park's sights, named for the
park, so the park is a must-see and is in the plan, with no generic fill and no note that
lotara knows no visit to it (no network)."""

from __future__ import annotations

import pytest

from tests.test_planning_days import plan
from tests.test_reading_words import read

PARKS = [
    ("Yosemite for 4 days from LA", ["Mariposa"], "Yosemite"),
    (
        "Grand Canyon and Zion, 6 days, from Chicago",
        ["Flagstaff", "Zion National Park"],
        "Grand Canyon",
    ),
    # Springdale is the Zion catalogue city's alias: its Zion sights count
    ("Grand Canyon and Zion, 6 days, from Chicago", ["Flagstaff", "Zion National Park"], "Zion"),
    # Yellowstone's roads close in winter: its snowcoach is the visit then
    ("Yellowstone with kids 5 days from Denver", ["Jackson"], "Yellowstone"),
    ("Kruger safari 5 days from London", ["Nelspruit"], "Kruger"),
    # the Mara is Nairobi's fly-in day safari from Wilson Airport
    ("Masai Mara safari 5 days from London", ["Nairobi"], "Maasai Mara"),
]


@pytest.mark.parametrize(("query", "towns", "park"), PARKS)
def test_a_park_asked_for_is_a_must_see_of_its_gateway_town(
    query: str, towns: list[str], park: str
) -> None:
    request = read(query)
    assert [d.city for d in request.destinations] == towns
    assert any(park in m for m in request.must_see), request.must_see
    assert not any("knows no visit" in n for n in request.notes), request.notes


@pytest.mark.parametrize(("query", "towns", "park"), PARKS)
def test_a_park_asked_for_is_planned_without_generic_fill(
    query: str, towns: list[str], park: str
) -> None:
    _, itinerary = plan(query)
    sights = [
        i.activity for d in itinerary.days for i in d.items if i.kind == "activity" and i.activity
    ]
    assert any(park in a.name for a in sights), [a.name for a in sights]
    assert not any(a.generic for a in sights), [a.name for a in sights if a.generic]


def test_a_country_safari_stays_where_the_catalogue_has_the_safaris() -> None:
    """ "Safari in Kenya" for twelve days: the days go to Nairobi (its fly-in day safari to
    the Mara, named for the theme, is the must-see, before its city park's game drive), not
    to Mombasa, whose days the catalogue could fill only with generic suggestions."""
    request = read("Safari in Kenya and a few days on the beach in Zanzibar, 12 days from London")
    assert [d.city for d in request.destinations] == ["Nairobi", "Zanzibar"]
    assert any("Maasai Mara" in m for m in request.must_see), request.must_see
    _, itinerary = plan(
        "Safari in Kenya and a few days on the beach in Zanzibar, 12 days from London"
    )
    names = [i.name for d in itinerary.days for i in d.items if i.kind == "activity"]
    assert any("Maasai Mara" in n for n in names)
    assert not any("generic suggestion" in n for n in names), names
