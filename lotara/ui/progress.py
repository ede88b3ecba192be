"""How plan, approve and status show a job at work, and the exit code its outcome earns.

Four ways to show a job, picked once per command:

- ``live``: stdout is a terminal; a Rich board of the agents redraws in place, then the
  result is drawn. An approval gate asks its question when stdin is a terminal too.
- ``plain``: a pipe or CI; one progress line per step on stderr, the result on stdout.
- ``json``: nothing while it runs; stdout gets exactly one JSON document, the job.
- ``events``: one JSON line per job event on stdout as it happens, for scripts.

Rich is only imported (through ``lotara.ui.render``) by the ``live`` mode and to draw results.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

import typer

from lotara import errors
from lotara.errors import ExitCode
from lotara.models import ApprovalStatus, Job, JobEvent, JobStatus

if TYPE_CHECKING:
    from lotara.context import Environment
    from lotara.jobs.events import Listener

Mode = Literal["live", "plain", "json", "events"]
Start = Callable[[list["Listener"]], Job]

FOLLOW_POLL_S = 0.1


def pick_mode(env: Environment, *, as_json: bool = False, events: bool = False) -> Mode:
    """The way to show a job, from the flags and whether stdout is a terminal."""
    if events:
        return "events"
    if as_json:
        return "json"
    return "live" if env.stdout_isatty else "plain"


def exit_code_for(code: str | None) -> ExitCode:
    """The exit code of an error code stored on a failed job (``unknown_place`` -> 2)."""

    def walk(cls: type[errors.LotaraError]) -> Iterator[type[errors.LotaraError]]:
        yield cls
        for sub in cls.__subclasses__():
            yield from walk(sub)

    for cls in walk(errors.LotaraError):
        if cls.code == code:
            return cls.exit_code
    return ExitCode.FAILED


class Show:
    """The listener a running job reports to, and the context that draws it."""

    def __init__(self, env: Environment, job_id: str, mode: Mode, *, query: str = "") -> None:
        self.env = env
        self.mode = mode
        self.job_id = job_id
        self.board: Any = None
        if mode == "live":
            from lotara.ui.live import Board

            self.board = Board(job_id=job_id, query=query)
            # A resumed job (approve) shows the agents that ran before its gate as done.
            for event in env.store.events(job_id):
                self.board.apply(event)

    def __call__(self, event: JobEvent) -> None:
        if self.mode == "events":
            self.env.out(event.model_dump_json())
        elif self.mode == "plain":
            from lotara.ui.live import progress_line

            line = progress_line(event)
            if line:
                self.env.err(line)
        elif self.board is not None:
            self.board.apply(event)

    @contextmanager
    def drawing(self) -> Iterator[None]:
        """While the block runs, keep the live board on screen (live mode only)."""
        if self.mode != "live":
            yield
            return
        from lotara.ui.live import live_board
        from lotara.ui.render import make_console

        with live_board(make_console(self.env.stdout), self.board):
            yield


def drive(
    env: Environment,
    job_id: str,
    start: Start,
    *,
    mode: Mode,
    yes: bool = False,
    query: str = "",
) -> Job:
    """Run ``start`` with a listener, then settle approval gates as the user (or --yes) says."""
    show = Show(env, job_id, mode, query=query)
    try:
        with show.drawing():
            job = start([show])
    except KeyboardInterrupt:
        _cancel(env, job_id)
        raise
    interactive = mode == "live" and env.stdin_isatty
    while job.status is JobStatus.AWAITING_APPROVAL and (yes or interactive):
        approved = True if yes else ask_approval(env, job)
        if yes and mode == "plain":
            env.err(f"lotara: approving ({_pending_kind(job)}) because of --yes")
        from lotara.jobs import engine

        with show.drawing():
            job = engine.decide(env.store, job_id, approved=approved, listeners=[show])
    return job


def _cancel(env: Environment, job_id: str) -> None:
    """Ctrl-C stops the run here: leave the job cancelled, not running for ever."""
    try:
        env.store.set_status(
            job_id, JobStatus.CANCELLED, expect={JobStatus.QUEUED, JobStatus.RUNNING}
        )
        env.err(f"Job {job_id[:8]} cancelled.")
    except errors.LotaraError:
        pass  # it ended or paused meanwhile: leave it as it is


def follow_job(env: Environment, job_id: str, *, mode: Mode) -> Job:
    """Show a job that runs in another process, reading its events from the store by seq."""
    from lotara.jobs.leases import reap

    store = env.store
    show = Show(env, job_id, mode, query=store.get_job(job_id).query)
    seq = 0
    settled_at: float | None = None
    with show.drawing():
        while True:
            for event in store.events(job_id, after=seq):
                show(event)
                seq = event.seq
            status = store.status_of(job_id)
            if status is JobStatus.RUNNING and reap(store, job_id=job_id):
                continue  # its owner's lease expired: it is failed now; show the error event
            ended = status.is_final or status is JobStatus.AWAITING_APPROVAL
            if ended or not _worker_alive(store, job_id):
                # The worker may still be writing its last events: read once more, then stop.
                if settled_at is not None:
                    break
                settled_at = time.monotonic()
            time.sleep(FOLLOW_POLL_S)
    job = store.get_job(job_id)
    if not (job.status.is_final or job.status is JobStatus.AWAITING_APPROVAL):
        raise errors.LotaraError(
            f"The background process running job {job_id[:8]} stopped before it finished "
            f"(it is still {job.status.value}); see {env.home / 'worker.log'}."
        )
    return job


def _worker_alive(store: Any, job_id: str) -> bool:
    """False only when the job names the process running it and that process is gone."""
    pid = store.worker_pid(job_id)
    if not pid:
        return True  # run by something that does not say (another terminal): keep waiting
    from lotara.jobs.processes import process_exists

    return process_exists(pid)


def ask_approval(env: Environment, job: Job) -> bool:
    """Ask at the terminal whether to approve the job's pending gate."""
    from lotara.ui.render import make_console, render_approval

    console = make_console(env.stdout)
    pending = env.store.pending_approval(job.job_id)
    if pending is not None:
        reason = approval_reasons(env, job.job_id).get(pending.id)
        if reason and "reason" not in pending.details:
            pending = pending.model_copy(update={"details": {"reason": reason, **pending.details}})
        render_approval(console, job, pending)
    while True:
        console.print("Approve? [a]pprove / [r]eject: ", end="", markup=False)
        try:
            answer = env.stdin.readline()
        except KeyboardInterrupt:
            # Nothing was decided: the job keeps waiting at its gate, in the store.
            env.err("")
            env.err(_still_waiting(job))
            raise typer.Exit(int(ExitCode.AWAITING_APPROVAL)) from None
        if not answer:  # end of input: decide nothing rather than guess
            raise typer.Exit(int(ExitCode.AWAITING_APPROVAL))
        answer = answer.strip().lower()
        if answer in {"a", "approve", "y", "yes"}:
            return True
        if answer in {"r", "reject", "n", "no"}:
            return False


def _still_waiting(job: Job) -> str:
    short = job.job_id[:8]
    # Two lines that each fit 80 columns: a terminal would break one long line mid-word.
    return (
        f"Job {short} is waiting for your approval ({_pending_kind(job)}).\n"
        f"Approve: `lotara approve {short}`; reject: `lotara approve {short} --reject`."
    )


def _pending_kind(job: Job) -> str:
    pending = [a for a in job.approvals if a.status is ApprovalStatus.PENDING]
    return pending[0].kind.value.replace("_", " ") if pending else "approval"


def finish(env: Environment, job: Job, *, mode: Mode, hints: bool = True) -> None:
    """Show the outcome and exit with its code: 0, 10 awaiting, 11 rejected, or the error's."""
    if mode == "json":
        env.out(job.model_dump_json(indent=2))
    elif mode in {"live", "plain"} and not (job.status is JobStatus.FAILED and not job.itinerary):
        # A job that failed before planning anything has only its error, said once below.
        from lotara.ui.render import make_console, render_job

        env.out()
        render_job(make_console(env.stdout), job, reasons=approval_reasons(env, job.job_id))
    short = job.job_id[:8]
    if job.status is JobStatus.AWAITING_APPROVAL:
        env.err(_still_waiting(job))
        raise typer.Exit(int(ExitCode.AWAITING_APPROVAL))
    if job.status is JobStatus.FAILED:
        message = job.error.message if job.error else "The job failed."
        env.err(f"Error: {message}")
        raise typer.Exit(int(exit_code_for(job.error.code if job.error else None)))
    if job.status is JobStatus.REJECTED:
        env.err(f"Job {short} was rejected; nothing was booked.")
        raise typer.Exit(int(ExitCode.REJECTED))
    if job.status is JobStatus.CANCELLED:
        env.err(f"Job {short} was cancelled.")
        raise typer.Exit(int(ExitCode.FAILED))
    if job.status is JobStatus.COMPLETED and hints and mode in {"live", "plain"}:
        for line in watch_hints(job):
            env.err(line)
        env.err(f"Rate this plan: lotara feedback {short} --rating 5")


def approval_reasons(env: Environment, job_id: str) -> dict[str, str]:
    """The sentence each approval gate of a job gave, by approval id (from its events)."""
    from lotara.models import EventType

    reasons = {}
    for event in env.store.events(job_id):
        if event.type is EventType.APPROVAL_REQUIRED and event.data.get("approval_id"):
            reasons[str(event.data["approval_id"])] = str(event.data.get("reason") or "")
    return reasons


def watch_hints(job: Job) -> list[str]:
    """Lines offering to watch the fares of a completed plan's flights."""
    it = job.itinerary
    if it is None:
        return []
    lines = []
    for leg in it.transport:
        if leg.kind != "flight":
            continue
        day = leg.flight.date.isoformat() if leg.flight else leg.depart[:10]
        origin = leg.flight.origin if leg.flight else leg.origin
        destination = leg.flight.destination if leg.flight else leg.destination
        lines.append(f"Watch this fare: lotara watch add {origin} {destination} --date {day}")
    return lines


def events_json(events: list[JobEvent]) -> str:
    """Events as JSON lines (what ``--events`` prints)."""
    return "\n".join(json.dumps(e.model_dump(mode="json")) for e in events)
