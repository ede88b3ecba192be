"""POST /v1/suggest goes the way of `lotara watch trigger`: one claim per trigger, one job.

The same trigger sent twice (over HTTP, or once over HTTP and once from the CLI) gives the
same suggestion and job; the runner marks the suggestion ready when the job ends.
"""

from __future__ import annotations

import json
from pathlib import Path

from lotara.models import JobStatus
from lotara.proactive import suggestions
from tests.api_support import ScriptedEngine, make_client, until

DROP = {
    "user_id": "tester",
    "trigger_type": "price_drop",
    "context": {"route": "LAX->NRT", "old_price": 850, "new_price": 650},
}


def test_the_same_trigger_twice_is_one_suggestion(home: Path, store, cli) -> None:
    engine = ScriptedEngine(gate=False)
    with make_client(home, engine=engine) as client:
        first = client.post("/v1/suggest", json=DROP)
        assert first.status_code == 202
        made = first.json()
        assert made["status"] == "started" and made["duplicate"] is False
        job_id = made["job_id"]
        assert until(lambda: store.status_of(job_id) is JobStatus.COMPLETED)
        # The runner settles the suggestion once its job has run, as `watch trigger` does.
        doc = suggestions.document(store, made["suggestion_id"])
        assert until(lambda: suggestions.find_by_key(store, doc["dedupe_key"])[1] == "ready")

        # Keys in another order, the route spelt differently: the same opportunity.
        same = {**DROP, "context": {"new_price": 650, "old_price": 850, "route": "lax-nrt"}}
        again = client.post("/v1/suggest", json=same)
        assert again.status_code == 202
        assert again.json() == {**made, "duplicate": True}

        other = client.post("/v1/suggest", json={**DROP, "user_id": "someone_else"})
        assert other.json()["job_id"] != job_id
    assert engine.ran.count(job_id) == 1

    # The CLI's trigger finds the same suggestion: one path for both.
    context = json.dumps(DROP["context"])
    out = cli("watch", "trigger", "price_drop", "--context", context, "--json")
    assert out.exit_code == 0, out.stderr
    assert "already suggested" in out.stderr
    assert json.loads(out.stdout)["job_id"] == job_id


def test_a_trigger_queued_on_a_server_that_runs_nothing_is_not_doubled(home: Path, store) -> None:
    with make_client(home, max_running=0) as client:
        first = client.post("/v1/suggest", json=DROP).json()
        second = client.post("/v1/suggest", json=DROP).json()
        assert second["job_id"] == first["job_id"] and second["duplicate"] is True
        assert store.status_of(first["job_id"]) is JobStatus.QUEUED
    total = store.db.execute("SELECT count(*) FROM suggestions").fetchone()[0]
    assert total == 1
    engine = ScriptedEngine(gate=False)
    with make_client(home, engine=engine):  # the next server runs it and settles the row
        assert until(lambda: suggestions.ready_suggestions(store) != [])
    assert engine.ran == [first["job_id"]]


def test_a_context_that_does_not_fit_its_type_is_a_422(home: Path) -> None:
    with make_client(home, max_running=0) as client:
        bad = client.post(
            "/v1/suggest",
            json={**DROP, "context": {"route": "LAX->NRT", "old_price": 500, "new_price": 650}},
        )
        assert bad.status_code == 422
        (issue,) = bad.json()["detail"]
        assert issue["loc"] == ["body", "context"] and "below its old_price" in issue["msg"]
        gap = client.post(
            "/v1/suggest",
            json={"user_id": "u", "trigger_type": "calendar_gap", "context": {"start": "x"}},
        )
        assert gap.status_code == 422
