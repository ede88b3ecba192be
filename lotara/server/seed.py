"""The seed's words on the wire: statuses, event shapes and partial outputs, from lotara's.

The original product's clients (the seed README's ``AIBackend`` class, its EventSource
listeners, its pollers) know seven statuses and a few event shapes. lotara's job document
and events are richer; this module says, in one place, how each of lotara's maps onto the
seed's, so the wire speaks the seed's language and lotara's own fields ride alongside:

    lotara            seed                 note
    queued            started
    running           planning             ``executing`` while it books (current_state booking)
    awaiting_approval waiting_approval
    completed         completed
    failed            failed
    rejected          failed               the seed's pollers stop only on completed/failed;
                                           ``error.code`` is ``rejected``
    cancelled         cancelled

Nothing here writes to the store; it reads the job's own rows when an event needs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from lotara.models import EventType, JobError, JobEvent, JobStatus

if TYPE_CHECKING:
    from lotara.jobs.store import JobStore
    from lotara.models import Job

SeedStatus = Literal[
    "started", "planning", "executing", "waiting_approval", "completed", "failed", "cancelled"
]
SEED_STATUSES: tuple[str, ...] = (
    "started",
    "planning",
    "executing",
    "waiting_approval",
    "completed",
    "failed",
    "cancelled",
)

SEED_OF: dict[JobStatus, SeedStatus] = {
    JobStatus.QUEUED: "started",
    JobStatus.RUNNING: "planning",
    JobStatus.AWAITING_APPROVAL: "waiting_approval",
    JobStatus.COMPLETED: "completed",
    JobStatus.FAILED: "failed",
    JobStatus.REJECTED: "failed",
    JobStatus.CANCELLED: "cancelled",
}

EXECUTING_STATES = frozenset({"booking"})
"""lotara's ``progress.current_state`` values the seed calls ``executing`` (acting, not
planning)."""

LOTARA_OF: dict[str, tuple[JobStatus, ...]] = {
    "started": (JobStatus.QUEUED,),
    "planning": (JobStatus.RUNNING,),
    "executing": (JobStatus.RUNNING,),
    "waiting_approval": (JobStatus.AWAITING_APPROVAL,),
    "completed": (JobStatus.COMPLETED,),
    "failed": (JobStatus.FAILED, JobStatus.REJECTED),
    "cancelled": (JobStatus.CANCELLED,),
}
"""A ``?status=`` filter in the seed's words: the lotara statuses it covers."""

REJECTED_MESSAGE = "The traveller rejected the plan at its approval gate; nothing was booked."


def seed_status(status: JobStatus, current_state: str | None = None) -> SeedStatus:
    """The seed's name for a job in ``status`` (``current_state`` tells planning/executing)."""
    if status is JobStatus.RUNNING and current_state in EXECUTING_STATES:
        return "executing"
    return SEED_OF[status]


def statuses_for(name: str) -> tuple[JobStatus, ...] | None:
    """The lotara statuses a filter names, in either vocabulary; None for an unknown name."""
    if name in LOTARA_OF:
        return LOTARA_OF[name]
    try:
        return (JobStatus(name),)
    except ValueError:
        return None


FILTER_NAMES = tuple(dict.fromkeys([*SEED_STATUSES, *(s.value for s in JobStatus)]))


# --- advice in the API's words ----------------------------------------------------------

_API_ADVICE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"pass --from"), 'send constraints.departure_city (e.g. "LAX")'),
    (re.compile(r"pass --to"), 'send constraints.destination (e.g. "Tokyo")'),
    (re.compile(r"pass --days"), "send constraints.duration_days"),
    (re.compile(r"pass --budget"), "send constraints.budget_usd"),
    (
        re.compile(r"set one with `lotara prefs set (\w+) ([^`]+)`"),
        r"""set the user's \1 preference (PUT /v1/preferences/{user_id} {"\1": "\2"})""",
    ),
    (
        re.compile(r"`lotara prefs set (\w+) ([^`]+)`"),
        r'PUT /v1/preferences/{user_id} {"\1": "\2"}',
    ),
]
"""The planner's advice names CLI flags; over HTTP the same advice names the API's fields."""


def api_advice(message: str) -> str:
    """``message`` with CLI flags and commands replaced by the API fields that do the same."""
    for pattern, replacement in _API_ADVICE:
        message = pattern.sub(replacement, message)
    return message


def error_of(job: Job) -> JobError | None:
    """The job's error as the API shows it: the planner's, or ``rejected`` for a rejected job."""
    if job.error is not None:
        return JobError(code=job.error.code, message=api_advice(job.error.message))
    if job.status is JobStatus.REJECTED:
        return JobError(code="rejected", message=REJECTED_MESSAGE)
    return None


# --- partial outputs as arrays ----------------------------------------------------------


def flight_options(value: Any) -> list[Any]:
    """lotara's ``flights`` output (legs, each with its best options) as one array of options."""
    if not isinstance(value, list):
        return []
    out: list[Any] = []
    for leg in value:
        if isinstance(leg, dict) and isinstance(leg.get("options"), list):
            for option in leg["options"]:
                extra = {"leg": leg.get("leg"), "date": leg.get("date")}
                out.append({**extra, **option} if isinstance(option, dict) else option)
        else:
            out.append(leg)  # already an option (another producer's shape)
    return out


def hotel_options(value: Any) -> list[Any]:
    """lotara's ``hotels`` output (city -> its best stays) as one array, each with its city."""
    if isinstance(value, list):
        return value
    if not isinstance(value, dict):
        return []
    return [
        {"city": city, **stay} if isinstance(stay, dict) else stay
        for city, stays in value.items()
        for stay in (stays if isinstance(stays, list) else [])
    ]


ARRAYS = {"flights": ("legs", flight_options), "hotels": ("by_city", hotel_options)}
"""Outputs the seed reads as arrays: key -> (where lotara's own shape is kept, flattener)."""


def agent_output(data: dict[str, Any]) -> dict[str, Any]:
    """An ``agent_output`` payload with ``value`` an array for flights and hotels."""
    key = data.get("key")
    if key not in ARRAYS:
        return data
    kept, flatten = ARRAYS[key]
    return {**data, "value": flatten(data.get("value")), kept: data.get("value")}


def current_output(events: Iterable[JobEvent]) -> dict[str, Any]:
    """The seed's ``current_output``: the latest value of each partial output so far."""
    out: dict[str, Any] = {"flights": [], "hotels": []}
    for event in events:
        if event.type is EventType.AGENT_OUTPUT and isinstance(event.data.get("key"), str):
            shaped = agent_output(event.data)
            out[shaped["key"]] = shaped.get("value")
    return out


# --- events on the wire -----------------------------------------------------------------


def _lotara_to(data: dict[str, Any]) -> JobStatus:
    """The status a lotara ``state_change`` moved the job to."""
    for name in (data.get("to"), data.get("state")):
        if isinstance(name, str):
            try:
                return JobStatus(name)
            except ValueError:
                pass
    if data.get("state") == "requeued":
        return JobStatus.QUEUED
    return JobStatus.RUNNING  # a running job's sub-state ("planning", "booking", ...)


def _approval_at(store: JobStore, event: JobEvent) -> dict[str, Any] | None:
    """The approval a job stopped for at ``event``: the newest created by then."""
    made = [a for a in store.approvals(event.job_id) if a.created_at <= event.ts]
    if not made:
        return None
    gate = made[-1]
    return {
        "approval_id": gate.id,
        "kind": gate.kind.value,
        "details": gate.details,
        "status": gate.status.value,
    }


def state_change(store: JobStore, event: JobEvent) -> dict[str, Any]:
    """Every ``state_change`` in one shape: the seed's ``status`` plus lotara's own fields."""
    data = event.data
    to = _lotara_to(data)
    was = data.get("from")
    current = data.get("current_state") or data.get("state") or to.value
    error = None
    if to.is_final:
        job = store.get_job(event.job_id)
        found = error_of(job) if job.status is to else None
        error = found.model_dump() if found else None
    return {
        "status": seed_status(to, current),
        "from": was,
        "to": to.value,
        "current_state": current,
        "reason": data.get("reason"),
        "approval_data": _approval_at(store, event) if to is JobStatus.AWAITING_APPROVAL else None,
        "error": error,
    }


def complete(store: JobStore, event: JobEvent) -> dict[str, Any]:
    """``complete`` with ``result``: the finished itinerary (null when there is none)."""
    job = store.get_job(event.job_id)
    lotara = event.data.get("status") or job.status.value
    try:
        status = JobStatus(lotara)
    except ValueError:
        status = job.status
    result = event.data.get("result")
    if result is None and job.itinerary is not None:
        result = job.itinerary.model_dump(mode="json")
    shaped = {**event.data, "status": seed_status(status), "lotara_status": status.value}
    shaped["result"] = result
    if status is JobStatus.REJECTED:
        shaped["error"] = {"code": "rejected", "message": REJECTED_MESSAGE}
    return shaped


def error(data: dict[str, Any]) -> dict[str, Any]:
    status = "cancelled" if data.get("code") == "cancelled" else "failed"
    message = data.get("message")
    out = {**data, "status": status}
    if isinstance(message, str):
        out["message"] = api_advice(message)
    return out


def wire_data(store: JobStore, event: JobEvent) -> dict[str, Any]:
    """An event's data as the seed's clients read it (lotara's fields kept beside)."""
    if event.type is EventType.STATE_CHANGE:
        return state_change(store, event)
    if event.type is EventType.AGENT_OUTPUT:
        return agent_output(event.data)
    if event.type is EventType.COMPLETE:
        return complete(store, event)
    if event.type is EventType.ERROR:
        return error(event.data)
    return event.data
