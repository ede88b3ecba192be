"""The seed's contract, field by field, against a real `lotara serve` process.

Every request here is one the seed's clients send (the seed README, its integration guide,
its API models and tests), through ``tests.seed_client``, which knows nothing of lotara.
Each flow: plan, stream to the end (through an approval gate), poll status, approve,
feedback, preferences, suggest, list jobs, health; and the errors the seed's clients read.
The server runs the real offline planner in its worker pool, on a real SQLite file.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import httpx
import pytest

from lotara import __version__
from tests.conftest import TEST_NOW
from tests.seed_client import SEED_STATUSES, Message, SeedBackend
from tests.test_serve import Served, start_server

pytestmark = pytest.mark.e2e  # starts a real lotara serve

ORIGIN = "http://localhost:3000"
STATE_CHANGE_FIELDS = {
    "agent",
    "ts",
    "status",
    "from",
    "to",
    "current_state",
    "reason",
    "approval_data",
    "error",
}
"""Every state_change carries exactly these (one shape, whatever moved the job)."""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    home = tmp_path_factory.mktemp("seed-home")
    server = start_server(
        "--max-running",
        "2",
        extra_env={
            "LOTARA_HOME": str(home),
            "LOTARA_NOW": TEST_NOW,
            "CORS_ORIGINS": ORIGIN,
            "LOTARA_MAX_BODY": "4096",
        },
    )
    yield server
    server.stop()


@pytest.fixture
def seed(served: Served) -> Iterator[SeedBackend]:
    client = SeedBackend(served.base)
    yield client
    client.close()


def _gated_plan(seed: SeedBackend, user: str) -> str:
    """A plan over its budget: the planner stops at a budget_override gate."""
    started = seed.plan_trip(
        user,
        "Plan a 5-day trip to Tokyo",
        {
            "budget_usd": 500,
            "duration_days": 5,
            "interests": ["food", "culture"],
            "departure_city": "LAX",
        },
    )
    assert started.status_code == 202, started.text
    return started.json()["job_id"]


class FrontEnd:
    """The seed's TripPlanning component plus its product backend's approve route.

    It keeps what its listeners set (status, flights, hotels, itinerary), closes on
    ``complete`` or ``error``, and answers an approval once the stream has shown it is
    still open at the gate (a keep-alive ping after ``waiting_approval``)."""

    def __init__(self, seed: SeedBackend, job_id: str, *, approve: bool) -> None:
        self.seed, self.job_id, self.approve = seed, job_id, approve
        self.statuses: list[str] = []
        self.flights: list = []
        self.hotels: list = []
        self.itinerary = None
        self.waiting: Message | None = None
        self.pinged_at_gate = False
        self.decision: httpx.Response | None = None

    def __call__(self, message: Message) -> bool:
        if message.comment == "ping" and self.waiting is not None and self.decision is None:
            self.pinged_at_gate = True
            self.decision = self.seed.approve(self.job_id, self.approve, "from the modal")
            return False
        if message.event == "state_change":
            self.statuses.append(message.data["status"])
            if message.data["status"] == "waiting_approval":
                self.waiting = message
        elif message.event == "agent_output":
            if message.data["key"] == "flights":
                self.flights = message.data["value"]
            elif message.data["key"] == "hotels":
                self.hotels = message.data["value"]
        elif message.event == "complete":
            self.itinerary = message.data["result"]
            return True
        return message.event == "error"


def test_health_and_root_as_the_seed_reads_them(seed: SeedBackend) -> None:
    health = seed.http.get("/health")
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "healthy" and body["version"] == __version__
    assert datetime.fromisoformat(body["timestamp"].replace("Z", "+00:00"))
    services = body["services"]
    assert services["store"] == "healthy"
    assert {"redis", "opik"} <= set(services)  # what the seed's README and tests read
    assert all(v in ("healthy", "not_configured") for v in services.values())
    root = seed.http.get("/").json()
    assert root["version"] == __version__ and root["health"] == "/health"


def test_plan_stream_through_the_gate_approve_and_poll(seed: SeedBackend) -> None:
    job_id = _gated_plan(seed, "seed-alice")
    front = FrontEnd(seed, job_id, approve=True)
    got = seed.stream_results(job_id, front)

    # The stream stayed open through the gate, announced it, and ran on to `complete`.
    assert front.pinged_at_gate and front.decision is not None
    assert front.decision.status_code == 200, front.decision.text
    assert front.decision.json()["message"]
    assert got.events[-1].event == "complete"
    ids = [int(m.id) for m in got.events]
    assert ids == list(range(1, len(ids) + 1))
    assert front.statuses[0] == "planning" and "waiting_approval" in front.statuses
    assert front.statuses[-1] == "completed"
    assert set(front.statuses) <= SEED_STATUSES
    for change in got.named("state_change"):
        assert set(change.data) == STATE_CHANGE_FIELDS, change.data
    gate = front.waiting.data["approval_data"]
    assert gate["kind"] == "budget_override" and gate["details"]
    assert gate["approval_id"] == got.named("approval_required")[0].data["approval_id"]

    # agent_output: {key, value} with flights and hotels as arrays of options.
    assert front.flights and all(isinstance(f, dict) and f["price"] > 0 for f in front.flights)
    assert front.hotels and all(h["name"] and h["city"] for h in front.hotels)
    # complete: {result} is the finished itinerary.
    done = got.events[-1].data
    assert done["status"] == "completed"
    assert front.itinerary["days"] and front.itinerary["cost"]["total"] > 0

    # The integration guide's poller stops, on `completed`; the document has both languages.
    assert seed.poll_until_done(job_id)[-1] == "completed"
    status = seed.get_status(job_id)
    assert status["job_id"] == job_id and status["mode"] == "reactive"
    assert status["created_at"] and status["updated_at"] >= status["created_at"]
    assert status["progress"]["tasks_total"] >= status["progress"]["tasks_completed"] > 0
    assert status["current_output"]["flights"] == front.flights
    assert status["current_output"]["hotels"] == front.hotels
    assert status["itinerary"] == front.itinerary == status["final_result"]
    assert status["lotara_status"] == "completed"
    assert status["approvals"][0]["status"] == "approved"
    assert "opik_trace_url" in status

    # Approving a job that waits for nothing: the seed's 400, in its error shape.
    again = seed.approve(job_id, True)
    assert again.status_code == 400
    assert again.json()["error"] == "BadRequest" and again.json()["message"]


def test_a_rejected_plan_ends_where_the_seed_pollers_stop(seed: SeedBackend) -> None:
    job_id = _gated_plan(seed, "seed-bob")
    front = FrontEnd(seed, job_id, approve=False)
    got = seed.stream_results(job_id, front)
    assert front.decision is not None and front.decision.status_code == 200
    last = got.events[-1]
    assert last.event in ("complete", "error")
    assert last.data["status"] == "failed" and last.data["error"]["code"] == "rejected"
    assert seed.poll_until_done(job_id)[-1] == "failed"
    status = seed.get_status(job_id)
    assert status["lotara_status"] == "rejected"
    assert status["error"]["code"] == "rejected" and status["error"]["message"]
    assert status["final_result"] is None


def test_the_readme_request_without_an_origin_names_the_api_field(seed: SeedBackend) -> None:
    # The seed README's own curl: no departure city anywhere.
    started = seed.plan_trip("seed-carol", "Plan a trip to Tokyo", {"budget_usd": 3000})
    assert started.status_code == 202
    job_id = started.json()["job_id"]
    got = seed.stream_results(job_id, lambda m: m.event in ("complete", "error"))
    failed = got.events[-1]
    assert failed.event == "error" and failed.data["status"] == "failed"
    message = failed.data["message"]
    assert "constraints.departure_city" in message and "home_airport" in message
    assert "--from" not in message and "lotara prefs" not in message
    status = seed.get_status(job_id)
    assert status["status"] == "failed" and status["error"]["message"] == message

    # The advice taken: the user's home airport, set as the seed sends preferences (bare).
    put = seed.http.put("/v1/preferences/seed-carol", json={"home_airport": "LAX"})
    assert put.status_code == 200 and put.json()["preferences"]["home_airport"] == "LAX"
    again = seed.plan_trip("seed-carol", "Plan a trip to Tokyo", {"budget_usd": 3000})
    job_id = again.json()["job_id"]
    assert seed.poll_until_done(job_id)[-1] in ("completed", "failed")
    status = seed.get_status(job_id)
    assert status["error"] is None, status["error"]
    assert status["itinerary"]["transport"][0]["origin"] in ("LAX", "Los Angeles")


def test_plan_bodies_the_original_accepted(seed: SeedBackend) -> None:
    # The original's test script: `destination` in constraints, an interest lotara lacks.
    body = {
        "user_id": "seed-dave",
        "query": "Plan a 5-day trip to Tokyo with a budget of $3000",
        "session_id": "sess-1",
        "constraints": {
            "budget_usd": 3000,
            "duration_days": 5,
            "destination": "Tokyo",
            "departure_city": "LAX",
            "interests": ["food", "culture"],
            "flexible": True,
        },
        "client_version": "web-2.3",
    }
    started = seed.http.post("/v1/plan", json=body)
    assert started.status_code == 202
    assert started.json()["status"] == "started"
    warning = started.headers["warning"]
    for name in ("session_id", "constraints.flexible", "client_version"):
        assert name in warning and any(name in i for i in started.json()["ignored"])
    doc = seed.get_status(started.json()["job_id"])
    assert doc["constraints"]["destinations"] == ["Tokyo"]
    assert doc["constraints"]["departure_city"] == "LAX"

    invalid = seed.http.post("/v1/plan", json={"query": "Test query"})  # no user_id
    assert invalid.status_code == 422
    error = invalid.json()
    assert error["error"] == "ValidationError" and "user_id" in error["message"]
    assert error["details"]["errors"][0]["loc"] == ["body", "user_id"]
    assert error["detail"] == error["details"]["errors"]  # FastAPI's, kept


def test_feedback_with_the_seed_aspects(seed: SeedBackend) -> None:
    job_id = seed.plan_trip("seed-erin", "Test query", {}).json()["job_id"]
    readme = {
        "job_id": job_id,
        "rating": 5,
        "comment": "Perfect itinerary!",
        "helpful_aspects": ["budget_accuracy", "creative_suggestions"],
        "improvement_areas": ["flight_times"],
    }
    stored = seed.feedback(readme)
    assert stored.status_code == 200
    assert stored.json()["message"] == "Feedback submitted successfully"
    assert stored.json()["helpful_aspects"] == ["budget_accuracy", "creative_suggestions"]
    # The original's own test: free-text aspects, kept, a matching one mapped to its tag.
    words = seed.feedback(
        {
            **readme,
            "comment": "Great job!",
            "helpful_aspects": ["speed", "Hotel choice"],
            "improvement_areas": [],
        }
    )
    assert words.status_code == 200
    assert words.json()["helpful_aspects"] == ["hotel_choice"]
    assert words.json()["untagged"] == ["speed"] and "speed" in words.json()["comment"]
    kept = seed.get_status(job_id)["feedback"]
    assert [f["rating"] for f in kept] == [5, 5] and "speed" in kept[1]["comment"]
    assert seed.feedback({**readme, "job_id": "nonexistent"}).status_code == 404


def test_preferences_as_the_original_sends_them(seed: SeedBackend) -> None:
    got = seed.http.get("/v1/preferences/seed-frank")
    assert got.status_code == 200 and got.json() == {"user_id": "seed-frank", "preferences": {}}
    bare = {
        "travel_style": "adventure",
        "budget_range": {"min": 1000, "max": 5000},
        "preferred_destinations": ["Japan", "Iceland", "New Zealand"],
        "interests": ["nature", "food"],
    }
    put = seed.http.put("/v1/preferences/seed-frank", json=bare)
    assert put.status_code == 200
    assert put.json()["preferences"] == {"interests": ["food", "nature"]}
    for name in ("travel_style", "budget_range", "preferred_destinations"):
        assert name in put.headers["warning"]
    wrapped = seed.http.put("/v1/preferences/seed-frank", json={"preferences": {"pace": "packed"}})
    assert wrapped.json()["preferences"] == {"interests": ["food", "nature"], "pace": "packed"}
    operator = seed.http.put("/v1/preferences/seed-frank", json={"opik_url": "http://x.test"})
    assert operator.status_code == 403 and operator.json()["error"] == "Forbidden"


def test_suggest_with_the_seed_bodies(seed: SeedBackend) -> None:
    readme = {
        "user_id": "seed-gina",
        "trigger_type": "price_drop",
        "context": {"route": "LAX->NRT", "old_price": 850, "new_price": 650, "savings": 200},
    }
    started = seed.suggest(readme)
    assert started.status_code == 202
    assert started.json()["status"] == "started" and started.json()["job_id"]
    with_constraints = seed.suggest(
        {
            **readme,
            "context": {**readme["context"], "new_price": 600},
            "constraints": {"budget_usd": 2000},
        }
    )
    assert with_constraints.status_code == 202
    assert "constraints" in with_constraints.headers["warning"]
    doc = seed.get_status(started.json()["job_id"])
    assert doc["mode"] == "proactive" and doc["status"] in SEED_STATUSES


def test_list_jobs_with_counts_and_both_filter_names(seed: SeedBackend) -> None:
    user = "seed-hank"
    ids = [seed.plan_trip(user, "Test query", {}).json()["job_id"] for _ in range(3)]
    for job_id in ids:
        seed.poll_until_done(job_id)  # "Test query" names no city: each fails
    page = seed.http.get(f"/v1/jobs/{user}?limit=2").json()
    assert page["count"] == 2 and page["total"] == 3
    assert all(j["status"] in SEED_STATUSES for j in page["jobs"])
    failed = seed.http.get(f"/v1/jobs/{user}?status_filter=failed").json()
    assert failed["total"] == 3 and {j["job_id"] for j in failed["jobs"]} == set(ids)
    assert seed.http.get(f"/v1/jobs/{user}?status=completed").json()["total"] == 0
    lotara_name = seed.http.get(f"/v1/jobs/{user}?status=failed").json()
    assert lotara_name["count"] == 3
    unknown = seed.http.get(f"/v1/jobs/{user}?status=done")
    assert unknown.status_code == 422 and unknown.json()["error"] == "ValidationError"


def test_the_edges_the_seed_clients_meet(seed: SeedBackend) -> None:
    missing = seed.http.get("/v1/status/nonexistent")
    assert missing.status_code == 404 and missing.json()["error"] == "NotFound"
    assert seed.approve("nonexistent", True).status_code == 404
    job_id = seed.plan_trip("seed-ivy", "Test query", {}).json()["job_id"]
    huge_id = seed.http.get(f"/v1/stream/{job_id}", headers={"Last-Event-ID": "9" * 20})
    assert huge_id.status_code == 400 and huge_id.headers["content-type"] == "application/json"
    big = seed.http.post(
        "/v1/plan",
        json={"user_id": "seed-ivy", "query": "x" * 5000},
        headers={"Origin": ORIGIN},
    )
    assert big.status_code == 413 and big.json()["code"] == "too_large"
    assert big.headers["access-control-allow-origin"] == ORIGIN
    not_utf8 = seed.http.post(
        "/v1/plan",
        content=b'{"user_id": "u", "query": "caf\xe9"}',
        headers={"Content-Type": "application/json"},
    )
    assert not_utf8.status_code == 400 and "UTF-8" in not_utf8.json()["message"]
    options = seed.http.options("/v1/preferences/seed-ivy")
    assert options.status_code == 204
    assert options.headers["allow"] == "GET, OPTIONS, PUT"
