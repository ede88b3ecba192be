"""Faults, reproduced with real processes and real files (issue 20).

A job "at work" here is a real child process running the real lease code (``leases.hold``)
or the CLI's real ``drive`` around a wait, so the moment of the fault is ours to choose:
kill -9, SIGTERM, SIGHUP, ``lotara cancel``. What the test then runs is the real CLI.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lotara.jobs import engine
from lotara.jobs.store import open_store
from lotara.models import JobStatus, PlanRequest

pytestmark = pytest.mark.e2e

LEASE = "1"  # seconds: a dead owner's lease expires quickly


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "LOTARA_LEASE_S": LEASE, **extra}


def _queued_job(store) -> str:
    return engine.create_job(store, PlanRequest(user_id="tester", query="3 days in Lisbon"))


def _start(script: str, job_id: str, **env: str) -> subprocess.Popen[str]:
    """A child that runs ``script`` (with ``job_id``) and prints "ready" once at work."""
    code = textwrap.dedent(script).format(job_id=job_id)
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(**env),
        # Under nohup SIGHUP is ignored, and so stays in the child: the test wants a terminal's.
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_DFL),
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.strip() == "ready", child.stderr.read() if child.stderr else line
    return child


HOLDER = """
    import sys, time
    from lotara.context import Environment
    from lotara.jobs import leases
    from lotara.models import JobStatus
    env = Environment()
    env.store.set_status("{job_id}", JobStatus.RUNNING, expect=JobStatus.QUEUED)
    try:
        with leases.hold(env.store, "{job_id}"):
            print("ready", flush=True)
            time.sleep(120)
    except KeyboardInterrupt:
        print("stopped", flush=True)
        sys.exit(130)
"""

DRIVER = """
    import time
    from lotara.context import Environment
    from lotara.jobs.processes import stop_on_signals
    from lotara.models import JobStatus
    from lotara.ui.progress import drive
    env = Environment()
    stop_on_signals()

    def start(listeners):
        env.store.set_status("{job_id}", JobStatus.RUNNING, expect=JobStatus.QUEUED)
        print("ready", flush=True)
        time.sleep(120)

    drive(env, "{job_id}", start, mode="events")
"""


def _status(run_lotara, job_id: str) -> dict:
    done = run_lotara("status", job_id, "--json", extra_env={"LOTARA_LEASE_S": LEASE})
    return json.loads(done.stdout)


def _wait_for(predicate, what: str, tries: int = 200) -> None:
    for _ in range(tries):
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"never happened: {what}")


def test_a_job_whose_owner_is_killed_ends_failed_not_running_for_ever(run_lotara, store) -> None:
    job_id = _queued_job(store)
    child = _start(HOLDER, job_id)
    owner, until = store.lease_of(job_id)
    assert owner and owner.endswith(f":{child.pid}") and until is not None
    child.kill()  # kill -9: no handler, no finally, no release
    child.wait(timeout=30)
    assert store.status_of(job_id) is JobStatus.RUNNING
    _wait_for(lambda: _status(run_lotara, job_id)["status"] == "failed", "status reaps the job")
    job = store.get_job(job_id)
    assert job.error is not None and job.error.code == "interrupted"
    assert str(child.pid) in job.error.message


BARE = """
    import time
    from lotara.context import Environment
    from lotara.models import JobStatus
    env = Environment()
    # Made running by a bare status write, without leases.hold: the window a process could
    # die in before it took a lease.
    env.store.set_status("{job_id}", JobStatus.RUNNING, expect=JobStatus.QUEUED)
    print("ready", flush=True)
    time.sleep(120)
"""


@pytest.mark.parametrize("script", [HOLDER, BARE], ids=["leases.hold", "bare status write"])
def test_a_server_starting_after_kill_9_requeues_the_job_at_once(store, script: str) -> None:
    """kill -9 of the process running a job, its lease still 10 minutes from expiring: a
    server starting at once finds the lease's holder gone (a process of this host that no
    longer exists) and re-queues the job, whether that process held the lease through
    leases.hold or only wrote the status; nothing waits for a lease or a row to age."""
    from tests.test_serve import start_server

    job_id = _queued_job(store)
    child = _start(script, job_id, LOTARA_LEASE_S="600")
    holder, _ = store.lease_of(job_id)
    assert holder is not None and holder.endswith(f":{child.pid}")  # an owner from the start
    child.kill()
    child.wait(timeout=30)
    served = start_server("--max-running", "0")
    try:
        shown = served.http.get(f"/v1/status/{job_id}").json()
        assert shown["lotara_status"] == "queued", shown
    finally:
        served.stop()
    assert store.events(job_id)[-1].data["state"] == "requeued"


def test_follow_of_a_job_whose_owner_died_ends_with_a_clear_outcome(run_lotara, store) -> None:
    job_id = _queued_job(store)
    child = _start(HOLDER, job_id)
    child.kill()
    child.wait(timeout=30)
    done = run_lotara("status", job_id, "--follow", extra_env={"LOTARA_LEASE_S": LEASE})
    assert done.returncode == 1, done.stderr
    assert "stopped before it finished" in done.stderr
    assert "Traceback" not in done.stderr
    assert store.status_of(job_id) is JobStatus.FAILED


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_cancel_a_job_as_ctrl_c_does(store, sig: signal.Signals) -> None:
    job_id = _queued_job(store)
    child = _start(DRIVER, job_id)
    child.send_signal(sig)
    _, err = child.communicate(timeout=60)
    assert child.returncode != 0
    assert f"Job {job_id[:8]} cancelled." in err
    assert store.status_of(job_id) is JobStatus.CANCELLED


def test_lotara_cancel_stops_the_process_running_the_job(run_lotara, store) -> None:
    job_id = _queued_job(store)
    child = _start(HOLDER, job_id)
    done = run_lotara("cancel", job_id[:8])
    assert done.returncode == 0, done.stderr
    assert f"Job {job_id[:8]} cancelled." in done.stdout
    out, _ = child.communicate(timeout=60)  # the lease renewal sees it and interrupts
    assert "stopped" in out and child.returncode == 130
    assert store.status_of(job_id) is JobStatus.CANCELLED
    again = run_lotara("cancel", job_id)
    assert again.returncode == 4 and "nothing to cancel" in again.stderr


def test_a_live_owner_keeps_its_job(run_lotara, store) -> None:
    job_id = _queued_job(store)
    child = _start(HOLDER, job_id)
    try:
        _, first = store.lease_of(job_id)
        _wait_for(lambda: store.lease_of(job_id)[1] != first, "the lease is renewed")
        assert _status(run_lotara, job_id)["status"] == "running"
    finally:
        child.kill()
        child.wait(timeout=30)


def test_a_reader_that_goes_away_never_fails_the_job(store) -> None:
    """`lotara plan ... --events | head -n 2`: the job completes; the process exits quietly."""
    child = subprocess.Popen(
        [sys.executable, "-m", "lotara", "plan", "3 days in Lisbon from JFK", "--events"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert child.stdout is not None and child.stderr is not None
    first = [child.stdout.readline() for _ in range(2)]
    child.stdout.close()  # what `head -n 2` does after its two lines
    err = child.stderr.read()
    child.wait(timeout=120)
    assert all(json.loads(line)["job_id"] for line in first)
    assert "Traceback" not in err and "internal error" not in err and "BrokenPipe" not in err
    job_id = json.loads(first[0])["job_id"]
    assert store.status_of(job_id) is JobStatus.COMPLETED
    assert child.returncode == 0


# --- store faults: one sentence with the path, exit 5 or 2, nothing written -------------


def test_a_home_that_is_a_file(run_lotara, home: Path) -> None:
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("not a folder")
    done = run_lotara("status")
    assert done.returncode == 2, done.stderr
    assert str(home) in done.stderr and "is a file" in done.stderr
    assert "internal error" not in done.stderr


def test_a_read_only_home(run_lotara, home: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    home.mkdir(parents=True)
    home.chmod(0o500)
    try:
        done = run_lotara("status")
    finally:
        home.chmod(0o700)
    assert done.returncode == 5, done.stderr
    assert str(home) in done.stderr and "internal error" not in done.stderr


@pytest.mark.parametrize("garbage", [b"this is not sqlite at all" * 100, b"SQLite format 3\x00"])
def test_a_garbage_or_truncated_store_file(run_lotara, home: Path, garbage: bytes) -> None:
    home.mkdir(parents=True)
    (home / "lotara.db").write_bytes(garbage)
    done = run_lotara("status")
    assert done.returncode == 2, done.stderr
    assert str(home / "lotara.db") in done.stderr and "internal error" not in done.stderr
    assert (home / "lotara.db").read_bytes() == garbage  # never written to


def test_a_store_from_a_newer_lotara_is_read_but_not_written(run_lotara, home: Path, store):
    job_id = _queued_job(store)
    store.conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('lotara', '9999_from_the_future', '2099-01-01')"
    )
    store.conn.commit()
    shown = run_lotara("status", job_id, "--json")
    assert shown.returncode == 0 and json.loads(shown.stdout)["status"] == "queued"
    refused = run_lotara("cancel", job_id)
    assert refused.returncode == 5, refused.stderr
    assert "newer lotara" in refused.stderr and "9999_from_the_future" in refused.stderr
    assert store.status_of(job_id) is JobStatus.QUEUED


LOCKER = """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    print("ready", flush=True)
    time.sleep(120)
"""


def test_a_lock_held_by_another_process_is_exit_5(run_lotara, home: Path, store) -> None:
    job_id = _queued_job(store)
    code = textwrap.dedent(LOCKER)
    locker = subprocess.Popen(
        [sys.executable, "-c", code, str(home / "lotara.db")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "ready"
        done = run_lotara("cancel", job_id, extra_env={"LOTARA_BUSY_TIMEOUT_S": "0.5"})
    finally:
        locker.kill()
        locker.wait(timeout=30)
    assert done.returncode == 5, done.stderr
    assert "locked by another process" in done.stderr and str(home) in done.stderr
    assert store.status_of(job_id) is JobStatus.QUEUED


# --- claims are leases: a live slow pass keeps its claim, a killed one is taken over ---------

CRON_START = "2027-03-01T10:00:00Z"
CRON_LATER = "2027-03-01T12:00:00Z"  # a second pass whose clock says two hours later

SLOW_PASS = """
    import json, sys, time
    from pathlib import Path
    from lotara.context import Environment
    from lotara.proactive.run import run_once
    from tests.proactive_support import ScriptedEngine

    class Slow(ScriptedEngine):
        def run_job(self, store, job_id):
            print("ready", flush=True)
            while not Path(sys.argv[1]).exists():
                time.sleep(0.05)
            return super().run_job(store, job_id)

    env = Environment()
    report = run_once(env.store, engine=Slow())
    for doc in report.suggestions:
        print(json.dumps(doc), flush=True)
"""


def _slow_pass(go: Path) -> subprocess.Popen[str]:
    """A real `watch run` pass (its workflow scripted) stuck in its workflow until ``go``."""
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(SLOW_PASS), str(go)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(LOTARA_NOW=CRON_START),
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.strip() == "ready", child.stderr.read() if child.stderr else line
    return child


def _watch_that_fires(cli) -> None:
    # The offline world's LAX-LHR fare on 2027-03-01 is under 550: every pass that day fires.
    added = cli("watch", "add", "LAX", "LHR", "--date", "2027-04-20", "--below", "550")
    assert added.exit_code == 0, added.stderr


def _cron_pass(run_lotara, now: str) -> subprocess.CompletedProcess[str]:
    return run_lotara(
        "watch", "run", "--once", "--json", extra_env={"LOTARA_LEASE_S": LEASE, "LOTARA_NOW": now}
    )


def test_a_slow_live_pass_keeps_its_claim_whatever_the_other_passs_clock(
    cli, run_lotara, store, tmp_path: Path
) -> None:
    """Two cron passes overlap, the second with a clock two hours ahead: the first one's
    claim looks old by that clock, but its holder renews its lease, so nothing is taken
    over and the suggestion is printed once, by the pass that made it."""
    _watch_that_fires(cli)
    go = tmp_path / "go"
    first = _slow_pass(go)
    try:
        (held,) = store.db.execute("SELECT id, claimed_by, claim_until FROM suggestions").fetchall()
        assert held[1].endswith(f":{first.pid}") and held[2] is not None
        _wait_for(
            lambda: (
                store.db.execute("SELECT claim_until FROM suggestions").fetchone()[0] != held[2]
            ),
            "the claim's lease is renewed",
        )
        second = _cron_pass(run_lotara, CRON_LATER)  # many 1-second leases into the first
    finally:
        go.touch()
    out, err = first.communicate(timeout=60)
    assert first.returncode == 0, err
    assert second.returncode == 0, second.stderr
    assert second.stdout == ""  # the same fare, the same key: a duplicate, not shown
    (doc,) = [json.loads(line) for line in out.splitlines()]
    assert doc["suggestion_id"] == held[0]
    rows = store.db.execute("SELECT status, attempts FROM suggestions").fetchall()
    assert rows == [("ready", 1)]  # never taken over
    assert store.db.execute("SELECT count(*) FROM jobs WHERE mode = 'proactive'").fetchone()[0] == 1


def test_a_pass_killed_mid_claim_is_finished_by_the_next_one(
    cli, run_lotara, store, tmp_path: Path
) -> None:
    _watch_that_fires(cli)
    first = _slow_pass(tmp_path / "never")
    (held,) = store.db.execute("SELECT id, job_id FROM suggestions").fetchall()
    first.kill()  # kill -9 in the middle of the workflow: the claim and its job are left
    first.wait(timeout=30)
    assert store.db.execute("SELECT status FROM suggestions").fetchone()[0] == "claimed"

    second = _cron_pass(run_lotara, CRON_LATER)
    assert second.returncode == 0, second.stderr
    (doc,) = [json.loads(line) for line in second.stdout.splitlines()]
    assert doc["suggestion_id"] == held[0] and doc["job_status"] in {
        "completed",
        "awaiting_approval",
    }
    assert store.db.execute("SELECT status, attempts FROM suggestions").fetchall() == [("ready", 2)]
    # The killed pass's job is not orphaned: it is cancelled, the suggestion has a new one.
    assert store.status_of(held[1]) is JobStatus.CANCELLED and doc["job_id"] != held[1]
    again = _cron_pass(run_lotara, CRON_LATER)
    assert again.returncode == 0 and again.stdout == ""  # shown once, never again


def test_a_live_owners_job_lease_is_never_taken_and_a_dead_ones_is_at_once(store) -> None:
    """A second runner (a server starting, a booking asked twice) never robs a live holder;
    the holder's process gone (kill -9), the lease is taken without waiting for it to end."""
    from lotara.errors import Conflict
    from lotara.jobs import leases

    job_id = _queued_job(store)
    child = _start(HOLDER, job_id)
    try:
        with (
            pytest.raises(Conflict, match=f"another process .*:{child.pid}"),
            leases.hold(store, job_id),
        ):
            pass
    finally:
        child.kill()
        child.wait(timeout=30)
    with leases.hold(store, job_id):
        assert store.lease_of(job_id)[0] == leases.owner()
    assert leases.lease_expired(store, job_id)  # given up with the job still running


def test_a_suggest_claim_waiting_in_a_servers_queue_is_never_taken_over(store) -> None:
    """POST /v1/suggest claims the trigger and queues its job in a real server. However long
    the job waits there (here: a server that runs none, leases of 1 s), a cron pass finds the
    claim held, because the live server renews it, and takes nothing over; once the server
    is killed (-9), the claim is taken over at once (its holder is provably gone)."""
    from lotara.proactive import suggestions
    from tests.test_serve import start_server

    served = start_server("--max-running", "0", extra_env={"LOTARA_LEASE_S": LEASE})
    try:
        made = served.http.post(
            "/v1/suggest",
            json={
                "user_id": "tester",
                "trigger_type": "price_drop",
                "context": {"route": "LAX->NRT", "old_price": 850, "new_price": 650},
            },
        )
        assert made.status_code == 202, made.text
        suggestion_id, job_id = made.json()["suggestion_id"], made.json()["job_id"]

        def claim_until() -> float:
            row = store.db.execute(
                "SELECT claim_until FROM suggestions WHERE id = ?", [suggestion_id]
            ).fetchone()
            return row[0]

        first = claim_until()
        # Wait (by the real clock leases use) past the first lease: its job still queued.
        _wait_for(lambda: time.time() > first + 2 * float(LEASE), "the first lease ends")
        assert list(suggestions.reclaim_unfinished(store)) == []
        assert claim_until() > first  # renewed by the live server
        assert store.status_of(job_id) is JobStatus.QUEUED  # not cancelled by a take-over
    finally:
        served.proc.kill()
        served.proc.wait(timeout=30)
        served.http.close()
    taken = list(suggestions.reclaim_unfinished(store))
    assert [c.suggestion_id for c in taken] == [suggestion_id]


def test_two_passes_with_different_clocks_post_a_suggestion_once(
    cli, run_lotara, store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The delivery lease is on the real clock: a pass whose LOTARA_NOW is hours ahead does
    not take it as expired and POST again while the first pass waits for the receiver."""
    from lotara.proactive import notify, suggestions
    from tests.proactive_support import ScriptedEngine, webhook

    with webhook([], delay_s=4.0) as hook:
        trigger = suggestions.manual_trigger(
            store,
            user_id="tester",
            trigger_type="budget_surplus",
            context={"amount": 900.0, "currency": "USD"},
            notify_url=hook.url,
        )
        held = suggestions.take(store, trigger)
        assert held is not None
        assert suggestions.fulfil(store, held, engine=ScriptedEngine()) is not None
        monkeypatch.setenv("LOTARA_NOTIFY_TIMEOUT_S", "0.2")
        monkeypatch.setenv("LOTARA_NOTIFY_TRIES", "1")
        (missed,) = notify.deliver_pending(store)  # timed out: still waiting to be delivered
        assert not missed.ok and hook.requests == 1

        slow = {"LOTARA_NOTIFY_TIMEOUT_S": "20", "LOTARA_NOW": CRON_START}
        command = [sys.executable, "-m", "lotara", "watch", "run", "--once"]
        first = subprocess.Popen(
            command, env=_env(**slow), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        _wait_for(lambda: hook.requests == 2, "the first pass POSTs", tries=600)
        second = _cron_pass(run_lotara, "2027-03-01T15:00:00Z")
        _, err = first.communicate(timeout=60)
    assert first.returncode == 0, err
    assert second.returncode == 0, second.stderr
    assert hook.requests == 2  # the timed-out try and the first pass's: the second left it
    assert hook.keys == [held.suggestion_id] * 2
    assert store.db.execute("SELECT notified_at IS NOT NULL FROM suggestions").fetchone()[0]


def test_a_store_locked_elsewhere_gives_503_with_retry_after_and_health_says_busy(
    home: Path, store
) -> None:
    """`lotara serve` (real uvicorn) while another process holds the store's lock: a write
    answers 503 with Retry-After and a JSON body after the server's short wait, reads and
    /health go on (health says the store is busy), and writes work again once it is freed."""
    from tests.test_serve import start_server

    job_id = _queued_job(store)
    served = start_server("--max-running", "0")
    locker = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(LOCKER), str(home / "lotara.db")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "ready"
        refused = served.http.post("/v1/plan", json={"user_id": "tester", "query": "Tokyo"})
        assert refused.status_code == 503, refused.text
        assert refused.headers["Retry-After"] == "2"
        assert refused.json()["code"] == "store_busy"
        assert "locked by another process" in refused.json()["detail"]
        health = served.http.get("/health")
        assert health.status_code == 200 and health.json()["services"]["store"] == "busy"
        status = served.http.get(f"/v1/status/{job_id}").json()  # reads go on
        assert status["status"] == "started" and status["lotara_status"] == "queued"
    finally:
        locker.kill()
        locker.wait(timeout=30)
    try:
        assert served.http.get("/health").json()["services"]["store"] == "healthy"
        created = served.http.post("/v1/plan", json={"user_id": "tester", "query": "Tokyo"})
        assert created.status_code == 202, created.text
    finally:
        served.stop()
    assert store.count_jobs() == 2  # the refused request stored nothing


def test_a_write_waiting_for_a_lock_stalls_no_other_request(home: Path, store) -> None:
    """Real uvicorn, a real second process holding ``BEGIN EXCLUSIVE``, and the server told
    to wait up to 60 s for a lock (``LOTARA_BUSY_TIMEOUT_S``). Two writes wait for it; while
    they do, /health, a status read and an SSE stream each answer within a 5 s client timeout
    (far below the writes' wait: a loop or a connection blocked behind them would time out),
    and health says the store is busy. Freed, both writes go through: they waited, in their
    own threads, rather than failing."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from lotara.jobs.events import JobEvents
    from lotara.models import EventType
    from tests.test_serve import start_server

    job_id = _queued_job(store)
    JobEvents(store, job_id).emit(EventType.TASK_START, agent="intent")
    served = start_server("--max-running", "0", extra_env={"LOTARA_BUSY_TIMEOUT_S": "60"})
    locker = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(LOCKER), str(home / "lotara.db")],
        stdout=subprocess.PIPE,
        text=True,
    )
    quick = httpx.Client(base_url=served.base, timeout=5)

    def plan(query: str) -> httpx.Response:
        with httpx.Client(base_url=served.base, timeout=120) as client:
            return client.post("/v1/plan", json={"user_id": "tester", "query": query})

    pool = ThreadPoolExecutor(2)
    try:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "ready"
        writes = [pool.submit(plan, "5 days in Tokyo"), pool.submit(plan, "a week in Rome")]
        _wait_for(lambda: quick.get("/health").json()["services"]["store"] == "busy", "busy")
        time.sleep(0.5)  # ordering only: both writes are inside the server, waiting
        assert not any(w.done() for w in writes), [w.result().text for w in writes if w.done()]
        health = quick.get("/health")
        assert health.status_code == 200 and health.json()["services"]["store"] == "busy"
        assert quick.get(f"/v1/status/{job_id}").json()["lotara_status"] == "queued"
        assert quick.get("/v1/jobs/tester").json()["total"] == 1
        with quick.stream("GET", f"/v1/stream/{job_id}") as response:
            assert response.status_code == 200
            first = next(response.iter_lines())
        assert first == "id: 1" or first.startswith("event: task_start"), first
        assert not any(w.done() for w in writes)  # all that while, the writes still wait
    finally:
        locker.kill()
        locker.wait(timeout=30)
    try:
        answers = [w.result(timeout=60) for w in writes]
        assert [a.status_code for a in answers] == [202, 202], [a.text for a in answers]
        assert quick.get("/health").json()["services"]["store"] == "healthy"
    finally:
        pool.shutdown()
        quick.close()
        served.stop()
    assert store.count_jobs() == 3


# --- a full disk: one sentence, exit 5, nothing lost ---------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 4 MB tmpfs (mounting needs root: skipped elsewhere), unmounted afterwards."""
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(where)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(disk: Path, *, leave_kb: int = 0) -> Path:
    """Fill ``disk`` up, leaving ``leave_kb`` KB free; the filler file, to delete later."""
    filler = disk / "filler"
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with open(filler, "wb") as out:
        try:
            out.write(b"\0" * max(0, free - leave_kb * 1024))
            out.flush()
        except OSError:
            pass  # ENOSPC: as full as it gets
    return filler


def test_a_full_disk_is_one_sentence_exit_5_and_loses_nothing(run_lotara, small_disk: Path) -> None:
    home = small_disk / "home"
    disk_env = {"LOTARA_HOME": str(home), "LOTARA_LEASE_S": LEASE}
    assert run_lotara("prefs", "set", "budget", "3000", extra_env=disk_env).returncode == 0
    made = run_lotara("plan", "3 days in Lisbon from JFK", "--json", extra_env=disk_env)
    assert made.returncode == 0, made.stderr
    kept = json.loads(made.stdout)["job_id"]

    filler = _fill(small_disk)
    for command in (("prefs", "set", "budget", "4000"), ("plan", "2 days in Porto"), ("status",)):
        done = run_lotara(*command, extra_env=disk_env)
        assert done.returncode == 5, (command, done.stderr)
        assert f"The disk holding the store {home / 'lotara.db'} is full" in done.stderr
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    filler.unlink()

    # The disk fills at several moments of a plan: each ends in a sentence and exit 5 (or
    # the plan fits), and no job is left running for ever.
    for leave_kb in (8, 24, 40, 56, 72, 96):
        filler = _fill(small_disk, leave_kb=leave_kb)
        done = run_lotara("plan", "3 days in Lisbon from JFK", extra_env=disk_env)
        filler.unlink()
        assert done.returncode in {0, 5}, (leave_kb, done.stderr)
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    listed = run_lotara("status", "--json", extra_env=disk_env)
    assert listed.returncode == 0, listed.stderr
    jobs = json.loads(listed.stdout)
    assert kept in {j["job_id"] for j in jobs}
    assert (
        json.loads(run_lotara("prefs", "show", "--json", extra_env=disk_env).stdout)["preferences"][
            "budget"
        ]
        == 3000
    )

    def status_of(job_id: str) -> str:
        shown = run_lotara("status", job_id, "--json", extra_env=disk_env)
        return json.loads(shown.stdout)["status"]

    for job in jobs:  # a job whose process stopped renewing its lease is reaped once it expired
        _wait_for(lambda job=job: status_of(job["job_id"]) != "running", f"{job} ends")
    store = open_store(home)
    assert store.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    store.close()


# --- one user's bad data never stops another's ----------------------------------------------


def test_one_users_unreadable_preferences_stop_only_theirs(cli, run_lotara, store) -> None:
    """Values an older lotara (or a hand edit) left in the store: not JSON, NaN, inf. Each
    is one sentence naming its user and key; the other users' suggestions are still made."""
    for key, value in (("travel_budget_yearly", "5000"), ("home_airport", "JFK")):
        assert cli("prefs", "set", key, value, "--user", "ana").exit_code == 0
    _watch_that_fires(cli)
    poison = [
        ("tester", "notify_url", "{{not json"),  # the watch's owner: its fare is still checked
        ("mallory", "travel_budget_yearly", "{{not json"),
        ("eve", "travel_budget_yearly", "NaN"),
        ("oscar", "travel_budget_monthly", "1e999"),
    ]
    for user, key, raw in poison:
        store.conn.execute(
            "INSERT INTO preferences (user_id, key, value, updated_at) VALUES (?,?,?,'x')"
            " ON CONFLICT(user_id, key) DO UPDATE SET value = excluded.value",
            [user, key, raw],
        )
    store.conn.commit()
    done = run_lotara("watch", "run", "--once", "--json", extra_env={"LOTARA_NOW": CRON_START})
    assert done.returncode == 1, done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    made = [json.loads(line) for line in done.stdout.splitlines()]
    assert "ana" in {doc["user_id"] for doc in made}, done.stderr  # nothing stopped hers
    # The watch's fare was still recorded (one at `watch add`, one by this pass).
    assert store.db.execute("SELECT count(*) FROM price_history").fetchone()[0] == 2
    for user, key, _ in poison:
        (said,) = [
            line
            for line in done.stderr.splitlines()
            if f"{key!r} of {user}" in line or f"{key} of {user}" in line
        ][:1]
        assert said.startswith("Error: ") and "set it again" in said, done.stderr


def test_a_run_that_ends_without_ending_its_job_leaves_it_for_the_next_look(store) -> None:
    """The run's code raised (a bug, a store fault) and left the job running: its lease is
    left expired, so the first process that looks ends it, rather than a server ten minutes on."""
    from lotara.jobs import leases

    job_id = _queued_job(store)
    store.set_status(job_id, JobStatus.RUNNING, expect=JobStatus.QUEUED)
    with pytest.raises(RuntimeError), leases.hold(store, job_id):
        raise RuntimeError("the run broke half way")
    assert leases.reap(store) == [job_id]
    assert store.get_job(job_id).error.code == "interrupted"
