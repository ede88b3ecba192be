"""The server's background job runner: at most N jobs run at once, the rest wait their turn.

``JobRunner.submit`` only appends a job id to an in-memory queue, so creating a job over HTTP
costs one INSERT and nothing else. ``max_running`` dispatcher threads take work from the queue
and hand it to the engine. By default each job runs in a pool of worker *processes*: planning
is CPU work, and in the server's own process it would hold the GIL against the event loop
(measured: creation p50 went from 0.8 ms to 12 ms while two plans ran in threads). Their
events reach SSE streams through the store, like any other process's. ``in_threads`` runs
jobs in the dispatcher threads instead (tests hand in a scripted engine this way); each
thread then has its own store connection and the in-process hub wakes streams at once.

Nothing is dropped: a queued job is ``queued`` in the store too, so a job still waiting when
the server stops is picked up by the next start. On shutdown no new job starts; running jobs
get a grace period, and any still running after it is handed back (``running`` -> ``queued``).
On start, ``recover`` re-queues jobs left ``running`` by a process that died, once; a job whose
process died twice fails with a clear error instead of crashing servers in a loop.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lotara import clock
from lotara._compat.futures import pool_is_broken, pool_processes
from lotara.errors import Conflict, LotaraError, NotFound
from lotara.jobs.events import JobEvents
from lotara.jobs.owners import owner_gone
from lotara.jobs.processes import process_exists
from lotara.jobs.store import JobStore, open_store
from lotara.models import EventType, JobError, JobStatus

log = logging.getLogger("lotara.serve")

RunFn = Callable[[JobStore, str], Any]
ResumeFn = Callable[[JobStore, str, bool, "str | None"], Any]
BookFn = Callable[[JobStore, str], Any]


class RunnerClosed(LotaraError):
    """The runner takes no new work: the server is shutting down."""

    code = "shutting_down"


@dataclass(frozen=True)
class Work:
    """One unit of background work: run a queued job, resume one after a decision, or book."""

    job_id: str
    kind: str = "run"  # "run" | "resume" | "book"
    approved: bool = False
    notes: str | None = None


def _die_with_parent() -> None:
    """Ask Linux for SIGTERM when the server dies (even by ``kill -9``), and then exit on it.

    The kernel also sends the signal when the server *thread* that spawned this process ends,
    so SIGTERM exits only once the parent is gone; otherwise it stays ignored."""
    parent = os.getppid()

    def on_term(signum: int, frame: Any) -> None:
        if os.getppid() != parent:
            os._exit(1)  # orphaned: the server's job lease recovery re-runs the job

    signal.signal(signal.SIGTERM, on_term)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: no parent-death signal to ask for
        return
    if os.getppid() != parent:  # the server died before prctl took effect
        os._exit(1)


def _child_init() -> None:
    # A worker process ignores Ctrl-C and SIGTERM: the server decides when a job stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _die_with_parent()
    from lotara.jobs import leases

    leases.on_cancel = None  # a cancelled job's writes are refused; the server stops it


_child_store: JobStore | None = None


def _child_do(home: str, item: Work) -> None:
    """Run one unit of work in a pool process, on that process's own store connection."""
    global _child_store
    if _child_store is None:
        _child_store = open_store(Path(home))
    store = _child_store
    if item.kind == "resume":
        _engine_resume(store, item.job_id, item.approved, item.notes)
        return
    if item.kind == "book":
        _engine_book(store, item.job_id)
        return
    # Name the process that runs it: a server restarting meanwhile leaves it alone.
    store.update_job(item.job_id, worker_pid=os.getpid())
    _engine_run(store, item.job_id)


def _engine_run(store: JobStore, job_id: str) -> Any:
    from lotara.jobs import engine

    return engine.run_job(store, job_id)


def _engine_resume(store: JobStore, job_id: str, approved: bool, notes: str | None) -> Any:
    from lotara.jobs import engine

    # The API records the decision before it queues this; decide then only resumes.
    return engine.decide(store, job_id, approved=approved, notes=notes)


def _engine_book(store: JobStore, job_id: str) -> Any:
    from lotara.jobs import engine

    return engine.book(store, job_id)


def _settle_suggestion(store: JobStore, job_id: str) -> None:
    """Finish the suggestion a proactive job was run for (POST /v1/suggest), if any."""
    from lotara.proactive import suggestions

    try:
        suggestions.settle_job(store, job_id)
    except LotaraError as error:
        log.info("job %s: suggestion not settled: %s", job_id, error)


class JobRunner:
    """Runs submitted jobs in ``max_running`` threads; the rest wait in order, never dropped."""

    def __init__(
        self,
        home: Path,
        *,
        max_running: int = 4,
        run: RunFn | None = None,
        resume: ResumeFn | None = None,
        book: BookFn | None = None,
        in_threads: bool | None = None,
    ) -> None:
        self.home = Path(home)
        self.max_running = max(0, max_running)
        self._run = run or _engine_run
        self._resume = resume or _engine_resume
        self._book = book or _engine_book
        # Handed-in functions cannot cross into another process: they run in threads.
        self.in_threads = in_threads if in_threads is not None else bool(run or resume or book)
        self._pool: Any = None
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
        if self.max_running and not self.in_threads:
            self._pool = self._new_pool()
        for n in range(self.max_running):
            thread = threading.Thread(target=self._work, name=f"lotara-job-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def _new_pool(self) -> Any:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(
            max_workers=self.max_running,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_child_init,
        )

    def submit(self, work: Work | str) -> None:
        """Queue ``work`` (a job id means: run it); raises RunnerClosed when shutting down."""
        item = Work(work) if isinstance(work, str) else work
        with self._cond:
            if self._closing:
                raise RunnerClosed("The server is shutting down and starts no new job.")
            if item.kind == "book" and not self.max_running:
                # A queued plan waits for a server that runs jobs; a booking has no such queue.
                raise RunnerClosed("This server runs no jobs (--max-running 0); book elsewhere.")
            if item.kind == "resume" and not self.max_running:
                # A recorded decision waits for a server that runs jobs (decided_jobs at start).
                raise RunnerClosed("This server runs no jobs (--max-running 0); approve elsewhere.")
            if item.kind in {"run", "book"} and (
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
        self._handed_back.update(unfinished)
        if self._pool is not None:
            # Stop the pool's processes before handing their jobs back, so none writes after.
            processes = pool_processes(self._pool)
            self._pool.shutdown(wait=not unfinished, cancel_futures=True)
            if unfinished:
                for process in processes:
                    process.kill()
                for process in processes:
                    process.join(5)
        handed_back = []
        for job_id in unfinished:
            try:
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

    def _renew_pool(self) -> None:
        """Replace a broken pool (a process of it died) with a fresh one."""
        with self._cond:
            broken = self._pool
            if broken is None or not pool_is_broken(broken):
                return
            self._pool = None if self._closing else self._new_pool()
        broken.shutdown(wait=False, cancel_futures=True)

    def _requeue(self, item: Work) -> None:
        with self._cond:
            if not self._closing:
                self._queue.append(item)
                self._queued_ids.add(item.job_id)
                self._cond.notify()

    def _execute(self, store: JobStore, item: Work) -> None:
        if not self.in_threads:
            pool = self._pool
            if pool is None:
                raise RunnerClosed("The server is shutting down and starts no new job.")
            pool.submit(_child_do, str(self.home), item).result()
        elif item.kind == "resume":
            self._resume(store, item.job_id, item.approved, item.notes)
        elif item.kind == "book":
            self._book(store, item.job_id)
        else:
            store.update_job(item.job_id, worker_pid=os.getpid())
            self._run(store, item.job_id)

    def _do(self, store: JobStore, item: Work) -> None:
        if item.kind in {"resume", "book"}:
            try:
                self._execute(store, item)
            except Conflict as error:  # decided twice, no longer waiting, already booked
                log.info("job %s: %s", item.job_id, error)
            return
        try:
            self._do_run(store, item)
        finally:
            _settle_suggestion(store, item.job_id)

    def _do_run(self, store: JobStore, item: Work) -> None:
        try:
            if store.status_of(item.job_id) is not JobStatus.QUEUED:
                return  # someone else (a detached worker, another server) took it
        except NotFound:
            return
        try:
            self._execute(store, item)
        except Conflict as error:  # another process claimed it first
            log.info("job %s: %s", item.job_id, error)
        except RunnerClosed:
            return  # shutting down before it started: it stays queued for the next server
        except BrokenProcessPool:
            # A pool process died (killed, out of memory): every job the pool ran is lost
            # mid-way. Each is queued again once, like a job of a server that died.
            self._renew_pool()
            if item.job_id in self._handed_back:
                return
            if store.status_of(item.job_id) is JobStatus.QUEUED:
                self._requeue(item)
            elif requeue_or_fail(store, item.job_id) == "requeued":
                self._requeue(item)
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
    """A live process other than this one (our own pid left over means a previous life)."""
    return pid is not None and pid != 0 and pid != os.getpid() and process_exists(pid)


REQUEUED = "requeued"
UNCLAIMED_STALE_S = 600.0
"""A running job of a pre-lease store naming no process is taken as abandoned after this
long without news (rows this lotara writes always carry a lease: ``JobStore.set_status``)."""


def _silent_for(store: JobStore, job_id: str, updated_at: str, seconds: float) -> bool:
    last = store.last_event_ts(job_id)
    latest = max(filter(None, [updated_at, last]))
    moment = clock.parse_now(latest)
    return (clock.now() - moment).total_seconds() > seconds


def _abandoned(store: JobStore, job_id: str, pid: int | None, updated_at: str) -> bool:
    """Whether nobody runs a ``running`` job any more.

    Its lease says so: every job this lotara makes running has one from that same write
    (``JobStore.set_status``), renewed by the process at work (``lotara.jobs.leases``).
    It is abandoned once the lease expired, or at once when its holder is a process of
    this host that no longer exists (kill -9 of a terminal's `lotara plan`, of a server).
    Only a row of a store from before leases has none: it counts as alive while its
    recorded process is, or, naming none, until it has been silent ``UNCLAIMED_STALE_S``.
    """
    holder, until = store.lease_of(job_id)
    if until is not None:
        return until < clock.wall_seconds() or owner_gone(holder)
    if pid is None:
        return _silent_for(store, job_id, updated_at, UNCLAIMED_STALE_S)
    return not _pid_alive(pid)


def recover(store: JobStore) -> tuple[list[str], list[str]]:
    """Jobs left ``running`` by a dead process: re-queue them once, fail them the second time.

    Returns (requeued, failed). Whether a job's process is dead is its lease's to say
    (``_abandoned``), wherever it ran; the age of a row never decides it, but for rows
    written before leases existed.
    """
    requeued, failed = [], []
    for job_id, pid, updated_at in store.claims(JobStatus.RUNNING):
        if not _abandoned(store, job_id, pid, updated_at):
            continue
        outcome = requeue_or_fail(store, job_id)
        if outcome == "requeued":
            requeued.append(job_id)
        elif outcome == "failed":
            failed.append(job_id)
    return requeued, failed


def requeue_or_fail(store: JobStore, job_id: str) -> str | None:
    """A running job whose process died: queue it again the first time, fail it the second.

    Returns "requeued", "failed", or None when the job was no longer running.
    """
    if store.count_state_changes(job_id, REQUEUED):
        done = fail(
            store,
            job_id,
            code="interrupted",
            message="The process running this job stopped twice before it finished; plan it again.",
            expect=JobStatus.RUNNING,  # another server starting may have re-queued it
        )
        return "failed" if done else None
    try:
        store.set_status(job_id, JobStatus.QUEUED, expect=JobStatus.RUNNING)
    except LotaraError:
        return None
    store.update_job(job_id, worker_pid=None)
    JobEvents(store, job_id).emit(
        EventType.STATE_CHANGE,
        data={
            "state": REQUEUED,
            "reason": "the process running it stopped; it runs again from the start",
        },
    )
    return "requeued"


def waiting_jobs(store: JobStore) -> list[str]:
    """Queued jobs no live process has claimed: the work a starting server takes up."""
    return [job_id for job_id, pid, _ in store.claims(JobStatus.QUEUED) if not _pid_alive(pid)]
