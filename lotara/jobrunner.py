"""The server's background job runner: at most N jobs run at once, the rest wait their turn.

``JobRunner.submit`` only appends a job id to an in-memory queue, so creating a job over HTTP
costs one INSERT and nothing else. ``max_running`` worker threads take work from the queue
and call the engine (the planner is synchronous work; a thread keeps the server's event loop
free for requests and streams). Each thread has its own store connection.

Nothing is dropped: a queued job is ``queued`` in the store too, so a job still waiting when
the server stops is picked up by the next start. On shutdown no new job starts; running jobs
get a grace period, and any still running after it is handed back (``running`` -> ``queued``).
On start, ``recover`` re-queues jobs left ``running`` by a process that died, once; a job whose
process died twice fails with a clear error instead of crashing servers in a loop.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lotara import clock
from lotara.errors import Conflict, LotaraError, NotFound
from lotara.events import JobEvents
from lotara.models import EventType, JobError, JobStatus
from lotara.store import JobStore, open_store

log = logging.getLogger("lotara.serve")

RunFn = Callable[[JobStore, str], Any]
ResumeFn = Callable[[JobStore, str, bool, "str | None"], Any]


class RunnerClosed(LotaraError):
    """The runner takes no new work: the server is shutting down."""

    code = "shutting_down"


@dataclass(frozen=True)
class Work:
    """One unit of background work: run a queued job, or resume one after a decision."""

    job_id: str
    kind: str = "run"  # "run" | "resume"
    approved: bool = False
    notes: str | None = None


def _engine_run(store: JobStore, job_id: str) -> Any:
    from lotara import engine

    return engine.run_job(store, job_id)


def _engine_resume(store: JobStore, job_id: str, approved: bool, notes: str | None) -> Any:
    from lotara import engine

    return engine.decide(store, job_id, approved=approved, notes=notes)


class JobRunner:
    """Runs submitted jobs in ``max_running`` threads; the rest wait in order, never dropped."""

    def __init__(
        self,
        home: Path,
        *,
        max_running: int = 4,
        run: RunFn = _engine_run,
        resume: ResumeFn = _engine_resume,
    ) -> None:
        self.home = Path(home)
        self.max_running = max(0, max_running)
        self._run = run
        self._resume = resume
        self._queue: deque[Work] = deque()
        self._queued_ids: set[str] = set()
        self._running: dict[str, Work] = {}
        self._cond = threading.Condition()
        self._threads: list[threading.Thread] = []
        self._closing = False
        self._handed_back: set[str] = set()

    # --- state ---------------------------------------------------------------------------

    @property
    def accepting(self) -> bool:
        return not self._closing

    @property
    def running(self) -> int:
        return len(self._running)

    @property
    def queued(self) -> int:
        return len(self._queue)

    def is_active(self, job_id: str) -> bool:
        """Whether this process has ``job_id`` waiting or running."""
        with self._cond:
            return job_id in self._queued_ids or job_id in self._running

    # --- life cycle ----------------------------------------------------------------------

    def start(self) -> None:
        for n in range(self.max_running):
            thread = threading.Thread(target=self._work, name=f"lotara-job-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def submit(self, work: Work | str) -> None:
        """Queue ``work`` (a job id means: run it); raises RunnerClosed when shutting down."""
        item = Work(work) if isinstance(work, str) else work
        with self._cond:
            if self._closing:
                raise RunnerClosed("The server is shutting down and starts no new job.")
            if item.kind == "resume" and not self.max_running:
                # A queued plan waits for a server that runs jobs; a decision has no such queue.
                raise RunnerClosed("This server runs no jobs (--max-running 0); approve elsewhere.")
            if item.kind == "run" and (
                item.job_id in self._queued_ids or item.job_id in self._running
            ):
                return
            if item.kind == "resume":
                self._queue.appendleft(item)  # someone is waiting on this decision
            else:
                self._queue.append(item)
            self._queued_ids.add(item.job_id)
            self._cond.notify()

    def close(self) -> None:
        """Take no new work and start nothing more (what SIGTERM does first)."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()

    def shutdown(self, store: JobStore, *, grace_s: float = 30.0) -> list[str]:
        """Stop: wait up to ``grace_s`` for running jobs, hand back the rest; return those."""
        self.close()
        deadline = time.monotonic() + grace_s
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        with self._cond:
            unfinished = list(self._running)
        handed_back = []
        for job_id in unfinished:
            try:
                self._handed_back.add(job_id)
                store.set_status(job_id, JobStatus.QUEUED, expect=JobStatus.RUNNING)
                store.update_job(job_id, worker_pid=None)
                handed_back.append(job_id)
            except LotaraError:
                pass  # it finished or paused meanwhile
        return handed_back

    # --- the workers ---------------------------------------------------------------------

    def _next(self) -> Work | None:
        with self._cond:
            while not self._queue and not self._closing:
                self._cond.wait()
            if self._closing:
                return None
            item = self._queue.popleft()
            self._queued_ids.discard(item.job_id)
            self._running[item.job_id] = item
            return item

    def _work(self) -> None:
        store: JobStore | None = None
        try:
            while (item := self._next()) is not None:
                try:
                    store = store or open_store(self.home)
                    self._do(store, item)
                except Exception:  # one bad job must not stop the worker
                    log.exception("job %s: %s failed", item.job_id, item.kind)
                finally:
                    with self._cond:
                        self._running.pop(item.job_id, None)
        finally:
            if store is not None:
                store.close()

    def _do(self, store: JobStore, item: Work) -> None:
        if item.kind == "resume":
            try:
                self._resume(store, item.job_id, item.approved, item.notes)
            except Conflict as error:  # decided twice, or no longer waiting
                log.info("job %s: %s", item.job_id, error)
            return
        try:
            if store.status_of(item.job_id) is not JobStatus.QUEUED:
                return  # someone else (a detached worker, another server) took it
        except NotFound:
            return
        store.update_job(item.job_id, worker_pid=os.getpid())
        try:
            self._run(store, item.job_id)
        except Conflict as error:  # another process claimed it first
            log.info("job %s: %s", item.job_id, error)
        except Exception as error:
            if item.job_id in self._handed_back:
                return  # handed back at shutdown: the next server runs it again
            if isinstance(error, LotaraError):
                fail(store, item.job_id, code=error.code, message=error.message)
                return
            log.exception("job %s crashed", item.job_id)
            fail(store, item.job_id, code="internal", message=f"The planner failed: {error}.")


def fail(
    store: JobStore,
    job_id: str,
    *,
    code: str,
    message: str,
    expect: JobStatus | None = None,
) -> bool:
    """Mark a job failed with a clear error and tell its streams, unless it already ended."""
    try:
        store.set_status(
            job_id, JobStatus.FAILED, expect=expect, error=JobError(code=code, message=message)
        )
    except LotaraError:
        return False
    JobEvents(store, job_id).emit(EventType.ERROR, data={"code": code, "message": message})
    return True


def _pid_alive(pid: int | None) -> bool:
    if not pid or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


REQUEUED = "requeued"
UNCLAIMED_STALE_S = 600.0
"""A running job naming no process is taken as abandoned after this long without news."""


def _silent_for(store: JobStore, job_id: str, updated_at: str, seconds: float) -> bool:
    last = store.db.execute("SELECT MAX(ts) FROM events WHERE job_id = ?", [job_id]).fetchone()[0]
    latest = max(filter(None, [updated_at, last]))
    moment = clock.parse_now(latest)
    return (clock.now() - moment).total_seconds() > seconds


def recover(store: JobStore) -> tuple[list[str], list[str]]:
    """Jobs left ``running`` by a dead process: re-queue them once, fail them the second time.

    Returns (requeued, failed). Jobs whose recorded process is alive are left alone, and so
    are jobs that name no process (a terminal's `lotara plan`) until they have been silent
    for ``UNCLAIMED_STALE_S``.
    """
    requeued, failed = [], []
    rows = store.db.execute(
        "SELECT id, worker_pid, updated_at FROM jobs WHERE status = ? ORDER BY created_at",
        [JobStatus.RUNNING.value],
    ).fetchall()
    for job_id, pid, updated_at in rows:
        if pid is None and not _silent_for(store, job_id, updated_at, UNCLAIMED_STALE_S):
            continue  # run by something that does not say (a terminal's `lotara plan`)
        if _pid_alive(pid):
            continue
        tried = store.db.execute(
            "SELECT count(*) FROM events WHERE job_id = ? AND type = ?"
            " AND json_extract(data, '$.state') = ?",
            [job_id, EventType.STATE_CHANGE.value, REQUEUED],
        ).fetchone()[0]
        if tried:
            if fail(
                store,
                job_id,
                code="interrupted",
                message="The process running this job stopped twice before it finished; "
                "plan it again.",
                expect=JobStatus.RUNNING,  # another server starting may have re-queued it
            ):
                failed.append(job_id)
            continue
        try:
            store.set_status(job_id, JobStatus.QUEUED, expect=JobStatus.RUNNING)
        except LotaraError:
            continue
        store.update_job(job_id, worker_pid=None)
        JobEvents(store, job_id).emit(
            EventType.STATE_CHANGE,
            data={
                "state": REQUEUED,
                "reason": "the process running it stopped; it runs again from the start",
            },
        )
        requeued.append(job_id)
    return requeued, failed


def waiting_jobs(store: JobStore) -> list[str]:
    """Queued jobs no live process has claimed: the work a starting server takes up."""
    rows = store.db.execute(
        "SELECT id, worker_pid FROM jobs WHERE status = ? ORDER BY created_at",
        [JobStatus.QUEUED.value],
    ).fetchall()
    return [job_id for job_id, pid in rows if not _pid_alive(pid)]
