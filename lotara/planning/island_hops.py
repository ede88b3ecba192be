"""Island hopping read as the traveller means it: three or more islands joined by ferries.

"Island hopping in Greece" is not the country's two best-known places: it is a chain of
islands, each a ferry ride from the last, starting at the port the trip flies into when that
port is on the chain (Athens, then Mykonos, Paros, Naxos, Santorini). The chain is built from
the ferries lotara's world lists (``world.ground``); where they join fewer than three islands
of the country, the chain is as long as they allow and the reading says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from lotara.world import gazetteer
from lotara.world.gazetteer import normalise

__all__ = [
    "HOPPING",
    "MIN_ISLANDS",
    "island_chain",
    "islands_asked",
    "islands_of",
    "names_hopping",
]

MIN_ISLANDS = 3
MAX_STOPS = 6
DAYS_PER_ISLAND = 3
"""A hop of N days gets about N / 3 stops: two or three nights an island."""

HOPPING = re.compile(
    r"(?i)\bisland[- ]?hop(?:ping|s)?\b|\bhop(?:ping)? (?:around|between|across|through) "
    r"(?:the )?(?:[a-z]+ )?islands\b|\bferr(?:y|ies) (?:between|around) (?:the )?islands\b|"
    r"\b(?:two|three|four|five|[2-6]) (?:of the )?(?:[a-z]+ )?islands\b"
)
"""Words that ask for island hopping: "island hopping", "island-hop", "hopping the islands"."""


_COUNTED = re.compile(r"(?i)\b(two|three|four|five|[2-6]) (?:of the )?(?:[a-z]+ )?islands\b")


def names_hopping(text: str) -> bool:
    """Whether the request asks for island hopping ("island hopping", "Athens and two islands")."""
    return bool(HOPPING.search(text))


_ISLANDS_OF = (
    re.compile(r"(?i)\b([a-z]+(?: [a-z]+)?) islands\b"),
    re.compile(r"(?i)\bislands (?:of|in|around|off) (?:the )?([a-z]+(?: [a-z]+)?)"),
)


@cache
def _country_words() -> dict[str, str]:
    """Country names and adjectives ("thailand", "thai") to their codes."""
    from lotara.world.countries import countries
    from lotara.world.generic import LOCAL_CUISINE

    words = {c.name.lower(): code for code, c in countries().items()}
    words.update({adjective.lower(): code for code, adjective in LOCAL_CUISINE.items()})
    words["philippine"] = "PH"
    return words


def islands_of(text: str) -> str | None:
    """The country whose islands the words travel to, "Thailand islands", "the Thai
    islands", "the islands of Croatia": a trip to several of them, read as a hop."""
    words = _country_words()
    for pattern, near in zip(_ISLANDS_OF, (-1, 0), strict=True):
        for m in pattern.finditer(text):
            phrase = m.group(1).lower()
            for name in (phrase, phrase.split()[near]):  # "south korea", "the thai"
                if name in words:
                    return words[name]
    return None


def islands_asked(text: str) -> int | None:
    """How many islands the words ask for ("Athens and two islands": 2), if they say."""
    from lotara.planning.phrases import parse_number

    m = _COUNTED.search(text)
    return parse_number(m.group(1)) if m else None


@cache
def _network() -> dict[str, dict[str, set[str]]]:
    """Country -> resolver text -> the places a listed ferry joins it to (known places only)."""
    from lotara.world.ground import route_rows  # the ferry table as written

    def place(name: str) -> str | None:
        for hit in gazetteer.lookup_key(normalise(name)):
            if hit.kind == "city" and hit.place:
                return hit.place
        return None

    out: dict[str, dict[str, set[str]]] = {}
    for row in route_rows("ferry"):
        a, b = place(row[0]), place(row[1])
        if a is None or b is None or a == b or a[-2:] != b[-2:]:
            continue  # a ferry abroad (Kos to Bodrum) is no hop between one country's islands
        graph = out.setdefault(a[-2:], {})
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set()).add(a)
    return out


def _fame(place: str, ranked: tuple[str, ...]) -> float:
    if place in ranked:
        return 1e12 - ranked.index(place)
    hits = gazetteer.lookup_key(normalise(place.partition(", ")[0]))
    return max((h.weight for h in hits if h.country == place[-2:]), default=0.0)


def island_chain(
    country: str,
    days: int | None,
    *,
    start: str | None = None,
    ranked: tuple[str, ...] = (),
    keep: Callable[[str], bool] | None = None,
    islands: int | None = None,
) -> list[str]:
    """The places of a hop around ``country``'s islands, in ferry order, as resolver text.

    ``start`` is where the chain begins when it is on a ferry (a city the request names);
    else the best-ranked place on one (the country's gateway, ``ranked`` being its
    destinations best first); ``keep`` limits the places (a region's own). Empty when no two
    places are joined by ferry."""
    graph = {
        p: {q for q in near if keep is None or keep(q)}
        for p, near in _network().get(country, {}).items()
        if keep is None or keep(p)
    }
    if not graph:
        return []
    want = max(MIN_ISLANDS + 1, min(MAX_STOPS, (days or 10) // DAYS_PER_ISLAND + 1))
    if islands:  # "two islands": the port and two
        want = islands + 1
    if start not in graph:
        start = max(graph, key=lambda p: (p in ranked, _fame(p, ranked), len(graph[p])))
    best: list[str] = [start]

    def score(path: list[str]) -> tuple[int, float]:
        return len(path), sum(_fame(p, ranked) for p in path)

    def walk(path: list[str]) -> None:
        nonlocal best
        if score(path) > score(best):
            best = list(path)
        if len(path) == want:
            return
        for nxt in sorted(graph[path[-1]] - set(path), key=lambda p: -_fame(p, ranked)):
            walk([*path, nxt])

    walk([start])
    return best
