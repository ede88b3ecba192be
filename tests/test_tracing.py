"""Tracing without Opik: when it turns on, the URLs it builds, and the local span tree."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from lotara import tracing
from lotara.models import EventType, Feedback
from lotara.tracing.spans import span_tree
from lotara.ui.trace_view import render_trace


@pytest.fixture(autouse=True)
def no_opik_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing configured: no Opik variables, and a config file path that does not exist."""
    for name in ("OPIK_PROJECT_NAME", "OPIK_WORKSPACE", "OPIK_TRACK_DISABLE", "LOTARA_TRACING"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPIK_CONFIG_PATH", str(tmp_path / "absent.config"))


def test_off_with_nothing_configured() -> None:
    assert tracing.settings() is None
    assert tracing.enabled() is False
    assert tracing.enabled({"opik_workspace": "team"}) is False  # a workspace alone says no URL


def test_an_api_key_turns_it_on_for_opik_cloud(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPIK_API_KEY", "k-123")
    opik = tracing.settings()
    assert opik is not None
    assert opik.url == "https://www.comet.com/opik/api/"
    assert (opik.api_key, opik.project, opik.source) == ("k-123", "lotara", "environment")


def test_a_self_hosted_url_from_prefs_turns_it_on_and_gains_api() -> None:
    prefs = {"opik_url": "http://opik.lan:5173", "opik_project": "trips", "opik_workspace": "me"}
    opik = tracing.settings(prefs, environ={"OPIK_CONFIG_PATH": "/nonexistent"})
    assert opik is not None
    assert opik.url == "http://opik.lan:5173/api/"
    assert (opik.project, opik.workspace, opik.source) == ("trips", "me", "preferences")


def test_environment_beats_prefs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPIK_URL_OVERRIDE", "http://127.0.0.1:9/api/")
    monkeypatch.setenv("OPIK_PROJECT_NAME", "from-env")
    opik = tracing.settings({"opik_url": "http://other:5173", "opik_project": "from-prefs"})
    assert opik is not None and opik.url == "http://127.0.0.1:9/api/"
    assert opik.project == "from-env"


def test_opik_config_file_turns_it_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "opik.config"
    config.write_text("[opik]\nurl_override = http://opik.local/api/\nworkspace = crew\n")
    monkeypatch.setenv("OPIK_CONFIG_PATH", str(config))
    opik = tracing.settings()
    assert opik is not None
    assert (opik.url, opik.workspace, opik.source) == (
        "http://opik.local/api/",
        "crew",
        "config file",
    )


@pytest.mark.parametrize("switch", [("LOTARA_TRACING", "off"), ("OPIK_TRACK_DISABLE", "true")])
def test_a_kill_switch_wins(monkeypatch: pytest.MonkeyPatch, switch: tuple[str, str]) -> None:
    monkeypatch.setenv("OPIK_API_KEY", "k-123")
    monkeypatch.setenv(*switch)
    assert tracing.enabled() is False


def test_user_prefs_in_the_store_turn_it_on(store) -> None:
    assert tracing.settings_for(store, "tester") is None
    store.set_preference("tester", "opik_url", "http://opik.lan:5173/")
    opik = tracing.settings_for(store, "tester")
    assert opik is not None and opik.url == "http://opik.lan:5173/api/"
    assert tracing.settings_for(store, "someone-else") is None


def test_trace_ids_are_uuid7_and_distinct() -> None:
    ids = {tracing.new_trace_id() for _ in range(50)}
    assert len(ids) == 50
    assert all(uuid.UUID(i).version == 7 for i in ids)


def test_trace_url_is_the_sdk_redirect_link() -> None:
    opik = tracing.settings({"opik_url": "http://127.0.0.1:5173"}, environ={})
    url = tracing.trace_url("01a2-id", opik)
    assert url == (
        "http://127.0.0.1:5173/api/v1/session/redirect/projects/?trace_id=01a2-id"
        "&path=aHR0cDovLzEyNy4wLjAuMTo1MTczL2FwaS8="
    )


def test_job_trace_off_does_nothing(store) -> None:
    job_id = store.create_job(user_id="tester", query="3 days in Rome")
    with tracing.job_trace(store, job_id) as trace_id:
        assert trace_id is None
    assert store.get_job(job_id).trace_id is None
    assert tracing.opik_trace_url(store.get_job(job_id)) is None
    assert tracing.log_feedback(store, Feedback(job_id=job_id, rating=5)) is False


def test_feedback_scores_carry_rating_comment_and_tags() -> None:
    feedback = Feedback(
        job_id="j",
        rating=4,
        comment="Good",
        helpful_aspects=["hotel_choice"],
        improvement_areas=["pace"],
    )
    scores = tracing.feedback_scores("t-1", feedback, project="lotara")
    assert [(s["name"], s["value"]) for s in scores] == [
        ("rating", 4.0),
        ("helpful_hotel_choice", 1.0),
        ("improve_pace", 1.0),
    ]
    assert scores[0]["reason"] == "Good" and all(s["id"] == "t-1" for s in scores)


def _plan_events(store, job_id: str) -> None:
    emit = store.append_event
    emit(job_id, EventType.STATE_CHANGE, data={"to": "running"})
    emit(job_id, EventType.TASK_START, agent="intent")
    emit(job_id, EventType.TASK_COMPLETE, agent="intent", data={"elapsed_ms": 4.0})
    for agent in ("flights", "stays"):
        emit(job_id, EventType.TASK_START, agent=agent)
    emit(
        job_id, EventType.AGENT_OUTPUT, agent="flights", data={"call": "search", "elapsed_ms": 1800}
    )
    emit(
        job_id,
        EventType.TASK_COMPLETE,
        agent="stays",
        data={"elapsed_ms": 30.0, "calls": [{"name": "hotels", "elapsed_ms": 25}]},
    )
    emit(job_id, EventType.TASK_COMPLETE, agent="flights", data={"elapsed_ms": 1900.0})
    emit(job_id, EventType.TASK_START, agent="budget")
    emit(job_id, EventType.TASK_COMPLETE, agent="budget", data={"elapsed_ms": 2.0, "ok": False})
    emit(job_id, EventType.TASK_START, agent="budget")  # the verify loop sent it back
    emit(job_id, EventType.TASK_COMPLETE, agent="budget", data={"elapsed_ms": 3.0})
    emit(job_id, EventType.COMPLETE, data={"status": "completed"})


def test_span_tree_pairs_agents_and_hangs_calls_under_them(store) -> None:
    job_id = store.create_job(user_id="tester", query="5 days in Tokyo")
    _plan_events(store, job_id)
    root = span_tree(store.get_job(job_id), store.events(job_id))
    assert [(s.name, s.elapsed_ms) for s in root.children] == [
        ("intent", 4.0),
        ("flights", 1900.0),
        ("stays", 30.0),
        ("budget", 2.0),
        ("budget", 3.0),
    ]
    flights, stays = root.children[1], root.children[2]
    assert [(c.name, c.kind, c.elapsed_ms) for c in flights.children] == [("search", "call", 1800)]
    assert [c.name for c in stays.children] == ["hotels"]
    assert root.children[3].status == "error" and root.children[4].status == "ok"
    # LOTARA_NOW freezes every timestamp: the job's time is the sum of its agents'.
    assert root.elapsed_ms == pytest.approx(1939.0)


def test_render_trace_shows_durations_shares_and_slow_calls(store) -> None:
    job_id = store.create_job(user_id="tester", query="5 days in Tokyo")
    _plan_events(store, job_id)
    text = render_trace(store.get_job(job_id), store.events(job_id))
    lines = text.splitlines()
    assert lines[0].startswith(f"job {job_id[:8]}  1.94 s")
    assert any(
        line.startswith("├─ flights") and "1.90 s" in line and "98%" in line for line in lines
    )
    assert any("└─ search" in line and "[slow]" in line for line in lines)
    assert lines[-1] == "slow calls (≥ 1.00 s): search 1.80 s"


def test_render_trace_of_a_job_not_started(store) -> None:
    job_id = store.create_job(user_id="tester", query="Lisbon")
    text = render_trace(store.get_job(job_id), store.events(job_id))
    assert "(no agent has started yet)" in text


def test_status_trace_prints_the_span_tree(cli, store) -> None:
    job_id = store.create_job(user_id="tester", query="5 days in Tokyo")
    _plan_events(store, job_id)
    result = cli("status", job_id[:8], "--trace")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"job {job_id[:8]}  1.94 s")
    assert "└─ search" in result.stdout and "[slow]" in result.stdout


def test_status_trace_json_is_the_tree(cli, store) -> None:
    import json

    job_id = store.create_job(user_id="tester", query="5 days in Tokyo")
    _plan_events(store, job_id)
    result = cli("status", job_id[:8], "--trace", "--json")
    assert result.exit_code == 0, result.stderr
    tree = json.loads(result.stdout)
    assert tree["kind"] == "job"
    flights = tree["children"][1]
    assert (flights["name"], flights["elapsed_ms"]) == ("flights", 1900.0)
    assert flights["children"][0]["name"] == "search"


def test_status_trace_needs_a_job(cli) -> None:
    result = cli("status", "--trace")
    assert result.exit_code != 0
    assert "--trace need a job id" in result.stderr


def test_status_shows_the_opik_trace_url_only_when_on(cli, store, monkeypatch) -> None:
    import json

    job_id = store.create_job(user_id="tester", query="5 days in Tokyo")
    store.update_job(job_id, trace_id="01a20eb6-80a8-750d-abcb-0a6f408591a2")
    off = json.loads(cli("status", job_id[:8], "--json").stdout)
    assert off["trace_id"] and off["opik_trace_url"] is None
    monkeypatch.setenv("OPIK_URL_OVERRIDE", "http://opik.lan:5173/api/")
    on = json.loads(cli("status", job_id[:8], "--json").stdout)
    assert on["opik_trace_url"].startswith("http://opik.lan:5173/api/v1/session/redirect/")
    assert "trace_id=01a20eb6-80a8-750d-abcb-0a6f408591a2" in on["opik_trace_url"]
    plain = cli("status", job_id[:8])
    assert f"Opik trace: {on['opik_trace_url']}" in plain.stdout


def test_an_approval_gate_is_a_wait_span_until_the_decision(store) -> None:
    job_id = store.create_job(user_id="tester", query="5 days in Tokyo under $500")
    emit = store.append_event
    emit(job_id, EventType.TASK_START, agent="budget")
    emit(job_id, EventType.TASK_COMPLETE, agent="budget", data={"elapsed_ms": 3.0})
    emit(
        job_id,
        EventType.APPROVAL_REQUIRED,
        data={"kind": "budget_override", "reason": "Nothing fits the $500 budget."},
    )
    waiting = span_tree(store.get_job(job_id), store.events(job_id)).children[-1]
    assert (waiting.name, waiting.kind, waiting.status) == (
        "approval (budget_override)",
        "wait",
        "waiting",
    )
    assert waiting.elapsed_ms is None
    emit(job_id, EventType.STATE_CHANGE, data={"to": "running"})
    root = span_tree(store.get_job(job_id), store.events(job_id))
    assert root.children[-1].status == "ok" and root.children[-1].elapsed_ms == 0.0
    assert "approval (budget_override)" in render_trace(store.get_job(job_id), store.events(job_id))


def test_time_before_the_first_agent_is_shown(store, monkeypatch) -> None:
    job_id = store.create_job(user_id="tester", query="Lisbon from JFK")  # at 09:00:00
    monkeypatch.setenv("LOTARA_NOW", "2027-03-01T09:00:01.500000Z")
    store.append_event(job_id, EventType.TASK_START, agent="intent")
    store.append_event(job_id, EventType.TASK_COMPLETE, agent="intent", data={"elapsed_ms": 500})
    lines = render_trace(store.get_job(job_id), store.events(job_id)).splitlines()
    assert lines[0].startswith(f"job {job_id[:8]}  2.00 s")
    assert lines[1].split() == ["·", "before", "the", "first", "agent", "1.50", "s", "75%"]
