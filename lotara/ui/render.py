"""How a job looks in a terminal: the itinerary, the approval question, the job tables.

This is the one module that imports Rich; commands import it inside the function that
draws, so ``lotara --help`` and ``lotara status`` never pay for it. The same renderables
serve a terminal (colour) and a pipe (plain text, no escape codes): Rich
writes no codes to a stream that is not a terminal, and ``NO_COLOR`` turns colour off.
The live board of the agents at work is ``lotara.ui.live``.
"""

from __future__ import annotations

import os
from datetime import date
from typing import IO, Any

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from lotara.models import (
    Approval,
    ApprovalStatus,
    Itinerary,
    Job,
    JobSummary,
)
from lotara.ui.trip import (
    budget_note,
    cost_parts,
    day_items,
    leaves_before,
    leg_clock,
    leg_line,
    leg_span,
    over_budget,
)
from lotara.words import counted
from lotara.world.money import format_money

PLAIN_WIDTH = 100
"""Columns of the text written to a pipe: wide enough for the day-by-day table."""

STATUS_STYLE = {
    "queued": "dim",
    "running": "yellow",
    "awaiting_approval": "bold magenta",
    "completed": "green",
    "failed": "bold red",
    "rejected": "red",
    "cancelled": "dim",
}


class _PipeConsole(Console):
    """A console whose reader going away (``lotara status JOB | head``) is lotara's usual
    closed pipe, a quiet exit 0 (the CLI's BrokenPipeError), not Rich's exit 1."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def make_console(stream: IO[str]) -> Console:
    """A console on ``stream``: colour on a terminal unless NO_COLOR; fixed width in a pipe."""
    tty = _isatty(stream)
    return _PipeConsole(
        file=stream,
        no_color="NO_COLOR" in os.environ or not tty,
        highlight=False,
        emoji=False,
        markup=False,  # names and queries are data: "[Closed]" must print as written
        width=None if tty else int(os.environ.get("COLUMNS", PLAIN_WIDTH)),
        soft_wrap=False,
    )


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


# --- an approval question -----------------------------------------------------------------


def approval_text(approval: Approval | dict[str, Any], currency: str | None = None) -> Text:
    """What a gate asks, with its reason and amounts, for a person to decide on."""
    if isinstance(approval, Approval):
        kind, details = approval.kind.value, dict(approval.details)
    else:
        kind, details = str(approval.get("kind", "")), dict(approval.get("details") or {})
        if approval.get("reason"):
            details.setdefault("reason", approval["reason"])
    currency = str(details.get("currency") or currency or "USD")
    text = Text()
    text.append(f"Approval needed: {kind.replace('_', ' ')}\n", style="bold magenta")
    reason = details.pop("reason", None) or details.pop("message", None)
    if reason:
        text.append(f"{reason}\n")
    for item in details.get("items") or []:
        if isinstance(item, dict) and item.get("description"):
            amount = item.get("amount")
            shown = f"  {format_money(amount, currency)}" if isinstance(amount, int | float) else ""
            text.append(f"  - {item['description']}{shown}\n")
    for key, value in details.items():
        if key == "currency" or isinstance(value, dict | list):
            continue
        shown = format_money(value, currency) if _is_amount(key, value) else str(value)
        text.append(f"  {key.replace('_', ' ')}: ", style="dim")
        text.append(f"{shown}\n")
    return text


def _is_amount(key: str, value: Any) -> bool:
    words = ("total", "budget", "shortfall", "amount", "cost", "price", "over", "surplus")
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and any(w in key for w in words)
    )


def render_approval(console: Console, job: Job, approval: Approval) -> None:
    """What a gate asks a person to approve, before asking: the legs and stays it covers,
    the cost against the budget (the same total and shortfall the plan shows), the checks
    that failed, then the gate's question with its amounts."""
    it = job.itinerary
    if it is not None:
        console.print(Text("What you are approving", style="bold"))
        for part in (_transport(it), _stays(it), _cost(it), _failed_checks(it)):
            if part is not None:
                console.print(part)
    console.print(approval_text(approval, it.cost.currency if it else None))


def _failed_checks(it: Itinerary) -> Table | None:
    failed = [c for c in it.checks if not c.ok]
    if not failed:
        return None
    return _checks(it.model_copy(update={"checks": failed}), title="Checks that fail")


# --- the job in full ----------------------------------------------------------------------


def render_job(console: Console, job: Job, *, reasons: dict[str, str] | None = None) -> None:
    """Print a job in full: header, transport, stays, days, cost, checks, sources, the rest.

    ``reasons`` maps an approval id to the sentence its gate gave (from its event).
    """
    console.print(_header(job, console.width))
    it = job.itinerary
    if it is not None:
        for note in it.notes:
            if note.startswith("Not every check passes"):
                console.print(Text(f"Warning: {note}", style="bold red"))  # heads the plan
        for part in (
            _transport(it),
            _stays(it),
            _days(it),
            _cost(it),
            _checks(it),
            _sources(it),
        ):
            if part is not None:
                console.print(part)
        # What the reader saw but could not use, or had to guess, then the plan's own notes.
        read = job.request.notes if job.request is not None else []
        for note in dict.fromkeys([*read, *it.notes]):
            if not note.startswith("Not every check passes"):
                console.print(Text(f"Note: {note}", style="italic"))
    pending = [a for a in job.approvals if a.status is ApprovalStatus.PENDING]
    for approval in pending:
        currency = it.cost.currency if it else None
        reason = (reasons or {}).get(approval.id)
        if reason and "reason" not in approval.details:
            approval = approval.model_copy(
                update={"details": {"reason": reason, **approval.details}}
            )
        console.print(approval_text(approval, currency))
    decided = [a for a in job.approvals if a.status is not ApprovalStatus.PENDING]
    for approval in decided:
        notes = f" ({approval.notes})" if approval.notes else ""
        console.print(
            Text(f"{approval.kind.value.replace('_', ' ')}: {approval.status.value}{notes}")
        )
    for booking in job.bookings:
        label = "sandbox hold, not a purchase" if booking.sandbox else booking.status
        if "sandbox" in booking.description.lower():
            label = booking.status  # the description already says it is not a purchase
        console.print(
            Text(
                f"Booking {booking.reference}: {booking.description}, "
                f"{format_money(booking.amount, booking.currency)} ({label})"
            )
        )
    for fb in job.feedback:
        console.print(_feedback(fb))
    if job.error is not None:
        console.print(Text(f"Failed: {job.error.message} ({job.error.code})", style="bold red"))


def _header(job: Job, width: int = PLAIN_WIDTH) -> RenderableType:
    it, req = job.itinerary, job.request
    title = (it.title if it and it.title else "") or job.query
    lines = Text()
    lines.append(f"{title}\n", style="bold")
    if req is not None:
        route = " → ".join([req.origin, *(f"{d.city} ({d.iata})" for d in req.destinations)])
        parts = [
            route,
            f"{req.start_date:%a %d %b %Y} → {req.end_date:%a %d %b %Y}",
            f"{counted(req.days, 'day')}, {counted(req.nights, 'night')}",
            counted(req.travelers, "traveler"),
        ]
        if req.budget is not None:
            parts.append(f"budget {format_money(req.budget.amount, req.budget.currency)}")
        if req.interests:
            parts.append(", ".join(req.interests))
        lines.append(_joined(parts, width) + "\n")
    lines.append(f"job {job.job_id}  ", style="dim")
    lines.append(job.status.value, style=STATUS_STYLE.get(job.status.value, ""))
    lines.append(f"  model {job.model}", style="dim")
    if it and it.summary:
        lines.append(f"\n{it.summary}")
    return lines


def _joined(parts: list[str], width: int) -> str:
    """Parts joined by " · ", breaking the line between parts, never inside one."""
    lines = [""]
    for part in parts:
        if lines[-1] and len(lines[-1]) + 3 + len(part) > width:
            lines.append(part)
        else:
            lines[-1] = f"{lines[-1]} · {part}" if lines[-1] else part
    return "\n".join(lines)


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD)
    for column in columns:
        justify = "right" if column in {"cost", "nights", "rating", "per night"} else "left"
        table.add_column(column, justify=justify)
    return table


def _transport(it: Itinerary) -> Table | None:
    if not it.transport:
        return None
    # Four columns so the words get the room at 80 columns: when (leaving, then arriving,
    # each in its own place's time), what the leg is, its cost.
    table = _table("Transport", "kind", "when (local)", "what", "cost")
    table.columns[1].no_wrap = True
    table.columns[3].no_wrap = True
    for leg in it.transport:
        depart, arrive = leg_clock(leg)
        table.add_row(
            leg.kind,
            f"{depart}\n→ {arrive}",
            leg_line(leg),
            format_money(leg.cost, leg.currency) + _estimate_mark(leg.source),
        )
    return table


def _stays(it: Itinerary) -> Table | None:
    if not it.stays:
        return None
    table = _table("Stays", "name", "city", "check in → out", "nights", "rating", "cost")
    for column in table.columns[2:]:
        column.no_wrap = True  # the name and city wrap; dates and figures stay whole
    for s in it.stays:
        rooms = f", {s.rooms} rooms" if s.rooms > 1 else ""
        table.add_row(
            f"{s.stay.name} ({s.stay.room_type}{rooms})",
            s.city,
            f"{s.check_in:%a %d %b}\n→ {s.check_out:%a %d %b}",
            str(s.nights),
            f"{s.stay.rating:.1f}" if s.stay.rating is not None else "-",
            format_money(s.cost, s.currency) + _estimate_mark(s.stay.source),
        )
    return table


def _days(it: Itinerary) -> Table | None:
    if not it.days:
        return None
    table = _table("Day by day", "day", "time (local)", "what", "cost")
    table.columns[1].no_wrap = True
    table.columns[3].no_wrap = True
    currency = it.cost.currency
    legs = {leg.description: leg for leg in it.transport}
    first = leaves_before(it)
    if first is not None:
        # The outbound leaves before day 1 (days are days at the destination): it is shown
        # once, on the day it leaves, with its cost, and not again on day 1.
        leaves = date.fromisoformat(first.depart[:10])
        where = first.flight.segments[0].origin if first.flight and first.flight.segments else None
        label = f"{leaves:%a %d %b}\nleave {where or first.origin}"
        what = Text.assemble(("transport: ", "dim"), leg_line(first))
        span = _two_lines(leg_span(first, leaves))
        table.add_row(label, span, what, format_money(first.cost, currency))
        table.add_section()
    for number, day in enumerate(it.days, start=1):
        # The date on the day's first row and its city on the second, so no row is blank.
        labels = [f"{number}. {day.date:%a %d %b}", day.city]
        items = day_items(it, day)
        if first is not None:
            items = [
                i for i in items if not (i.kind == "transport" and i.name == first.description)
            ]
        if len(items) < 2:
            labels = ["\n".join(labels)]
        if not items:
            table.add_row(labels[0], "", Text("free day", style="dim"), "")
        for index, item in enumerate(items):
            leg = legs.get(item.name) if item.kind == "transport" else None
            if leg is not None:
                when = _two_lines(leg_span(leg, day.date))
                what = Text.assemble(("transport: ", "dim"), leg_line(leg))
            else:
                when = "–".join(t for t in (item.start, item.end) if t)
                what = Text(item.name)
                if item.kind not in {"activity", "transfer"}:
                    what = Text.assemble((f"{item.kind}: ", "dim"), item.name)
                if item.kind == "stay" and item.note:
                    what.append(f" ({item.note})", style="dim")  # a room held from the night before
            cost = format_money(item.cost, currency) if item.cost else ""
            table.add_row(labels[index] if index < len(labels) else "", when, what, cost)
        if number < len(it.days):
            table.add_section()
    return table


def _cost(it: Itinerary) -> Table:
    c = it.cost
    table = _table("Cost", "", "cost")
    table.show_header = False
    table.add_column("")
    for label, amount in cost_parts(c):
        what = {"local transport": _local_transport_parts, "ground transport": _ground_parts}
        parts = what[label](it) if label in what else ""
        table.add_row(label, format_money(amount, c.currency), parts)
    table.add_section()
    total = Text(format_money(c.total, c.currency), style="bold")
    table.add_row(Text("total", style="bold"), total)
    note = budget_note(c)
    if note is not None:
        table.add_row("budget", Text(note, "red" if over_budget(c) else ""))
    return table


_MODE_WORDS = {"self-driving": "drive", "car_hire": "hire car"}
_PLURALS = {"ferry": "ferries", "bus": "buses", "taxi": "taxis"}


def _ground_parts(it: Itinerary) -> Text:
    """What the ground transport line is made of: the trains, coaches, ferries and drives
    between the trip's places ("1 bus, 2 ferries")."""
    modes: dict[str, int] = {}
    for leg in it.transport:
        if leg.kind not in ("flight", "transfer"):
            mode = _MODE_WORDS.get(leg.kind, leg.kind.replace("_", " "))
            modes[mode] = modes.get(mode, 0) + 1
    shown = [counted(n, mode, _PLURALS.get(mode)) for mode, n in modes.items()]
    return Text(", ".join(shown), style="dim")


def _local_transport_parts(it: Itinerary) -> Text:
    """What the local transport line is made of: the airport transfers, getting around."""
    transfers = [leg for leg in it.transport if leg.kind == "transfer"]
    if not transfers:
        return Text("")
    c = it.cost
    spent = sum(leg.cost for leg in transfers)
    parts = [f"{counted(len(transfers), 'airport transfer')} {format_money(spent, c.currency)}"]
    around = round(c.local_transport - spent, 2)
    if around > 0:
        parts.append(f"getting around {format_money(around, c.currency)}")
    return Text(", ".join(parts), style="dim")


def _checks(it: Itinerary, title: str = "Checks") -> Table | None:
    if not it.checks:
        return None
    table = _table(title, "", "check", "detail")
    table.show_header = False
    for check in it.checks:
        mark = Text("ok", style="green") if check.ok else Text("FAIL", style="bold red")
        if not check.ok and not check.hard:
            mark = Text("warn", style="yellow")
        table.add_row(mark, check.name, check.detail)
    return table


def _sources(it: Itinerary) -> Text | None:
    if not it.sources:
        return None
    text = Text()
    text.append("Where the prices come from\n", style="bold")
    if len(it.sources) <= 4:
        for src in it.sources:
            text.append(f"  {src.what}: {_provenance(src.source, src.estimate, src.observed_at)}\n")
    else:
        # Many prices share a source: say each source once, with what it priced.
        groups: dict[tuple[str, bool, str | None], dict[str, int]] = {}
        for src in it.sources:
            kinds = groups.setdefault((src.source, src.estimate, src.observed_at), {})
            kind = _kind_of(src.what)
            kinds[kind] = kinds.get(kind, 0) + 1
        for (source, estimate, observed), kinds in groups.items():
            what = ", ".join(_count(n, kind) for kind, n in kinds.items())
            text.append(f"  {what}: {_provenance(source, estimate, observed)}\n")
    if any(s.estimate for s in it.sources):
        text.append(
            "  * estimated prices from lotara's offline world, not quotes from a seller\n",
            style="dim",
        )
    return text


def _provenance(source: str, estimate: bool, observed: str | None) -> str:
    seen = f", observed {observed}" if observed else ""
    return f"{source} ({'estimate' if estimate else 'quoted'}{seen})"


def _kind_of(what: str) -> str:
    """``stay: Hotel X`` -> stay; ``Flight MR 12 ...`` -> flight."""
    head = what.split(":", 1)[0] if ":" in what else what.split(" ", 1)[0]
    return head.strip().lower() or "price"


def _count(n: int, kind: str) -> str:
    """A count of a kind in words: "2 buses", "3 activities", "1 ferry", "2 stays"."""
    if kind in _PLURALS:
        return counted(n, kind, _PLURALS[kind])
    if kind.endswith("y") and kind[-2:-1] not in "aeiou":
        return counted(n, kind, kind[:-1] + "ies")
    return counted(n, kind, kind + "es" if kind.endswith(("s", "sh", "ch", "x")) else None)


def _estimate_mark(source: str) -> str:
    return " *" if "offline" in source or "estimate" in source else ""


def _two_lines(span: str) -> str:
    """ "16:50 BOS → 06:05 FCO +1" on two lines, so the time column stays narrow."""
    return span.replace(" → ", "\n→ ", 1)


def _feedback(fb: Any) -> Text:
    text = Text(f"Feedback: {'★' * fb.rating}{'☆' * (5 - fb.rating)} {fb.rating}/5")
    if fb.comment:
        text.append(f' "{fb.comment}"')
    if fb.helpful_aspects:
        text.append(f"  helpful: {', '.join(fb.helpful_aspects)}", style="green")
    if fb.improvement_areas:
        text.append(f"  improve: {', '.join(fb.improvement_areas)}", style="yellow")
    return text


# --- listings -----------------------------------------------------------------------------


def render_job_list(console: Console, jobs: list[JobSummary]) -> None:
    """The recent jobs as a table: id prefix, when, query, status, total."""
    table = Table(box=box.SIMPLE_HEAD)
    for column, justify in (("id", "left"), ("when", "left"), ("query", "left")):
        table.add_column(column, justify=justify, no_wrap=column != "query")
    table.add_column("status")
    table.add_column("total", justify="right")
    for j in jobs:
        never = j.status.value == "failed" and j.total is None
        table.add_row(
            j.job_id[:8],
            j.created_at[:16].replace("T", " "),
            j.query if len(j.query) <= 60 else j.query[:59] + "…",
            Text(j.status.value, style=STATUS_STYLE.get(j.status.value, "")),
            format_money(j.total, j.currency) if j.total is not None else "",
            style="dim" if never else None,  # a failed query that never became a trip
        )
    console.print(table)
