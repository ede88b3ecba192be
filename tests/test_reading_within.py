"""Places that are part of a stop, on real plans from the offline world: a district of a city
the trip goes to ("a show in the west end", "stay in Shibuya") is no stop of its own, a day
trip from a stop ("day trip to Sintra") is the stop's catalogue day trip, never a night
there, and a word naming a stop's sight ("Alhambra" in Granada) is that sight, not a far town
of the same name; whatever is read but not planned is said in the notes (no network)."""

from __future__ import annotations

import pytest

from lotara.models import TripRequest
from tests.test_planning_days import plan
from tests.test_planning_hours import check, day_of
from tests.test_reading_words import read


def assert_musts(request: TripRequest, city: str, musts: list[str]) -> None:
    """One stop, ``city``, and the must-sees whose names begin as ``musts`` say, in order."""
    assert [d.city for d in request.destinations] == [city]
    assert len(request.must_see) == len(musts)
    for want, got in zip(musts, request.must_see, strict=True):
        assert got.startswith(want)


@pytest.mark.parametrize(
    ("query", "city", "sight", "note"),
    [
        (
            "me and my girlfriend want to do london for like 4 days in march, flying from "
            "dublin, would love to catch a show in the west end",
            "London",
            "A West End show",
            "Read west end as A West End show, a sight of London",
        ),
        (
            "Lisbon 4 nights from Paris end of May for two, fado evening and day trip to Sintra",
            "Lisbon",
            "Sintra palaces day trip",
            "Read Sintra as a day trip from Lisbon, not a stop",
        ),
        (
            "2 days in Granada from Madrid, must see the Alhambra",
            "Granada",
            "Alhambra and the Generalife",
            "Read Alhambra as Alhambra and the Generalife, a sight of Granada",
        ),
    ],
)
def test_a_part_of_a_stop_is_planned_in_that_stop(
    query: str, city: str, sight: str, note: str
) -> None:
    request, itinerary = plan(query)
    assert [d.city for d in request.destinations] == [city]
    assert request.must_see == [sight]
    assert any(n.startswith(note) for n in request.notes)
    day, _ = day_of(itinerary, sight)
    assert day.city == city
    assert {s.city for s in itinerary.stays} == {city}
    assert check(itinerary, "must_see")


@pytest.mark.parametrize(
    ("query", "city", "part"),
    [
        ("5 days in Tokyo from LA, we want to stay in Shibuya", "Tokyo", "Shibuya"),
        ("Paris for a week from New York, staying in Montmartre", "Paris", "Montmartre"),
        ("Rome 4 days from London, staying in Trastevere", "Rome", "Trastevere"),
        ("New York 5 days from Chicago, one day in Brooklyn", "New York", "Brooklyn"),
        ("Berlin weekend from London, hotel in Kreuzberg", "Berlin", "Kreuzberg"),
        ("London 5 days from Boston, hotel near Soho", "London", "Soho"),
        ("Tokyo 6 days from Seoul, staying in Shinjuku", "Tokyo", "Shinjuku"),
        ("Rio de Janeiro 6 days from Miami, staying in Copacabana", "Rio de Janeiro", "Copacabana"),
        ("Sydney 5 days from Melbourne, staying in Bondi", "Sydney", "Bondi"),
    ],
)
def test_a_district_of_a_stop_is_no_stop_and_the_notes_say_so(
    query: str, city: str, part: str
) -> None:
    request = read(query)
    assert [d.city for d in request.destinations] == [city]
    assert f"Read {part} as a part of {city}, not another stop" in " ".join(request.notes)


@pytest.mark.parametrize(
    ("query", "city", "musts", "unplanned"),
    [
        ("Cusco 5 days from Lima with a day trip to Machu Picchu", "Cusco", ["Machu Picchu"], ""),
        ("Berlin 4 days from Paris, excursion to Potsdam", "Berlin", ["Sanssouci Palace"], ""),
        ("Paris 5 days from Boston, day trip to Versailles", "Paris", ["Palace of Versailles"], ""),
        ("Sydney 5 days from Perth, Blue Mountains day trip", "Sydney", ["Blue Mountains"], ""),
        ("Kyoto 4 days from Tokyo and a day trip to Nara", "Kyoto", ["Nara's temples"], ""),
        ("Naples 4 days from Rome with a day trip to Pompeii", "Naples", ["Pompeii"], ""),
        ("Bangkok 4 days from Singapore, day trip to Ayutthaya", "Bangkok", ["Ayutthaya"], ""),
        (
            "Lisbon 5 days from London, day trips to Sintra and Cascais",
            "Lisbon",
            ["Sintra"],
            "Cascais",
        ),
        ("Florence 4 days from London with a day trip to Pisa", "Florence", [], "Pisa"),
        ("Tokyo 5 days from Seoul and a day trip to Nikko", "Tokyo", [], "Nikko"),
        ("Edinburgh 4 days from London, day trip to the Highlands", "Edinburgh", [], "Highlands"),
        ("Rome 5 days from Paris, a day trip to Tivoli", "Rome", [], "Tivoli"),
        (
            "a day trip from Lisbon to Sintra, 4 days in Lisbon from London",
            "Lisbon",
            ["Sintra"],
            "",
        ),
    ],
)
def test_a_day_trip_from_a_stop_is_no_night_there(
    query: str, city: str, musts: list[str], unplanned: str
) -> None:
    request = read(query)
    assert_musts(request, city, musts)
    if unplanned:  # read, not planned: the notes say so
        assert any(
            n.startswith(f"Read {unplanned} as a day trip from {city}") and "none is planned" in n
            for n in request.notes
        )


@pytest.mark.parametrize(
    ("query", "city", "musts"),
    [
        ("Sydney 5 days from Melbourne, want to visit Bondi", "Sydney", ["Bondi Beach"]),
        # A district named for what to do there is its sight, not a stay.
        ("Rome 4 days from London, dinner in Trastevere", "Rome", ["Trastevere evening walk"]),
        ("Berlin weekend from London, clubbing in Kreuzberg", "Berlin", ["Kreuzberg food"]),
        ("Cusco 5 days from Lima, Machu Picchu", "Cusco", ["Machu Picchu"]),
        ("Granada 3 days from Madrid, Generalife gardens", "Granada", ["Alhambra"]),
        ("San Diego 4 days from Denver with the kids, the zoo", "San Diego", ["San Diego Zoo"]),
        ("Las Vegas 3 days from LA, a cirque show", "Las Vegas", ["Cirque du Soleil"]),
        ("Cairo 4 days from London, the light show", "Cairo", ["Sound and light show"]),
        ("Edinburgh 3 days from London, the castle", "Edinburgh", ["Edinburgh Castle"]),
        ("Naples 4 days from Rome, want to see Pompeii", "Naples", ["Pompeii"]),
        # Negated, or a word of sights in two of the trip's cities: no must-see.
        ("Cairo 4 days from London, no light show please", "Cairo", []),
    ],
)
def test_a_sight_named_loosely_is_a_must_where_the_trip_goes(
    query: str, city: str, musts: list[str]
) -> None:
    request = read(query)
    assert_musts(request, city, musts)


@pytest.mark.parametrize(
    ("query", "cities"),
    [
        # Two stops, though near: a well-known place needs "in the", "near" or "staying in".
        ("Amalfi and Positano for a week from Rome", ["Amalfi", "Positano"]),
        # A length makes a stop, whatever a stop's sights are called.
        ("milan 3 nights for fashion week, then lake como 2 nights, from paris", ["Milan", "Como"]),
        ("Kyoto 3 nights, Nara 2 nights from Tokyo", ["Kyoto", "Nara"]),
        # A region with a place of its own to stay is a stop when listed.
        (
            "Bangkok, Ayutthaya, Chiang Mai in 9 days from Singapore",
            ["Bangkok", "Phra Nakhon Si Ayutthaya", "Chiang Mai"],
        ),
        # Too far for a day: a stop.
        (
            "Rome 3 days, a day in Florence, then Venice 2 days from Paris",
            ["Rome", "Florence", "Venice"],
        ),
        # Williamsburg, Virginia is not New York's Williamsburg.
        ("New York and Williamsburg, Virginia from Boston", ["New York", "Williamsburg"]),
    ],
)
def test_a_place_of_its_own_stays_a_stop(query: str, cities: list[str]) -> None:
    request = read(query)
    assert [d.city for d in request.destinations] == cities
