"""Runs a job through the ADK agent tree: one ADK session per job, session id = job id.

The job's lifecycle is driven here, around the workflow (``lifecycle`` says how a run ends):
queued -> running -> (awaiting_approval ->) completed, failed or rejected. The first event
of a run is the state_change to running; the last is ``complete`` or ``error``, or
``approval_required`` when a gate pauses it. The ADK session is kept in ``adk_sessions.db``
beside the job store, so ``resume`` can continue a paused job from another process, days
later: it sends the runner a function response for the gate's pending interrupt, and ADK
replays the finished nodes and reruns the gate.

A ``LotaraError`` inside a run fails the job with its code and message; anything else fails
it with code ``internal``. A job is never left ``running`` by an error.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import TYPE_CHECKING, Any

from lotara.agents import graph, lifecycle, llm
from lotara.agents.gates import interrupt_id
from lotara.agents.run import REACTIVE_TASKS, Run, Timings, attached
from lotara.agents.sessions import SESSIONS_DB, open_sessions
from lotara.agents.state import TripState
from lotara.errors import Conflict, Unavailable
from lotara.jobs.gates import bookable
from lotara.models import ApprovalStatus, JobStatus, Mode, Progress

if TYPE_CHECKING:
    from lotara.jobs.events import Listener
    from lotara.jobs.store import JobStore
    from lotara.models import Job
    from lotara.world.provider import TravelProvider

APP = "lotara"

last_timings = Timings()
"""Where the last run in this process spent its time (read by benchmarks/plan.py)."""

_provider_override: TravelProvider | None = None


def _skip_absent_a2a() -> None:
    """Make ADK's optional A2A import fail fast when a2a-sdk is not installed.

    ADK's ``build_node`` tries to import its remote A2A agent for every node it builds, and
    a failed import is not cached: without this, each run re-reads those modules from disk.
    ``None`` in ``sys.modules`` is Python's way to say "not available" at once.
    """
    import importlib.util
    import sys

    name = "google.adk.agents.remote_a2a_agent"
    if name not in sys.modules and importlib.util.find_spec("a2a") is None:
        sys.modules[name] = None  # type: ignore[assignment]


_skip_absent_a2a()


def use_provider(provider: TravelProvider | None) -> None:
    """Plan with ``provider`` instead of the configured one (tests, benchmarks); None resets."""
    global _provider_override
    _provider_override = provider


def _provider(given: TravelProvider | None) -> TravelProvider:
    if given is not None:
        return given
    if _provider_override is not None:
        return _provider_override
    from lotara.world.provider import default_provider

    return default_provider()


# --- the public entry points (sync wrappers over the async ones) ------------------------


def run(
    store: JobStore,
    job_id: str,
    *,
    listeners: list[Listener] | None = None,
    provider: TravelProvider | None = None,
) -> Job:
    """Run a queued job to its end or its next approval gate; return the job document."""
    return _sync(run_async(store, job_id, listeners=listeners, provider=provider))


def resume(
    store: JobStore,
    job_id: str,
    *,
    approved: bool,
    notes: str | None,
    listeners: list[Listener] | None = None,
    provider: TravelProvider | None = None,
) -> Job:
    """Record the decision on the pending approval and continue (or end) the job."""
    return _sync(
        resume_async(
            store, job_id, approved=approved, notes=notes, listeners=listeners, provider=provider
        )
    )


def book(
    store: JobStore,
    job_id: str,
    *,
    listeners: list[Listener] | None = None,
    provider: TravelProvider | None = None,
) -> Job:
    """Ask to book a completed plan: the job waits at the booking gate."""
    return _sync(book_async(store, job_id, listeners=listeners, provider=provider))


def _sync(coro: Any) -> Any:
    """Run ``coro`` to the end from sync code, even when this thread already runs a loop."""
    box: dict[str, Any] = {}

    async def held() -> None:
        # The result is kept here, not as the task's: on its way out asyncio.run puts the
        # Ctrl-C handler back and, in doing so, formats the task's repr, the whole Job in it
        # (some 8 ms a plan for a fortnight's).
        box["value"] = await coro

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(held())
        return box["value"]

    def target() -> None:
        try:
            asyncio.run(held())
        except BaseException as error:  # handed back to the caller's thread
            box["error"] = error

    thread = threading.Thread(target=target, name="lotara-job", daemon=True)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


# --- runs ---------------------------------------------------------------------------------


def _new_run(
    store: JobStore, job: Job, listeners: list[Listener] | None, provider: TravelProvider | None
) -> tuple[Run, str | None]:
    """A Run for ``job``; the second value says why its model cannot be used, if it cannot."""
    llm.quiet_adk_logging()
    name = llm.model_name(job.model, store.preferences(job.user_id))
    model, problem = None, None
    try:
        model = llm.build_model(name)
    except Unavailable as error:
        problem = error.message
    run = Run(
        store=store,
        job=job,
        provider=_provider(provider),
        model_name=name,
        llm=model,
        listeners=list(listeners or []),
        progress=job.progress,
    )
    return run, problem


async def run_async(
    store: JobStore,
    job_id: str,
    *,
    listeners: list[Listener] | None = None,
    provider: TravelProvider | None = None,
) -> Job:
    """Run a queued job (a plan, or a proactive suggestion) to its end or its first gate."""
    from lotara import tracing

    job = store.get_job(job_id)
    if job.status is not JobStatus.QUEUED:
        raise Conflict(f"Job {job_id[:8]} is {job.status.value}; only a queued job can run.")
    started = time.perf_counter()
    with tracing.job_trace(store, job_id):
        run, problem = _new_run(store, job, listeners, provider)
        run.progress = Progress(current_state="running", tasks_total=REACTIVE_TASKS)
        lifecycle.move(run, JobStatus.RUNNING, expect=JobStatus.QUEUED)
        proactive_job = job.mode is Mode.PROACTIVE
        name = graph.SUGGEST if proactive_job else graph.PLAN
        try:
            if problem:
                from lotara.agents.specialists import fallback

                fallback(run, "proactive" if proactive_job else "intent", problem)
            await _drive(run, name, _text(job.query), fresh=True)
            lifecycle.settle(run, was=JobStatus.RUNNING)
        except BaseException as error:
            lifecycle.fail(run, error, was=JobStatus.RUNNING)
        finally:
            _record(run, started)
    return store.get_job(job_id)


async def resume_async(
    store: JobStore,
    job_id: str,
    *,
    approved: bool,
    notes: str | None,
    listeners: list[Listener] | None = None,
    provider: TravelProvider | None = None,
) -> Job:
    """Decide the job's current gate (unless already decided) and resume its ADK session.

    The gate may hold a decision recorded earlier (``gates.record_decision``, by a server
    that stopped before resuming): the job resumes from it, and asking for the other
    decision is a Conflict. Of two processes resuming at once, one continues the job.
    """
    from lotara import tracing

    job = store.get_job(job_id)
    approvals = store.approvals(job_id)
    gate = approvals[-1] if approvals else None
    if job.status is not JobStatus.AWAITING_APPROVAL or gate is None:
        raise Conflict(f"Job {job_id[:8]} is {job.status.value}; there is nothing to approve.")
    if gate.status is ApprovalStatus.PENDING:
        if not store.decide_approval(gate.id, approved=approved, notes=notes):
            return store.get_job(job_id)  # decided a moment ago by someone else, who resumes
    elif (gate.status is ApprovalStatus.APPROVED) != approved:
        raise Conflict(
            f"Job {job_id[:8]}'s {gate.kind.value.replace('_', ' ')} was already "
            f"{gate.status.value}; that decision stands."
        )
    else:
        notes = gate.notes
    started = time.perf_counter()
    with tracing.job_trace(store, job_id):
        run, _ = _new_run(store, job, listeners, provider)
        was = JobStatus.AWAITING_APPROVAL
        if approved:
            try:
                lifecycle.move(run, JobStatus.RUNNING, expect=was)
            except Conflict:
                return store.get_job(job_id)  # another process resumed it first
            was = JobStatus.RUNNING
        try:
            name = await _workflow_of(run)
            answer = {"approved": approved, "notes": notes or ""}
            await _drive(run, name, _answer(interrupt_id(gate.kind), answer), fresh=False)
            if approved:
                lifecycle.settle(run, was=was)
            else:
                _reject(run)
        except BaseException as error:
            if not approved and not isinstance(error, KeyboardInterrupt | asyncio.CancelledError):
                _reject(run)  # the decision stands even if the session could not record it
            else:
                lifecycle.fail(run, error, was=was)
        finally:
            _record(run, started)
    return store.get_job(job_id)


def _reject(run: Run) -> None:
    """End the rejected gate, unless another process resuming the same decision did."""
    try:
        lifecycle.reject(run)
    except Conflict:
        if run.store.status_of(run.job_id) not in {JobStatus.REJECTED, JobStatus.COMPLETED}:
            raise


async def book_async(
    store: JobStore,
    job_id: str,
    *,
    listeners: list[Listener] | None = None,
    provider: TravelProvider | None = None,
) -> Job:
    """Put a completed plan behind the booking gate (sandbox holds once approved)."""
    from lotara import tracing

    job = bookable(store, job_id)

    with tracing.job_trace(store, job_id):
        run, _ = _new_run(store, job, listeners, provider)
        state: dict[str, Any] = {}
        asked = TripState(state)
        asked.workflow, asked.book_requested = graph.BOOK, True
        # A failure here leaves the plan completed as it was: the caller hears the error.
        await _drive(run, graph.BOOK, _text("Book this plan."), fresh=False, state=state)
        if run.pending is None:
            raise Conflict(f"Job {job_id[:8]} has nothing to book.")
        lifecycle.pause(run, was=JobStatus.COMPLETED)
    return store.get_job(job_id)


# --- driving the ADK runner ---------------------------------------------------------------


def _text(text: str) -> Any:
    from google.genai import types

    return types.Content(role="user", parts=[types.Part(text=text)])


def _answer(call_id: str, response: dict[str, Any]) -> Any:
    from google.genai import types

    reply = types.FunctionResponse(id=call_id, name="adk_request_input", response=response)
    return types.Content(role="user", parts=[types.Part(function_response=reply)])


async def _workflow_of(run: Run) -> str:
    sessions = open_sessions(run.store)
    try:
        session = await sessions.get_session(
            app_name=APP, user_id=run.job.user_id, session_id=run.job_id
        )
    finally:
        await _close(sessions)
    if session is None:
        raise Unavailable(
            f"The paused state of job {run.job_id[:8]} is missing from {SESSIONS_DB}; "
            "plan the trip again."
        )
    return TripState(session.state).workflow


def _fresh_state(workflow: str, mode: str) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    state = TripState(raw)
    state.workflow, state.mode = workflow, mode
    return raw


async def _drive(
    run: Run, name: str, message: Any, *, fresh: bool, state: dict[str, Any] | None = None
) -> None:
    """Run (or resume) the named workflow in the job's session until it ends or pauses."""
    sessions = open_sessions(run.store)
    try:
        await _drive_in(run, sessions, name, message, fresh=fresh, state=state)
    finally:
        await _close(sessions)
    if run.error is not None:
        raise run.error


async def _drive_in(
    run: Run, sessions: Any, name: str, message: Any, *, fresh: bool, state: dict[str, Any] | None
) -> None:
    from google.adk.runners import Runner

    user, sid = run.job.user_id, run.job_id
    if fresh:
        # A job handed back to the queue may have a half-run session: start it again.
        await sessions.delete_session(app_name=APP, user_id=user, session_id=sid)
        await sessions.create_session(
            app_name=APP,
            user_id=user,
            session_id=sid,
            state=_fresh_state(name, run.job.mode.value),
        )
        state = None
    elif state is not None:
        existing = await sessions.get_session(app_name=APP, user_id=user, session_id=sid)
        if existing is None:
            await sessions.create_session(app_name=APP, user_id=user, session_id=sid, state=state)
            state = None
    runner = Runner(node=graph.WORKFLOWS[name](), session_service=sessions, app_name=APP)
    try:
        with attached(run):
            async for event in runner.run_async(
                user_id=user, session_id=sid, new_message=message, state_delta=state
            ):
                if event.error_message and run.error is None and not _from_model(event):
                    run.error = RuntimeError(event.error_message)
    finally:
        await runner.close()


async def _close(sessions: Any) -> None:
    close = getattr(sessions, "close", None)
    if close is not None:
        await close()


def _from_model(event: Any) -> bool:
    """Model errors are handled by the specialist that asked (it falls back offline)."""
    info = getattr(event, "node_info", None)
    path = str(getattr(info, "path", "") or "")
    leaf = path.rsplit("/", 1)[-1]
    return leaf.split("@", 1)[0].endswith("_model")


def _record(run: Run, started: float) -> None:
    run.timings.total = time.perf_counter() - started
    last_timings.planning = run.timings.planning
    last_timings.store = run.timings.store
    last_timings.total = run.timings.total
