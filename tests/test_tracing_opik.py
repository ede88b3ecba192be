"""Tracing against a recording Opik: what the real SDK sends, and that unconfigured means silent.

A small HTTP server on 127.0.0.1 stands in for Opik (``OPIK_URL_OVERRIDE`` points the SDK at
it) and records every request, gunzipped. lotara runs in subprocesses so the SDK's exit flush
happens as it would for a user.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

SCRIPT_JOB = """
import os, sys
from pathlib import Path
from lotara import tracing
from lotara.models import EventType
from lotara.jobs.store import open_store

store = open_store(Path(os.environ["LOTARA_HOME"]))
job_id = store.create_job(user_id="tester", query="5 days in Tokyo from LAX")
with tracing.job_trace(store, job_id) as trace_id:
    store.append_event(job_id, EventType.TASK_START, agent="intent")
    store.append_event(job_id, EventType.TASK_COMPLETE, agent="intent", data={"elapsed_ms": 3})
    store.append_event(job_id, EventType.TASK_START, agent="flights")
    store.append_event(
        job_id, EventType.AGENT_OUTPUT, agent="flights", data={"call": "search", "elapsed_ms": 9}
    )
    store.append_event(job_id, EventType.TASK_COMPLETE, agent="flights", data={"elapsed_ms": 11})
print(job_id)
"""


class OpikRecorder:
    """A stand-in Opik server: answers every call and keeps (method, path, JSON body)."""

    def __init__(self, *, answer: bool = True) -> None:
        self.requests: list[tuple[str, str, Any]] = []
        self.answer = answer
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                recorder.requests.append(
                    (self.command, self.path, json.loads(body) if body else None)
                )
                payload = b'{"healthy": true}' if self.command == "GET" else b""
                self.send_response(200 if payload else 204)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = _handle

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> OpikRecorder:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def posted(self, kind: str) -> list[dict[str, Any]]:
        """Every trace or span the SDK posted, in order (``kind``: traces or spans)."""
        path = f"/api/v1/private/{kind}/batch"
        return [item for m, p, body in self.requests if p == path for item in body[kind]]

    def scores(self) -> list[dict[str, Any]]:
        path = "/api/v1/private/traces/feedback-scores"
        return [
            s for m, p, body in self.requests if m == "PUT" and p == path for s in body["scores"]
        ]


@pytest.fixture
def opik_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The subprocess environment: no Opik config of the user's, no stray Opik settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPIK_")}
    env["HOME"] = str(tmp_path)  # so ~/.opik.config is not the developer's
    env.pop("LOTARA_TRACING", None)
    yield env


def _until(condition: Any, *, within: float = 60.0, step: float = 0.05) -> bool:
    """Poll ``condition`` until it holds; ``within`` only stops a broken run from hanging."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(step)
    return True


def _flushed_scores(opik: OpikRecorder, tracing: Any) -> set[str]:
    tracing.flush(1)
    return {s["name"] for s in opik.scores()}


def _python(code: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=timeout
    )


def _lotara(env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lotara", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


AGENTS = {"intent", "flights", "stays", "activities", "budget", "itinerary", "verify", "summary"}
QUERY = "5 days in Tokyo for under $3000 from LAX, food and culture"


def test_a_plan_is_one_trace_with_agent_spans_and_feedback_scores(opik_env, store) -> None:
    with OpikRecorder() as opik:
        env = {**opik_env, "OPIK_URL_OVERRIDE": opik.url}
        planned = _lotara(env, "plan", QUERY, "--json")
        assert planned.returncode == 0, planned.stderr
        job_id = json.loads(planned.stdout)["job_id"]
        job = store.get_job(job_id)
        assert job.status.value == "completed" and job.trace_id

        traces = opik.posted("traces")
        assert [t["id"] for t in traces] == [job.trace_id]
        trace = traces[0]
        assert {f"job:{job_id}", "user:tester", "mode:reactive", "model:offline"} <= set(
            trace["tags"]
        )
        assert trace["project_name"] == "lotara"
        assert trace["input"] == {"query": QUERY}
        assert trace["output"]["status"] == "completed"
        spans = opik.posted("spans")
        assert all(s["trace_id"] == job.trace_id for s in spans)
        agents = [s for s in spans if s.get("parent_span_id") is None]
        assert {s["name"] for s in agents} == AGENTS
        assert all(s["metadata"]["elapsed_ms"] > 0 for s in agents)
        calls = [s for s in spans if s.get("parent_span_id")]
        assert calls and all(s["type"] == "tool" for s in calls)
        assert {s["parent_span_id"] for s in calls} <= {s["id"] for s in agents}
        assert "OPIK" not in planned.stderr  # no SDK banner

        rated = _lotara(env, "feedback", job_id[:8], "--rating", "5", "--helpful", "hotel_choice")
        assert rated.returncode == 0, rated.stderr
        scores = {s["name"]: s for s in opik.scores()}
        assert scores["rating"]["value"] == 5 and scores["rating"]["id"] == job.trace_id
        assert scores["helpful_hotel_choice"]["value"] == 1
    # Nothing reached a third party: every request went to the recorder.
    assert not any("sentry" in p or "stats" in p for _, p, _ in opik.requests)


def test_a_job_resumed_in_another_process_keeps_its_trace(opik_env, store) -> None:
    with OpikRecorder() as opik:
        env = {**opik_env, "OPIK_URL_OVERRIDE": opik.url}
        planned = _lotara(env, "plan", "5 days in Tokyo for under $500 from LAX", "--json")
        paused = json.loads(planned.stdout)
        assert paused["status"] == "awaiting_approval", planned.stderr
        first_spans = {s["id"] for s in opik.posted("spans")}
        approved = _lotara(env, "approve", paused["job_id"][:8], "--json")
        assert json.loads(approved.stdout)["status"] == "completed", approved.stderr
    job = store.get_job(paused["job_id"])
    assert job.trace_id == paused["trace_id"]
    traces = opik.posted("traces")
    assert [t["id"] for t in traces] == [job.trace_id, job.trace_id]
    assert [t["output"]["status"] for t in traces] == ["awaiting_approval", "completed"]
    # Sent again whole under the same ids, so Opik replaces rather than duplicates.
    resent = [s for s in opik.posted("spans") if s["id"] in first_spans]
    assert len(resent) == 2 * len(first_spans)
    assert "approval (budget_override)" in {s["name"] for s in opik.posted("spans")}


def test_opik_trace_url_points_at_the_configured_opik(opik_env, store) -> None:
    with OpikRecorder() as opik:
        env = {**opik_env, "OPIK_URL_OVERRIDE": opik.url}
        job_id = _python(SCRIPT_JOB, env).stdout.strip()
    trace_id = store.get_job(job_id).trace_id
    assert trace_id
    from lotara import tracing

    opik_settings = tracing.settings(environ={"OPIK_URL_OVERRIDE": opik.url})
    url = tracing.opik_trace_url(store.get_job(job_id), opik_settings)
    assert url is not None and url.startswith(opik.url) and f"trace_id={trace_id}" in url


def test_the_server_shows_the_trace_url_and_sends_feedback(opik_env, home, monkeypatch) -> None:
    from lotara import tracing
    from tests.api_support import make_client

    with OpikRecorder() as opik:
        # Set here what lotara would set, so the test process's environment is restored after.
        for name, value in {
            "OPIK_URL_OVERRIDE": opik.url,
            "OPIK_CONSOLE_LOGGING_LEVEL": "CRITICAL",
            "OPIK_SENTRY_ENABLE": "false",
            "OPIK_ANALYTICS_ENABLE": "false",
            "OPIK_DEFAULT_FLUSH_TIMEOUT": "2",
            "OPIK_PROJECT_NAME": "lotara",
        }.items():
            monkeypatch.setenv(name, value)
        with make_client(home) as client:
            store = client.app.state.server.store
            job_id = store.create_job(user_id="tester", query="5 days in Tokyo")
            trace_id = tracing.new_trace_id()
            store.update_job(job_id, trace_id=trace_id)
            assert client.get("/health").json()["tracing"] is True
            shown = client.get(f"/v1/status/{job_id}").json()
            assert shown["opik_trace_url"].startswith(opik.url)
            assert f"trace_id={trace_id}" in shown["opik_trace_url"]
            rated = client.post(
                "/v1/feedback",
                json={"job_id": job_id, "rating": 2, "improvement_areas": ["pace"]},
            )
            assert rated.status_code == 200, rated.text
            # Wait for what was sent, not for a time: flush until the recorder has both
            # scores. The bound only keeps a broken run from hanging the suite.
            assert _until(lambda: _flushed_scores(opik, tracing) >= {"rating", "improve_pace"})
            # Close the SDK's connections to this recorder before it goes away, so no request
            # of theirs meets a reset socket later in this process.
            from opik.api_objects import connection_resources

            from lotara.tracing import opik as tracing_opik

            connection_resources.MANAGER.close_all(flush=False)
            tracing_opik.sender._client = None
    scores = {s["name"]: s for s in opik.scores()}
    assert scores["rating"]["value"] == 2 and scores["rating"]["id"] == trace_id
    assert scores["improve_pace"]["value"] == 1


def test_a_silent_opik_bounds_the_exit(opik_env, tmp_path: Path) -> None:
    """An Opik that accepts connections and never answers costs at most the flush timeout."""
    import socket

    hole = socket.socket()
    hole.bind(("127.0.0.1", 0))
    hole.listen(16)
    try:
        env = {
            **opik_env,
            "OPIK_URL_OVERRIDE": f"http://127.0.0.1:{hole.getsockname()[1]}/api/",
            "OPIK_DEFAULT_FLUSH_TIMEOUT": "1",
        }
        # An unbounded exit would hang here until the subprocess timeout fails the test; how
        # long a bounded one takes is for benchmarks/, not for a loaded test machine.
        ran = _python(SCRIPT_JOB, env, timeout=120)
    finally:
        hole.close()
    assert ran.returncode == 0, ran.stderr
    # It gave up at its flush timeout and said so, rather than waiting on the silent server.
    assert "did not take this run's trace within 1 s" in ran.stderr


SITE = """
import atexit, json, os, socket, sys, time

_attempts = []
_real_connect = socket.socket.connect
_started = time.monotonic()


def _refuse(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _attempts.append(repr(address))
        raise ConnectionRefusedError("outbound connections are refused in this test")
    return _real_connect(self, address)


socket.socket.connect = _refuse
_exit_started = []


def _time_the_exit():
    import threading

    shutdown = threading._shutdown

    def timed():
        _exit_started.append(time.monotonic())
        shutdown()

    threading._shutdown = timed


_time_the_exit()
socket.socket.connect_ex = lambda self, address: (_attempts.append(repr(address)), 111)[1]


def _report():
    import threading
    with open(os.environ["SITE_REPORT"], "w") as out:
        json.dump({
            "attempts": _attempts,
            "opik": sorted(m for m in sys.modules if m == "opik" or m.startswith("opik.")),
            "threads": [t.name for t in threading.enumerate() if t is not threading.main_thread()],
            "exit_s": time.monotonic() - _exit_started[0] if _exit_started else None,
        }, out)


atexit.register(_report)
"""


def test_unconfigured_never_imports_opik_or_connects(opik_env, tmp_path: Path, store) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(textwrap.dedent(SITE))
    report = tmp_path / "report.json"
    env = {**opik_env, "PYTHONPATH": str(site), "SITE_REPORT": str(report)}

    def quiet(kind: str, *args: str) -> subprocess.CompletedProcess:
        ran = _python(args[0], env) if kind == "python" else _lotara(env, *args)
        assert ran.returncode == 0, ran.stderr
        seen = json.loads(report.read_text())
        assert seen["attempts"] == [], args
        assert seen["opik"] == [], args
        assert "lotara-opik" not in seen["threads"]
        assert "OPIK" not in ran.stdout + ran.stderr
        # From the command's end to the last exit hook: no flush wait (a refused Opik: 2 s).
        assert seen["exit_s"] is not None and seen["exit_s"] < 0.5, (args, seen["exit_s"])
        return ran

    job_id = json.loads(quiet("lotara", "plan", QUERY, "--json").stdout)["job_id"]
    assert store.get_job(job_id).trace_id is None
    quiet("python", SCRIPT_JOB)
    quiet("lotara", "feedback", job_id[:8], "--rating", "4")
    quiet("lotara", "status", job_id[:8], "--json")


SCRIPT_LLM_PLAN = """
import json, os
from pathlib import Path
from google.adk.models.base_llm import BaseLlm
from google.adk.models.llm_response import LlmResponse
from google.genai import types
from lotara.jobs import engine
from lotara.agents import llm
from lotara.models import PlanRequest
from lotara.jobs.store import open_store

ANSWERS = [
    {"destinations": ["Kyoto"], "origin": "SFO", "days": 4, "travelers": 2, "budget": 5000,
     "currency": "USD", "interests": ["culture"]},
    {"title": "Kyoto, slowly", "summary": "Four quiet days of temples and tea for two."},
]


class ScriptedLlm(BaseLlm):
    model: str = "scripted"

    async def generate_content_async(self, llm_request, stream=False):
        usage = types.GenerateContentResponseUsageMetadata(
            prompt_token_count=10, candidates_token_count=4, total_token_count=14
        )
        text = types.Content(role="model", parts=[types.Part(text=json.dumps(ANSWERS.pop(0)))])
        yield LlmResponse(content=text, usage_metadata=usage)


llm.register_model("scripted-test", lambda: ScriptedLlm())
store = open_store(Path(os.environ["LOTARA_HOME"]))
request = PlanRequest(user_id="tester", query="old wooden temples in Kyoto, two of us, from SFO",
                      model="scripted-test")
job = engine.run_job(store, engine.create_job(store, request))
print(json.dumps({"job_id": job.job_id, "status": job.status.value}))
"""


def test_an_llm_plan_gets_opik_adk_model_spans_in_its_trace(opik_env, store) -> None:
    with OpikRecorder() as opik:
        ran = _python(SCRIPT_LLM_PLAN, {**opik_env, "OPIK_URL_OVERRIDE": opik.url})
        assert ran.returncode == 0, ran.stderr
        result = json.loads(ran.stdout)
        assert result["status"] == "completed"
        trace_id = store.get_job(result["job_id"]).trace_id
    assert [t["id"] for t in opik.posted("traces")] == [trace_id]
    spans = opik.posted("spans")
    assert all(s["trace_id"] == trace_id for s in spans)
    models = [s for s in spans if s["type"] == "llm"]
    assert len(models) == 2 and all(s["model"] == "scripted" for s in models)
    assert all(s["usage"]["total_tokens"] == 14 for s in models)
    names = {s["name"] for s in spans}
    assert AGENTS <= names  # the agents' spans still come from the job's events
    # Workflow plumbing is left to the events: no invoke_node / invoke_workflow spans.
    assert not [name for name in names if name.startswith(("invoke_node", "invoke_workflow"))]
