"""The server's job runner: bounded, never drops work, hands back on shutdown, recovers on start."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from lotara.jobs.store import JobStore
from lotara.models import EventType, JobStatus
from lotara.server.runner import JobRunner, RunnerClosed, Work, recover, waiting_jobs
from tests.api_support import ScriptedEngine, make_client, until


def new_jobs(store: JobStore, n: int) -> list[str]:
    return [store.create_job(user_id="u", query=f"trip {i}") for i in range(n)]


def running_before_leases(store: JobStore, job_id: str, pid: int | None = None) -> None:
    """A job left running as a lotara from before leases wrote it: no lease, maybe a pid."""
    store.set_status(job_id, JobStatus.RUNNING)
    with store.immediate() as conn:
        conn.execute(
            "UPDATE jobs SET lease_owner = NULL, lease_until = NULL, worker_pid = ? WHERE id = ?",
            [pid, job_id],
        )


def test_at_most_max_running_at_once_and_none_dropped(home: Path, store: JobStore) -> None:
    release = threading.Event()
    engine = ScriptedEngine(gate=False, hold=release)
    runner = JobRunner(home, max_running=2, run=engine.run)
    runner.start()
    ids = new_jobs(store, 5)
    for job_id in ids:
        runner.submit(job_id)
    runner.submit(ids[0])  # a duplicate submit does not run a job twice
    assert until(lambda: runner.running == 2)
    # Both worker threads are held inside their runs, so no third job can start: the count
    # is what it is without waiting to see that nothing happens.
    assert runner.running == 2 and runner.queued == 3
    release.set()
    assert until(lambda: all(store.status_of(i) is JobStatus.COMPLETED for i in ids))
    assert sorted(engine.ran) == sorted(ids)
    runner.shutdown(store, grace_s=1)


def test_shutdown_starts_nothing_new_and_hands_back_unfinished(home: Path, store: JobStore) -> None:
    release = threading.Event()
    runner = JobRunner(home, max_running=1, run=ScriptedEngine(hold=release).run)
    runner.start()
    running, waiting = new_jobs(store, 2)
    runner.submit(running)
    runner.submit(waiting)
    assert until(lambda: store.status_of(running) is JobStatus.RUNNING)
    handed_back = runner.shutdown(store, grace_s=0.1)
    assert handed_back == [running]
    assert store.status_of(running) is JobStatus.QUEUED
    assert store.status_of(waiting) is JobStatus.QUEUED  # never started, still there
    with pytest.raises(RunnerClosed):
        runner.submit(waiting)
    release.set()
    # Wait for the old thread to end its run (it leaves the runner's running set), then
    # check it wrote nothing over the hand-back: no sleep standing in for "long enough".
    assert until(lambda: runner.running == 0, 30)
    assert store.status_of(running) is JobStatus.QUEUED
    assert set(waiting_jobs(store)) == {running, waiting}


def test_a_crashing_job_fails_clearly_and_the_worker_goes_on(home: Path, store: JobStore) -> None:
    def boom(store: JobStore, job_id: str) -> None:
        store.set_status(job_id, JobStatus.RUNNING)
        raise KeyError("flights")

    runner = JobRunner(home, max_running=1, run=boom)
    runner.start()
    first, second = new_jobs(store, 2)
    runner.submit(first)
    runner.submit(second)
    assert until(lambda: store.status_of(second) is JobStatus.FAILED)
    job = store.get_job(first)
    assert job.status is JobStatus.FAILED and job.error.code == "internal"
    assert store.events(first)[-1].type is EventType.ERROR
    runner.shutdown(store, grace_s=1)


def test_resume_work_calls_the_decision(home: Path, store: JobStore) -> None:
    engine = ScriptedEngine()
    runner = JobRunner(home, max_running=1, run=engine.run, resume=engine.resume)
    runner.start()
    (job_id,) = new_jobs(store, 1)
    runner.submit(job_id)
    assert until(lambda: store.status_of(job_id) is JobStatus.AWAITING_APPROVAL)
    runner.submit(Work(job_id, kind="resume", approved=True, notes="go"))
    assert until(lambda: store.status_of(job_id) is JobStatus.COMPLETED)
    assert engine.resumed == [(job_id, True, "go")]
    runner.shutdown(store, grace_s=1)


def test_recover_requeues_once_then_fails_and_spares_live_processes(store: JobStore) -> None:
    dead, alive = new_jobs(store, 2)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        for job_id, pid in ((dead, 999_999_999), (alive, sleeper.pid)):
            running_before_leases(store, job_id, pid)
        requeued, failed = recover(store)
        assert (requeued, failed) == ([dead], [])
        assert store.status_of(dead) is JobStatus.QUEUED
        assert store.status_of(alive) is JobStatus.RUNNING
        assert store.events(dead)[-1].data["state"] == "requeued"
        assert dead in waiting_jobs(store)

        # It dies again: the second time it fails with a clear error instead of looping.
        running_before_leases(store, dead, os.getpid())  # a pid from "before" this process
        requeued, failed = recover(store)
        assert (requeued, failed) == ([], [dead])
        job = store.get_job(dead)
        assert job.status is JobStatus.FAILED and job.error.code == "interrupted"
        assert "stopped twice" in job.error.message
        assert store.events(dead)[-1].type is EventType.ERROR
    finally:
        sleeper.kill()
        sleeper.wait()


def test_recover_leaves_pre_lease_running_jobs_naming_no_process_until_they_go_silent(
    store: JobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    (job_id,) = new_jobs(store, 1)
    running_before_leases(store, job_id)  # an old terminal's `lotara plan`: no pid recorded
    assert recover(store) == ([], [])
    assert store.status_of(job_id) is JobStatus.RUNNING
    monkeypatch.setenv("LOTARA_NOW", "2027-03-01T09:11:00Z")  # 11 minutes of silence
    assert recover(store) == ([job_id], [])


def test_a_job_made_running_has_a_lease_and_its_age_never_abandons_it(
    store: JobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However a job becomes running, that write gives it a lease naming the process that
    made it (no window without an owner), so recovery asks the lease, not the row's age."""
    from lotara import clock
    from lotara.jobs import leases

    (job_id,) = new_jobs(store, 1)
    store.set_status(job_id, JobStatus.RUNNING)  # not through leases.hold: still an owner
    holder, lease_until = store.lease_of(job_id)
    assert holder == leases.owner() and lease_until is not None
    assert lease_until > clock.wall_seconds()
    monkeypatch.setenv("LOTARA_NOW", "2027-03-01T09:11:00Z")  # 11 minutes of silence
    assert recover(store) == ([], [])  # its owner (this process) is alive, its lease live
    assert store.status_of(job_id) is JobStatus.RUNNING


def test_a_starting_server_takes_up_waiting_and_interrupted_jobs(
    home: Path, store: JobStore
) -> None:
    waiting, interrupted = new_jobs(store, 2)
    running_before_leases(store, interrupted, 999_999_999)
    engine = ScriptedEngine(gate=False)
    with make_client(home, engine=engine) as client:
        for job_id in (waiting, interrupted):
            assert until(lambda j=job_id: store.status_of(j) is JobStatus.COMPLETED)
        assert client.get("/health").json()["runner"]["queued"] == 0
    assert sorted(engine.ran) == sorted([waiting, interrupted])


def test_max_running_zero_accepts_but_runs_nothing(home: Path, store: JobStore) -> None:
    engine = ScriptedEngine()
    with make_client(home, engine=engine, max_running=0) as client:
        job_id = client.post("/v1/plan", json={"user_id": "u", "query": "Rome"}).json()["job_id"]
        # No worker thread exists to run it, so there is nothing to wait for.
        assert client.get("/health").json()["runner"]["running"] == 0
    assert engine.ran == [] and store.status_of(job_id) is JobStatus.QUEUED


def test_a_server_that_runs_no_jobs_records_decisions_for_the_next(
    home: Path, store: JobStore
) -> None:
    (job_id,) = new_jobs(store, 1)
    ScriptedEngine().run(store, job_id)  # now waiting for approval
    with make_client(home, max_running=0) as client:
        response = client.post(
            "/v1/approve", json={"job_id": job_id, "approved": True, "notes": "go"}
        )
        assert response.status_code == 200 and response.json()["status"] == "recorded"
        assert response.json()["message"].startswith("Approval granted; recorded")
        again = client.post("/v1/approve", json={"job_id": job_id, "approved": False})
        assert again.status_code == 400 and "already approved" in again.json()["message"]
    (approval,) = store.approvals(job_id)
    assert approval.status.value == "approved" and approval.notes == "go"
    assert store.status_of(job_id) is JobStatus.AWAITING_APPROVAL
    engine = ScriptedEngine()
    with make_client(home, engine=engine):  # a server that runs jobs takes the decision up
        assert until(lambda: store.status_of(job_id) is JobStatus.COMPLETED)
    assert engine.resumed == [(job_id, True, "go")]
