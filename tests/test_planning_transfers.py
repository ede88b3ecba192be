"""Plans take the traveller from the airport into town and pay for getting around."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from lotara.models import PlanConstraints
from lotara.planning.candidates import gather_candidates
from lotara.planning.intent import build_trip_request
from lotara.planning.optimise import choose_options
from lotara.planning.pipeline import plan_trip
from lotara.planning.transfers import daily_cost, local_costs, party_cost
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


def test_lotara_plans_path_has_the_same_transfers_and_states_the_final_figures(store) -> None:
    """The agents (what ``lotara plan`` runs) end the plan as ``plan_trip`` does."""
    from lotara.jobs import engine
    from lotara.models import EventType, PlanRequest

    query = "Family of four to London from New York for 5 nights, $9000"
    job = engine.run_job(store, engine.create_job(store, PlanRequest(user_id="t", query=query)))
    it = job.itinerary
    assert it is not None
    transfers = [leg for leg in it.transport if leg.kind == "transfer"]
    assert len(transfers) == 2
    # Each transfer is also on its day, at its hour, where the traveller reads the day.
    shown = {
        (d.date.isoformat(), i.start) for d in it.days for i in d.items if i.kind == "transfer"
    }
    for leg in transfers:
        assert (leg.depart[:10], leg.depart[11:16]) in shown
    # The figures said anywhere are the plan's own, transfers and local transport included.
    total = f"{it.cost.total:,.2f}"
    assert total in it.summary
    assert not any(n.startswith("This plan costs") for n in it.notes)
    streamed = [
        e.data["value"]["total"]
        for e in store.events(job.job_id)
        if e.type is EventType.AGENT_OUTPUT and e.data.get("key") == "cost"
    ]
    # Every figure streamed is that total: the budget step already counted the transfers.
    assert streamed and set(streamed) == {it.cost.total}
    left = [n for n in it.notes if "left unspent" in n]
    assert all(n.startswith(f"{9000 - it.cost.total:,.2f}") for n in left)


@pytest.mark.parametrize(
    "query",
    [
        "Family of four to London from New York for 5 nights, $9000",
        "a couple, 6 days in Paris and Rome from New York, $5000",
    ],
)
def test_the_optimisers_figures_are_the_finished_plans(query: str) -> None:
    """Transfers and local transport are costed before choosing, so what the optimiser says
    (its cost, what it leaves unspent) is what the finished plan says."""
    world = default_provider()
    request = build_trip_request(
        query, constraints=PlanConstraints(), prefs={}, provider=world, today=TODAY
    )
    chosen = choose_options(
        request, gather_candidates(request, world), local=local_costs(request, world)
    )
    itinerary, selection = plan_trip(request, world)
    transfers = sum(leg.cost for leg in itinerary.transport if leg.kind == "transfer")
    assert transfers > 0 and chosen.cost.local_transport >= transfers
    assert chosen.cost == itinerary.cost == selection.cost
    assert f"{itinerary.cost.total:,.2f}" in itinerary.summary
    unspent = [n for n in itinerary.notes if "left unspent" in n]
    assert unspent == [n for n in chosen.notes if "left unspent" in n]
    assert all(
        n.startswith(f"{request.budget.amount - itinerary.cost.total:,.2f}") for n in unspent
    )


def test_a_plan_over_budget_states_one_shortfall_from_choice_to_approval() -> None:
    # Flights alone cost more than this: the shortfall the optimiser states, transfers and
    # local transport in, is the one the finished plan and its approval state.
    world = default_provider()
    request = build_trip_request(
        "family of four, 7 days in London from New York, $2000",
        constraints=PlanConstraints(),
        prefs={},
        provider=world,
        today=TODAY,
    )
    chosen = choose_options(
        request, gather_candidates(request, world), local=local_costs(request, world)
    )
    itinerary, selection = plan_trip(request, world)
    assert chosen.shortfall is not None
    assert selection.shortfall == chosen.shortfall
    assert selection.shortfall == pytest.approx(itinerary.cost.total - 2000, abs=0.005)
    over = [n for n in itinerary.notes if n.startswith("This plan costs")]
    # The sentence is true of the plan: what its paid sights add is said, not hidden.
    paid = itinerary.cost.activities
    assert over == [
        f"This plan costs {selection.shortfall:,.2f} USD more than the budget of 2,000.00 USD"
        + (f"; its paid sights are {paid:,.2f} USD of it" if paid > 0.005 else "")
        + "."
    ]


@pytest.mark.parametrize(
    "query",
    [
        "Kyoto and Osaka for 6 days from Boston, temples and street food",
        "4 days in Cairo from Frankfurt, pyramids and museums, $2000",
        # The coach from Vancouver's airport to Whistler takes 150 minutes: lunch was set
        # at 12:30 while it ran, and breakfast at 07:45 on the ride out.
        "ski trip to Whistler for 6 days from Los Angeles, 4 adults, chalet",
    ],
)
def test_nothing_is_planned_while_an_airport_transfer_is_under_way(query: str) -> None:
    # The KIX bus takes 90 minutes after 30 to clear the airport, but the days once assumed
    # free time 90 minutes after landing: a temple visit began while the bus was running.
    _, itinerary, _ = _plan(query)
    for day in itinerary.days:
        rides = [(i.start, i.end) for i in day.items if i.kind == "transfer" and i.start and i.end]
        for item in day.items:
            if item.kind in ("transfer", "transport") or not item.start:
                continue
            end = item.end or item.start
            for lo, hi in rides:
                if lo < hi:  # a ride within the day
                    assert not (item.start < hi and end > lo), (
                        day.date,
                        item.name,
                        item.start,
                        lo,
                        hi,
                    )


@pytest.mark.parametrize(
    "query",
    [
        "6 days in Amalfi and London from New York",
        "6 days in Interlaken and Athens from Toronto",
        "6 days in Hakone and Seoul from Los Angeles",
    ],
)
def test_check_out_is_a_quarter_of_an_hour_before_the_ride_to_the_airport(query: str) -> None:
    # On the day a two-hour coach or train takes the traveller to the next city's flight,
    # check-out was set three hours before take-off, after the ride had left.
    _, itinerary, _ = _plan(query)
    rides = 0
    for day in itinerary.days:
        outs = [i.start for i in day.items if i.name.startswith("Check out") and i.start]
        for ride in day.items:
            if ride.kind != "transfer" or not ride.name.startswith("To ") or not ride.start:
                continue
            rides += 1
            for out in outs:
                gap = datetime.strptime(ride.start, "%H:%M") - datetime.strptime(out, "%H:%M")
                assert gap.total_seconds() >= 15 * 60, (day.date, out, ride.name, ride.start)
    assert rides >= 2


def _in_order(itinerary) -> None:
    """Every leg, transfers included, starts once the one before it has arrived."""
    legs = itinerary.transport
    for a, b in zip(legs, legs[1:], strict=False):
        assert datetime.fromisoformat(a.arrive) <= datetime.fromisoformat(b.depart), (
            a.description,
            b.description,
        )


RING_ROAD = "Iceland ring road 7 days from NYC, 2 people, around 6000 dollars"


def test_a_change_of_planes_at_keflavik_has_no_transfer_into_town_and_back() -> None:
    # Akureyri's flights feed Keflavik: the last day flies AEY → KEF → JFK on one ticket
    # (it once had no flight to New York at all and went through a gateway). The traveller
    # never leaves the airport at Keflavik; the plan once had the coach into Reykjavik and
    # the coach back out there, both paid and the two overlapping.
    request, itinerary, selection = _plan(RING_ROAD)
    legs = itinerary.transport
    flights = [leg for leg in legs if leg.kind == "flight"]
    home = flights[-1]
    assert home.origin == "Akureyri" and home.flight is not None
    path = [home.flight.segments[0].origin] + [s.destination for s in home.flight.segments]
    assert path[:2] == ["AEY", "KEF"] and path[-1] in ("JFK", "EWR") and len(path) == 3
    _in_order(itinerary)
    # The first and last transfers of the trip are the only ones: in from KEF on landing,
    # out to AEY for the flight home; none at Keflavik in between.
    transfers = [leg for leg in legs if leg.kind == "transfer"]
    assert legs[legs.index(flights[0]) + 1] is transfers[0]
    assert transfers[0].origin == "KEF" and transfers[0].destination == "central Reykjavik"
    assert legs[legs.index(home) - 1] is transfers[-1] and transfers[-1].destination == "AEY"
    assert not any(t.transfer and t.transfer.airport == "KEF" for t in transfers[1:])
    shown = [i for d in itinerary.days for i in d.items if i.kind == "transfer"]
    assert len(shown) == len(transfers)
    # The optimiser counted the transfers the plan shows, no more.
    assert selection.cost == itinerary.cost
    around = round(itinerary.cost.local_transport - sum(t.cost for t in transfers), 2)
    assert around == round(
        daily_cost(selection.local, request, [d.city for d in itinerary.days]), 2
    )


def test_a_flight_meeting_a_coach_at_a_gateway_has_one_transfer_there() -> None:
    # Moab's airport has no flights: Chicago → Salt Lake City by air, on to Moab by coach, and
    # back. At Salt Lake City the traveller rides once between the airport and the coach
    # station, each way: the plan once had none (it is no stop of the trip).
    _, itinerary, selection = _plan("3 days in Moab from Chicago")
    legs = itinerary.transport
    _in_order(itinerary)
    out, coach = next(
        (a, legs[i + 2])
        for i, a in enumerate(legs[:-2])
        if a.kind == "flight" and a.destination == "Salt Lake City"
    )
    ride = legs[legs.index(out) + 1]
    assert ride.kind == "transfer" and ride.origin == "SLC"
    assert ride.destination == "central Salt Lake City"
    assert coach.kind != "flight" and coach.origin == "Salt Lake City"
    assert coach.connects_from is not None
    back = next(leg for leg in legs if leg.kind == "flight" and leg.origin == "Salt Lake City")
    ride_back = legs[legs.index(back) - 1]
    assert ride_back.kind == "transfer" and ride_back.destination == "SLC"
    assert legs[legs.index(back) - 2].kind != "flight"  # the coach from Moab, just before
    assert sum(1 for leg in legs if leg.kind == "transfer") == 2
    # Laid out in Utah's own time (mountain daylight time, not UTC): after landing, before
    # the coach.
    assert ride.depart.endswith("-06:00") and coach.depart.endswith("-06:00")
    assert selection.cost == itinerary.cost
    assert itinerary.ok, [c for c in itinerary.checks if not c.ok]


def test_trains_coaches_and_ferries_between_places_are_transport_not_local() -> None:
    # The coach from Reykjavik to Akureyri is a journey between the trip's cities: it is
    # the cost's ground transport, and local transport is the transfers and getting around.
    request, itinerary, selection = _plan(RING_ROAD)
    journeys = [leg for leg in itinerary.transport if leg.kind != "transfer"]
    ground = [leg for leg in journeys if leg.kind != "flight"]
    assert ground, "the ring road has a leg by coach"
    cost = itinerary.cost
    assert cost.ground_transport == round(sum(leg.cost for leg in ground), 2)
    assert cost.flights == round(sum(leg.cost for leg in journeys if leg.kind == "flight"), 2)
    transfers = sum(leg.cost for leg in itinerary.transport if leg.kind == "transfer")
    days = daily_cost(selection.local, request, [d.city for d in itinerary.days])
    assert cost.local_transport == round(transfers + days, 2)
    parts = (
        cost.flights + cost.ground_transport + cost.lodging + cost.activities + cost.food
    ) + cost.local_transport
    assert round(parts, 2) == cost.total
    # One set of figures: what the optimiser streamed, the plan, and its JSON.
    assert selection.cost == cost
    dumped = itinerary.model_dump(mode="json")["cost"]
    assert dumped["ground_transport"] == cost.ground_transport
    assert dumped["local_transport"] == cost.local_transport


def test_transfers_and_getting_around_are_the_stops_not_a_namesakes() -> None:
    # George Town is Penang's here, not the Bahamas': its transfers were asked by the bare
    # name, so none was known from PEN, and a day of getting around cost the Bahamas' price.
    world = default_provider()
    request = build_trip_request(
        "Langkawi and Penang 6 days from Singapore",
        constraints=PlanConstraints(),
        prefs={},
        provider=world,
        today=TODAY,
    )
    penang = next(d for d in request.destinations if d.iata == "PEN")
    local = local_costs(request, world)
    assert {t.airport for t in local.transfers[penang.city]} == {"PEN"}
    assert local.local[penang.city] == world.local_transport(f"{penang.city}, MY")
    _, itinerary, _ = _plan("Langkawi and Penang 6 days from Singapore")
    assert not any(n.startswith("No transfer known") for n in itinerary.notes)


def test_a_train_asked_for_is_kept_where_a_train_can_go_and_an_ocean_is_flown() -> None:
    # "By Eurostar" from New York: the Atlantic is flown (no ground way exists, and the check
    # says so), Paris to London is the train.
    _, itinerary, _ = _plan("Paris and London by Eurostar, 7 days from New York")
    kinds = {(leg.origin, leg.destination): leg for leg in itinerary.transport}
    assert kinds[("Paris", "London")].kind == "train"
    flights = [leg for leg in itinerary.transport if leg.kind == "flight"]
    assert flights and all(leg.air_only for leg in flights)
    check = next(c for c in itinerary.checks if c.name == "transport_modes")
    assert check.ok and "New York → Paris" in check.detail
    # London to Copenhagen is one landmass: flying it still breaks "by train".
    _, other, _ = _plan("Copenhagen and Stockholm by train from London, 8 days")
    london = next(leg for leg in other.transport if leg.origin == "London")
    assert london.kind == "flight" and not london.air_only
    assert not next(c for c in other.checks if c.name == "transport_modes").ok


def test_neighbouring_towns_are_a_local_bus_apart_not_a_flight_through_a_gateway() -> None:
    # Amalfi and Positano are 12 km apart: the hop was planned through Bari by air.
    _, itinerary, _ = _plan("10 days on the Amalfi coast from Toronto in June, 2 of us")
    hops = [
        leg
        for leg in itinerary.transport
        if {leg.origin, leg.destination} == {"Amalfi", "Positano"}
    ]
    assert hops and all(leg.kind in ("bus", "taxi", "ferry") for leg in hops)
    assert not any("Bari" in (leg.origin, leg.destination) for leg in itinerary.transport)
