"""Bearer tokens for `lotara serve`: one all-users token, per-user tokens, constant-time checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from lotara.commands.serve import is_loopback
from lotara.errors import InvalidValue
from lotara.server.auth import bearer_token, load_tokens
from tests.api_support import make_client

ENV = {"LOTARA_API_TOKEN": "admin-secret", "LOTARA_API_TOKENS": "alice:tok-a, bob:tok-b"}


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def plan(client, user: str, token: str):
    return client.post("/v1/plan", json={"user_id": user, "query": "Lisbon"}, headers=auth(token))


def test_every_v1_route_needs_a_valid_token_when_one_is_set(home: Path) -> None:
    with make_client(home, tokens=load_tokens(ENV), max_running=0) as client:
        assert client.get("/").status_code == 200
        assert client.get("/health").status_code == 200
        for method, path in [
            ("GET", "/v1/status/x"),
            ("GET", "/v1/stream/x"),
            ("GET", "/v1/jobs/alice"),
            ("POST", "/v1/plan"),
            ("POST", "/v1/plan/sync"),
            ("POST", "/v1/suggest"),
            ("POST", "/v1/approve"),
            ("POST", "/v1/feedback"),
            ("GET", "/v1/preferences/alice"),
            ("PUT", "/v1/preferences/alice"),
        ]:
            missing = client.request(method, path, json={})
            assert missing.status_code == 401, (method, path)
            assert missing.headers["www-authenticate"] == "Bearer"
            assert missing.json()["code"] == "unauthorized"
            wrong = client.request(method, path, json={}, headers=auth("admin-secreT"))
            assert wrong.status_code == 401, (method, path)
        basic = client.get("/v1/jobs/alice", headers={"Authorization": "Basic YWxpY2U6eA=="})
        assert basic.status_code == 401
        assert client.get("/v1/jobs/alice", headers=auth("admin-secret")).status_code == 200


def test_a_user_token_acts_only_for_its_user(home: Path) -> None:
    with make_client(home, tokens=load_tokens(ENV)) as client:
        assert plan(client, "bob", "tok-a").status_code == 403
        alice_job = plan(client, "alice", "tok-a").json()["job_id"]
        bob_job = plan(client, "bob", "tok-b").json()["job_id"]

        assert client.get(f"/v1/status/{alice_job}", headers=auth("tok-a")).status_code == 200
        for path in (f"/v1/status/{bob_job}", f"/v1/stream/{bob_job}"):
            hidden = client.get(path, headers=auth("tok-a"))
            assert hidden.status_code == 404  # another user's job is not even confirmed
        assert client.get("/v1/jobs/bob", headers=auth("tok-a")).status_code == 403
        assert client.get("/v1/preferences/bob", headers=auth("tok-a")).status_code == 403
        put = client.put(
            "/v1/preferences/bob", json={"preferences": {"pace": "relaxed"}}, headers=auth("tok-a")
        )
        assert put.status_code == 403
        approve = client.post(
            "/v1/approve", json={"job_id": bob_job, "approved": True}, headers=auth("tok-a")
        )
        assert approve.status_code == 404
        feedback = client.post(
            "/v1/feedback", json={"job_id": bob_job, "rating": 1}, headers=auth("tok-a")
        )
        assert feedback.status_code == 404
        suggest = client.post(
            "/v1/suggest",
            json={"user_id": "bob", "trigger_type": "calendar_gap"},
            headers=auth("tok-a"),
        )
        assert suggest.status_code == 403

        # The all-users token sees everyone's jobs.
        assert client.get(f"/v1/status/{bob_job}", headers=auth("admin-secret")).status_code == 200
        mine = client.get("/v1/jobs/alice", headers=auth("tok-a")).json()
        assert [j["job_id"] for j in mine["jobs"]] == [alice_job]


def test_tokens_from_a_file(tmp_path: Path, home: Path) -> None:
    file = tmp_path / "tokens"
    file.write_text("# user:token, one a line\nalice:file-tok\n\ncarol:tok-c\n")
    tokens = load_tokens({"LOTARA_API_TOKENS_FILE": str(file)})
    assert tokens.enabled
    assert tokens.principal("file-tok").user == "alice"
    assert tokens.principal("tok-c").user == "carol"
    assert tokens.principal("nope") is None
    assert not load_tokens({}).enabled


@pytest.mark.parametrize(
    "environ",
    [
        {"LOTARA_API_TOKENS": "alice"},
        {"LOTARA_API_TOKENS": "alice:"},
        {"LOTARA_API_TOKENS_FILE": "/nonexistent/tokens"},
    ],
)
def test_bad_token_settings_are_one_sentence(environ: dict[str, str]) -> None:
    with pytest.raises(InvalidValue) as error:
        load_tokens(environ)
    assert error.value.message.startswith("LOTARA_API_TOKENS")


def test_serve_refuses_bad_token_settings_before_starting(cli, monkeypatch) -> None:
    monkeypatch.setenv("LOTARA_API_TOKENS", "no-colon-here")
    result = cli("serve", "--port", "0")
    assert result.exit_code == 2
    assert "user:token" in result.stderr


def test_bearer_parsing_and_loopback() -> None:
    assert bearer_token("Bearer abc") == "abc"
    assert bearer_token("bearer   abc ") == "abc"
    assert bearer_token("Basic abc") is None and bearer_token("Bearer ") is None
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("example.com")
