"""An approval once written stays written: recorded first, resumed from the store, anywhere.

``engine.record_decision`` stores the decision on the job's gate; ``engine.resume`` continues
from it in any process; a starting server resumes decisions a stopped server recorded. The
last test kills a real ``lotara serve`` after it answered 200 and starts another.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from lotara.errors import Conflict
from lotara.jobs import engine
from lotara.jobs.store import open_store
from lotara.models import ApprovalKind, ApprovalStatus, JobStatus, PlanConstraints, PlanRequest
from tests.test_serve import start_server

TOKYO = "5 days in Tokyo for under $3000 from LAX, food and culture"


def waiting_booking(store) -> str:
    """A planned job paused at its booking gate (the real engine, offline)."""
    request = PlanRequest(user_id="tester", query=TOKYO, constraints=PlanConstraints(book=True))
    job = engine.run_job(store, engine.create_job(store, request))
    assert job.status is JobStatus.AWAITING_APPROVAL
    assert job.approvals[-1].kind is ApprovalKind.BOOKING
    return job.job_id


def test_a_recorded_decision_waits_in_the_store_until_resumed(store) -> None:
    job_id = waiting_booking(store)
    seen = store.last_seq(job_id)
    decided = engine.record_decision(store, job_id, approved=True, notes="go")
    assert decided.status is ApprovalStatus.APPROVED and decided.notes == "go"
    assert decided.decided_at is not None
    # Recorded, not resumed: nothing ran, the job still waits, and it is a restart's work.
    assert store.status_of(job_id) is JobStatus.AWAITING_APPROVAL
    assert store.last_seq(job_id) == seen
    assert engine.recorded_decision(store, job_id).id == decided.id
    assert engine.decided_jobs(store) == [job_id]
    with pytest.raises(Conflict, match="already approved"):
        engine.record_decision(store, job_id, approved=False)
    with pytest.raises(Conflict, match="already approved"):
        engine.decide(store, job_id, approved=False)  # the recorded decision stands

    job = engine.resume(store, job_id)
    assert job.status is JobStatus.COMPLETED and job.bookings
    assert job.approvals[-1].notes == "go"
    assert engine.decided_jobs(store) == []
    with pytest.raises(Conflict):
        engine.resume(store, job_id)  # nothing left to resume from


def test_decide_resumes_a_decision_recorded_earlier(store) -> None:
    job_id = waiting_booking(store)
    engine.record_decision(store, job_id, approved=False, notes="not now")
    job = engine.decide(store, job_id, approved=False)  # the CLI's `lotara approve --reject`
    assert job.status is JobStatus.COMPLETED and job.bookings == []  # booking declined
    assert job.approvals[-1].status is ApprovalStatus.REJECTED
    assert job.approvals[-1].notes == "not now"


def test_resume_needs_a_decision(store) -> None:
    job_id = waiting_booking(store)
    with pytest.raises(Conflict, match="no decision"):
        engine.resume(store, job_id)
    assert store.pending_approval(job_id) is not None


@pytest.mark.parametrize("approved,sig", [(True, signal.SIGKILL), (False, signal.SIGTERM)])
def test_an_approval_survives_the_server_stopping_before_it_resumes(
    home: Path, approved: bool, sig: signal.Signals
) -> None:
    store = open_store(home)
    job_id = waiting_booking(store)
    # A server that runs no jobs: the resume cannot start before the server is stopped.
    first = start_server("--max-running", "0")
    try:
        answer = first.http.post(
            "/v1/approve", json={"job_id": job_id, "approved": approved, "notes": "from http"}
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == "recorded" and answer.json()["approved"] is approved
    finally:
        first.proc.send_signal(sig)
        first.proc.wait(20)
        first.http.close()
    gate = store.approvals(job_id)[-1]
    assert gate.status is (ApprovalStatus.APPROVED if approved else ApprovalStatus.REJECTED)
    assert gate.notes == "from http"
    assert store.status_of(job_id) is JobStatus.AWAITING_APPROVAL

    second = start_server("--max-running", "1")  # picks the recorded decision up on start
    try:
        wanted = JobStatus.COMPLETED  # with holds if approved; a declined booking keeps the plan
        deadline = time.monotonic() + 90
        while store.status_of(job_id) is not wanted and time.monotonic() < deadline:
            time.sleep(0.05)
        doc = second.http.get(f"/v1/status/{job_id}").json()
        assert doc["status"] == wanted.value, doc.get("error")
        assert bool(doc["bookings"]) is approved
    finally:
        second.stop()
        store.close()
