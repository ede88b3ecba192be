"""What a run of a job needs that cannot be session state, and how an agent reports its work.

The trip itself (request, candidates, selection, itinerary, repair rounds) is in the typed
session state (``lotara.agents.state``) and in node outputs. ``Run`` holds only what cannot
be JSON, found by the session id (the job id), each for a reason:

- ``store``: a database connection, where the job, its events and approvals live, and
  ``job``, the job's document as the store had it when the run began (query, options);
- ``provider`` and ``llm``: live objects (network clients, caches, a model client);
- ``listeners``: callbacks into this process (the Rich live view, the server's streams);
- ``pending``: the gate's word to this run's driver that it must pause the job (the durable
  record is the approvals row and ADK's pending interrupt in the session);
- meters of this run in this process: ``progress`` (saved to the job as it moves), the
  time spent on the model (bounded per run), ``timings``, the step that failed and the
  error an ADK event reported.

``Run.step`` wraps one agent's work in ``task_start`` / ``task_complete`` events, keeps the
job's progress current and times the planning calls.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lotara.jobs.events import JobEvents
from lotara.models import EventType, Progress

if TYPE_CHECKING:
    from google.adk.models.base_llm import BaseLlm

    from lotara.jobs.events import Listener
    from lotara.jobs.store import JobStore
    from lotara.models import Approval, Job
    from lotara.world.provider import TravelProvider

REACTIVE_TASKS = 8  # intent, flights, stays, activities, budget, itinerary, verify, summary
ROUND_TASKS = 3  # a repair round runs budget, itinerary and verify again


@dataclass
class Timings:
    """Where a run's time went, in seconds: lotara's planning calls and everything else."""

    planning: float = 0.0
    store: float = 0.0
    total: float = 0.0


@dataclass
class Run:
    """One run (or resumption) of a job in this process: its live objects and meters."""

    store: JobStore
    job: Job
    provider: TravelProvider
    model_name: str
    llm: BaseLlm | None
    listeners: list[Listener] = field(default_factory=list)
    progress: Progress = field(default_factory=Progress)
    pending: PendingApproval | None = None
    error: BaseException | None = None
    failed_agent: str | None = None
    timings: Timings = field(default_factory=Timings)
    model_seconds: float = 0.0
    """Time this run spent waiting on its model (bounded by ``LOTARA_MODEL_BUDGET``)."""

    def __post_init__(self) -> None:
        self.events = JobEvents(self.store, self.job.job_id, listeners=self.listeners)

    @property
    def job_id(self) -> str:
        return self.job.job_id

    # --- events and progress ------------------------------------------------------------

    def emit(
        self,
        type: EventType,
        *,
        agent: str | None = None,
        progress: Progress | None = None,
        **data: Any,
    ) -> None:
        """Append an event (with ``progress``, the job's new progress in the same commit)."""
        started = time.perf_counter()
        if agent is not None and type is not EventType.STATE_CHANGE:
            data = {"agent": agent, **data}
        self.events.emit(type, agent=agent, data=data, progress=progress)
        self.timings.store += time.perf_counter() - started

    def output(self, agent: str, key: str, value: Any, summary: str) -> None:
        """An ``agent_output`` event: a small partial result and one line about it."""
        self.emit(EventType.AGENT_OUTPUT, agent=agent, key=key, value=value, summary=summary)

    def save(self, **fields: Any) -> None:
        """Store documents on the job (request, itinerary, progress), timed as store work."""
        started = time.perf_counter()
        self.store.update_job(self.job_id, **fields)
        self.timings.store += time.perf_counter() - started

    def set_progress(self, *, state: str | None = None, done: int = 0, total: int = 0) -> None:
        self.save(progress=self.advance(state=state, done=done, total=total))

    def advance(self, *, state: str | None = None, done: int = 0, total: int = 0) -> Progress:
        """The run's progress moved on (a state, tasks done or added), not yet stored."""
        p = self.progress
        self.progress = Progress(
            current_state=state or p.current_state,
            tasks_total=p.tasks_total + total,
            tasks_completed=p.tasks_completed + done,
        )
        return self.progress

    @contextmanager
    def step(self, agent: str, *, state: str | None = None) -> Iterator[StepReport]:
        """One agent's task: task_start, the work, task_complete with its one-line summary.
        Each event is stored with the progress it reports, in one commit."""
        started = time.perf_counter()
        self.emit(
            EventType.TASK_START,
            agent=agent,
            progress=self.advance(state=state) if state else None,
        )
        report = StepReport()
        try:
            yield report
        except BaseException:
            self.failed_agent = self.failed_agent or agent
            raise
        elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
        data: dict[str, Any] = {"summary": report.summary, "elapsed_ms": elapsed_ms}
        if report.calls:
            data["calls"] = report.calls
        self.emit(EventType.TASK_COMPLETE, agent=agent, progress=self.advance(done=1), **data)

    @contextmanager
    def planning(self, report: StepReport | None = None, call: str | None = None) -> Iterator[None]:
        """Time a call into lotara.planning (for the benchmark's ADK-versus-planning split)."""
        started = time.perf_counter()
        try:
            yield
        finally:
            spent = time.perf_counter() - started
            self.timings.planning += spent
            if report is not None and call:
                report.calls.append({"call": call, "elapsed_ms": round(spent * 1000, 2)})


@dataclass
class PendingApproval:
    """An approval a gate asked for in this run: the driver pauses the job on it."""

    approval: Approval
    reason: str


@dataclass
class StepReport:
    """What an agent says when its task completes."""

    summary: str = ""
    calls: list[dict[str, Any]] = field(default_factory=list)


_RUNS: dict[str, Run] = {}
"""The runs lotara's orchestrator is driving in this process, by session id (= job id)."""

_STANDALONE: OrderedDict[str, Run] = OrderedDict()
"""Runs made for sessions a plain ADK ``Runner`` drives, the latest few (a plain Runner says
nothing when a run ends). Dropping one is harmless: the trip is in the session state, and
the next node makes another from the store."""
STANDALONE_KEPT = 16


@contextmanager
def attached(run: Run) -> Iterator[Run]:
    """The nodes of ``run``'s session find ``run`` while this block runs."""
    _RUNS[run.job_id] = run
    try:
        yield run
    finally:
        if _RUNS.get(run.job_id) is run:
            del _RUNS[run.job_id]


def run_of(ctx: Any) -> Run:
    """The Run of the ADK session a node is running in (session id = job id).

    Under lotara's orchestrator the Run is attached before the runner starts. Under a plain
    ADK ``Runner`` (``adk run``, ``adk web``, ``adk eval``) there is none: the first node makes
    one from the session itself, so the graph runs wherever ADK runs it.
    """
    sid = ctx.session.id
    run = _RUNS.get(sid) or _STANDALONE.get(sid)
    if run is None:
        run = standalone_run(ctx)
        _STANDALONE[sid] = run
        while len(_STANDALONE) > STANDALONE_KEPT:
            _STANDALONE.popitem(last=False)
    return run


@cache
def _home_store(home: Path) -> JobStore:
    """The job store of ``$LOTARA_HOME``, opened once per process for standalone runs."""
    from lotara.jobs.store import open_store

    return open_store(home)


def standalone_run(ctx: Any) -> Run:
    """A Run for an ADK session lotara's orchestrator did not start.

    The job is stored in ``$LOTARA_HOME``'s job store under the session id (so ``lotara
    status`` shows it), its query is the user's message, and its model is ``LOTARA_MODEL``
    (offline by default).
    """
    from lotara.agents import llm
    from lotara.context import default_home
    from lotara.errors import NotFound, Unavailable
    from lotara.world.provider import default_provider

    store = _home_store(default_home())
    session = ctx.session
    try:
        job = store.get_job(session.id)
    except NotFound:
        content = ctx.user_content
        parts = getattr(content, "parts", None) or []
        query = " ".join(p.text for p in parts if getattr(p, "text", None)).strip()
        name = llm.model_name(None, store.preferences(session.user_id))
        store.create_job(user_id=session.user_id, query=query, model=name, job_id=session.id)
        job = store.get_job(session.id)
    llm.quiet_adk_logging()
    name = llm.model_name(job.model, store.preferences(job.user_id))
    try:
        model = llm.build_model(name)
    except Unavailable:
        model = None
    return Run(
        store=store,
        job=job,
        provider=default_provider(),
        model_name=name,
        llm=model,
        progress=job.progress,
    )
