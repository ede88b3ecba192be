"""The local constraints a traveller states in words: room type, house rules, cuisines, transport.

``parse_local_constraints`` reads both TravelPlanner's wording ("accommodations that allow
smoking", "rooms that are not shared", "please avoid any flight bookings") and everyday
wording ("we are bringing our dog", "no flights please", "Chinese and Italian food").

Negation is read sentence by sentence: a rule or cuisine preceded closely by "no", "not",
"without", "avoid" ... is not asked for ("no smoking room" does not ask for smoking), while
for transport the same negation is exactly what makes a mode avoided.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from lotara.models import HOUSE_RULES

__all__ = ["CUISINES", "LocalConstraints", "parse_local_constraints"]


class LocalConstraints(BaseModel):
    """What the party needs from stays, meals and transport, read from a sentence."""

    room_type: str | None = Field(default=None, description="one of models.ROOM_TYPES")
    house_rules: list[str] = Field(
        default_factory=list, description="what the party needs allowed (models.HOUSE_RULES)"
    )
    cuisines: list[str] = Field(default_factory=list)
    avoid_transport: list[str] = Field(
        default_factory=list, description="modes not to use, e.g. 'flight', 'self-driving'"
    )


CUISINES: tuple[str, ...] = (
    "Chinese",
    "American",
    "Italian",
    "Mexican",
    "Indian",
    "Mediterranean",
    "French",
    "Japanese",
    "Thai",
    "Spanish",
    "Greek",
    "Korean",
    "Vietnamese",
    "Turkish",
    "Lebanese",
    "Ethiopian",
    "Caribbean",
    "Cajun",
    "Seafood",
    "BBQ",
    "Pizza",
    "Cafe",
    "Desserts",
    "Bakery",
    "Fast Food",
    "Tea",
)
"""Cuisine names as catalogues (and TravelPlanner's restaurant table) spell them."""

# Words that name a cuisine without its catalogue spelling.
_CUISINE_ALIASES: dict[str, str] = {
    "sushi": "Japanese",
    "ramen": "Japanese",
    "tacos": "Mexican",
    "taco": "Mexican",
    "curry": "Indian",
    "dim sum": "Chinese",
    "pasta": "Italian",
    "barbecue": "BBQ",
    "bbq": "BBQ",
    "pizza": "Pizza",
    "burgers": "American",
    "pho": "Vietnamese",
    "tapas": "Spanish",
    "desserts": "Desserts",
    "bakery": "Bakery",
    "fast food": "Fast Food",
    "coffee": "Cafe",
    "cafe": "Cafe",
    "seafood": "Seafood",
}

# A negation shortly before a mention turns it around ("no smoking", "not flying").
_NEGATION = (
    r"\b(?:no|not|non|never|without|avoid(?:ing)?|exclud(?:e|ing)|skip|nor|"
    r"don'?t|do not|won'?t|will not|wouldn'?t|would not|rather not|isn'?t|aren'?t|"
    r"prefer not|neither|free of|other than)\b"
)
_NEG_WINDOW = 40  # characters before a mention that a negation may govern

_HOUSE_RULE_PATTERNS: dict[str, tuple[str, ...]] = {
    "parties": (
        r"\bpart(?:y|ies)\b(?! of \w+)(?! \d)",
        r"\bhost(?:ing)? (?:a |an )?(?:gathering|celebration|get-together)",
        # Not "to celebrate our anniversary": a celebration is not a party held in the room.
    ),
    "smoking": (r"\bsmok(?:e|ing|er|ers)\b", r"\bcigar", r"\bvap(?:e|ing)\b"),
    "children under 10": (
        r"\bchild(?:ren)?\b",
        r"\bkids?\b",
        r"\btoddlers?\b",
        r"\bbab(?:y|ies)\b",
        r"\binfants?\b",
        r"\byounger ones\b",
        r"\blittle ones\b",
        r"\byoung ones\b",
        r"\bunder (?:the age of )?10\b",
    ),
    "pets": (r"\bpets?\b", r"\bdogs?\b", r"\bcats?\b", r"\bpuppy\b", r"\bkitten\b"),
    "visitors": (
        r"\bvisitors?\b",
        r"\bguests?\b",
        r"\bfriends (?:will |may |might )?(?:visit|come|drop)",
    ),
}

# Transport modes: mentions that, when negated, avoid the mode.
_TRANSPORT_PATTERNS: dict[str, tuple[str, ...]] = {
    "flight": (r"\bfl(?:y|ying|ights?|ew)\b", r"\bplanes?\b", r"\bair ?travel\b", r"\bairlines?\b"),
    "self-driving": (
        r"\bself[- ]?driv(?:e|ing|en)\b",
        r"\bdriv(?:e|ing)\b(?: \w+){0,2}",
        r"\brental cars?\b",
        r"\brent(?:ing)? a car\b",
        r"\bcar\b",
    ),
    "taxi": (r"\btaxis?\b", r"\bcabs?\b", r"\bubers?\b"),
    "train": (r"\btrains?\b", r"\brail\b"),
}

# "We will not be flying and will presumably drive": "drive" after "and" is not negated.
_CLAUSE_BREAK = re.compile(r"[.;!?]|,\s*(?:but|and|so)\b|\b(?:and will|but|although|though|so)\b")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def _negated(sentence: str, start: int) -> bool:
    """Whether the mention starting at ``start`` is governed by a negation in its clause."""
    before = sentence[max(0, start - _NEG_WINDOW) : start]
    # Only the clause the mention sits in counts.
    parts = _CLAUSE_BREAK.split(before)
    clause = parts[-1] if parts else before
    return re.search(_NEGATION, clause, re.IGNORECASE) is not None


def _mentions(sentence: str, patterns: tuple[str, ...]) -> list[re.Match[str]]:
    found = []
    for pattern in patterns:
        found.extend(re.finditer(pattern, sentence, re.IGNORECASE))
    return found


def _room_type(text: str) -> str | None:
    low = text.lower()
    if re.search(
        r"\b(?:not|non|no)[- ]?shared\b|\bnot (?:be )?shared\b|\bnot (?:a |to be )?shared rooms?\b|"
        r"\b(?:don'?t|do not|won'?t|not) (?:want to |wish to |like to )?share\b|"
        r"\bshared rooms? (?:are|is) (?:not|out)\b|\bno (?:shared|dorm)",
        low,
    ):
        return "not shared room"
    if re.search(
        r"\bentire (?:room|home|house|place|apartment|flat|unit|propert)|"
        r"\bwhole (?:room|home|house|place|apartment|flat|unit)|"
        r"\b(?:rooms?|place|home) (?:all )?to ourselves\b",
        low,
    ):
        return "entire room"
    if re.search(r"\bprivate rooms?\b|\bprivate accommodation", low):
        return "private room"
    # "no hostels" refuses a kind of stay; it does not ask for a dorm bed.
    low = re.sub(
        r"\b(?:no|not|without|avoid|never)\s+(?:a\s+|any\s+)?(?:hostels?|dorms?)\b", "", low
    )
    if re.search(r"\bshared rooms?\b|\bdorm(?:itory|s)?\b|\bhostel|\bshare a room\b", low):
        return "shared room"
    return None


def _house_rules(text: str) -> list[str]:
    wanted: list[str] = []
    for sentence in _sentences(text):
        for rule, patterns in _HOUSE_RULE_PATTERNS.items():
            if rule in wanted:
                continue
            hits = _mentions(sentence, patterns)
            if rule == "parties":
                # "a party of 3" names the travellers, not a party to hold.
                hits = [
                    m for m in hits if not re.match(r"\s*of\b", sentence[m.end() :], re.IGNORECASE)
                ]
            if any(not _negated(sentence, m.start()) for m in hits):
                wanted.append(rule)
    return [rule for rule in HOUSE_RULES if rule in wanted]


def _cuisines(text: str) -> list[str]:
    found: list[tuple[int, str]] = []
    offset = 0
    for sentence in _sentences(text):
        for name in CUISINES:
            for m in re.finditer(rf"\b{re.escape(name)}\b", sentence, re.IGNORECASE):
                if not _negated(sentence, m.start()):
                    found.append((offset + m.start(), name))
        for alias, name in _CUISINE_ALIASES.items():
            for m in re.finditer(rf"\b{re.escape(alias)}\b", sentence, re.IGNORECASE):
                if not _negated(sentence, m.start()):
                    found.append((offset + m.start(), name))
        offset += len(sentence) + 1
    ordered: list[str] = []
    for _, name in sorted(found):
        if name not in ordered:
            ordered.append(name)
    return ordered


def _avoid_transport(text: str) -> list[str]:
    from lotara.planning.needs import read_flight_rules

    avoid: list[str] = []
    for sentence in _sentences(read_flight_rules(text)[1]):
        for mode, patterns in _TRANSPORT_PATTERNS.items():
            if mode in avoid:
                continue
            hits = _mentions(sentence, patterns)
            if any(_negated(sentence, m.start()) for m in hits):
                avoid.append(mode)
    return avoid


def parse_local_constraints(text: str) -> LocalConstraints:
    """The room type, house rules, cuisines and transport to avoid that ``text`` asks for."""
    return LocalConstraints(
        room_type=_room_type(text),
        house_rules=_house_rules(text),
        cuisines=_cuisines(text),
        avoid_transport=_avoid_transport(text),
    )
