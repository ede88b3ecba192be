"""The whole plan in one call, and the repair step of the verify loop.

``plan_trip`` runs gather -> choose -> schedule -> verify and, while a hard check fails that
a different choice can fix, ``repair`` -> schedule -> verify again, at most ``MAX_REPAIRS``
times. The agents run the same steps one by one; benchmarks and tests call ``plan_trip``.
A budget that even the cheapest plan exceeds is not repaired: the plan keeps its
``shortfall`` and its failing ``budget`` check, for the budget-override approval.
"""

from __future__ import annotations

from datetime import date, datetime

from lotara.errors import InvalidValue
from lotara.models import Check, Itinerary, TripRequest
from lotara.planning.candidates import Candidates, gather_candidates
from lotara.planning.checks import failed, failed_note, shortfall, shut_on, verify
from lotara.planning.optimise import Selection, choose_options, ground_key
from lotara.planning.schedule import build_itinerary, over_budget_note, trip_summary
from lotara.planning.suitability import is_must_see
from lotara.planning.transfers import add_transfers, local_costs
from lotara.planning.wishes import unmet_wishes
from lotara.world.provider import TravelProvider

__all__ = [
    "MAX_REPAIRS",
    "REPAIRABLE",
    "finish",
    "head_with_failures",
    "plan_trip",
    "repair",
    "repairable",
]

MAX_REPAIRS = 3
REPAIRABLE = frozenset(
    {
        "budget",
        "capacity",
        "house_rules",
        "minimum_nights",
        "room_type",
        "stay_city",
        "transport",
        "activity_city",
        "no_duplicates",
        "opening_days",
        "family_friendly",
    }
)
"""Checks a different choice can fix; the others fail because no option meets the need."""


def repairable(selection: Selection, failed_checks: list[Check]) -> bool:
    """Whether another choice could fix these failures (a true shortfall cannot be)."""
    names = {c.name for c in failed_checks} & REPAIRABLE
    if selection.shortfall is not None:
        names.discard("budget")
    return bool(names)


def head_with_failures(itinerary: Itinerary) -> None:
    """Put the failed hard checks at the top of the plan's notes (once), never only below."""
    note = failed_note(itinerary.checks)
    itinerary.notes = [n for n in itinerary.notes if not n.startswith("Not every check passes")]
    if note is not None:
        itinerary.notes.insert(0, note)


def repair(
    request: TripRequest,
    selection: Selection,
    candidates: Candidates,
    failed_checks: list[Check],
    *,
    itinerary: Itinerary | None = None,
) -> Selection:
    """A new selection that rules out what made the checks fail, or spends less.

    Stays that break the capacity, house-rule, minimum-night or room-type rules, legs in a
    mode to avoid or that overlap, and activities out of their city, repeated or closed on
    their day are excluded; a budget overrun tightens the cap by the amount over.
    """
    names = {c.name for c in failed_checks}
    exclude = list(selection.excluded)

    def drop(key: str) -> None:
        if key not in exclude:
            exclude.append(key)

    for choice in selection.stays:
        stay = choice.stay
        in_force = {r.strip().lower() for r in stay.house_rules}
        bad = (
            ("capacity" in names and choice.rooms * stay.max_occupancy < request.travelers)
            or ("minimum_nights" in names and choice.nights < stay.minimum_nights)
            or ("house_rules" in names and any(f"no {w}" in in_force for w in request.house_rules))
            or ("stay_city" in names and stay.city != choice.city)
            or (
                "room_type" in names
                and request.room_type is not None
                and (
                    stay.room_type == "shared room"
                    if request.room_type == "not shared room"
                    else stay.room_type != request.room_type
                )
            )
        )
        if bad:
            drop(stay.id)
    if "transport" in names:
        for index, choice in enumerate(selection.legs):
            key = (
                choice.flight.id
                if choice.flight
                else ground_key(choice.ground)
                if choice.ground
                else ""
            )
            mode = "flight" if choice.flight else choice.ground.mode if choice.ground else ""
            overlaps = False
            if itinerary is not None and index > 0 and index < len(itinerary.transport):
                prev, this = itinerary.transport[index - 1], itinerary.transport[index]
                overlaps = datetime.fromisoformat(this.depart) < datetime.fromisoformat(prev.arrive)
            if key and (mode in request.avoid_transport or overlaps):
                drop(key)
    if names & {"activity_city", "no_duplicates", "opening_days", "family_friendly"}:
        seen: set[str] = set()
        day_of: dict[str, date] = {}
        if itinerary is not None:
            for day in itinerary.days:
                for item in day.items:
                    if item.kind == "activity" and item.ref:
                        day_of[item.ref] = day.date
        for city, activities in selection.activities.items():
            for activity in activities:
                name = activity.name.lower()
                if (
                    activity.city != city
                    or name in seen
                    or (
                        request.children
                        and "nightlife" in activity.tags
                        and not is_must_see(activity, request)  # a show they asked for
                    )
                    or (
                        activity.id in day_of and shut_on(activity, day_of[activity.id]) is not None
                    )
                ):
                    drop(activity.id)
                seen.add(name)
    cap = selection.cap
    if "budget" in names and selection.shortfall is None and request.budget is not None:
        over = selection.cost.total - request.budget.amount
        cap = (cap if cap is not None else request.budget.amount) - max(over, 0.01)
    try:
        return choose_options(request, candidates, exclude=exclude, cap=cap, local=selection.local)
    except InvalidValue:
        # Ruling those out leaves a part with no option at all: keep the plan, and its failures.
        return selection


def plan_trip(request: TripRequest, provider: TravelProvider) -> tuple[Itinerary, Selection]:
    """A verified itinerary for ``request`` and the selection it was built from."""
    candidates = gather_candidates(request, provider)
    selection = choose_options(request, candidates, local=local_costs(request, provider))
    itinerary = build_itinerary(request, selection, candidates)
    checks = verify(request, itinerary, selection.unmet)
    for _ in range(MAX_REPAIRS):
        bad = failed(checks)
        if not bad or not repairable(selection, bad):
            break
        selection = repair(request, selection, candidates, bad, itinerary=itinerary)
        itinerary = build_itinerary(request, selection, candidates)
        checks = verify(request, itinerary, selection.unmet)
    return finish(request, itinerary, selection)


def finish(
    request: TripRequest,
    itinerary: Itinerary,
    selection: Selection,
) -> tuple[Itinerary, Selection]:
    """The verified plan made whole: airport transfers, local transport, one set of figures.

    Both ways of planning end here (``plan_trip`` and the agents' verify step), so a plan
    from ``lotara plan`` and one from a benchmark carry the same transfers and costs. The
    transfers and local transport are the ones the optimiser counted in its budget
    (``selection.local``), so the selection's cost, its shortfall and its "left unspent"
    sentence are already the plan's. A wish the days do not offer is said here, once.
    """
    laid_out = itinerary.cost
    itinerary = add_transfers(request, itinerary, selection.local, selection.unmet)
    # The days were laid out before the transfers joined them: the summary and the note on
    # going over said the smaller figure; they say the plan's own.
    itinerary.summary = trip_summary(request, itinerary.cost)
    stale = over_budget_note(request, laid_out)
    over = over_budget_note(request, itinerary.cost)
    itinerary.notes = [n for n in itinerary.notes if n != stale] + ([over] if over else [])
    # A wish no planned sight offers ("ice skating") is said, never dropped.
    unmet = [n for n in unmet_wishes(request, itinerary) if n not in itinerary.notes]
    itinerary.notes += unmet
    head_with_failures(itinerary)
    if request.budget is not None:
        # The shortfall the budget-override approval states is the plan's own overrun.
        selection = selection.model_copy(update={"shortfall": shortfall(request, itinerary)})
    return itinerary, selection
