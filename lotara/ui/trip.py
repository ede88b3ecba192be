"""How a trip reads in every view (terminal, Markdown, HTML, calendar): one wording each.

A leg's clock times, each in its own place's local time and named by its airport; the line
a leg reads as ("From NRT airport: train, 60 min"); the days' items with the plan's own
airport transfers so worded; the cost against the budget. The terminal, the exports and the
page all call these, so a figure or a time reads the same wherever a traveller looks.
No Rich here: the exports use it without a terminal.
"""

from __future__ import annotations

from datetime import date, datetime

from lotara.models import CostBreakdown, DayItem, DayPlan, Itinerary, TransportLeg
from lotara.words import counted
from lotara.world.money import format_money

__all__ = [
    "COST_PARTS",
    "budget_note",
    "cost_parts",
    "day_items",
    "leaves_before",
    "leg_clock",
    "leg_line",
    "leg_span",
    "local",
    "over_budget",
    "transfer_line",
]


def local(value: str) -> datetime | None:
    """A leg's time as written: local wall time at its place (any offset is that place's)."""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _ends(leg: TransportLeg) -> tuple[str, str]:
    """Where a leg leaves and arrives, as its clock names them: airports for a flight, the
    airport and the city for a transfer ("KIX", "Kyoto"), else the leg's places."""
    segments = leg.flight.segments if leg.flight is not None else []
    if segments:
        return segments[0].origin, segments[-1].destination
    t = leg.transfer
    if t is not None:
        return (t.airport, t.city) if leg.origin == t.airport else (t.city, t.airport)
    return leg.origin, leg.destination


def leg_clock(leg: TransportLeg) -> tuple[str, str]:
    """A leg's departure and arrival, each in its own place's local time and named by its
    airport (or place): "Fri 26 Mar 16:50 BOS", "06:05 FCO +1"."""
    start, end = _ends(leg)
    dep, arr = local(leg.depart), local(leg.arrive)
    if dep is None or arr is None:
        return leg.depart.replace("T", " ")[:16], leg.arrive.replace("T", " ")[:16]
    later = (arr.date() - dep.date()).days
    plus = f" {'+' if later > 0 else ''}{later}" if later else ""
    return f"{dep:%a %d %b %H:%M} {start}", f"{arr:%H:%M} {end}{plus}"


def leg_span(leg: TransportLeg, day: date) -> str:
    """A leg on a day's row: "16:50 BOS → 06:05 FCO +1", each end in its own local time;
    a departure on another day says its weekday ("Fri 16:50 BOS → 06:05 FCO")."""
    dep, arr = local(leg.depart), local(leg.arrive)
    if dep is None or arr is None:
        return ""
    start, end = _ends(leg)
    left = f"{dep:%H:%M}" if dep.date() == day else f"{dep:%a %H:%M}"
    later = (arr.date() - max(dep.date(), day)).days
    plus = f" +{later}" if later > 0 else ""
    return f"{left} {start} → {arr:%H:%M} {end}{plus}"


def transfer_line(leg: TransportLeg) -> str:
    """An airport transfer as a traveller reads it: "From NRT airport: train, 60 min
    (Narita Express to Tokyo Station)", or "To NRT airport: train, 60 min (Narita Express)".

    A transfer's description is written for the way into town; the way out names only the
    service ("Narita Express"), never "to Tokyo Station" on the way to the airport.
    """
    t = leg.transfer
    if t is None:
        return leg.description
    inbound = leg.origin == t.airport
    how = t.description
    if not inbound and " to " in how:
        how = how.rsplit(" to ", 1)[0]
    head = f"{'From' if inbound else 'To'} {t.airport} airport: {t.mode}, {t.duration_minutes} min"
    return f"{head} ({how})" if how and how.lower() != t.mode.lower() else head


def leg_line(leg: TransportLeg) -> str:
    """What a leg is, in one line: the flights and their stops, a transfer, or its words."""
    if leg.kind == "transfer":
        return transfer_line(leg)
    flight = leg.flight
    if flight is None or not flight.segments:
        return leg.description
    names: list[str] = []
    carrier = None
    for seg in flight.segments:
        names.append(
            seg.flight_number if seg.carrier == carrier else f"{seg.carrier} {seg.flight_number}"
        )
        carrier = seg.carrier
    via = [s.destination for s in flight.segments[:-1]]
    stops = flight.stops or len(via)
    how = (
        "nonstop"
        if not stops
        else counted(stops, "stop") + (f" via {', '.join(via)}" if via else "")
    )
    return f"{leg.origin} → {leg.destination}: {' + '.join(names)}, {how}"


def leaves_before(it: Itinerary) -> TransportLeg | None:
    """The outbound leg when it leaves before day 1 (days are days at the destination)."""
    first = it.transport[0] if it.transport else None
    if first is None or not it.days:
        return None
    leaves = local(first.depart)
    return first if leaves is not None and leaves.date() < it.days[0].date else None


def day_items(it: Itinerary, day: DayPlan) -> list[DayItem]:
    """The day's items as the plan holds them, each airport transfer worded once.

    The planner puts every transfer on the day and at the hour it happens (an item of kind
    ``transfer`` named by its leg's description); a view shows that item, named by the
    leg's ``transfer_line`` ("From NRT airport: train, 60 min (...)"), and never builds
    transfers of its own from the legs.
    """
    legs = {
        (leg.description, f"{dep:%H:%M}"): leg
        for leg in it.transport
        if leg.kind == "transfer" and (dep := local(leg.depart)) is not None
    }
    items = []
    for item in day.items:
        leg = legs.get((item.name, item.start or "")) if item.kind == "transfer" else None
        items.append(item if leg is None else item.model_copy(update={"name": transfer_line(leg)}))
    return items


COST_PARTS = ("flights", "ground_transport", "lodging", "activities", "food", "local_transport")
"""The parts of a plan's cost in the order every view lists them: the journeys between
places (flights; trains, coaches, ferries and drives), then staying, doing, eating, and the
local transport in town (airport transfers and getting around)."""


def cost_parts(cost: CostBreakdown) -> list[tuple[str, float]]:
    """Each part of ``cost`` as (label, amount), adding up to its total; ground transport
    only where the trip has any (most are flown)."""
    return [
        (name.replace("_", " "), getattr(cost, name))
        for name in COST_PARTS
        if name != "ground_transport" or cost.ground_transport
    ]


def over_budget(cost: CostBreakdown) -> float | None:
    """How much the plan's total is over its budget (the figure every view states), or None."""
    if cost.budget is None:
        return None
    over = round(cost.total - cost.budget, 2)
    return over if over > 0 else None


def budget_note(cost: CostBreakdown) -> str | None:
    """The budget with what is left or the overrun: "$3,000 ($978 left)", "$900 (over by $43)"."""
    if cost.budget is None:
        return None
    over = over_budget(cost)
    budget = format_money(cost.budget, cost.currency)
    if over is not None:
        return f"{budget} (over by {format_money(over, cost.currency)})"
    return f"{budget} ({format_money(cost.budget - cost.total, cost.currency)} left)"
