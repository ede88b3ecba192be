"""What the optimiser decided: the options chosen, their cost, and every day's timetable.

The solver chooses and schedules in one model, so the ``Selection`` it returns already holds
each day's items with their times (``schedule``); the itinerary only lays them out. Nothing
is chosen that is not in a day, and the cost is summed from those same items.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from lotara.models import (
    Activity,
    Connection,
    CostBreakdown,
    FlightOption,
    GroundLeg,
    LocalTransport,
    Restaurant,
    Stay,
    Transfer,
    TripRequest,
)

__all__ = [
    "LegChoice",
    "LocalCosts",
    "PlannedDay",
    "PlannedItem",
    "Selection",
    "SolverReport",
    "StayChoice",
    "cost_breakdown",
]


class LocalCosts(BaseModel):
    """Getting around, asked of the provider once before choosing (``transfers.local_costs``):
    each visited city's airport transfers and a day of its local transport. The optimiser
    counts them in the budget and the plan shows the same ones, so its figures are final."""

    currency: str = "USD"
    transfers: dict[str, list[Transfer]] = Field(
        default_factory=dict,
        description="per visited city, and per gateway the trip connects at, its airport transfers",
    )
    local: dict[str, LocalTransport | None] = Field(
        default_factory=dict,
        description="per visited city, a day of getting around (None: not known)",
    )


class LegChoice(BaseModel):
    """How one hop is made: a flight or a ground leg, and what it costs the party."""

    origin_city: str
    destination_city: str
    date: date
    flight: FlightOption | None = None
    ground: GroundLeg | None = None
    cost: float = 0.0
    connects_from: Connection | None = Field(
        default=None, description="the origin is a connection at a gateway, not a stop"
    )
    connects_to: Connection | None = None
    lead_minutes: int = Field(
        default=0,
        description="from the end of free time to leaving, the transfer out in (0: by kind)",
    )
    settle_minutes: int = Field(
        default=0, description="from arriving to free time in town, the transfer in (0: by kind)"
    )


class StayChoice(BaseModel):
    """Where the party sleeps in one city, and how many rooms it takes."""

    city: str
    stay: Stay
    check_in: date
    check_out: date
    nights: int
    rooms: int
    cost: float
    note: str | None = None


class PlannedItem(BaseModel):
    """One timed item of a day: a visit, a meal, a check-in or check-out (local minutes)."""

    kind: str = Field(description="activity, meal, check_in, check_out")
    start: int
    end: int
    name: str
    cost: float = 0.0
    ref: str | None = None
    label: str | None = Field(default=None, description="Breakfast, Lunch, Dinner")
    note: str | None = None
    activity: Activity | None = None
    restaurant: Restaurant | None = None


class PlannedDay(BaseModel):
    """A day of the trip as the solver planned it."""

    date: date
    city: str
    away: bool = Field(default=False, description="spent travelling: meals on board")
    items: list[PlannedItem] = Field(default_factory=list)


class SolverReport(BaseModel):
    """How the choice was made: the solver's status, whether optimal, its time and size."""

    status: str = ""
    optimal: bool = False
    seconds: float = 0.0
    time_limit: float = 0.0
    variables: int = 0
    objective: float = 0.0
    bound: float = Field(
        default=0.0, description="the best objective the solver could not rule out (points)"
    )
    refined: bool = Field(
        default=False, description="the days were solved again with the travel held fixed"
    )
    days_optimal: bool = Field(
        default=False, description="refined: the days are optimal for the travel chosen"
    )


class Selection(BaseModel):
    """The chosen options of a trip, their cost and, when over budget, by how much."""

    legs: list[LegChoice] = Field(default_factory=list)
    stays: list[StayChoice] = Field(default_factory=list)
    activities: dict[str, list[Activity]] = Field(default_factory=dict)
    meals: dict[str, list[Restaurant]] = Field(
        default_factory=dict, description="per city, the restaurant of each meal, in day order"
    )
    schedule: list[PlannedDay] = Field(default_factory=list)
    cost: CostBreakdown = Field(default_factory=CostBreakdown)
    score: float = 0.0
    cap: float | None = Field(default=None, description="the amount the choice had to fit in")
    shortfall: float | None = Field(default=None, description="amount over budget, if any")
    excluded: list[str] = Field(default_factory=list, description="option ids ruled out")
    notes: list[str] = Field(default_factory=list)
    unmet: dict[str, str] = Field(
        default_factory=dict,
        description="a need no option could meet, by check name, with the reason",
    )
    solver: SolverReport = Field(default_factory=SolverReport)
    local: LocalCosts | None = Field(
        default=None,
        description="the transfers and local transport the choice was costed with (None: none)",
    )


def cost_breakdown(
    request: TripRequest,
    *,
    currency: str,
    flights: float,
    lodging: float,
    activities: float,
    food: float,
    local_transport: float,
    ground_transport: float = 0.0,
) -> CostBreakdown:
    """The cost of a trip by part, rounded to cents, with its total and the budget beside it.

    ``ground_transport`` is the trains, coaches, ferries and drives between the trip's
    places; ``local_transport`` the airport transfers and getting around in town."""
    # Summed in the order plans always were, so totals stay identical to the cent.
    total = flights + ground_transport + local_transport + lodging + activities + food
    return CostBreakdown(
        flights=round(flights, 2),
        ground_transport=round(ground_transport, 2),
        lodging=round(lodging, 2),
        activities=round(activities, 2),
        food=round(food, 2),
        local_transport=round(local_transport, 2),
        total=round(total, 2),
        currency=currency,
        budget=request.budget.amount if request.budget else None,
    )
