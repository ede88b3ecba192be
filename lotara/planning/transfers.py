"""Airport transfers and a day's local transport, put into a built plan.

After a flight lands in a city of the trip, the plan takes the traveller from the airport
to the centre; before a flight leaves one, back out to the airport (two hours ahead for an
international flight, ninety minutes for a domestic one). Each transfer is the cheapest
way for the whole party the provider lists (a train for a couple, often a taxi for a
family of four). Every day spent in a city adds that city's local-transport cost for the
party (a transit pass each, or a car or driver per vehicle). Both go into the plan's
``local_transport`` cost; what the provider could not say is written in the notes, never
guessed silently.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from lotara.errors import InvalidValue
from lotara.models import (
    Check,
    DayItem,
    DayPlan,
    Itinerary,
    Transfer,
    TransportLeg,
    TripRequest,
)
from lotara.planning.candidates import Candidates, trip_currency
from lotara.planning.checks import verify
from lotara.planning.optimise import Selection, choose_options, cost_breakdown
from lotara.planning.schedule import build_itinerary
from lotara.world.provider import TravelProvider

__all__ = ["add_transfers", "party_cost", "with_transfers"]

MAX_REFITS = 2
"""How many times a plan the local costs push over budget is chosen again, cheaper."""

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


def with_transfers(
    request: TripRequest,
    itinerary: Itinerary,
    selection: Selection,
    candidates: Candidates,
    provider: TravelProvider,
) -> tuple[Itinerary, Selection, list[Check]]:
    """The plan with its transfers and local transport, chosen again if they break the budget.

    The optimiser chose ``selection`` without the airport transfers and the days of local
    transport; when adding them takes a plan that fitted over the budget, the options are
    chosen again within the budget less those costs (at most ``MAX_REFITS`` times). A plan
    that cannot fit keeps its failing budget check, never a silent overrun.
    """
    done, checks = add_transfers(request, itinerary, provider, selection.unmet)
    for _ in range(MAX_REFITS):
        if request.budget is None or selection.shortfall is not None:
            break
        if not any(c.name == "budget" and not c.ok for c in checks):
            break
        extra = done.cost.local_transport - itinerary.cost.local_transport
        over = done.cost.total - request.budget.amount
        cap = (selection.cap if selection.cap is not None else request.budget.amount) - max(
            extra, over, 0.01
        )
        try:
            cheaper = choose_options(request, candidates, exclude=selection.excluded, cap=cap)
        except InvalidValue:
            break
        if cheaper.shortfall is not None:
            break
        itinerary = build_itinerary(request, cheaper, candidates)
        refit, refit_checks = add_transfers(request, itinerary, provider, cheaper.unmet)
        selection, done, checks = cheaper, refit, refit_checks
    return done, selection, checks


def add_transfers(
    request: TripRequest,
    itinerary: Itinerary,
    provider: TravelProvider,
    unmet: dict[str, str] | None = None,
) -> tuple[Itinerary, list[Check]]:
    """``itinerary`` with its transfer legs and local transport, costed and re-verified.

    The checks are run on the costed plan before the transfer legs join ``transport``, so
    the budget counts them while the journey checks still see the legs between cities.
    """
    currency = trip_currency(request)
    travelers = request.travelers
    home = {request.origin, request.origin_city}
    visiting = [d.city for d in request.destinations]
    legs: list[TransportLeg] = []
    extra = 0.0
    notes: list[str] = []
    asked: dict[str, list[Transfer]] = {}

    def options(city: str) -> list[Transfer]:
        if city not in asked:
            asked[city] = provider.transfers(city, currency=currency)
        return asked[city]

    for leg in itinerary.transport:
        flight = leg.flight
        if leg.kind == "flight" and flight and flight.segments:
            international = leg.origin != leg.destination and _international(leg, request)
            if leg.origin not in home and leg.origin in visiting:
                first = flight.segments[0]
                best = _best(options(leg.origin), first.origin, travelers)
                if best is None:
                    notes.append(f"No transfer known to {first.origin} airport in {leg.origin}.")
                else:
                    leave = datetime.fromisoformat(leg.depart) - timedelta(
                        minutes=CHECK_IN_MINUTES[international] + best.duration_minutes
                    )
                    legs.append(_leg(best, leave, to_airport=True, travelers=travelers))
                    extra += legs[-1].cost
            legs.append(leg)
            if leg.destination not in home and leg.destination in visiting:
                last = flight.segments[-1]
                best = _best(options(leg.destination), last.destination, travelers)
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
    daily = 0.0
    for city in dict.fromkeys(visiting):
        days = sum(1 for d in itinerary.days if d.city == city)
        if not days:
            continue
        local = provider.local_transport(city, currency=currency)
        if local is None:
            notes.append(f"Local transport in {city} is not known and is not costed.")
            continue
        per = math.ceil(travelers / SEATS_PER_CAR) if local.per_vehicle else travelers
        daily += days * local.daily_cost * per
        notes.append(
            f"Getting around {city}: {local.kind}, {local.daily_cost:,.2f} {local.currency} a day"
            f"{' per vehicle' if local.per_vehicle else ' per person'} ({local.source})."
        )
    cost = itinerary.cost
    shown = _days_with_transfers(itinerary.days, [leg for leg in legs if leg.kind == "transfer"])
    costed = itinerary.model_copy(
        update={
            "days": shown,
            "cost": cost_breakdown(
                request,
                currency=cost.currency,
                flights=cost.flights,
                lodging=cost.lodging,
                activities=cost.activities,
                food=cost.food,
                local_transport=cost.local_transport + extra + daily,
            ),
            "notes": [*itinerary.notes, *notes],
        }
    )
    checks = verify(request, costed, unmet)  # what no option could meet stays failed
    return costed.model_copy(update={"transport": legs, "checks": checks}), checks


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
