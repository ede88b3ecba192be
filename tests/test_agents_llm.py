"""The language specialists with a model: a scripted fake (queued answers), never a network.

``ScriptedLlm`` is an ADK ``BaseLlm`` registered under a model name with
``lotara.agents.llm.register_model``; a job planned with that model runs the intent and
summary specialists as ``LlmAgent``s with structured output. A failing or rambling model
makes them fall back to the offline specialists, and the job's events say so.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from typing import Any

import pytest
from google.adk.models.base_llm import BaseLlm
from google.adk.models.llm_request import LlmRequest
from google.adk.models.llm_response import LlmResponse
from google.genai import types

from lotara.agents import llm
from lotara.jobs import engine
from lotara.models import EventType, JobStatus, PlanRequest


class ScriptedLlm(BaseLlm):
    """Answers each call with the next queued text, or raises the next queued exception."""

    model: str = "scripted"
    answers: list[Any] = []
    requests: list[LlmRequest] = []

    async def generate_content_async(
        self, llm_request: LlmRequest, stream: bool = False
    ) -> AsyncGenerator[LlmResponse, None]:
        self.requests.append(llm_request)
        if not self.answers:
            raise RuntimeError("the script has no more answers")
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        text = answer if isinstance(answer, str) else json.dumps(answer)
        yield LlmResponse(content=types.Content(role="model", parts=[types.Part(text=text)]))


@pytest.fixture
def scripted():
    model = ScriptedLlm(answers=[], requests=[])
    undo = llm.register_model("scripted-test", lambda: model)
    yield model
    undo()


def run(store, query: str, *, model: str = "scripted-test"):
    job_id = engine.create_job(store, PlanRequest(user_id="tester", query=query, model=model))
    return engine.run_job(store, job_id)


def request_text(request: LlmRequest) -> str:
    return " ".join(p.text or "" for c in request.contents for p in c.parts or [])


DRAFT = {
    "destinations": ["Kyoto"],
    "origin": "SFO",
    "days": 4,
    "travelers": 2,
    "budget": 5000,
    "currency": "USD",
    "interests": ["culture", "gardens"],
}


def text_for(job) -> dict[str, str]:
    """A summary that names the trip's cities and states its total in its currency."""
    it = job.itinerary
    cities = " and ".join(d.city for d in job.request.destinations)
    return {
        "title": f"{cities}, slowly",
        "summary": f"Quiet days in {cities} for {it.cost.total:,.0f} {it.cost.currency}.",
    }


TEXT = {"title": "Kyoto, slowly", "summary": "Four quiet days of temples in Kyoto for 0 USD."}


def notes_of(store, job_id: str) -> list[str]:
    return [
        e.data["value"]["note"]
        for e in store.events(job_id)
        if e.type is EventType.AGENT_OUTPUT and e.data.get("key") == "model_note"
    ]


def test_the_model_fills_what_the_reader_left_and_writes_a_checked_summary(store, scripted) -> None:
    offline = run(store, "4 days in Kyoto from SFO, the two of us, temples", model="offline")
    scripted.answers = [DRAFT, text_for(offline)]
    job = run(store, "4 days in Kyoto from SFO, the two of us, temples")

    assert job.status is JobStatus.COMPLETED, job.error
    request = job.request
    assert [d.city for d in request.destinations] == ["Kyoto"]
    assert request.days == 4 and request.travelers == offline.request.travelers
    assert request.budget is None  # "5000" is not in the sentence
    assert job.itinerary.title == "Kyoto, slowly"
    assert any("budget" in n for n in request.notes)
    first, second = scripted.requests
    assert "temples" in request_text(first)
    assert "Kyoto" in request_text(second)  # the summary model sees the plan's facts
    assert not fallbacks(store, job.job_id)


def test_a_wrong_well_formed_reading_cannot_beat_the_reader(store, scripted) -> None:
    wrong = {
        "destinations": ["Los Angeles", "Tokyo", "Paris"],
        "origin": "LAX",
        "days": 40,
        "travelers": 12,
        "interests": ["nightlife", "food"],
    }
    offline = run(store, "5 days in Tokyo from LAX for under $3000, food", model="offline")
    scripted.answers = [wrong, TEXT]
    job = run(store, "5 days in Tokyo from LAX for under $3000, food")

    assert job.status is JobStatus.COMPLETED, job.error
    assert job.request.destinations == offline.request.destinations
    assert (job.request.days, job.request.travelers) == (5, offline.request.travelers)
    assert job.request.budget == offline.request.budget
    said = " ".join(notes_of(store, job.job_id))
    assert "Paris" in said and "the origin" in said and "40" in said
    # The summary names Kyoto, not Tokyo: the offline text is used.
    assert job.itinerary.title == offline.itinerary.title
    reasons = [d["value"]["reason"] for d in fallbacks(store, job.job_id)]
    assert reasons and "leaves out Tokyo" in reasons[-1]


def test_an_invented_destination_does_not_make_a_plan(store, scripted) -> None:
    scripted.answers = [DRAFT, TEXT]
    job = run(store, "somewhere calm with old wooden temples, the two of us, leaving SFO")
    # The sentence names no city; the model's "Kyoto" is not grounded in it.
    assert job.status is JobStatus.FAILED
    assert job.error.code == "query_not_understood"


def test_a_summary_in_another_currency_is_replaced(store, scripted) -> None:
    offline = run(store, "5 days in Paris from London for under 3000 EUR", model="offline")
    it = offline.itinerary
    dollars = {"title": "Paris", "summary": f"Paris for ${it.cost.total:,.0f}."}
    scripted.answers = [{}, dollars]
    job = run(store, "5 days in Paris from London for under 3000 EUR")
    assert job.itinerary.summary == it.summary
    reasons = [d["value"]["reason"] for d in fallbacks(store, job.job_id)]
    assert any(it.cost.currency in r for r in reasons), reasons


def test_explicit_options_still_beat_the_models_reading(store, scripted) -> None:
    from lotara.models import PlanConstraints

    scripted.answers = [DRAFT, TEXT]
    job_id = engine.create_job(
        store,
        PlanRequest(
            user_id="tester",
            query="4 days in Kyoto from SFO, the two of us",
            model="scripted-test",
            constraints=PlanConstraints(duration_days=3, travelers=1),
        ),
    )
    job = engine.run_job(store, job_id)
    assert job.request.days == 3 and job.request.travelers == 1


def fallbacks(store, job_id: str) -> list[dict]:
    return [
        e.data
        for e in store.events(job_id)
        if e.type is EventType.AGENT_OUTPUT and e.data.get("key") == "model_fallback"
    ]


def test_a_failing_model_retries_then_plans_offline_and_says_so(store, scripted) -> None:
    scripted.answers = [RuntimeError("500 busy"), RuntimeError("429 quota exceeded")] * 2
    job = run(store, "5 days in Tokyo from LAX for under $3000")

    assert job.status is JobStatus.COMPLETED, job.error
    assert [d.city for d in job.request.destinations] == ["Tokyo"]
    assert job.itinerary.title == "5 days in Tokyo"
    assert len(scripted.requests) == 4  # two tries for intent, two for summary
    said = fallbacks(store, job.job_id)
    assert [d["agent"] for d in said] == ["intent", "summary"]
    assert all(d["value"]["model"] == "scripted-test" for d in said)
    assert "quota" in said[0]["value"]["reason"]
    assert said[0]["summary"].endswith("so lotara read the request itself.")


def test_an_answer_that_is_not_the_schema_falls_back(store, scripted) -> None:
    scripted.answers = ["Sure! Tokyo sounds lovely.", "{not json", TEXT]
    job = run(store, "5 days in Tokyo from LAX for under $3000")
    assert job.status is JobStatus.COMPLETED
    assert [d.city for d in job.request.destinations] == ["Tokyo"]
    said = fallbacks(store, job.job_id)
    assert said[0]["agent"] == "intent"
    assert "JSON" in said[0]["value"]["reason"]


def test_a_reading_that_names_an_unknown_place_falls_back(store, scripted) -> None:
    scripted.answers = [{**DRAFT, "destinations": ["Qwertyuiopville"]}, TEXT]
    job = run(store, "4 days in Kyoto from SFO")
    assert job.status is JobStatus.COMPLETED
    assert [d.city for d in job.request.destinations] == ["Kyoto"]
    assert any("Qwertyuiopville" in n for n in job.request.notes)


def test_a_model_that_cannot_be_built_plans_offline(store, monkeypatch) -> None:
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    monkeypatch.delenv("GOOGLE_GENAI_USE_VERTEXAI", raising=False)
    job = run(store, "5 days in Tokyo from LAX", model="gemini-2.5-flash")
    assert job.status is JobStatus.COMPLETED
    [said] = fallbacks(store, job.job_id)
    assert "GOOGLE_API_KEY" in said["value"]["reason"]
    # Said in the plan, not only in the events.
    assert job.itinerary is not None and said["value"]["note"] in job.itinerary.notes


def test_model_choice_job_then_environment_then_preference(store, monkeypatch) -> None:
    assert llm.model_name(None, {}) == "offline"
    assert llm.model_name(None, {"model": "ollama/llama3"}) == "ollama/llama3"
    monkeypatch.setenv("LOTARA_MODEL", "gemini-2.5-flash")
    assert llm.model_name(None, {"model": "ollama/llama3"}) == "gemini-2.5-flash"
    assert llm.model_name("openai/gpt-4o-mini", {}) == "openai/gpt-4o-mini"
    monkeypatch.delenv("LOTARA_MODEL")
    store.set_preference("tester", "model", "ollama/llama3")
    job_id = engine.create_job(store, PlanRequest(user_id="tester", query="Tokyo from LAX"))
    assert store.get_job(job_id).model == "ollama/llama3"


def test_offline_builds_no_model() -> None:
    assert llm.build_model("offline") is None


def test_a_litellm_model_without_litellm_says_what_to_install(monkeypatch) -> None:
    import importlib.util

    from lotara.errors import Unavailable

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "litellm" else real(name, *a)
    )
    with pytest.raises(Unavailable, match=r"lotara\[llm\]"):
        llm.build_model("ollama/llama3")
