"""Trips whose words give them a shape: a stopover on the way, island hopping by ferry, and
what was read but cannot be used, said in the notes rather than dropped."""

from __future__ import annotations

from datetime import date

import pytest

from lotara.models import PlanConstraints, TripRequest
from lotara.planning.intent import build_trip_request
from lotara.world.offline import OfflineWorld
from lotara.world.provider import default_provider

TODAY = date(2027, 3, 1)


@pytest.fixture(scope="module")
def provider():
    return default_provider()


def read(query: str, provider) -> TripRequest:
    return build_trip_request(
        query,
        constraints=PlanConstraints(),
        prefs={"home_airport": "LHR"},
        provider=provider,
        today=TODAY,
    )


@pytest.mark.parametrize(
    "query",
    [
        "10 days in Bali with a stopover in Singapore on the way, flying from London",
        "sydney and melbourne for 2 weeks, singapore stopover, from manchester",
        "3 weeks Australia from London, break the journey in Singapore",
    ],
)
def test_a_stopover_is_one_or_two_nights_on_the_way_out(query: str, provider) -> None:
    trip = read(query, provider)
    first, rest = trip.destinations[0], trip.destinations[1:]
    assert first.city == "Singapore"
    assert first.nights in (1, 2)
    assert rest and all(d.nights is None for d in rest)  # the main stops share the rest
    assert any("Singapore is a stopover" in n for n in trip.notes)


def test_a_stopover_on_the_way_back_is_the_last_stop_with_the_nights_stated(provider) -> None:
    trip = read("Maldives 2 weeks then a couple of nights in Dubai on the way home", provider)
    assert [d.city for d in trip.destinations][-1] == "Dubai"
    assert trip.destinations[-1].nights == 2


def test_a_short_trip_gives_its_stopover_one_night(provider) -> None:
    trip = read("5 days in Tokyo with a stopover in Seoul", provider)
    assert [(d.city, d.nights) for d in trip.destinations][0] == ("Seoul", 1)


@pytest.mark.parametrize(
    "query",
    [
        "island hopping in greece for 12 days from boston",
        "Greek island hopping, 10 nights",
        "hopping around the greek islands for 10 days with my sister",
        "athens 3 nights then island hop for a week",
        "3 greek islands in 10 days",
    ],
)
def test_island_hopping_is_three_or_more_islands_each_a_ferry_from_the_last(
    query: str, provider
) -> None:
    trip = read(query, provider)
    cities = [d.city for d in trip.destinations]
    assert {d.country for d in trip.destinations} == {"GR"}
    assert len(cities) >= 4  # the port and at least three islands
    for a, b in zip(cities, cities[1:], strict=False):
        assert OfflineWorld.shared().listed_route("ferry", a, b) is not None, (a, b)
    assert any(n.startswith("Island hopping in Greece") for n in trip.notes)


def test_island_hopping_where_no_ferries_are_known_says_so(provider) -> None:
    trip = read("10 nights in the philippines island hopping", provider)
    assert any("knows no ferries" in n for n in trip.notes)
    assert trip.destinations  # still planned, as an ordinary trip


def test_a_hop_shorter_than_three_islands_says_how_far_the_ferries_reach(provider) -> None:
    trip = read("croatia island hopping 10 days", provider)
    cities = [d.city for d in trip.destinations]
    for a, b in zip(cities, cities[1:], strict=False):
        assert OfflineWorld.shared().listed_route("ferry", a, b) is not None, (a, b)
    assert any("fewer than the 3 islands" in n for n in trip.notes)


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("Wanna go to lisbon 4 days in april from paris, pescatarian", "pescatarian"),
        ("napoli and capri 6 days, lactose intolerant", "dairy-free"),
        ("florence 5 days in the school holidays with my 2 teenagers", "school holidays"),
        ("paris for my 40th, 3 nights", "my 40th"),
    ],
)
def test_what_is_read_but_cannot_be_used_is_said(query: str, words: str, provider) -> None:
    trip = read(query, provider)
    assert any(words in n for n in trip.notes), trip.notes
    assert not trip.diets  # no diet lotara cannot check is claimed as honoured


def test_ages_are_not_a_budget_and_children_without_a_count_join_a_party(provider) -> None:
    trip = read("Bali for 10 days, family of 4, 2 kids under 5", provider)
    assert trip.budget is None
    assert read("costa rica with kids 7 and 10, 12 days, july", provider).travelers == 3


def test_a_stopover_never_takes_the_other_stops_nights(provider) -> None:
    trip = read("2 days in Bali with a stopover in Singapore", provider)
    assert [d.city for d in trip.destinations] == ["Singapore", "Bali"]
    assert all(d.nights is None for d in trip.destinations)  # one night: shared as usual


def test_the_islands_asked_for_are_the_hop(provider) -> None:
    trip = read("Athens and two islands, 9 days", provider)
    cities = [d.city for d in trip.destinations]
    assert cities[0] == "Athens" and len(cities) == 3
    for a, b in zip(cities, cities[1:], strict=False):
        assert OfflineWorld.shared().listed_route("ferry", a, b) is not None, (a, b)


@pytest.mark.parametrize(
    "query",
    [
        "Budget trip to Thailand islands for 10 days from Singapore",
        "the Thai islands, 10 days from Singapore",
        "the islands of Thailand for 10 days from Singapore",
    ],
)
def test_a_countrys_islands_are_its_islands_not_its_cities(query: str, provider) -> None:
    """ "Thailand islands" is a hop to its islands, not Bangkok and Chiang Mai; a group of
    islands that is itself a place ("the Canary Islands") is still that place."""
    trip = read(query, provider)
    cities = [d.city for d in trip.destinations]
    assert "Phuket" in cities and not {"Bangkok", "Chiang Mai"} & set(cities), cities
    for a, b in zip(cities, cities[1:], strict=False):
        assert OfflineWorld.shared().listed_route("ferry", a, b) is not None, (a, b)
    assert any(n.startswith("Island hopping in Thailand") for n in trip.notes)
    canaries = read("Canary Islands, a week from London", provider)
    assert {d.country for d in canaries.destinations} == {"ES"}
