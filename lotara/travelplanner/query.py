"""A TravelPlanner query read from its words: where from and to, when, who, how much, what rules.

The planner sees only the sentence and the sandbox. Places named in the sentence are
resolved against the sandbox (as ``lotara plan`` resolves them against its world): the
sandbox's described cities are where a trip may go, and its legs name where it starts.
Local constraints come from ``lotara.planning.constraints``, the same reading ``lotara plan``
uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from lotara.errors import QueryNotUnderstood
from lotara.planning.constraints import LocalConstraints, parse_local_constraints
from lotara.travelplanner.sandbox import Sandbox

_NUMBERS = {
    "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_NUM = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november "
        "december".split()
    )
}
_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december)"
_ORD = r"(\d{1,2})(?:st|nd|rd|th)?"


US_STATES: tuple[str, ...] = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa",
    "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan",
    "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
    "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
    "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota",
    "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington", "West Virginia",
    "Wisconsin", "Wyoming",
)  # fmt: skip
"""A multi-city trip's destination is a state: the sentence names it."""


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


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def parse_people(text: str) -> int:
    """How many travel: 'a group of 5', 'for two people', 'a duo', 'traveling alone'."""
    low = text.lower()
    patterns = (
        rf"\b(?:group|party|family|team) of {_NUM}\b",
        rf"\b{_NUM} (?:people|persons|individuals|travell?ers|adults|guests|of us)\b",
        rf"\bfor {_NUM}\b(?! (?:days|nights|cities|weeks))",
        rf"\bwe are {_NUM}\b",
    )
    for pattern in patterns:
        m = re.search(pattern, low)
        if m:
            return _number(m.group(1))
    if re.search(r"\b(?:duo|pair|couple|two of us|for two)\b", low):
        return 2
    return 1


def parse_budget(text: str) -> float | None:
    """The budget in dollars: '$2,900', 'a budget of 1,600 dollars'."""
    m = re.search(r"\$\s?([\d,]+(?:\.\d+)?)", text) or re.search(
        r"\b([\d,]+(?:\.\d+)?)\s*(?:dollars|usd)\b", text, re.IGNORECASE
    )
    return float(m.group(1).replace(",", "")) if m else None


def parse_trip_dates(text: str) -> tuple[date, date | None]:
    """The first and last day: 'March 2nd to March 8th, 2022', 'the 8th to the 10th of March'."""
    low = text.lower()
    year_m = re.search(r"\b(20\d\d)\b", low)
    year = int(year_m.group(1)) if year_m else 2022
    m = re.search(rf"\bthe {_ORD} (?:to|until|through|and) the {_ORD} of {_MONTH}", low)
    if m:
        month = _MONTHS[m.group(3)]
        return date(year, month, int(m.group(1))), date(year, month, int(m.group(2)))
    days = sorted(
        [
            (m.start(), m.group(1), int(m.group(2)), m.end())
            for m in re.finditer(rf"{_MONTH} {_ORD}\b", low)
        ]
        + [
            (m.start(), m.group(2), int(m.group(1)), m.end())
            for m in re.finditer(rf"\bthe {_ORD} of {_MONTH}", low)
        ]
    )
    days = [d[1:] for d in days]
    if not days:
        raise QueryNotUnderstood("The query names no travel dates (e.g. 'March 2nd to March 8th').")
    start = date(year, _MONTHS[days[0][0]], days[0][1])
    if len(days) > 1:
        return start, date(year, _MONTHS[days[1][0]], days[1][1])
    # "from March 9th to 13th": a bare day number after the month.
    m = re.match(rf"\s*(?:to|until|through|and|-)\s*(?:the )?{_ORD}\b", low[days[0][2] :])
    if m:
        return start, date(year, start.month, int(m.group(1)))
    return start, None


def parse_days(text: str) -> int | None:
    """The trip's length in days: '3-day', 'seven-day', 'week-long', 'five days'."""
    low = text.lower()
    m = re.search(rf"\b{_NUM}[- ]days?\b", low)
    if m:
        return _number(m.group(1))
    if re.search(r"\b(?:week-long|one-week|one week|a week)\b", low):
        return 7
    return None


def parse_city_count(text: str) -> int:
    """How many cities to visit: 'visiting 3 cities in Virginia', 'two different cities'."""
    m = re.search(rf"\b{_NUM} (?:\w+ )?cities\b", text.lower())
    return _number(m.group(1)) if m else 1


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
    origin = _find_place(text, outside or endpoints, _FROM) or _find_place(
        text, outside, r"\b{P}\b"
    )
    if origin is None:
        raise QueryNotUnderstood("The query names no starting city the sandbox knows.")
    city_count = parse_city_count(text)
    destination = None
    if city_count > 1:
        destination = _find_place(text, [s for s in US_STATES if s != origin], r"\b{P}\b(?! City)")
    if destination is None:
        destination = _find_place(text, cities, r"\b{P}\b") or cities[0]
    # The intent step `lotara plan` uses reads the budget, party and length; the readers
    # here cover TravelPlanner's phrasings it leaves unread ("a duo", "the 8th to the 10th
    # of March", "a single-person trip").
    from lotara.planning import intent

    start, end = parse_trip_dates(text)
    days = (end - start).days + 1 if end is not None else intent.parse_duration(text)
    days = days or parse_days(text)
    if days is None:
        raise QueryNotUnderstood("The query says neither how long the trip is nor when it ends.")
    budget = intent.parse_budget(text)
    return TravelQuery(
        origin=origin,
        destination=destination,
        city_count=city_count,
        start=start,
        days=days,
        people=intent.parse_travelers(text) or parse_people(text),
        budget=budget.amount if budget is not None else parse_budget(text),
        local=parse_local_constraints(text),
    )
