"""The plain-ASGI stream: the same bytes as FastAPI's SSE route, CORS, auth, client leaving."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from lotara.jobs.events import JobEvents
from lotara.jobs.store import open_store
from lotara.models import EventType, JobStatus
from lotara.server import stream_asgi as api_stream_asgi
from lotara.server.auth import load_tokens
from lotara.server.config import ServeConfig
from lotara.server.stream import EventFeed
from lotara.server.stream_asgi import serve_stream
from tests.api_support import ScriptedEngine, make_client

PLAN = {"user_id": "user123", "query": "Plan a 5-day trip to Tokyo for under $3000"}


def _finished_job(client) -> str:
    job_id = client.post("/v1/plan", json=PLAN).json()["job_id"]
    client.get(f"/v1/stream/{job_id}?until=gate")  # runs to its approval gate
    return job_id


def test_shortcut_sends_what_the_fastapi_route_sends(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served = []
    real = api_stream_asgi.serve_stream

    async def spy(*args, **kwargs):
        served.append(args[1])
        await real(*args, **kwargs)

    monkeypatch.setattr(api_stream_asgi, "serve_stream", spy)
    with make_client(home, engine=ScriptedEngine(gate=False)) as client:
        job_id = _finished_job(client)
        fast = client.get(f"/v1/stream/{job_id}", headers={"Last-Event-ID": "1"})
        assert served == [job_id, job_id]
        monkeypatch.setattr(api_stream_asgi, "_streamable", lambda server, scope: None)
        slow = client.get(f"/v1/stream/{job_id}", headers={"Last-Event-ID": "1"})
        assert len(served) == 2  # this one went through FastAPI
    assert fast.status_code == slow.status_code == 200
    assert fast.content == slow.content
    assert b"event: complete\ndata: {" in fast.content and fast.content.endswith(b"\n\n")

    def headers(response) -> dict:
        return {k: v for k, v in response.headers.items() if k != "date"}

    assert headers(fast) == headers(slow)
    assert fast.headers["content-type"] == "text/event-stream; charset=utf-8"


def test_shortcut_stream_gets_cors_headers(home: Path) -> None:
    origin = "http://localhost:3000"
    with make_client(home, cors_origins=(origin,)) as client:
        job_id = _finished_job(client)
        response = client.get(f"/v1/stream/{job_id}?until=gate", headers={"Origin": origin})
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == origin


def test_bad_requests_fall_through_to_fastapi_answers(home: Path) -> None:
    tokens = load_tokens({"LOTARA_API_TOKENS": "alice:tok1,bob:tok2"})
    with make_client(home, tokens=tokens, max_running=0) as client:
        alice = {"Authorization": "Bearer tok1"}
        job_id = client.post("/v1/plan", json={**PLAN, "user_id": "alice"}, headers=alice)
        job_id = job_id.json()["job_id"]
        assert client.get(f"/v1/stream/{job_id}").status_code == 401
        bob = client.get(f"/v1/stream/{job_id}", headers={"Authorization": "Bearer tok2"})
        assert bob.status_code == 404 and bob.json()["code"] == "not_found"
        negative = client.get(f"/v1/stream/{job_id}", headers={**alice, "Last-Event-ID": "-1"})
        assert negative.status_code == 400 and negative.json()["code"] == "bad_request"
        odd = client.get(f"/v1/stream/{job_id}?until=never", headers=alice)
        assert odd.status_code == 422
        long_id = client.get("/v1/stream/" + "x" * 101, headers=alice)
        assert long_id.status_code == 422


def test_a_client_that_leaves_ends_its_stream_at_once(home: Path) -> None:
    store = open_store(home)
    job_id = store.create_job(user_id="u", query="a trip")

    store.set_status(job_id, JobStatus.RUNNING)
    JobEvents(store, job_id).emit(EventType.TASK_START, agent="intent")

    async def scenario() -> tuple[list, int]:
        # Started after the event: nothing else will wake the stream.
        feed = EventFeed(store, poll_s=0.02)
        await feed.start()
        left = asyncio.Event()
        sent: list = []

        async def receive() -> dict:
            if not sent:
                return {"type": "http.request", "body": b"", "more_body": False}
            await left.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict) -> None:
            sent.append(message)
            if message.get("body"):
                left.set()  # the client goes after its first event

        server = type("S", (), {})()
        server.store, server.feed = store, feed
        server.config = ServeConfig(ping_s=30.0)
        # A long ping and a job that never ends: only the client leaving ends this.
        await asyncio.wait_for(serve_stream(server, job_id, 0, False, receive, send), timeout=2)
        watching = feed.watching
        await feed.stop()
        return sent, watching

    sent, watching = asyncio.run(scenario())
    store.close()
    assert sent[0]["status"] == 200
    assert [m for m in sent[1:] if m.get("body")][0]["body"].startswith(b"event: task_start")
    assert watching == 0
