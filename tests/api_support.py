"""Test seams for the API tests: a scripted engine (no planner needed) and a TestClient maker.

``ScriptedEngine`` does what the orchestrator does to the store (claim the job, emit events,
stop at an approval gate, resume after a decision) so the HTTP contract is tested on its own.
"""

from __future__ import annotations

import threading
import time
import warnings
from pathlib import Path
from typing import Any

from lotara.jobs.events import JobEvents
from lotara.jobs.store import JobStore
from lotara.models import ApprovalKind, EventType, JobStatus
from lotara.server.app import create_app
from lotara.server.auth import TokenTable
from lotara.server.config import ServeConfig

with warnings.catch_warnings():
    # starlette's TestClient prefers httpx2; httpx is what is installed and works.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


class ScriptedEngine:
    """A stand-in for lotara.jobs.engine: plan -> approval gate -> resume -> complete."""

    def __init__(self, *, gate: bool = True, hold: threading.Event | None = None) -> None:
        self.gate = gate
        self.hold = hold
        self.ran: list[str] = []
        self.resumed: list[tuple[str, bool, str | None]] = []
        self.booked: list[str] = []

    def run(self, store: JobStore, job_id: str) -> Any:
        store.set_status(job_id, JobStatus.RUNNING, expect=JobStatus.QUEUED)
        self.ran.append(job_id)
        events = JobEvents(store, job_id)
        events.emit(EventType.STATE_CHANGE, data={"state": "planning"})
        events.emit(EventType.TASK_START, agent="flights")
        if self.hold is not None:
            self.hold.wait(10)
        events.emit(
            EventType.AGENT_OUTPUT, agent="flights", data={"key": "flights", "value": [{"p": 1}]}
        )
        events.emit(EventType.TASK_COMPLETE, agent="flights")
        if self.gate:
            store.add_approval(job_id, ApprovalKind.BOOKING, {"amount": 1200, "currency": "USD"})
            store.set_status(job_id, JobStatus.AWAITING_APPROVAL)
            events.emit(EventType.APPROVAL_REQUIRED, data={"kind": "booking", "amount": 1200})
            return None
        store.set_status(job_id, JobStatus.COMPLETED)
        events.emit(EventType.COMPLETE, data={"result": {"title": "A trip"}})
        return None

    def resume(self, store: JobStore, job_id: str, approved: bool, notes: str | None) -> Any:
        self.resumed.append((job_id, approved, notes))
        approval = store.pending_approval(job_id)
        if approval is not None:  # the API records the decision itself before resuming
            store.decide_approval(approval.id, approved=approved, notes=notes)
        events = JobEvents(store, job_id)
        if not approved:
            store.set_status(job_id, JobStatus.REJECTED)
            events.emit(EventType.STATE_CHANGE, data={"state": "rejected"})
            return None
        store.set_status(job_id, JobStatus.RUNNING)
        events.emit(EventType.STATE_CHANGE, data={"state": "booking"})
        store.set_status(job_id, JobStatus.COMPLETED)
        events.emit(EventType.COMPLETE, data={"result": {"title": "A trip", "booked": True}})
        return None

    def book(self, store: JobStore, job_id: str) -> Any:
        self.booked.append(job_id)
        store.add_approval(job_id, ApprovalKind.BOOKING, {"amount": 1200, "currency": "USD"})
        store.set_status(job_id, JobStatus.AWAITING_APPROVAL, expect=JobStatus.COMPLETED)
        JobEvents(store, job_id).emit(
            EventType.APPROVAL_REQUIRED, data={"kind": "booking", "amount": 1200}
        )
        return None


def make_client(
    home: Path,
    *,
    engine: ScriptedEngine | None = None,
    tokens: TokenTable | None = None,
    **config: Any,
) -> TestClient:
    """A TestClient over a fresh app (enter it with ``with`` to run the lifespan)."""
    engine = engine or ScriptedEngine()
    settings = {"ping_s": 0.2, "poll_s": 0.02, "grace_s": 2.0, **config}
    app = create_app(
        home,
        config=ServeConfig(**settings),
        tokens=tokens or TokenTable(),
        run=engine.run,
        resume=engine.resume,
        book=engine.book,
    )
    return TestClient(app, base_url="http://localhost", raise_server_exceptions=False)


def sse_events(text: str) -> list[dict[str, str]]:
    """Parse an SSE body into its events (comments as {"comment": ...})."""
    out = []
    for block in text.strip().split("\n\n"):
        fields: dict[str, str] = {}
        for line in block.splitlines():
            if line.startswith(":"):
                fields["comment"] = line[1:].strip()
                continue
            name, _, value = line.partition(":")
            fields[name] = value[1:] if value.startswith(" ") else value
        if fields:
            out.append(fields)
    return out


def until(predicate, timeout: float = 5.0) -> bool:
    """Poll ``predicate`` until it holds (True) or ``timeout`` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def pinned_store(client: TestClient) -> JobStore:
    """The server's shared store, made the one every request thread uses, so a test can
    watch (trace) or break (patch) what the requests do to it."""
    stores = client.app.state.server.stores
    stores.get = lambda: stores.shared
    return stores.shared
