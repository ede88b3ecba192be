"""Planning on the embedded offline world: trips across continents, as a traveller asks them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lotara.models import PlanConstraints
from lotara.planning.checks import closed_on, days_in_air
from lotara.planning.intent import build_trip_request
from lotara.planning.pipeline import plan_trip
from lotara.world.provider import default_provider

TODAY = date(2027, 3, 1)

TRIPS = [
    # query, travelers, cities
    ("5 days in Tokyo for under $3000 from LAX, food and culture", 1, ["Tokyo"]),
    (
        "A week in Rome, Florence and Venice from NYC for 2, $6000",
        2,
        ["Rome", "Florence", "Venice"],
    ),
    ("Family of four to Barcelona from London for 4 nights, 4000 GBP, beaches", 4, ["Barcelona"]),
    ("Mexico City for 4 days from Toronto, art and food, packed", 1, ["Mexico City"]),
    (
        "Sydney and Melbourne, 8 days, from Singapore, family of 3, $7000",
        3,
        ["Sydney", "Melbourne"],
    ),
]


def build(query: str):
    world = default_provider()
    request = build_trip_request(
        query, constraints=PlanConstraints(), prefs={}, provider=world, today=TODAY
    )
    return request, world


@pytest.mark.parametrize(("query", "travelers", "cities"), TRIPS)
def test_trips_across_continents(query: str, travelers: int, cities: list[str]) -> None:
    request, world = build(query)
    assert request.travelers == travelers
    assert [d.city for d in request.destinations] == cities
    itinerary, selection = plan_trip(request, world)

    assert itinerary.ok, [c for c in itinerary.checks if not c.ok]
    assert selection.shortfall is None
    assert [d.date for d in itinerary.days] == [
        request.start_date + timedelta(i) for i in range(request.days)
    ]
    between = [leg for leg in itinerary.transport if leg.kind != "transfer"]
    assert [leg.destination for leg in between[:-1]] == cities
    in_air = days_in_air(itinerary)  # leaving home overnight: meals on board
    for day in itinerary.days:
        assert sum(item.kind == "meal" for item in day.items) == (0 if day.date in in_air else 3)
        assert day.timezone == world.resolve(day.city).timezone
        for item in day.items:
            if item.activity is not None:
                assert item.activity.city == day.city
                assert not closed_on(item.activity.closed_days, day.date)
    names = [i.name for d in itinerary.days for i in d.items if i.kind == "activity"]
    assert len(names) == len(set(names)) >= 3
    for booking in itinerary.stays:
        assert booking.rooms * booking.stay.max_occupancy >= travelers
    assert all(s.estimate for s in itinerary.sources)
    if request.budget is not None:
        assert itinerary.cost.total <= request.budget.amount
        assert itinerary.cost.currency == request.budget.currency


def test_a_tight_budget_to_bangkok_states_its_shortfall() -> None:
    request, world = build("Bangkok solo from LAX with a budget of $300, street food")
    itinerary, selection = plan_trip(request, world)
    assert selection.shortfall is not None and selection.shortfall > 0
    assert selection.shortfall == pytest.approx(itinerary.cost.total - 300, abs=0.01)
    failing = [c.name for c in itinerary.checks if not c.ok and c.hard]
    assert failing == ["budget"]
    assert not itinerary.ok


def test_the_same_request_gives_the_same_plan() -> None:
    request, world = build(TRIPS[1][0])
    first, _ = plan_trip(request, world)
    second, _ = plan_trip(request, world)
    assert first.model_dump_json() == second.model_dump_json()


@pytest.mark.parametrize(
    "query",
    [
        "Paris to Amsterdam to Berlin by train only, 8 days in May, two of us",
        "by train only: Munich and Vienna from Zurich, 9 days, 2 people",
        "Vienna and Budapest from Munich by rail, a week",
    ],
)
def test_a_train_only_trip_goes_home_by_train_where_a_line_runs(query: str) -> None:
    """Europe's direct lines (Berlin-Paris ICE, Railjets over the Alps) bring a train-only
    traveller home by train: no 1,100 km drive where a train runs."""
    request, world = build(query)
    assert request.transport_modes == ["train"]
    itinerary, _ = plan_trip(request, world)
    assert [leg.kind for leg in itinerary.transport] == ["train"] * len(itinerary.transport)
    checks = {c.name: c for c in itinerary.checks}
    assert checks["transport_modes"].ok, checks["transport_modes"].detail


@pytest.mark.parametrize(
    ("origin", "destination"),
    [
        ("JFK", "ORD"),
        ("LGA", "ORD"),
        ("LAX", "BOS"),
        ("SEA", "MIA"),
        ("YVR", "YHZ"),
        ("SYD", "PER"),
    ],
)
def test_a_domestic_flight_connects_at_home(origin: str, destination: str) -> None:
    # New York-Chicago once flew home via Toronto, a hub of another country.
    from lotara.world.offline import OfflineWorld

    world = OfflineWorld.shared()
    a, b = world._airport(origin), world._airport(destination)
    _, via = world._routing((a,), (b,))
    assert via, "no connection at all"
    assert all(hub.country == a.country for hubs in via for hub in hubs), via


def test_a_stop_known_only_as_a_day_out_from_another_is_that_day_out() -> None:
    # "Hanoi, Ha Long Bay, Hoi An" once slept three nights in Ha Long city, whose days were
    # generic suggestions, while the Ha Long Bay cruise from Hanoi sat in the catalogue.
    request, world = build("10 days Vietnam from Singapore: Hanoi, Ha Long Bay, Hoi An, solo")
    assert [d.city for d in request.destinations] == ["Hanoi", "Hoi An"]
    assert "Ha Long Bay cruise" in request.must_see
    assert any("a day out from Hanoi" in n for n in request.notes)
    it, _ = plan_trip(request, world)
    cruise = [i for d in it.days for i in d.items if i.activity and "Ha Long" in i.name]
    assert len(cruise) == 1 and next(c for c in it.checks if c.name == "must_see").ok
