"""Place names in a sentence: where the trip goes, in order, and where it leaves from.

Pure text, no provider: a place is a run of capitalised words ("New York", "Rio de Janeiro",
"LAX") after a word that introduces one ("to", "in", "visit", "from", "out of"), and the
places listed after it ("Rome, Florence and Venice"). A sentence typed all in lower case is
read the same way, word runs standing in for capitalised ones. Months, weekdays, interests
and everyday words never count as places. The provider decides later whether a name is real.
"""

from __future__ import annotations

import re

from lotara.planning.phrases import MONTHS

__all__ = ["find_destinations", "find_origin"]

_NOT_PLACES = frozenset(
    """
    i me my we us our you your a an the this that these those it its he she they them
    plan planning book booking trip trips travel travelling traveling vacation holiday
    holidays honeymoon getaway weekend week weeks day days night nights month year
    please help find show give make create need want would like looking going go visit
    visiting can could should will may might hi hello hey thanks thank also just only
    and or but with without from to in on at for of by into onto near around about
    monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight
    christmas easter years eve thanksgiving halloween spring summer autumn
    fall winter budget under over less more than max maximum total per person people
    solo family group party couple wife husband partner kids children friends adults
    food culture history nature art nightlife shopping beach beaches adventure relaxation
    architecture temples museums hiking castles street flights flight train trains hotel
    hotels hostel stay stays room rooms economy business first class cheap luxury some
    somewhere anywhere there here what where when how which who why then next last early
    late mid start starting leaving departing returning back home round return one way
    usd eur gbp jpy inr thb aud cad chf cny dollars euros pounds yen rupees baht no not
    """.split()
) | frozenset(MONTHS)

# Words that end a name even when capitalised ("Myrtle Beach" is a name, "Rome In May" not).
_NOT_INSIDE = (
    frozenset("i and or with for from to in on at by budget please trip under via".split())
    | frozenset(MONTHS)
    | frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
)

_CONNECTORS = frozenset("de da del do dos das la le les los las am an upon on sur of".split())
_WORD = r"[A-Za-zÀ-ÖØ-öø-ÿ][\w'’.-]*"
_LIST_SEP = re.compile(
    r"\s*(?:,\s*(?:and\s+|then\s+|&\s+)?|\s+and\s+(?:then\s+)?|\s*&\s*|\s+then\s+|"
    r"\s*(?:->|→|–|—|/)\s*|\s+plus\s+|\s+or\s+)",
    re.IGNORECASE,
)
_DEST_ANCHOR = re.compile(
    r"(?i)\b(?:to|in|visit(?:ing)?|explore|exploring|see(?:ing)?|around|through|across|"
    r"tour(?:ing)?|between|covering|including)\s+(?:the\s+)?(?:city of\s+)?"
)
_ORIGIN_ANCHOR = re.compile(
    r"(?i)\b(?:from|out of|leaving|departing(?: from)?|starting (?:from|in|out of)|"
    r"based in|(?:i |we )?live in|living in|flying (?:from|out of))\s+(?:the\s+)?"
)


def _is_lower_text(text: str) -> bool:
    """True when no word is capitalised like a name (codes such as LAX or USD don't count)."""
    return re.search(r"\b[A-ZÀ-Ö][a-zà-ÿ]", text) is None


def _place_at(text: str, pos: int, *, lower: bool) -> tuple[str, int] | None:
    """The place name starting at ``pos``, and where it ends; ``None`` if none starts there."""
    words: list[str] = []
    end = pos
    cursor = pos
    for m in re.finditer(rf"\s*({_WORD})", text[pos:]):
        if m.start() != cursor - pos:
            break
        word = m.group(1).rstrip(".,'’")
        if not word:
            break
        low = word.lower()
        capital = word[0].isupper()
        if words and low in _CONNECTORS and not lower:
            # "Rio de Janeiro": keep a connector only if a capitalised word follows it.
            nxt = re.match(rf"\s+({_WORD})", text[pos + m.end() :])
            if nxt and nxt.group(1)[0].isupper():
                words.append(word)
                cursor = pos + m.end()
                continue
            break
        stop = _NOT_PLACES if not words or lower else _NOT_INSIDE
        if (not lower and not capital) or low in stop or word[0].isdigit():
            break
        if lower and len(words) >= 2:
            break
        words.append(word)
        cursor = pos + m.end()
        end = pos + m.start(1) + len(word)
        if m.group(1) != word:  # a trailing comma or full stop ends the name
            break
    while words and words[-1].lower() in _CONNECTORS:
        words.pop()
    if not words:
        return None
    return " ".join(words), end


def _place_list(text: str, pos: int, *, lower: bool) -> list[str]:
    """The place at ``pos`` and those listed after it ("Rome, Florence and Venice")."""
    found: list[str] = []
    first = _place_at(text, pos, lower=lower)
    if first is None:
        return found
    found.append(first[0])
    end = first[1]
    while True:
        sep = _LIST_SEP.match(text, end)
        if not sep:
            break
        nxt = _place_at(text, sep.end(), lower=lower)
        if nxt is None:
            break
        found.append(nxt[0])
        end = nxt[1]
    return found


def _origin_spans(text: str) -> list[tuple[int, int, str]]:
    lower = _is_lower_text(text)
    spans = []
    for m in _ORIGIN_ANCHOR.finditer(text):
        place = _place_at(text, m.end(), lower=lower)
        if place:
            spans.append((m.start(), place[1], place[0]))
    return spans


def find_origin(text: str) -> str | None:
    """Where the trip leaves from ("from LAX", "flying out of Boston"), or ``None``."""
    spans = _origin_spans(text)
    return spans[0][2] if spans else None


def find_destinations(text: str) -> list[str]:
    """The places the trip goes to, in the order the sentence names them."""
    lower = _is_lower_text(text)
    origin_spans = _origin_spans(text)
    origin = origin_spans[0][2] if origin_spans else None

    def inside_origin(pos: int) -> bool:
        return any(start <= pos < end for start, end, _ in origin_spans)

    found: list[str] = []
    for m in _DEST_ANCHOR.finditer(text):
        if inside_origin(m.end()):
            continue
        for name in _place_list(text, m.end(), lower=lower):
            if name not in found and name != origin:
                found.append(name)
    if found:
        return found
    if lower:
        # "tokyo for 5 days": a name may open the sentence.
        place = _place_at(text, len(text) - len(text.lstrip()), lower=True)
        return [place[0]] if place and place[0] != origin else []
    # No introducing word ("Tokyo, 5 days, $3000"): every capitalised run that is not the origin.
    for m in re.finditer(rf"(?<![\w'’-])(?={_WORD})", text):
        if inside_origin(m.start()) or (m.start() > 0 and text[m.start() - 1].isalpha()):
            continue
        place = _place_at(text, m.start(), lower=False)
        if place and place[0] not in found and place[0] != origin:
            if not any(place[0] in other for other in found):
                found.append(place[0])
    return found
