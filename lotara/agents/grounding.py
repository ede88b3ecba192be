"""Grounding a model's reading of a request in the request itself.

The deterministic reader's reading is the base. A model's draft may only add what that
reading could not get, and every field it proposes must be grounded in the sentence: a city
appears in the text (or is the gazetteer's answer for a word in it, such as ``LAX``), a
number appears in the text, an interest maps to words in the text. The origin is never a
destination. What is discarded becomes a note on the request, so nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lotara.agents.specialists import TripDraft
    from lotara.world.provider import TravelProvider


@dataclass
class Grounded:
    """The draft's grounded fields, and one note per field it proposed but could not ground."""

    draft: TripDraft
    notes: list[str] = field(default_factory=list)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def _numbers(text: str) -> set[float]:
    found: set[float] = set()
    for raw, suffix in re.findall(r"(\d[\d,]*(?:\.\d+)?)\s*(k\b)?", text.lower()):
        try:
            value = float(raw.replace(",", ""))
        except ValueError:
            continue
        found.add(value * 1000 if suffix else value)
    return found


NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "a": 1, "solo": 1, "couple": 2, "pair": 2, "week": 7, "weekend": 3,
    "fortnight": 14,
}  # fmt: skip


def city_grounded(name: str, text: str, provider: TravelProvider) -> str | None:
    """The gazetteer's city for ``name`` when the sentence names it (or its code); else None."""
    lowered = text.lower()
    try:
        place = provider.resolve(name)
    except Exception:  # the gazetteer does not know it: it cannot be in the plan
        return None
    words = _words(text)
    if place.city.lower() in lowered or (place.iata and place.iata.lower() in words):
        return place.city
    if name.strip().lower() in lowered and len(name.strip()) >= 3:
        return place.city
    return None


def _number_grounded(value: float, text: str) -> bool:
    if value in _numbers(text):
        return True
    words = _words(text)
    return any(NUMBER_WORDS.get(w) == value for w in words)


def ground(draft: TripDraft, text: str, provider: TravelProvider, origin: str | None) -> Grounded:
    """Keep what ``draft`` says that ``text`` grounds; note the rest."""
    from lotara.models import INTERESTS

    notes: list[str] = []
    kept = draft.model_copy(deep=True)
    home = city_grounded(origin, text, provider) if origin else None
    if kept.origin is not None:
        city = city_grounded(kept.origin, text, provider)
        if city is None:
            notes.append(
                f"The model read the origin as {kept.origin!r}, which the request does not name."
            )
        kept.origin = city
    home = home or kept.origin
    destinations: list[str] = []
    for name in draft.destinations:
        city = city_grounded(name, text, provider)
        if city is None:
            notes.append(
                f"The model proposed {name!r} as a destination; the request does not name it."
            )
        elif home and city == home:
            notes.append(f"The model proposed {name!r}, the origin, as a destination: not used.")
        elif city not in destinations:
            destinations.append(city)
    kept.destinations = destinations
    for key, label in (("days", "days"), ("travelers", "travellers"), ("budget", "budget")):
        value = getattr(kept, key)
        if value is not None and not _number_grounded(float(value), text):
            notes.append(f"The model read {label} as {value:g}, a number the request does not say.")
            setattr(kept, key, None)
    if kept.start_date and not any(part in text for part in kept.start_date.split("-")[1:]):
        notes.append(f"The model read a start date {kept.start_date}; the request gives none.")
        kept.start_date = None
    words = _words(text)
    interests = []
    for interest in draft.interests:
        stem = interest.lower()[:4]
        if interest.lower() in INTERESTS and any(w.startswith(stem) for w in words):
            interests.append(interest.lower())
        else:
            notes.append(
                f"The model read an interest in {interest!r}; the request does not say it."
            )
    kept.interests = interests
    if kept.pace and kept.pace.lower()[:4] not in text.lower():
        kept.pace = None
    if kept.currency and kept.budget is None:
        kept.currency = None
    return Grounded(draft=kept, notes=notes)
