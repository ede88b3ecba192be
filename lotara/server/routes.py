"""The routes of `lotara serve`: paths, bodies and field names of the seed's REST contract.

Every ``/v1`` route takes the caller (``principal``) from the bearer token when tokens are
configured; a per-user token acts only for its own user (403 for another user's id in a
path or body, 404 for another user's job, so job ids of others are not even confirmed).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi import Body as BodyParam
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.sse import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from lotara import __version__, clock
from lotara.errors import Conflict, InvalidValue, LotaraError, NotFound
from lotara.jobs import engine
from lotara.jobs.leases import HeldClaims
from lotara.jobs.store import JobStore
from lotara.models import FEEDBACK_TAGS, Feedback, Job, JobStatus, JobSummary
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
    FeedbackStored,
    Health,
    HealthServices,
    JobList,
    PlanRequest,
    PlanStarted,
    Preferences,
    PreferencesStored,
    PreferenceValues,
    RunnerState,
    SeedJob,
    SeedJobSummary,
    SuggestRequest,
    SuggestStarted,
    preference_text,
)
from lotara.server.config import ServeConfig
from lotara.server.health import store_and_queue
from lotara.server.runner import JobRunner, RunnerClosed, Work
from lotara.server.seed import FILTER_NAMES, current_output, error_of, seed_status, statuses_for
from lotara.server.stores import ThreadStores
from lotara.server.stream import MAX_SEQ, EventFeed, job_stream

JobId = Annotated[str, PathParam(min_length=1, max_length=100)]
UserId = Annotated[str, PathParam(min_length=1, max_length=200)]


@dataclass
class Server:
    """What the routes share: the stores, runner, feed, settings.

    ``store`` is the calling thread's store (``lotara.server.stores``): routes that use it
    are plain ``def`` (FastAPI runs them in its threadpool); async code reaches it through
    ``run_in_threadpool``. On the event loop it raises.
    """

    stores: ThreadStores
    runner: JobRunner
    feed: EventFeed
    config: ServeConfig
    tokens: TokenTable
    tracing: bool
    claims: HeldClaims

    @property
    def store(self) -> JobStore:
        return self.stores.get()


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    described = {
        400: "The request is malformed (a header, or a body that is not UTF-8 JSON).",
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


def streamable_job(server: ServerDep, job_id: JobId, who: Caller) -> str:
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


def seed_job(server: Server, job_id: str) -> SeedJob:
    """The job document as the API answers it: the seed's status and current_output added."""
    job = _with_trace(server, server.store.get_job(job_id))
    doc = job.model_dump(mode="json", exclude={"status", "error"})
    done = job.status is JobStatus.COMPLETED and job.itinerary is not None
    return SeedJob(
        **doc,
        status=seed_status(job.status, job.progress.current_state),
        lotara_status=job.status,
        error=error_of(job),
        current_output=current_output(server.store.events(job_id)),
        final_result=doc["itinerary"] if done else None,
    )


def _json(model: Any, status_code: int = 200) -> JSONResponse:
    return JSONResponse(model.model_dump(mode="json"), status_code=status_code)


def warn_ignored(response: Response, ignored: list[str]) -> list[str] | None:
    """Name what the request carried and lotara did not use, in a ``Warning`` header."""
    if not ignored:
        return None
    shown = ", ".join(ignored[:10]) + (
        f" and {len(ignored) - 10} more" if len(ignored) > 10 else ""
    )
    text = shown.encode("ascii", "backslashreplace").decode().replace('"', "'")
    response.headers["Warning"] = f'299 lotara "Ignored: {text}"'
    return ignored


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
    state = await busy.probe(server.stores.get)  # off the event loop, within a second
    store_ok = state != "unhealthy"
    queue: dict[str, Any] = {"kind": "in-process", "reachable": True}
    if server.stores.shared.database_url:  # PostgreSQL: the database and procrastinate's queue
        checked = await store_and_queue(server.stores.shared)
        queue = checked["queue"]
        store_ok = store_ok and checked["database"] == "healthy"
    runner = server.runner
    body = Health(
        status="healthy" if store_ok else "unhealthy",
        timestamp=clock.iso(),
        version=__version__,
        tracing=server.tracing,
        services=HealthServices(
            store=state, opik="healthy" if server.tracing else "not_configured"
        ),
        runner=RunnerState(
            max_running=runner.max_running,
            running=runner.running,
            queued=runner.queued,
            accepting=runner.accepting,
        ),
        queue=queue,
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=200 if store_ok else 503)


def _start(server: Server, request: PlanRequest) -> str:
    _accepting(server)
    job_id = engine.create_job(server.store, request.for_lotara())
    server.runner.submit(job_id)
    return job_id


@v1.post(
    "/plan",
    status_code=202,
    response_model=PlanStarted,
    response_model_exclude_none=True,
    summary="Start planning a trip; the job runs in the background",
    responses=_errors(403, 503),
)
def plan(body: PlanRequest, server: ServerDep, who: Caller, response: Response) -> PlanStarted:
    _act_for(who, body.user_id)
    ignored = warn_ignored(response, body.ignored())
    return PlanStarted(job_id=_start(server, body), ignored=ignored)


@v1.post(
    "/plan/sync",
    response_model=SeedJob,
    summary="Plan a trip and wait for it (up to `timeout` seconds)",
    responses={
        202: {"model": SeedJob, "description": "Still running when the timeout came."},
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
    job_id = await run_in_threadpool(_start, server, body)
    at_rest = await _wait_at_rest(server, job_id, timeout)
    done = await run_in_threadpool(seed_job, server, job_id)
    answer = _json(done, status_code=200 if at_rest else 202)
    warn_ignored(answer, body.ignored())
    return answer


async def _wait_at_rest(server: Server, job_id: str, timeout: float) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    with server.feed.watch(job_id) as wake:
        while True:
            wake.clear()
            status = await run_in_threadpool(lambda: server.store.status_of(job_id))
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
    response_model_exclude_none=True,
    summary="Start the proactive workflow for a trigger (price drop, calendar gap...); "
    "the same trigger twice gives the same suggestion",
    responses=_errors(403, 409, 503),
)
def suggest(
    body: SuggestRequest, server: ServerDep, who: Caller, response: Response
) -> SuggestStarted:
    # The path of `lotara watch trigger`: a claim on the trigger's dedupe key, one job for it.
    from lotara.proactive import suggestions

    _act_for(who, body.user_id)
    ignored = warn_ignored(response, body.ignored())
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
            job_id=doc["job_id"],
            suggestion_id=doc["suggestion_id"],
            duplicate=True,
            ignored=ignored,
        )
    job_id = suggestions.start(store, held)
    job = store.get_job(job_id)
    if job.status is JobStatus.QUEUED:
        # Held (renewed) however long the job waits in the queue: no cron pass takes it over.
        server.claims.add(held.suggestion_id, job_id)
        server.runner.submit(job_id)  # the runner settles the suggestion when the job ends
    else:
        suggestions.settle(store, held.suggestion_id, job)  # an earlier attempt's, kept
    return SuggestStarted(job_id=job_id, suggestion_id=held.suggestion_id, ignored=ignored)


@v1.get(
    "/status/{job_id}",
    response_model=SeedJob,
    summary="The job document: the seed's status and current_output, lotara's itinerary",
    responses=_errors(404),
)
def status(job_id: JobId, server: ServerDep, who: Caller) -> Any:
    _owner(server, who, job_id)
    return _json(seed_job(server, job_id))


def resume_after(
    last_event_id: Annotated[
        str | None,
        Header(description="resume after this seq (sent by EventSource): digits, at most 2^63-1"),
    ] = None,
) -> int:
    """The seq a stream resumes after; 400 before streaming for anything but a seq."""
    if last_event_id is None:
        return 0
    text = last_event_id.strip()
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_SEQ:
        raise HTTPException(
            400, f"Last-Event-ID must be an event id this stream sent (0 to {MAX_SEQ})."
        )
    return int(text)


@v1.get(
    "/stream/{job_id}",
    response_class=EventSourceResponse,
    summary="The job's events as server-sent events, until it completes or fails",
    description="The stream stays open (with `: ping` comments) through an approval gate "
    "until `complete` or `error`; `?until=gate` ends it at the gate instead.",
    responses=_json_errors(400, 401, 404),
)
async def stream(
    request: Request,
    job_id: Annotated[str, Depends(streamable_job)],
    server: ServerDep,
    after: Annotated[int, Depends(resume_after)],
    until: Annotated[
        Literal["end", "gate"],
        Query(description="end: complete or error (the seed's); gate: also an approval gate"),
    ] = "end",
) -> AsyncIterator[ServerSentEvent]:
    async for event in job_stream(server, job_id, after=after, until_gate=until == "gate"):
        yield event


@v1.get(
    "/jobs/{user_id}",
    response_model=JobList,
    summary="A user's jobs, newest first",
    responses=_errors(403),
)
def jobs(
    user_id: UserId,
    server: ServerDep,
    who: Caller,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    status: Annotated[
        str | None,
        Query(
            description="the seed's status names or lotara's",
            json_schema_extra={"enum": list(FILTER_NAMES)},
        ),
    ] = None,
    status_filter: Annotated[
        str | None,
        Query(
            description="the original's name for `status`",
            json_schema_extra={"enum": list(FILTER_NAMES)},
        ),
    ] = None,
) -> JobList:
    _act_for(who, user_id)
    wanted = _status_filter(status, status_filter)
    store = server.store
    rows = store.list_jobs(user_id=user_id, limit=limit, offset=offset, status=wanted)
    total = store.count_jobs(user_id=user_id, status=wanted)
    return JobList(
        user_id=user_id,
        jobs=[_seed_row(row) for row in rows],
        count=len(rows),
        total=total,
        limit=limit,
        offset=offset,
    )


def _seed_row(row: JobSummary) -> SeedJobSummary:
    doc = row.model_dump(mode="json", exclude={"status"})
    return SeedJobSummary(**doc, status=seed_status(row.status), lotara_status=row.status)


def _status_filter(status: str | None, status_filter: str | None) -> tuple[JobStatus, ...] | None:
    """The statuses ``?status=`` (or the original's ``?status_filter=``) names; 422 if unknown."""
    given = [
        (name, value)
        for name, value in (("status", status), ("status_filter", status_filter))
        if value is not None
    ]
    if not given:
        return None
    found: list[tuple[JobStatus, ...]] = []
    for name, value in given:
        statuses = statuses_for(value)
        if statuses is None:
            raise RequestValidationError(
                [
                    {
                        "loc": ["query", name],
                        "msg": f"Unknown status {value!r}; use one of {', '.join(FILTER_NAMES)}.",
                        "type": "enum",
                    }
                ]
            )
        found.append(statuses)
    both = set(found[0]).intersection(*found[1:])
    return tuple(s for s in JobStatus if s in both)


@v1.post(
    "/approve",
    response_model=ApproveAccepted,
    summary="Approve or reject what a job waits for; it resumes in the background",
    responses=_errors(400, 404, 503),
)
def approve(
    body: ApproveRequest, server: ServerDep, who: Caller, response: Response
) -> ApproveAccepted:
    _owner(server, who, body.job_id)
    _accepting(server)
    warn_ignored(response, body.ignored())
    # Stored before the answer: a server that stops now resumes the job when it starts again.
    try:
        engine.record_decision(server.store, body.job_id, approved=body.approved, notes=body.notes)
    except Conflict as error:  # the seed's 400: the job is not awaiting approval
        raise HTTPException(400, error.message) from None
    work = Work(body.job_id, kind="resume", approved=body.approved, notes=body.notes)
    what = "Approval granted, the job resumes." if body.approved else "Approval denied."
    try:
        server.runner.submit(work)
    except RunnerClosed:  # --max-running 0, or shutting down this instant: it waits recorded
        return ApproveAccepted(
            job_id=body.job_id,
            approved=body.approved,
            status="recorded",
            message=what.split(",")[0].rstrip(".")
            + "; recorded, and the job resumes when a server that runs jobs starts.",
        )
    return ApproveAccepted(job_id=body.job_id, approved=body.approved, message=what)


@v1.post(
    "/cancel",
    response_model=SeedJob,
    summary="Cancel a queued, running or waiting job; the process running it stops",
    responses=_errors(404, 409),
)
def cancel(body: CancelRequest, server: ServerDep, who: Caller) -> Any:
    _owner(server, who, body.job_id)
    engine.cancel(server.store, body.job_id)
    return _json(seed_job(server, body.job_id))


@v1.post(
    "/book",
    status_code=202,
    response_model=BookAccepted,
    summary="Book a completed plan: it goes to the booking gate; approve it to hold (sandbox)",
    responses=_errors(404, 409, 503),
)
def book(body: BookRequest, server: ServerDep, who: Caller) -> BookAccepted:
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
    response_model=FeedbackStored,
    summary="Rate a planned trip",
    description="Aspects that name one of lotara's tags are stored as the tag (`Budget "
    "accuracy` is `budget_accuracy`); others are kept word for word in the comment.",
    responses=_errors(404),
)
def feedback(
    body: FeedbackRequest, server: ServerDep, who: Caller, response: Response
) -> FeedbackStored:
    owner = _owner(server, who, body.job_id)
    warn_ignored(response, body.ignored())
    helpful, helpful_words = _tags(body.helpful_aspects)
    improve, improve_words = _tags(body.improvement_areas)
    words = []
    if helpful_words:
        words.append("Helpful, in their words: " + "; ".join(helpful_words) + ".")
    if improve_words:
        words.append("To improve, in their words: " + "; ".join(improve_words) + ".")
    comment = "\n".join(filter(None, [body.comment, *words])) or None
    given = Feedback(
        job_id=body.job_id,
        rating=body.rating,
        comment=comment,
        helpful_aspects=helpful,
        improvement_areas=improve,
    )
    stored = server.store.add_feedback(given, user_id=owner)
    from lotara.tracing import log_feedback  # sends only when Opik is configured

    log_feedback(server.store, stored, user_id=owner)
    return FeedbackStored(
        **stored.model_dump(mode="json"), untagged=[*helpful_words, *improve_words]
    )


def _tag_of(text: str) -> str | None:
    name = "_".join(text.strip().lower().replace("-", " ").split())
    return name if name in FEEDBACK_TAGS else None


def _tags(aspects: list[str] | None) -> tuple[list[str], list[str]]:
    """(lotara tags, aspects in the traveller's own words) of a list of aspects."""
    tags: list[str] = []
    words: list[str] = []
    for text in aspects or []:
        tag = _tag_of(text)
        if tag is None:
            words.append(text.strip())
        elif tag not in tags:
            tags.append(tag)
    return tags, words


@v1.get(
    "/preferences/{user_id}",
    response_model=Preferences,
    summary="A user's preferences",
    responses=_errors(403),
)
def get_preferences(user_id: UserId, server: ServerDep, who: Caller) -> Preferences:
    _act_for(who, user_id)
    return Preferences(user_id=user_id, preferences=server.store.preferences(user_id))


class PreferenceError(InvalidValue):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.loc = ["body", "preferences", key]


_PREFERENCE_SCHEMA = PreferenceValues.model_json_schema()


@v1.put(
    "/preferences/{user_id}",
    response_model=PreferencesStored,
    response_model_exclude_none=True,
    summary="Set (a value) or remove (null) preferences; other keys stay",
    description='`{"preferences": {...}}` or the keys bare, as the seed\'s clients send '
    "them. Only the traveller's keys: the operator's (files, URLs, models, tracing) answer "
    "403 and the request stores nothing. Unknown keys are ignored and named.",
    responses=_errors(403),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "anyOf": [
                            {
                                "type": "object",
                                "properties": {"preferences": _PREFERENCE_SCHEMA},
                                "required": ["preferences"],
                            },
                            _PREFERENCE_SCHEMA,
                        ]
                    }
                }
            },
        }
    },
)
def put_preferences(
    user_id: UserId,
    server: ServerDep,
    who: Caller,
    response: Response,
    raw: Annotated[dict[str, Any], BodyParam(include_in_schema=False)],
) -> PreferencesStored:
    _act_for(who, user_id)
    update, ignored = _preference_update(raw)
    warn_ignored(response, ignored)
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
    return PreferencesStored(
        user_id=user_id, preferences=store.preferences(user_id), ignored=ignored or None
    )


def _preference_update(raw: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The keys to set or remove, from the wrapped or the bare form; unknown keys named."""
    import difflib

    from pydantic import ValidationError

    wrapped = set(raw) == {"preferences"} and isinstance(raw["preferences"], dict)
    values: dict[str, Any] = raw["preferences"] if wrapped else raw
    loc: list[str | int] = ["body", "preferences"] if wrapped else ["body"]
    known = PreferenceValues.model_fields
    ignored = []
    for key in values:
        if key not in known:
            close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.8)
            ignored.append(f"{key} (unknown preference" + (f"; {close[0]}?)" if close else ")"))
    try:
        checked = PreferenceValues.model_validate({k: v for k, v in values.items() if k in known})
    except ValidationError as error:
        raise RequestValidationError(
            [{**issue, "loc": [*loc, *issue["loc"]]} for issue in error.errors()]
        ) from None
    return checked.model_dump(exclude_unset=True), ignored


router.include_router(v1)
