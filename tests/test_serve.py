"""`lotara serve` as a real process: uvicorn on a free loopback port, sharing the CLI's store."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from lotara.jobs.events import JobEvents
from lotara.jobs.store import open_store
from lotara.models import EventType, JobStatus
from tests.api_support import sse_events

pytestmark = pytest.mark.e2e  # starts real lotara processes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Served:
    def __init__(self, proc: subprocess.Popen[str], base: str) -> None:
        self.proc = proc
        self.base = base
        self.http = httpx.Client(base_url=base, timeout=30)

    def stop(self) -> int:
        """SIGTERM, as a process manager would; returns the exit code."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=20)
        finally:
            self.http.close()


def start_server(*args: str, extra_env: dict[str, str] | None = None) -> Served:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lotara", "serve", "--port", str(port), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={
            **os.environ,
            "LOTARA_SSE_PING": "0.5",
            "LOTARA_SSE_POLL": "0.02",
            **(extra_env or {}),
        },
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.stdout.read()}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return Served(proc, base)
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise AssertionError("server did not start in 30 s")


@pytest.fixture
def server(home: Path) -> Iterator[Served]:
    served = start_server("--max-running", "0")
    yield served
    if served.proc.poll() is None:
        served.stop()


def stream(
    served: Served, job_id: str, after: int = 0, *, gate: bool = False
) -> list[dict[str, str]]:
    """The job's events until it ends (``gate``: or waits at an approval gate)."""
    headers = {"Last-Event-ID": str(after)} if after else {}
    path = f"/v1/stream/{job_id}" + ("?until=gate" if gate else "")
    with served.http.stream("GET", path, headers=headers) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        return [e for e in sse_events(response.read().decode()) if "event" in e]


def test_created_over_http_streamed_from_another_process_and_seen_by_the_cli(
    server: Served, home: Path, run_lotara
) -> None:
    created = server.http.post("/v1/plan", json={"user_id": "tester", "query": "Tokyo"})
    assert created.status_code == 202
    job_id = created.json()["job_id"]

    store = open_store(home)  # this test process plays the worker
    events = JobEvents(store, job_id)
    store.set_status(job_id, JobStatus.RUNNING)
    events.emit(EventType.TASK_START, agent="intent")
    received: list[dict[str, str]] = []
    reader = threading.Thread(target=lambda: received.extend(stream(server, job_id)))
    reader.start()
    time.sleep(0.2)
    events.emit(EventType.AGENT_OUTPUT, agent="flights", data={"key": "flights", "value": []})
    store.set_status(job_id, JobStatus.COMPLETED)
    events.emit(EventType.COMPLETE, data={"result": {"title": "Tokyo"}})
    reader.join(10)
    assert [(e["id"], e["event"]) for e in received] == [
        ("1", "task_start"),
        ("2", "agent_output"),
        ("3", "complete"),
    ]
    assert json.loads(received[-1]["data"])["result"] == {"title": "Tokyo"}
    assert [e["id"] for e in stream(server, job_id, after=1)] == ["2", "3"]

    status = server.http.get(f"/v1/status/{job_id}").json()
    assert status["status"] == "completed"
    cli = run_lotara("status", job_id, "--json")
    assert cli.returncode == 0 and json.loads(cli.stdout)["status"] == "completed"
    store.close()


def test_sigterm_ends_streams_and_keeps_queued_work(server: Served, home: Path) -> None:
    job_id = server.http.post("/v1/plan", json={"user_id": "u", "query": "Oslo"}).json()["job_id"]
    ended = threading.Event()

    def follow() -> None:
        stream(server, job_id)
        ended.set()

    threading.Thread(target=follow, daemon=True).start()
    time.sleep(0.3)
    started = time.monotonic()
    assert server.stop() == 0
    assert time.monotonic() - started < 10
    assert ended.wait(5), "the open stream was not closed on shutdown"
    store = open_store(home)
    assert store.status_of(job_id) is JobStatus.QUEUED  # not lost: the next server runs it
    store.close()


def test_plan_stream_approve_status_through_the_real_engine(home: Path) -> None:
    """The whole loop on the real orchestrator: plan with booking -> stream -> approve -> status."""
    served = start_server("--max-running", "2")
    try:
        body = {
            "user_id": "tester",
            "query": "5 days in Tokyo for under $3000 from LAX, food and culture",
            "constraints": {"budget_usd": 3000, "book": True},
        }
        job_id = served.http.post("/v1/plan", json=body).json()["job_id"]
        first = stream(served, job_id, gate=True)
        assert first, "no events"
        assert [int(e["id"]) for e in first] == list(range(1, len(first) + 1))
        job = served.http.get(f"/v1/status/{job_id}").json()
        assert first[-1]["event"] == "approval_required", first
        assert job["status"] == "waiting_approval"
        approved = served.http.post(
            "/v1/approve", json={"job_id": job_id, "approved": True, "notes": "go"}
        )
        assert approved.status_code == 200
        rest = stream(served, job_id, after=int(first[-1]["id"]))
        assert rest and rest[-1]["event"] == "complete"
        done = served.http.get(f"/v1/status/{job_id}").json()
        assert done["status"] == "completed"
        assert done["itinerary"] and done["approvals"][0]["status"] == "approved"
    finally:
        served.stop()


def test_jobs_run_in_worker_processes_and_survive_one_dying(home: Path) -> None:
    """The default runner plans in a process pool; a killed pool process costs one retry."""
    from lotara.jobs import engine
    from lotara.models import PlanRequest
    from lotara.server.runner import JobRunner

    store = open_store(home)
    runner = JobRunner(home, max_running=1)
    assert not runner.in_threads
    runner.start()
    try:
        request = PlanRequest(user_id="tester", query="4 days in Rome from London")
        job_id = engine.create_job(store, request)
        runner.submit(job_id)
        deadline = time.monotonic() + 60
        while store.status_of(job_id) is JobStatus.QUEUED and time.monotonic() < deadline:
            time.sleep(0.002)
        pid = store.db.execute("SELECT worker_pid FROM jobs WHERE id = ?", [job_id]).fetchone()[0]
        assert pid and pid != os.getpid()  # claimed by a pool process, not the server
        os.kill(pid, signal.SIGKILL)
        while not store.status_of(job_id).is_final and time.monotonic() < deadline:
            time.sleep(0.02)
        job = store.get_job(job_id)
        assert job.status is JobStatus.COMPLETED, job.error
        states = [e.data.get("state") for e in store.events(job_id) if e.type == "state_change"]
        assert states.count("requeued") == 1
    finally:
        runner.shutdown(store, grace_s=5)
        store.close()


def test_a_detached_cli_job_streams_over_http_and_an_http_job_follows_in_the_cli(
    home: Path, run_lotara
) -> None:
    served = start_server("--max-running", "1")
    try:
        detached = run_lotara("plan", "3 days in Paris from London", "--detach")
        assert detached.returncode == 0, detached.stderr
        cli_job = detached.stdout.strip()
        events = stream(served, cli_job)  # run by the detached worker, streamed by the server
        assert events[-1]["event"] == "complete"
        assert [int(e["id"]) for e in events] == list(range(1, len(events) + 1))

        http_job = served.http.post(
            "/v1/plan", json={"user_id": "tester", "query": "3 days in Rome from London"}
        ).json()["job_id"]
        followed = run_lotara("status", http_job, "--follow", "--json", timeout=120)
        assert followed.returncode == 0, followed.stderr
        assert json.loads(followed.stdout)["status"] == "completed"
    finally:
        served.stop()
