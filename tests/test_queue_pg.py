"""Work on PostgreSQL goes through procrastinate and real `lotara worker` processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from lotara.jobs import queue
from lotara.jobs.store import open_store
from lotara.models import JobStatus

ENDED = {JobStatus.COMPLETED, JobStatus.AWAITING_APPROVAL, JobStatus.FAILED}


def _worker(url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "lotara", "worker", "--concurrency", "2", "--database", url],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_ended(store, job_ids, procs, rounds=900):
    for _ in range(rounds):  # bounded: 900 x 0.2 s
        if all(store.status_of(j) in ENDED for j in job_ids):
            return
        assert all(p.poll() is None for p in procs), [p.stderr.read() for p in procs]
        time.sleep(0.2)
    raise AssertionError({j: store.status_of(j) for j in job_ids})


def test_queued_plans_run_once_each_on_workers_and_survive_a_sigkill(pg_url, home):
    queue.apply_schema(pg_url)
    store = open_store(home, database=pg_url)
    job_ids = [
        store.create_job(user_id="u", query=f"{n} days in Lisbon for under $2500 from JFK")
        for n in (3, 4, 5)
    ]
    for job_id in job_ids:
        queue.defer_plan(pg_url, job_id)
        queue.defer_plan(pg_url, job_id)  # twice: one waits in the queue, not two
    first = _worker(pg_url)
    for _ in range(600):  # until the first worker has started a plan
        if any(store.status_of(j) is not JobStatus.QUEUED for j in job_ids):
            break
        time.sleep(0.1)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    second = _worker(pg_url)
    try:
        _wait_ended(store, job_ids, [second])
    finally:
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=60) == 0
    for job_id in job_ids:
        done = [e for e in store.events(job_id) if e.type.value == "state_change"]
        ends = [e for e in done if e.data.get("to") in {"completed", "awaiting_approval"}]
        assert len(ends) == 1, (job_id, [e.data for e in done])
    store.close()
