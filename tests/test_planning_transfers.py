"""Plans take the traveller from the airport into town and pay for getting around."""

from __future__ import annotations

from datetime import date

from lotara.models import PlanConstraints
from lotara.planning.intent import build_trip_request
from lotara.planning.pipeline import plan_trip
from lotara.planning.transfers import party_cost
from lotara.world.provider import default_provider

TODAY = date(2027, 3, 1)


def _plan(query: str):
    world = default_provider()
    request = build_trip_request(
        query, constraints=PlanConstraints(), prefs={}, provider=world, today=TODAY
    )
    return request, *plan_trip(request, world)


def test_a_family_of_four_in_london_has_transfers_and_pays_for_transit() -> None:
    request, itinerary, _ = _plan("Family of four to London from New York for 5 nights, $9000")
    assert request.travelers == 4
    transfers = [leg for leg in itinerary.transport if leg.kind == "transfer"]
    assert len(transfers) == 2 and all(leg.transfer is not None for leg in transfers)
    arrive, leave = transfers
    assert arrive.origin == arrive.transfer.airport and leave.destination == leave.transfer.airport
    for leg in transfers:
        assert leg.cost == round(party_cost(leg.transfer, 4), 2)
        assert leg.source == "offline-estimate"
    flights = [leg for leg in itinerary.transport if leg.kind == "flight"]
    assert arrive.depart > flights[0].arrive and leave.arrive < flights[-1].depart
    london_days = sum(1 for d in itinerary.days if d.city == "London")
    day_pass = default_provider().local_transport("London", currency="USD")
    assert itinerary.cost.local_transport >= round(london_days * day_pass.daily_cost * 4, 2)
    assert any("Getting around London" in note for note in itinerary.notes)
    assert itinerary.ok, [c for c in itinerary.checks if not c.ok]


def test_local_costs_are_fitted_inside_the_budget() -> None:
    _, itinerary, selection = _plan(
        "Sydney and Melbourne, 8 days, from Singapore, family of 3, $7000"
    )
    assert itinerary.cost.local_transport > 0
    assert itinerary.cost.total <= 7000 and selection.shortfall is None
    assert itinerary.ok, [c for c in itinerary.checks if not c.ok]
