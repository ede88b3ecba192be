"""Plans a travel agent would sign, on the offline world: the budget spent as the traveller
would, no restaurant twice while another serves that meal, meals at the local hours."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from lotara.models import Itinerary, PlanConstraints
from lotara.planning.intent import build_trip_request
from lotara.planning.pipeline import plan_trip
from lotara.world.provider import default_provider

TODAY = date(2027, 3, 1)


def planned(query: str) -> Itinerary:
    world = default_provider()
    request = build_trip_request(
        query, constraints=PlanConstraints(), prefs={}, provider=world, today=TODAY
    )
    return plan_trip(request, world)[0]


def test_an_ample_budget_buys_a_room_not_a_dorm_bed() -> None:
    # $3,000 for a week in Tokyo alone: the optimiser once booked a $26 dorm and kept $1,100.
    it = planned("solo, 7 days in Tokyo from London, $3000")
    assert it.ok
    assert all(s.stay.room_type != "shared room" for s in it.stays)
    assert it.cost.total >= 0.75 * 3000


def test_a_tight_budget_still_fits() -> None:
    it = planned("solo, 5 days in Tokyo from LAX, $1500")
    assert it.cost.total <= 1500
    assert next(c for c in it.checks if c.name == "budget").ok


@pytest.mark.parametrize(
    "query",
    [
        "family of four, 7 days in Barcelona from London, $7000",
        "vegetarian family of three, 8 days in Singapore from London, $9000",
        "a couple, 6 days in Paris from New York, $6000",
    ],
)
def test_no_restaurant_twice_while_others_serve(query: str) -> None:
    # These cities have more places for each meal than the trip has meals of it.
    it = planned(query)
    places = [i.restaurant for d in it.days for i in d.items if i.restaurant is not None]
    uses = Counter(r.id for r in places if not r.generic)
    assert uses and max(uses.values()) == 1
    assert next(c for c in it.checks if c.name == "restaurant_variety").ok


def test_meals_keep_local_hours() -> None:
    spain = planned("3 days in Madrid from Paris for 2, $2000, food")
    japan = planned("solo, 7 days in Tokyo from London, $3000")

    def starts(it: Itinerary, label: str) -> list[int]:
        return [
            int(i.start[:2]) * 60 + int(i.start[3:5]) if isinstance(i.start, str) else i.start
            for d in it.days
            for i in d.items
            if i.kind == "meal" and (i.name.startswith(label)) and i.restaurant is not None
        ]

    assert starts(spain, "Dinner") and min(starts(spain, "Dinner")) >= 20 * 60
    assert starts(spain, "Lunch") and min(starts(spain, "Lunch")) >= 13 * 60 + 30
    assert starts(japan, "Dinner") and max(starts(japan, "Dinner")) <= 19 * 60 + 30


def test_every_flight_in_the_class_asked_and_the_train_beats_a_slower_flight() -> None:
    # No budget, business asked: the cap once stayed at economy fares plus 60%, so the
    # 11-hour flight went economy via Anchorage while the 75-minute hop went business,
    # flown NRT→KIX with a 04:05 airport bus instead of the Shinkansen.
    it = planned(
        "my wife and I retire in june, want to celebrate with 12 days in japan - tokyo and "
        "kyoto. money no object, business class from SFO, we're in our 70s"
    )
    flights = [leg for leg in it.transport if leg.kind == "flight"]
    assert flights and all(leg.flight and leg.flight.cabin == "business" for leg in flights)
    assert next(c for c in it.checks if c.name == "travel_class").ok
    between = [leg for leg in it.transport if {leg.origin, leg.destination} == {"Tokyo", "Kyoto"}]
    assert [leg.kind for leg in between] == ["train"]
    # Nobody leaves for the airport in the night.
    assert all(leg.depart[11:16] >= "06:00" for leg in it.transport if leg.kind == "transfer")


def test_a_long_drive_loses_to_a_flight_unless_the_budget_forces_it() -> None:
    # Madrid-Lisbon is eight hours on the road: a day trip once drove it both ways to save
    # $130 of a $400 budget. Where only the drive fits, the plan says the budget forced it.
    ample = planned("1 day in Lisbon from Madrid, $400")
    assert [leg.kind for leg in ample.transport if leg.kind != "transfer"] == ["flight", "flight"]
    tight = planned("1 day in Lisbon from Madrid, $150")
    drives = [leg for leg in tight.transport if leg.kind == "self-driving"]
    assert drives
    assert sum("the budget does not reach a flight" in n for n in tight.notes) == len(drives)


def test_no_own_car_between_cities_flown_to() -> None:
    # Bangkok to Hanoi once went by "your own car", 1,235 km, arriving 01:30.
    it = planned("backpacking from Sydney: Bangkok, Hanoi and Singapore, 12 days, $1800")
    assert not [leg for leg in it.transport if leg.kind in ("self-driving", "car_hire")]


def test_premium_economy_asked_is_offered_and_a_class_out_of_reach_says_why() -> None:
    # Premium economy is no luxury request, so its fares were never offered: every flight
    # went economy and the travel_class check failed with money left over.
    asked = planned("premium economy, 8 days in Tokyo and Osaka from Los Angeles, $6500 for 2")
    flights = [leg.flight for leg in asked.transport if leg.kind == "flight" and leg.flight]
    assert flights and all(f.cabin == "premium_economy" for f in flights)
    assert next(c for c in asked.checks if c.name == "travel_class").ok
    assert asked.cost.total <= 6500
    # Business for two at $6,000 is out of reach: the check says the budget is why.
    short = planned("business class, 8 days in Tokyo and Osaka from Los Angeles, $6000 for 2")
    check = next(c for c in short.checks if c.name == "travel_class")
    assert not check.ok and "The budget does not reach business" in check.detail


def test_no_budget_cap_is_not_set_by_a_fourteen_hour_bus() -> None:
    # Without a budget the cap is the cheapest trip plus 60%; counted with the 14-hour
    # Granada-Barcelona bus, it was $5 too small for the 90-minute flight beside it.
    it = planned("a fortnight in Spain from Chicago: Madrid, Seville, Granada and Barcelona")
    ground = [leg for leg in it.transport if leg.kind in ("bus", "train")]
    assert ground
    for leg in ground:
        took = datetime.fromisoformat(leg.arrive) - datetime.fromisoformat(leg.depart)
        assert took <= timedelta(hours=8), (leg.origin, leg.destination, took)


def test_a_diet_does_not_price_every_other_meal_at_a_tasting_menu() -> None:
    # Lisbon's one place known to suit vegans is a tasting menu: the meals eaten near the
    # stay or as the couple likes were each priced at it (220 EUR for two), and the week's
    # food came to 2,892 EUR, well over the budget.
    vegan = planned("we're vegan, going to Lisbon and Porto for a week from Paris, 2500€ for two")
    plain = planned("going to Lisbon and Porto for a week from Paris, 2500€ for two")

    def everyday(it: Itinerary) -> set[float]:
        return {
            i.cost
            for d in it.days
            for i in d.items
            if i.kind == "meal" and i.name.startswith("Breakfast near your stay")
        }

    assert everyday(vegan) and max(everyday(vegan)) <= max(everyday(plain))
    assert vegan.cost.food < 0.25 * 2500
    assert vegan.cost.total <= 2500


def test_a_day_long_bus_loses_to_a_flight_unless_the_budget_forces_it() -> None:
    # Barcelona-Rome once went by a 17-hour bus (07:00 to 00:45) for a family of four with
    # $600 of $15,000 left: the two-hour flight costs $400 more and keeps a day in Rome.
    it = planned(
        "two weeks in Paris, Barcelona and Rome from New York for a family of four, $15000"
    )
    between = [
        leg for leg in it.transport if {leg.origin, leg.destination} == {"Barcelona", "Rome"}
    ]
    assert between and all(leg.kind != "bus" for leg in between)
    for leg in it.transport:
        if leg.kind == "bus":
            took = datetime.fromisoformat(leg.arrive) - datetime.fromisoformat(leg.depart)
            assert took.total_seconds() <= 10 * 3600, leg.description


def test_a_day_long_bus_forced_by_the_budget_says_so() -> None:
    # With little money the coach is the way, and the plan says the budget chose it.
    it = planned("Barcelona and Rome for a week from Madrid, solo, $700")
    buses = [
        leg
        for leg in it.transport
        if leg.kind == "bus"
        and datetime.fromisoformat(leg.arrive) - datetime.fromisoformat(leg.depart)
        > timedelta(hours=10)
    ]
    assert buses
    assert sum("is a bus ride of" in n for n in it.notes) == len(buses)
    assert all("the budget does not reach" in n for n in it.notes if "is a bus ride of" in n)


def test_a_long_drive_on_a_cheap_trip_with_no_budget_never_blames_a_budget() -> None:
    # "Cheap as possible" with no sum given drove 8 hours each way, and the note said "the
    # budget does not reach a flight": there was no budget. It says what the flight costs.
    it = planned(
        "me and 3 mates want to do Amsterdam for a stag do, friday to sunday, cheap as "
        "possible, from Manchester"
    )
    drives = [n for n in it.notes if "is a drive of" in n]
    assert drives  # it still drives (the flight is $740 dearer each way), but honestly
    for note in drives:
        assert "budget" not in note
        match = re.search(r"a flight costs ([\d,.]+) USD more", note)
        assert match and float(match.group(1).replace(",", "")) > 0, note


@pytest.mark.parametrize(
    "query",
    [
        "Iceland in winter for the northern lights, 5 days from Boston, we'll rent a car",
        "4 days in Lisbon from Paris with a hire car",
    ],
)
def test_a_traveller_who_hires_a_car_gets_around_by_it(query: str) -> None:
    # "We'll rent a car" was read, then the days were costed by bus pass and said so.
    it = planned(query)
    around = [n for n in it.notes if n.startswith("Getting around")]
    assert around and all("car hire" in n and "per vehicle" in n for n in around), around
    bare = planned(query.replace(", we'll rent a car", "").replace(" with a hire car", ""))
    assert not any("car hire" in n for n in bare.notes if n.startswith("Getting around"))
