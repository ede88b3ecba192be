"""The planning specialists as workflow nodes: thin calls into ``lotara.planning``.

Each node takes the ADK context, finds its job's ``Run`` (the store, provider and model of
this run), calls one planning function inside ``run.step`` (task_start, agent_output with
the partial result, task_complete) and returns its output. What the trip is (the request,
the candidates, the selection, the itinerary) goes from node to node as outputs (the
finders' candidates reach budget through the join) and in the typed session state
(``lotara.agents.state``); what a user sees goes onto the job in the store too.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from functools import partial
from typing import Any

from lotara import clock
from lotara.agents import specialists
from lotara.agents.run import ROUND_TASKS, Run, StepReport, run_of
from lotara.agents.state import EntryNeed, TripState
from lotara.agents.suggest import request_for_trigger
from lotara.errors import LotaraError
from lotara.models import Itinerary, PlanConstraints, TripRequest
from lotara.planning.candidates import (
    Candidates,
    find_activities,
    find_flights,
    find_stays,
    merge_candidates,
)
from lotara.planning.checks import failed, verify
from lotara.planning.intent import build_trip_request
from lotara.planning.optimise import choose_options
from lotara.planning.pipeline import finish, head_with_failures, repair, repairable
from lotara.planning.transfers import local_costs
from lotara.world.money import format_money

MAX_ROUNDS = 2
"""How many times verify may send a plan back to budget and itinerary."""

money = partial(format_money, whole=True)
"""``$612`` or ``1,200 THB``: how an amount reads in a one-line summary."""


def request_of(run: Run, state: TripState) -> TripRequest:
    """The job's trip request: the session's, or the stored one (a session made to book)."""
    request = state.request or run.store.get_job(run.job_id).request
    if request is None:
        raise RuntimeError("the job has no trip request to plan")
    return request


def itinerary_of(run: Run, state: TripState) -> Itinerary:
    """The job's itinerary: the session's, or the stored one (a session made to book)."""
    it = state.itinerary or run.store.get_job(run.job_id).itinerary
    if it is None:
        raise RuntimeError("the job has no itinerary yet")
    return it


def routed(route: str, output: Any = None) -> Any:
    """A node's output that takes the graph's edge named ``route``."""
    from google.adk import Event
    from google.adk.events import EventActions

    return Event(output=output, actions=EventActions(route=route))


def _describe(request: TripRequest) -> str:
    cities = ", ".join(d.city for d in request.destinations)
    who = f"{request.travelers} traveler" + ("s" if request.travelers != 1 else "")
    text = (
        f"{request.days} days in {cities} from {request.origin_city or request.origin}, "
        f"{request.start_date.isoformat()} to {request.end_date.isoformat()}, {who}"
    )
    if request.budget:
        text += f", budget {money(request.budget.amount, request.budget.currency)}"
    return text


def _keep_request(state: TripState, run: Run, request: TripRequest, agent: str) -> None:
    run.save(request=request)
    state.request = request
    run.output(agent, "request", request.model_dump(mode="json"), _describe(request))


# --- intent and proactive -----------------------------------------------------------------


async def intent(ctx: Any, node_input: Any = None) -> dict[str, Any]:
    """Read the sentence into a TripRequest: the reader's, plus a model's grounded additions."""
    run = run_of(ctx)
    job = run.job
    prefs = run.store.preferences(job.user_id)
    constraints = job.constraints
    with run.step("intent", state="understanding") as report:
        base, problem = None, None
        try:
            with run.planning(report, "build_trip_request"):
                base = build_trip_request(
                    job.query,
                    constraints=constraints or PlanConstraints(),
                    prefs=prefs,
                    provider=run.provider,
                    today=clock.today(),
                )
        except LotaraError as error:  # the model may still resolve what the reader could not
            problem = error
        request = base
        if run.llm is not None:
            request = await _with_model_reading(ctx, run, report, base) or base
        if request is None:
            assert problem is not None
            raise problem
        _keep_request(TripState(ctx.state), run, request, "intent")
        report.summary = _describe(request)
    return {"request": "ready"}


async def _with_model_reading(
    ctx: Any, run: Run, report: StepReport, base: TripRequest | None
) -> TripRequest | None:
    """The base reading with what a model read and the sentence grounds; None: nothing to add.

    Options and preferences beat both (they are the constraints); the deterministic reading
    beats the model, which only fills what the reader left empty or could not resolve.
    """
    from lotara.agents.grounding import ground

    job = run.job
    draft = await specialists.ask_model(
        ctx,
        run,
        agent="intent",
        schema=specialists.TripDraft,
        instruction=specialists.INTENT_INSTRUCTION,
        text=job.query,
    )
    if draft is None:
        return None
    grounded = ground(draft, job.query, run.provider, base.origin_city if base else None)
    kept = grounded.draft
    if base is not None:
        # The reader understood the request: the model may only add interests it left empty.
        kept = specialists.TripDraft(interests=[] if base.interests else kept.interests)
        for note in grounded.notes:
            run.output("intent", "model_note", {"note": note}, note)
        if not kept.interests:
            return base.model_copy(update={"notes": [*base.notes, *grounded.notes]})
    request = None
    try:
        with run.planning(report, "build_trip_request"):
            request = build_trip_request(
                job.query,
                constraints=specialists.constraints_from(kept, job.constraints),
                prefs=run.store.preferences(job.user_id),
                provider=run.provider,
                today=clock.today(),
            )
    except Exception as error:  # the model's reading did not resolve either
        specialists.fallback(run, "intent", f"its reading was unusable: {error}")
        return None
    if base is not None:  # keep every base field; take only the grounded additions
        request = base.model_copy(update={"interests": request.interests})
    return request.model_copy(update={"notes": [*request.notes, *grounded.notes]})


async def proactive(ctx: Any, node_input: Any = None) -> dict[str, Any]:
    """Turn the job's trigger (price drop, calendar gap, budget surplus) into a TripRequest."""
    run = run_of(ctx)
    job = run.job
    prefs = run.store.preferences(job.user_id)
    with run.step("proactive", state="understanding") as report:
        with run.planning(report, "request_for_trigger"):
            request, why = request_for_trigger(
                job.trigger or {}, prefs=prefs, provider=run.provider, today=clock.today()
            )
        state = TripState(ctx.state)
        state.why = why
        _keep_request(state, run, request, "proactive")
        report.summary = why
    return {"request": "ready"}


# --- the three finders, in parallel ----------------------------------------------------------


FINDERS = ("flights", "stays", "activities")
"""The finder nodes, in the order their candidates merge (their outputs reach ``budget``)."""


async def _find(
    run: Run, request: TripRequest, finder: Callable[[TripRequest, Any], Candidates]
) -> Candidates:
    # A live provider waits on the network: keep the event loop free for the other finders.
    started = asyncio.get_running_loop().time()
    part = await asyncio.to_thread(finder, request, run.provider)
    run.timings.planning += asyncio.get_running_loop().time() - started
    return part


def _found(part: Candidates) -> str:
    """A finder's output: its candidates as a JSON string (the join hands them to budget).

    A string, not JSON data: ADK stores every output in the session's events, and a string
    of 30-70 kB is written as it is, where nested data is walked value by value.
    """
    return part.model_dump_json()


async def flights(ctx: Any, node_input: Any = None) -> str:
    """Flights (and trains, drives) for every hop of the trip."""
    run = run_of(ctx)
    request = request_of(run, TripState(ctx.state))
    with run.step("flights", state="searching") as report:
        part = await _find(run, request, find_flights)
        fares = [f for leg in part.legs for f in leg.flights]
        ground = [g for leg in part.legs for g in leg.ground]
        currency = request.currency
        value = [
            {
                "leg": f"{leg.origin}->{leg.destination}",
                "date": leg.date.isoformat(),
                "options": [
                    {
                        "id": f.id,
                        "carrier": f.segments[0].carrier if f.segments else "",
                        "stops": f.stops,
                        "price": f.price,
                        "depart": f.segments[0].depart if f.segments else "",
                    }
                    for f in sorted(leg.flights, key=lambda f: (f.price, f.id))[:3]
                ],
                "ground": [{"mode": g.mode, "cost": g.cost} for g in leg.ground[:2]],
            }
            for leg in part.legs
        ]
        summary = f"{len(fares)} flights"
        if ground:
            summary += f", {len(ground)} ground options"
        if fares:
            cheapest = min(fares, key=lambda f: f.price)
            summary += f", from {money(cheapest.price, cheapest.currency or currency)}"
        run.output("flights", "flights", value, summary)
        report.summary = summary
    return _found(part)


async def stays(ctx: Any, node_input: Any = None) -> str:
    """Stays in every city for its nights, fit for the party and its rules."""
    run = run_of(ctx)
    request = request_of(run, TripState(ctx.state))
    with run.step("stays", state="searching") as report:
        part = await _find(run, request, find_stays)
        value = {
            city: [
                {"name": s.name, "price_per_night": s.price_per_night, "rating": s.rating}
                for s in sorted(options, key=lambda s: (s.price_per_night, s.id))[:3]
            ]
            for city, options in part.stays.items()
        }
        count = sum(len(options) for options in part.stays.values())
        every = [s for options in part.stays.values() for s in options]
        summary = f"{count} stays"
        if every:
            low = min(every, key=lambda s: s.price_per_night)
            summary += f", from {money(low.price_per_night, low.currency)}/night"
        run.output("stays", "hotels", value, summary)
        report.summary = summary
    return _found(part)


async def activities(ctx: Any, node_input: Any = None) -> str:
    """Things to do, places to eat and each city's facts (entry rules included)."""
    run = run_of(ctx)
    state = TripState(ctx.state)
    request = request_of(run, state)
    with run.step("activities", state="searching") as report:
        part = await _find(run, request, find_activities)
        acts = sum(len(a) for a in part.activities.values())
        meals = sum(len(r) for r in part.restaurants.values())
        entry = []
        for dest in request.destinations:
            facts = part.facts.get(dest.city)
            if facts and facts.entry and facts.entry.requirement not in ("visa_free", "domestic"):
                entry.append(
                    EntryNeed(
                        city=dest.city,
                        country=facts.country_name,
                        requirement=facts.entry.requirement,
                        note=facts.entry.note,
                        max_stay_days=facts.entry.max_stay_days,
                        passport=facts.entry.passport,
                    )
                )
        state.entry = entry
        value = {city: [a.name for a in options[:5]] for city, options in part.activities.items()}
        summary = f"{acts} activities and {meals} restaurants"
        run.output("activities", "activities", value, summary)
        report.summary = summary
    return _found(part)


# --- budget, itinerary, verify (the repair loop) ----------------------------------------


async def budget(ctx: Any, node_input: Any = None) -> dict[str, Any]:
    """Choose the best-fitting options within the budget; on a repair round, choose again.

    The first round's input is the join of the finders' candidates (merged here, and kept in
    the session state for the rounds after it); a repair round's is verify's verdict.
    """
    run = run_of(ctx)
    state = TripState(ctx.state)
    request = request_of(run, state)
    failed_checks, previous = state.failed_checks, state.selection
    repairing = bool(failed_checks) and previous is not None
    if repairing:
        kept = state.candidates
        if kept is None:
            raise RuntimeError("a repair round found no candidates in the session state")
        candidates = kept
    else:
        found = node_input if isinstance(node_input, dict) else {}
        candidates = merge_candidates(
            *(Candidates.model_validate_json(found[k]) for k in FINDERS if found.get(k))
        )
        state.candidates = candidates
    with run.step("budget", state="budgeting") as report:
        with run.planning(report, "repair" if repairing else "choose_options"):
            if repairing and previous is not None:
                selection = repair(
                    request, previous, candidates, failed_checks, itinerary=state.itinerary
                )
            else:
                # Transfers and local transport are counted in the budget from the start.
                local = local_costs(request, run.provider)
                selection = choose_options(request, candidates, local=local)
        state.selection = selection
        cost = selection.cost
        state.shortfall = selection.shortfall
        parts = [f"{money(cost.total, cost.currency)}"]
        if request.budget:
            parts[0] += f" of {money(request.budget.amount, request.budget.currency)}"
        if selection.stays:
            first = selection.stays[0]
            parts.insert(
                0, f"{first.stay.name}, {first.nights} nights, {money(first.cost, cost.currency)}"
            )
        summary = "; ".join(parts)
        if selection.shortfall:
            # Transfers and getting around included: the figure the budget gate asks about.
            summary = f"nothing fits: {money(selection.shortfall, cost.currency)} over budget"
        run.output("budget", "cost", cost.model_dump(mode="json"), summary)
        report.summary = summary
    return {"total": cost.total, "shortfall": selection.shortfall}


async def itinerary(ctx: Any, node_input: Any = None) -> dict[str, Any]:
    """Lay the chosen options out day by day in each city's time zone."""
    from lotara.planning.schedule import build_itinerary

    run = run_of(ctx)
    state = TripState(ctx.state)
    request = request_of(run, state)
    selection, candidates = state.selection, state.candidates
    if selection is None or candidates is None:
        raise RuntimeError("the itinerary step ran before budget chose the options")
    with run.step("itinerary", state="scheduling") as report:
        with run.planning(report, "build_itinerary"):
            it = build_itinerary(request, selection, candidates)
        state.itinerary = it
        acts = sum(1 for d in it.days for i in d.items if i.kind == "activity")
        meals = sum(1 for d in it.days for i in d.items if i.kind == "meal")
        summary = f"{len(it.days)} days, {acts} activities, {meals} meals"
        run.output("itinerary", "itinerary", {"title": it.title, "days": len(it.days)}, summary)
        report.summary = summary
    return {"days": len(it.days)}


async def verify_plan(ctx: Any, node_input: Any = None) -> Any:
    """Check the plan; send it back to budget while a fixable hard check fails (bounded).

    The last round ends as ``plan_trip`` does (``pipeline.finish``): airport transfers and
    local transport join the plan, and the figures the budget gate states are its own.
    """
    run = run_of(ctx)
    state = TripState(ctx.state)
    request = request_of(run, state)
    it = itinerary_of(run, state)
    selection, rounds = state.selection, state.rounds
    with run.step("verify", state="verifying") as report:
        with run.planning(report, "verify"):
            checks = verify(request, it, selection.unmet if selection else None)
            it.checks = checks
            bad = failed(checks)
            retry = (
                bool(bad)
                and selection is not None
                and repairable(selection, bad)
                and rounds < MAX_ROUNDS
            )
            if not retry and selection is not None:
                it, selection = finish(request, it, selection)
                state.selection = selection
                state.shortfall = selection.shortfall
                checks, bad = it.checks, failed(it.checks)
                cost = it.cost
                # The plan's own figure, transfers in: the one budget streamed, said again.
                run.output(
                    "verify",
                    "cost",
                    cost.model_dump(mode="json"),
                    f"{money(cost.total, cost.currency)} with transfers and local transport",
                )
        value = [{"name": c.name, "ok": c.ok} for c in checks]
        if bad:
            summary = f"{len(checks) - len(bad)} of {len(checks)} checks pass; " + "; ".join(
                f"{c.name}: {c.detail}" for c in bad[:2]
            )
        else:
            summary = f"all {len(checks)} checks pass"
        if retry:
            rounds += 1
            state.rounds = rounds
            state.failed_checks = bad
            summary += f" (repair round {rounds})"
            run.set_progress(total=ROUND_TASKS)
        else:
            state.failed_checks = []
            head_with_failures(it)  # a broken promise heads the plan, never hides below it
            run.save(itinerary=it)
        state.itinerary = it
        run.output("verify", "checks", value, summary)
        report.summary = summary
    return routed("repair" if retry else "done", {"ok": not bad, "round": rounds})


# --- summary --------------------------------------------------------------------------------


async def summary(ctx: Any, node_input: Any = None) -> dict[str, Any]:
    """Title and summary of the plan (or of the suggestion, for a proactive job)."""
    run = run_of(ctx)
    state = TripState(ctx.state)
    request = request_of(run, state)
    it = itinerary_of(run, state)
    why = state.why
    proactive_job = run.job.trigger is not None and str(run.job.mode) == "proactive"
    with run.step("summary", state="summarising") as report:
        text = None
        if run.llm is not None:
            digest = specialists.trip_digest(request, it)
            if proactive_job:
                digest["why"] = why
            text = await specialists.ask_model(
                ctx,
                run,
                agent="summary",
                schema=specialists.TripText,
                instruction=specialists.SUGGESTION_INSTRUCTION
                if proactive_job
                else specialists.SUMMARY_INSTRUCTION,
                text=json.dumps(digest, default=str),
            )
            problem = text and specialists.prose_problem(text, request, it)
            if problem:
                specialists.fallback(run, "summary", f"its text cannot stand: {problem}")
                text = None
        if text is None:
            text = specialists.offline_text(request, it)
            if proactive_job and why:
                text = specialists.TripText(title=text.title, summary=f"{why} {text.summary}")
        it.title, it.summary = text.title, text.summary
        # A model that could not even be built (or failed before the plan existed) is said
        # in the plan too, not only in the events.
        specialists.note_fallbacks(run, it)
        state.itinerary = it
        run.save(itinerary=it)
        run.output("summary", "summary", {"title": it.title, "summary": it.summary}, it.title)
        report.summary = it.title
    return _said({"title": it.title}, f"{it.title}\n{it.summary}")


def _said(output: dict[str, Any], text: str) -> Any:
    """A node's output that also carries text a chat surface shows (``adk run``, ``adk web``)."""
    from google.adk import Event
    from google.genai import types

    return Event(output=output, content=types.Content(role="model", parts=[types.Part(text=text)]))
