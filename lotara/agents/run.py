"""What one run of a job carries between its agents, and how an agent reports its work.

ADK's session state holds what must survive a pause (the request, the shortfall, the entry
requirements, the outcome): small JSON. The large, in-process things (every candidate the
provider returned, the selection being repaired) live on ``Run``, found by the session id,
which is the job id. ``Run.step`` wraps one agent's work in ``task_start`` /
``task_complete`` events, keeps the job's progress current and times the planning calls.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lotara.jobs.events import JobEvents
from lotara.models import EventType, Progress

if TYPE_CHECKING:
    from google.adk.models.base_llm import BaseLlm

    from lotara.jobs.events import Listener
    from lotara.jobs.store import JobStore
    from lotara.models import Approval, Check, Itinerary, Job, TripRequest
    from lotara.planning.candidates import Candidates
    from lotara.planning.optimise import Selection
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
    """One run (or resumption) of a job in this process."""

    store: JobStore
    job: Job
    provider: TravelProvider
    model_name: str
    llm: BaseLlm | None
    listeners: list[Listener] = field(default_factory=list)
    progress: Progress = field(default_factory=Progress)
    request: TripRequest | None = None
    parts: dict[str, Candidates] = field(default_factory=dict)
    candidates: Candidates | None = None
    selection: Selection | None = None
    itinerary: Itinerary | None = None
    rounds: int = 0
    failed_checks: list[Check] = field(default_factory=list)
    pending: PendingApproval | None = None
    error: BaseException | None = None
    failed_agent: str | None = None
    timings: Timings = field(default_factory=Timings)

    def __post_init__(self) -> None:
        self.events = JobEvents(self.store, self.job.job_id, listeners=self.listeners)

    @property
    def job_id(self) -> str:
        return self.job.job_id

    # --- events and progress ------------------------------------------------------------

    def emit(self, type: EventType, *, agent: str | None = None, **data: Any) -> None:
        started = time.perf_counter()
        if agent is not None and type is not EventType.STATE_CHANGE:
            data = {"agent": agent, **data}
        self.events.emit(type, agent=agent, data=data)
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
        p = self.progress
        self.progress = Progress(
            current_state=state or p.current_state,
            tasks_total=p.tasks_total + total,
            tasks_completed=p.tasks_completed + done,
        )
        self.save(progress=self.progress)

    @contextmanager
    def step(self, agent: str, *, state: str | None = None) -> Iterator[StepReport]:
        """One agent's task: task_start, the work, task_complete with its one-line summary."""
        started = time.perf_counter()
        if state:
            self.set_progress(state=state)
        self.emit(EventType.TASK_START, agent=agent)
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
        self.emit(EventType.TASK_COMPLETE, agent=agent, **data)
        self.set_progress(done=1)

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


_ACTIVE: dict[str, Run] = {}


def register(run: Run) -> None:
    _ACTIVE[run.job_id] = run


def unregister(run: Run) -> None:
    if _ACTIVE.get(run.job_id) is run:
        del _ACTIVE[run.job_id]


def run_of(ctx: Any) -> Run:
    """The Run of the ADK session a node is running in (session id = job id)."""
    return _ACTIVE[ctx.session.id]
