"""Airport transfers and a day's local transport: costed before choosing, put into the plan.

After a flight lands in a city of the trip, the plan takes the traveller from the airport
to the centre; before a flight leaves one, back out to the airport (two hours ahead for an
international flight, ninety minutes for a domestic one). Each transfer is the cheapest
way for the whole party the provider lists (a train for a couple, often a taxi for a
family of four). Every day spent in a city adds that city's local-transport cost for the
party (a transit pass each, or a car or driver per vehicle). Both go into the plan's
``local_transport`` cost; what the provider could not say is written in the notes, never
guessed silently. The trains, coaches and ferries between the trip's places are not local
transport: they are the cost's ``ground_transport``.

At a gateway (``candidates._through_gateway``) a leg's end is a connection, not a stop
(``connects_from``/``connects_to``): a flight meeting a flight there brings no transfer,
since the traveller never leaves the airport; between a flight and a ground leg the ride
between the airport and town is the ground leg's (``_at_connection``), at the gateway's
own transfers (``Candidates.transfers``, when it is no stop of the trip).

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
    DOOR_TO_DOOR,
    Connection,
    CostBreakdown,
    DayItem,
    DayPlan,
    FlightOption,
    GroundLeg,
    Itinerary,
    Transfer,
    TransportLeg,
    TripRequest,
)
from lotara.planning.candidates import _ground_name, trip_currency
from lotara.planning.checks import verify
from lotara.planning.selection import LocalCosts, cost_breakdown
from lotara.world.provider import TravelProvider

__all__ = [
    "add_transfers",
    "airport_minutes",
    "daily_cost",
    "flight_transfers",
    "leg_ends",
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
    """Every visited city's airport transfers and a day of its local transport, asked once,
    by the name that finds the stop and not a namesake (George Town, Penang's, not the
    Bahamas': the transfers from PEN were not found, and the day cost the Bahamas')."""
    currency = trip_currency(request)
    names: dict[str, str] = {}
    for d in request.destinations:
        names.setdefault(d.city, _ground_name(provider, d.city, d.country, d.iata))
    car = "car_hire" in request.transport_modes  # "we'll rent a car": a hire car, not buses
    return LocalCosts(
        currency=currency,
        transfers={c: provider.transfers(n, currency=currency) for c, n in names.items()},
        local={
            c: provider.local_transport(n, currency=currency, car=car) for c, n in names.items()
        },
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


def _at_connection(connection: Connection, airport: str | None) -> str | None:
    """The airport of the transfer a leg's end at a connection brings, if any.

    ``airport`` is the leg's own at that end (None for a train, coach, ferry or drive, which
    ends in town). Between the airport and town the ride is the ground leg's: one meeting a
    flight there brings the transfer to or from the airport that flight uses, and a flight
    meeting a ground leg brings none, so the one ride is counted once. A flight meeting a
    flight at the same airport brings none either: the traveller never leaves it; meeting
    one from another airport, it brings its own (across town, by way of the centre).
    """
    if airport is None:
        return (connection.airport or None) if connection.by == "flight" else None
    if connection.by == "flight" and connection.airport not in ("", airport):
        return airport
    return None


def leg_ends(
    local: LocalCosts,
    request: TripRequest,
    origin: str,
    destination: str,
    flight: FlightOption | None,
    connects: tuple[Connection | None, Connection | None] = (None, None),
    mode: str = "",
) -> list[tuple[bool, str, str, Transfer | None]]:
    """The transfers a leg from ``origin`` to ``destination`` brings, made by ``flight``
    or (None) by train, coach, ferry or car, as (at the origin, city, airport, the cheapest
    transfer for the party or None when none is known): a flight's to its first airport and
    in from its last in a city of the trip; at an end that is a connection (``connects``,
    the origin's and the destination's), only what ``_at_connection`` says, for a flight or
    a ground leg alike (``mode``, the ground leg's: a drive or a taxi goes to the airport
    itself). A flight's transfer at its origin goes out to the airport; a ground leg's comes
    in from it (off the flight it connects with), and the other way round."""
    if (flight is not None and not flight.segments) or (flight is None and mode in DOOR_TO_DOOR):
        return []
    out, into = _ends(request, origin, destination)
    found = []
    for needed, city, own, at_origin, connection in (
        (out, origin, flight.segments[0].origin if flight else None, True, connects[0]),
        (into, destination, flight.segments[-1].destination if flight else None, False,
         connects[1]),
    ):  # fmt: skip
        airport = own if needed and flight is not None else None
        if connection is not None:
            city, airport = connection.city, _at_connection(connection, own)
        if airport is None:
            continue
        transfers = local.transfers.get(city, [])
        found.append((at_origin, city, airport, _best(transfers, airport, request.travelers)))
    return found


def flight_transfers(
    local: LocalCosts,
    request: TripRequest,
    origin: str,
    destination: str,
    way: FlightOption | GroundLeg,
    connects: tuple[Connection | None, Connection | None] = (None, None),
) -> float:
    """What the transfers a leg from ``origin`` to ``destination`` made by ``way`` brings
    cost the party."""
    flight = way if isinstance(way, FlightOption) else None
    mode = way.mode if isinstance(way, GroundLeg) else ""
    found = leg_ends(local, request, origin, destination, flight, connects, mode)
    return sum(round(party_cost(t, request.travelers), 2) for *_, t in found if t is not None)


def airport_minutes(
    local: LocalCosts,
    request: TripRequest,
    origin: str,
    destination: str,
    flight: FlightOption,
    connects: tuple[Connection | None, Connection | None] = (None, None),
) -> tuple[int, int]:
    """A flight's time on the ground at each end: from leaving town to take-off (the
    transfer out and being at the airport ahead) and from landing to reaching town (clearing
    the airport and the transfer in); an end with no transfer, or none known, counts none.
    At a connection with a train or coach the ride between the airport and town is the
    ground leg's cost, but its time is still spent at this flight's end."""
    found = [
        (to, t) for to, _, _, t in leg_ends(local, request, origin, destination, flight, connects)
        if t is not None
    ]  # fmt: skip
    for to_airport, connection, end in (
        (True, connects[0], flight.segments[0] if flight.segments else None),
        (False, connects[1], flight.segments[-1] if flight.segments else None),
    ):
        if connection is None or connection.by != "ground" or end is None:
            continue  # by flight, or a drive that meets it at the airport: no ride
        airport = end.origin if to_airport else end.destination
        ride = _best(local.transfers.get(connection.city, []), airport, request.travelers)
        if ride is not None:
            found.append((to_airport, ride))
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
        ground_transport=cost.ground_transport,
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
    journeys = list(itinerary.transport)
    for index, leg in enumerate(journeys):
        if leg.kind == "flight" and not (leg.flight and leg.flight.segments):
            legs.append(leg)
            continue
        connects = (leg.connects_from, leg.connects_to)
        flight = leg.flight if leg.kind == "flight" else None
        if flight is None and connects == (None, None):
            legs.append(leg)  # a train or coach between two stops ends in town
            continue
        ends = leg_ends(local, request, leg.origin, leg.destination, flight, connects, leg.kind)
        before = journeys[index - 1] if index else None
        after = journeys[index + 1] if index + 1 < len(journeys) else None
        later: list[TransportLeg] = []
        for at_origin, city, airport, best in ends:
            # A flight's transfer at its origin goes out to the airport; a ground leg's
            # (at a connection) comes in from it, off the flight it connects with.
            to_airport = at_origin == (flight is not None)
            if best is None:
                way = f"{'to' if to_airport else 'from'} {airport} airport"
                notes.append(f"No transfer known {way} in {city}.")
                continue
            plane = leg if flight is not None else (before if at_origin else after)
            if plane is None or plane.kind != "flight":
                plane = None  # the flight it connects with was not chosen: off this leg
            if to_airport:
                if plane is not None:
                    abroad = plane.origin != plane.destination and _international(plane, request)
                    lead = CHECK_IN_MINUTES[abroad]
                    leave = datetime.fromisoformat(plane.depart) - timedelta(
                        minutes=lead + best.duration_minutes
                    )
                    if plane is not leg:  # into town first, then out to the airport
                        leave = max(leave, datetime.fromisoformat(leg.arrive))
                else:
                    leave = datetime.fromisoformat(leg.arrive)
            elif plane is not None:
                leave = datetime.fromisoformat(plane.arrive) + timedelta(minutes=CLEAR_MINUTES)
            else:
                leave = datetime.fromisoformat(leg.depart) - timedelta(
                    minutes=best.duration_minutes
                )
            ride = _leg(best, leave, to_airport=to_airport, travelers=travelers)
            extra += ride.cost
            (legs if at_origin else later).append(ride)
        legs.extend([leg, *later])
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
