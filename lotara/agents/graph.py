"""The agent tree as ADK ``Workflow`` graphs.

plan (a traveller's request)::

    START -> intent -> (flights || stays || activities) -> join -> budget -> itinerary
          -> verify --repair--> budget              (while a fixable hard check fails, bounded)
                    --done--> budget_override gate -> visa gate -> summary -> booking gate -> book

suggest (a proactive trigger)::

    START -> proactive -> (flights || stays || activities) -> join -> budget -> itinerary
          -> verify --repair--> budget
                    --done--> summary

book (booking a completed plan later)::

    START -> booking gate -> book

Every gate routes ``go`` onwards or ``rejected`` to an end that does nothing. Graphs are
built once per process. Nodes pass the trip on as outputs and in the typed session state
(``state.SCHEMA`` is each workflow's ``state_schema``: ADK checks every write against it);
they find their job's ``Run`` (store, provider, model) through the session id.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from lotara.agents import gates, nodes
from lotara.agents.state import SCHEMA
from lotara.models import ApprovalKind

if TYPE_CHECKING:
    from google.adk import Workflow

PLAN, SUGGEST, BOOK = "lotara_plan", "lotara_suggest", "lotara_book"


def _node(func: Any, name: str, *, rerun: bool = False) -> Any:
    from google.adk.workflow import FunctionNode

    # A node that runs a model as a child, or that asks for approval, must rerun on resume.
    return FunctionNode(func=func, name=name, rerun_on_resume=rerun)


def _planning_core(first: Any) -> tuple[list[Any], Any, Any]:
    """Edges from ``first`` through the finders and the repair loop; (edges, budget, verify)."""
    from google.adk.workflow import JoinNode

    finders = (
        _node(nodes.flights, "flights"),
        _node(nodes.stays, "stays"),
        _node(nodes.activities, "activities"),
    )
    budget = _node(nodes.budget, "budget")
    verify = _node(nodes.verify_plan, "verify")
    edges: list[Any] = [
        ("START", first, finders, JoinNode(name="join"), budget),
        (budget, _node(nodes.itinerary, "itinerary"), verify),
        (verify, {"repair": budget}),
    ]
    return edges, budget, verify


def _gate(kind: ApprovalKind) -> Any:
    return _node(gates.make_gate(kind), f"{kind.value}_gate", rerun=True)


@cache
def plan_workflow() -> Workflow:
    """The workflow of a traveller's request."""
    from google.adk import Workflow

    edges, _, verify = _planning_core(_node(nodes.intent, "intent", rerun=True))
    over, visa, booking = (
        _gate(ApprovalKind.BUDGET_OVERRIDE),
        _gate(ApprovalKind.VISA),
        _gate(ApprovalKind.BOOKING),
    )
    summary = _node(nodes.summary, "summary", rerun=True)
    stop = _node(gates.rejected, "rejected")
    edges += [
        (verify, {"done": over}),
        (over, {"go": visa, "rejected": stop}),
        (visa, {"go": summary, "rejected": stop}),
        (summary, booking),
        (booking, {"go": _node(gates.book, "book"), "rejected": stop}),
    ]
    return Workflow(name=PLAN, edges=edges, state_schema=SCHEMA)


@cache
def suggest_workflow() -> Workflow:
    """The proactive workflow: a trigger becomes a request, then the same planning steps."""
    from google.adk import Workflow

    edges, _, verify = _planning_core(_node(nodes.proactive, "proactive"))
    edges.append((verify, {"done": _node(nodes.summary, "summary", rerun=True)}))
    return Workflow(name=SUGGEST, edges=edges, state_schema=SCHEMA)


@cache
def book_workflow() -> Workflow:
    """Booking a completed plan later: the booking gate, then the sandbox holds."""
    from google.adk import Workflow

    booking = _gate(ApprovalKind.BOOKING)
    return Workflow(
        name=BOOK,
        state_schema=SCHEMA,
        edges=[
            ("START", booking),
            (
                booking,
                {"go": _node(gates.book, "book"), "rejected": _node(gates.rejected, "rejected")},
            ),
        ],
    )


WORKFLOWS = {PLAN: plan_workflow, SUGGEST: suggest_workflow, BOOK: book_workflow}
