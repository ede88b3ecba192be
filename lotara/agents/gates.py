"""Approval gates (budget override, visa, booking) on ADK's own interrupt, and sandbox holds.

A gate node that needs a human returns ``RequestInput`` with the interrupt id
``approval:KIND``: ADK records the pending call in the job's session and the run stops.
The gate also stores an approvals row, so the CLI and the API can list and decide it; the
orchestrator then pauses the job. ``decide`` resumes the same session by sending the runner
a function response for that id; the gate reruns, reads the answer from
``ctx.resume_inputs`` and routes on: ``go`` or ``rejected``.

Booking makes sandbox holds only: each has a confirmation code and says it is not a purchase.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from lotara import clock
from lotara.agents.nodes import itinerary_of, money, request_of, routed
from lotara.agents.run import PendingApproval, Run, run_of
from lotara.agents.state import TripState
from lotara.models import ApprovalKind, Booking, Itinerary, TripRequest
from lotara.planning import checks
from lotara.words import counted
from lotara.world.money import format_money

SANDBOX_NOTE = "Sandbox holds only: nothing is purchased and no card is charged."


def interrupt_id(kind: ApprovalKind | str) -> str:
    """The ADK interrupt id of a job's gate of this kind."""
    return f"approval:{ApprovalKind(kind).value}"


Needed = tuple[str, dict[str, Any]] | None
"""A gate's question: the reason a traveller reads and the approval's details; None: go on."""


def _budget_details(run: Run, state: TripState) -> Needed:
    request = request_of(run, state)
    if not state.shortfall or request.budget is None:
        return None
    it = itinerary_of(run, state)
    currency = it.cost.currency
    # The itinerary's total is what the traveller sees: the shortfall is measured against it.
    shortfall = checks.shortfall(request, it) or 0.0
    details = {
        "shortfall": shortfall,
        "total": it.cost.total,
        "budget": request.budget.amount,
        "currency": currency,
    }
    # To the cent, as the board and the cost table state them: one figure everywhere.
    paid = (
        f"; its paid sights are {format_money(it.cost.activities, currency)} of it"
        if it.cost.activities > 0.005
        else ""
    )
    reason = (
        f"Nothing fits the {format_money(request.budget.amount, currency)} budget: this "
        f"plan costs {format_money(it.cost.total, currency)}, "
        f"{format_money(shortfall, currency)} more{paid}."
    )
    return reason, details


def _visa_details(run: Run, state: TripState) -> Needed:
    entry = [e for e in state.entry if e.requirement]
    if not entry:
        return None
    first = entry[0]
    requirement = first.requirement.replace("_", " ")
    details = {
        "passport": first.passport,
        "country": first.country,
        "requirement": first.requirement,
        "note": first.note,
        "max_stay_days": first.max_stay_days,
        "destinations": [e.model_dump(mode="json") for e in entry],
    }
    reason = (
        f"Entry to {first.country} on a {first.passport} passport needs a "
        f"{requirement}; confirm you will arrange it."
        if first.requirement != "visa_on_arrival"
        else f"Entry to {first.country} is by visa on arrival; confirm you accept it."
    )
    return reason, details


def _holds(request: TripRequest, it: Itinerary) -> list[dict[str, Any]]:
    items = [
        {"kind": leg.kind, "description": leg.description, "amount": leg.cost}
        for leg in it.transport
    ]
    items += [
        {
            "kind": "stay",
            "description": f"{b.stay.name}, {b.city}, {b.check_in} to {b.check_out} "
            f"({counted(b.nights, 'night')}, {counted(b.rooms, 'room')})",
            "amount": b.cost,
        }
        for b in it.stays
    ]
    return items


def _booking_details(run: Run, state: TripState) -> Needed:
    request = request_of(run, state)
    if not (request.book or state.book_requested):
        return None
    it = itinerary_of(run, state)
    items = _holds(request, it)
    amount = round(sum(i["amount"] for i in items), 2)
    currency = it.cost.currency
    details = {
        "total": amount,
        "currency": currency,
        "items": items,
        "sandbox": True,
        "note": SANDBOX_NOTE,
    }
    reason = (
        f"Place sandbox holds on {counted(len(items), 'item')} worth {money(amount, currency)}? "
        "Nothing is purchased."
    )
    return reason, details


_DETAILS = {
    ApprovalKind.BUDGET_OVERRIDE: _budget_details,
    ApprovalKind.VISA: _visa_details,
    ApprovalKind.BOOKING: _booking_details,
}


def make_gate(kind: ApprovalKind) -> Any:
    """The node function of the gate for ``kind`` (it must run with rerun_on_resume)."""

    async def gate(ctx: Any, node_input: Any = None) -> Any:
        from google.adk.events import RequestInput

        run = run_of(ctx)
        state = TripState(ctx.state)
        answer = ctx.resume_inputs.get(interrupt_id(kind))
        if answer is not None:
            approved = bool(answer.get("approved")) if isinstance(answer, dict) else bool(answer)
            if not approved:
                state.outcome, state.rejected = "rejected", kind.value
                return routed("rejected")
            return routed("go", {"approved": kind.value})
        if kind is ApprovalKind.BOOKING:
            broken = broken_promises(run, state)
            if broken:
                # A plan that fails a hard check is never booked: nothing is held.
                run.output("booking", "blocked", broken, "not booked: " + "; ".join(broken))
                state.booking_blocked = broken
                return routed("rejected")
        needed = _DETAILS[kind](run, state)
        if needed is None:
            return routed("go", {"needed": False})
        reason, details = needed
        approval = run.store.add_approval(run.job_id, kind, details)
        run.pending = PendingApproval(approval=approval, reason=reason)
        return RequestInput(
            interrupt_id=interrupt_id(kind),
            message=reason,
            payload={"approval_id": approval.id, "kind": kind.value, **details},
        )

    gate.__name__ = f"{kind.value}_gate"
    gate.__doc__ = f"Ask for a {kind.value.replace('_', ' ')} approval when the plan needs one."
    return gate


def broken_promises(run: Run, state: TripState) -> list[str]:
    """The plan's failed hard checks (a budget the traveller approved going over aside)."""
    from lotara.agents.lifecycle import override_approved

    it = state.itinerary or run.store.get_job(run.job_id).itinerary
    if it is None:
        return []
    bad = [c for c in it.checks if c.hard and not c.ok]
    if override_approved(run):
        bad = [c for c in bad if c.name != "budget"]
    return [f"{c.name}: {c.detail}" for c in bad]


def confirmation_code(job_id: str, index: int, kind: str) -> str:
    """A sandbox confirmation code: stable for a job's item, plainly not a real one."""
    digest = hashlib.sha256(f"{job_id}:{index}:{kind}".encode()).hexdigest()[:6].upper()
    return f"SBX-{digest}"


async def book(ctx: Any, node_input: Any = None) -> dict[str, Any]:
    """Place sandbox holds for an approved booking (nothing is purchased)."""
    run = run_of(ctx)
    if not _booking_approved(run):
        return {"booked": 0}
    state = TripState(ctx.state)
    request = request_of(run, state)
    it = itinerary_of(run, state)
    existing = run.store.bookings(run.job_id)
    if existing:
        return {"booked": len(existing)}
    run.set_progress(total=1)
    with run.step("booking", state="booking") as report:
        made: list[dict[str, Any]] = []
        for index, item in enumerate(_holds(request, it)):
            booking = Booking(
                id=str(uuid.uuid4()),
                job_id=run.job_id,
                kind=item["kind"],
                reference=confirmation_code(run.job_id, index, item["kind"]),
                description=f"SANDBOX HOLD (not a purchase): {item['description']}",
                amount=round(float(item["amount"]), 2),
                currency=it.cost.currency,
                status="held",
                sandbox=True,
                created_at=clock.iso(),
            )
            run.store.add_booking(booking)
            made.append(
                {"kind": booking.kind, "reference": booking.reference, "amount": booking.amount}
            )
        total = round(sum(m["amount"] for m in made), 2)
        summary = f"{len(made)} sandbox holds, {money(total, it.cost.currency)} (not purchased)"
        run.output("booking", "bookings", made, summary)
        report.summary = summary
    return {"booked": len(made)}


def _booking_approved(run: Run) -> bool:
    return any(
        a.kind is ApprovalKind.BOOKING and a.status.value == "approved"
        for a in run.store.approvals(run.job_id)
    )


async def rejected(ctx: Any, node_input: Any = None) -> None:
    """The end of a run whose gate was rejected: nothing more is planned or booked."""
    return None
