"""The specialists that benefit from language: intent, summary and suggestion text.

With a model configured, each is an ADK ``LlmAgent`` with structured output (a pydantic
schema), run as a dynamic child of its workflow node. Without one, or when the model fails
(timeout, quota, an answer that is not the schema), the deterministic specialist answers
instead and the job's events say so, with the whole reason. Each call waits at most
``LOTARA_MODEL_TIMEOUT`` seconds; a timeout or an authentication error is not retried, and
a plan spends at most ``LOTARA_MODEL_BUDGET`` seconds on its model in all. The planning
algorithms are the same either way: a model only reads the sentence and writes prose, and
both are checked (``grounding``, ``prose_problem``).
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, Field, ValidationError

from lotara.models import INTERESTS, PACES, PlanConstraints

if TYPE_CHECKING:
    from lotara.agents.run import Run
    from lotara.models import Itinerary, TripRequest

MODEL_ATTEMPTS = 2
DEFAULT_TIMEOUT_S = 20.0
"""A call's wait: enough for a cloud model or a small local one; ``LOTARA_MODEL_TIMEOUT``."""
DEFAULT_BUDGET_S = 60.0
"""A plan's model time in all (intent and summary); ``LOTARA_MODEL_BUDGET``."""


def _seconds(name: str, default: float) -> float:
    import os

    raw = os.environ.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        return default
    return value if value > 0 else default


def model_timeout() -> float:
    """Seconds one model call may take (``LOTARA_MODEL_TIMEOUT``, default 20)."""
    return _seconds("LOTARA_MODEL_TIMEOUT", DEFAULT_TIMEOUT_S)


def model_budget() -> float:
    """Seconds a plan may spend waiting on its model in all (``LOTARA_MODEL_BUDGET``)."""
    return _seconds("LOTARA_MODEL_BUDGET", DEFAULT_BUDGET_S)


class _Final(Exception):
    """A model failure that another attempt cannot fix (a timeout, a refused key)."""


Answer = TypeVar("Answer", bound=BaseModel)


class TripDraft(BaseModel):
    """What the intent model reads from the traveller's sentence (nothing it did not say)."""

    destinations: list[str] = Field(default_factory=list, description="cities, in order")
    origin: str | None = Field(default=None, description="city or IATA code they leave from")
    days: int | None = Field(default=None, description="trip length in days")
    start_date: str | None = Field(default=None, description="ISO date, only if stated")
    travelers: int | None = None
    budget: float | None = Field(default=None, description="total for the whole party")
    currency: str | None = Field(default=None, description="ISO 4217 code of the budget")
    interests: list[str] = Field(default_factory=list, description=", ".join(INTERESTS))
    pace: str | None = Field(default=None, description=", ".join(PACES))


class TripText(BaseModel):
    """A title and a short paragraph a traveller reads first."""

    title: str = Field(max_length=120)
    summary: str = Field(max_length=1200)


INTENT_INSTRUCTION = (
    "You read a traveller's request and fill the schema with what it says and nothing more. "
    "Destinations are city names in visiting order. The budget is the total for the whole "
    "party unless the request says per person, in which case multiply it out. Interests use "
    f"only these words: {', '.join(INTERESTS)}. Leave out anything the request does not say."
)
SUMMARY_INSTRUCTION = (
    "You write the title and a three-sentence summary of a planned trip for the traveller, "
    "from the JSON you are given. Use only the facts in it: cities, dates, the stay, two or "
    "three highlights, the total and the budget. No invented prices or places."
)
SUGGESTION_INSTRUCTION = (
    "You write a short, friendly suggestion for a trip lotara noticed an opportunity for "
    "(a price drop, a free window in the calendar, or money left in a travel budget), from "
    "the JSON you are given: say why now, where, when and the total. Use only those facts."
)


async def ask_model(
    ctx: Any, run: Run, *, agent: str, schema: type[Answer], instruction: str, text: str
) -> Answer | None:
    """The model's structured answer, or None (after saying why) when there is none to use."""
    if run.llm is None:
        return None
    import time

    from google.adk.agents import LlmAgent

    reason = "no answer"
    attempts = 0
    for attempt in range(1, MODEL_ATTEMPTS + 1):
        left = model_budget() - run.model_seconds
        if left <= 0:
            reason = f"the plan's model time budget ({model_budget():g} s) is spent"
            break
        wait = min(model_timeout(), left)
        model_agent = LlmAgent(
            name=f"{agent}_model",
            model=run.llm,
            instruction=instruction,
            output_schema=schema,
            include_contents="none",
        )
        from lotara.tracing import track_agents  # Opik's model spans, when traced

        track_agents(model_agent)
        attempts = attempt
        started = time.monotonic()
        try:
            try:
                answer = await asyncio.wait_for(
                    ctx.run_node(model_agent, node_input=text, run_id=f"{agent}-model-{attempt}"),
                    timeout=wait,
                )
            except TimeoutError as error:
                raise _Final(f"it did not answer within {max(round(wait, 1), 0.1):g} s") from error
            if answer is None:
                raise ValueError("the model gave no answer")
            if isinstance(answer, str):
                answer = json.loads(answer)
            return schema.model_validate(answer)
        except Exception as error:  # quota, network, timeouts, bad JSON: all mean "use offline"
            reason = _reason(error)
            if isinstance(error, _Final) or _is_final(error):
                break
        finally:
            run.model_seconds += time.monotonic() - started
    fallback(run, agent, reason, attempts=attempts)
    return None


def _is_final(error: BaseException) -> bool:
    """A timeout or an authentication error: asking again gives the same answer, later."""
    inner = getattr(error, "error", None)
    cause = inner if isinstance(inner, BaseException) else error
    name = type(cause).__name__
    if isinstance(cause, TimeoutError) or name in {"Timeout", "AuthenticationError"}:
        return True
    return getattr(cause, "status_code", None) in {401, 403}


DOES = {
    "intent": "read the request",
    "summary": "wrote the title and summary",
    "proactive": "wrote the suggestion",
}


def fallback_sentence(model: str, agent: str, reason: str, attempts: int) -> str:
    """One sentence: what the model did, why, and what lotara did instead."""
    if attempts >= 2:
        what = f"gave no usable answer in {attempts} tries"
    elif attempts == 1:
        what = "gave no usable answer"
    else:
        what = "was not used"
    short = reason if len(reason) <= 300 else reason[:299].rstrip() + "…"
    does = DOES.get(agent, f"did the {agent} step")
    return f"The model {model} {what} ({short}), so lotara {does} itself."


def fallback(run: Run, agent: str, reason: str, *, attempts: int = 0) -> None:
    """Say in the job's events, and in the plan's notes, that ``agent`` answered offline.

    The event carries the whole reason; the note, one sentence, joins the plan's notes when
    the summary writes it (``note_fallbacks``), whichever step fell back.
    """
    sentence = fallback_sentence(run.model_name, agent, reason, attempts)
    run.output(
        agent,
        "model_fallback",
        {"model": run.model_name, "reason": reason, "attempts": attempts, "note": sentence},
        sentence,
    )


def note_fallbacks(run: Run, itinerary: Itinerary) -> None:
    """Put this job's model fallbacks (said in its events) in its plan's notes."""
    from lotara.models import EventType

    for event in run.store.events(run.job_id):
        if event.type is not EventType.AGENT_OUTPUT or event.data.get("key") != "model_fallback":
            continue
        note = (event.data.get("value") or {}).get("note")
        if isinstance(note, str) and note not in itinerary.notes:
            itinerary.notes.append(note)


def _reason(error: BaseException) -> str:
    """Why a model call failed, whole (ADK wraps a child node's error: unwrap it)."""
    if isinstance(error, _Final):
        return str(error)
    inner = getattr(error, "error", None)
    cause = inner if isinstance(inner, BaseException) else error
    if isinstance(cause, TimeoutError):
        return "it timed out" + (f" ({_text(cause)})" if str(cause) else "")
    if isinstance(cause, ValidationError | ValueError):
        return f"an answer that is not the expected JSON ({_text(cause)})"
    return f"{type(cause).__name__}: {_text(cause)}"


def _text(error: BaseException) -> str:
    """The error's whole message on one line (bounded, so an event stays small)."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:2000]


def prose_problem(text: TripText, request: TripRequest, itinerary: Itinerary) -> str | None:
    """Why a model's title and summary cannot stand for the trip; None when they can.

    They must name every city, and state the total in the trip's currency (its code or its
    symbol); a total they state must be the trip's.
    """
    from lotara.world.money import SYMBOLS

    said = f"{text.title} {text.summary}"
    lowered = said.lower()
    missing = [d.city for d in request.destinations if d.city.lower() not in lowered]
    if missing:
        return f"it leaves out {', '.join(missing)}"
    currency = itinerary.cost.currency
    marks = {currency, SYMBOLS.get(currency, currency)}
    if not any(mark in said for mark in marks):
        return f"it does not use the trip's currency ({currency})"
    own = SYMBOLS.get(currency, currency)
    others = [
        c
        for c, sym in SYMBOLS.items()
        if c != currency and (re.search(rf"\b{c}\b", said) or (sym not in own and sym in said))
    ]
    if others:
        return f"it prices the trip in {', '.join(others)}, not {currency}"
    total = round(itinerary.cost.total)
    amounts = {
        round(float(n.replace(",", "")))
        for n in re.findall(r"\d[\d,]*(?:\.\d+)?", said)
        if n.replace(",", "").replace(".", "").isdigit()
    }
    if total not in amounts and not any(abs(a - total) <= 1 for a in amounts):
        return f"it does not state the trip's total ({total:,} {currency})"
    return None


def constraints_from(draft: TripDraft, explicit: PlanConstraints | None) -> PlanConstraints:
    """The job's explicit constraints, with what the model read filling what they leave open."""
    from datetime import date

    base = explicit or PlanConstraints()
    start = None
    if draft.start_date:
        try:
            start = date.fromisoformat(draft.start_date)
        except ValueError:
            start = None
    interests = [i.lower() for i in draft.interests if i.lower() in INTERESTS]
    pace = draft.pace.lower() if draft.pace and draft.pace.lower() in PACES else None
    read = {
        "destinations": [d for d in draft.destinations if d.strip()] or None,
        "departure_city": draft.origin,
        "duration_days": draft.days if draft.days and 1 <= draft.days <= 60 else None,
        "start_date": start,
        "travelers": draft.travelers if draft.travelers and 1 <= draft.travelers <= 20 else None,
        "budget": draft.budget if draft.budget and draft.budget > 0 else None,
        "currency": draft.currency.upper() if draft.currency and len(draft.currency) == 3 else None,
        "interests": interests or None,
        "pace": pace,
    }
    merged = base.model_dump()
    for key, value in read.items():
        if merged.get(key) is None and value is not None:
            merged[key] = value
    if base.budget_usd is not None:
        merged["budget"] = base.budget
    return PlanConstraints.model_validate(merged)


def trip_digest(request: TripRequest, itinerary: Itinerary) -> dict[str, Any]:
    """The facts a model may use to write about a trip: small, and nothing else."""
    highlights = [
        item.name for day in itinerary.days for item in day.items if item.kind == "activity"
    ][:6]
    return {
        "cities": [d.city for d in request.destinations],
        "from": request.origin_city or request.origin,
        "start": request.start_date.isoformat(),
        "end": request.end_date.isoformat(),
        "travelers": request.travelers,
        "stays": [f"{s.stay.name}, {s.nights} nights" for s in itinerary.stays],
        "highlights": highlights,
        "total": itinerary.cost.total,
        "currency": itinerary.cost.currency,
        "budget": request.budget.amount if request.budget else None,
        "notes": itinerary.notes[:4],
    }


def offline_text(request: TripRequest, itinerary: Itinerary) -> TripText:
    """The deterministic title and summary: the planner's, with the day's best highlights."""
    highlights = trip_digest(request, itinerary)["highlights"][:3]
    summary = itinerary.summary
    if highlights:
        summary += " Highlights: " + ", ".join(highlights) + "."
    return TripText(title=itinerary.title, summary=summary)
