"""ADK's own tools run lotara's agent: `adk run` plans a trip offline under a plain Runner."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AGENT = ROOT / "lotara" / "adk_agents" / "lotara_trip"
QUERY = "5 days in Tokyo for under $3000 from LAX, food and culture"


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        LOTARA_HOME=str(home),
        LOTARA_NOW="2027-03-01T09:00:00Z",
        LOTARA_MODEL="offline",
        PYTHONPATH=str(ROOT),
    )
    return env


def test_adk_run_plans_a_trip_offline(tmp_path: Path) -> None:
    adk = shutil.which("adk")
    assert adk, "google-adk's `adk` command is installed with lotara"
    done = subprocess.run(
        [sys.executable, adk, "run", str(AGENT)],
        input=f"{QUERY}\nexit\n",
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        cwd=tmp_path,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    said = done.stdout.split("[lotara_plan]:", 1)
    assert len(said) == 2, done.stdout[-2000:]
    plan = said[1]
    assert "5 days in Tokyo" in plan
    assert "from Los Angeles" in plan and "USD" in plan


def test_a_plain_runner_runs_the_graph_and_stores_the_job(tmp_path: Path, monkeypatch) -> None:
    for key, value in _env(tmp_path).items():
        monkeypatch.setenv(key, value)
    from google.adk import Runner
    from google.adk.sessions import InMemorySessionService
    from google.genai import types

    from lotara.adk_agents.lotara_trip.agent import app
    from lotara.jobs.store import open_store

    async def drive() -> tuple[str, list[object]]:
        sessions = InMemorySessionService()
        session = await sessions.create_session(app_name=app.name, user_id="ada")
        runner = Runner(app=app, session_service=sessions)
        message = types.Content(role="user", parts=[types.Part(text=QUERY)])
        outputs = [
            e.output
            async for e in runner.run_async(
                user_id="ada", session_id=session.id, new_message=message
            )
            if getattr(e, "output", None) is not None
        ]
        return session.id, outputs

    sid, outputs = asyncio.run(drive())
    assert {"booked": 0} in outputs
    job = open_store(tmp_path).get_job(sid)
    assert job.query == QUERY and job.user_id == "ada"
    assert job.itinerary is not None and [d.city for d in job.request.destinations] == ["Tokyo"]


def _adk_eval(home: Path, evalset: Path) -> tuple[int, str]:
    adk = shutil.which("adk")
    assert adk
    # A copy of the agent: `adk eval` writes its history into the agent's folder (.adk/).
    agent = home / "lotara_trip"
    if not agent.exists():
        shutil.copytree(AGENT, agent, ignore=shutil.ignore_patterns(".adk", "__pycache__"))
    config = agent / "evals" / "test_config.json"
    done = subprocess.run(
        [sys.executable, adk, "eval", str(agent), str(evalset), "--config_file_path", str(config)],
        capture_output=True,
        text=True,
        env=_env(home),
        cwd=home,
        timeout=900,
    )
    assert "Eval Run Summary" in done.stdout, done.stderr[-2000:]
    return done.returncode, done.stdout  # 1 when a case fails


def test_adk_eval_passes_the_offline_eval_set_and_catches_a_misreading(tmp_path: Path) -> None:
    """`adk eval` scores the intent and summary agents offline; a wrong reading fails it."""
    import json

    evalset = AGENT / "evals" / "offline.evalset.json"
    cases = json.loads(evalset.read_text())["eval_cases"]
    code, said = _adk_eval(tmp_path, evalset)
    assert code == 0 and f"Tests passed: {len(cases)}" in said and "Tests failed: 0" in said, said[
        -2000:
    ]
    # The same set, expecting a party of 3 where the request says a family of four.
    wrong = json.loads(evalset.read_text())
    family = next(c for c in wrong["eval_cases"] if c["eval_id"] == "london_family_of_four")
    part = family["conversation"][0]["final_response"]["parts"][0]
    assert "for 4," in part["text"]
    part["text"] = part["text"].replace("for 4,", "for 3,")
    misread = tmp_path / "misread.evalset.json"
    misread.write_text(json.dumps(wrong))
    code, said = _adk_eval(tmp_path, misread)
    assert code == 1 and "Tests failed: 1" in said, said[-2000:]


def test_the_graph_keeps_the_trip_in_typed_session_state_not_in_a_registry(
    tmp_path: Path, monkeypatch
) -> None:
    """A plain Runner over a fresh in-memory session plans the trip; the trip is in the state.

    No lotara Run is attached, and none is kept between nodes (``STANDALONE_KEPT = 0``):
    each node makes its Run from the store again, so whatever one node hands the next (the
    request, the candidates, the selection, the itinerary) went through the session state.
    """
    for key, value in _env(tmp_path).items():
        monkeypatch.setenv(key, value)
    from google.adk import Runner
    from google.adk.sessions import InMemorySessionService
    from google.adk.sessions.state import State, StateSchemaError
    from google.genai import types

    from lotara.adk_agents.lotara_trip.agent import root_agent
    from lotara.agents import run as runs
    from lotara.agents.state import SCHEMA, TripState
    from lotara.jobs.store import open_store

    monkeypatch.setattr(runs, "STANDALONE_KEPT", 0)
    assert not runs._RUNS
    query = "4 days in Lisbon from London for 2, $2500, food"

    async def drive() -> tuple[str, dict[str, object]]:
        sessions = InMemorySessionService()
        session = await sessions.create_session(app_name="plain", user_id="ada")
        runner = Runner(node=root_agent, app_name="plain", session_service=sessions)
        message = types.Content(role="user", parts=[types.Part(text=query)])
        async for _ in runner.run_async(user_id="ada", session_id=session.id, new_message=message):
            pass
        await runner.close()
        done = await sessions.get_session(app_name="plain", user_id="ada", session_id=session.id)
        assert done is not None
        return session.id, done.state

    sid, raw = asyncio.run(drive())
    assert not runs._RUNS and not runs._STANDALONE
    state = TripState(raw)
    assert state.request is not None and [d.city for d in state.request.destinations] == ["Lisbon"]
    assert state.request.travelers == 2
    candidates, selection, it = state.candidates, state.selection, state.itinerary
    assert candidates is not None and candidates.stays.get("Lisbon")
    assert selection is not None and selection.stays and selection.stays[0].city == "Lisbon"
    assert it is not None and it.checks and len(it.days) == 4
    # The store holds the plan the session state ended with (what `lotara status` shows).
    job = open_store(tmp_path).get_job(sid)
    assert job.itinerary is not None
    assert (job.itinerary.title, job.itinerary.cost.total) == (it.title, it.cost.total)
    # ADK checks every write against the schema: an undeclared key or a wrong shape is refused.
    checked = State(value={}, delta={}, schema=SCHEMA)
    for key, value in (("itinery", None), ("rounds", "two"), ("itinerary", {"days": []})):
        try:
            checked[key] = value
        except StateSchemaError:
            continue
        raise AssertionError(f"state[{key!r}] = {value!r} was accepted")
