"""Booking a planned job later: ``lotara book JOB`` and ``POST /v1/book``, on the real engine.

A completed plan moves to the booking gate; approving it makes sandbox holds. The CLI asks
at a terminal, approves with ``--yes``, and otherwise leaves the job waiting (exit 10).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

from lotara.jobs import engine
from lotara.models import ApprovalKind, JobStatus, PlanRequest
from lotara.server.app import create_app
from lotara.server.auth import load_tokens
from lotara.server.config import ServeConfig
from lotara.server.runner import _engine_resume
from tests.api_support import until

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKYO = "5 days in Tokyo for under $3000 from LAX, food and culture"


def completed_plan(store, user: str = "tester") -> str:
    job = engine.run_job(store, engine.create_job(store, PlanRequest(user_id=user, query=TOKYO)))
    assert job.status is JobStatus.COMPLETED and job.bookings == []
    return job.job_id


def test_book_waits_for_approval_off_a_terminal_then_approve_holds(store, cli) -> None:
    job_id = completed_plan(store)
    waiting = cli("book", job_id[:8])
    assert waiting.exit_code == 10, waiting.stderr
    assert f"lotara approve {job_id[:8]}" in waiting.stderr
    job = store.get_job(job_id)
    assert job.status is JobStatus.AWAITING_APPROVAL and job.bookings == []
    assert job.approvals[-1].kind is ApprovalKind.BOOKING

    again = cli("book", job_id)  # waiting already: one sentence, exit 4, nothing changes
    assert again.exit_code == 4 and "only a completed plan" in again.stderr
    assert len(store.approvals(job_id)) == 1

    approved = cli("approve", job_id, "--json")
    assert approved.exit_code == 0, approved.stderr
    doc = json.loads(approved.stdout)
    assert doc["status"] == "completed" and doc["bookings"]
    assert all(b["sandbox"] and b["reference"].startswith("SBX-") for b in doc["bookings"])


def test_book_yes_holds_at_once_and_refuses_what_cannot_be_booked(store, cli) -> None:
    job_id = completed_plan(store)
    booked = cli("book", job_id, "--yes", "--json")
    assert booked.exit_code == 0, booked.stderr
    doc = json.loads(booked.stdout)
    assert doc["status"] == "completed" and len(doc["bookings"]) >= 2
    assert doc["approvals"][-1]["kind"] == "booking"
    assert doc["approvals"][-1]["status"] == "approved"

    twice = cli("book", job_id, "--yes")
    assert twice.exit_code == 4 and "already booked" in twice.stderr
    queued = engine.create_job(store, PlanRequest(user_id="tester", query=TOKYO))
    early = cli("book", queued)
    assert early.exit_code == 4 and "is queued" in early.stderr
    assert cli("book", "ffffffff").exit_code == 3


def test_book_at_a_terminal_asks(store, env) -> None:
    """The question plan's gate asks, answered on stdin (the terminal path of ``drive``)."""
    import io

    from lotara.commands.book import book

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    job_id = completed_plan(store)
    env.stdout, env.stdin = Terminal(), Terminal("r\n")

    class Ctx:
        obj = env

    book(Ctx(), job_id, yes=False, as_json=False, events=False)  # type: ignore[arg-type]
    assert "Approve? [a]pprove / [r]eject" in env.stdout.getvalue()
    job = store.get_job(job_id)
    assert job.bookings == [] and job.status is JobStatus.COMPLETED  # declined: the plan stays


def test_post_book_then_approve_over_http(home: Path, store) -> None:
    mine = completed_plan(store, "alice")
    theirs = completed_plan(store, "bob")
    queued = engine.create_job(store, PlanRequest(user_id="alice", query=TOKYO))
    app = create_app(
        home,
        config=ServeConfig(ping_s=0.2, poll_s=0.02, grace_s=5.0, max_running=1),
        tokens=load_tokens({"LOTARA_API_TOKENS": "alice:tok-a,bob:tok-b"}),
        book=engine.book,  # the real engine, in the runner's threads
        resume=_engine_resume,
    )
    alice = {"Authorization": "Bearer tok-a"}
    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as client:
        assert client.post("/v1/book", json={"job_id": mine}).status_code == 401
        assert client.post("/v1/book", json={"job_id": theirs}, headers=alice).status_code == 404
        early = client.post("/v1/book", json={"job_id": queued}, headers=alice)
        assert early.status_code == 409 and "only a completed plan" in early.json()["detail"]

        started = client.post("/v1/book", json={"job_id": mine}, headers=alice)
        assert started.status_code == 202
        assert started.json() == {"job_id": mine, "status": "booking"}
        # Wait for the state the runner reaches, not for it to leave the one it was in (it
        # passes through running on its way to the booking gate). The bound only stops a
        # broken run from hanging.
        at_gate = until(lambda: store.status_of(mine) is JobStatus.AWAITING_APPROVAL, 30)
        assert at_gate, store.status_of(mine)
        again = client.post("/v1/book", json={"job_id": mine}, headers=alice)
        assert again.status_code == 409

        body = {"job_id": mine, "approved": True}
        assert client.post("/v1/approve", json=body, headers=alice).status_code == 200
        booked = until(lambda: bool(store.get_job(mine).bookings), 30)
        assert booked and until(lambda: store.status_of(mine) is JobStatus.COMPLETED, 30)
        doc = client.get(f"/v1/status/{mine}", headers=alice).json()
        assert doc["status"] == "completed" and doc["bookings"]
    assert store.get_job(theirs).status is JobStatus.COMPLETED  # bob's plan untouched


def test_book_in_a_real_process(store, run_lotara) -> None:
    job_id = completed_plan(store)
    done = run_lotara("book", job_id[:8], "--yes")
    assert done.returncode == 0, done.stderr
    assert "SBX-" in done.stdout and "Booking job" in done.stderr
    assert len(store.get_job(job_id).bookings) >= 2
