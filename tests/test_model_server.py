"""A model that fails in every way a server can: lotara plans anyway, says so, stays quiet.

lotara reaches a fake OpenAI-compatible server (tests/fake_openai.py: real uvicorn on
loopback, OpenAI's JSON) through LiteLLM, as ``openai/fake`` with ``OPENAI_API_BASE``, just
as it reaches a real local model. Waits are bounded by ``LOTARA_MODEL_TIMEOUT``: that they
are is asserted by what the server was asked and what the plan says, not by the clock.
"""

from __future__ import annotations

import json

import pytest

from lotara.jobs import engine
from lotara.models import EventType, JobStatus, PlanRequest
from tests.fake_openai import HANG, FakeModelServer, Reply, Serving, answer, error

pytest.importorskip("litellm")

QUERY = "5 days in Tokyo from LAX for under $3000, food"
CHAT = "/v1/chat/completions"


@pytest.fixture
def fake(monkeypatch):
    server = FakeModelServer()
    serving = Serving(server)
    serving.start()
    monkeypatch.setenv("OPENAI_API_BASE", f"{server.base_url}/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-fake")
    monkeypatch.setenv("OLLAMA_API_BASE", server.base_url)
    # Long enough for LiteLLM's first call in a process (it imports its provider then);
    # the tests of a hung server shorten it.
    monkeypatch.setenv("LOTARA_MODEL_TIMEOUT", "10")
    yield server
    serving.stop()


def plan(store, query: str = QUERY, model: str = "openai/fake"):
    job_id = engine.create_job(store, PlanRequest(user_id="tester", query=query, model=model))
    return engine.run_job(store, job_id)


def fallbacks(store, job_id: str) -> list[dict]:
    return [
        e.data
        for e in store.events(job_id)
        if e.type is EventType.AGENT_OUTPUT and e.data.get("key") == "model_fallback"
    ]


@pytest.fixture(scope="module")
def offline_plan(tmp_path_factory):
    """The plan lotara makes for QUERY without a model: what a failing model must not change."""
    from lotara.jobs.store import open_store

    store = open_store(tmp_path_factory.mktemp("offline"))
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("LOTARA_NOW", "2027-03-01T09:00:00Z")
            job = plan(store, model="offline")
        return job.model_dump(mode="json")
    finally:
        store.close()


def same_trip(job, offline: dict) -> None:
    assert job.status is JobStatus.COMPLETED, job.error
    request = job.request.model_dump(mode="json")
    for key in ("destinations", "days", "travelers", "budget", "start_date", "interests"):
        assert request[key] == offline["request"][key], key
    assert job.itinerary.cost.total == offline["itinerary"]["cost"]["total"]


def test_a_server_error_is_retried_once_then_the_plan_is_made_offline(
    store, fake, offline_plan, capfd
) -> None:
    fake.script = [error(500)] * 4
    job = plan(store)

    same_trip(job, offline_plan)
    assert fake.paths() == [CHAT] * 4  # two tries for the reading, two for the summary
    said = fallbacks(store, job.job_id)
    assert [d["agent"] for d in said] == ["intent", "summary"]
    assert "InternalServerError" in said[0]["value"]["reason"]
    assert said[0]["summary"].startswith("The model openai/fake gave no usable answer in 2 tries")
    assert said[0]["summary"].endswith("so lotara read the request itself.")
    # The plan says it, not only the event log.
    notes = job.itinerary.notes
    assert any(n.startswith("The model openai/fake") and "read the request" in n for n in notes)
    assert any("wrote the title and summary itself" in n for n in notes)
    assert capfd.readouterr().out == ""  # no LiteLLM banner on stdout


def test_a_model_slower_than_the_wait_is_not_waited_for_or_asked_again(
    store, fake, offline_plan, monkeypatch
) -> None:
    monkeypatch.setenv("LOTARA_MODEL_TIMEOUT", "1")
    fake.script = [HANG, HANG, HANG]
    job = plan(store)

    same_trip(job, offline_plan)
    # At most one ask per step: a timeout is final, so nobody waits twice.
    assert fake.paths() in ([CHAT], [CHAT, CHAT])
    said = fallbacks(store, job.job_id)
    assert [d["value"]["reason"] for d in said] == ["it did not answer within 1 s"] * 2
    assert [d["value"]["attempts"] for d in said] == [1, 1]
    assert "gave no usable answer (it did not answer within 1 s)" in job.itinerary.notes[-1]


def test_the_plans_model_budget_bounds_the_waits_together(
    store, fake, offline_plan, monkeypatch
) -> None:
    monkeypatch.setenv("LOTARA_MODEL_TIMEOUT", "1")
    monkeypatch.setenv("LOTARA_MODEL_BUDGET", "1.5")
    fake.script = [HANG, HANG, HANG]
    job = plan(store)

    same_trip(job, offline_plan)
    reasons = [d["value"]["reason"] for d in fallbacks(store, job.job_id)]
    assert reasons[0] == "it did not answer within 1 s"
    # The summary gets what is left of the budget, or nothing if it is spent.
    assert reasons[1].startswith("it did not answer within 0.") or "budget" in reasons[1]


def test_an_authentication_error_is_not_retried(store, fake, offline_plan) -> None:
    fake.script = [error(401, "Incorrect API key provided")] * 4
    job = plan(store)

    same_trip(job, offline_plan)
    assert fake.paths() == [CHAT, CHAT]  # one per step
    reason = fallbacks(store, job.job_id)[0]["value"]["reason"]
    assert "AuthenticationError" in reason and "Incorrect API key" in reason


@pytest.mark.parametrize(
    "reply",
    [
        Reply(body="{not json"),  # the server's body is not JSON
        answer('{"destinations": ["Tok'),  # the model's JSON is cut off
        answer("I'm sorry, but I can't help with planning trips."),  # a refusal
        Reply(status=429, body='{"error": {"message": "Rate limit reached", "type": "x"}}'),
    ],
    ids=["malformed-body", "truncated-json", "refusal", "rate-limited"],
)
def test_an_answer_lotara_cannot_use_leaves_the_plan_as_offline(
    store, fake, offline_plan, reply, capfd
) -> None:
    fake.script = [reply, reply, reply, reply]
    job = plan(store)

    same_trip(job, offline_plan)
    said = fallbacks(store, job.job_id)
    assert said and said[0]["agent"] == "intent"
    assert said[0]["value"]["reason"]  # the whole reason, never empty
    assert job.itinerary.title == offline_plan["itinerary"]["title"]
    assert capfd.readouterr().out == ""


def test_a_reading_that_names_a_place_the_request_does_not_is_discarded(
    store, fake, offline_plan
) -> None:
    wrong = {"destinations": ["Tokyo", "Osaka"], "days": 9, "interests": ["nightlife"]}
    fake.script = [answer(wrong), error(500), error(500)]
    job = plan(store)

    same_trip(job, offline_plan)
    notes = " ".join(job.request.notes)
    assert "'Osaka'" in notes and "9" in notes and "nightlife" in notes


def test_a_summary_with_a_wrong_total_is_replaced_by_the_offline_text(
    store, fake, offline_plan
) -> None:
    total = offline_plan["itinerary"]["cost"]["total"]
    dearer = f"Five days in Tokyo for ${total + 900:,.0f}."
    wrong = {"title": "Tokyo for foodies", "summary": dearer}
    fake.script = [answer({}), answer(wrong)]
    job = plan(store)

    same_trip(job, offline_plan)
    assert job.itinerary.summary == offline_plan["itinerary"]["summary"]
    [said] = fallbacks(store, job.job_id)
    assert said["agent"] == "summary"
    assert "does not state the trip's total" in said["value"]["reason"]
    assert said["summary"].startswith("The model openai/fake was not used (its text cannot stand")


def test_a_good_summary_is_used(store, fake, offline_plan) -> None:
    total = offline_plan["itinerary"]["cost"]["total"]
    good = {"title": "Tokyo, tasted", "summary": f"Five days of food in Tokyo for ${total:,.2f}."}
    fake.script = [answer({}), answer(good)]
    job = plan(store)

    same_trip(job, offline_plan)
    assert job.itinerary.title == "Tokyo, tasted"
    assert not fallbacks(store, job.job_id)
    # LiteLLM sent lotara's schema: the server was asked for JSON, with the instruction.
    body = fake.requests[1][1]
    assert body["model"] == "fake"
    assert "summary" in json.dumps(body.get("response_format", {}))


def test_a_hung_ollama_server_is_never_asked_for_model_info(
    store, fake, offline_plan, monkeypatch
) -> None:
    monkeypatch.setenv("LOTARA_MODEL_TIMEOUT", "1")
    # LiteLLM asks an unknown ollama/ model's server for its info with a synchronous call
    # that lotara's timeout cannot cancel; the fake never answers it.
    fake.script = [HANG, HANG]
    job = plan(store, model="ollama/fake-local")

    same_trip(job, offline_plan)
    assert "/api/show" not in fake.paths()
    assert [d["value"]["attempts"] for d in fallbacks(store, job.job_id)] == [1, 1]


def test_plan_json_stays_clean_with_a_failing_model(run_lotara, fake) -> None:
    fake.script = [error(500)] * 4
    proc = run_lotara(
        "plan",
        QUERY,
        "--json",
        "--model",
        "openai/fake",
        timeout=180,
        extra_env={"LOTARA_MODEL_TIMEOUT": "20"},
    )
    assert proc.returncode == 0, proc.stderr
    job = json.loads(proc.stdout)  # nothing but the job on stdout
    assert job["status"] == "completed"
    assert any(n.startswith("The model openai/fake") for n in job["itinerary"]["notes"])
    assert "Give Feedback" not in proc.stderr and "model cost map" not in proc.stderr
