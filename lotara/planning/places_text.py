"""Places in a sentence, found by the world gazetteer, each with the role the words give it.

A run of words is a place only if the gazetteer knows it (``world.gazetteer``: every city of
5,000 people, countries, US states, islands, regions, parks, airports, catalogue sights) and
the sentence puts it where places go: a capitalised name, or any name right after a word that
introduces one ("to", "in", "visit", "from"). Everyday words that are also towns ("Best",
"Golden", "Split" at the start of a sentence) count only after such a word. Matching is
longest first ("New York" before "York"), with rapidfuzz for typos of well-known places.

Each place then gets a role from the words around it:

- ``origin``: "from X", "out of X", "based in X", or the first place of "X to Y";
  "starting in X" only when no other origin is named, else X is the first stop;
- ``destination``: where the trip goes, in the order named;
- ``sight``: a catalogue sight ("the Louvre"): wanted, and its city becomes a stop if the
  sentence names no other place there;
- ``qualifier``: the country or state beside a place ("Kotor in Montenegro", "Paris, TX");
- ``passing``: named but not a stop ("been to Rome last year", "via Dubai", "not Paris");
- ``district`` and ``day trip``: part of another stop ("stay in Shibuya", "day trip to
  Pisa"), said in the notes; a day trip the stop's catalogue has, or a word naming a stop's
  sight ("Alhambra" in Granada), is a ``sight`` instead (``_within_stops``).

A country, state or region as a destination becomes its destinations, best first, as many as
the trip's length allows (Peru for 10 days: Lima and Cusco). Every place carries resolver text
with its country ("Cusco, PE"), so the world finds the same place and the reading shows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from lotara.planning.interests import is_interest
from lotara.planning.island_hops import (
    MIN_ISLANDS,
    island_chain,
    islands_asked,
    islands_of,
    names_hopping,
)
from lotara.world import gazetteer
from lotara.world.gazetteer import Hit, normalise
from lotara.world.lands import haversine_km

__all__ = ["Mention", "PlaceReading", "find_destinations", "find_origin", "read_places"]

MAX_WORDS = 5
VERY_COMMON_ZIPF = 5.0
"""Words this common ("see", "one") are never a small town unless capitalised."""
DAYS_PER_CITY = 4
"""A country or region named for N days gets about N / 4 of its destinations (at least one)."""

_WORD = re.compile(r"[^\W\d_](?:[\w'’]|[.-](?=[^\W\d_]))*|\d+(?=\b)")
_CONNECTORS = frozenset("de da del do dos das la le les los am upon sur of the al el".split())

_ORIGIN_BEFORE = re.compile(
    r"(?i)(?:\bfrom|\bout of|\bleaving(?: from)?|\bdepart(?:ing|s)?(?: from)?|\bbased in|"
    r"\blive in|\bliving in|\bstart(?:ing|s)?(?: off| out)?(?: from| in| out of| at| with)?|"
    r"\bbegin(?:ning|s)?(?: in| at| with)?|"
    r"\bfly(?:ing)? (?:from|out of)|\bhome (?:is|in)|\bi'?m in|\bwe'?re in|"
    r"\boriginating (?:from|in)|\bjourney from|\bflights? from|\bex)\s+(?:the\s+)?$"
)
_EXIT_BEFORE = re.compile(
    r"(?i)(?:\b(?:home|back|return(?:ing)?(?: home)?|fly(?:ing)? (?:home|back)|head(?:ing)? home|"
    r"leav(?:e|ing) for home|departing for home|(?:come|coming|go|going|flying|fly) home)\s+"
    r"(?:from|out of)|\b(?:in ?to|arriv(?:e|ing)(?: in| at)?|land(?:ing)? in)\b[^.;!?]*?"
    r"(?:\band\b|,|then)\s*(?:(?:fly(?:ing)?\s+|leav(?:e|ing)\s+|depart(?:ing)?\s+|home\s+|"
    r"back\s+)?(?:out of|from)|depart(?:ing)?|leav(?:e|ing)|fly(?:ing)? out)"
    r"|\bout of|\bexit(?:ing)? (?:from|via|through))\s+(?:the\s+)?$"
)
"""The city an open-jaw trip leaves for home from: "fly into Rome, home from Venice",
"arriving in Tokyo and out of Osaka". "out of X" alone is where a trip starts."""
_EXIT_ONLY_AFTER_ENTRY = re.compile(r"(?i)^\s*(?:out of|exit(?:ing)?)")
_START_BEFORE = re.compile(
    r"(?i)\b(?:start(?:ing|s)?|begin(?:ning|s)?)(?:\s+(?:off|out))?(?:\s+(?:in|at|with))?"
    r"\s+(?:the\s+)?$"
)
"""Where the trip begins ("starting in Hanoi", "beginning in Rome", "starting hanoi"): the
first stop when an origin is named too ("from Toronto"), else the origin ("starting from"
always is)."""

_DEST_BEFORE = re.compile(
    r"(?i)(?:\bto|\bin|\bvisit(?:ing|s)?|\bexplor(?:e|ing)|\bsee(?:ing)?|\baround|\bthrough|"
    r"\bacross|\btour(?:ing)?|\bcovering|\bincluding|\bthen|\bstop(?:ping)? in|\bat|\bof|"
    r"\bdo|\bdoing|\bhit|\bcheck out|\bfor|\band|\bplus|\bor|\bvs\.?|\bon|\bsee|\binto|"
    r"\bhead(?:ing)? (?:to|for)|\bfly(?:ing)? (?:to|into)|\bbound for|\bdestination:?|\bnear|"
    r"->|→|,|&|/|\+|:)\s*(?:the\s+)?(?:city of\s+|island of\s+|beautiful\s+|lovely\s+)?$"
)
_PASSING_BEFORE = re.compile(
    r"(?i)(?:\bbeen to|\bwent to|\bwas in|\bwere in|\blived in|\bborn in|\bvia|"
    # "through" passes by, unless it is the trip's way: "a road trip through the Highlands".
    r"(?<!trip )(?<!drive )(?<!driving )(?<!tour )(?<!journey )(?<!travel )(?<!travelling )"
    r"(?<!traveling )(?<!backpacking )(?<!cycling )(?<!way )(?<!rail )\bthrough|"
    r"\blayover in|\bconnecting (?:in|through)|\bchange in|\blike|\bthan|\binstead of|"
    r"\bnot|\bno|\bnever|\bskip(?:ping)?|\bavoid(?:ing)?|\bexcept|\bexcluding|\bbut not|"
    r"\bunlike|\brather than|\bother than|\bapart from|\bbesides|"
    r"\blast (?:year|time|summer|winter) in)\s+"
    r"(?:the\s+|to\s+|in\s+)?$"
)
_TOURED_THROUGH = re.compile(
    r"(?i)(?<!connecting )(?<!flying )(?<!fly )(?<!passing )(?<!pass )(?<!transit )"
    r"(?<!going )\bthrough\s+(?:the\s+)?$"
)
_PASSING_AFTER = re.compile(
    r"(?i)^\s*(?:last (?:year|time|summer|winter|month)|before|already|years ago|is overrated|"
    r"was (?:great|amazing|lovely)|style\b|-style\b|cuisine|food|restaurants?)"
)
_FOOD_AFTER = re.compile(r"(?i)^\s*(?:cuisine|food|restaurants?)\b")
_NEGATED_BEFORE = re.compile(
    r"(?i)(?:\bnot|\bno|\bnever|\bskip(?:ping)?|\bavoid(?:ing)?|\bexcept|\bexcluding|"
    r"\bbut not|\brather than|\binstead of|\bother than|\bapart from)\s+(?:the\s+|to\s+|in\s+)?$"
)
_STRONG_BEFORE = re.compile(
    r"(?i)(?:\bto|\bin|\bvisit(?:ing)?|\bfrom|\bout of|\bexplor(?:e|ing)|\bsee|\baround|"
    r"\bbackpack(?:ing)?|\bacross|\bthrough|\btour(?:ing)?|->|→)"
    r"\s+(?:the\s+)?$"
)
_ROUTE_JOIN = re.compile(r"(?i)^\s*(?:to|->|→|–|—|-|>|2)\s*$")
_SIGHT_WANT = re.compile(
    r"(?i)\b(?:see|visit|tour|go to|check out|love to|want to|amazing|must|include|"
    r"can'?t miss|bucket list)\b"
)

_NEVER_PLACES = frozenset(
    """
    i me my we us our you a an the this that it to in on at for of off by and or but with from
    plan trip travel tour holiday vacation honeymoon weekend week day night month year hotel
    hostel room rooms flight flights train trains bus car business first economy premium
    budget luxury class culture food history nature art beach beaches adventure shopping
    nightlife relaxation architecture family kids children friends wife husband partner solo
    january february march april may june july august september october november december
    jan feb apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight
    christmas easter diwali thanksgiving halloween ramadan eid hanukkah passover new year
    spring summer autumn fall winter
    halal kosher vegan vegetarian gluten airbnb uber michelin unesco christian muslim jewish
    riad riads ryokan ryokans homestay chalet villa cabin cottage resort pescatarian
    hindu catholic english french spanish italian german chinese japanese indian thai greek
    mexican korean vietnamese turkish american british european asian african
    chinese lunar mid late early end start beginning next last please thanks hi hello
    usd eur gbp inr jpy aud cad nzd sgd chf cny hkd brl zar krw thb mxn aed
    pm am tbd asap btw fyi dm pp pax km
    """.split()
)
"""Words never read as a place, however capitalised: they name times, needs or people."""

_EVERYDAY_DESTINATIONS = frozenset(
    "nice split bath reading victoria florence mobile orange hope sale male van best "
    "chad turkey jordan georgia china reunion chile guinea jersey panama togo".split()
)
"""Well-known places that are also everyday words: at a sentence's start or in lower case
they need a word that introduces a place ("to Nice") to count."""

_HOLIDAY_SPANS = re.compile(
    r"(?i)\b(?:golden week|chinese new year|lunar new year|new year'?s?(?: eve| day)?|"
    r"christmas(?: eve| day)?|boxing day|easter(?: weekend| week| break| holidays?)?|"
    r"thanksgiving(?: week(?:end)?| break)?|memorial day|labou?r day|independence day|"
    r"fourth of july|4th of july|presidents'? day|spring break|half[- ]term|"
    r"st\.? patrick'?s day|valentine'?s(?: day)?|black friday|cherry blossom season|"
    r"national day|day of the dead|dia de los muertos|oktoberfest|carnival|mardi gras)\b"
)


@dataclass
class Mention:
    """A place found in the sentence: the words, what they mean, and the role they play."""

    text: str
    start: int
    end: int
    hit: Hit
    role: str = "destination"
    qualifier: str | None = None
    corrected: bool = False
    negated: bool = False
    others: list[Hit] = field(default_factory=list)
    """The other meanings of the words, for telling two towns of one name apart."""
    cue: str = ""
    """Words that may make the place part of another stop: ``day trip`` ("day trip to
    Sintra"), ``a day`` ("a day in Sintra"), ``stay`` ("staying in Shibuya"), ``near`` ("in
    the West End", "around Trastevere"); ``stop`` when a length follows ("Como 2 nights")."""
    begins: bool = False
    """Whether the words say the trip begins here ("starting in Hanoi")."""
    asked: bool = False
    """Whether the words ask for the place itself ("see the Colosseum", "to the Louvre"), not
    only name it ("..., playgrounds, Tivoli")."""

    @property
    def country(self) -> str:
        return self.qualifier or self.hit.country

    def resolver_text(self) -> str:
        """What the world's resolver takes for this place ("Kotor, ME", "LHR")."""
        if self.hit.kind == "airport":
            return self.hit.place or self.text
        if self.hit.kind == "city" and self.hit.country == "US":
            state = gazetteer.states().get(self.hit.admin1)
            if state:  # "Portland, Maine": the state tells the Portlands apart
                return f"{self.hit.name}, {state['name']}"
        if self.hit.place:
            return self.hit.place
        return f"{self.hit.name}, {self.hit.country}"


@dataclass
class PlaceReading:
    """Where the trip goes and leaves from, the sights named, and what could not be used."""

    destinations: list[str] = field(default_factory=list)
    origin: str | None = None
    must_see: list[str] = field(default_factory=list)
    themed: list[str] = field(default_factory=list)  # must-sees a theme chose, not the words
    mentions: list[Mention] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: dict[str, str] = field(default_factory=dict)
    """Resolver text -> the words the traveller wrote for it."""
    stopovers: dict[str, int | None] = field(default_factory=dict)
    """Resolver text of a stop made on the way ("a stopover in Singapore") -> the nights the
    words give it, ``None`` where they give none."""


# --- finding the words -------------------------------------------------------------------


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]


def _masked(text: str) -> str:
    """The sentence with holidays and events blanked: "Golden Week" is not Golden, Colorado."""
    from lotara.planning.island_hops import HOPPING
    from lotara.planning.occasions import OCCASION_WORDS

    blank = _HOLIDAY_SPANS.sub(lambda m: " " * len(m.group(0)), text)
    blank = HOPPING.sub(lambda m: " " * len(m.group(0)), blank)  # "island hop" is no HOP
    return OCCASION_WORDS.sub(lambda m: " " * len(m.group(0)), blank)


def _is_lower(text: str) -> bool:
    """Whether the sentence is written without capitals for names: none at all, or only the
    first word of a sentence ("Wanna go to lisbon", "Japan rail trip tokyo kyoto")."""
    for m in re.finditer(r"\b[A-ZÀ-Ö][a-zà-ÿ]", text):
        if not _sentence_start(text, m.start()):
            return False
    return True


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \"'(“")
    return not before or before[-1] in ".!?\n:;"


def _famous(hit: Hit) -> bool:
    return hit.kind in ("country", "state", "region", "island", "park", "sight") or (
        hit.kind == "city" and hit.weight >= 1e8
    )


def _is_code(word: str) -> bool:
    from lotara.world.money import ISO_4217
    from lotara.world.places import is_known_code

    if word in ISO_4217 or word.lower() in _NEVER_PLACES:
        return False  # GBP is a currency before it is an airport
    return len(word) == 3 and word.isupper() and word.isalpha() and is_known_code(word)


def _named_town(word: str) -> bool:
    """Whether a lower-case three-letter word is a place of some size by its own name ("goa",
    "hue", "ulm") rather than some small airport's code: a busy airport's code stays a code
    ("from man" is Manchester, not Man in Côte d'Ivoire)."""
    from lotara.world.places import BUSY_AIRPORTS

    if word.upper() in BUSY_AIRPORTS:
        return False
    key = normalise(word)
    return any(
        normalise(h.name) == key and (_famous(h) or (h.kind == "city" and h.weight >= 50_000))
        for h in gazetteer.lookup_key(key)
    )


@dataclass
class _Candidate:
    start: int
    end: int
    text: str
    hits: list[Hit]
    corrected: bool = False


def _candidates(text: str) -> list[_Candidate]:
    """Gazetteer names in the sentence, longest first, never overlapping."""
    masked = _masked(text)
    lower = _is_lower(text)
    upper = text.upper() == text
    tokens = _tokens(masked)
    found: list[_Candidate] = []
    i = 0
    while i < len(tokens):
        best: _Candidate | None = None
        for n in range(min(MAX_WORDS, len(tokens) - i), 0, -1):
            start, end = tokens[i][0], tokens[i + n - 1][1]
            words = [t[2] for t in tokens[i : i + n]]
            phrase = text[start:end]
            if n == 1 and phrase in CITY_SHORTHAND and not upper:
                before = _clause_before(text, start)
                if _ORIGIN_BEFORE.search(before) or _DEST_BEFORE.search(before):
                    hits = gazetteer.lookup_key(normalise(CITY_SHORTHAND[phrase]))
                    if hits:  # "from LA", "to KL": the city people shorten it to
                        best = _Candidate(start, end, phrase, hits)
                        break
            if words[-1].lower() in _CONNECTORS or (n > 1 and words[0].lower() in _CONNECTORS):
                continue
            if any(
                masked[tokens[k][1] : tokens[k + 1][0]].strip(" '’-") for k in range(i, i + n - 1)
            ):
                continue  # a comma or other mark inside is two names, not one
            phrase = text[start:end]
            if n == 1 and lower and len(phrase) == 3 and _is_code(phrase.upper()):
                before = _clause_before(text, start)
                if _ORIGIN_BEFORE.search(before) or _STRONG_BEFORE.search(before):
                    if phrase.lower() not in gazetteer.common_words() and not _named_town(phrase):
                        best = _Candidate(start, end, phrase, _code_hits(phrase.upper()))
                        break
            if n == 1 and _is_code(phrase) and not upper:
                hits = _code_hits(phrase)
                if hits:
                    best = _Candidate(start, end, phrase, hits)
                    break
            loose = not _may_be_place(text, start, words, lower=lower or upper)
            if loose and not _loosely_written(text, start, words):
                continue
            key = normalise(phrase)
            if not key or key in _NEVER_PLACES or key.isdigit() or len(key) < 3:
                continue
            hits = gazetteer.lookup_key(key)
            if loose and not any(_famous(h) for h in hits):
                continue  # a name written loosely counts only when it is a well-known one
            if hits:
                best = _Candidate(start, end, phrase, hits)
                break
        if best is None:
            best = _fuzzy_candidate(text, tokens, i, lower=lower)
        if best is not None:
            found.append(best)
            while i < len(tokens) and tokens[i][0] < best.end:
                i += 1
        else:
            i += 1
    return found


def _may_be_place(text: str, start: int, words: list[str], *, lower: bool) -> bool:
    """Whether these words are written the way a name is: capitalised, or all text lower."""
    if lower:
        return True
    first = words[0]
    if not first[0].isupper():
        return False
    # Inner words are capitalised too, or connectors ("Rio de Janeiro", "Bosnia and ...").
    return all(w[0].isupper() or w.lower() in _CONNECTORS for w in words[1:])


def _loosely_written(text: str, start: int, words: list[str]) -> bool:
    """A name capitalised only at its first word ("Scottish highlands"), or written in lower
    case right after "from", "to" or "in" in a sentence that capitalises others ("Bruges n
    Ghent, eurostar from london"): a name when it is a well-known one."""
    if len(words) > 1 and words[0][0].isupper():
        return True
    key = normalise(" ".join(words))
    if len(words) == 1 and not words[0][0].isupper() and key not in _EVERYDAY_DESTINATIONS:
        if any(h.kind == "country" and normalise(h.name) == key for h in gazetteer.lookup_key(key)):
            return True  # "3 weeks, vietnam top to bottom": a country's name is one anywhere
        if key not in gazetteer.common_words() and any(
            h.kind == "city" and h.weight >= gazetteer.CATALOGUE_WEIGHT
            for h in gazetteer.lookup_key(key)
        ):
            return True  # "the maldives then dubai stopover": a catalogue city's name too
    if words[0][0].isupper() or key in gazetteer.common_words():
        return False
    if len(words) > 1 and any(
        h.kind in ("region", "country", "state")
        for h in gazetteer.lookup_key(normalise(" ".join(words)))
    ):
        return True  # "stag do, eastern europe somewhere cheap": a region's name is one anywhere
    before = _clause_before(text, start)
    return bool(_STRONG_BEFORE.search(before) or _ORIGIN_BEFORE.search(before))


def _code_hits(code: str) -> list[Hit]:
    from lotara.world.places import airports

    row = airports().get(code)
    name = row["city"] if row else code
    country = row["country"] if row else ""
    return [Hit("airport", name or code, country, 1e9, place=code)]


_FUZZY_CHOICES: list[str] | None = None


def _fuzzy_choices() -> list[str]:
    """Names worth correcting a typo to: countries, regions, catalogue and listed cities."""
    global _FUZZY_CHOICES
    if _FUZZY_CHOICES is None:
        names: set[str] = set()
        for info in gazetteer.countries().values():
            names.add(normalise(info["name"]))
        table = gazetteer.curated()
        names.update(normalise(n) for n in table["regions"])
        for listed in table["destinations"].values():
            names.update(normalise(n.partition(", ")[0]) for n in listed)
        from lotara.world import catalogue

        names.update(normalise(r["name"]) for r in catalogue.city_rows())
        _FUZZY_CHOICES = sorted(n for n in names if len(n) >= 5)
    return _FUZZY_CHOICES


def _fuzzy_candidate(
    text: str, tokens: list[tuple[int, int, str]], i: int, *, lower: bool
) -> _Candidate | None:
    """A typo of a well-known place right after a word that introduces one ("to Barcelna")."""
    from rapidfuzz import fuzz, process

    start = tokens[i][0]
    before = _clause_before(text, start)
    opening = _sentence_start(text, start)
    if not (opening or _STRONG_BEFORE.search(before) or _ORIGIN_BEFORE.search(before)):
        return None
    for n in (2, 1):
        if i + n > len(tokens):
            continue
        end = tokens[i + n - 1][1]
        phrase = text[start:end]
        words = phrase.split()
        key = normalise(phrase)
        if len(key) < 5 or any(w.lower() in _NEVER_PLACES for w in words):
            continue
        if not lower and not all(w[0].isupper() for w in words):
            continue
        if n == 1 and key in gazetteer.common_words():
            continue
        match = process.extractOne(key, _fuzzy_choices(), scorer=fuzz.ratio, score_cutoff=80)
        if match:
            hits = gazetteer.lookup_key(match[0])
            if hits:
                return _Candidate(start, end, phrase, hits, corrected=True)
    return None


# --- roles -------------------------------------------------------------------------------


CITY_SHORTHAND = {
    "LA": "Los Angeles",
    "SF": "San Francisco",
    "DC": "Washington DC",
    "NY": "New York",
    "HK": "Hong Kong",
    "KL": "Kuala Lumpur",
    "BA": "Buenos Aires",
    "CDMX": "Mexico City",
    "NOLA": "New Orleans",
    "Vegas": "Las Vegas",
    "Philly": "Philadelphia",
}
"""Two-letter and other shorthands travellers write for a city, read only where a place is
introduced ("from LA", "flying to KL"): elsewhere "LA" may be Louisiana and "BA" an airline."""


def _clause_before(text: str, pos: int) -> str:
    """The words before ``pos`` in the same clause (up to 60 characters)."""
    window = text[max(0, pos - 60) : pos]
    cut = max(window.rfind("."), window.rfind("!"), window.rfind("?"), window.rfind(";"))
    return window[cut + 1 :] if cut >= 0 else window


_VERB_BEFORE = re.compile(
    r"(?i)\b(?:wants?|wanted|wanting|like|love|need|needs|plan(?:ning)?|hop(?:e|ing)|try(?:ing)?|"
    r"able|chance|time|way|wish|decided?|keen|ready|excited|eager|looking|how|where|"
    r"opportunity|intend)\s+to\s+$"
)
_OBJECT_AFTER = re.compile(r"(?i)^\s+(?:my|our|his|her|their|him|them|us|me|you|it|the|a|an)\b")


def _wordlike(written: str, hit: Hit) -> bool:
    """Whether a name written in lower case is an everyday word before it is this place: a
    lesser town's ("surprise", "ski", "golden"), not a well-known place's ("nice", "bali")."""
    key = normalise(written)
    return (
        not written[:1].isupper()
        and key not in _EVERYDAY_DESTINATIONS
        and not _famous(hit)
        and gazetteer.word_frequency(key) >= 3.0
    )


def _as_word(text: str, cand: _Candidate, hit: Hit) -> bool:
    """Whether a lesser town's name written in lower case is the everyday word it also is:
    used as a verb ("want to surprise my husband", "love to ski", "going to surprise her")."""
    if not _wordlike(cand.text, hit):
        return False
    before = _clause_before(text, cand.start)
    return bool(_VERB_BEFORE.search(before) or _OBJECT_AFTER.match(text[cand.end :]))


def _allowed(text: str, cand: _Candidate, hit: Hit, *, lower: bool, listed: bool = False) -> bool:
    """Whether the sentence puts a place where these words are."""
    lower = lower and not cand.text[:1].isupper()  # a capital is a name's, wherever it is
    key = normalise(cand.text)
    before = _clause_before(text, cand.start)
    anchored = bool(_DEST_BEFORE.search(before) or _ORIGIN_BEFORE.search(before))
    strong = bool(_STRONG_BEFORE.search(before))
    if cand.text.isupper() and len(cand.text) == 3:
        return True
    if cand.text.islower() and is_interest(cand.text) and not strong:
        return False  # "beaches and spa", "somewhere with hot springs": what, not where
    if _as_word(text, cand, hit):
        return False  # "to surprise my husband": never Surprise, Arizona
    if (
        not cand.text[:1].isupper()
        and key not in _EVERYDAY_DESTINATIONS
        and not _famous(hit)
        and gazetteer.word_frequency(key) >= VERY_COMMON_ZIPF
    ):
        return False  # "to see", "one week": never the towns of Cee or Onex
    everyday = key in _EVERYDAY_DESTINATIONS or (
        hit.kind == "city" and key in gazetteer.common_words()
    )
    after = text[cand.end :]
    if key in _TRIP_ADJECTIVES and _TRIP_NOUN_AFTER.match(after):
        return listed  # "Long weekend in Mexico City": a kind of trip, not the town of Long
    if (
        everyday
        and (cand.text[0].isupper() or _sentence_start(text, cand.start))
        and _trip_fact_after(after)
    ):
        return True  # "Nice July 10-14", "Florence 3 days": a trip's facts follow a place
    if everyday and (lower or _sentence_start(text, cand.start) or not cand.text[0].isupper()):
        return strong or listed
    if everyday and not strong and hit.kind == "city" and not _famous(hit):
        return listed
    if (lower or not cand.text[0].isupper()) and not _famous(hit):
        # "for the marathon": an everyday word written in lower case is a small town only
        # right after "to", "in" or "from".
        if gazetteer.word_frequency(key) >= 3.0 and not strong:
            return listed
    if _famous(hit):
        return True
    if hit.kind == "airport":
        return anchored or " " in cand.text
    # A lesser-known town: only where a place is introduced, or a city of some size.
    if anchored:
        return True
    return hit.kind == "city" and hit.weight >= 20_000 and not lower


def _pick(hits: list[Hit], country: str | None, state: str | None = None) -> Hit:
    if country:
        for hit in hits:
            if hit.country == country and hit.kind not in ("country", "state", "region"):
                if state is None or hit.admin1 == state:
                    return hit
    return hits[0]


def _qualifier(text: str, a: _Candidate, b: _Candidate) -> bool:
    """Whether ``b`` names the country or state of ``a``: "Kotor, Montenegro", "X in Y"."""
    between = text[a.end : b.start]
    if not re.fullmatch(r"(?i)\s*(?:,|in|,\s*in)\s*", between):
        return False
    return _qualifying(a, b, listed="in" not in between) is not None


def _qualifying(
    a: _Candidate, b: _Candidate, *, listed: bool = False
) -> tuple[str, str | None] | None:
    """The (country, state) of ``b`` that one of ``a``'s meanings lies in, if any.

    After a comma a small region is a second stop ("Bangkok, Ayutthaya"), unless it lists
    the place as its own ("Positano, Amalfi Coast"); "X in Y" always qualifies."""
    for q in b.hits:
        if q.kind not in ("country", "state", "region"):
            continue
        if (
            q.kind == "region"
            and listed
            and len(q.destinations) < 3
            and not any(
                normalise(d.partition(", ")[0]) == normalise(h.name)
                for d in q.destinations
                for h in a.hits
            )
        ):
            continue  # "Bangkok, Ayutthaya" lists two stops; "Positano, Amalfi Coast" qualifies
        state = q.admin1 or None if q.kind == "state" else None
        if any(
            h.country == q.country and (state is None or h.admin1 == state)
            for h in a.hits
            if h.kind in ("city", "airport", "sight")
        ):
            return q.country, state
    return None


_MONTH_WORDS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_TRIP_FACT_AFTER = re.compile(
    rf"(?i)^\s*(?:,\s*)?(?:\d+\s*(?:-|–|to\s+\d+\s*)?(?:days?|nights?|weeks?|st|nd|rd|th)\b|"
    rf"{_MONTH_WORDS}\s+\d|(?:in|for|over|during|this|next)\s+(?:the\s+)?(?:{_MONTH_WORDS}\b|"
    r"\d+\s+(?:days?|nights?)|a (?:week|weekend|few days)|(?:the\s+)?weekend|"
    r"spring|summer|autumn|fall|winter)|(?:weekend|break|getaway|city break|trip)\b|"
    r"with (?:my|our|the|a|kids|family|friends)\b)"
)
"""What follows a place in a terse request ("Nice July 10-14", "Bath 3 days", "Reading for a
weekend"): an everyday word that is a town ("Nice", "Bath") is the town there."""


_TRIP_ADJECTIVES = frozenset(
    "long short quick big great little good fun cheap lazy perfect relaxing romantic last "
    "first whole busy slow easy proper special aurora ski skiing safari beach wine food road "
    "family girls boys stag hen golf surf surfing diving hiking city".split()
)
"""Words that describe a trip ("Long weekend", "Aurora trip", "Golf break"), not a town."""
_TRIP_NOUN_AFTER = re.compile(
    r"(?i)\s+(?:weekends?|weeks?|breaks?|getaways?|trips?|holidays?|vacations?|stays?|"
    r"escapes?|city\s+breaks?|honeymoon)\b"
)


def _trip_fact_after(after: str) -> bool:
    from lotara.planning.occasions import OCCASION_WORDS

    if _TRIP_FACT_AFTER.match(after):
        return True
    m = re.match(r"(?i)\s*(?:,\s*)?(?:over|for|at|during|around)\s+(?:the\s+)?", after)
    return bool(m and OCCASION_WORDS.match(after[m.end() :]))  # "Florence over Easter"


_CODE_AFTER = re.compile(r"^\s*,\s*([A-Z]{2})\b(?!\$)")
_AIRPORT_AFTER = re.compile(r"(?i)^\s+(?:international\s+)?airport\b")


def _code_qualifier(text: str, cand: _Candidate) -> tuple[str, str | None, int] | None:
    """ "Paris, TX" or "Cambridge, UK": the country (and US state) a two-letter code names."""
    m = _CODE_AFTER.match(text[cand.end :])
    if not m:
        return None
    code = m.group(1)
    if code in gazetteer.states() and any(
        h.country == "US" and h.admin1 == code for h in cand.hits
    ):
        return "US", code, cand.end + m.end()
    country = "GB" if code == "UK" else code
    if country in gazetteer.countries() and any(h.country == country for h in cand.hits):
        return country, None, cand.end + m.end()
    return None


def _airport_of(hit: Hit) -> Hit | None:
    """ "Sepang airport": the airport with scheduled service nearest that town."""
    from lotara.world.places import nearest_served_airport

    city = gazetteer.city_named(hit.name, hit.country)
    if city is None:
        return None
    code, km = nearest_served_airport(city.lat, city.lon)
    if code is None or km > 60:
        return None
    return Hit("airport", hit.name, hit.country, hit.weight, place=code)


def read_places(text: str, *, days: int | None = None) -> PlaceReading:
    """Every place the sentence names, with its role; destinations expanded, in order."""
    text = re.sub(r"(?i)\bex-(?=[^\W\d_])", "ex ", text)  # "ex-Heathrow": from Heathrow
    lower = _is_lower(text)
    cands = _candidates(text)
    mentions: list[Mention] = []
    pending: list[tuple[_Candidate, Hit, str | None, int]] = []
    skip: set[int] = set()
    notes: list[str] = []
    for index, cand in enumerate(cands):
        if index in skip:
            continue
        country = state = None
        end = cand.end
        nxt = cands[index + 1] if index + 1 < len(cands) else None
        coded = _code_qualifier(text, cand)
        if coded:
            country, state, end = coded
            if nxt is not None and nxt.start < end:
                skip.add(index + 1)
        elif nxt is not None and _qualifier(text, cand, nxt):
            country, state = _qualifying(cand, nxt) or (None, None)
            skip.add(index + 1)
        hit = _pick(cand.hits, country, state)
        if hit.kind == "state" and not re.match(r"(?i)\s*state\b", text[cand.end :]):
            # "New York", "Washington": the famous city of the name, not the state's list.
            hit = next((h for h in cand.hits if h.kind == "city" and _famous(h)), hit)
        if country is None and not _allowed(text, cand, hit, lower=lower):
            pending.append((cand, hit, country, end))
            continue
        airport = _AIRPORT_AFTER.match(text[cand.end :])
        if airport and hit.kind == "city":
            hit = _airport_of(hit) or hit
            end = cand.end + airport.end()
        mention = Mention(cand.text, cand.start, end, hit, qualifier=country)
        mention.corrected = cand.corrected
        mention.others = [h for h in cand.hits if h != hit] if country is None else []
        mentions.append(mention)
    # "Split and Hvar": an everyday word listed beside a place is a place too.
    for cand, hit, country, end in pending:
        if any(
            _list_joined(text, cand, m, spaced=_spaced_name(cand, hit)) for m in mentions
        ) and _allowed(text, cand, hit, lower=lower, listed=True):
            mentions.append(Mention(cand.text, cand.start, end, hit, qualifier=country))
    mentions.sort(key=lambda m: m.start)
    _assign_roles(text, mentions)
    mentions = _without_words(text, mentions)
    _mark_alternatives(text, mentions, notes)
    hop = (_hop_country(text) or "") if names_hopping(text) else None
    if hop is None and not any("island" in m.text.lower() for m in mentions):
        hop = islands_of(text)  # "Thailand islands", not the Canary Islands (a place)
    reading = _reading(
        mentions,
        days=days,
        notes=notes,
        themes=_themes(text),
        hop=hop,
        islands=islands_asked(text),
        warm=bool(WARM.search(text)),
        cities=_cities_asked(text),
    )
    _mark_stopovers(text, reading)
    found = _sight_anywhere(text, reading.mentions, highlight=bool(reading.destinations))
    if found is not None and reading.destinations:
        # "the pyramids and a Nile cruise": a world highlight named beside a region (no town
        # named) of its own country adds its town, in the order the words give.
        word, sight, place = found
        towns = any(
            m.hit.kind in ("city", "airport") for m in reading.mentions if m.role == "destination"
        )
        countries = {d.rpartition(", ")[2] for d in reading.destinations}
        if (
            not towns
            and place.rpartition(", ")[2] in countries
            and normalise(place) not in {normalise(d) for d in reading.destinations}
            and place != reading.origin
        ):
            first = min((m.start for m in reading.mentions if m.role == "destination"), default=0)
            at = 0 if text.lower().find(word) < first else len(reading.destinations)
            reading.destinations.insert(at, place)
            reading.written.setdefault(place, place.partition(", ")[0])
            if sight not in reading.must_see:
                reading.must_see.append(sight)
            reading.notes.append(
                f"Read '{word}' as {sight}: {place.partition(', ')[0]} is a stop for it."
            )
        found = None
    if found is not None and found[2] != reading.origin:
        word, sight, place = found
        reading.destinations.append(place)
        reading.written.setdefault(place, place.partition(", ")[0])
        reading.must_see.append(sight)
        reading.notes.append(
            f"No place named: read '{word}' as {sight}, in {place.partition(', ')[0]}; "
            "name a place to go elsewhere."
        )
    _must_see_themes(text, reading)
    _must_see_named(text, reading)
    return reading


def _must_see_named(text: str, reading: PlaceReading) -> None:
    """Sights named loosely where the trip goes ("the zoo" in San Diego, "a cirque show" in
    Las Vegas, "the light show" in Cairo): must-sees where the words name one sight of the
    trip's cities, after "the", "a" or "an" (or written as a name), never where negated."""
    from lotara.world import catalogue

    named: dict[str, set[str]] = {}
    proper: set[str] = set()  # keys that count only written as a name ("Pompeii")
    for place in reading.destinations:
        row = _row_of(place)
        for a in catalogue.attractions(row) if row else ():
            for key in gazetteer.sight_words(a.name, row["name"] if row else ""):
                named.setdefault(key, set()).add(a.name)
            for key in gazetteer.sight_names(a.name):
                if key not in named:
                    proper.add(key)
                named.setdefault(key, set()).add(a.name)
            town = {normalise(row["name"]), normalise(place.partition(", ")[0])} if row else set()
            for word in set(normalise(a.name).split()) - town:
                if _distinct(word):  # "uffizi" is the Uffizi Gallery
                    named.setdefault(word, set()).add(a.name)
    tokens = _tokens(text)
    words = [normalise(t[2]) for t in tokens]
    taken = [(m.start, m.end) for m in reading.mentions]
    found: list[tuple[int, str]] = []
    for key, sights in named.items():
        if len(sights) != 1:
            continue  # "the cathedral" of a trip to two cathedral cities names neither
        parts = key.split()
        for i in range(len(words) - len(parts) + 1):
            if words[i : i + len(parts)] != parts:
                continue
            start, end = tokens[i][0], tokens[i + len(parts) - 1][1]
            article = i > 0 and words[i - 1] in ("the", "a", "an")
            written = text[start].isupper() and not _sentence_start(text, start)
            if key in proper:
                article = False
            # "machu picchu is a must": asked for, whatever the case it is written in.
            asked = bool(_SIGHT_WANT.search(re.split(r"[,:;(.!?]", text[end:])[0]))
            # "eiffel tower dinner, louvre": a name no other sight shares, in any case.
            asked = asked or any(_distinct(w) for w in parts)
            if not (article or written or asked) or any(s < end and start < e for s, e in taken):
                continue
            if _NEGATED_BEFORE.search(_clause_before(text, start)):
                continue
            found.append((start, next(iter(sights))))
            taken.append((start, end))
    for _, sight in sorted(found):
        if sight not in reading.must_see:
            reading.must_see.append(sight)


@cache
def _sight_word_counts() -> dict[str, int]:
    from lotara.world import catalogue

    counts: dict[str, int] = {}
    for row in catalogue.city_rows():
        for a in catalogue.attractions(row):
            for word in set(normalise(a.name).split()):
                counts[word] = counts.get(word, 0) + 1
    return counts


def _distinct(word: str) -> bool:
    """Whether ``word`` is a sight's own name: five letters or more, and in the names of one
    or two sights of the whole catalogue ("louvre", "eiffel", "uffizi"), not of many (a
    kind: "tower", "market")."""
    return len(word) >= 5 and word not in _TIME_WORDS and 0 < _sight_word_counts().get(word, 0) <= 2


_TIME_WORDS = frozenset(
    "summer winter spring autumn weekend morning evening night holiday holidays christmas "
    "easter january february march april june july august september october november "
    "december monday tuesday wednesday thursday friday saturday sunday".split()
)
"""Words of when, which some sight's name also holds ("in summer" is no Summer Palace)."""


THEMED_MUST_SEE = 4  # the significance a theme's sight needs to be a must: a highlight


def _must_see_themes(text: str, reading: PlaceReading) -> None:
    """A theme travelled for is a must-see where the trip goes: "the northern lights" puts
    Reykjavik's northern lights tour in the plan, "safari in Tanzania" a game drive (the best
    sight of each stop that carries the theme's own marks, if it is a highlight)."""
    from lotara.world import catalogue

    for pattern, words in THEMES.items():
        if not re.search(rf"(?i)\b(?:{pattern})\b", text):
            continue
        own = re.compile(r"\b(?:" + "|".join(re.escape(m) for m in words[:5]) + ")")
        for place in reading.destinations[:3]:
            row = _row_of(place)  # "Reykjavík": Reykjavik
            if row is None:
                continue
            themed = [
                a
                for a in catalogue.attractions(row)
                if a.significance >= THEMED_MUST_SEE
                and own.search(f"{a.name} {' '.join(a.tags)}".lower())
            ]
            if themed:
                # Of equal highlights, the one named for the theme ("a day safari to the
                # Mara" before the city park's game drive for a safari).
                best = max(themed, key=lambda a: (a.significance, words[0] in a.name.lower()))
                if best.name not in reading.must_see:
                    reading.must_see.append(best.name)
                    reading.themed.append(best.name)


_STOPOVER_BEFORE = re.compile(
    r"(?i)\b(?:stop[- ]?overs?|stopping over|break the (?:journey|trip|flight))"
    r"(?:\s+of\s+\w+\s+nights?)?\s+(?:in|at)\s+(?:the\s+)?$"
)
_STOPOVER_AFTER = re.compile(
    r"(?i)^\s*\(?\s*(?:(?:\d|one|two|three)[- ](?:days?|nights?)\s+)?"
    r"(?:stop[- ]?over|stopping over)\b|"
    r"^\s*on the (?:way|flight) (?:home|back|out|there)\b"
)
_NIGHTS_NEAR = re.compile(r"(?i)\b(\d|one|two|three|a couple of|a few)[- ]nights?\b")
_FEW = {"a couple of": 2, "a few": 3}
_THEN_BEFORE = re.compile(r"(?i)\b(?:then|after that|afterwards)(?:\s+[\w-]+){0,4}\s+$")
"""A stopover written after the trip's places ("the Maldives then a Dubai stopover", "then a
stopover in Hong Kong"): on the way back."""
_WAY_BACK = re.compile(r"(?i)\bon the (?:way|flight|journey) (?:back|home)\b|\bcoming back\b")


def _mark_stopovers(text: str, reading: PlaceReading) -> None:
    """A stop made on the way ("with a stopover in Singapore", "HK stopover 2 nights"):
    one or two nights, first on the way out (last "on the way back")."""
    from lotara.planning.phrases import parse_number

    way_back: list[str] = []
    for m in reading.mentions:
        if m.role != "destination":
            continue
        before, after = _clause_before(text, m.start), text[m.end : m.end + 40]
        if not (_STOPOVER_BEFORE.search(before) or _STOPOVER_AFTER.match(after)):
            continue
        place = m.resolver_text()
        if place not in reading.destinations or len(reading.destinations) < 2:
            continue
        near = _NIGHTS_NEAR.search(before[-30:]) or _NIGHTS_NEAR.search(after[:30])
        said = near.group(1).lower() if near else None
        reading.stopovers[place] = (_FEW.get(said) or parse_number(said)) if said else None
        days = re.match(r"(?i)\s*(\d|one|two|three)[- ]days?\s+stop", after)
        if days and not near:  # "Taipei 4 days stopover": its nights are the days less one
            reading.stopovers[place] = max(1, (parse_number(days.group(1)) or 2) - 1)
        clause = text[m.start : m.end + 40].split(",")[0] + " " + before[-30:]
        if _WAY_BACK.search(clause) or _THEN_BEFORE.search(before):
            way_back.append(place)
    if not reading.stopovers:
        return
    rest = [p for p in reading.destinations if p not in reading.stopovers]
    out = [p for p in reading.stopovers if p not in way_back] + rest + way_back
    reading.destinations = out


def _hop_country(text: str) -> str | None:
    """The country of "Greek island hopping", "the Thai islands": its adjective before "island"."""
    from lotara.world.generic import LOCAL_CUISINE

    adjectives = {word.lower(): cc for cc, word in LOCAL_CUISINE.items()}
    for m in re.finditer(r"(?i)\b([a-z]+)\s+island", text):
        if m.group(1).lower() in adjectives:
            return adjectives[m.group(1).lower()]
    return None


_LIST_JOIN = re.compile(r"(?i)^\s*(?:,|and|&|\+|n|,\s*and|or|then|,\s*then|->|→|-|to)\s*$")


def _spaced_name(cand: _Candidate, hit: Hit) -> bool:
    """Whether words listed with a space alone may be a place: a famous one, by its name."""
    return _famous(hit) and normalise(hit.name) == normalise(cand.text)


def _list_joined(text: str, cand: _Candidate, other: Mention, *, spaced: bool = False) -> bool:
    """Whether ``cand`` is listed beside ``other``; ``spaced``: a space alone joins them too
    ("rome florence venice"), for a well-known place."""
    between = (
        text[cand.end : other.start] if other.start >= cand.end else text[other.end : cand.start]
    )
    return bool(_LIST_JOIN.match(between) or (spaced and between == " "))


_DAY_TRIP_BEFORE = re.compile(
    r"(?i)\b(?:day[- ]?trips?|side[- ]?trips?|day[- ]?outs?|excursions?|half[- ]day(?: trips?)?)"
    r"(?:\s+from\s+[^,;]+?)?\s+(?:to|in|at|into|out to|over to)\s+(?:the\s+)?$"
)
_DAY_TRIP_AFTER = re.compile(r"(?i)^\s*(?:day[- ]?trips?|side[- ]?trips?|excursions?)\b")
_DAY_TRIP_BASE = re.compile(r"(?i)\b(?:day[- ]?trips?|side[- ]?trips?|excursions?)\s+from\s+$")
_A_DAY_BEFORE = re.compile(r"(?i)\b(?:a|one|1)\s+day\s+(?:in|at|out in|out at)\s+(?:the\s+)?$")
_STAY_BEFORE = re.compile(
    r"(?i)\b(?:stay(?:s|ing)?|hotels?|apartment|accommodation|sleep(?:ing)?|"
    r"base (?:ourselves|myself|us))\s+(?:\w+\s+)?(?:in|at|near|around)\s+(?:the\s+)?$"
)
_NIGHTS_AFTER = re.compile(
    r"(?i)^\s*(?:for\s+)?(?:\d+|a|one|two|three|four|five|six|seven)\s*(?:nights?|days?)\b"
)
_NEAR_BEFORE = re.compile(r"(?i)(?:\bin the|\baround(?: the)?|\bnear(?: the)?)\s+$")


def _cue(text: str, m: Mention) -> str:
    """The words that may make ``m`` part of another stop (``Mention.cue``)."""
    before, after = _clause_before(text, m.start), text[m.end : m.end + 20]
    if _DAY_TRIP_BEFORE.search(before) or _DAY_TRIP_AFTER.match(after):
        return "day trip"
    if _A_DAY_BEFORE.search(before):
        return "a day"
    if _STAY_BEFORE.search(before):
        return "stay"
    if _NIGHTS_AFTER.match(after):
        return "stop"
    return "near" if _NEAR_BEFORE.search(before) else ""


def _assign_roles(text: str, mentions: list[Mention]) -> None:
    for m in mentions:
        before = _clause_before(text, m.start)
        after = text[m.end : m.end + 30]
        exit_words = _EXIT_BEFORE.search(before)
        if exit_words and _EXIT_ONLY_AFTER_ENTRY.match(exit_words.group(0)):
            exit_words = None  # "flying out of Boston": the start, not an open jaw's end
        m.cue = _cue(text, m)
        m.begins = bool(_START_BEFORE.search(before))
        part = re.split(r"[,:;(]", before)[-1]
        m.asked = bool(
            _SIGHT_WANT.search(part)
            or _STRONG_BEFORE.search(part)
            or _SIGHT_WANT.search(re.split(r"[,:;(.!?]", text[m.end :])[0])  # "... is a must"
        )
        if m.hit.kind == "sight":
            m.role = "sight"
        elif _DAY_TRIP_BASE.search(before):
            m.role = "destination"  # "a day trip from Lisbon to Sintra": the base, a stop
        elif exit_words:
            m.role = "exit"
        elif _ORIGIN_BEFORE.search(before):
            m.role = "origin"
        elif (
            m.hit.kind in ("country", "region", "state", "island", "park")
            and _TOURED_THROUGH.search(before)
            and not _PASSING_AFTER.search(after)
        ):
            m.role = "destination"  # "solo through Peru": a country is toured, not passed
        elif _PASSING_BEFORE.search(before) or _PASSING_AFTER.search(after):
            m.role = "passing"
            m.negated = bool(_NEGATED_BEFORE.search(before))
        else:
            m.role = "destination"
    # "day trips to Sintra and Cascais": a place listed after a day trip is one too.
    for a, b in zip(mentions, mentions[1:], strict=False):
        if a.cue in ("day trip", "a day") and not b.cue and _LIST_JOIN.match(text[a.end : b.start]):
            b.cue = a.cue
    # "San Sebastian food trip": a place before "food" is a cuisine only beside a real stop.
    if not any(m.role in ("destination", "exit", "sight") for m in mentions):
        for m in mentions:
            after = text[m.end : m.end + 30]
            if m.role == "passing" and not m.negated and _FOOD_AFTER.match(after):
                m.role = "destination"
    # "starting in Hanoi, from Toronto", "home from Munich after starting in Berlin": where
    # the trip begins is its first stop when an origin or an open jaw's end is named too.
    if any(m.role == "exit" or (m.role == "origin" and not m.begins) for m in mentions):
        for m in mentions:
            if m.role == "origin" and m.begins:
                m.role = "destination"
    # "Hanoi to Ho Chi Minh City ... from Bangkok", "a road trip from San Francisco to Los
    # Angeles, from Seattle": a "from X to Y" beside a bare "from Z" is the trip's way, and
    # Z the home it leaves from.
    origins = [m for m in mentions if m.role == "origin"]
    if len(origins) > 1:
        routed = [
            m
            for m in origins
            if any(
                n.start > m.end
                and n.role == "destination"
                and _ROUTE_JOIN.match(text[m.end : n.start])
                for n in mentions
            )
        ]
        if routed and len(routed) < len(origins):
            for m in routed:
                m.role = "destination"
    # "Osaka to Sapporo", "HND to Seoul": the first place of "X to Y" is the origin (but
    # "Split to Dubrovnik island hopping" is the hop's way).
    if not any(m.role in ("origin", "exit") for m in mentions) and not names_hopping(text):
        places = [m for m in mentions if m.role == "destination"]
        if len(places) >= 2:
            first, second = places[0], places[1]
            between = text[first.end : second.start]
            before = _clause_before(text, first.start)
            introduced = re.search(
                r"(?i)(?:\bto|\bin|\bvisit(?:ing)?|\bexplore|\bsee|\baround|\bof)\s+(?:the\s+)?$",
                before,
            )
            heading = first.hit.kind in ("country", "region") and second.hit.country == (
                first.hit.country
            )  # "Egypt - Cairo + Luxor": a country heading its own places, not where one leaves
            if _ROUTE_JOIN.match(between) and not introduced and not heading:
                first.role = "origin"


def _without_words(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions less the everyday words read as lesser towns beside a real destination
    ("off to ski in austria" is Austria, not Ski in Norway), unless listed with a place
    ("to golden, then denver")."""
    going = ("destination", "exit", "sight")
    real = [m for m in mentions if m.role in going and not _wordlike(m.text, m.hit)]
    if not real:
        return mentions
    return [
        m
        for m in mentions
        if m.role != "destination"
        or not _wordlike(m.text, m.hit)
        or any(_list_joined(text, _Candidate(m.start, m.end, m.text, []), o) for o in mentions)
    ]


_OR_ELSE = re.compile(
    r"(?i)^\s*,?\s*(?:or|or else|or maybe|or perhaps|or possibly)\s+"
    r"(?:(?:somewhere|anywhere|someplace|elsewhere)\b[\w\s-]{0,25}?\b(?:in|on|around)\s+)?"
    r"(?:the\s+)?$"
)


def _mark_alternatives(text: str, mentions: list[Mention], notes: list[str]) -> None:
    """ "Amalfi or somewhere in Italy by the sea", "Lisbon or Porto": a choice, not two stops.
    The first named is planned; the others become alternatives, and a note says so."""
    named = [m for m in mentions if m.role in ("destination", "origin")]
    for first, second in zip(named, named[1:], strict=False):
        if first.role == "alternative" or not _OR_ELSE.match(text[first.end : second.start]):
            continue
        second.role = "alternative"
        if first.role == "origin":  # "from London or Manchester to Rome"
            notes.append(
                f"Read '{first.text} or {second.text}' as a choice: the plan leaves from "
                f"{first.text}; ask from {second.text} to compare."
            )
        else:
            notes.append(
                f"Read '{first.text} or {second.text}' as a choice: the plan goes to "
                f"{first.text}; ask for {second.text} to plan it instead."
            )


def coordinates(place: str) -> tuple[float, float] | None:
    """Where resolver text is on the map ("Hoi An, VN", "Portland, Maine", "JFK"), if known."""
    if len(place) == 3 and place.isupper():
        from lotara.world.places import airports

        row = airports().get(place)
        return (float(row["lat"]), float(row["lon"])) if row else None
    name, _, where = place.partition(", ")
    country = where if len(where) == 2 else "US"
    state = next((c for c, s in gazetteer.states().items() if s["name"] == where), None)
    city = gazetteer.city_named(name, country, state)
    return (city.lat, city.lon) if city else None


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return haversine_km(a[0], a[1], b[0], b[1])


def travel_order(places: list[str], origin: str | None = None) -> list[str]:
    """``places`` in the order that travels least: the shortest path through them all,
    starting at the end nearer the origin (Vietnam from the north: Hanoi, Hoi An, Da Nang,
    Ho Chi Minh City), or, with no origin known, at the end the list ranks higher. Places
    with no known position keep their order after the rest."""
    from itertools import permutations

    if len(places) < 3 and origin is None:
        return places
    known = [(p, c) for p in places if (c := coordinates(p)) is not None]
    if len(known) < 2 or len(known) > 7:
        return places
    home = coordinates(origin) if origin else None
    rank = {p: i for i, p in enumerate(places)}

    def cost(order: tuple[tuple[str, tuple[float, float]], ...]) -> tuple[float, int]:
        path = sum(_km(a[1], b[1]) for a, b in zip(order, order[1:], strict=False))
        start = _km(home, order[0][1]) if home else 0.0
        return (round(path + start, -1), rank[order[0][0]])

    best = min(permutations(known), key=cost)
    ordered = [p for p, _ in best]
    return ordered + [p for p in places if p not in ordered]


THEMES: dict[str, tuple[str, ...]] = {
    r"safaris?|game drives?|big five|wildlife": (
        "safari",
        "game drive",
        "game reserve",
        "serengeti",
        "ngorongoro",
        "national park",
        "wildlife",
    ),
    r"ski(?:ing)?|snowboard(?:ing)?": ("ski", "slopes"),
    r"northern lights|auroras?": ("aurora", "northern lights"),
    r"div(?:e|ing)|snorkel(?:l?ing)?|reefs?": ("reef", "dive", "diving", "snorkel"),
    r"wine(?:ries)?|vineyards?|wine tasting": ("wine", "vineyard", "winery"),
    r"hik(?:e|es|ing)|trek(?:s|king)?": ("hike", "trek", "trail"),
    r"beach(?:es)?": ("beach",),
    r"theat(?:er|re)s?|musicals?|shows|(?:see|catch|watch|and|plus) a (?:\w+ )?show|opera|ballet|"
    r"broadway|west end": (
        "show",
        "theatre",
        "theater",
        "opera",
        "musical",
    ),
    # "a cosy cabin in the mountains", "a chalet", "somewhere alpine": a mountain town
    r"mountains?|cabins?|chalets?|alpine|log cabins?": (
        "mountain",
        "alpine",
        "cable car",
        "peak",
        "glacier",
    ),
    r"lakes?|lakeside|lakeshore": ("lake",),
    r"deserts?|sahara|sand dunes|dunes|camel (?:ride|trek)s?": (
        "desert",
        "dune",
        "sahara",
        "camel",
        "wadi",
    ),
}
"""What a request travels for ("safari in Tanzania") and the words that mark a sight of it."""


WARM = re.compile(
    r"(?i)\b(?:some(?:where|place) (?:warm|hot|sunny|tropical)|warm(?:er)? weather|"
    r"winter sun|the sun|sunshine|escape the (?:cold|winter)|get away from the cold|"
    r"somewhere warm)\b"
)
"""Words asking for warmth with no place: a beach in the tropics, whatever the month."""
WARM_LATITUDE = 29.0  # the tropics and the Canaries, Sinai, Florida Keys: warm in every month


def _themes(text: str) -> tuple[str, ...]:
    """The marks of every theme the request names ("safari": game drives, national parks)."""
    marks: list[str] = []
    for pattern, words in THEMES.items():
        if re.search(rf"(?i)\b(?:{pattern})\b", text):
            marks.extend(words)
    return tuple(marks)


def _has_theme(place: str, marks: tuple[str, ...]) -> bool:
    """Whether a catalogue city's own sights (not its day trips' names alone) carry a mark."""
    from lotara.world import catalogue

    row = _row_of(place)  # "Tromsø": Tromso
    if row is None:
        return False
    for sight in catalogue.attractions(row):
        text = f"{sight.name} {' '.join(sight.tags)}".lower()
        if any(mark in text for mark in marks):
            return True
    return False


def _share(
    hit: Hit,
    days: int | None,
    origin: str | None = None,
    themes: tuple[str, ...] = (),
    most: int = 4,
) -> list[str]:
    """The destinations of a country or region for a trip of ``days`` (never the origin),
    the best known ones (those with what the request travels for first), in the order that
    travels least."""
    listed = [p for p in hit.destinations if p != origin]
    if hit.kind == "country" and themes:
        # A trip for a theme gets nothing of it from a town the catalogue knows nothing of
        # (generic suggestions): more days in the ones it knows, with their day trips
        # ("Safari in Kenya": Nairobi's safaris, not Mombasa). A region's places are its own
        # (Patagonia's Chile too), and a trip for no theme still tours the country (Akureyri
        # on Iceland's ring road).
        listed = [p for p in listed if _row_of(p) is not None] or listed
    if not listed:
        return []
    if themes:
        listed.sort(key=lambda p: not _has_theme(p, themes))  # stable: fame order kept
    count = max(1, round((days or 5) / DAYS_PER_CITY))
    return travel_order(listed[: min(count, len(listed), most)], origin)


def _names_its_town(region: Mention, stops: list[Mention]) -> bool:
    """Whether a region or park named as a stop lists a town the request also names: then
    the town is the stop, not the region's list. A state needs two of its towns named ("the
    California coast from San Francisco to Los Angeles" is that way; "California, with San
    Diego" is still the state's tour)."""
    if region.hit.kind not in ("region", "park", "island", "state"):
        return False
    listed = {normalise(p.partition(", ")[0]) for p in region.hit.destinations}
    towns = {normalise(m.hit.name) for m in stops if m.hit.kind == "city"}
    return len(listed & towns) >= (2 if region.hit.kind == "state" else 1)


HOP_REACH_KM = 300
"""How far from a region's own places its island hop may go (the Canaries, not Ibiza)."""


def _near_to(hit: Hit) -> Any:
    """For a region, whether a place is within reach of its own places; a country keeps all."""
    if hit.kind == "country":
        return None
    spots = [c for p in hit.destinations if (c := coordinates(p)) is not None]

    def keep(place: str) -> bool:
        here = coordinates(place)
        return here is not None and any(_km(here, s) <= HOP_REACH_KM for s in spots)

    return keep


def _own_town(region: Mention) -> str | None:
    """The town a park or region is named for, when it lists one ("Banff": Banff, CA)."""
    if region.hit.kind not in ("region", "park"):
        return None
    name = normalise(region.hit.name)
    return next((p for p in region.hit.destinations if normalise(p.split(", ")[0]) == name), None)


def _hop_into(
    reading: PlaceReading, chain: list[str], where: str, add: Any, wanted: int | None = None
) -> bool:
    """Add an island chain's places and say what the hop is; False when there is no chain."""
    from lotara.words import counted

    if len(chain) < 2:
        reading.notes.append(
            f"Island hopping in {where}: lotara knows no ferries between its islands, so the "
            "stops are planned as usual, joined by air or road."
        )
        return False
    for place in chain:
        add(place, place.partition(", ")[0])
    names = [p.partition(", ")[0] for p in chain]
    hops = ", ".join(names[:-1]) + " and " + names[-1]
    note = f"Island hopping in {where}: {hops}, each a ferry ride from the last."
    if len(chain) - 1 < (wanted or MIN_ISLANDS):
        note += (
            f" lotara's ferries reach only {counted(len(chain) - 1, 'stop')} from {names[0]} "
            + (
                f"here, fewer than the {wanted} islands asked for."
                if wanted
                else f"here, fewer than the {MIN_ISLANDS} islands a hop usually has."
            )
        )
    reading.notes.append(note)
    return True


def _nearer_namesake(mention: Mention, origin: str) -> None:
    """ "Hope for 3 days from Vancouver": of two small towns of one name, the one near the
    origin (Hope, British Columbia, not Hope, Arkansas). A famous place keeps its meaning."""
    if mention.hit.kind != "city" or _famous(mention.hit):
        return
    home = coordinates(origin)
    if home is None:
        return
    towns = [
        h
        for h in (mention.hit, *mention.others)
        if h.kind == "city" and not _famous(h) and h.weight >= 0.1 * mention.hit.weight
    ]
    placed = [(h, c) for h in towns if (c := coordinates(_town_text(h))) is not None]
    if len(placed) > 1:
        nearest = min(placed, key=lambda pair: _km(home, pair[1]))[0]
        mention.others = [h for h in (mention.hit, *mention.others) if h != nearest]
        mention.hit = nearest


def _catalogue_named(mention: Mention) -> None:
    """ "Sydney, Melbourne, Uluru": the catalogue's place of that very name (Uluru, with
    its rock and its resort town) before a region another name of which it is (the Outback,
    whose list begins at Alice Springs, 450 km away)."""
    if mention.hit.kind in ("city", "airport", "sight", "country"):
        return
    if normalise(mention.hit.name) == normalise(mention.text):
        return
    own = next(
        (
            h
            for h in gazetteer.lookup(mention.text)
            if h.kind == "city"
            and normalise(h.name) == normalise(mention.text)
            and _row_of(_town_text(h)) is not None
        ),
        None,
    )
    if own is not None:
        mention.others = [h for h in (mention.hit, *mention.others) if h != own]
        mention.hit = own


SPELLED_NEAR_KM = 400.0
"""How near another stop a town spelled as written must be to win over a famous namesake."""


def _spelled_namesake(mention: Mention, stops: list[Mention]) -> None:
    """ "San Francisco, Monterey, Big Sur": the town spelled as written beside the trip's
    other stops (Monterey, California), not a bigger city another spelling of it names
    (Monterrey, Mexico)."""
    if mention.hit.kind != "city" or normalise(mention.hit.name) == normalise(mention.text):
        return
    spelled = next(
        (
            h
            for h in (*mention.others, *gazetteer.lookup(mention.text))
            if h.kind == "city" and normalise(h.name) == normalise(mention.text)
        ),
        None,
    )
    here = coordinates(_town_text(spelled)) if spelled else None
    if spelled is None or here is None:
        return
    near = [
        c
        for o in stops
        if o is not mention and o.hit.kind in ("city", "airport")
        if (c := coordinates(o.resolver_text())) is not None
    ]
    if any(_km(here, c) <= SPELLED_NEAR_KM for c in near):
        mention.others = [h for h in (mention.hit, *mention.others) if h != spelled]
        mention.hit = spelled


def _town_text(hit: Hit) -> str:
    return f"{hit.name}, {hit.country}"


def _hit_text(hit: Hit) -> str:
    """A town's resolver text, with its state in the US ("Williamsburg, Virginia")."""
    state = gazetteer.states().get(hit.admin1) if hit.country == "US" else None
    return f"{hit.name}, {state['name']}" if state else _town_text(hit)


DISTRICT_KM = 10.0
"""A lesser town this near a city the trip goes to is a part of it ("Kreuzberg", "Brooklyn")."""
AREA_KM = 40.0
"""How near a town named like one of a city's listed areas must be to be that area."""
DAY_TRIP_KM = {"day trip": 250.0, "a day": 150.0}
"""How far from a stop "a day trip to X" (and "a day in X") may go and still come back."""


def _sights_of(place: str) -> list[tuple[Any, str]]:
    """The listed sights of resolver text, each with the catalogue city it is listed in: its
    catalogue city's, or for a town the catalogue does not hold the sights beside it
    (``catalogue.sights_near``: Disneyland from Anaheim), as the world offers them."""
    from lotara.world import catalogue

    row = _row_of(place)
    if row is not None:
        return [(a, row["name"]) for a in catalogue.attractions(row)]
    name, _, country = place.partition(", ")
    state = next((c for c, st in gazetteer.states().items() if st["name"] == country), None)
    town = gazetteer.city_named(name, "US", state) if state else gazetteer.city_named(name, country)
    if town is None:
        return []
    return [(a, r["name"]) for a, r in catalogue.sights_near(town.lat, town.lon)]


def _row_of(place: str) -> dict[str, Any] | None:
    """The catalogue city of resolver text ("Tromsø, NO": Tromso), if it has one, or the
    one that gives it as an alias in its country ("Springdale, US": Zion National Park, as
    the world resolves it)."""
    from lotara.world import catalogue

    city, _, country = place.partition(", ")
    rows = catalogue.by_name()
    row = rows.get(city) or rows.get(normalise(city).title())
    return row or _aliased_rows().get((normalise(city), country))


@cache
def _aliased_rows() -> dict[tuple[str, str], dict[str, Any]]:
    """Catalogue cities by (normalised alias, country)."""
    from lotara.world import catalogue

    out: dict[tuple[str, str], dict[str, Any]] = {}
    for row in catalogue.city_rows():
        for alias in row["aliases"]:
            out.setdefault((normalise(alias), row["country"]), row)
    return out


def _spots(m: Mention) -> list[tuple[float, float]]:
    """Where the meanings of a mention are: its towns, or a region's own places."""
    out: list[tuple[float, float]] = []
    for hit in (m.hit, *m.others):
        texts = [_hit_text(hit)] if hit.kind == "city" else list(hit.destinations)
        out += [c for t in texts if (c := coordinates(t)) is not None]
    return out


def _nearest_base(m: Mention, bases: list[Mention], km: float) -> Mention | None:
    """The stop nearest any meaning of ``m``, when it is within ``km``."""
    best: tuple[float, Mention] | None = None
    for base in bases:
        here = coordinates(base.resolver_text())
        for spot in _spots(m) if here else ():
            d = _km(here, spot) if here else km
            if d <= km and (best is None or d < best[0]):
                best = (d, base)
    return best[1] if best else None


def _sight_hit(name: str, base: Mention) -> Hit:
    return Hit("sight", name, base.hit.country, 1e6, city=base.hit.name, place=base.resolver_text())


def _sights_named(m: Mention, places: list[str]) -> list[tuple[str, str]]:
    """The sights of the trip's ``places`` the words name ("Alhambra" in Granada, "Bondi" in
    Sydney, "Tivoli" in Copenhagen), as (sight, place), best first: the one the words name
    most fully ("Bondi" is Bondi Beach before the Bondi to Coogee walk), then the most
    significant."""

    keys = {normalise(m.text), normalise(m.hit.name)}
    # A name the sights begin with, where the words are only another name for a place ("Disney"
    # is Disney's Animal Kingdom or Disney Springs in Orlando, not the Santa Ana airport that
    # alias names; Brooklyn, a town's own name, is no Brooklyn Bridge): the most significant.
    alias = normalise(m.text) not in normalise(m.hit.name)
    brand = normalise(m.text).replace(" ", "") if alias else ""
    found: list[tuple[float, int, str, str]] = []
    for place in places:
        for a, city in _sights_of(place):
            words = gazetteer.sight_words(a.name, city)
            if keys & {*words, *gazetteer.sight_names(a.name)}:
                cover = len(normalise(m.text)) / len(normalise(a.name))
                found.append((cover, a.significance, a.name, place))
            elif len(brand) >= 5 and normalise(a.name).split()[0] in (brand, f"{brand}s"):
                found.append((0.0, a.significance, a.name, place))
    found.sort(key=lambda f: f[:2], reverse=True)
    return [(f[2], f[3]) for f in found]


def _parks_asked(stops: list[Mention], out: list[str], reading: PlaceReading) -> None:
    """A park named in the request is a must-see where a stop's catalogue holds a visit to
    it ("Serengeti": the Serengeti drive from Arusha); where none does, the plan says so
    rather than only going to the town beside it ("Masai Mara" from Nairobi)."""
    for m in stops:
        if m.hit.kind != "park" or not out or _own_town(m):
            continue  # "a week in Banff": the town the park is named for, not a sight
        named = _sights_named(m, out) or _sights_of_park(m, out)
        if named:
            if named[0][0] not in reading.must_see:
                reading.must_see.append(named[0][0])
        elif not any(normalise(p.partition(", ")[0]) in normalise(m.hit.name) for p in out):
            towns = sorted({p.partition(", ")[0] for p in out})
            reading.notes.append(
                f"Read {m.text} as a place to see, but lotara knows no visit to it from "
                f"{' or '.join(towns)}: it is not planned; book it separately."
            )


_PARK_WORDS = re.compile(r"\s+(?:national park|national reserve|park|reserve)$")


def _sights_of_park(m: Mention, places: list[str]) -> list[tuple[str, str]]:
    """The stops' sights whose names hold the park's ("Serengeti National Park" for
    "Serengeti"), most significant first, as (sight, place)."""
    from lotara.world import catalogue

    keys = {_PARK_WORDS.sub("", normalise(t)) for t in (m.text, m.hit.name)}
    found: list[tuple[float, str, str]] = []
    for place in places:
        row = _row_of(place)
        for a in catalogue.attractions(row) if row else ():
            name = f" {normalise(a.name)} "
            if any(key and f" {key} " in name for key in keys):
                found.append((a.significance, a.name, place))
    found.sort(reverse=True)
    return [(f[1], f[2]) for f in found]


def _place_sight(name: str, place: str) -> Hit:
    row = _row_of(place) or {}
    city, _, country = place.partition(", ")
    return Hit(
        "sight", name, row.get("country", country), 1e6, city=row.get("name", city), place=place
    )


def _sight_named(m: Mention, bases: list[Mention]) -> tuple[str, Mention] | None:
    """The sight of a stop the words name, with that stop (``_sights_named``)."""
    found = _sights_named(m, [b.resolver_text() for b in bases])
    if not found:
        return None
    name, place = found[0]
    return name, next(b for b in bases if b.resolver_text() == place)


def _day_trip_sight(m: Mention, base: Mention, *, near: bool = True) -> str | None:
    """The base's sight that is the day trip to ``m``: named for it ("Sintra palaces day
    trip"), or (``near``) a day trip from the base that goes near it; None when the
    catalogue has none."""
    from lotara.world import catalogue

    row = _row_of(base.resolver_text())
    if row is None:
        return None
    keys = {normalise(m.text), normalise(m.hit.name)}
    sights = catalogue.attractions(row)
    for a in sorted(sights, key=lambda a: a.day_trip_from is None):
        name = f" {normalise(a.name)} "
        if any(f" {k} " in name for k in keys):
            return a.name
    for a in sights if near else ():
        if a.day_trip_from and any(_km((a.lat, a.lon), s) <= DISTRICT_KM for s in _spots(m)):
            return a.name
    return None


def _within_stops(stops: list[Mention], notes: list[str]) -> list[Mention]:
    """The stops left once the places that are part of another are read as such: a day
    trip from a stop ("day trip to Sintra"), a sight of a stop that shares a far town's
    name ("Alhambra" in Granada), or a district of one ("the West End" of London)."""
    bases = [
        m
        for m in stops
        if m.hit.kind in ("city", "airport") and (_famous(m.hit) or _row_of(m.resolver_text()))
    ]
    kept: list[Mention] = []
    for m in stops:
        if _stay_misread(m, [s for s in stops if s is not m], notes):
            continue
        others = [b for b in bases if b is not m and b.resolver_text() != m.resolver_text()]
        if others and m.hit.kind != "country" and _part_of(m, others, notes):
            continue
        kept.append(m)
    return kept


def _stay_misread(m: Mention, stops: list[Mention], notes: list[str]) -> bool:
    """Whether ``m``, named as where to stay ("a hotel near Marina Bay" in Singapore), is a
    far place of another country the gazetteer matched (Mar'ino, Russia), no catalogue city:
    then it is read as a part of the trip's first stop, and said."""
    if m.cue != "stay" or not stops or _row_of(m.resolver_text()) is not None:
        return False
    if any(s.hit.country == m.hit.country for s in stops):
        return False
    if _nearest_base(m, stops, STAY_ABROAD_KM) is not None:
        return False  # "Geneva, a hotel in Annecy": across a border, but there
    m.role = "district"
    notes.append(
        f"Read {m.text} as where to stay in {stops[0].hit.name}, not a stop in "
        f"{m.hit.name} ({m.hit.country}); lotara does not choose stays by neighbourhood yet."
    )
    return True


STAY_ABROAD_KM = 500.0
"""A place named as where to stay farther than this from every stop, in another country, is
a misread neighbourhood, not a stop."""


def _part_of(m: Mention, bases: list[Mention], notes: list[str]) -> bool:
    """Whether ``m`` is part of one of ``bases`` (a day trip, a sight, a district): its role
    changes and a note says what it was read as."""
    if m.cue == "stop":
        return False  # "then lake como 2 nights": a stop the words give a length
    district = _district_of(m, bases)
    if m.cue in DAY_TRIP_KM and not (district and m.cue == "a day"):
        # A stop's own day trip named for the place ("Montserrat" from Barcelona) wherever
        # the gazetteer puts the name, else the stop within reach.
        base = next((b for b in bases if _day_trip_sight(m, b, near=False)), None)
        base = base or _nearest_base(m, bases, DAY_TRIP_KM[m.cue])
        if base is not None:
            sight = _day_trip_sight(m, base)
            note = f"Read {m.text} as a day trip from {base.hit.name}, not a stop"
            if sight:
                m.role, m.hit = "sight", _sight_hit(sight, base)
                notes.append(f"{note}: {sight} is planned.")
            else:
                m.role = "day trip"
                notes.append(
                    f"{note}; lotara knows no day trip there from {base.hit.name}, so none "
                    "is planned: keep a day free for it."
                )
            return True
    # A catalogue city is a stop of its own, unless the words are only an old name of it
    # that a stop's sight goes by ("Old Town" in Prague is no Las Vegas).
    alias = normalise(m.text) != normalise(m.hit.name)
    if _row_of(m.resolver_text()) is not None and not alias:
        return False
    # A region is a sight of a stop only where it has no place of its own to stay at
    # ("Cusco, Machu Picchu"; but "Bangkok, Ayutthaya, Chiang Mai" stays in Ayutthaya).
    lesser = (
        alias
        or not _famous(m.hit)
        or (
            m.hit.kind in ("region", "park", "island")
            and set(m.hit.destinations) <= {b.resolver_text() for b in bases}
        )
    )
    named = _sight_named(m, bases) if lesser and m.hit.kind != "state" else None
    if named and m.cue == "stay":
        district = named[1]  # "staying in Copacabana": where its beach is
    elif named:
        m.role, m.hit = "sight", _sight_hit(*named)
        what = "" if normalise(named[0]) == normalise(m.text) else f"{named[0]}, "
        notes.append(f"Read {m.text} as {what}a sight of {named[1].hit.name}, not a stop.")
        return True
    if district is None:
        return False
    m.role = "district"
    notes.append(
        f"Read {m.text} as a part of {district.hit.name}, not another stop; lotara does not "
        "choose stays by neighbourhood yet."
    )
    return True


def _district_of(m: Mention, bases: list[Mention]) -> Mention | None:
    """The stop ``m`` is a part of: a lesser town within a few km ("Kreuzberg" of Berlin),
    or named like one of the stop's listed areas ("Shibuya"); a well-known place only after
    "in the", "around", "near" or "staying in"."""
    if m.hit.kind not in ("city", "airport") or _row_of(m.resolver_text()) is not None:
        return None
    if _famous(m.hit) and m.cue not in ("stay", "near"):
        return None  # "Amalfi and Positano": two stops, though Positano is by Amalfi
    base = _nearest_base(m, bases, DISTRICT_KM)
    if base is None:
        key = normalise(m.text)
        listed = [b for b in bases if key in _areas(b)]
        base = _nearest_base(m, listed, AREA_KM) if listed else None
    return base


def _areas(base: Mention) -> set[str]:
    row = _row_of(base.resolver_text()) or {}
    return {normalise(a) for a in row.get("areas", ())}


_CITIES_ASKED = re.compile(r"(?i)\b(two|three|four|five|six|[2-6]) (?:cities|towns|stops)\b")


def _cities_asked(text: str) -> int | None:
    """How many places of a region the words ask for ("3 cities in Italy"), or None."""
    from lotara.planning.phrases import parse_number

    m = _CITIES_ASKED.search(text)
    return parse_number(m.group(1)) if m else None


def _reading(
    mentions: list[Mention],
    *,
    days: int | None,
    notes: list[str],
    themes: tuple[str, ...] = (),
    hop: str | None = None,
    islands: int | None = None,
    warm: bool = False,
    cities: int | None = None,
) -> PlaceReading:
    """The destinations the mentions add up to; ``hop`` is set (to a country, or "") when the
    request asks for island hopping; ``warm`` when it asks for warmth and names no place;
    ``cities`` when it says how many of a region's places ("3 cities in Italy")."""
    reading = PlaceReading(mentions=mentions, notes=notes)
    origins = [m for m in mentions if m.role == "origin"]
    if origins:
        o = origins[0]
        if o.hit.kind in ("state", "region"):  # "from Washington": the city, not the state
            city = next((h for h in gazetteer.lookup(o.text) if h.kind == "city"), None)
            o.hit = city or o.hit
        if o.hit.kind in ("country", "state", "region", "island", "park"):
            listed = list(o.hit.destinations)
            reading.origin = listed[0] if listed else None
        else:
            reading.origin = o.resolver_text()
        if reading.origin:
            reading.written[reading.origin] = o.text
    # An open jaw's last city is the trip's last stop, wherever the sentence names it.
    stops = [m for m in mentions if m.role == "destination"]
    stops += [m for m in mentions if m.role == "exit"]
    if reading.origin:
        for m in stops:
            _nearer_namesake(m, reading.origin)
    for m in stops:
        _catalogue_named(m)
        _spelled_namesake(m, stops)
    towns = [b for b in stops if b.hit.kind in ("city", "airport")]
    for m in mentions:
        if m.role != "sight" or m.hit.place in {b.resolver_text() for b in towns}:
            continue
        named = _sight_named(m, towns)
        if named:  # "Copenhagen ..., Tivoli": Tivoli Gardens, not Ljubljana's Tivoli Park
            m.others = [h for h in (m.hit, *m.others) if h.kind == "sight"]
            m.hit = _sight_hit(*named)
            continue
        town = next((h for h in m.others if h.kind == "city"), None)
        near = [b for b in towns if b.hit.name != m.hit.city]
        km = DAY_TRIP_KM.get(m.cue, DAY_TRIP_KM["day trip"])
        if town is not None and near and _nearest_base(replace(m, hit=town), near, km):
            # "a day trip to Tivoli" (or "Tivoli" alone) from Rome is the town there, not
            # Ljubljana's Tivoli Park
            m.others = [h for h in (m.hit, *m.others) if h != town]
            m.role, m.hit = "destination", town
            m.cue = m.cue or "day trip"
            stops.append(m)
    stops = _within_stops(stops, notes)
    # "Vietnam, starting in Hanoi": the country is still toured, from the town it begins in.
    begins = {m.hit.country: m.resolver_text() for m in stops if m.begins}
    cities_named = {
        m.hit.country for m in stops if m.hit.kind in ("city", "airport") and not m.begins
    }
    out: list[str] = []

    def add(place: str, written: str) -> None:
        if place not in out and place != reading.origin:
            out.append(place)
            reading.written.setdefault(place, written)

    # A country named beside its cities is context, not more stops ("Italy: Rome and Milan");
    # so is a region of several countries beside a place in one of them ("first time in
    # Asia, 12 days Vietnam").
    around = _context_regions(stops)
    for m, inner in around:
        notes.append(f"Read {m.text} as where {inner.text} is, not as more stops.")
    stops = [m for m in stops if all(m is not r for r, _ in around)]
    regions = [m for m in stops if m.hit.kind not in ("city", "airport")]
    per_region = days
    towns = [m for m in stops if m.hit.kind in ("city", "airport")]
    if regions and days:
        # "Istanbul 5 days & Cappadocia 3 days": the towns named take their share first.
        left = days
        if towns and regions[0].hit.kind != "country":
            left -= DAYS_PER_CITY * len(towns)
        per_region = max(1, left // len(regions))
    if cities and len(regions) == 1 and not towns:
        per_region = cities * DAYS_PER_CITY  # "3 cities in Italy": that many, whatever the days
    tried = hopped = False
    for m in stops:
        if m.hit.kind in ("city", "airport"):
            add(m.resolver_text(), m.text)
        elif hop is not None and not tried:
            tried = True
            chain = island_chain(
                m.hit.country,
                per_region,
                ranked=m.hit.destinations,
                keep=_near_to(m.hit),
                islands=islands,
            )
            hopped = _hop_into(reading, chain, m.hit.name, add, islands)
            if not hopped:
                for place in _share(m.hit, per_region, reading.origin, themes):
                    add(place, place.partition(", ")[0])
        elif m.hit.kind == "country" and m.hit.country in cities_named:
            continue
        elif _names_its_town(m, stops):
            continue  # "the Great Barrier Reef, Cairns": the region is where Cairns is
        elif _own_town(m):
            add(_own_town(m) or "", m.text)  # "to Banff": the town the park is named for
        elif m.hit.kind == "country" and m.hit.country in begins:
            first = begins[m.hit.country]
            add(first, reading.written.get(first) or first.partition(", ")[0])
            share = (per_region or 5) - DAYS_PER_CITY  # the first town's days are the country's
            for place in _share(m.hit, share, first, themes, most=3) if share >= 2 else ():
                add(place, place.partition(", ")[0])
        else:
            for place in _share(m.hit, per_region, reading.origin, themes):
                add(place, place.partition(", ")[0])
    _parks_asked(stops, out, reading)
    if hop is not None and not tried:
        # "Athens 3 nights then island hop", "Greek island hopping": the chain starts at
        # the city named (when it is on a ferry), in the country the words give.
        last = out[-1] if out else None
        country = hop or (last[-2:] if last and last[-3:-2] == " " else "")
        if country:
            ranked = gazetteer.lookup_key(normalise(gazetteer.countries()[country]["name"]))
            chain = island_chain(
                country,
                days,
                start=last,
                ranked=next((h.destinations for h in ranked if h.kind == "country"), ()),
                islands=islands,
            )
            if _hop_into(reading, chain, gazetteer.countries()[country]["name"], add, islands):
                if set(out) <= set(chain):
                    out[:] = chain  # the named places in the ferries' order, as the note says
    for m in mentions:
        if m.role == "sight":
            elsewhere = not any(p.endswith(", " + m.hit.country) for p in out)
            going = {normalise(p) for p in out}
            names = {normalise(p.partition(", ")[0]) for p in out}
            if (
                normalise(m.hit.place or "") not in going
                and normalise(m.hit.city or "") not in names
            ):
                # "the opera house" in a Sydney trip is Sydney's; "the botanic gardens" in
                # one is neither Belfast's nor Cairns'; "Tivoli" in Denmark is Tivoli Gardens.
                here = [
                    h for h in m.others if h.kind == "sight" and normalise(h.place or "") in going
                ]
                ours = _sights_named(m, out)
                if here or ours:
                    m.hit, elsewhere = here[0] if here else _place_sight(*ours[0]), False
                elif m.hit.partial and (out or not _sight_key_named(normalise(m.text))):
                    continue  # part of a name, unless all the request names ("the great wall")
                elif out and not m.asked:
                    # "Paris ..., Central Park": named beside a real destination, never a stop
                    reading.notes.append(
                        f"Read {m.text} as {m.hit.name} in {m.hit.city}, where the trip does "
                        f"not go: it is not planned; name {m.hit.city} to add it."
                    )
                    continue
            if m.hit.name not in reading.must_see:
                reading.must_see.append(m.hit.name)
            if m.hit.place and elsewhere:
                add(m.hit.place, m.hit.city or m.hit.place)
        elif m.role == "passing" and m.negated:
            reading.notes.append(f"Left out {m.text}, as asked.")
        if m.corrected and normalise(m.text) != normalise(m.hit.name):
            reading.notes.append(f"Read {m.text!r} as {m.hit.name}.")
    firsts = [p for m in stops if m.begins and (p := m.resolver_text()) in out]
    out[:] = firsts[:1] + [p for p in out if p not in firsts[:1]]  # "beginning in Venice"
    if warm and not themes:
        themes = ("beach",)  # "somewhere warm" and no place named: a warm beach
    if not out and themes and not hopped:
        nearest = _nearest_with_theme(themes, reading.origin, warm=warm)
        if nearest:
            add(nearest, nearest.partition(", ")[0])
            what = {"mountain": "the mountains", "lake": "a lake"}.get(themes[0], themes[0])
            if warm:
                what = f"a beach warm in any month ({WARM_LATITUDE:.0f} degrees of the equator)"
            reading.notes.append(
                f"No place named: {nearest.partition(', ')[0]} is the nearest place lotara "
                f"knows for {what}; name one to go elsewhere."
            )
    reading.destinations = out
    return reading


def _sight_anywhere(
    text: str, mentions: list[Mention], highlight: bool = False
) -> tuple[str, str, str] | None:
    """With no place named, the catalogue's sight a word of the request names ("see the
    pyramids": the Pyramids of Giza, in Cairo): a word of five letters or more after "the" in
    the names of three sights at most, or a whole name of two words or more, the most
    significant of them; None when nothing names one ("somewhere with old wooden temples").
    ``highlight``: only a sight of the highest significance."""
    counts = _sight_word_counts()
    words = [normalise(t[2]) for t in _tokens(text)]
    named = {w for m in mentions for w in normalise(m.text).split()}  # "from Sydney"
    said = f" {' '.join(words)} "
    # A single word only after "the" ("see the pyramids"), never a word of when.
    rare = (
        {
            w
            for i, w in enumerate(words)
            if i and words[i - 1] == "the" and len(w) >= 5 and 0 < counts.get(w, 0) <= 3
        }
        - named
        - _TIME_WORDS
    )
    by_word, by_first, sights = _sight_index()
    found = {n for w in rare for n in by_word.get(w, ())}
    found |= {n for w in set(said.split()) for n in by_first.get(w, ())}
    best: tuple[tuple[int, int], str, str, str] | None = None
    for n in sorted(found):  # the catalogue's order: the first of equal scores wins
        name_words, keys, significance, name, place = sights[n]
        hit = rare & name_words
        # "the great wall": a name of two words or more, whole, though each is common
        hit |= {k for k in keys if f" {k} " in said}
        if not hit or (highlight and significance < 5):
            continue  # ``highlight``: a world highlight only
        key = max(hit, key=lambda k: (len(k.split()), k))  # "taj mahal" over "mahal"
        score = (len(key.split()), significance)
        if best is None or score > best[0]:
            best = (score, key, name, place)
    return best[1:] if best else None


_Sight = tuple[frozenset[str], tuple[str, ...], int, str, str]


@cache
def _sight_index() -> tuple[dict[str, list[int]], dict[str, list[int]], list[_Sight]]:
    """The catalogue's sights in its order, each with the words of its name, its keys that
    name it by themselves, its significance, name and "city, country"; and which sights
    have each name word, and which a key starting with each word (built once: a request
    naming no place looks every sight up)."""
    from lotara.world import catalogue

    by_word: dict[str, list[int]] = {}
    by_first: dict[str, list[int]] = {}
    sights: list[_Sight] = []
    for row in catalogue.city_rows():
        for a in catalogue.attractions(row):
            n = len(sights)
            name_words = frozenset(normalise(a.name).split())
            keys = tuple(
                k for k in gazetteer.sight_words(a.name, row["name"]) if _sight_key_named(k)
            )
            sights.append(
                (name_words, keys, a.significance, a.name, f"{row['name']}, {row['country']}")
            )
            for w in name_words:
                by_word.setdefault(w, []).append(n)
            for k in keys:
                by_first.setdefault(k.split(" ")[0], []).append(n)
    return by_word, by_first, sights


def _sight_key_named(key: str) -> bool:
    """Whether a key of two words or more names a sight by itself: one or two cities have
    it, and one of its words is in the names of 15 sights at most ("great wall", "golden
    gate"; not "old town", whose words name a hundred)."""
    words = key.split()
    if len(words) < 2 or words[-1] in _LINK_WORDS:
        return False
    counts = _sight_word_counts()
    return (
        len(_sight_key_cities().get(key, ())) in (1, 2)
        and min(counts.get(w, 0) for w in words) <= 15
    )


_LINK_WORDS = frozenset({"and", "of", "the", "at", "in", "on", "to", "a"})


@cache
def _sight_key_cities() -> dict[str, frozenset[str]]:
    """The catalogue's cities each sight key names (built once, on a request naming none)."""
    from lotara.world import catalogue

    out: dict[str, set[str]] = {}
    for row in catalogue.city_rows():
        for a in catalogue.attractions(row):
            for k in gazetteer.sight_words(a.name, row["name"]):
                out.setdefault(k, set()).add(row["name"])
    return {k: frozenset(v) for k, v in out.items()}


CONTINENTS = {
    "Africa": "AF",
    "Asia": "AS",
    "Europe": "EU",
    "North America": "NA",
    "Oceania": "OC",
    "South America": "SA",
}
"""Regions that are continents, by GeoNames' continent code (``gazetteer.countries``)."""


def _region_countries(hit: Any) -> set[str]:
    """The countries a region spans: a continent's all, another region's listed places'."""
    code = CONTINENTS.get(hit.name)
    if code:
        return {c for c, info in gazetteer.countries().items() if info.get("continent") == code}
    return {d.rpartition(", ")[2] if ", " in d else hit.country for d in hit.destinations}


def _context_regions(stops: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Regions of several countries named beside a country or town inside them, each with
    that place: the region says where the place is, it adds no stops of its own."""
    out: list[tuple[Mention, Mention]] = []
    for m in stops:
        if m.hit.kind != "region":
            continue
        countries = _region_countries(m.hit)
        if len(countries) < 2:
            continue
        inner = next(
            (
                o
                for o in stops
                if o is not m
                and o.hit.kind in ("city", "airport", "country")
                and o.hit.country in countries
            ),
            None,
        )
        if inner is not None:
            out.append((m, inner))
    return out


def _nearest_with_theme(
    marks: tuple[str, ...], origin: str | None, *, warm: bool = False
) -> str | None:
    """The catalogue city a theme is best gone to from ``origin`` ("see the northern lights
    from Glasgow": Reykjavik; "safari from London": Arusha), or None: the significance of its
    sights that carry the theme's own marks, against the distance (half at 4,000 km). For
    the mountains only a mountain getaway, where there are chalets to stay in, when one has
    the marks ("a cosy cabin in the mountains": no city apartment by a cable car)."""
    from lotara.world import catalogue

    if "mountain" in marks and "getaway" not in marks:
        found = _nearest_with_theme((*marks, "getaway"), origin, warm=warm)
        if found:
            return found

    # A theme's first marks are its own ("safari", "game drive"; not "national park"), each
    # at the start of a word ("Brandywine Falls" is no winery).
    own = re.compile(r"\b(?:" + "|".join(re.escape(m) for m in marks[:5]) + ")")
    home_city = (origin or "").partition(", ")[0]
    home = coordinates(origin) if origin else None
    best: tuple[float, str] | None = None
    for row in catalogue.city_rows():
        if row["name"] == home_city or (warm and abs(row["lat"]) > WARM_LATITUDE):
            continue
        if "getaway" in marks and catalogue.getaway(row) != "mountain":
            continue
        strength = sum(
            a.significance
            for a in catalogue.attractions(row)
            if own.search(f"{a.name} {' '.join(a.tags)}".lower())
        )
        if not strength:
            continue
        km = _km(home, (row["lat"], row["lon"])) if home else 0.0
        score = strength / (1 + km / 4000)
        if best is None or score > best[0]:
            best = (score, f"{row['name']}, {row['country']}")
    return best[1] if best else None


# --- the older, simpler views ------------------------------------------------------------


def find_destinations(text: str) -> list[str]:
    """The places the trip goes to, in order, as resolver text ("Tokyo, JP")."""
    return read_places(text).destinations


def find_origin(text: str) -> str | None:
    """Where the trip leaves from, as resolver text, or ``None``."""
    return read_places(text).origin
