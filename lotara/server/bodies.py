"""The bodies `lotara serve` reads and writes, beyond the shared models in ``lotara.models``.

Field names follow the original product's REST contract (the seed README): ``job_id``,
``status: "started"``, ``trigger_type``, ``rating``, ``helpful_aspects``... As the original
did, a request body's unknown fields are accepted and ignored; the answer's ``Warning``
header (and its ``ignored`` list) names each one, so nothing is dropped silently.
Response bodies name every field they carry (``extra="forbid"``).
"""

from __future__ import annotations

from types import GenericAlias
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, create_model

from lotara.models import (
    INTERESTS,
    PACES,
    ROOM_TYPES,
    TRANSPORT_MODES,
    Feedback,
    Job,
    JobError,
    JobStatus,
    JobSummary,
    PlanConstraints,
    TriggerType,
)
from lotara.models import PlanRequest as SharedPlanRequest
from lotara.server.seed import SeedStatus


class Body(BaseModel):
    """Base of the API's response bodies: every field is named."""

    model_config = ConfigDict(extra="forbid")


class Incoming(BaseModel):
    """Base of the API's request bodies: unknown fields are ignored, and named in the answer."""

    model_config = ConfigDict(extra="allow")

    def ignored(self) -> list[str]:
        """What this body carries that lotara does not use, each as ``field (why)``."""
        return [f"{name} (unknown field)" for name in self.model_extra or {}]


class SeedConstraints(PlanConstraints):
    """The seed's ``constraints``: lotara's fields, the seed's ``destination``; others ignored."""

    model_config = ConfigDict(extra="allow", defer_build=False)

    destination: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="the seed's one destination: the same as destinations: [destination]",
    )


class PlanRequest(SharedPlanRequest):
    """The seed's plan body: who, the sentence, and explicit overrides (``constraints``)."""

    # Built now: FastAPI cannot wrap a deferred model as a request body.
    model_config = ConfigDict(extra="allow", defer_build=False)

    constraints: SeedConstraints = Field(default_factory=SeedConstraints)
    session_id: str | None = Field(
        default=None,
        max_length=200,
        description="accepted from the seed's clients; lotara has no sessions, so it is "
        "ignored (and said so in the Warning header)",
    )

    def ignored(self) -> list[str]:
        """What this body carries that lotara does not use, each as ``field (why)``."""
        out = [f"{name} (unknown field)" for name in self.model_extra or {}]
        if self.session_id is not None:
            out.append("session_id (lotara has no sessions)")
        extra = self.constraints.model_extra or {}
        out += [f"constraints.{name} (unknown field)" for name in extra]
        return out

    def for_lotara(self) -> SharedPlanRequest:
        """The request in lotara's own terms (``destination`` joins ``destinations``)."""
        known = self.constraints.model_dump(exclude_unset=True, exclude={"destination"})
        for name in self.constraints.model_extra or {}:
            known.pop(name, None)
        if self.constraints.destination:
            rest = [d for d in known.get("destinations") or [] if d != self.constraints.destination]
            known["destinations"] = [self.constraints.destination, *rest]
        return SharedPlanRequest(
            user_id=self.user_id,
            query=self.query,
            constraints=PlanConstraints(**known),
            model=self.model,
        )


class ApiInfo(Body):
    name: str = "lotara"
    version: str
    docs: str = "/docs"
    health: str = "/health"


class HealthServices(Body):
    """Each service as the seed names them: healthy, unhealthy or not_configured."""

    store: Literal["healthy", "busy", "unhealthy"] = Field(
        description="the job store (SQLite or PostgreSQL): jobs, events, approvals; busy: "
        "another process holds the store's write lock; writes answer 503"
    )
    redis: Literal["not_configured"] = Field(
        default="not_configured",
        description="the seed kept jobs in Redis; lotara keeps them in its store",
    )
    supabase: Literal["not_configured"] = Field(
        default="not_configured", description="the seed's database; lotara's is the store"
    )
    opik: Literal["healthy", "not_configured"]


class RunnerState(Body):
    max_running: int = Field(description="how many jobs this process runs at once")
    running: int
    queued: int
    accepting: bool = Field(description="false once the server is shutting down")


class Health(Body):
    status: Literal["healthy", "unhealthy"]
    timestamp: str
    version: str
    tracing: bool = Field(description="whether jobs are traced to Opik")
    services: HealthServices
    runner: RunnerState
    queue: dict[str, Any] = Field(
        default_factory=dict,
        description="the job queue: in-process on SQLite; on PostgreSQL procrastinate's "
        "reachability, steps waiting (todo) and running (doing), and live workers",
    )


IGNORED = Field(
    default=None,
    description="fields of the request lotara did not use, and why (also the "
    "Warning header); absent when there is none",
)


class PlanStarted(Body):
    """The answer to POST /v1/plan: the job exists and will run."""

    job_id: str
    status: Literal["started"] = "started"
    ignored: list[str] | None = IGNORED


class SuggestRequest(Incoming):
    """A proactive trigger noticed by the product backend (price drop, calendar gap...)."""

    user_id: str = Field(min_length=1, max_length=200)
    trigger_type: TriggerType
    context: dict[str, JsonValue] = Field(
        default_factory=dict, description="what was noticed, e.g. route, old_price, new_price"
    )
    constraints: dict[str, JsonValue] | None = Field(
        default=None,
        description="accepted from the seed's clients and ignored (said in the Warning "
        "header): the proactive workflow plans from the user's preferences",
    )

    def ignored(self) -> list[str]:
        out = super().ignored()
        if self.constraints:
            out.append("constraints (a suggestion plans from the user's preferences)")
        return out


class SeedJobSummary(JobSummary):
    """One row of a job listing, its ``status`` in the seed's words."""

    model_config = ConfigDict(extra="forbid", defer_build=False)

    status: SeedStatus  # type: ignore[assignment]
    lotara_status: JobStatus


class JobList(Body):
    user_id: str
    jobs: list[SeedJobSummary]
    count: int = Field(description="how many jobs this page holds")
    total: int = Field(description="how many jobs the user has in all (matching the filter)")
    limit: int
    offset: int


class SeedJob(Job):
    """The job document with the seed's fields: ``status`` in its words, ``current_output``.

    lotara's own fields (``itinerary``, ``approvals``, ``progress``...) are all kept;
    ``lotara_status`` is lotara's status, which tells rejected from failed."""

    model_config = ConfigDict(extra="forbid", defer_build=False)

    status: SeedStatus  # type: ignore[assignment]
    lotara_status: JobStatus
    current_output: dict[str, JsonValue] = Field(
        description="partial results so far, as the stream's agent_output sent them: "
        "flights and hotels are arrays of options"
    )
    final_result: dict[str, JsonValue] | None = Field(
        default=None, description="the finished itinerary once completed (as itinerary)"
    )
    error: JobError | None = None


class ApproveRequest(Incoming):
    job_id: str = Field(min_length=1, max_length=100)
    approved: bool
    notes: str | None = Field(default=None, max_length=2000)


class ApproveAccepted(Body):
    """The decision is stored; the job resumes in the background (follow it on the stream)."""

    job_id: str
    approved: bool
    message: str = Field(description="one sentence on what happens next")
    status: Literal["resuming", "recorded"] = Field(
        default="resuming",
        description="resuming: it continues now; recorded: stored, and a server that runs "
        "jobs (--max-running above 0) resumes it when it starts",
    )


class CancelRequest(Incoming):
    job_id: str = Field(min_length=1, max_length=100)


class BookRequest(Incoming):
    job_id: str = Field(min_length=1, max_length=100)


class BookAccepted(Body):
    """The booking request is stored; the plan goes to the booking gate in the background."""

    job_id: str
    status: Literal["booking", "recorded"] = Field(
        default="booking",
        description="booking: it goes to the booking gate now; recorded: stored, and a server "
        "that runs jobs (--max-running above 0) books it when it starts",
    )


class SuggestStarted(Body):
    """The answer to POST /v1/suggest: the suggestion's job (the same one for the same trigger)."""

    job_id: str
    status: Literal["started"] = "started"
    suggestion_id: str
    duplicate: bool = Field(
        default=False, description="true when this trigger was already sent: its job is returned"
    )
    ignored: list[str] | None = IGNORED


Aspect = Annotated[str, Field(min_length=1, max_length=100)]


class FeedbackRequest(Incoming):
    job_id: str = Field(min_length=1, max_length=100)
    rating: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=5000)
    helpful_aspects: list[Aspect] | None = Field(
        default=None,
        max_length=20,
        description="lotara's tags (`lotara feedback --help`) or the traveller's own words",
    )
    improvement_areas: list[Aspect] | None = Field(default=None, max_length=20)


class FeedbackStored(Feedback):
    """The stored feedback: aspects that name a tag as the tag, the rest kept in the comment."""

    model_config = ConfigDict(extra="forbid", defer_build=False)

    message: str = "Feedback submitted successfully"
    untagged: list[str] = Field(
        default_factory=list,
        description="aspects in the traveller's own words that match no tag; kept, word for "
        "word, at the end of the comment",
    )


class Preferences(Body):
    """A user's preferences as stored: key -> value (see `lotara prefs keys`)."""

    user_id: str
    preferences: dict[str, JsonValue]


def _list_of(item: Any) -> Any:
    """``list[item]`` for an item type built at run time (a Literal of a tuple's values)."""
    return GenericAlias(list, (item,))


def _preference_types() -> dict[str, Any]:
    """The JSON type of each known preference key (prefs.py still checks each value)."""
    from lotara.prefs import ISO_4217, KEYS

    code = Annotated[str, Field(pattern=r"^[A-Za-z]{3}$")]
    country = Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")]
    url = Annotated[str, Field(pattern=r"^https?://\S+$")]
    text = Annotated[str, Field(min_length=1, max_length=500, pattern=r"\S")]
    amount = Annotated[float, Field(ge=0, le=1e9)]
    known: dict[str, Any] = {
        "home_airport": code,
        "currency": Literal[tuple(sorted(ISO_4217))],
        "passport_country": country,
        "home_country": country,
        "travelers": Annotated[int, Field(ge=1, le=20)],
        "interests": Annotated[_list_of(Literal[INTERESTS]), Field(min_length=1)],
        "pace": Literal[PACES],
        "room_type": Literal[ROOM_TYPES],
        "cuisines": Annotated[list[text], Field(min_length=1, max_length=50)],
        "avoid_transport": Annotated[_list_of(Literal[TRANSPORT_MODES]), Field(min_length=1)],
        "budget": amount,
        "travel_budget_yearly": amount,
        "travel_budget_monthly": amount,
        "calendar": text,
        "notify_url": url,
        "model": text,
        "opik_url": url,
        "opik_workspace": text,
        "opik_project": text,
    }
    # A key added to prefs.py later is accepted as text until it gets a type here.
    return {name: known.get(name, text) for name in KEYS}


_PREFERENCE_FIELDS: dict[str, Any] = {
    name: (kind | None, None) for name, kind in _preference_types().items()
}
PreferenceValues = create_model(
    "PreferenceValues",
    __config__=ConfigDict(extra="forbid"),
    __doc__="Known preference keys (`lotara prefs keys`); null removes a key.",
    **_PREFERENCE_FIELDS,
)


class PreferencesUpdate(Body):
    """Keys to set (a value) or remove (null); keys not named stay as they are.

    The seed's clients send the keys bare (``{"home_airport": "LAX"}``); both are accepted.
    Unknown keys are ignored, each named in ``ignored`` and the Warning header."""

    preferences: PreferenceValues


class PreferencesStored(Preferences):
    ignored: list[str] | None = IGNORED


class ErrorBody(Body):
    """Every error other than a validation error: one sentence, no traceback.

    ``error`` and ``message`` are the seed's names; ``detail`` and ``code`` lotara's."""

    error: str = Field(description="the kind of error, e.g. NotFound")
    message: str
    detail: str
    code: str = Field(description="a stable name for the error, e.g. not_found")


class ValidationIssue(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationDetails(BaseModel):
    errors: list[ValidationIssue]


class ValidationErrorBody(BaseModel):
    """A 422 in the seed's shape (error, message, details), FastAPI's ``detail`` kept."""

    error: Literal["ValidationError"] = "ValidationError"
    message: str = Field(description="the first problem, in one sentence")
    details: ValidationDetails
    detail: list[ValidationIssue]


__all__ = [
    "ApiInfo",
    "ApproveAccepted",
    "ApproveRequest",
    "BookAccepted",
    "BookRequest",
    "ErrorBody",
    "Feedback",
    "FeedbackRequest",
    "FeedbackStored",
    "Health",
    "Job",
    "JobList",
    "JobStatus",
    "PlanRequest",
    "PlanStarted",
    "Preferences",
    "PreferencesStored",
    "PreferencesUpdate",
    "SeedJob",
    "SuggestRequest",
    "SuggestStarted",
    "ValidationErrorBody",
]


def preference_text(value: Any) -> str:
    """The text a user would type for ``value`` (lists comma-separated), for parse_preference."""
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)
