"""The typed session state of lotara's workflows: every key a node reads or writes.

A node reads and writes ADK's ``ctx.state`` through ``TripState(ctx.state)``: each key is a
typed attribute (``state.request`` is a ``TripRequest`` or None; ``state.request = r``
stores its JSON form), declared once below. ``SCHEMA`` is the same declaration as a
pydantic model, given to the workflows as ADK's ``state_schema``: ADK refuses a write of an
undeclared key or of a value of the wrong shape. What a resumed run (in another process,
days later) or a plain ADK ``Runner`` needs to go on lives here: the request, the
candidates, the selection, the itinerary, the repair round. The few things that cannot be
JSON (the store, the provider, the model, the listeners) are on ``lotara.agents.run.Run``.

The large documents (candidates, selection, itinerary: 20-80 kB each) are kept as JSON
*strings* (``Json[...]``): ADK deep-copies every dict or list a node reads from its state,
to notice writes into it, and that copy cost more than the planning step reading it. In
``SCHEMA`` such a key is declared a string: ADK validates every write against the schema,
and parsing each document again there cost a plan about 100 ms; the slot that wrote the
string made it from the typed value, and the slot that reads it parses it.
"""

from __future__ import annotations

from functools import cache
from typing import (
    Annotated,
    Any,
    Generic,
    Literal,
    Protocol,
    TypeVar,
    get_args,
    get_origin,
    get_type_hints,
)

from pydantic import BaseModel, Json, TypeAdapter, create_model

from lotara.models import Check, Itinerary, TripRequest
from lotara.planning.candidates import Candidates
from lotara.planning.selection import Selection

T = TypeVar("T")


class StateLike(Protocol):
    """ADK's ``State`` (a node's ``ctx.state``) or a stored session's ``state`` dict."""

    def get(self, key: str, default: Any = None, /) -> Any: ...

    def __setitem__(self, key: str, value: Any, /) -> None: ...


class EntryNeed(BaseModel):
    """A destination whose entry needs more than a passport (the visa gate asks about it)."""

    city: str
    country: str
    requirement: str
    note: str = ""
    max_stay_days: int | None = None
    passport: str | None = None


class Slot(Generic[T]):
    """One key of the session state, typed ``T``; stored as JSON, read back as ``T``.

    A ``Json[X]`` key is stored as a JSON string (``round_trip``), every other as JSON data.
    """

    def __init__(self, default: Any = None) -> None:
        self.default = default  # JSON: read through the adapter, so a list is never shared
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, view: TripState, owner: type | None = None) -> T:
        raw = view.raw.get(self.name)
        return _adapter(self.name).validate_python(self.default if raw is None else raw)

    def __set__(self, view: TripState, value: T) -> None:
        view.raw[self.name] = _adapter(self.name).dump_python(value, mode="json", round_trip=True)


class TripState:
    """Typed access to a workflow's session state (see the module's docstring)."""

    workflow: Slot[str] = Slot("lotara_plan")
    """Which workflow the session runs (``graph.PLAN``, ``SUGGEST`` or ``BOOK``)."""
    mode: Slot[str] = Slot("reactive")
    request: Slot[TripRequest | None] = Slot()
    """The trip being planned, as intent (or proactive) read it."""
    why: Slot[str | None] = Slot()
    """Why a proactive suggestion was made (its summary starts with it)."""
    entry: Slot[list[EntryNeed]] = Slot([])
    candidates: Slot[Json[Candidates] | None] = Slot()
    """Every option the finders found, merged by the first budget round."""
    selection: Slot[Json[Selection] | None] = Slot()
    itinerary: Slot[Json[Itinerary] | None] = Slot()
    shortfall: Slot[float | None] = Slot()
    """How far the plan is over its budget, if it is (the budget gate asks about it)."""
    rounds: Slot[int] = Slot(0)
    """Repair rounds verify has asked for so far (bounded by ``nodes.MAX_ROUNDS``)."""
    failed_checks: Slot[list[Check]] = Slot([])
    """The hard checks a repair round is to fix; empty on the first round."""
    book_requested: Slot[bool] = Slot(False)
    """``lotara book`` asked for holds on a plan whose request did not."""
    outcome: Slot[Literal["rejected"] | None] = Slot()
    rejected: Slot[str | None] = Slot()
    """The kind of the gate a traveller rejected."""
    booking_blocked: Slot[list[str]] = Slot([])
    """The failed hard checks that kept a plan from being booked."""

    def __init__(self, raw: StateLike) -> None:
        self.raw = raw


def _slots() -> dict[str, Any]:
    """Each key's type, from the annotations above (``Slot[X]`` declares ``X``)."""
    hints = get_type_hints(TripState, include_extras=True)  # keeps Json[...]
    return {
        name: get_args(hint)[0]
        for name, hint in hints.items()
        if isinstance(vars(TripState).get(name), Slot)
    }


@cache
def _adapter(name: str) -> TypeAdapter[Any]:
    return TypeAdapter(_slots()[name])


_JSON_MARK = type(get_args(Json[int])[1])
"""The class of the marker ``Json[X]`` puts on ``X`` (``Annotated[X, Json()]``)."""


def _is_document(kind: Any) -> bool:
    """Whether ``kind`` is ``Json[X]`` (or ``Json[X] | None``): a key stored as a JSON string."""
    if get_origin(kind) is Annotated:
        return any(isinstance(m, _JSON_MARK) for m in kind.__metadata__)
    return any(_is_document(arg) for arg in get_args(kind))


def _declared(kind: Any) -> Any:
    return (str | None) if _is_document(kind) else kind


SCHEMA: type[BaseModel] = create_model(  # type: ignore[call-overload]  # fields built at runtime
    "TripStateSchema",
    **{name: (_declared(kind), vars(TripState)[name].default) for name, kind in _slots().items()},
)
"""The session state's keys and types as a pydantic model: the workflows' ``state_schema``."""
