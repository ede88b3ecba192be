"""A TravelPlanner sandbox behind lotara's ``TravelProvider`` interface.

Cities are the sandbox's own names; a city's "IATA code" is its name, since the sandbox
keys flights by city. The sandbox prices flights per person, stays per room and night,
meals per person and ground legs per car or taxi; answers are for the party asked about
(rooms and vehicles by ``ceil(travelers / capacity)``).

Beyond the interface, ``cities_in`` says which cities a trip to a region may visit: the
search needs it for a state with several cities.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from lotara.bench.travelplanner.sandbox import SOURCE, Sandbox
from lotara.errors import UnknownPlace
from lotara.models import (
    Activity,
    DestinationFacts,
    FlightOption,
    GroundLeg,
    LocalTransport,
    Place,
    Restaurant,
    Stay,
    Transfer,
)


class SandboxProvider:
    """Flights, stays, sights, restaurants and ground legs of one TravelPlanner record."""

    name = "travelplanner"

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def _known(self) -> list[str]:
        cities = list(self.sandbox.cities)
        for o, d in self.sandbox.ground_blocks:
            cities += [o, d]
        for o, d, _ in self.sandbox.flight_blocks:
            cities += [o, d]
        return list(dict.fromkeys(cities))

    def cities_in(self, region: str) -> list[str]:
        """The cities a trip to ``region`` may visit: a record's sandbox describes exactly
        its destination's cities, so they are all returned (a state and its namesake city,
        such as New York, cannot be told apart by name)."""
        return list(self.sandbox.cities)

    def resolve(self, text: str) -> Place:
        wanted = text.strip().lower()
        for city in self._known():
            if city.lower() == wanted:
                sights = self.sandbox.attractions.get(city, [])
                lat = sum(a.lat for a in sights) / len(sights) if sights else 0.0
                lon = sum(a.lon for a in sights) / len(sights) if sights else 0.0
                return Place(city=city, country="US", iata=city, lat=lat, lon=lon, timezone="UTC")
        raise UnknownPlace(f"The sandbox knows no city called {text!r}.")

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
        options = self.sandbox.flights.get((origin, destination, day), [])
        return sorted(
            (o.model_copy(update={"price": o.price_per_person * travelers}) for o in options),
            key=lambda o: o.price,
        )

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
        nights = max((check_out - check_in).days, 1)
        # As with restaurants, a stay's name stands for its first listing.
        first: dict[str, Stay] = {}
        for s in self.sandbox.stays.get(city, []):
            first.setdefault(s.name, s)
        found = []
        for s in first.values():
            if s.minimum_nights > nights:
                continue
            if room_type == "not shared room" and s.room_type == "shared room":
                continue
            if room_type and room_type != "not shared room" and s.room_type != room_type:
                continue
            if any(f"No {rule}" in s.house_rules for rule in house_rules):
                continue
            rooms = math.ceil(travelers / s.max_occupancy)
            if max_price_per_night is not None and s.price_per_night * rooms > max_price_per_night:
                continue
            if min_rating is not None and (s.rating or 0) < min_rating:
                continue
            found.append(s)
        return sorted(
            found, key=lambda s: s.price_per_night * math.ceil(travelers / s.max_occupancy)
        )

    def activities(
        self, city: str, *, interests: Sequence[str] = (), currency: str = "USD"
    ) -> list[Activity]:
        return list(self.sandbox.attractions.get(city, []))

    def restaurants(
        self,
        city: str,
        *,
        cuisines: Sequence[str] = (),
        max_cost: float | None = None,
        currency: str = "USD",
    ) -> list[Restaurant]:
        # A plan names a restaurant, and the benchmark's evaluator prices a name by its
        # first listing: a later listing of the same name (often at another price) is not
        # one a plan can choose, so it is not served.
        first: dict[str, Restaurant] = {}
        for r in self.sandbox.restaurants.get(city, []):
            first.setdefault(r.name, r)
        found = [r for r in first.values() if max_cost is None or r.average_cost <= max_cost]
        # Restaurants serving a wanted cuisine first, then the cheapest.
        return sorted(found, key=lambda r: (not set(cuisines) & set(r.cuisines), r.average_cost))

    def ground_legs(
        self, origin_city: str, destination_city: str, *, travelers: int = 1, currency: str = "USD"
    ) -> list[GroundLeg]:
        legs = []
        for mode, per in (("self-driving", 5), ("taxi", 4)):
            leg = self.sandbox.ground.get((mode, origin_city, destination_city))
            if leg is not None:
                legs.append(leg.model_copy(update={"cost": leg.cost * math.ceil(travelers / per)}))
        return legs

    def facts(
        self,
        city: str,
        *,
        passport: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> DestinationFacts:
        place = self.resolve(city)
        return DestinationFacts(
            city=place.city,
            country="US",
            country_name="United States",
            currency="USD",
            timezone=place.timezone,
            source=SOURCE,
        )

    def transfers(self, city: str, *, currency: str = "USD") -> list[Transfer]:
        """None: the benchmark's database has no airport transfers."""
        return []

    def local_transport(
        self, city: str, *, currency: str = "USD", car: bool = False
    ) -> LocalTransport | None:
        """None: the benchmark's database has no local transport costs."""
        return None
