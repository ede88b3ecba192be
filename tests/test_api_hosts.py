"""The Host check against DNS rebinding: a forged Host gets 400, on routes and on streams."""

from __future__ import annotations

from pathlib import Path

from lotara.server.auth import load_tokens
from lotara.server.config import ServeConfig
from lotara.server.hosts import allowed_hosts
from tests.api_support import make_client

EVIL = {"Host": "evil.example"}


def test_a_forged_host_gets_400_on_a_route_and_on_a_stream(home: Path) -> None:
    with make_client(home) as client:
        job = client.post("/v1/plan", json={"user_id": "alice", "query": "Lisbon"})
        assert job.status_code == 202, job.text
        job_id = job.json()["job_id"]
        for path in ("/health", "/v1/jobs/alice", f"/v1/stream/{job_id}"):
            forged = client.get(path, headers=EVIL)
            assert forged.status_code == 400, path
            assert "text/event-stream" not in forged.headers.get("content-type", "")
        for host in ("localhost", "127.0.0.1:8000", "[::1]:8000"):
            assert client.get("/health", headers={"Host": host}).status_code == 200, host
        with client.stream("GET", f"/v1/stream/{job_id}", headers={"Host": "localhost"}) as ok:
            assert ok.status_code == 200
            assert ok.headers["content-type"].startswith("text/event-stream")


def test_lotara_allowed_hosts_adds_names(home: Path) -> None:
    config = ServeConfig.from_env({"LOTARA_ALLOWED_HOSTS": "trips.example, api.example"})
    with make_client(home, allowed_hosts=config.allowed_hosts) as client:
        assert client.get("/health", headers={"Host": "trips.example"}).status_code == 200
        assert client.get("/health", headers=EVIL).status_code == 400


def test_a_wildcard_bind_with_a_token_answers_any_host_unless_names_are_set(home: Path) -> None:
    tokens = load_tokens({"LOTARA_API_TOKEN": "admin-secret"})
    with make_client(home, tokens=tokens, bind_host="0.0.0.0") as client:
        assert client.get("/health", headers=EVIL).status_code == 200
    assert allowed_hosts("0.0.0.0", ("trips.example",), tokens_enabled=True) == [
        "localhost",
        "127.0.0.1",
        "::1",
        "[::1]",
        "trips.example",
    ]
    assert "*" not in allowed_hosts("0.0.0.0", (), tokens_enabled=False)
    assert "192.168.1.5" in allowed_hosts("192.168.1.5", (), tokens_enabled=True)
