"""Airport transfers and a day's local transport: costed before choosing, put into the plan.

After a flight lands in a city of the trip, the plan takes the traveller from the airport
to the centre; before a flight leaves one, back out to the airport (two hours ahead for an
international flight, ninety minutes for a domestic one). Each transfer is the cheapest
way for the whole party the provider lists (a train for a couple, often a taxi for a
family of four). Every day spent in a city adds that city's local-transport cost for the
party (a transit pass each, or a car or driver per vehicle). Both go into the plan's
``local_transport`` cost; what the provider could not say is written in the notes, never
guessed silently.

``local_costs`` asks the provider once, before the optimiser chooses; the optimiser counts
each flight's transfers (``flight_transfers``) and the days of local transport
(``daily_cost``) within the budget, and ``add_transfers`` puts the same ones into the built
plan, so the optimiser's figures are the plan's.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta

from lotara.models import (
    CostBreakdown,
    DayItem,
    DayPlan,
    FlightOption,
    Itinerary,
    Transfer,
    TransportLeg,
    TripRequest,
)
from lotara.planning.candidates import trip_currency
from lotara.planning.checks import verify
from lotara.planning.selection import LocalCosts, cost_breakdown
from lotara.world.provider import TravelProvider

__all__ = [
    "add_transfers",
    "airport_minutes",
    "daily_cost",
    "flight_transfers",
    "local_costs",
    "party_cost",
    "with_local",
]

CLEAR_MINUTES = 30
"""From landing to leaving the airport: the walk, passport control, bags."""
CHECK_IN_MINUTES = {True: 120, False: 90}
"""How long before an international (True) or domestic flight to be at the airport."""
SEATS_PER_TAXI = 4
SEATS_PER_CAR = 5


def party_cost(transfer: Transfer, travelers: int) -> float:
    """What ``transfer`` costs the whole party: per seat, or per taxi of four."""
    if transfer.per_vehicle:
        return transfer.cost * math.ceil(travelers / SEATS_PER_TAXI)
    return transfer.cost * travelers


def _best(options: list[Transfer], airport: str, travelers: int) -> Transfer | None:
    here = [t for t in options if t.airport == airport]
    if not here:
        return None
    return min(here, key=lambda t: (party_cost(t, travelers), t.duration_minutes))


def local_costs(request: TripRequest, provider: TravelProvider) -> LocalCosts:
    """Every visited city's airport transfers and a day of its local transport, asked once."""
    currency = trip_currency(request)
    cities = list(dict.fromkeys(d.city for d in request.destinations))
    return LocalCosts(
        currency=currency,
        transfers={c: provider.transfers(c, currency=currency) for c in cities},
        local={c: provider.local_transport(c, currency=currency) for c in cities},
    )


def _ends(request: TripRequest, origin: str, destination: str) -> tuple[bool, bool]:
    """Whether a flight from ``origin`` to ``destination`` needs a transfer at each end: it
    does in a city of the trip, never at home."""
    home = {request.origin, request.origin_city}
    visiting = {d.city for d in request.destinations}
    return (
        origin not in home and origin in visiting,
        destination not in home and destination in visiting,
    )


def _flight_ends(
    local: LocalCosts, request: TripRequest, origin: str, destination: str, flight: FlightOption
) -> list[tuple[bool, Transfer]]:
    """The transfers a flight from ``origin`` to ``destination`` brings, each with whether it
    goes out to the airport: to its first airport and in from its last (the airports decide
    which ones), where one is needed and known."""
    if not flight.segments:
        return []
    out, into = _ends(request, origin, destination)
    found = []
    for needed, city, airport, to_airport in (
        (out, origin, flight.segments[0].origin, True),
        (into, destination, flight.segments[-1].destination, False),
    ):
        best = _best(local.transfers.get(city, []), airport, request.travelers) if needed else None
        if best is not None:
            found.append((to_airport, best))
    return found


def flight_transfers(
    local: LocalCosts, request: TripRequest, origin: str, destination: str, flight: FlightOption
) -> float:
    """What the transfers a flight from ``origin`` to ``destination`` brings cost the party."""
    found = _flight_ends(local, request, origin, destination, flight)
    return sum(round(party_cost(t, request.travelers), 2) for _, t in found)


def airport_minutes(
    local: LocalCosts, request: TripRequest, origin: str, destination: str, flight: FlightOption
) -> tuple[int, int]:
    """A flight's time on the ground at each end: from leaving town to take-off (the
    transfer out and being at the airport ahead) and from landing to reaching town (clearing
    the airport and the transfer in); an end with no transfer known counts no transfer."""
    found = _flight_ends(local, request, origin, destination, flight)
    countries = {d.city: d.country for d in request.destinations}
    a, b = countries.get(origin), countries.get(destination)
    ahead = CHECK_IN_MINUTES[a is None or b is None or a != b]
    out = ahead + sum(t.duration_minutes for to_airport, t in found if to_airport)
    return out, CLEAR_MINUTES + sum(t.duration_minutes for to, t in found if not to)


def daily_cost(local: LocalCosts, request: TripRequest, cities: Iterable[str]) -> float:
    """The local transport of a trip whose days are spent in ``cities`` (one per day)."""
    days: dict[str, int] = {}
    for city in cities:
        days[city] = days.get(city, 0) + 1
    total = 0.0
    for city, n in days.items():
        day = local.local.get(city)
        if day is None:
            continue
        per = math.ceil(request.travelers / SEATS_PER_CAR) if day.per_vehicle else request.travelers
        total += n * day.daily_cost * per
    return total


def with_local(request: TripRequest, cost: CostBreakdown, local_transport: float) -> CostBreakdown:
    """A plan's cost with its transfers and days of local transport added to its own parts."""
    return cost_breakdown(
        request,
        currency=cost.currency,
        flights=cost.flights,
        lodging=cost.lodging,
        activities=cost.activities,
        food=cost.food,
        local_transport=cost.local_transport + local_transport,
    )


def add_transfers(
    request: TripRequest,
    itinerary: Itinerary,
    local: LocalCosts | None,
    unmet: dict[str, str] | None = None,
) -> Itinerary:
    """``itinerary`` with its transfer legs and local transport, costed and re-verified.

    The transfers and local transport are those of ``local``, the ones the optimiser counted
    (none when it counted none). The checks are run on the costed plan before the transfer
    legs join ``transport``, so the budget counts them while the journey checks still see
    the legs between cities.
    """
    local = local or LocalCosts(currency=itinerary.cost.currency)
    travelers = request.travelers
    legs: list[TransportLeg] = []
    extra = 0.0
    notes: list[str] = []
    for leg in itinerary.transport:
        flight = leg.flight
        if leg.kind == "flight" and flight and flight.segments:
            international = leg.origin != leg.destination and _international(leg, request)
            out, into = _ends(request, leg.origin, leg.destination)
            if out:
                first = flight.segments[0]
                best = _best(local.transfers.get(leg.origin, []), first.origin, travelers)
                if best is None:
                    notes.append(f"No transfer known to {first.origin} airport in {leg.origin}.")
                else:
                    leave = datetime.fromisoformat(leg.depart) - timedelta(
                        minutes=CHECK_IN_MINUTES[international] + best.duration_minutes
                    )
                    legs.append(_leg(best, leave, to_airport=True, travelers=travelers))
                    extra += legs[-1].cost
            legs.append(leg)
            if into:
                last = flight.segments[-1]
                best = _best(local.transfers.get(leg.destination, []), last.destination, travelers)
                if best is None:
                    notes.append(
                        f"No transfer known from {last.destination} airport in {leg.destination}."
                    )
                else:
                    leave = datetime.fromisoformat(leg.arrive) + timedelta(minutes=CLEAR_MINUTES)
                    legs.append(_leg(best, leave, to_airport=False, travelers=travelers))
                    extra += legs[-1].cost
        else:
            legs.append(leg)
    days = [d.city for d in itinerary.days]
    for city in dict.fromkeys(d.city for d in request.destinations):
        if city not in days:
            continue
        day = local.local.get(city)
        if day is None:
            notes.append(f"Local transport in {city} is not known and is not costed.")
            continue
        notes.append(
            f"Getting around {city}: {day.kind}, {day.daily_cost:,.2f} {day.currency} a day"
            f"{' per vehicle' if day.per_vehicle else ' per person'} ({day.source})."
        )
    shown = _days_with_transfers(itinerary.days, [leg for leg in legs if leg.kind == "transfer"])
    costed_cost = with_local(request, itinerary.cost, extra + daily_cost(local, request, days))
    costed = itinerary.model_copy(
        update={"days": shown, "cost": costed_cost, "notes": [*itinerary.notes, *notes]}
    )
    checks = verify(request, costed, unmet)  # what no option could meet stays failed
    return costed.model_copy(update={"transport": legs, "checks": checks})


_LEGS = ("transport", "transfer")


def _days_with_transfers(days: list[DayPlan], transfers: list[TransportLeg]) -> list[DayPlan]:
    """The day plans with each transfer shown on the day, and at the hour, it happens.

    The cost is on the leg (in ``local_transport``); the day item is what a traveller reads
    and what a calendar export shows, so it carries the price but is not counted twice.
    """
    out = [d.model_copy(update={"items": list(d.items)}) for d in days]
    for leg in transfers:
        assert leg.transfer is not None
        leave, arrive = datetime.fromisoformat(leg.depart), datetime.fromisoformat(leg.arrive)
        # By date alone: on a moving day the day is the new city's, and the ride to the
        # airport is still in the old one. A ride before the first day (a late landing the
        # night before) or after the last one is shown on that end of the trip.
        day = next((d for d in out if d.date == leave.date()), None)
        if day is None and out:
            day = out[0] if leave.date() < out[0].date else out[-1]
        if day is None:
            continue
        day.items.append(
            DayItem(
                start=leave.strftime("%H:%M"),
                end=arrive.strftime("%H:%M"),
                kind="transfer",
                name=leg.description,
                cost=leg.cost,
                city=leg.transfer.city,
                note=f"{leg.transfer.mode}, for the whole party",
            )
        )
        day.items.sort(key=lambda item: (item.start or "99:99", item.kind not in _LEGS))
    return out


def _international(leg: TransportLeg, request: TripRequest) -> bool:
    countries = {d.city: d.country for d in request.destinations}
    a, b = countries.get(leg.origin), countries.get(leg.destination)
    return a is None or b is None or a != b


def _leg(transfer: Transfer, leave: datetime, *, to_airport: bool, travelers: int) -> TransportLeg:
    arrive = leave + timedelta(minutes=transfer.duration_minutes)
    centre = f"central {transfer.city}"
    origin, destination = (centre, transfer.airport) if to_airport else (transfer.airport, centre)
    return TransportLeg(
        kind="transfer",
        origin=origin,
        destination=destination,
        depart=leave.isoformat(),
        arrive=arrive.isoformat(),
        description=(
            f"{'To' if to_airport else 'From'} {transfer.airport} airport: "
            f"{transfer.description} ({transfer.mode}, {transfer.duration_minutes} min)"
        ),
        cost=round(party_cost(transfer, travelers), 2),
        currency=transfer.currency,
        source=transfer.source,
        transfer=transfer,
    )
