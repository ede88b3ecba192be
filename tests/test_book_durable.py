"""A booking asked for stays asked for: recorded before the 202, booked by the next server.

``engine.request_booking`` stores the request on the completed plan in one statement; any
status change settles it; ``engine.book`` failing clears it. The last test kills a real
``lotara serve`` after it answered 202 and starts another, which takes the booking up.
"""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

import pytest

from lotara.errors import Conflict, NotFound
from lotara.jobs import engine
from lotara.jobs.store import open_store
from lotara.models import ApprovalKind, JobStatus, PlanRequest
from tests.test_book import completed_plan
from tests.test_serve import start_server

TOKYO = "5 days in Tokyo for under $3000 from LAX, food and culture"


def requested_at(store, job_id: str) -> str | None:
    row = store.conn.execute("SELECT booking_requested_at FROM jobs WHERE id = ?", [job_id])
    return row.fetchone()[0]


def test_a_booking_request_is_recorded_once_and_settled_by_the_gate(store) -> None:
    job_id = completed_plan(store)
    at = engine.request_booking(store, job_id)
    assert requested_at(store, job_id) == at
    assert engine.requested_bookings(store) == [job_id]
    with pytest.raises(Conflict, match="already being booked"):
        engine.request_booking(store, job_id)

    job = engine.book(store, job_id)  # what the runner does with it
    assert job.status is JobStatus.AWAITING_APPROVAL
    assert job.approvals[-1].kind is ApprovalKind.BOOKING
    assert requested_at(store, job_id) is None and engine.requested_bookings(store) == []

    # Declining the gate keeps the plan completed; nothing is left for a restart to book.
    declined = engine.decide(store, job_id, approved=False)
    assert declined.status is JobStatus.COMPLETED and declined.bookings == []
    assert engine.requested_bookings(store) == []
    engine.request_booking(store, job_id)  # and the user may ask again
    assert engine.requested_bookings(store) == [job_id]


def test_only_a_completed_unbooked_plan_can_be_requested(store) -> None:
    queued = engine.create_job(store, PlanRequest(user_id="tester", query=TOKYO))
    with pytest.raises(Conflict, match="only a completed plan"):
        engine.request_booking(store, queued)
    with pytest.raises(NotFound):
        engine.request_booking(store, "f" * 32)
    booked = completed_plan(store)
    engine.book(store, booked)
    engine.decide(store, booked, approved=True)
    with pytest.raises(Conflict, match="already booked"):
        engine.request_booking(store, booked)
    assert engine.requested_bookings(store) == []
    assert requested_at(store, queued) is None and requested_at(store, booked) is None


def test_a_failed_booking_clears_its_request(store, monkeypatch) -> None:
    from lotara.agents import orchestrator

    job_id = completed_plan(store)
    engine.request_booking(store, job_id)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("provider down")

    monkeypatch.setattr(orchestrator, "book", broken)
    with pytest.raises(RuntimeError):
        engine.book(store, job_id)
    assert store.status_of(job_id) is JobStatus.COMPLETED
    assert engine.requested_bookings(store) == []  # a restart does not retry it
    engine.request_booking(store, job_id)  # the user may ask again


def test_two_requests_at_once_record_one(home: Path, store) -> None:
    job_id = completed_plan(store)
    stores = [open_store(home) for _ in range(4)]
    start = threading.Barrier(len(stores))
    outcomes: list[str] = []

    def ask(own) -> None:
        start.wait()
        try:
            engine.request_booking(own, job_id)
            outcomes.append("recorded")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=ask, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    for own in stores:
        own.close()
    assert sorted(outcomes) == ["conflict"] * 3 + ["recorded"]


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_booking_request_survives_the_server_stopping_before_it_runs(
    home: Path, sig: signal.Signals
) -> None:
    store = open_store(home)
    job_id = completed_plan(store)
    # A server that runs no jobs: the booking cannot start before the server is stopped.
    first = start_server("--max-running", "0")
    try:
        answer = first.http.post("/v1/book", json={"job_id": job_id})
        assert answer.status_code == 202, answer.text
        assert answer.json() == {"job_id": job_id, "status": "recorded"}
        again = first.http.post("/v1/book", json={"job_id": job_id})
        assert again.status_code == 409 and "already being booked" in again.json()["detail"]
    finally:
        first.proc.send_signal(sig)
        first.proc.wait(20)
        first.http.close()
    assert store.status_of(job_id) is JobStatus.COMPLETED
    assert engine.requested_bookings(store) == [job_id]

    second = start_server("--max-running", "1")  # books the recorded request on start
    try:
        deadline = time.monotonic() + 90
        while store.status_of(job_id) is JobStatus.COMPLETED and time.monotonic() < deadline:
            time.sleep(0.05)
        doc = second.http.get(f"/v1/status/{job_id}").json()
        assert doc["status"] == "waiting_approval", doc.get("error")
        assert doc["lotara_status"] == "awaiting_approval"
        assert doc["approvals"][-1]["kind"] == "booking"
        assert doc["approvals"][-1]["status"] == "pending" and doc["bookings"] == []
        assert engine.requested_bookings(store) == []
    finally:
        second.stop()
        store.close()
