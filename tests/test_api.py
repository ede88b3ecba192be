"""The REST contract of `lotara serve`, through FastAPI's TestClient, with a scripted engine."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from lotara.jobs.events import JobEvents
from lotara.jobs.store import JobStore, open_store
from lotara.models import EventType, JobStatus
from tests.api_support import ScriptedEngine, make_client, pinned_store, sse_events

PLAN = {
    "user_id": "user123",
    "query": "Plan a 5-day trip to Tokyo for under $3000",
    "constraints": {"budget_usd": 3000, "duration_days": 5, "interests": ["food", "culture"]},
}


def wait_for_status(client, job_id: str, *wanted: str, timeout: float = 5.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        doc = client.get(f"/v1/status/{job_id}").json()
        if doc["status"] in wanted or time.monotonic() > deadline:
            return doc
        time.sleep(0.01)


def test_root_health_and_docs(home: Path) -> None:
    with make_client(home) as client:
        assert client.get("/").json()["docs"] == "/docs"
        health = client.get("/health").json()
        assert health["status"] == "healthy"
        assert health["services"] == {
            "store": "healthy",
            "redis": "not_configured",
            "supabase": "not_configured",
            "opik": "not_configured",
        }
        assert health["tracing"] is False and health["version"]
        assert health["queue"] == {"kind": "in-process", "reachable": True}
        docs = client.get("/docs")
        assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_plan_answers_at_once_with_one_insert_and_no_planning(home: Path) -> None:
    engine = ScriptedEngine()
    with make_client(home, engine=engine, max_running=0) as client:
        statements: list[str] = []
        store = pinned_store(client)
        store.db.conn.set_trace_callback(statements.append)
        response = client.post("/v1/plan", json=PLAN)
        store.db.conn.set_trace_callback(None)
        assert response.status_code == 202
        body = response.json()
        assert body["status"] == "started" and set(body) == {"job_id", "status"}
        writes = [s for s in statements if s.split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
        assert len(writes) == 1 and writes[0].upper().startswith("INSERT INTO JOBS")
        job = client.get(f"/v1/status/{body['job_id']}").json()
        assert job["status"] == "started" and job["lotara_status"] == "queued"
        assert job["constraints"]["budget_usd"] == 3000
        assert engine.ran == []


def test_plan_stream_approve_status_flow(home: Path) -> None:
    engine = ScriptedEngine()
    with make_client(home, engine=engine) as client:
        job_id = client.post("/v1/plan", json=PLAN).json()["job_id"]
        first = sse_events(client.get(f"/v1/stream/{job_id}?until=gate").text)
        assert [e["event"] for e in first] == [
            "state_change",
            "task_start",
            "agent_output",
            "task_complete",
            "approval_required",
        ]
        assert [e["id"] for e in first] == ["1", "2", "3", "4", "5"]
        output = json.loads(first[2]["data"])
        assert output["key"] == "flights" and output["agent"] == "flights"
        assert client.get(f"/v1/status/{job_id}").json()["status"] == "waiting_approval"

        approved = client.post("/v1/approve", json={"job_id": job_id, "approved": True})
        assert approved.status_code == 200
        assert approved.json() == {
            "job_id": job_id,
            "approved": True,
            "status": "resuming",
            "message": "Approval granted, the job resumes.",
        }
        rest = sse_events(client.get(f"/v1/stream/{job_id}", headers={"Last-Event-ID": "5"}).text)
        assert [e["event"] for e in rest] == ["state_change", "complete"]
        assert json.loads(rest[-1]["data"])["result"]["booked"] is True
        job = wait_for_status(client, job_id, "completed")
        assert job["status"] == "completed"
        assert job["approvals"][0]["status"] == "approved"
        assert engine.resumed == [(job_id, True, None)]
        again = client.post("/v1/approve", json={"job_id": job_id, "approved": True})
        assert again.status_code == 400 and again.json()["code"] == "bad_request"


def test_rejection_ends_the_stream(home: Path) -> None:
    with make_client(home) as client:
        job_id = client.post("/v1/plan", json=PLAN).json()["job_id"]
        client.get(f"/v1/stream/{job_id}?until=gate")
        client.post("/v1/approve", json={"job_id": job_id, "approved": False, "notes": "no"})
        events = sse_events(client.get(f"/v1/stream/{job_id}", headers={"Last-Event-ID": "5"}).text)
        assert [e["event"] for e in events if "event" in e] == ["state_change"]
        ended = json.loads(events[0]["data"])
        assert ended["status"] == "failed" and ended["to"] == "rejected"
        assert ended["error"]["code"] == "rejected"
        job = wait_for_status(client, job_id, "failed")
        assert job["lotara_status"] == "rejected" and job["error"]["code"] == "rejected"


def test_stream_follows_events_written_by_another_process(home: Path) -> None:
    with make_client(home, max_running=0, ping_s=0.1) as client:
        other = open_store(home)  # what `lotara plan --detach` would use
        job_id = client.post("/v1/plan", json=PLAN).json()["job_id"]
        events = JobEvents(other, job_id)
        other.set_status(job_id, JobStatus.RUNNING)
        events.emit(EventType.TASK_START, agent="intent")

        def finish_later() -> None:
            time.sleep(0.35)  # long enough for at least one keep-alive ping
            events.emit(EventType.AGENT_OUTPUT, agent="stays", data={"key": "hotels"})
            other.set_status(job_id, JobStatus.COMPLETED)
            events.emit(EventType.COMPLETE, data={"result": {}})

        writer = threading.Thread(target=finish_later)
        writer.start()
        body = client.get(f"/v1/stream/{job_id}").text
        writer.join()
        parsed = sse_events(body)
        assert {"comment": "ping"} in parsed
        named = [e for e in parsed if "event" in e]
        assert [(e["id"], e["event"]) for e in named] == [
            ("1", "task_start"),
            ("2", "agent_output"),
            ("3", "complete"),
        ]
        resumed = sse_events(
            client.get(f"/v1/stream/{job_id}", headers={"Last-Event-ID": "2"}).text
        )
        assert [e["id"] for e in resumed] == ["3"]
        other.close()


def test_stream_unknown_job_and_bad_last_event_id(home: Path) -> None:
    with make_client(home) as client:
        missing = client.get("/v1/stream/nope")
        assert missing.status_code == 404 and missing.json()["code"] == "not_found"
        job_id = client.post("/v1/plan", json=PLAN).json()["job_id"]
        bad = client.get(f"/v1/stream/{job_id}", headers={"Last-Event-ID": "x"})
        assert bad.status_code == 400 and bad.json()["code"] == "bad_request"


def test_plan_sync_returns_the_job_or_202_at_timeout(home: Path) -> None:
    with make_client(home, engine=ScriptedEngine(gate=False)) as client:
        response = client.post("/v1/plan/sync", json=PLAN)
        assert response.status_code == 200
        doc = response.json()
        assert doc["status"] == "completed" and doc["user_id"] == "user123"
        assert "opik_trace_url" in doc
    with make_client(home, max_running=0) as client:
        late = client.post("/v1/plan/sync?timeout=0.2", json=PLAN)
        assert late.status_code == 202 and late.json()["status"] == "started"


def test_suggest_validates_the_trigger_and_starts_a_proactive_job(home: Path) -> None:
    with make_client(home, max_running=0) as client:
        bad = client.post("/v1/suggest", json={"user_id": "u", "trigger_type": "lottery_win"})
        assert bad.status_code == 422
        assert bad.json()["detail"][0]["loc"] == ["body", "trigger_type"]
        body = {
            "user_id": "user123",
            "trigger_type": "price_drop",
            "context": {"route": "LAX->NRT", "old_price": 850, "new_price": 650, "savings": 200},
        }
        started = client.post("/v1/suggest", json=body)
        assert started.status_code == 202 and started.json()["status"] == "started"
        job = client.get(f"/v1/status/{started.json()['job_id']}").json()
        assert job["mode"] == "proactive"
        assert job["trigger"]["context"]["new_price"] == 650


def test_status_404_and_job_listing_pages(home: Path) -> None:
    with make_client(home, max_running=0) as client:
        missing = client.get("/v1/status/00000000-0000-0000-0000-000000000000")
        assert missing.status_code == 404
        sentence = "No job '00000000-0000-0000-0000-000000000000'."
        assert missing.json() == {
            "error": "NotFound",
            "message": sentence,
            "detail": sentence,
            "code": "not_found",
        }
        ids = [client.post("/v1/plan", json=PLAN).json()["job_id"] for _ in range(5)]
        client.post("/v1/plan", json={**PLAN, "user_id": "someone_else"})
        page = client.get("/v1/jobs/user123?limit=2&offset=2").json()
        assert page["total"] == 5 and page["count"] == 2
        assert page["limit"] == 2 and page["offset"] == 2
        assert [j["job_id"] for j in page["jobs"]] == list(reversed(ids))[2:4]
        queued = client.get("/v1/jobs/user123?status=queued&limit=100").json()
        assert queued["total"] == 5
        assert client.get("/v1/jobs/user123?limit=0").status_code == 422


def test_approve_unknown_or_not_waiting(home: Path) -> None:
    with make_client(home, max_running=0) as client:
        assert (
            client.post("/v1/approve", json={"job_id": "nope", "approved": True}).status_code == 404
        )
        job_id = client.post("/v1/plan", json=PLAN).json()["job_id"]
        conflict = client.post("/v1/approve", json={"job_id": job_id, "approved": True})
        assert conflict.status_code == 400
        assert conflict.json()["message"].endswith("there is nothing to approve.")


def test_cancel_a_queued_job_then_again(home: Path) -> None:
    with make_client(home, max_running=0) as client:
        assert client.post("/v1/cancel", json={"job_id": "nope"}).status_code == 404
        job_id = client.post("/v1/plan", json=PLAN).json()["job_id"]
        done = client.post("/v1/cancel", json={"job_id": job_id})
        assert done.status_code == 200 and done.json()["status"] == "cancelled"
        events = client.app.state.server.store.events(job_id)
        assert events[-1].type.value == "error" and events[-1].data["code"] == "cancelled"
        again = client.post("/v1/cancel", json={"job_id": job_id})
        assert again.status_code == 409
        assert again.json()["detail"].endswith("there is nothing to cancel.")


def test_feedback_is_stored_and_validated(home: Path) -> None:
    with make_client(home, max_running=0) as client:
        job_id = client.post("/v1/plan", json=PLAN).json()["job_id"]
        body = {
            "job_id": job_id,
            "rating": 5,
            "comment": "Perfect itinerary!",
            "helpful_aspects": ["budget_accuracy", "creative_suggestions"],
            "improvement_areas": ["flight_times"],
        }
        stored = client.post("/v1/feedback", json=body)
        assert stored.status_code == 200 and stored.json()["rating"] == 5
        assert stored.json()["message"] == "Feedback submitted successfully"
        assert (
            client.get(f"/v1/status/{job_id}").json()["feedback"][0]["comment"] == body["comment"]
        )
        too_high = client.post("/v1/feedback", json={**body, "rating": 6})
        assert too_high.status_code == 422
        assert too_high.json()["detail"][0]["loc"] == ["body", "rating"]
        words = client.post(
            "/v1/feedback",
            json={**body, "comment": None, "helpful_aspects": ["Budget accuracy", "vibes"]},
        ).json()
        assert words["helpful_aspects"] == ["budget_accuracy"] and words["untagged"] == ["vibes"]
        assert words["comment"] == "Helpful, in their words: vibes."
        assert client.post("/v1/feedback", json={**body, "job_id": "nope"}).status_code == 404


def test_preferences_put_validates_all_before_storing(home: Path) -> None:
    with make_client(home) as client:
        assert client.get("/v1/preferences/u1").json() == {"user_id": "u1", "preferences": {}}
        ok = client.put(
            "/v1/preferences/u1",
            json={
                "preferences": {"home_airport": "lax", "interests": ["food", "art"], "travelers": 2}
            },
        )
        assert ok.status_code == 200
        assert ok.json()["preferences"] == {
            "home_airport": "LAX",
            "interests": ["food", "art"],
            "travelers": 2,
        }
        bad = client.put(
            "/v1/preferences/u1", json={"preferences": {"currency": "EUR", "home_airport": "QQQ"}}
        )
        assert bad.status_code == 422
        issue = bad.json()["detail"][0]
        assert issue["loc"] == ["body", "preferences", "home_airport"]
        assert issue["msg"] == "'QQQ' is not a known IATA airport or city code (try LAX, NYC)."
        assert "currency" not in client.get("/v1/preferences/u1").json()["preferences"]
        pace = client.put("/v1/preferences/u1", json={"preferences": {"pace": "frantic"}})
        assert pace.json()["detail"][0]["loc"] == ["body", "preferences", "pace"]
        assert "'relaxed', 'moderate' or 'packed'" in pace.json()["detail"][0]["msg"]
        unknown = client.put("/v1/preferences/u1", json={"preferences": {"home_airprot": "LAX"}})
        assert unknown.status_code == 200
        assert unknown.json()["ignored"] == ["home_airprot (unknown preference; home_airport?)"]
        assert "home_airprot" in unknown.headers["warning"]
        removed = client.put("/v1/preferences/u1", json={"preferences": {"travelers": None}})
        assert "travelers" not in removed.json()["preferences"]


def test_body_limit_unknown_fields_and_generic_500(home: Path) -> None:
    with make_client(home, max_running=0, max_body_bytes=1024) as client:
        huge = client.post("/v1/plan", json={**PLAN, "query": "x" * 5000})
        assert huge.status_code == 413
        typo = client.post("/v1/plan", json={**PLAN, "constraint": {}})
        assert typo.status_code == 202 and typo.json()["ignored"] == ["constraint (unknown field)"]
        assert typo.headers["warning"] == '299 lotara "Ignored: constraint (unknown field)"'
        store = pinned_store(client)

        def explode(job_id: str):
            raise RuntimeError("secret /etc/passwd detail")

        job_id = client.post("/v1/plan", json=PLAN).json()["job_id"]
        store.get_job = explode
        crashed = client.get(f"/v1/status/{job_id}")
        assert crashed.status_code == 500
        assert crashed.json()["detail"] == "Internal server error."
        assert crashed.json()["code"] == "internal"
        assert "secret" not in crashed.text and "Traceback" not in crashed.text


def test_cors_from_cors_origins(home: Path) -> None:
    with make_client(home, cors_origins=("http://localhost:3000",)) as client:
        preflight = client.options(
            "/v1/plan",
            headers={
                "Origin": "http://localhost:3000",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization,content-type",
            },
        )
        assert preflight.headers["access-control-allow-origin"] == "http://localhost:3000"
        other = client.get("/", headers={"Origin": "http://evil.example"})
        assert "access-control-allow-origin" not in other.headers


@pytest.mark.parametrize("body", [{"user_id": "", "query": "x"}, {"user_id": "u", "query": ""}])
def test_empty_fields_are_422_with_field_messages(home: Path, body: dict) -> None:
    with make_client(home, max_running=0) as client:
        response = client.post("/v1/plan", json=body)
        assert response.status_code == 422
        issue = response.json()["detail"][0]
        assert issue["loc"][0] == "body" and issue["msg"]


def test_health_is_503_when_the_store_is_unreachable(home: Path) -> None:
    with make_client(home, max_running=0) as client:
        stores = client.app.state.server.stores
        gone = sqlite3.connect(":memory:")
        gone.close()  # a real connection that can no longer read: sqlite3.ProgrammingError
        broken = JobStore(gone, path=stores.shared.path)
        real = stores.get
        stores.get = lambda: broken  # every thread's connection, as the probe sees it
        try:
            response = client.get("/health")
        finally:
            stores.get = real
        assert response.status_code == 503
        assert response.json()["status"] == "unhealthy"
        assert response.json()["services"]["store"] == "unhealthy"


def test_a_store_call_on_the_event_loop_is_refused(home: Path) -> None:
    """Every request reaches the store in the threadpool; one slipped onto the event loop
    (where a lock wait would stall every request) raises instead of running there."""
    import asyncio

    from lotara.server.stores import OnTheLoop

    with make_client(home, max_running=0) as client:
        stores = client.app.state.server.stores
        assert stores.get() is not stores.shared  # this thread's own connection

        async def on_the_loop() -> None:
            stores.get()

        with pytest.raises(OnTheLoop):
            asyncio.run(on_the_loop())
        assert client.get("/health").json()["services"]["store"] == "healthy"
