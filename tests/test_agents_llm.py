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
TEXT = {"title": "Kyoto, slowly", "summary": "Four quiet days of temples and tea for two."}


def test_the_model_reads_the_request_and_writes_the_summary(store, scripted) -> None:
    scripted.answers = [DRAFT, TEXT]
    # The offline reader finds no destination in this sentence; the model's reading is used.
    job = run(store, "somewhere calm with old wooden temples, the two of us, leaving SFO")

    assert job.status is JobStatus.COMPLETED, job.error
    assert job.model == "scripted-test"
    request = job.request
    assert [d.city for d in request.destinations] == ["Kyoto"]
    assert request.days == 4 and request.travelers == 2 and request.budget.amount == 5000
    assert request.interests == ["culture"]  # words outside the vocabulary are dropped
    assert job.itinerary.title == "Kyoto, slowly"
    assert job.itinerary.summary == TEXT["summary"]
    assert job.itinerary.ok

    first, second = scripted.requests
    assert "old wooden temples" in request_text(first)
    assert "Kyoto" in request_text(second)  # the summary model sees the plan's facts
    events = store.events(job.job_id)
    assert not any(e.data.get("key") == "model_fallback" for e in events)


def test_explicit_options_still_beat_the_models_reading(store, scripted) -> None:
    from lotara.models import PlanConstraints

    scripted.answers = [DRAFT, TEXT]
    job_id = engine.create_job(
        store,
        PlanRequest(
            user_id="tester",
            query="somewhere calm with temples from SFO",
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
    scripted.answers = [TimeoutError("deadline"), RuntimeError("429 quota exceeded")] * 2
    job = run(store, "5 days in Tokyo from LAX for under $3000")

    assert job.status is JobStatus.COMPLETED, job.error
    assert [d.city for d in job.request.destinations] == ["Tokyo"]
    assert job.itinerary.title == "5 days in Tokyo"
    assert len(scripted.requests) == 4  # two tries for intent, two for summary
    said = fallbacks(store, job.job_id)
    assert [d["agent"] for d in said] == ["intent", "summary"]
    assert all(d["value"]["model"] == "scripted-test" for d in said)
    assert "quota" in said[0]["value"]["reason"]
    assert "offline" in said[0]["summary"]


def test_an_answer_that_is_not_the_schema_falls_back(store, scripted) -> None:
    scripted.answers = ["Sure! Tokyo sounds lovely.", "{not json", TEXT]
    job = run(store, "5 days in Tokyo from LAX for under $3000")
    assert job.status is JobStatus.COMPLETED
    assert [d.city for d in job.request.destinations] == ["Tokyo"]
    assert job.itinerary.title == "Kyoto, slowly"  # the summary answer was fine
    said = fallbacks(store, job.job_id)
    assert [d["agent"] for d in said] == ["intent"]
    assert "JSON" in said[0]["value"]["reason"]


def test_a_reading_that_names_an_unknown_place_falls_back(store, scripted) -> None:
    scripted.answers = [{**DRAFT, "destinations": ["Qwertyuiopville"]}, TEXT]
    job = run(store, "4 days in Kyoto from SFO")
    assert job.status is JobStatus.COMPLETED
    assert [d.city for d in job.request.destinations] == ["Kyoto"]
    assert [d["agent"] for d in fallbacks(store, job.job_id)] == ["intent"]


def test_a_model_that_cannot_be_built_plans_offline(store, monkeypatch) -> None:
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    monkeypatch.delenv("GOOGLE_GENAI_USE_VERTEXAI", raising=False)
    job = run(store, "5 days in Tokyo from LAX", model="gemini-2.5-flash")
    assert job.status is JobStatus.COMPLETED
    [said] = fallbacks(store, job.job_id)
    assert "GOOGLE_API_KEY" in said["value"]["reason"]


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
