"""Security of ``lotara serve`` against a real server process (issue 16, items 3 and 4)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.test_serve import Served, server  # noqa: F401 - the fixture

__all__ = ["server"]


def test_binding_beyond_loopback_without_a_token_refuses_to_start(home: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "LOTARA_API_TOKEN"}
    done = subprocess.run(
        [sys.executable, "-m", "lotara", "serve", "--host", "0.0.0.0", "--port", "0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert "--insecure" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_overflowing_last_event_id_is_refused_before_streaming(server: Served) -> None:  # noqa: F811
    job_id = server.http.post("/v1/plan", json={"user_id": "u", "query": "Oslo"}).json()["job_id"]
    huge = server.http.get(
        f"/v1/stream/{job_id}", headers={"Last-Event-ID": "99999999999999999999"}
    )
    assert huge.status_code == 400
    assert huge.headers["content-type"].startswith("application/json")
    assert "Last-Event-ID" in huge.json()["message"]
    largest = server.http.get(f"/v1/stream/{job_id}", headers={"Last-Event-ID": str(2**63)})
    assert largest.status_code == 400
