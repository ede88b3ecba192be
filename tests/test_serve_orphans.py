"""`kill -9` of `lotara serve` leaves none of its pool workers behind (issue 16, security 5)."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.test_serve import start_server

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux"),
]


def children(pid: int) -> set[int]:
    """Every live descendant of ``pid``, read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z":
            parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_pool_workers_die_when_the_server_is_killed(home: Path) -> None:
    served = start_server("--max-running", "1")
    try:
        job = served.http.post("/v1/plan/sync", json={"user_id": "alice", "query": "Lisbon"})
        assert job.status_code in (200, 202), job.text
        workers = children(served.proc.pid)
        assert workers, "the job ran in no pool worker"
    finally:
        os.kill(served.proc.pid, signal.SIGKILL)
        served.proc.wait(timeout=20)
        served.http.close()
    deadline = time.monotonic() + 30  # a bound on waiting, not a timing assertion
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if alive(pid)]
    for pid in left:  # never leave them to the rest of the suite
        os.kill(pid, signal.SIGKILL)
    assert not left, f"pool workers outlived the server: {left}"
