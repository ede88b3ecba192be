"""The routes of `lotara serve`: paths, bodies and field names of the seed's REST contract.

Every ``/v1`` route takes the caller (``principal``) from the bearer token when tokens are
configured; a per-user token acts only for its own user (403 for another user's id in a
path or body, 404 for another user's job, so job ids of others are not even confirmed).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.sse import EventSourceResponse, ServerSentEvent
from starlette.exceptions import HTTPException

from lotara import __version__, clock
from lotara.errors import Conflict, InvalidValue, LotaraError, NotFound
from lotara.jobs import engine
from lotara.jobs.store import JobStore
from lotara.models import Feedback, Job, JobStatus
from lotara.prefs import OPERATOR_KEYS, parse_preference
from lotara.server import busy
from lotara.server.auth import ANYONE, Principal, TokenTable, job_owner
from lotara.server.bodies import (
    ApiInfo,
    ApproveAccepted,
    ApproveRequest,
    BookAccepted,
    BookRequest,
    CancelRequest,
    ErrorBody,
    FeedbackRequest,
    Health,
    HealthServices,
    JobList,
    PlanRequest,
    PlanStarted,
    Preferences,
    PreferencesUpdate,
    RunnerState,
    SuggestRequest,
    SuggestStarted,
    preference_text,
)
from lotara.server.config import ServeConfig
from lotara.server.runner import JobRunner, RunnerClosed, Work
from lotara.server.stream import MAX_SEQ, EventFeed, job_stream

JobId = Annotated[str, PathParam(min_length=1, max_length=100)]
UserId = Annotated[str, PathParam(min_length=1, max_length=200)]


@dataclass
class Server:
    """What the routes share: the store (event-loop thread only), runner, feed, settings."""

    store: JobStore
    runner: JobRunner
    feed: EventFeed
    config: ServeConfig
    tokens: TokenTable
    tracing: bool


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    described = {
        401: "No bearer token, or a wrong one (when tokens are configured).",
        403: "This token may not act for that user.",
        404: "No such job (or not one of this token's user).",
        409: "The job's state does not allow this.",
        413: "The request body is too large.",
        503: "The server is shutting down, or its store is unreachable.",
    }
    return {c: {"model": ErrorBody, "description": described[c]} for c in codes}


def _json_errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """Error responses of a route whose success is not JSON (the SSE stream)."""

    def ref(name: str) -> dict[str, Any]:
        return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}

    out: dict[int | str, dict[str, Any]] = {
        c: {"description": v["description"], "content": ref("ErrorBody")}
        for c, v in _errors(*codes).items()
    }
    out[422] = {"description": "Validation Error", "content": ref("HTTPValidationError")}
    return out


# --- dependencies -----------------------------------------------------------------------

bearer = HTTPBearer(auto_error=False, description="LOTARA_API_TOKEN or a per-user token")


def server_of(request: Request) -> Server:
    return request.app.state.server


async def principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """Who is calling: checked against the configured tokens, if any."""
    tokens = server_of(request).tokens
    if not tokens.enabled:
        return ANYONE
    found = tokens.principal(credentials.credentials) if credentials else None
    if found is None:
        raise HTTPException(
            401, "A valid bearer token is required.", headers={"WWW-Authenticate": "Bearer"}
        )
    return found


Caller = Annotated[Principal, Depends(principal)]
ServerDep = Annotated[Server, Depends(server_of)]


def _act_for(who: Principal, user_id: str) -> None:
    if not who.may_act_for(user_id):
        raise HTTPException(403, f"This token may not act for user {user_id!r}.")


def _owner(server: Server, who: Principal, job_id: str) -> str:
    """The owner of ``job_id``; 404 for unknown jobs and for other users' jobs alike."""
    owner = job_owner(server.store, who, job_id)
    if owner is None:
        raise NotFound(f"No job {job_id!r}.")
    return owner


async def streamable_job(server: ServerDep, job_id: JobId, who: Caller) -> str:
    """The job to stream, checked before the stream starts (so a 404 is a real 404)."""
    _owner(server, who, job_id)
    return job_id


def _accepting(server: Server) -> None:
    if not server.runner.accepting:
        raise RunnerClosed("The server is shutting down and starts no new job.")


def _with_trace(server: Server, job: Job) -> Job:
    """The job with ``opik_trace_url`` when it was traced and tracing is on for its user."""
    if not job.trace_id:
        return job
    from lotara import tracing

    return tracing.with_trace_url(server.store, job)


def tracing_on() -> bool:
    """Whether jobs are traced to Opik (by the environment or Opik's config file)."""
    from lotara import tracing

    return tracing.enabled()


# --- routes -----------------------------------------------------------------------------

router = APIRouter()
v1 = APIRouter(prefix="/v1", responses=_errors(401))


@router.get("/", response_model=ApiInfo, summary="API info")
async def root() -> ApiInfo:
    return ApiInfo(version=__version__)


@router.get(
    "/health",
    response_model=Health,
    summary="Health: store reachable, version, tracing on or off",
    responses={503: {"model": Health, "description": "The store is unreachable."}},
)
async def health(server: ServerDep) -> Any:
    state = await busy.probe(server.store)  # off the event loop, within a second
    store_ok = state != "unhealthy"
    runner = server.runner
    body = Health(
        status="healthy" if store_ok else "unhealthy",
        timestamp=clock.iso(),
        version=__version__,
        tracing=server.tracing,
        services=HealthServices(store=state, opik="on" if server.tracing else "off"),
        runner=RunnerState(
            max_running=runner.max_running,
            running=runner.running,
            queued=runner.queued,
            accepting=runner.accepting,
        ),
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=200 if store_ok else 503)


def _start(server: Server, request: PlanRequest) -> str:
    _accepting(server)
    job_id = engine.create_job(server.store, request)
    server.runner.submit(job_id)
    return job_id


@v1.post(
    "/plan",
    status_code=202,
    response_model=PlanStarted,
    summary="Start planning a trip; the job runs in the background",
    responses=_errors(403, 503),
)
async def plan(body: PlanRequest, server: ServerDep, who: Caller) -> PlanStarted:
    _act_for(who, body.user_id)
    return PlanStarted(job_id=_start(server, body))


@v1.post(
    "/plan/sync",
    response_model=Job,
    summary="Plan a trip and wait for it (up to `timeout` seconds)",
    responses={
        202: {"model": Job, "description": "Still running when the timeout came."},
        **_errors(403, 503),
    },
)
async def plan_sync(
    body: PlanRequest,
    server: ServerDep,
    who: Caller,
    timeout: Annotated[float, Query(ge=0, le=600, description="seconds to wait")] = 60.0,
) -> Any:
    _act_for(who, body.user_id)
    job_id = _start(server, body)
    at_rest = await _wait_at_rest(server, job_id, timeout)
    job = _with_trace(server, server.store.get_job(job_id))
    return JSONResponse(job.model_dump(mode="json"), status_code=200 if at_rest else 202)


async def _wait_at_rest(server: Server, job_id: str, timeout: float) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    with server.feed.watch(job_id) as wake:
        while True:
            wake.clear()
            status = server.store.status_of(job_id)
            if status.is_final or status is JobStatus.AWAITING_APPROVAL:
                return True
            remaining = deadline - loop.time()
            if remaining <= 0 or server.feed.stopping.is_set():
                return False
            # Events wake us; a status change alone does not, so look again soon anyway.
            try:
                await asyncio.wait_for(wake.wait(), timeout=min(remaining, 0.25))
            except TimeoutError:
                pass


class ContextError(InvalidValue):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.loc = ["body", "context"]


@v1.post(
    "/suggest",
    status_code=202,
    response_model=SuggestStarted,
    summary="Start the proactive workflow for a trigger (price drop, calendar gap...); "
    "the same trigger twice gives the same suggestion",
    responses=_errors(403, 409, 503),
)
async def suggest(body: SuggestRequest, server: ServerDep, who: Caller) -> SuggestStarted:
    # The path of `lotara watch trigger`: a claim on the trigger's dedupe key, one job for it.
    from lotara.proactive import suggestions

    _act_for(who, body.user_id)
    _accepting(server)
    store = server.store
    try:
        trigger = suggestions.manual_trigger(
            store,
            user_id=body.user_id,
            trigger_type=body.trigger_type.value,
            context=body.context,
        )
    except InvalidValue as error:
        raise ContextError(error.message) from None
    held = suggestions.take(store, trigger)
    if held is None:
        found = suggestions.find_by_key(store, trigger.dedupe_key)
        doc = suggestions.document(store, found[0]) if found else None
        if doc is None or not doc["job_id"]:
            raise Conflict("This trigger is already being worked on; try again in a moment.")
        return SuggestStarted(
            job_id=doc["job_id"], suggestion_id=doc["suggestion_id"], duplicate=True
        )
    job_id = suggestions.start(store, held)
    job = store.get_job(job_id)
    if job.status is JobStatus.QUEUED:
        server.runner.submit(job_id)  # the runner settles the suggestion when the job ends
    else:
        suggestions.settle(store, held.suggestion_id, job)  # an earlier attempt's, kept
    return SuggestStarted(job_id=job_id, suggestion_id=held.suggestion_id)


@v1.get(
    "/status/{job_id}",
    response_model=Job,
    summary="The job document (with opik_trace_url when tracing is on)",
    responses=_errors(404),
)
async def status(job_id: JobId, server: ServerDep, who: Caller) -> Job:
    _owner(server, who, job_id)
    return _with_trace(server, server.store.get_job(job_id))


@v1.get(
    "/stream/{job_id}",
    response_class=EventSourceResponse,
    summary="The job's events as server-sent events, until it ends or waits for approval",
    responses=_json_errors(401, 404),
)
async def stream(
    request: Request,
    job_id: Annotated[str, Depends(streamable_job)],
    server: ServerDep,
    last_event_id: Annotated[
        int | None,
        Header(ge=0, le=MAX_SEQ, description="resume after this seq (sent by EventSource)"),
    ] = None,
) -> AsyncIterator[ServerSentEvent]:
    async for event in job_stream(
        server.store, server.feed, job_id, after=last_event_id or 0, ping_s=server.config.ping_s
    ):
        yield event


@v1.get(
    "/jobs/{user_id}",
    response_model=JobList,
    summary="A user's jobs, newest first",
    responses=_errors(403),
)
async def jobs(
    user_id: UserId,
    server: ServerDep,
    who: Caller,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    status: JobStatus | None = None,
) -> JobList:
    _act_for(who, user_id)
    rows = server.store.list_jobs(user_id=user_id, limit=limit, offset=offset, status=status)
    total = server.store.count_jobs(user_id=user_id, status=status)
    return JobList(user_id=user_id, jobs=rows, total=total, limit=limit, offset=offset)


@v1.post(
    "/approve",
    status_code=202,
    response_model=ApproveAccepted,
    summary="Approve or reject what a job waits for; it resumes in the background",
    responses=_errors(404, 409, 503),
)
async def approve(body: ApproveRequest, server: ServerDep, who: Caller) -> ApproveAccepted:
    _owner(server, who, body.job_id)
    _accepting(server)
    # Stored before the answer: a server that stops now resumes the job when it starts again.
    engine.record_decision(server.store, body.job_id, approved=body.approved, notes=body.notes)
    work = Work(body.job_id, kind="resume", approved=body.approved, notes=body.notes)
    try:
        server.runner.submit(work)
    except RunnerClosed:  # --max-running 0, or shutting down this instant: it waits recorded
        return ApproveAccepted(job_id=body.job_id, approved=body.approved, status="recorded")
    return ApproveAccepted(job_id=body.job_id, approved=body.approved)


@v1.post(
    "/cancel",
    response_model=Job,
    summary="Cancel a queued, running or waiting job; the process running it stops",
    responses=_errors(404, 409),
)
async def cancel(body: CancelRequest, server: ServerDep, who: Caller) -> Job:
    _owner(server, who, body.job_id)
    return engine.cancel(server.store, body.job_id)


@v1.post(
    "/book",
    status_code=202,
    response_model=BookAccepted,
    summary="Book a completed plan: it goes to the booking gate; approve it to hold (sandbox)",
    responses=_errors(404, 409, 503),
)
async def book(body: BookRequest, server: ServerDep, who: Caller) -> BookAccepted:
    _owner(server, who, body.job_id)
    _accepting(server)
    # Stored before the answer: a server that stops now books the plan when it starts again.
    engine.request_booking(server.store, body.job_id)
    try:
        server.runner.submit(Work(body.job_id, kind="book"))
    except RunnerClosed:  # --max-running 0, or shutting down this instant: it waits recorded
        return BookAccepted(job_id=body.job_id, status="recorded")
    return BookAccepted(job_id=body.job_id)


@v1.post(
    "/feedback",
    status_code=201,
    response_model=Feedback,
    summary="Rate a planned trip",
    responses=_errors(404),
)
async def feedback(body: FeedbackRequest, server: ServerDep, who: Caller) -> Feedback:
    owner = _owner(server, who, body.job_id)
    stored = server.store.add_feedback(Feedback(**body.model_dump()), user_id=owner)
    from lotara.tracing import log_feedback  # sends only when Opik is configured

    log_feedback(server.store, stored, user_id=owner)
    return stored


@v1.get(
    "/preferences/{user_id}",
    response_model=Preferences,
    summary="A user's preferences",
    responses=_errors(403),
)
async def get_preferences(user_id: UserId, server: ServerDep, who: Caller) -> Preferences:
    _act_for(who, user_id)
    return Preferences(user_id=user_id, preferences=server.store.preferences(user_id))


class PreferenceError(InvalidValue):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.loc = ["body", "preferences", key]


@v1.put(
    "/preferences/{user_id}",
    response_model=Preferences,
    summary="Set (a value) or remove (null) preferences; other keys stay",
    description="Only the traveller's keys: the operator's (files, URLs, models, tracing) "
    "answer 403 and the request stores nothing.",
    responses=_errors(403),
)
async def put_preferences(
    user_id: UserId, body: PreferencesUpdate, server: ServerDep, who: Caller
) -> Preferences:
    _act_for(who, user_id)
    update = body.preferences.model_dump(exclude_unset=True)
    refused = sorted(OPERATOR_KEYS.intersection(update))
    if refused:  # nothing of this request is stored
        raise HTTPException(
            403,
            f"Preference {refused[0]!r} is set by the operator on the server's machine "
            "(`lotara prefs set` there, or the environment), not through the API.",
        )
    parsed: dict[str, Any] = {}
    for key, value in update.items():
        try:
            parsed[key] = None if value is None else parse_preference(key, preference_text(value))
        except LotaraError as error:
            raise PreferenceError(key, error.message) from None
    store = server.store
    with store.immediate():  # all or nothing
        for key, value in parsed.items():
            if value is None:
                store.unset_preference(user_id, key)
            else:
                store.set_preference(user_id, key, value)
    return Preferences(user_id=user_id, preferences=store.preferences(user_id))


router.include_router(v1)
