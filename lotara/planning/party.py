"""A party the words name as children only ("a trip for my two kids aged 8 and 10", "my 3
grandchildren to Disneyland"): no grown-up is named, so one is assumed to travel with them,
and the notes say so; "travelling alone" plans for the children by themselves, and says so too.
"""

from __future__ import annotations

import re

from lotara.planning.phrases import (
    NUMBER_WORDS,
    parse_children,
    parse_children_ages,
    parse_number,
    parse_travelers,
)

__all__ = ["children_only", "children_only_note"]

_NUM = r"(?:\d{1,2}|" + "|".join(w for w in NUMBER_WORDS if w not in ("a", "an", "single")) + ")"
_MANY = (
    r"(?:kids|children|sons|daughters|grandkids|grandchildren|grandsons|granddaughters|teens|"
    r"teenagers|boys|girls|nieces|nephews|little ones)"
)
_ONE = (
    r"\b(?:my|our|her|his|the) (?:\w+ )?(?:kid|child|son|daughter|grandson|granddaughter|"
    r"teen|teenager|nephew|niece)\b"
)
# Words that put a grown-up in the party: the speaker travelling ("with my kids", "we",
# "taking", "me and"), or a grown-up named ("parents", "grandma", "adults", a family trip).
_GROWN_UP = re.compile(
    r"(?i)\b(?:we|we're|us|me|myself|i'm|i am|i'll|i will|i and|our family|family (?:trip|"
    r"holiday|vacation|break)|family of|with (?:my|our|the|a|an|\d|two|three|four|five)|"
    r"tak(?:e|ing)|bring(?:ing)?|accompan\w+|adults?|grown[- ]?ups?|parents?|mum|mom|mother|"
    r"dad|father|grand(?:ma|pa|mother|father|parents?|ad)s?|granny|nan|nana|wife|husband|"
    r"partner|teachers?|chaperones?|nanny|au pair|aunt|auntie|uncle|couple|friends?|solo)\b"
)
_ALONE = re.compile(
    r"(?i)\b(?:alone|on (?:their|his|her) own|by (?:themselves|himself|herself)|"
    r"unaccompanied)\b"
)


def children_only(text: str) -> tuple[int, bool] | None:
    """(how many children, whether they travel alone) when the party the words name is
    children and nobody else, else ``None``."""
    if not parse_children(text) or _GROWN_UP.search(text):
        return None
    low = text.lower()
    counts = [
        parse_number(m.group(1)) or 0 for m in re.finditer(rf"\b({_NUM}) (?:\w+ )?{_MANY}\b", low)
    ]
    some = 2 if re.search(rf"\b(?:my|our|the|his|her) {_MANY}\b", low) else 0  # "the kids"
    one = 1 if re.search(_ONE, low) else 0
    count = max([len(parse_children_ages(text)), *counts, some, one])
    alone = bool(_ALONE.search(text))
    stated = parse_travelers(text)
    if not count or (stated is not None and stated > count + (0 if alone else 1)):
        return None  # "Rome for 4, 2 kids": the other two are grown-ups
    return count, alone


def children_only_note(children: int, alone: bool, travelers: int) -> str:
    """What the notes say of a party of ``children`` only, planned for ``travelers``."""
    who = "one child" if children == 1 else f"{children} children"
    if alone:
        return (
            f"Read a party of {who} travelling alone: planned for {travelers}; airlines' and "
            "hotels' rules for unaccompanied minors are not checked."
        )
    return (
        f"Read a party of {who} and no grown-up: one adult is assumed to travel with them "
        f'({travelers} in all); say who goes ("with me", "for 2") to change it.'
    )
