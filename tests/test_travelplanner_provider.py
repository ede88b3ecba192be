"""TravelPlanner's search asks a TravelProvider for everything, so any provider serves it.

A small in-memory provider, unrelated to the sandbox, stands in for "another provider":
the search must plan on it from the interface's answers alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from lotara.bench.travelplanner.provider import SandboxProvider
from lotara.bench.travelplanner.query import TravelQuery
from lotara.bench.travelplanner.sandbox import Sandbox, parse_sandbox
from lotara.bench.travelplanner.search import RegionProvider, plan_query
from lotara.bench.travelplanner.submission import ground_text
from lotara.bench.travelplanner.verify import passes
from lotara.errors import UnknownPlace
from lotara.models import (
    Activity,
    DestinationFacts,
    FlightOption,
    FlightSegment,
    GroundLeg,
    Place,
    Restaurant,
    Stay,
)
from lotara.planning.constraints import LocalConstraints
from lotara.world.provider import TravelProvider

START = date(2027, 5, 1)
SRC = "test"


class ShelfProvider:
    """Reno to Boise and back, three days, kept on a shelf of plain lists."""

    name = "shelf"

    def __init__(self) -> None:
        self.calls: list[str] = []

    def cities_in(self, region: str) -> list[str]:
        self.calls.append("cities_in")
        return ["Boise"] if region in ("Idaho", "Boise") else []

    def resolve(self, text: str) -> Place:
        raise UnknownPlace(text)

    def flights(
        self,
        origin: str,
        destination: str,
        day: date,
        *,
        travelers: int = 1,
        currency: str = "USD",
        observed: date | None = None,
    ) -> list[FlightOption]:
        self.calls.append("flights")
        if (origin, destination, day) != ("Reno", "Boise", START):
            return []
        seg = FlightSegment(
            carrier="",
            flight_number="F1",
            origin=origin,
            destination=destination,
            depart="2027-05-01T08:15",
            arrive="2027-05-01T09:40",
            duration_minutes=85,
        )
        return [
            FlightOption(
                id="F1",
                origin=origin,
                destination=destination,
                date=day,
                segments=[seg],
                stops=0,
                duration_minutes=85,
                price=90 * travelers,
                price_per_person=90,
                currency="USD",
                source=SRC,
            )
        ]

    def stays(
        self,
        city: str,
        check_in: date,
        check_out: date,
        *,
        travelers: int = 1,
        currency: str = "USD",
        room_type: str | None = None,
        house_rules: Sequence[str] = (),
        max_price_per_night: float | None = None,
        min_rating: float | None = None,
        observed: date | None = None,
    ) -> list[Stay]:
        self.calls.append("stays")
        cabin = Stay(
            id="s1",
            name="River Cabin",
            city="Boise",
            room_type="entire room",
            price_per_night=120,
            currency="USD",
            max_occupancy=4,
            source=SRC,
        )
        return [cabin] if city == "Boise" and room_type in (None, "entire room") else []

    def activities(
        self, city: str, *, interests: Sequence[str] = (), currency: str = "USD"
    ) -> list[Activity]:
        self.calls.append("activities")
        return [
            Activity(
                id=f"a{i}",
                name=n,
                city=city,
                lat=0,
                lon=0,
                tags=[],
                cost=0,
                currency="USD",
                duration_minutes=60,
                source=SRC,
            )
            for i, n in enumerate(["Old Penitentiary", "Botanical Garden", "Greenbelt"])
        ]

    def restaurants(
        self,
        city: str,
        *,
        cuisines: Sequence[str] = (),
        max_cost: float | None = None,
        currency: str = "USD",
    ) -> list[Restaurant]:
        self.calls.append("restaurants")
        names = ["Basque Bar", "Trout House", "Fry Shack", "Noodle Hut", "Taco Cart", "Deli"]
        return [
            Restaurant(
                id=n,
                name=n,
                city=city,
                cuisines=["Basque"] if i == 0 else ["American"],
                average_cost=10 + i,
                currency="USD",
                source=SRC,
            )
            for i, n in enumerate(names)
        ]

    def ground_legs(
        self, origin_city: str, destination_city: str, *, travelers: int = 1, currency: str = "USD"
    ) -> list[GroundLeg]:
        self.calls.append("ground_legs")
        if (origin_city, destination_city) != ("Boise", "Reno"):
            return []
        cars = -(-travelers // 4)
        return [
            GroundLeg(
                mode="taxi",
                origin=origin_city,
                destination=destination_city,
                duration_minutes=61,
                distance_km=1863.0,
                cost=300 * cars,
                currency="USD",
                source=SRC,
            )
        ]

    def facts(
        self,
        city: str,
        *,
        passport: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> DestinationFacts:
        raise UnknownPlace(city)

    def transfers(self, city: str, *, currency: str = "USD") -> list:
        return []

    def local_transport(self, city: str, *, currency: str = "USD", car: bool = False) -> None:
        return None


def _query(**local: object) -> TravelQuery:
    return TravelQuery(
        origin="Reno",
        destination="Idaho",
        city_count=1,
        start=START,
        days=3,
        people=2,
        budget=2000,
        local=LocalConstraints(**local),
    )


def _accept_all(plan: list[dict]) -> dict:
    return {"within_sandbox": (True, ""), "complete_information": (True, "")}


def test_search_plans_on_a_provider_that_is_not_a_sandbox() -> None:
    shelf = ShelfProvider()
    assert isinstance(shelf, TravelProvider) and isinstance(shelf, RegionProvider)
    result = plan_query(_query(cuisines=["Basque"]), shelf, _accept_all)
    assert result is not None and result.ok
    first, middle, last = result.plan
    assert first["transportation"] == (
        "Flight Number: F1, from Reno to Boise, Departure Time: 08:15, Arrival Time: 09:40"
    )
    assert last["transportation"] == (
        "Taxi, from Boise to Reno, duration: 1 hour 1 min, distance: 1,863 km, cost: 300"
    )
    assert middle["accommodation"] == "River Cabin, Boise" and last["accommodation"] == "-"
    eaten = [d[m] for d in result.plan for m in ("breakfast", "lunch", "dinner")]
    assert "Basque Bar, Boise" in eaten  # the cuisine asked for is covered
    # 2 nights in one 4-person cabin, a flight for 2, one taxi, and for 2 the 3 cheapest
    # meals of the full day (Basque Bar also covers the cuisine); travel-day meals are extra.
    assert result.cost == 240 + 180 + 300 + 2 * (10 + 11 + 12)
    assert set(shelf.calls) <= {
        "cities_in",
        "flights",
        "stays",
        "activities",
        "restaurants",
        "ground_legs",
    }


def test_search_honours_the_room_type_through_the_provider() -> None:
    # The shelf has only an entire cabin: asking for a shared room leaves no plan at all.
    assert plan_query(_query(room_type="shared room"), ShelfProvider(), _accept_all) is None


def test_search_returns_the_cheapest_complete_plan_when_the_checker_rejects_all() -> None:
    def reject(plan: list[dict]) -> dict:
        return {
            "within_sandbox": (True, ""),
            "complete_information": (True, ""),
            "budget": (False, "too dear"),
        }

    result = plan_query(_query(), ShelfProvider(), reject)
    assert result is not None and not result.ok and result.results["budget"][0] is False
    assert not passes(result.results) and len(result.plan) == 3


def test_ground_text_words_a_leg_as_the_sandbox_does() -> None:
    def leg(minutes: int, km: float) -> GroundLeg:
        return GroundLeg(
            mode="self-driving",
            origin="A",
            destination="B",
            duration_minutes=minutes,
            distance_km=km,
            cost=4,
            currency="USD",
            source=SRC,
        )

    assert ground_text(leg(45, 10.0)).endswith("duration: 45 mins, distance: 10.0 km, cost: 4")
    assert ground_text(leg(61, 92.4)).endswith("duration: 1 hour 1 min, distance: 92.4 km, cost: 4")
    assert ground_text(leg(242, 1407)).startswith(
        "Self-driving, from A to B, duration: 4 hours 2 mins, distance: 1,407 km"
    )


def test_sandbox_provider_lists_the_destination_cities_whatever_the_region() -> None:
    # A state and its namesake city (New York) share a name: every described city is listed.
    sandbox = Sandbox(attractions={"New York": [], "Buffalo": []})
    provider = SandboxProvider(sandbox)
    assert provider.cities_in("New York") == ["New York", "Buffalo"]
    assert isinstance(provider, RegionProvider)


def test_a_parsed_leg_is_written_back_as_the_sandbox_line() -> None:
    line = "self-driving, from Atlanta to Decatur, duration: 18 mins, distance: 10.0 km, cost: 0"
    sandbox = parse_sandbox(
        [{"Description": "Self-driving from Atlanta to Decatur", "Content": line}]
    )
    leg = sandbox.ground[("self-driving", "Atlanta", "Decatur")]
    assert ground_text(leg) == "S" + sandbox.ground_text[("self-driving", "Atlanta", "Decatur")][1:]
