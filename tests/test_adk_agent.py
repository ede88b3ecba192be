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
