"""Things a traveller wishes to do ("we'd love to go ice skating", "a cooking class"), the
sights of the offline world that fit each, and what a plan says of a wish it cannot honour.

A wish is read from the request's words (``read_wishes``); where the trip's cities have a
fitting sight open on its dates, the best one becomes a must-see (``wished_sights``); once
the plan is laid out, a wish no planned sight fits is said in one sentence, with why
(``unmet_wishes``): the world knows none there, it is shut all trip, or no day had the time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from lotara.models import Destination, Itinerary, TripRequest
from lotara.planning.interests import negated
from lotara.words import months_said
from lotara.world import catalogue

__all__ = [
    "WISHES",
    "Wish",
    "fits",
    "read_wishes",
    "trip_months",
    "unmet_wishes",
    "wished_sights",
]


@dataclass(frozen=True)
class Wish:
    """One thing to do: how the traveller says it, the marks a fitting sight's name or tags
    carry, and what such a place is called in a note ("rink")."""

    label: str
    said: str
    marks: str
    place: str


WISHES: tuple[Wish, ...] = (
    Wish(
        "Ice skating",
        r"ice[- ]?skat\w*|skating rinks?|ice rinks?|go skating",
        r"\bskating\b|\bice rinks?\b",
        "rink",
    ),
    Wish("Skiing", r"ski(?:ing)?|snowboard(?:ing)?", r"\bski(?:ing)?\b(?! jump)", "ski area"),
    Wish(
        "Scuba diving",
        r"scuba(?: diving)?|(?:go |reef |deep[- ]sea )?diving|dive trips?",
        r"\bdiv(?:e|ing)\b",
        "dive site",
    ),
    Wish("Snorkelling", r"snorkel\w*", r"\bsnorkel\w*", "snorkelling spot"),
    Wish("Surfing", r"surf(?:ing)?(?: lessons?)?|learn to surf", r"\bsurf(?:ing)?\b", "surf spot"),
    Wish(
        "A cooking class",
        r"cooking (?:class|course|lesson|school)s?|learn to cook",
        r"\bcooking (?:class|course|school)",
        "cooking class",
    ),
    Wish(
        "Wine tasting",
        r"wine[- ]tastings?|vineyards?|winer(?:y|ies)|wine (?:tours?|regions?|country|cellars?)",
        r"\bwines?\b|\bvineyards?\b|\bwiner(?:y|ies)\b",
        "vineyard or wine cellar",
    ),
    Wish(
        "A hot-air balloon flight",
        r"(?:hot[- ]air )?balloon(?:ing| rides?| flights?)?",
        r"\bballoon",
        "balloon flight",
    ),
    Wish(
        "The northern lights",
        r"northern lights|auroras?(?: borealis)?",
        r"\bnorthern lights\b|\baurora",
        "northern lights tour",
    ),
    Wish(
        "Sumo",
        r"sumo(?: wrestling| matche?s?| tournaments?| bouts?)?",
        r"\bsumo\b",
        "sumo tournament or stable",
    ),
    Wish(
        "Horse riding",
        r"horse[- ]?(?:back )?riding|horseback|ride horses|pony trek\w*",
        r"\bhorse[- ]?(?:back )?riding\b|\bhorseback\b|\bpony trek",
        "riding stables",
    ),
    Wish(
        "A food tour",
        r"(?:street[- ])?food (?:tours?|walks?)|culinary tours?|tapas tours?",
        r"\bfood (?:tour|walk)",
        "food tour",
    ),
    Wish("Kayaking", r"kayak\w*|canoe(?:ing)?", r"\bkayak\w*|\bcanoe(?:ing)?\b", "kayaking trip"),
    Wish("Rafting", r"(?:white[- ]water )?rafting", r"\braft(?:ing)?\b", "rafting trip"),
    Wish("Paragliding", r"paraglid\w*", r"\bparaglid\w*", "paragliding site"),
    Wish(
        "Whale watching",
        r"whale[- ]watching|see (?:the )?whales",
        r"\bwhale",
        "whale-watching trip",
    ),
    Wish("A safari", r"safaris?|game drives?", r"\bsafari|\bgame drives?\b", "safari"),
)
"""The things to do a request may wish for, each with the marks of a sight that offers it."""

_SAID = tuple(re.compile(rf"(?i)\b(?:{w.said})\b") for w in WISHES)
_MARKS = {w.label: re.compile(rf"(?i){w.marks}") for w in WISHES}


def read_wishes(text: str) -> list[str]:
    """The wishes the words name, not refused ("no skiing"), in the order said, by label."""
    found: list[tuple[int, str]] = []
    for wish, pattern in zip(WISHES, _SAID, strict=True):
        for m in pattern.finditer(text):
            if not negated(text, m.start()):
                found.append((m.start(), wish.label))
                break
    return [label for _, label in sorted(found)]


def fits(label: str, name: str, tags: list[str] | tuple[str, ...]) -> bool:
    """Whether a sight of this name and these tags offers the wish."""
    return bool(_MARKS[label].search(f"{name} {' '.join(tags)}"))


def trip_months(start: date, end: date) -> set[int]:
    """The months (1-12) a trip from ``start`` to ``end`` has days in."""
    return {(start + timedelta(days=n)).month for n in range((end - start).days + 1)}


def _fitting(label: str, cities: list[str]) -> list[tuple[str, catalogue.Attraction]]:
    rows = catalogue.by_name()
    return [
        (city, a)
        for city in cities
        if (row := rows.get(city)) is not None
        for a in catalogue.attractions(row)
        if fits(label, a.name, a.tags)
    ]


def wished_sights(
    wishes: list[str], destinations: list[Destination], start: date, end: date, must: list[str]
) -> list[str]:
    """The must-sees with, for each wish none of them already offers, the best fitting sight
    of the trip's cities open on its dates (a wish said is asked for, whatever its rank)."""
    months = trip_months(start, end)
    out = list(must)
    for label in wishes:
        fitting = [a for _, a in _fitting(label, [d.city for d in destinations])]
        if any(a.name in out for a in fitting):
            continue
        open_ = [a for a in fitting if not a.months or months & set(a.months)]
        if open_:
            out.append(max(open_, key=lambda a: a.significance).name)
    return out


def unmet_wishes(request: TripRequest, itinerary: Itinerary) -> list[str]:
    """One sentence for each wish no planned sight offers, saying why none is planned."""
    planned = [i.activity for d in itinerary.days for i in d.items if i.activity]
    cities = [d.city for d in request.destinations]
    where = " or ".join(cities)
    notes = []
    for label in request.wishes:
        if any(fits(label, a.name, a.tags) for a in planned):
            continue
        wish = next(w for w in WISHES if w.label == label)
        fitting = _fitting(label, cities)
        months = trip_months(request.start_date, request.end_date)
        shut = [(c, a) for c, a in fitting if a.months and not months & set(a.months)]
        if not fitting:
            why = f"the offline world knows no {wish.place} in {where}"
        elif len(shut) == len(fitting):
            city, sight = shut[0]
            why = f"{sight.name} in {city} is open only {months_said(sight.months)}"
        else:
            names = " or ".join(dict.fromkeys(a.name for c, a in fitting if (c, a) not in shut))
            why = f"no day of the plan had the time for {names}"
        notes.append(f"{label}: {why}, so none is planned.")
    return notes
