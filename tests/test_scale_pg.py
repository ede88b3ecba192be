"""Several servers and workers on one PostgreSQL, in real processes: servers only create and
read, workers run every step from procrastinate's queue, streams cross servers by NOTIFY."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import httpx
import psycopg
import pytest

from lotara.errors import InvalidValue
from lotara.jobs import leases, queue
from lotara.jobs.events import JobEvents
from lotara.jobs.store import open_store
from lotara.jobs.store_pg import EVENTS_CHANNEL
from lotara.models import EventType, JobStatus
from lotara.server import health
from tests.api_support import sse_events
from tests.test_serve import Served, start_server

AT_REST = {"completed", "awaiting_approval", "failed"}


def _worker(url: str, home: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "lotara", "worker", "--concurrency", "2", "--database", url],
        env={**os.environ, "LOTARA_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _server(url: str, home: Path, **env: str) -> Served:
    return start_server("--database", url, extra_env={"LOTARA_HOME": str(home), **env})


def test_a_postgresql_lease_is_renewed_while_its_run_lasts(pg_url, home, monkeypatch):
    monkeypatch.setenv("LOTARA_LEASE_S", "1.5")
    store = open_store(home, database=pg_url)
    job_id = store.create_job(user_id="u", query="Lisbon")
    store.set_status(job_id, JobStatus.RUNNING)
    with leases.hold(store, job_id):
        _, first = store.lease_of(job_id)
        assert first is not None
        for _ in range(200):  # bounded: until the first lease has run out
            if time.time() > first + 0.5:
                break
            time.sleep(0.05)
        _, until = store.lease_of(job_id)
        assert until is not None and until > first  # renewed: no process may reap it
        assert leases.reap(store) == []
    assert leases.lease_expired(store, job_id)  # given up: still running means nobody on it
    store.close()


def test_an_event_is_announced_on_postgresql_at_its_commit(pg_url, home):
    store = open_store(home, database=pg_url)
    job_id = store.create_job(user_id="u", query="Lisbon")
    with psycopg.connect(pg_url, autocommit=True) as listener:
        listener.execute(f"LISTEN {EVENTS_CHANNEL}")
        with store.immediate():
            JobEvents(store, job_id).emit(EventType.TASK_START, agent="intent")
            JobEvents(store, job_id).emit(EventType.AGENT_OUTPUT, agent="intent")
            assert list(listener.notifies(timeout=0.3)) == []  # not before the commit
        notices = list(listener.notifies(timeout=5, stop_after=1))
    assert [(n.channel, n.payload) for n in notices] == [(EVENTS_CHANNEL, job_id)]
    store.close()


def test_health_reports_the_database_and_the_queue_depth(pg_url, home):
    queue.apply_schema(pg_url)
    store = open_store(home, database=pg_url)
    for n in range(3):
        queue.defer_plan(pg_url, store.create_job(user_id="u", query=f"{n} days in Rome"))
    found = asyncio.run(health.store_and_queue(store))
    assert found == {
        "database": "healthy",
        "queue": {"kind": "procrastinate", "reachable": True, "todo": 3, "doing": 0, "workers": 0},
    }
    store.close()
    queue.close_deferring(pg_url)


def test_health_on_sqlite_is_the_file_and_the_in_process_pool(store):
    found = asyncio.run(health.store_and_queue(store))
    assert found == {"database": "healthy", "queue": {"kind": "in-process", "reachable": True}}


@pytest.mark.e2e
def test_a_stream_on_one_server_is_woken_by_events_written_elsewhere(pg_url, tmp_path):
    # Polling so slow (60 s) that only the NOTIFY can deliver each event within the bound.
    served = _server(pg_url, tmp_path / "a", LOTARA_SSE_POLL="60", LOTARA_SSE_PING="60")
    store = open_store(tmp_path, database=pg_url)
    try:
        job_id = served.http.post("/v1/plan", json={"user_id": "u", "query": "Oslo"}).json()[
            "job_id"
        ]
        seen: list[str] = []
        arrived = threading.Event()

        def read() -> None:
            with served.http.stream("GET", f"/v1/stream/{job_id}") as response:
                for line in response.iter_lines():
                    if line.startswith("id:"):
                        seen.append(line[3:].strip())
                        arrived.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        events = JobEvents(store, job_id)  # this process plays a worker on another machine
        store.set_status(job_id, JobStatus.RUNNING)
        for n in range(1, 4):
            arrived.clear()
            events.emit(EventType.TASK_START, agent=f"step{n}")
            assert arrived.wait(20), f"event {n} not streamed (seen {seen})"
        store.set_status(job_id, JobStatus.COMPLETED)
        events.emit(EventType.COMPLETE, data={"result": {}})
        reader.join(20)
        assert seen == ["1", "2", "3", "4"]
    finally:
        served.stop()
        store.close()


def _follow(servers: list[Served], first: int, job_id: str, got: list[int]) -> None:
    """Stream ``job_id`` from ``servers[first]``; on a cut, resume on the next server with
    ``Last-Event-ID``, until the job's closing event."""
    turn = first
    for _ in range(60):  # bounded reconnects
        served = servers[turn % len(servers)]
        headers = {"Last-Event-ID": str(got[-1])} if got else {}
        try:
            with httpx.stream(
                "GET", f"{served.base}/v1/stream/{job_id}", headers=headers, timeout=60
            ) as response:
                if response.status_code == 200:
                    for event in sse_events(response.read().decode()):
                        if "id" in event:
                            got.append(int(event["id"]))
                            if event["event"] in {"approval_required", "complete", "error"}:
                                return
        except httpx.HTTPError:
            pass  # that server went away mid-stream: the next one takes over
        turn += 1
        time.sleep(0.2)


@pytest.mark.e2e
def test_three_servers_two_workers_a_sigkill_and_a_restart_lose_and_double_nothing(
    pg_url, tmp_path
):
    servers = [_server(pg_url, tmp_path / f"s{n}") for n in range(3)]
    workers = [_worker(pg_url, tmp_path / "w0")]
    store = open_store(tmp_path, database=pg_url)
    try:
        queries = [f"{n} days in Lisbon for under $2500 from JFK" for n in (3, 4, 5, 6)]
        job_ids = []
        for n, query in enumerate(queries):  # created round-robin across the servers
            created = servers[n % 3].http.post("/v1/plan", json={"user_id": "u", "query": query})
            assert created.status_code == 202, created.text
            job_ids.append(created.json()["job_id"])
        streamed: dict[str, list[int]] = {j: [] for j in job_ids}
        readers = [
            threading.Thread(target=_follow, args=(servers, n + 1, j, streamed[j]), daemon=True)
            for n, j in enumerate(job_ids)  # each from another server than it was created on
        ]
        for reader in readers:
            reader.start()
        for _ in range(900):  # until the first worker is mid-plan (bounded: 900 x 0.1 s)
            if any(store.status_of(j) is JobStatus.RUNNING for j in job_ids):
                break
            time.sleep(0.1)
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait(timeout=30)
        workers += [_worker(pg_url, tmp_path / "w1"), _worker(pg_url, tmp_path / "w2")]
        assert servers[1].stop() == 0  # one server restarted while streams are open
        servers[1] = _server(pg_url, tmp_path / "s1")
        for reader in readers:
            reader.join(300)
        jobs = {j: store.get_job(j) for j in job_ids}
        statuses = {j: job.status.value for j, job in jobs.items()}
        assert set(statuses.values()) <= AT_REST - {"failed"}, [j.error for j in jobs.values()]
        for job_id in job_ids:
            seqs = [e.seq for e in store.events(job_id)]
            assert streamed[job_id] == seqs  # every event, once each, in order
            changes = [e.data for e in store.events(job_id) if e.type is EventType.STATE_CHANGE]
            ends = [c for c in changes if c.get("to") in {"completed", "awaiting_approval"}]
            assert len(ends) == 1, (job_id, changes)
        doc = servers[0].http.get("/health").json()
        assert doc["runner"]["max_running"] == 0  # the servers ran nothing themselves
        assert doc["status"] == "healthy" and doc["queue"]["kind"] == "procrastinate"
        assert doc["queue"]["reachable"] is True and doc["queue"]["workers"] >= 1
        with psycopg.connect(pg_url) as conn:
            done = conn.execute(
                "SELECT args->>'job_id', count(*) FROM procrastinate_jobs"
                " WHERE task_name = 'lotara.plan' AND status = 'succeeded' GROUP BY 1"
            ).fetchall()
        assert {j for j, _ in done} == set(job_ids)  # each plan's step ran to its end
    finally:
        for served in servers:
            if served.proc.poll() is None:
                served.stop()
        for worker in workers[1:]:
            worker.send_signal(signal.SIGTERM)
        for worker in workers[1:]:
            assert worker.wait(timeout=60) == 0, worker.stderr.read() if worker.stderr else ""
        store.close()


def _fare_watches(cli, dests: tuple[str, ...]) -> None:
    """Watches whose target is above today's fare: each fires on the first pass."""
    from lotara.world.provider import default_provider
    from tests.test_watch_cron import TRAVEL, _cheapest

    provider = default_provider()
    for dest in dests:
        price = _cheapest(provider, "LAX", dest, date(2027, 3, 1))
        added = cli("watch", "add", "LAX", dest, "--date", str(TRAVEL), "--below", str(price + 50))
        assert added.exit_code == 0, added.stderr


def _suggestion_rows(store) -> list[tuple[str, str]]:
    return store.conn.execute("SELECT dedupe_key, status FROM suggestions").fetchall()


def test_watch_runs_from_two_hosts_at_once_suggest_each_trip_once_on_postgresql(
    pg_url, monkeypatch, cli
):
    monkeypatch.setenv("LOTARA_DATABASE_URL", pg_url)
    _fare_watches(cli, ("LHR", "NRT"))
    command = [sys.executable, "-m", "lotara", "watch", "run", "--once", "--json"]
    env = {**os.environ, "LOTARA_NOW": "2027-03-01T10:00:00Z"}
    procs = [  # two hosts' cron lines: each with a home of its own, one database
        subprocess.Popen(
            command,
            env={**env, "LOTARA_HOME": str(Path(os.environ["LOTARA_HOME"]) / f"host{n}")},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outputs]
    lines = [line for out, _ in outputs for line in out.splitlines()]
    assert len(lines) == 2
    store = open_store(Path("."), database=pg_url)
    rows = _suggestion_rows(store)
    assert len(rows) == 2 and {status for _, status in rows} == {"ready"}
    proactive = store.conn.execute("SELECT count(*) FROM jobs WHERE mode = 'proactive'")
    assert proactive.fetchone()[0] == 2  # the loser of each claim started no workflow
    store.close()


def test_the_watch_pass_is_a_periodic_task_of_the_queue(pg_url, monkeypatch, cli):
    monkeypatch.setenv("LOTARA_DATABASE_URL", pg_url)
    monkeypatch.setenv("LOTARA_NOW", "2027-03-01T09:00:00Z")
    _fare_watches(cli, ("CDG",))
    queue._apps.pop(pg_url, None)
    app = queue.app_for(pg_url)
    periodic = {task.periodic_id: task for task in app.periodic_registry.periodic_tasks.values()}
    assert periodic["watch-pass"].cron == queue.WATCH_CRON
    assert periodic["watch-pass"].task.name == "lotara.watch_pass"
    monkeypatch.setenv("LOTARA_NOW", "2027-03-01T10:00:00Z")
    app.tasks["lotara.watch_pass"](timestamp=0)
    app.tasks["lotara.watch_pass"](timestamp=3600)  # the next period: nothing new fired
    store = open_store(Path("."), database=pg_url)
    assert [status for _, status in _suggestion_rows(store)] == ["ready"]
    store.close()


def test_a_bad_watch_cron_is_one_sentence(monkeypatch):
    monkeypatch.setenv("LOTARA_WATCH_CRON", "every hour")
    with pytest.raises(InvalidValue, match="LOTARA_WATCH_CRON must be a cron line"):
        queue.watch_cron()
    monkeypatch.setenv("LOTARA_WATCH_CRON", "off")
    assert queue.watch_cron() is None
