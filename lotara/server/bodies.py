"""The bodies `lotara serve` reads and writes, beyond the shared models in ``lotara.models``.

Field names follow the original product's REST contract (the seed README): ``job_id``,
``status: "started"``, ``trigger_type``, ``rating``, ``helpful_aspects``... Every body rejects
unknown fields so a typo in a client is a 422 with the field named, not a silent default.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, create_model

from lotara.models import (
    FEEDBACK_TAGS,
    INTERESTS,
    PACES,
    ROOM_TYPES,
    TRANSPORT_MODES,
    Feedback,
    Job,
    JobStatus,
    JobSummary,
    TriggerType,
)
from lotara.models import PlanRequest as SharedPlanRequest

FeedbackTag = Literal[FEEDBACK_TAGS]  # type: ignore[valid-type]


class Body(BaseModel):
    """Base of the API's own bodies: unknown fields are rejected."""

    model_config = ConfigDict(extra="forbid")


class PlanRequest(SharedPlanRequest):
    """The seed's plan body: who, the sentence, and explicit overrides (``constraints``)."""

    # Built now: FastAPI cannot wrap a deferred model as a request body.
    model_config = ConfigDict(extra="forbid", defer_build=False)


class ApiInfo(Body):
    name: str = "lotara"
    version: str
    docs: str = "/docs"
    health: str = "/health"


class HealthServices(Body):
    store: Literal["healthy", "busy", "unhealthy"] = Field(
        description="busy: another process holds the store's write lock; writes answer 503"
    )
    opik: Literal["on", "off"]


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


class PlanStarted(Body):
    """The answer to POST /v1/plan and POST /v1/suggest: the job exists and will run."""

    job_id: str
    status: Literal["started"] = "started"


class SuggestRequest(Body):
    """A proactive trigger noticed by the product backend (price drop, calendar gap...)."""

    user_id: str = Field(min_length=1, max_length=200)
    trigger_type: TriggerType
    context: dict[str, JsonValue] = Field(
        default_factory=dict, description="what was noticed, e.g. route, old_price, new_price"
    )


class JobList(Body):
    user_id: str
    jobs: list[JobSummary]
    total: int = Field(description="how many jobs the user has in all")
    limit: int
    offset: int


class ApproveRequest(Body):
    job_id: str = Field(min_length=1, max_length=100)
    approved: bool
    notes: str | None = Field(default=None, max_length=2000)


class ApproveAccepted(Body):
    """The decision is stored; the job resumes in the background (follow it on the stream)."""

    job_id: str
    approved: bool
    status: Literal["resuming", "recorded"] = Field(
        default="resuming",
        description="resuming: it continues now; recorded: stored, and a server that runs "
        "jobs (--max-running above 0) resumes it when it starts",
    )


class CancelRequest(Body):
    job_id: str = Field(min_length=1, max_length=100)


class BookRequest(Body):
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


class FeedbackRequest(Body):
    job_id: str = Field(min_length=1, max_length=100)
    rating: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=5000)
    helpful_aspects: list[FeedbackTag] = Field(default_factory=list, max_length=len(FEEDBACK_TAGS))
    improvement_areas: list[FeedbackTag] = Field(
        default_factory=list, max_length=len(FEEDBACK_TAGS)
    )


class Preferences(Body):
    """A user's preferences as stored: key -> value (see `lotara prefs keys`)."""

    user_id: str
    preferences: dict[str, JsonValue]


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
        "interests": Annotated[list[Literal[INTERESTS]], Field(min_length=1)],
        "pace": Literal[PACES],
        "room_type": Literal[ROOM_TYPES],
        "cuisines": Annotated[list[text], Field(min_length=1, max_length=50)],
        "avoid_transport": Annotated[list[Literal[TRANSPORT_MODES]], Field(min_length=1)],
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


PreferenceValues = create_model(
    "PreferenceValues",
    __config__=ConfigDict(extra="forbid"),
    __doc__="Known preference keys (`lotara prefs keys`); null removes a key.",
    **{name: (kind | None, None) for name, kind in _preference_types().items()},
)


class PreferencesUpdate(Body):
    """Keys to set (a value) or remove (null); keys not named stay as they are."""

    preferences: PreferenceValues  # type: ignore[valid-type]


class ErrorBody(Body):
    """Every error other than a validation error: one sentence, no traceback."""

    detail: str
    code: str = Field(description="a stable name for the error, e.g. not_found")


class ValidationIssue(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorBody(BaseModel):
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
    "Health",
    "Job",
    "JobList",
    "JobStatus",
    "PlanRequest",
    "PlanStarted",
    "Preferences",
    "PreferencesUpdate",
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
