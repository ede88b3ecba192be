"""lotara.jobs.engine: what front ends call. Proactive jobs, async callers, a worker, lightness."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import pytest

from lotara.errors import InvalidValue
from lotara.jobs import engine
from lotara.models import EventType, JobStatus, Mode, PlanRequest


def test_a_price_drop_becomes_a_trip_on_the_watched_route(store) -> None:
    context = {
        "route": "LAX->NRT",
        "origin": "LAX",
        "destination": "NRT",
        "travel_date": "2027-04-10",
        "old_price": 850,
        "new_price": 650,
    }
    job_id = engine.create_suggestion_job(
        store, user_id="tester", trigger_type="price_drop", context=context
    )
    job = store.get_job(job_id)
    assert job.mode is Mode.PROACTIVE and job.status is JobStatus.QUEUED
    assert job.trigger == {"type": "price_drop", "context": context}

    job = engine.run_job(store, job_id)
    assert job.status is JobStatus.COMPLETED, job.error
    assert job.request.origin_city == "Los Angeles"
    assert job.request.destinations[0].city == "Tokyo"
    assert job.request.start_date.isoformat() == "2027-04-10"
    assert job.itinerary.ok
    assert "850" in job.itinerary.summary and "650" in job.itinerary.summary  # why now
    events = store.events(job_id)
    assert events[-1].type is EventType.COMPLETE
    assert [e.agent for e in events if e.type is EventType.TASK_START][0] == "proactive"
    assert not job.approvals  # a suggestion asks nothing until the traveller acts on it


def test_a_calendar_gap_becomes_a_short_trip_inside_it(store) -> None:
    store.set_preference("tester", "home_airport", "SFO")
    context = {"start": "2027-05-28", "end": "2027-05-31", "days": 4, "kind": "long_weekend"}
    job = engine.run_job(
        store,
        engine.create_suggestion_job(
            store, user_id="tester", trigger_type="calendar_gap", context=context
        ),
    )
    assert job.status is JobStatus.COMPLETED, job.error
    request = job.request
    assert request.start_date.isoformat() == "2027-05-28"
    assert request.end_date.isoformat() <= "2027-05-31"
    assert request.destinations[0].city != "San Francisco"


def test_a_budget_surplus_becomes_a_trip_within_it(store) -> None:
    context = {
        "amount": 2500,
        "currency": "USD",
        "window_start": "2027-03-02",
        "window_end": "2027-12-31",
        "origin": "JFK",
    }
    job = engine.run_job(
        store,
        engine.create_suggestion_job(
            store, user_id="tester", trigger_type="budget_surplus", context=context
        ),
    )
    assert job.status is JobStatus.COMPLETED, job.error
    assert job.request.budget.amount == 2500
    assert job.itinerary.cost.total <= 2500


def test_a_trigger_without_a_departure_city_fails_with_a_clear_sentence(store) -> None:
    job = engine.run_job(
        store,
        engine.create_suggestion_job(
            store,
            user_id="tester",
            trigger_type="calendar_gap",
            context={"start": "2027-05-28", "end": "2027-05-31"},
        ),
    )
    assert job.status is JobStatus.FAILED
    assert job.error.code == "query_not_understood" and "home_airport" in job.error.message


def test_an_unknown_trigger_type_is_refused(store) -> None:
    with pytest.raises(InvalidValue):
        engine.create_suggestion_job(store, user_id="tester", trigger_type="whim", context={})


def test_async_callers_and_callers_inside_a_loop(store) -> None:
    a = engine.create_job(store, PlanRequest(user_id="tester", query="4 days in Paris from NYC"))
    b = engine.create_job(store, PlanRequest(user_id="tester", query="4 days in Paris from NYC"))

    async def inside_a_loop():
        first = await engine.run_job_async(store, a)
        second = engine.run_job(store, b)  # the sync API still works from inside a loop
        return first, second

    first, second = asyncio.run(inside_a_loop())
    assert first.status is second.status is JobStatus.COMPLETED


def test_the_worker_runs_a_job_in_its_own_process(store, home) -> None:
    job_id = engine.create_job(
        store, PlanRequest(user_id="tester", query="5 days in Lisbon from Boston")
    )
    done = subprocess.run(
        [sys.executable, "-m", "lotara.jobs.worker", job_id[:8]],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert store.get_job(job_id).status is JobStatus.COMPLETED


def test_the_worker_says_why_it_cannot_run_a_job(store) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "lotara.jobs.worker", "deadbeef"],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
    )
    assert done.returncode == 3
    assert done.stderr.startswith("lotara worker: No job") and "Traceback" not in done.stderr


def test_importing_the_engine_does_not_import_adk() -> None:
    code = (
        "import sys, lotara.jobs.engine, lotara.agents; "
        "print(any(m.startswith('google.adk') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


def test_jobs_run_side_by_side_in_threads(home) -> None:
    import threading

    from lotara.jobs.store import open_store

    first = open_store(home)
    ids = [
        engine.create_job(first, PlanRequest(user_id="tester", query=q))
        for q in (
            "4 days in Paris from NYC",
            "5 days in Tokyo from LAX",
            "3 days in Rome from London",
        )
    ]
    results: dict[str, JobStatus] = {}

    def work(job_id: str) -> None:
        store = open_store(home)  # one store connection per thread, as the server does
        results[job_id] = engine.run_job(store, job_id).status
        store.close()

    threads = [threading.Thread(target=work, args=(job_id,)) for job_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert results == {job_id: JobStatus.COMPLETED for job_id in ids}
    for job_id in ids:
        events = first.events(job_id)
        assert [e.seq for e in events] == list(range(1, len(events) + 1))


def test_each_task_event_is_stored_with_the_progress_it_reports(store) -> None:
    """A reader who sees a task_start or task_complete (a stream, `lotara status` in another
    terminal) finds the job's stored progress already at that step: the event and the
    progress are one commit, never an event ahead of the progress it announces."""
    from lotara.jobs.store import open_store

    seen: list[tuple[str, str | None, int, str]] = []
    reader = open_store(store.path.parent)

    def listener(event) -> None:
        if event.type in (EventType.TASK_START, EventType.TASK_COMPLETE):
            progress = reader.get_job(event.job_id).progress
            seen.append(
                (event.type.value, event.agent, progress.tasks_completed, progress.current_state)
            )

    job_id = engine.create_job(
        store, PlanRequest(user_id="t", query="3 days in Lisbon from Madrid")
    )
    job = engine.run_job(store, job_id, listeners=[listener])
    assert job.status is JobStatus.COMPLETED, job.error
    done = [n for kind, _, n, _ in seen if kind == "task_complete"]
    assert done == list(range(1, len(done) + 1))  # each completion counted when announced
    states = {agent: state for kind, agent, _, state in seen if kind == "task_start"}
    assert states["intent"] == "understanding" and states["budget"] == "budgeting"
