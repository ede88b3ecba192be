"""Preferences set over HTTP cannot steer the server: the operator's keys answer 403."""

from __future__ import annotations

from pathlib import Path

from lotara.jobs.store import open_store
from lotara.prefs import OPERATOR_KEYS
from lotara.server.auth import load_tokens
from tests.api_support import make_client

ENV = {"LOTARA_API_TOKENS": "alice:tok-a"}
AUTH = {"Authorization": "Bearer tok-a"}
VALUES = {
    "calendar": "/etc/passwd",
    "notify_url": "http://evil.example/hook",
    "model": "gemini-2.5-pro",
    "opik_url": "http://evil.example/opik",
    "opik_workspace": "evil",
    "opik_project": "evil",
}


def test_every_operator_key_is_refused_and_nothing_is_stored(home: Path) -> None:
    assert set(VALUES) == OPERATOR_KEYS  # a new operator key gets a case here
    with make_client(home, tokens=load_tokens(ENV)) as client:
        for key, value in VALUES.items():
            put = client.put(
                "/v1/preferences/alice",
                json={"preferences": {"pace": "relaxed", key: value}},
                headers=AUTH,
            )
            assert put.status_code == 403, key
            assert put.json()["code"] == "forbidden"
            assert repr(key) in put.json()["detail"]
            assert "operator" in put.json()["detail"]
            assert "lotara prefs set" in put.json()["detail"]
            removal = client.put(
                "/v1/preferences/alice", json={"preferences": {key: None}}, headers=AUTH
            )
            assert removal.status_code == 403, key
        assert client.get("/v1/preferences/alice", headers=AUTH).json()["preferences"] == {}


def test_traveller_keys_still_work_and_operator_keys_still_show(home: Path) -> None:
    store = open_store(home)
    store.set_preference("alice", "model", "offline")  # what `lotara prefs set` does
    store.close()
    with make_client(home, tokens=load_tokens(ENV)) as client:
        put = client.put(
            "/v1/preferences/alice",
            json={"preferences": {"pace": "relaxed", "home_airport": "LIS", "travelers": 2}},
            headers=AUTH,
        )
        assert put.status_code == 200, put.text
        shown = client.get("/v1/preferences/alice", headers=AUTH).json()["preferences"]
        assert shown["pace"] == "relaxed"
        assert shown["travelers"] == 2
        assert shown["model"] == "offline"
