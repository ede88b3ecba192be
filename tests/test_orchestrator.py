"""The agent tree end to end on the offline world: plans, events, gates, pause and resume.

These run the real ADK workflow (``lotara.agents.graph``) through ``lotara.jobs.engine``, with the
job store and ADK sessions in the test's private LOTARA_HOME. Resuming "in another process"
is a real ``python -c`` subprocess that only shares that directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from lotara.errors import Conflict
from lotara.jobs import engine
from lotara.models import (
    ApprovalKind,
    ApprovalStatus,
    EventType,
    JobStatus,
    PlanConstraints,
    PlanRequest,
)


def plan(store, query: str, **constraints) -> str:
    request = PlanRequest(user_id="tester", query=query, constraints=PlanConstraints(**constraints))
    return engine.create_job(store, request)


def assert_event_stream(store, job_id: str, *, last: EventType) -> list:
    events = store.events(job_id)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[0].type is EventType.STATE_CHANGE and events[0].data["to"] == "running"
    assert events[-1].type is last
    return events


QUERIES = [
    "5 days in Tokyo for under $3000 from LAX, food and culture",
    "a week in Rome, Florence and Venice from New York for 2, $6000, art and history",
    "long weekend in Barcelona from London for a family of four, beaches",
    "Kyoto and Osaka for 6 days from Boston, temples and street food",
    "4 days in Mexico City from Chicago solo, 1500 USD, museums",
]


@pytest.mark.parametrize("query", QUERIES)
def test_varied_requests_complete_with_verified_itineraries(store, query: str) -> None:
    job_id = plan(store, query)
    job = engine.run_job(store, job_id)

    assert job.status is JobStatus.COMPLETED, job.error
    it = job.itinerary
    assert it is not None and it.ok and it.days and it.title
    assert all(c.ok for c in it.checks if c.hard)
    assert job.request is not None and len(it.days) == job.request.days
    assert job.progress.tasks_completed == job.progress.tasks_total >= 8
    assert job.progress.current_state == "completed"

    events = assert_event_stream(store, job_id, last=EventType.COMPLETE)
    assert events[-1].data == {
        "status": "completed",
        "total": it.cost.total,
        "currency": it.cost.currency,
    }
    done = {e.agent for e in events if e.type is EventType.TASK_COMPLETE}
    assert {"intent", "flights", "stays", "activities", "budget", "itinerary", "verify"} <= done
    assert "summary" in done
    for e in events:
        if e.type is EventType.TASK_COMPLETE:
            assert e.data["agent"] == e.agent and e.data["summary"] and e.data["elapsed_ms"] >= 0
        if e.type is EventType.AGENT_OUTPUT:
            assert {"agent", "key", "value", "summary"} <= set(e.data)
            json.dumps(e.data)  # partial results are JSON-able
    keys = {e.data["key"] for e in events if e.type is EventType.AGENT_OUTPUT}
    assert {"request", "flights", "hotels", "activities", "cost"} <= keys


def test_the_finders_run_in_parallel_between_intent_and_budget(store) -> None:
    job_id = plan(store, QUERIES[0])
    engine.run_job(store, job_id)
    order = [(e.type, e.agent) for e in store.events(job_id) if e.type is EventType.TASK_START]
    agents = [a for _, a in order]
    assert agents[0] == "intent"
    # All three finders start before any of them is followed by budget.
    assert set(agents[1:4]) == {"flights", "stays", "activities"}
    assert agents[4] == "budget"


def test_same_request_and_clock_give_the_same_plan(store) -> None:
    first = engine.run_job(store, plan(store, QUERIES[1]))
    second = engine.run_job(store, plan(store, QUERIES[1]))
    assert first.itinerary is not None and second.itinerary is not None
    assert first.itinerary.model_dump() == second.itinerary.model_dump()


def test_unknown_place_fails_the_job_with_its_code(store) -> None:
    job = engine.run_job(store, plan(store, "5 days in Atlantisxq from LAX"))
    assert job.status is JobStatus.FAILED
    assert job.error is not None and job.error.code == "unknown_place"
    events = assert_event_stream(store, job.job_id, last=EventType.ERROR)
    assert events[-1].data["code"] == "unknown_place" and events[-1].agent == "intent"
    assert events[-2].data["to"] == "failed"


def test_an_unexpected_error_fails_the_job_as_internal(store, monkeypatch) -> None:
    from lotara.agents import nodes

    def broken(request, selection, candidates):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("lotara.planning.schedule.build_itinerary", broken)
    job = engine.run_job(store, plan(store, QUERIES[0]))
    assert nodes is not None
    assert job.status is JobStatus.FAILED
    assert job.error is not None and job.error.code == "internal"
    assert "ZeroDivisionError" in job.error.message
    events = assert_event_stream(store, job.job_id, last=EventType.ERROR)
    assert events[-1].agent == "itinerary"


def test_only_a_queued_job_runs(store) -> None:
    job_id = plan(store, QUERIES[0])
    engine.run_job(store, job_id)
    with pytest.raises(Conflict):
        engine.run_job(store, job_id)


def test_a_job_handed_back_to_the_queue_runs_again_from_the_start(store) -> None:
    job_id = plan(store, QUERIES[0])
    store.set_status(job_id, JobStatus.RUNNING)
    store.set_status(job_id, JobStatus.QUEUED)  # what a server does on shutdown
    job = engine.run_job(store, job_id)
    assert job.status is JobStatus.COMPLETED


# --- the budget-override gate, across processes ------------------------------------------

TIGHT = "5 days in Tokyo from LAX for under $400"

DECIDE = textwrap.dedent(
    """
    import os, sys
    from lotara.jobs import engine
    from lotara.jobs.store import open_store
    store = open_store(os.environ["LOTARA_HOME"])
    job = engine.decide(store, sys.argv[1], approved=sys.argv[2] == "yes", notes="fine")
    print(job.status.value)
    """
)


def decide_elsewhere(job_id: str, answer: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", DECIDE, job_id, answer],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # ADK's logging stays off the user's terminal
    return done.stdout.strip()


def test_a_budget_shortfall_pauses_and_another_process_resumes_it(store) -> None:
    job_id = plan(store, TIGHT)
    job = engine.run_job(store, job_id)

    assert job.status is JobStatus.AWAITING_APPROVAL
    [approval] = job.approvals
    assert approval.kind is ApprovalKind.BUDGET_OVERRIDE
    assert approval.status is ApprovalStatus.PENDING
    details = approval.details
    assert details["budget"] == 400 and details["currency"] == "USD"
    assert details["total"] == job.itinerary.cost.total
    assert details["shortfall"] == pytest.approx(details["total"] - 400, abs=0.01)
    events = assert_event_stream(store, job_id, last=EventType.APPROVAL_REQUIRED)
    gate = events[-1].data
    assert gate["approval_id"] == approval.id and gate["kind"] == "budget_override"
    assert gate["reason"].endswith(".") and gate["details"] == details
    assert events[-2].data == {
        "from": "running",
        "to": "awaiting_approval",
        "current_state": "awaiting_approval",
    }
    paused_at = events[-1].seq

    assert decide_elsewhere(job_id, "yes") == "completed"

    job = store.get_job(job_id)
    assert job.status is JobStatus.COMPLETED
    assert job.approvals[0].status is ApprovalStatus.APPROVED and job.approvals[0].notes == "fine"
    later = store.events(job_id, after=paused_at)
    assert later[0].data["to"] == "running"
    assert [e.agent for e in later if e.type is EventType.TASK_START] == ["summary"]
    assert later[-1].type is EventType.COMPLETE and later[-1].data["status"] == "completed"
    assert [e.seq for e in store.events(job_id)] == list(range(1, later[-1].seq + 1))


def test_rejecting_the_override_rejects_the_job(store) -> None:
    job_id = plan(store, TIGHT)
    engine.run_job(store, job_id)
    job = engine.decide(store, job_id, approved=False, notes="too much")
    assert job.status is JobStatus.REJECTED
    assert job.approvals[0].status is ApprovalStatus.REJECTED
    events = assert_event_stream(store, job_id, last=EventType.COMPLETE)
    assert events[-1].data["status"] == "rejected"
    assert events[-2].data == {"from": "awaiting_approval", "to": "rejected",
                               "current_state": "rejected"}  # fmt: skip
    assert not any(e.agent == "summary" for e in events)


def test_deciding_twice_changes_nothing(store) -> None:
    job_id = plan(store, TIGHT)
    engine.run_job(store, job_id)
    engine.decide(store, job_id, approved=True)
    seen = store.last_seq(job_id)
    with pytest.raises(Conflict):
        engine.decide(store, job_id, approved=False)
    assert store.last_seq(job_id) == seen
    assert store.get_job(job_id).status is JobStatus.COMPLETED


# --- visa and booking gates ------------------------------------------------------------------


def test_an_entry_requirement_asks_for_a_visa_acknowledgment(store) -> None:
    store.set_preference("tester", "passport_country", "US")
    job = engine.run_job(store, plan(store, "5 days in Delhi from LAX"))
    assert job.status is JobStatus.AWAITING_APPROVAL
    [approval] = job.approvals
    assert approval.kind is ApprovalKind.VISA
    assert approval.details["requirement"] not in {"visa_free", "domestic"}
    assert approval.details["passport"] == "US" and "note" in approval.details
    job = engine.decide(store, job.job_id, approved=True)
    assert job.status is JobStatus.COMPLETED


def test_booking_asks_first_then_makes_sandbox_holds(store) -> None:
    job = engine.run_job(store, plan(store, QUERIES[0], book=True))
    assert job.status is JobStatus.AWAITING_APPROVAL
    [approval] = job.approvals
    assert approval.kind is ApprovalKind.BOOKING and approval.details["sandbox"] is True
    assert "nothing is purchased" in approval.details["note"].lower()
    assert job.bookings == []

    job = engine.decide(store, job.job_id, approved=True)
    assert job.status is JobStatus.COMPLETED
    assert len(job.bookings) == len(job.itinerary.transport) + len(job.itinerary.stays)
    for booking in job.bookings:
        assert booking.sandbox and booking.status == "held"
        assert booking.reference.startswith("SBX-")
        assert "not a purchase" in booking.description
    assert sum(b.amount for b in job.bookings) == pytest.approx(approval.details["total"])


def test_a_completed_plan_can_be_booked_later(store) -> None:
    job = engine.run_job(store, plan(store, QUERIES[0]))
    assert job.status is JobStatus.COMPLETED and job.bookings == []
    seen = store.last_seq(job.job_id)

    job = engine.book(store, job.job_id)
    assert job.status is JobStatus.AWAITING_APPROVAL
    assert job.approvals[-1].kind is ApprovalKind.BOOKING
    new = store.events(job.job_id, after=seen)
    assert new[0].data == {"from": "completed", "to": "awaiting_approval",
                           "current_state": "awaiting_approval"}  # fmt: skip
    assert new[-1].type is EventType.APPROVAL_REQUIRED

    assert decide_elsewhere(job.job_id, "yes") == "completed"
    job = store.get_job(job.job_id)
    assert job.bookings and all(b.reference.startswith("SBX-") for b in job.bookings)
    with pytest.raises(Conflict):
        engine.book(store, job.job_id)  # already booked


def test_a_declined_booking_books_nothing_and_keeps_the_plan(store) -> None:
    job = engine.run_job(store, plan(store, QUERIES[0], book=True))
    planned = job.itinerary
    job = engine.decide(store, job.job_id, approved=False, notes="not yet")
    assert job.status is JobStatus.COMPLETED and job.bookings == []
    assert job.itinerary == planned
    last = store.events(job.job_id)[-1]
    assert (last.type.value, last.data["status"], last.data["booking"]) == (
        "complete",
        "completed",
        "declined",
    )
    assert engine.book(store, job.job_id).status is JobStatus.AWAITING_APPROVAL  # may ask again


# --- the verify loop ---------------------------------------------------------------------------


QUERY_ROME = "5 days in Rome from London, $1250, private room"


@pytest.fixture
def mislabelled_world():
    """A provider listing, for Rome, a stay whose own record says it is in Naples: the
    optimiser trusts the listing, so only verify can catch it and send the plan back."""
    from lotara.agents import orchestrator
    from lotara.clock import today
    from lotara.planning.candidates import gather_candidates
    from lotara.planning.intent import build_trip_request
    from lotara.planning.optimise import choose_options
    from tests.test_planning import MislabelledWorld
    from tests.test_planning_fake import FakeWorld

    honest = FakeWorld()
    request = build_trip_request(
        QUERY_ROME, constraints=PlanConstraints(), prefs={}, provider=honest, today=today()
    )
    pick = choose_options(request, gather_candidates(request, honest)).stays[0].stay.id
    orchestrator.use_provider(MislabelledWorld(pick))
    yield pick
    orchestrator.use_provider(None)


def test_a_failed_check_sends_the_plan_back_to_budget(store, mislabelled_world) -> None:
    job = engine.run_job(store, plan(store, QUERY_ROME))
    assert job.status is JobStatus.COMPLETED, job.error
    assert job.itinerary.ok
    assert all(s.stay.city == "Rome" for s in job.itinerary.stays)
    assert all(s.stay.id != mislabelled_world for s in job.itinerary.stays)
    started = [e.agent for e in store.events(job.job_id) if e.type is EventType.TASK_START]
    assert started.count("verify") == 2 and started.count("budget") == 2
    assert started.index("verify") < len(started) - 1 - started[::-1].index("budget")
    repair = next(
        e for e in store.events(job.job_id)
        if e.type is EventType.TASK_COMPLETE and e.agent == "verify"
    )  # fmt: skip
    assert "stay_city" in repair.data["summary"] and "repair round 1" in repair.data["summary"]
    assert job.progress.tasks_total == job.progress.tasks_completed == 11
