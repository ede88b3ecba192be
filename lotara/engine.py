"""The engine: the one way any front end (CLI, cron, server) creates, runs and resumes jobs.

    create_job(store, request)      -> job id, status queued, at once; no planning
    run_job(store, job_id)          -> runs the orchestrator until the job ends or pauses
    decide(store, job_id, approved) -> records an approval decision and resumes the job
    spawn_worker(home, job_id)      -> runs a job in a background process that outlives us

Nothing here imports google.adk at module level: the orchestrator is imported when a job
actually runs, so creating jobs and reading them stays fast.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from lotara.errors import Conflict
from lotara.models import JobStatus, Mode, PlanRequest

if TYPE_CHECKING:
    from lotara.events import Listener
    from lotara.models import Job
    from lotara.store import JobStore


def create_job(store: JobStore, request: PlanRequest, *, mode: Mode = Mode.REACTIVE) -> str:
    """Store a queued job for ``request`` and return its id; the plan runs later."""
    return store.create_job(
        user_id=request.user_id,
        query=request.query,
        mode=mode,
        model=request.model or os.environ.get("LOTARA_MODEL") or "offline",
        constraints=request.constraints,
    )


def run_job(store: JobStore, job_id: str, *, listeners: list[Listener] | None = None) -> Job:
    """Run a queued job to its end or its next approval gate; return the job document."""
    from lotara.agents.orchestrator import run

    return run(store, job_id, listeners=listeners)


def decide(
    store: JobStore,
    job_id: str,
    *,
    approved: bool,
    notes: str | None = None,
    listeners: list[Listener] | None = None,
) -> Job:
    """Record the decision on the job's pending approval and resume it from stored state."""
    if store.status_of(job_id) is not JobStatus.AWAITING_APPROVAL:
        job = store.get_job(job_id)
        raise Conflict(f"Job {job_id[:8]} is {job.status.value}; there is nothing to approve.")
    from lotara.agents.orchestrator import resume

    return resume(store, job_id, approved=approved, notes=notes, listeners=listeners)


def spawn_worker(home: Path, job_id: str) -> int:
    """Start ``python -m lotara.worker JOB`` detached from this process; return its pid."""
    log = open(Path(home) / "worker.log", "ab")  # noqa: SIM115 - handed to the child
    proc = subprocess.Popen(
        [sys.executable, "-m", "lotara.worker", job_id],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
        env={**os.environ, "LOTARA_HOME": str(home)},
        start_new_session=True,
        close_fds=True,
    )
    log.close()
    return proc.pid
