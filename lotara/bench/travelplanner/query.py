"""A TravelPlanner query read from its words: where from and to, when, who, how much, what rules.

The planner sees only the sentence and the sandbox. Places named in the sentence are
resolved against the sandbox (as ``lotara plan`` resolves them against its world): the
sandbox's described cities are where a trip may go, and its legs name where it starts.
Dates, length, party size and budget come from ``lotara.planning.intent`` and local
constraints from ``lotara.planning.constraints``: the same reading ``lotara plan`` uses,
with no second reader here. Places are found by the same place reader
(``planning.places_text`` over the world gazetteer) and matched to the sandbox's cities; only
what is TravelPlanner's own is read here: which sandbox city or state each place is, and how
many cities of a state to visit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from lotara.bench.travelplanner.sandbox import Sandbox
from lotara.errors import QueryNotUnderstood
from lotara.planning import intent
from lotara.planning.constraints import LocalConstraints, parse_local_constraints
from lotara.planning.phrases import NUMBER_WORDS, parse_number

EPOCH = date(2022, 1, 1)
"""'Today' for the benchmark's queries: a date without a year is the next one after it."""

_COUNT = r"(\d+|" + "|".join(w for w in NUMBER_WORDS if w not in ("a", "an")) + ")"


@dataclass
class TravelQuery:
    """What a TravelPlanner query asks for, read from its text."""

    origin: str
    destination: str
    city_count: int
    start: date
    days: int
    people: int
    budget: float | None
    local: LocalConstraints = field(default_factory=LocalConstraints)

    @property
    def dates(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]


def parse_city_count(text: str) -> int:
    """How many cities to visit: 'visiting 3 cities in Virginia', 'two different cities'."""
    m = re.search(rf"\b{_COUNT} (?:\w+ )?cities\b", text.lower())
    return (parse_number(m.group(1)) or 1) if m else 1


def _named(
    text: str, names: list[str], roles: tuple[str, ...], kinds: tuple[str, ...]
) -> str | None:
    """The first of ``names`` the place reader (``planning.places_text``, the reader
    ``lotara plan`` uses) finds in ``text`` in one of ``roles``, as one of ``kinds``."""
    from lotara.planning.places_text import read_places
    from lotara.world.gazetteer import normalise

    by_key = {normalise(name): name for name in names}
    for mention in read_places(text).mentions:
        if mention.role in roles and mention.hit.kind in kinds and not mention.corrected:
            for written in (mention.text, mention.hit.name):
                if normalise(written) in by_key:
                    return by_key[normalise(written)]
    return None


def _find_place(text: str, names: list[str], pattern: str) -> str | None:
    """The first of ``names`` that ``pattern`` (with {P} for the place) finds in ``text``."""
    best: tuple[int, str] | None = None
    for name in sorted(names, key=len, reverse=True):
        m = re.search(pattern.replace("{P}", re.escape(name)), text, re.IGNORECASE)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    return best[1] if best else None


_FROM = (
    r"\b(?:from|departing|departs|leaving|starting in|starting at|start in|begin(?:ning)? in|"
    r"originating (?:from|in)|setting off from|taking off from|journey from)\s+(?:from\s+)?{P}\b"
)


def parse_query(text: str, sandbox: Sandbox) -> TravelQuery:
    """Read a TravelPlanner query; places are resolved against ``sandbox``'s cities and legs."""
    cities = sandbox.cities
    endpoints = sorted(
        {o for o, _ in sandbox.ground_blocks}
        | {d for _, d in sandbox.ground_blocks}
        | {o for o, _, _ in sandbox.flight_blocks}
        | {d for _, d, _ in sandbox.flight_blocks}
    )
    outside = [c for c in endpoints if c not in cities]
    # Places come from the reader `lotara plan` uses; a sandbox name it does not read as a
    # place in that role (a town the gazetteer lacks) is matched by its words.
    origin = (
        _named(text, outside or endpoints, ("origin",), ("city", "airport"))
        or _find_place(text, outside or endpoints, _FROM)
        or _find_place(text, outside, r"\b{P}\b")
    )
    if origin is None:
        raise QueryNotUnderstood("The query names no starting city the sandbox knows.")
    city_count = parse_city_count(text)
    destination = None
    if city_count > 1:
        from lotara.world.gazetteer import states

        names = [s["name"] for s in states().values() if s["name"] != origin]
        destination = _named(
            text, names, ("destination", "qualifier", "passing"), ("state",)
        ) or _find_place(text, names, r"\b{P}\b(?! City)")
    if destination is None:
        destination = (
            _named(text, cities, ("destination",), ("city", "airport"))
            or _find_place(text, cities, r"\b{P}\b")
            or cities[0]
        )
    # Dates, length, party and budget are read by the intent step `lotara plan` uses.
    start, end = intent.parse_dates(text, EPOCH)
    if start is None:
        raise QueryNotUnderstood("The query names no travel dates (e.g. 'March 2nd to March 8th').")
    days = intent.parse_duration(text)
    if days is None and end is not None and end >= start:
        days = (end - start).days + 1
    if days is None:
        raise QueryNotUnderstood("The query says neither how long the trip is nor when it ends.")
    budget = intent.parse_budget(text)
    return TravelQuery(
        origin=origin,
        destination=destination,
        city_count=city_count,
        start=start,
        days=days,
        people=intent.parse_travelers(text) or 1,  # a query that names no party is one person
        budget=budget.amount if budget is not None else None,
        local=parse_local_constraints(text),
    )
