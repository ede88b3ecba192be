"""The words a traveller uses for what they enjoy, mapped onto ``models.INTERESTS``.

A leaf of the reader: ``intent`` reads a request's interests with it, and ``places_text``
asks it whether lower-case words are an interest ("beaches and spa", "somewhere with hot
springs") before taking them for a town that bears the name (Spa, Hot Springs).
"""

from __future__ import annotations

import re

__all__ = [
    "INTEREST_WORDS",
    "is_interest",
    "negated",
    "parse_avoided",
    "parse_interests",
    "refused_by",
    "refused_words",
]

INTEREST_WORDS: dict[str, tuple[str, ...]] = {
    "culture": (
        "culture", "cultural", "temples?", "shrines?", "museums?", "traditions?", "traditional",
        "heritage", "local life", "tea ceremon(?:y|ies)", "theat(?:er|re)s?", "opera", "festivals?",
        "broadway", "west end", "musicals?",
    ),
    "history": (
        "history", "historic(?:al)?", "castles?", "ruins", "ancient", "palaces?", "forts?",
        "roman", "medieval", "war", "archaeolog\\w*", "monuments?",
    ),
    "food": (
        "food", "foodie", "street food", "eat(?:ing)?", "cuisine", "culinary", "gastronom\\w*",
        "restaurants?", "cooking", "wine", "tasting", "beers?", "brewer(?:y|ies)", "markets? food",
        "ramen", "sushi", "tapas", "pizza", "bbq", "barbecue", "dim sum", "pintxos",
    ),
    "nature": (
        "nature", "hik(?:e|es|ing)", "trek(?:king)?", "parks?", "mountains?", "gardens?",
        "outdoors?", "wildlife", "forests?", "lakes?", "waterfalls?", "national parks?", "scenery",
    ),
    "art": ("art", "arts", "galler(?:y|ies)", "paintings?", "design", "street art", "artsy"),
    "nightlife": (
        "nightlife", "bars?", "clubs?", "clubbing", "pubs?", "cocktails?", "live music",
        "techno", "raves?", "nightclubs?", "discos?", "partying", "dancing", "karaoke", "jazz",
        "stag (?:do|party|weekend|night)", "hen (?:do|party|weekend|night)",
        "bachelor(?:ette)?(?: party| weekend| trip)?",
    ),
    "shopping": ("shopping", "shops?", "markets?", "boutiques?", "fashion", "souvenirs?"),
    "beach": ("beach(?:es)?", "seaside", "coast", "snorkel(?:l?ing)?", "swimming", "sun"),
    "adventure": (
        "adventure", "adventurous", "diving", "scuba", "surf(?:ing)?", "kayak(?:ing)?",
        "zipline", "climbing", "rafting", "skiing", "paragliding",
    ),
    "relaxation": ("relax(?:ation|ing)?", "spa", "onsens?", "hot springs?", "wellness", "chill"),
    "architecture": (
        "architecture", "architectural", "cathedrals?", "churches", "skyline", "buildings",
    ),
    "family": ("family[- ]friendly", "theme parks?", "zoos?", "aquariums?", "kids", "children"),
}  # fmt: skip
"""Words a traveller uses, mapped onto the interest vocabulary (``models.INTERESTS``)."""

_INTEREST_RES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (interest, re.compile(r"(?i)\b(?:" + "|".join(words) + r")\b"))
    for interest, words in INTEREST_WORDS.items()
)
_NEGATED = re.compile(r"(?i)\b(?:no|not|without|avoid|skip|hate|don'?t like|except)\s+(?:\w+\s+)?$")


def negated(text: str, at: int) -> bool:
    """Whether the words just before ``at`` refuse what follows ("no skiing", "avoid bars")."""
    return bool(_NEGATED.search(text[max(0, at - 30) : at]))


def parse_interests(text: str) -> list[str]:
    """The interests the words name, in the order named, mapped onto ``models.INTERESTS``."""
    found: list[tuple[int, str]] = []
    for interest, pattern in _INTEREST_RES:
        for m in pattern.finditer(text):
            if not negated(text, m.start()):
                found.append((m.start(), interest))
                break
    return [interest for _, interest in sorted(found)]


def is_interest(words: str) -> bool:
    """Whether ``words`` are, all of them, words of the interest vocabulary ("hot springs")."""
    return any(pattern.fullmatch(words) for _, pattern in _WHOLE_RES)


_WHOLE_RES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (interest, re.compile(r"(?i)(?:" + "|".join(words) + r")"))
    for interest, words in INTEREST_WORDS.items()
)


SIGHT_GROUPS = ("culture", "history", "nature", "art", "nightlife", "shopping", "architecture")
"""The interests whose words name kinds of sight ("museums", "churches", "castles"): refused
("no museums"), they leave those sights out. "family" and "food" words are not sights."""
_SIGHT_WORD = re.compile(
    r"(?i)\b("
    + "|".join(w for g in SIGHT_GROUPS for w in INTEREST_WORDS[g] if " " not in w or "?" in w)
    + r"|theme parks?|zoos?|aquariums?)\b"
)


def parse_avoided(text: str) -> list[str]:
    """The kinds of sight the words refuse ("no museums please", "we hate churches"), each
    as the word a sight's name carries ("museum", "church"), in the order said."""
    out: list[str] = []
    for m in _SIGHT_WORD.finditer(text):
        if negated(text, m.start()):
            word = _singular(m.group(1).lower())
            if word not in out:
                out.append(word)
    return out


def _singular(word: str) -> str:
    for plural, one in (("ies", "y"), ("ches", "ch"), ("ses", "s"), ("s", "")):
        if word.endswith(plural) and len(word) > len(plural) + 2:
            return word[: -len(plural)] + one
    return word


def refused_words(avoided: list[str]) -> str:
    """The refused kinds as said: "museums, churches", "nightlife"."""
    return ", ".join(w if w in INTEREST_WORDS else _plural(w) for w in avoided)


def _plural(word: str) -> str:
    if word.endswith(("ch", "sh", "s")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def refused_by(name: str, tags: list[str], avoided: list[str]) -> str | None:
    """The refused word a sight's name carries ("British Museum": "museum") or, for an
    interest refused by its own name ("no nightlife", "no shopping"), its tag; if any."""
    low = name.lower()
    for word in avoided:
        if word in tags or re.search(rf"\b{re.escape(word)}(?:s|es)?\b", low):
            return word
    return None
