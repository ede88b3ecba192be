"""The one interface every source of travel data implements.

The planner asks a ``TravelProvider`` and never cares whether the answer came from the
embedded offline world, a live API or a TravelPlanner sandbox. Every option carries its
``source`` and, for prices, the date it was observed; offline answers say
``offline-estimate`` and never borrow a real vendor's name. Amounts come back in the
``currency`` asked for.

Cities are named as ``resolve`` returns them (``Place.city``): callers resolve first, then
ask by that name.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol, runtime_checkable

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
from lotara.world.labels import OFFLINE_SOURCE

__all__ = ["OFFLINE_SOURCE", "TravelProvider", "default_provider"]


@runtime_checkable
class TravelProvider(Protocol):
    """Flights, stays, activities, restaurants, ground legs and facts for a trip."""

    name: str

    def resolve(self, text: str) -> Place:
        """The place meant by ``text`` (a code, a name, a typo); ``UnknownPlace`` if none."""
        ...

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
        """Flights from ``origin`` to ``destination`` (IATA codes) leaving on ``day``."""
        ...

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
        """Stays in ``city`` that accept the party for those nights and honour every filter.

        ``house_rules`` are what the party needs allowed (from ``models.HOUSE_RULES``);
        a stay whose minimum nights exceed the stay, or that is too small for the party
        even with several rooms, is left out.
        """
        ...

    def activities(
        self, city: str, *, interests: Sequence[str] = (), currency: str = "USD"
    ) -> list[Activity]:
        """Things to do in ``city``, the best fits to ``interests`` first."""
        ...

    def restaurants(
        self,
        city: str,
        *,
        cuisines: Sequence[str] = (),
        max_cost: float | None = None,
        currency: str = "USD",
    ) -> list[Restaurant]:
        """Places to eat in ``city``; ``max_cost`` is per person per meal."""
        ...

    def ground_legs(
        self, origin_city: str, destination_city: str, *, travelers: int = 1, currency: str = "USD"
    ) -> list[GroundLeg]:
        """Ways over land or water between two cities: train, bus, ferry, driving, taxi.

        Empty when no mode can make the journey (an island without a ferry, an ocean):
        then only a flight joins them.
        """
        ...

    def transfers(self, city: str, *, currency: str = "USD") -> list[Transfer]:
        """How to get from each of ``city``'s airports to its centre, cheapest first per airport."""
        ...

    def local_transport(
        self, city: str, *, currency: str = "USD", car: bool = False
    ) -> LocalTransport | None:
        """What a day of getting around ``city`` costs one person (with ``car``, a day of a
        hire car, per car, for a traveller who drives); None when not known."""
        ...

    def facts(
        self,
        city: str,
        *,
        passport: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> DestinationFacts:
        """Country, currency, time zone, public holidays in the window, entry requirement."""
        ...


def default_provider() -> TravelProvider:
    """The provider configured by the environment: the offline world unless a live one is set.

    ``LOTARA_PROVIDER=amadeus`` (or ``AMADEUS_CLIENT_ID`` and ``AMADEUS_CLIENT_SECRET`` both
    set) selects live Amadeus flights over the offline world; ``LOTARA_PROVIDER=offline``
    forces the offline world even when keys are set.
    """
    from lotara.world import amadeus

    if amadeus.configured():
        return amadeus.shared_from_env()
    from lotara.world.offline import OfflineWorld

    return OfflineWorld.shared()
