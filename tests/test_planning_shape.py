"""Trips whose shape the world cannot make as asked: a town with no flight home, an island
hop, a forbidden mode. Each is a real plan from the offline world whose legs connect, with
the routing said; or one sentence saying why the trip cannot be made."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from lotara.errors import InvalidValue
from lotara.models import PlanConstraints
from lotara.planning.candidates import find_flights
from lotara.planning.checks import journeys
from lotara.planning.intent import build_trip_request
from lotara.planning.pipeline import plan_trip
from lotara.world.provider import default_provider

TODAY = date(2027, 3, 1)
HOME = {"home_airport": "ANC"}

GATEWAY_TRIPS = [
    # the region's towns have no flight from home: in and out through an airport nearby
    "3 couples, Provence, a week",
    # ... by air to a hub, by coach on (Siem Reap's airport closed; Moab's has no flights)
    "4 days in Siem Reap from London",
    "3 days in Moab from Chicago",
]
FEEDER_TRIPS = [
    # these once went through a gateway: a small airport's flights now feed its hub on one
    # ticket (Akureyri-Keflavik-New York; Miami-Quito-Galapagos and back)
    "Iceland ring road 7 days from NYC, 2 people, around 6000 dollars",
    "Galapagos and Quito 9 days from Miami",
    "Galapagos 6 days from Miami",
]
ISLAND_TRIPS = [
    # one island by road, islands by ferry: no gateway needed
    "a week on Maui",
    "Seychelles: Mahe and Praslin 8 days from Paris",
    "Mallorca and Menorca 7 days from Barcelona",
    "Fiji honeymoon, 9 nights",
    "Langkawi and Penang 6 days from Singapore",
    "Amalfi Coast and Capri for 5 days from Boston",
]


def build(query: str):
    world = default_provider()
    request = build_trip_request(
        query, constraints=PlanConstraints(), prefs=HOME, provider=world, today=TODAY
    )
    return request, world


def assert_connected(itinerary) -> None:
    legs = journeys(itinerary)
    for a, b in zip(legs, legs[1:], strict=False):
        assert a.destination == b.origin, (a.description, b.description)
        assert datetime.fromisoformat(a.arrive) <= datetime.fromisoformat(b.depart)
    for leg in legs:
        assert datetime.fromisoformat(leg.depart) < datetime.fromisoformat(leg.arrive)


@pytest.mark.parametrize("query", GATEWAY_TRIPS)
def test_a_stop_with_no_way_on_goes_through_a_gateway(query: str) -> None:
    request, world = build(query)
    found = find_flights(request, world)
    assert len(found.legs) > len(request.destinations) + 1
    gateway = [leg for leg in found.legs if leg.gateway]
    assert len(gateway) % 2 == 0 and gateway
    for a, b in zip(found.legs, found.legs[1:], strict=False):
        assert a.destination_city == b.origin_city
        assert a.date <= b.date
    assert all(leg.flights or leg.ground for leg in found.legs)
    for leg in gateway:
        assert any(leg.destination_city in note or leg.origin_city in note for note in found.notes)

    itinerary, selection = plan_trip(request, world)
    assert_connected(itinerary)
    # The transfers too: each starts once the leg before it is in, and none sits between two
    # flights that connect at one airport (the traveller never leaves it).
    every = itinerary.transport
    for a, b in zip(every, every[1:], strict=False):
        assert datetime.fromisoformat(a.arrive) <= datetime.fromisoformat(b.depart), (
            a.description,
            b.description,
        )
    for a, b in zip(journeys(itinerary), journeys(itinerary)[1:], strict=False):
        if a.connects_to is None:
            continue
        assert b.connects_from is not None and a.destination == b.origin
        rides = every[every.index(a) + 1 : every.index(b)]
        assert all(r.kind == "transfer" for r in rides)
        kinds = {a.kind, b.kind}
        if kinds == {"flight"}:
            assert a.flight and b.flight
            same = a.flight.segments[-1].destination == b.flight.segments[0].origin
            assert len(rides) == (0 if same else 2), (a.description, b.description)
        elif "flight" in kinds and kinds & {"self-driving", "car_hire", "taxi"}:
            assert rides == [], (a.description, b.description)  # a drive goes to the airport
        elif "flight" in kinds:  # a train, coach or ferry ends in town: one ride to the plane
            assert len(rides) == 1, (a.description, b.description)
    assert selection.cost == itinerary.cost  # the transfers counted are those shown
    legs = journeys(itinerary)
    home = {request.origin, request.origin_city}
    assert legs[0].origin in home and legs[-1].destination in home
    stops = [leg.destination for leg in legs]
    assert all(d.city in stops for d in request.destinations)
    transport = next(c for c in itinerary.checks if c.name == "transport")
    assert transport.ok, transport.detail


@pytest.mark.parametrize("query", FEEDER_TRIPS)
def test_a_small_airport_is_flown_through_its_hub_not_a_gateway(query: str) -> None:
    request, world = build(query)
    found = find_flights(request, world)
    assert not any(leg.gateway for leg in found.legs) and not found.notes
    assert len(found.legs) == len(request.destinations) + 1
    itinerary, _ = plan_trip(request, world)
    assert_connected(itinerary)
    flights = [leg for leg in journeys(itinerary) if leg.kind == "flight" and leg.flight]
    assert flights and all(leg.flight.stops <= 2 for leg in flights)


def test_the_gateway_is_said_in_the_plan_notes() -> None:
    request, world = build(GATEWAY_TRIPS[0])
    notes = find_flights(request, world).notes
    itinerary, _ = plan_trip(request, world)
    assert notes and all(note in itinerary.notes for note in notes)


@pytest.mark.parametrize("query", ISLAND_TRIPS)
def test_island_hops_are_made_by_road_or_ferry(query: str) -> None:
    request, world = build(query)
    itinerary, _ = plan_trip(request, world)
    assert_connected(itinerary)
    legs = journeys(itinerary)
    between = legs[1:-1]
    assert between and all(
        leg.kind in ("ferry", "self-driving", "car_hire", "bus", "taxi") for leg in between
    )
    assert [leg.destination for leg in legs[:-1]] == [d.city for d in request.destinations]


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("Munich 4 days, no flights", ("without flight", "only flight")),
        ("Santorini and Mykonos 6 days from London, no flights", ("without flight", "only flight")),
    ],
)
def test_a_trip_no_way_makes_says_why_in_one_sentence(query: str, words: tuple[str, ...]) -> None:
    request, world = build(query)
    with pytest.raises(InvalidValue) as raised:
        find_flights(request, world)
    message = str(raised.value)
    assert all(w in message for w in words)
    assert message.count(". ") == 0 and message.endswith(".")


@pytest.mark.parametrize(
    ("origin", "destination"),
    [("JNB", "MRU"), ("LAX", "PPT"), ("BOS", "PDL"), ("GYE", "GPS")],
)
def test_islands_lifelines_fly_nonstop(origin: str, destination: str) -> None:
    world = default_provider()
    found = world.flights(origin, destination, date(2027, 4, 2))
    assert any(f.stops == 0 for f in found)
    back = world.flights(destination, origin, date(2027, 4, 9))
    assert any(f.stops == 0 for f in back)


def test_a_city_whose_airport_closed_flies_from_the_one_that_replaced_it() -> None:
    world = default_provider()
    place = world.resolve("Ulan Bator")
    assert place.airports[0] == "ULN"  # closed to airlines: the city's flights use UBN
    found = world.flights("BJS", "ULN", date(2027, 4, 2))
    assert found and all(f.segments[-1].destination == "UBN" for f in found)
    assert "UBN" in place.airports
    assert any(t.airport == "UBN" for t in world.transfers("Ulan Bator"))


def test_no_road_joins_greenlands_towns() -> None:
    world = default_provider()
    modes = {g.mode for g in world.ground_legs("Ilulissat", "Sisimiut")}
    assert not modes & {"bus", "self-driving", "car_hire", "taxi"}


def test_ajaccio_is_the_corsican_town() -> None:
    place = default_provider().resolve("Ajaccio")
    assert "AJA" in place.airports and place.lat < 43
