"""The data every layer shares: trip requests, travel options, itineraries, jobs and events.

These pydantic models are the contract between the CLI, the store, the agents and the server.
Field names follow DESIGN.md and the original product's REST contract. Amounts are floats in
the currency named beside them; dates are ISO dates; timestamps are ISO strings in UTC.
"""

from __future__ import annotations

import datetime
from datetime import date
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# --- vocabularies -----------------------------------------------------------------------

INTERESTS: tuple[str, ...] = (
    "culture",
    "history",
    "food",
    "nature",
    "art",
    "nightlife",
    "shopping",
    "beach",
    "adventure",
    "relaxation",
    "architecture",
    "family",
)
"""The interest vocabulary: what a traveller can ask for, and what activities are tagged with."""

PACES: tuple[str, ...] = ("relaxed", "moderate", "packed")
ROOM_TYPES: tuple[str, ...] = ("entire room", "private room", "shared room", "not shared room")
HOUSE_RULES: tuple[str, ...] = ("parties", "smoking", "children under 10", "pets", "visitors")
TRANSPORT_MODES: tuple[str, ...] = (
    "flight",
    "self-driving",
    "taxi",
    "train",
    "bus",
    "ferry",
    "car_hire",
)
"""Ways to travel between places; a request may want some (``transport_modes``) or avoid some."""
FLIGHT_RULES: tuple[str, ...] = ("nonstop", "one_stop", "no_red_eye", "no_early")
"""What a request asks of its flights: nonstop, one stop at most, no red-eye (none in the air
between 01:00 and 05:00 at either end's clock), none leaving before 09:00; besides these, an
hour said is ``leave_after_HH`` or ``leave_before_HH`` (local, ``planning.suitability``)."""
DOOR_TO_DOOR = frozenset({"self-driving", "car_hire", "taxi"})
"""Ground ways that go to the airport's door themselves: at a connection with a flight a
drive or a taxi brings no transfer (a train, coach or ferry ends in town, and does)."""
TRIP_TYPES: tuple[str, ...] = ("round_trip", "one_way", "open_jaw")
TRAVEL_CLASSES: tuple[str, ...] = ("economy", "premium_economy", "business", "first")
STAY_CLASSES: tuple[str, ...] = ("budget", "midrange", "upscale", "luxury")
STAY_KINDS: tuple[str, ...] = (
    "hotel", "hostel", "apartment", "guesthouse", "villa", "resort", "cabin",
)  # fmt: skip
DIETS: tuple[str, ...] = ("vegetarian", "vegan", "halal", "kosher", "gluten_free")
ACCESSIBILITY: tuple[str, ...] = ("wheelchair", "step_free", "limited_walking")
MEALS: tuple[str, ...] = ("breakfast", "lunch", "dinner", "snack")
BEST_TIMES: tuple[str, ...] = (
    "any", "sunrise", "morning", "afternoon", "evening", "sunset", "night",
)  # fmt: skip

FEEDBACK_TAGS: tuple[str, ...] = (
    "budget_accuracy",
    "creative_suggestions",
    "flight_times",
    "hotel_choice",
    "activities",
    "restaurants",
    "pace",
    "itinerary_flow",
    "price_accuracy",
    "visa_info",
)
"""Tags a traveller may attach to feedback, as helpful aspects or improvement areas."""


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    AWAITING_APPROVAL = "awaiting_approval"
    COMPLETED = "completed"
    FAILED = "failed"
    REJECTED = "rejected"
    CANCELLED = "cancelled"

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATUSES


FINAL_STATUSES = frozenset(
    {JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.REJECTED, JobStatus.CANCELLED}
)

ALLOWED_TRANSITIONS: dict[JobStatus, frozenset[JobStatus]] = {
    JobStatus.QUEUED: frozenset({JobStatus.RUNNING, JobStatus.FAILED, JobStatus.CANCELLED}),
    JobStatus.RUNNING: frozenset(
        {
            JobStatus.AWAITING_APPROVAL,
            JobStatus.COMPLETED,
            JobStatus.FAILED,
            JobStatus.CANCELLED,
            JobStatus.QUEUED,  # a server shutting down hands its unfinished work back
        }
    ),
    JobStatus.AWAITING_APPROVAL: frozenset(
        {
            JobStatus.RUNNING,
            JobStatus.REJECTED,
            JobStatus.CANCELLED,
            JobStatus.FAILED,
            JobStatus.COMPLETED,  # booking declined: the plan stands, nothing is held
        }
    ),
    # A completed plan can be booked later: the booking gate asks again.
    JobStatus.COMPLETED: frozenset({JobStatus.AWAITING_APPROVAL}),
    JobStatus.FAILED: frozenset(),
    JobStatus.REJECTED: frozenset(),
    JobStatus.CANCELLED: frozenset(),
}
"""The job lifecycle of DESIGN.md: a status moves only along these edges."""


class EventType(StrEnum):
    STATE_CHANGE = "state_change"
    TASK_START = "task_start"
    TASK_COMPLETE = "task_complete"
    AGENT_OUTPUT = "agent_output"
    APPROVAL_REQUIRED = "approval_required"
    COMPLETE = "complete"
    ERROR = "error"


class Mode(StrEnum):
    REACTIVE = "reactive"
    PROACTIVE = "proactive"


class ApprovalKind(StrEnum):
    BOOKING = "booking"
    BUDGET_OVERRIDE = "budget_override"
    VISA = "visa"


class ApprovalStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class TriggerType(StrEnum):
    PRICE_DROP = "price_drop"
    CALENDAR_GAP = "calendar_gap"
    BUDGET_SURPLUS = "budget_surplus"


class Model(BaseModel):
    """Base of lotara's models: unknown fields are rejected so typos surface."""

    # Validators are built on first use, not at import: `lotara --help` stays fast.
    model_config = ConfigDict(extra="forbid", defer_build=True)


# --- the request ------------------------------------------------------------------------


class Money(Model):
    amount: float = Field(ge=0)
    currency: str = Field(default="USD", min_length=3, max_length=3)


class Destination(Model):
    city: str
    country: str = Field(description="ISO 3166 alpha-2")
    iata: str = Field(description="IATA code of the city or its nearest served airport")
    nights: int | None = None


class TripRequest(Model):
    """A trip as the planner understands it, after the query, options and preferences."""

    origin: str = Field(description="IATA city or airport code")
    origin_city: str | None = None
    destinations: list[Destination] = Field(min_length=1)
    start_date: date
    end_date: date
    days: int = Field(ge=1)
    nights: int = Field(ge=0)
    travelers: int = Field(default=1, ge=1)
    children: bool = Field(
        default=False,
        description="the party includes children: no nightlife, family activities first",
    )
    budget: Money | None = None
    interests: list[str] = Field(default_factory=list)
    pace: str = "moderate"
    room_type: str | None = None
    house_rules: list[str] = Field(default_factory=list)
    cuisines: list[str] = Field(default_factory=list)
    avoid_transport: list[str] = Field(default_factory=list)
    book: bool = False
    passport_country: str | None = None
    flexible_departure: bool = Field(
        default=False,
        description="no start date was asked for: the days are days at the destination, so "
        "a long flight may leave the day before and land on the start date",
    )
    currency: str | None = Field(
        default=None, description="currency prices are shown in; the budget's when there is one"
    )
    # --- trip shape and needs (see the vocabularies above) ---
    trip_type: Literal["round_trip", "one_way", "open_jaw"] = Field(
        default="round_trip",
        description="one_way: no journey home; open_jaw: home from the last city, not the first",
    )
    rooms: int | None = Field(default=None, ge=1, description="rooms asked for; None: derived")
    travel_class: Literal["economy", "premium_economy", "business", "first"] | None = None
    stay_class: Literal["budget", "midrange", "upscale", "luxury"] | None = None
    stay_kinds: list[str] = Field(
        default_factory=list, description="kinds of stay wanted (STAY_KINDS): a villa, a hostel"
    )
    avoid_stay_kinds: list[str] = Field(
        default_factory=list, description="kinds of stay refused (STAY_KINDS): no hostels"
    )
    stay_features: list[str] = Field(
        default_factory=list, description="features asked of the stay: pool, step-free, kitchen"
    )
    diets: list[str] = Field(default_factory=list, description="DIETS every meal must suit")
    accessibility: list[str] = Field(default_factory=list, description="ACCESSIBILITY needs")
    pets: int = Field(default=0, ge=0, description="pets travelling with the party")
    transport_modes: list[str] = Field(
        default_factory=list, description="TRANSPORT_MODES wanted (by train only: ['train'])"
    )
    flight_rules: list[str] = Field(
        default_factory=list,
        description="FLIGHT_RULES the flights must meet ('direct flights', 'no red-eyes')",
    )
    must_see: list[str] = Field(
        default_factory=list, description="sights the traveller named, as the catalogue names them"
    )
    wishes: list[str] = Field(
        default_factory=list,
        description="things the traveller wished to do (planning.wishes: 'Ice skating'); one "
        "no planned sight offers is said in the plan's notes",
    )
    avoid_sights: list[str] = Field(
        default_factory=list,
        description='kinds of sight refused ("no museums": ["museum"]), as their names carry them',
    )
    children_ages: list[int] = Field(
        default_factory=list, description="ages of the children, where the request says them"
    )
    occasion: Literal["honeymoon", "anniversary", "romantic"] | None = Field(
        default=None,
        description="a trip a couple takes for each other: the stay is chosen as one (a room "
        "for two in a hotel of a better class) where the budget allows",
    )
    notes: list[str] = Field(
        default_factory=list,
        description="what the reader saw but could not use or had to guess, in one sentence each",
    )


class PlanConstraints(Model):
    """The seed's ``constraints`` body; every field optional, all override the query."""

    budget_usd: float | None = Field(default=None, ge=0)
    budget: float | None = Field(default=None, ge=0)
    currency: str | None = Field(default=None, min_length=3, max_length=3)
    duration_days: int | None = Field(default=None, ge=1, le=60)
    start_date: date | None = None
    interests: list[str] | None = None
    departure_city: str | None = Field(default=None, max_length=100)
    destinations: list[str] | None = None
    travelers: int | None = Field(default=None, ge=1, le=20)
    pace: str | None = None
    book: bool | None = None
    trip_type: Literal["round_trip", "one_way", "open_jaw"] | None = None
    rooms: int | None = Field(default=None, ge=1, le=20)
    travel_class: Literal["economy", "premium_economy", "business", "first"] | None = None
    stay_class: Literal["budget", "midrange", "upscale", "luxury"] | None = None
    diets: list[str] | None = None
    accessibility: list[str] | None = None
    pets: int | None = Field(default=None, ge=0, le=10)
    transport_modes: list[str] | None = None
    avoid_transport: list[str] | None = None


class PlanRequest(Model):
    """What a command or the API asks for: who, the sentence, and explicit overrides."""

    user_id: str = Field(min_length=1, max_length=200)
    query: str = Field(min_length=1, max_length=2000)
    constraints: PlanConstraints = Field(default_factory=PlanConstraints)
    model: str | None = None


# --- travel options ---------------------------------------------------------------------


class Place(Model):
    """A city (or an airport standing for one) that trips start from and go to."""

    city: str = Field(description="the city's common English name, as catalogues key it")
    country: str = Field(description="ISO 3166 alpha-2")
    iata: str = Field(description="IATA city code, or the airport code for one-airport cities")
    airports: list[str] = Field(default_factory=list)
    lat: float
    lon: float
    timezone: str
    nearest_airport_km: float | None = Field(
        default=None, description="set when the city has no airport of its own"
    )


class FlightSegment(Model):
    carrier: str
    flight_number: str
    origin: str
    destination: str
    depart: str = Field(description="local ISO date-time at the origin")
    arrive: str = Field(description="local ISO date-time at the destination")
    duration_minutes: int


class FlightOption(Model):
    id: str
    origin: str
    destination: str
    date: date
    segments: list[FlightSegment]
    stops: int
    duration_minutes: int
    cabin: str = "economy"
    price: float = Field(description="total for all travelers")
    price_per_person: float
    currency: str
    source: str
    observed_at: datetime.date | None = None  # ``date`` here is the field above


class Stay(Model):
    id: str
    name: str
    city: str
    kind: str = "hotel"
    room_type: str = "private room"
    price_per_night: float = Field(description="per room")
    currency: str
    rating: float | None = None
    max_occupancy: int = 2
    minimum_nights: int = 1
    house_rules: list[str] = Field(
        default_factory=list, description="rules in force, e.g. 'No smoking'"
    )
    lat: float | None = None
    lon: float | None = None
    neighbourhood: str | None = None
    step_free: bool | None = Field(default=None, description="None: not known")
    step_free_by_kind: bool = Field(
        default=False, description="step_free is estimated from the kind of stay"
    )
    source: str
    observed_at: date | None = None


class Activity(Model):
    id: str
    name: str
    city: str
    lat: float
    lon: float
    tags: list[str]
    cost: float = Field(description="per person")
    currency: str
    duration_minutes: int
    closed_days: list[str] = Field(default_factory=list, description="weekday names")
    opens: str | None = None
    closes: str | None = None
    generic: bool = False
    source: str
    significance: int = Field(
        default=2, ge=1, le=5, description="5: a must-see people travel for; 1: a minor sight"
    )
    full_day: bool = Field(default=False, description="takes the whole day (theme parks)")
    best_time: str = Field(default="any", description="BEST_TIMES: when to be there")
    show_time: str | None = Field(default=None, description="HH:MM a show or tour starts")
    months: list[int] = Field(
        default_factory=list, description="months (1-12) it can be seen in; empty: all year"
    )
    closed_on_holidays: bool = Field(default=False, description="shut on every public holiday")
    closed_dates: list[str] = Field(
        default_factory=list,
        description="days of the year it is shut: 'MM-DD', or 'MM-WkdN' (the N-th weekday of "
        "the month: '11-Thu4' is US Thanksgiving)",
    )
    step_free: bool | None = Field(default=None, description="None: not known")
    children_welcome: bool | None = Field(default=None, description="None: not known")
    day_trip_from: str | None = Field(
        default=None, description="a day trip: the base city it is reached from"
    )


class Restaurant(Model):
    id: str
    name: str
    city: str
    cuisines: list[str]
    average_cost: float = Field(description="per person per meal")
    currency: str
    price_band: str = "$$"
    meals: list[str] = Field(
        default_factory=list, description="MEALS it serves; empty: lunch and dinner"
    )
    diets: list[str] = Field(default_factory=list, description="DIETS it caters for")
    rating: float | None = None
    lat: float | None = None
    lon: float | None = None
    generic: bool = False
    source: str


class GroundLeg(Model):
    mode: str = Field(description="a TRANSPORT_MODES value other than flight")
    origin: str
    destination: str
    duration_minutes: int
    distance_km: float
    cost: float = Field(description="total for the party")
    currency: str
    description: str = Field(default="", description="the line, operator kind or route")
    depart: str | None = Field(
        default=None,
        description="local departure (HH:MM) of a timetabled train, coach or ferry; "
        "None when the traveller leaves when they like (a car, a taxi): mid-morning",
    )
    clock_change_minutes: int = Field(
        default=0,
        description="how far the destination's clock is ahead of the origin's on the day "
        "of travel (London to Paris: 60), so that arriving is read in local time",
    )
    source: str


class Transfer(Model):
    """How a traveller gets between an airport (or station, port) and the city centre."""

    city: str
    airport: str = Field(description="IATA airport code, or the station or port's name")
    mode: str = Field(description="train, bus, taxi, shuttle, ferry")
    duration_minutes: int
    cost: float = Field(description="per person for shared modes, per vehicle for a taxi")
    per_vehicle: bool = False
    currency: str
    description: str = ""
    source: str


class LocalTransport(Model):
    """What a day of getting around a city costs one person."""

    city: str
    kind: str = Field(description="e.g. 'transit day pass', 'taxis', 'car hire'")
    daily_cost: float = Field(description="per person per day (per car for car hire)")
    per_vehicle: bool = Field(default=False, description="the cost is per car or driver")
    currency: str
    description: str = ""
    source: str


EntryKind = Literal["visa_free", "visa_on_arrival", "e_visa", "visa_required", "domestic"]
"""What entry to a country takes, from the easiest to a visa applied for in advance."""


class EntryRequirement(Model):
    passport: str
    destination: str
    requirement: EntryKind
    max_stay_days: int | None = None
    note: str = ""
    as_of: str = ""
    indicative: bool = True


class DestinationFacts(Model):
    city: str
    country: str
    country_name: str
    currency: str
    timezone: str
    holidays: dict[str, str] = Field(default_factory=dict)
    events: dict[str, str] = Field(
        default_factory=dict, description="events and peak seasons in the window: name -> days"
    )
    closures: list[str] = Field(
        default_factory=list, description="sights closed on a public holiday in the window"
    )
    entry: EntryRequirement | None = None
    source: str


# --- the itinerary ----------------------------------------------------------------------


class Connection(Model):
    """One end of a leg that is a connection at a gateway, not a stop of the trip: the
    traveller changes there from one hop to the next on the same day and stays nowhere."""

    city: str = Field(description="the gateway city")
    by: str = Field(
        description="how the connecting hop is made: flight; ground (a train, coach or ferry, "
        "which ends in town); drive (only a drive or a taxi, to the airport's door)"
    )
    airport: str = Field(
        default="", description="by flight: the airport its flights use at the gateway"
    )


class TransportLeg(Model):
    kind: str = Field(description="flight, transfer, or a TRANSPORT_MODES ground or water mode")
    origin: str
    destination: str
    depart: str
    arrive: str
    description: str
    cost: float
    currency: str
    source: str
    flight: FlightOption | None = None
    transfer: Transfer | None = None
    connects_from: Connection | None = Field(
        default=None,
        description="the origin is a connection (a gateway the traveller only changes at)",
    )
    connects_to: Connection | None = Field(
        default=None, description="the destination is a connection, likewise"
    )
    air_only: bool = Field(
        default=False,
        description="a flight where nothing on land or water joins the two places, so no "
        "other way of travel asked for could make the leg",
    )


class StayBooking(Model):
    stay: Stay
    city: str
    check_in: date
    check_out: date
    nights: int
    rooms: int = 1
    cost: float
    currency: str


class DayItem(Model):
    start: str | None = Field(default=None, description="HH:MM local")
    end: str | None = None
    kind: str = Field(description="activity, meal, transport, transfer, stay, free")
    name: str
    cost: float = 0.0
    ref: str | None = None
    lat: float | None = None
    lon: float | None = None
    note: str | None = None
    city: str | None = Field(default=None, description="where the item takes place")
    activity: Activity | None = Field(
        default=None, description="the activity itself (opening days, tags) for checks"
    )
    restaurant: Restaurant | None = Field(
        default=None, description="the place of a meal (meals served, diets) for checks"
    )


class DayPlan(Model):
    date: date
    city: str
    timezone: str | None = None
    items: list[DayItem] = Field(default_factory=list)


class CostBreakdown(Model):
    flights: float = 0.0
    ground_transport: float = Field(
        default=0.0,
        description="trains, coaches, ferries and drives between the trip's places (and home)",
    )
    lodging: float = 0.0
    activities: float = 0.0
    food: float = 0.0
    local_transport: float = Field(
        default=0.0, description="airport transfers and getting around each city"
    )
    total: float = 0.0
    currency: str = "USD"
    budget: float | None = None


class Check(Model):
    name: str
    ok: bool
    detail: str = ""
    hard: bool = True


class PriceSource(Model):
    what: str
    source: str
    observed_at: str | None = None
    estimate: bool = True


class Itinerary(Model):
    title: str = ""
    summary: str = ""
    transport: list[TransportLeg] = Field(default_factory=list)
    stays: list[StayBooking] = Field(default_factory=list)
    days: list[DayPlan] = Field(default_factory=list)
    cost: CostBreakdown = Field(default_factory=CostBreakdown)
    checks: list[Check] = Field(default_factory=list)
    sources: list[PriceSource] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks if check.hard)


# --- jobs, events, approvals ------------------------------------------------------------


class Progress(Model):
    current_state: str = "queued"
    tasks_total: int = 0
    tasks_completed: int = 0


class JobError(Model):
    code: str
    message: str


class Approval(Model):
    id: str
    job_id: str
    kind: ApprovalKind
    status: ApprovalStatus = ApprovalStatus.PENDING
    details: dict[str, Any] = Field(default_factory=dict)
    notes: str | None = None
    created_at: str
    decided_at: str | None = None


class Feedback(Model):
    job_id: str
    rating: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=5000)
    helpful_aspects: list[str] = Field(default_factory=list)
    improvement_areas: list[str] = Field(default_factory=list)
    created_at: str | None = None


class Booking(Model):
    id: str
    job_id: str
    kind: str
    reference: str
    description: str
    amount: float
    currency: str
    status: str = "held"
    sandbox: bool = True
    created_at: str


class Job(Model):
    """The job document: what ``--json`` prints and ``GET /v1/status/{job_id}`` returns."""

    job_id: str
    user_id: str
    status: JobStatus
    mode: Mode = Mode.REACTIVE
    query: str
    created_at: str
    updated_at: str
    request: TripRequest | None = None
    progress: Progress = Field(default_factory=Progress)
    itinerary: Itinerary | None = None
    approvals: list[Approval] = Field(default_factory=list)
    bookings: list[Booking] = Field(default_factory=list)
    feedback: list[Feedback] = Field(default_factory=list)
    error: JobError | None = None
    model: str = "offline"
    constraints: PlanConstraints | None = None
    trigger: dict[str, Any] | None = Field(
        default=None, description="a proactive job's trigger: {type, context}"
    )
    trace_id: str | None = None
    opik_trace_url: str | None = None


class JobEvent(Model):
    job_id: str
    seq: int
    type: EventType
    agent: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)
    ts: str


class JobSummary(Model):
    """One row of a job listing."""

    job_id: str
    user_id: str
    status: JobStatus
    mode: Mode
    query: str
    created_at: str
    updated_at: str
    total: float | None = None
    currency: str | None = None
