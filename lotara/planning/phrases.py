"""How people say a budget, dates, a trip's length and a party's size, read from words.

Each reader takes the whole sentence and returns what it found, or ``None`` when the words
say nothing about it; none of them guesses. ``intent.parse_query`` composes them, and the
TravelPlanner query reader reuses them.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from pydantic import BaseModel

from lotara.world import money

__all__ = [
    "BudgetPhrase",
    "MONTHS",
    "parse_budget",
    "parse_children",
    "parse_children_ages",
    "parse_dates",
    "days_added_to_dates",
    "parse_duration",
    "per_stop_nights",
    "parse_number",
    "parse_travelers",
    "parse_young_child",
    "read_weekend",
]

NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
}
_NUM = r"(?:\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s*(\d{4}))?"


def parse_number(word: str) -> int | None:
    """``"4"`` or ``"four"`` as 4; ``None`` for anything else."""
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


# --- budget -----------------------------------------------------------------------------


class BudgetPhrase(BaseModel):
    """A budget as the words state it: amount, currency if named, and what it covers."""

    amount: float
    currency: str | None = None
    per_person: bool = False
    per_day: bool = False
    per_couple: bool = False
    """The amount is each couple's ("$3000 per couple"): the party's is it times the couples."""
    shared_by: tuple[str, ...] = ()
    """Every currency the word names ("dirhams": AED and MAD): the destination decides."""


SHARED_CURRENCY_WORDS: dict[str, tuple[str, ...]] = {
    "dirham": ("AED", "MAD"), "dinar": ("KWD", "JOD", "BHD", "TND", "RSD", "IQD", "DZD"),
    "peso": ("MXN", "ARS", "COP", "CLP", "PHP", "UYU", "DOP"),
    "rupee": ("INR", "LKR", "NPR", "PKR", "MUR"), "riyal": ("SAR", "QAR", "OMR"),
    "krona": ("SEK", "ISK"), "kroner": ("NOK", "DKK"), "krone": ("NOK", "DKK"),
    "franc": ("CHF", "XOF", "XAF"), "pound": ("GBP", "EGP", "LBP"),
}  # fmt: skip
"""Currency words more than one country uses; read as the trip's country's one."""


def _shared_by(token: str) -> tuple[str, ...]:
    word = token.lower().rstrip("s")
    return SHARED_CURRENCY_WORDS.get(word, SHARED_CURRENCY_WORDS.get(word.removesuffix("e"), ()))


_COMMON_CODES = frozenset(
    "usd eur gbp jpy inr thb aud cad chf cny mxn krw sgd hkd nzd sek nok dkk brl zar aed".split()
)
_TYPED_SYMBOLS = sorted(
    (s for s in money.SYMBOL_CURRENCIES if s not in ("r", "rs")), key=len, reverse=True
)
_AMOUNT = rf"({money.NUMBER})\s?({money.SCALE})?"
_SYMBOL_RE = (
    "|".join(re.escape(s) for s in _TYPED_SYMBOLS)
    + r"|rs\.?(?=\s?\d)|(?-i:R)(?=\s?\d)"  # "R25 000" is South African rand
)
_BUDGET_PATTERNS: tuple[re.Pattern[str], ...] = (
    # $3000, €1,200, US$ 2.5k, Rs. 50,000
    re.compile(rf"(?i)(?<![\w$])({_SYMBOL_RE})\s?{_AMOUNT}"),
    # 1100 GBP, 80000 INR, 3000 dollars, 1.5 lakh rupees
    re.compile(rf"(?<![\w.,-]){_AMOUNT}\s?([A-Za-z]{{3,8}}|€|£)(?![A-Za-z])"),
    # GBP 1100, dkk 10000 (a well-known code in lower case too)
    re.compile(rf"\b([A-Z]{{3}}|(?i:{'|'.join(sorted(_COMMON_CODES))}))\s?{_AMOUNT}"),
)
_BARE_BUDGET = re.compile(
    r"(?i)\b(?:budget(?:\s+(?:of|is|around|about|under))?:?|under|below|less than|at most|"
    r"max(?:imum)?(?:\s+of)?|up to|no more than|within|spend(?:ing)?|cap(?:ped)? at)\s+"
    rf"(?:about\s+|around\s+|roughly\s+)?{_AMOUNT}(?!\s*(?:-|–)?\s*(?:days?|nights?|weeks?|"
    r"hours?|people|persons|travell?ers|adults|kids|children|km|miles|stars?|%))"
)
_AGE_BEFORE = re.compile(
    r"(?i)\b(?:kids?|children|child|toddlers?|bab(?:y|ies)|infants?|teens?|ages?|aged)\s*$"
)
"""What makes "under 5" an age ("2 kids under 5"), not a budget."""
_EACH_BUDGET = re.compile(
    r"(?i)(?<![\w.$€£¥,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(k)?"
    r"(?=\s+(?:each|pp|per person|a head|per head)\b)"
)
"""A bare amount each person spends: "3 friends, 1200 each"."""
_K_BUDGET = re.compile(
    r"(?i)(?<![\w.$€£¥])(\d+(?:\.\d+)?)(?:\s+of)?\s?(k|grand|lakhs?|lacs?|crores?)\b(?!\s*(?:km|miles))"
)
_PER_PERSON = re.compile(
    r"(?i)\b(?:per (?:person|head|travell?er|pax|adult)|each|pp|a head|a person|apiece)\b"
    r"|/\s?(?:person|head|pp)"
)
_PER_COUPLE = re.compile(r"(?i)\b(?:per|a|each|for each) (?:couple|pair)\b|/\s?couple\b")
_PER_DAY = re.compile(r"(?i)\b(?:per|a|each)\s+(?:day|night)\b|/\s?(?:day|night)\b|\bdaily\b")


def _currency_of(token: str) -> str | None:
    code = money.currency_of(token)
    if code is None:
        return None
    plain = token.isalpha() and len(token) == 3
    if plain and not (
        token.isupper() or token.lower() in _COMMON_CODES or token.lower() in money.CURRENCY_WORDS
    ):
        return None  # "for" or "the" is not a currency code
    return code


_UNITS = {w: n for w, n in NUMBER_WORDS.items() if w not in ("a", "an", "single")}
_UNITS.update(
    forty=40, fifty=50, sixty=60, seventy=70, eighty=80, ninety=90, zero=0, couple=2
)  # fmt: skip
_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_TENS = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]"
    r"(?:one|two|three|four|five|six|seven|eight|nine)"
)
_AMOUNT_WORDS = sorted({*_UNITS, *_MULTIPLIERS, "a", "an", "and", "half", "of"}, key=len)
_AMOUNT_WORD = re.compile(rf"(?i)\b(?:{_TENS}|" + "|".join(reversed(_AMOUNT_WORDS)) + r")\b")
_AFTER_AMOUNT = re.compile(
    r"(?i)^\s*(?:of\s+)?(?:k\b|grand|lakhs?|lacs?|crores?|"
    + "|".join(sorted(money.CURRENCY_WORDS, key=len, reverse=True))
    + r")\b"
)


def _word_amount(words: list[str]) -> float | None:
    """ "two thousand" 2000, "fifteen hundred" 1500, "two and a half" 2.5; ``None`` if not one."""
    total = current = 0.0
    seen = False
    for i, word in enumerate(words):
        word = word.lower()
        if word in ("and", "of"):
            continue
        if word in ("a", "an"):
            if i + 1 < len(words) and words[i + 1].lower() in (*_MULTIPLIERS, "couple"):
                current += 1 if words[i + 1].lower() != "couple" else 0
            continue
        if word == "half":
            current += 0.5
            seen = True
            continue
        if word in _MULTIPLIERS:
            current = (current or 1) * _MULTIPLIERS[word]
            if _MULTIPLIERS[word] >= 1000:
                total, current = total + current, 0.0
            seen = True
            continue
        parts = re.split(r"[- ]", word)
        if all(part in _UNITS for part in parts):
            current += sum(_UNITS[part] for part in parts)
            seen = True
            continue
        return None
    return total + current if seen else None


def spell_out_amounts(text: str) -> str:
    """The sentence with amounts in words as digits: "three grand" 3 grand, "two thousand
    euros" 2000 euros. Only a run that has a hundred or thousand in it, or that a currency
    or scale word follows, is an amount ("two weeks" stays as it is)."""
    out: list[str] = []
    at = 0
    runs: list[tuple[int, int]] = []
    for m in _AMOUNT_WORD.finditer(text):
        gap = text[runs[-1][1] : m.start()] if runs else None
        if runs and gap is not None and re.fullmatch(r"[\s-]*", gap):
            runs[-1] = (runs[-1][0], m.end())
        else:
            runs.append((m.start(), m.end()))
    for start, end in runs:
        words = re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)?", text[start:end])
        lone = [w.lower() for w in words] in (["a"], ["an"])
        while words and not lone and words[-1].lower() in ("and", "of", "a", "an"):
            end = text.rindex(words.pop(), start, end)
            end = start + len(text[start:end].rstrip())
        while words and words[0].lower() in ("and", "of"):
            words.pop(0)
            start = text.index(words[0], start + 1) if words else end
        if not words:
            continue
        if lone and re.match(r"(?i)\s*grand\b", text[end:]):
            out.append(text[at:start] + "1")  # "under a grand"
            at = end
            continue
        has_multiplier = any(w.lower() in _MULTIPLIERS for w in words)
        if not (has_multiplier or _AFTER_AMOUNT.match(text[end:])):
            continue
        value = _word_amount(words)
        if value is None or value <= 0:
            continue
        out.append(text[at:start])
        out.append(f"{value:.2f}".rstrip("0").rstrip(".") if value < 1e15 else text[start:end])
        at = end
    out.append(text[at:])
    return "".join(out)


_NAMED_DOLLARS = {
    "canadian": "CAD", "australian": "AUD", "aussie": "AUD", "new zealand": "NZD",
    "nz": "NZD", "kiwi": "NZD", "singapore": "SGD", "singaporean": "SGD", "hong kong": "HKD",
    "hk": "HKD", "us": "USD", "american": "USD",
}  # fmt: skip
_NAMED_DOLLARS_RE = re.compile(r"(?i)\b(" + "|".join(_NAMED_DOLLARS) + r")\s+(?:dollars?|bucks)\b")


def parse_budget(text: str) -> BudgetPhrase | None:
    """The budget the words state ("under $3000", "2.5k", "1100 GBP", "three grand"), or
    ``None``."""
    text = spell_out_amounts(text)
    # "twelve hundred Canadian dollars": the dollars named by their country, as a code.
    text = _NAMED_DOLLARS_RE.sub(lambda m: _NAMED_DOLLARS[m.group(1).lower()], text)
    found: tuple[int, float, str | None, int] | None = None  # (start, amount, currency, end)
    shared: tuple[str, ...] = ()
    for index, pattern in enumerate(_BUDGET_PATTERNS):
        for m in pattern.finditer(text):
            if index == 1:
                currency = _currency_of(m.group(3))
                number, scale = m.group(1), m.group(2)
                if currency is not None and (found is None or m.start() < found[0]):
                    shared = _shared_by(m.group(3))
            else:
                currency = _currency_of(m.group(1))
                number, scale = m.group(2), m.group(3)
            if currency is None:
                continue
            amount = money.scaled(number, scale, currency)
            if found is None or m.start() < found[0]:
                found = (m.start(), amount, currency, m.end())
            break
    if found is None:
        for pattern in (_BARE_BUDGET, _K_BUDGET, _EACH_BUDGET):
            m = next(
                (m for m in pattern.finditer(text) if not _AGE_BEFORE.search(text[: m.start()])),
                None,
            )
            if m and pattern is _EACH_BUDGET and money.scaled(m.group(1), m.group(2)) < 100:
                m = None  # "2 rooms, 1 each": no budget
            if m:
                found = (m.start(), money.scaled(m.group(1), m.group(2)), None, m.end())
                break
    if found is None:
        return None
    start, amount, currency, end = found
    # "per person" or "a day" must sit right beside the amount to qualify it.
    tail = text[end : end + 24]
    indian = re.search(r"(?i)\b(?:lakhs?|lacs?|crores?)\b", text[start:end])
    if currency is None and (indian or re.match(r"\s*(?:rupees|inr|rs)\b", tail, re.I)):
        currency = "INR"  # lakh and crore are Indian numbers
    return BudgetPhrase(
        amount=amount,
        currency=currency,
        per_person=bool(_PER_PERSON.search(tail)) and not _PER_COUPLE.search(tail),
        per_couple=bool(_PER_COUPLE.search(tail)),
        per_day=bool(_PER_DAY.match(tail.strip()) or _PER_DAY.match(tail)),
        shared_by=shared if currency in shared else (),
    )


# --- duration ---------------------------------------------------------------------------

_DAY_WORDS = r"(?:days?|dias?|días|giorni|jours?|tage|dni|dagen|dagar|dage)"
"""Day in English and the languages travellers most often mix in ("8 dias", "7 giorni")."""
_DAY_TRIP = r"(?!an?[- ]day[- ]?trips?\b)"
"""Not "a day trip to Pisa": a day of another stop's, no length ("a 5-day trip" is one)."""
_DAYS_RE = re.compile(
    rf"(?i)\b{_DAY_TRIP}({_NUM})[- ]?(?:full[- ])?{_DAY_WORDS}\b(?!\s+(?:ago|before|after))"
)
_NIGHT_WORDS = r"(?:nights?|nites?|nts?|noches|noites|notti|nuits?|nächte|nachte|nachten|nocy)"
"""Night in English (and "nts") and the languages travellers most often mix in."""
_NIGHTS_RE = re.compile(rf"(?i)\b({_NUM})[- ]?{_NIGHT_WORDS}\b")
_WEEKS_RE = re.compile(rf"(?i)\b({_NUM})[- ]?(?:weeks?|wks?)\b")


_PER_STOP = re.compile(rf"(?i)\b{_DAY_TRIP}({_NUM})[- ]?({_DAY_WORDS}|{_NIGHT_WORDS}|weeks?)\b")
_STOP_JOIN = re.compile(
    r"(?i)(?:\bthen\b|\band\b|,|&|\+|\bplus\b|;|\bfollowed by\b|->|→|\bdann\b|\bpuis\b|\bpoi\b|"
    r"\bluego\b|\bdepois\b)"
)


def _unit(word: str) -> str:
    """ "night", "week" or "day": what a length's word counts, in any language read."""
    if re.fullmatch(rf"(?i){_NIGHT_WORDS}", word):
        return "night"
    return "week" if word.lower().startswith("week") else "day"


def _per_stop(text: str) -> list[re.Match[str]]:
    """ "Bangkok 5 days then Chiang Mai 4 days": the lengths given city by city, or none.

    Only lengths each beside their own capitalised place, joined by "then", "and", "plus" or a
    comma, and never where the words give a total ("10 days in total, 3 of them in Kyoto")."""
    if re.search(r"(?i)\b(?:in total|total|overall|altogether|of (?:them|which))\b", text):
        return []
    found = [m for m in _PER_STOP.finditer(text) if parse_number(m.group(1))]
    units = {_unit(m.group(2)) for m in found}
    if len(found) < 2 or units == {"week"}:
        return []
    for a, b in zip(found, found[1:], strict=False):
        between = text[a.end() : b.start()]
        named = re.search(r"\b[A-Z][a-z]", between) or (
            text.lower() == text and re.search(r"[^\W\d_]{3,}", _STOP_JOIN.sub(" ", between))
        )  # a place between, capitalised or (in a sentence all lower case) any word
        then = re.search(r"(?i)\bthen\b|\bfollowed by\b", between)  # "2 nights then a week in"
        named = named or (then and re.match(r"(?i)\s+(?:in|on|at)\s+[^\W\d_]", text[b.end() :]))
        if not (_STOP_JOIN.search(between) and named):
            return []
    return found


def _stop_length(m: re.Match[str]) -> int:
    """A stop's length in nights or days as written ("a week": seven)."""
    return (parse_number(m.group(1)) or 0) * (7 if _unit(m.group(2)) == "week" else 1)


def per_stop_nights(text: str) -> list[tuple[int, int]]:
    """Each city-by-city length as (where it is written, the stop's nights): "Tokyo 5 days,
    Kyoto 3 days" gives Tokyo five nights (it is left on the sixth day)."""
    return [(m.start(), _stop_length(m)) for m in _per_stop(text)]


_ADDED_DAYS = re.compile(
    r"(?i)\b(?:then|after(?:wards)?|add(?:ing)?|plus|followed by|stay(?:ing)? on|extend(?:ing)?|"
    rf"tack(?:ing)? on)\b[^.;!?]{{0,40}}?\b(?:({_NUM})[- ]?({_DAY_WORDS}|{_NIGHT_WORDS}|weeks?)\b"
    r"|(?:the|a) (long )?weekend\b)"
)


def days_added_to_dates(text: str) -> int | None:
    """Days the words add after dates they give: "Berlin March 10-12, then 3 days in
    Prague" adds 3, "4-7 May, then staying on for the weekend" 2; else None."""
    m = _ADDED_DAYS.search(text)
    if m is None or not re.search(rf"(?i)\b{_MONTH}|\d", text[: m.start()]):
        return None
    if m.group(1):
        count = parse_number(m.group(1)) or 0
        return count * 7 if _unit(m.group(2)) == "week" else count
    return 3 if m.group(3) else 2


def _per_stop_total(text: str) -> int | None:
    """The trip's days from lengths given city by city: "Bangkok 5 days then Chiang Mai 4
    days" is 9, "4 nights in Paris then 3 in Amsterdam" 8, "a week in Rome plus 3 days in
    Florence" 10."""
    found = _per_stop(text)
    if not found:
        return None
    total = sum(_stop_length(m) for m in found)
    return total + 1 if "night" in {_unit(m.group(2)) for m in found} else total


_TOTAL_LENGTH = re.compile(
    rf"(?i)\b({_NUM})[- ]?({_DAY_WORDS}|{_NIGHT_WORDS}|weeks?|wks?)\s+(?:in total|total|altogether|"
    r"overall|all in)\b|\b(?:total of|in all)\s+({_NUM})[- ]?({_DAY_WORDS}|{_NIGHT_WORDS}|weeks?)\b"
)
"""A length the words say is the whole trip's: "2 weeks in total", "a total of 10 days"."""
_FOREIGN_WEEK = re.compile(
    r"(?i)\b(?:(una|uma|une|eine|ein|one|a|1)|(\d{1,2}|due|dos|duas|deux|zwei))\s+"
    r"(?:settiman[ae]|semanas?|semaines?|wochen?|tygodni[ea]?|tydzień)\b"
)
"""A week in the languages travellers most often mix in: "una settimana", "2 semanas"."""


def parse_duration(text: str) -> int | None:
    """How many days the words give the trip ("5-day", "a week", "4 nights" = 5), or ``None``."""
    total = _TOTAL_LENGTH.search(text)
    if total:
        count = parse_number(total.group(1) or total.group(3) or "")
        unit = _unit(total.group(2) or total.group(4) or "")
        if count:
            return (
                count * 7
                if unit == "week" or (total.group(2) or "").lower().startswith("wk")
                else (count + 1 if unit == "night" else count)
            )
    per_stop = _per_stop_total(text)
    if per_stop:
        return per_stop
    foreign = _FOREIGN_WEEK.search(text)
    if foreign:
        two = {"due": 2, "dos": 2, "duas": 2, "deux": 2, "zwei": 2}
        return 7 * (
            1 if foreign.group(1) else two.get(foreign.group(2).lower()) or int(foreign.group(2))
        )
    low = text.lower()
    for m in _DAYS_RE.finditer(low):
        money_before = re.search(r"[\d$€£¥₹]\S*\s*(?:\w+\s+)?$", low[: m.start()])
        if m.group(1) in ("a", "an") and money_before:
            continue  # "$150 a day" is a daily budget, not a length
        if parse_number(m.group(1)) is not None:
            return parse_number(m.group(1))
    m = _NIGHTS_RE.search(low)
    if m and parse_number(m.group(1)) is not None:
        return (parse_number(m.group(1)) or 0) + 1
    m = re.search(rf"\b({_NUM}) weeks? and a half\b", low)
    if m and parse_number(m.group(1)):
        return 7 * (parse_number(m.group(1)) or 0) + 3  # "a week and a half": ten days
    m = _WEEKS_RE.search(low)
    if (
        m
        and parse_number(m.group(1)) is not None
        and not re.search(r"\bnext\s+$", low[: m.start()])
    ):
        return 7 * (parse_number(m.group(1)) or 0)
    if re.search(r"\bfortnight\b", low):
        return 14
    if re.search(r"\bhalf (?:a|one) month\b", low):
        return 15
    m = re.search(
        r"(?<!next )(?<!this )(?<!last )(?<!per )(?<!in )(?<!within )(?<!every )(?<!each )"
        r"(?<!once )(?<!times )\b(a|one|1|two|2)[- ](?:(?:full|whole|entire) )?months?"
        r"(?:[- ]long)?\b"
        r"(?![- ]?(?:ago|from now|later|before|after|in advance|ahead|away|out|'s|’s))",
        low,
    )
    if m:
        return 30 * (parse_number(m.group(1)) or 1)  # "a month in Southeast Asia": 30 days
    if re.search(r"\bmonth[- ]long\b", low):
        return 30
    if re.search(
        r"\b(?:nomad|workation|sabbatical|backpacking|travel|trip|holiday|vacation|language)\s+"
        r"month\b(?!s|ly)|^\s*month (?:in|of travel|away)\b",
        low,
    ):
        return 30  # "digital nomad month in Lisbon", "month in Mexico": a bare month is thirty
    if re.search(
        r"\b(?:a|one|our|my|the|for|wildlife|beach|ski|spa|foodie|culture|family)\s+"
        r"(?:[a-z'-]+\s+){0,2}week\b(?![- ]?(?:end|long|s\b|day))",
        low,
    ) and not re.search(r"\b(?:next|this|last|that) week\b", low):
        return 7  # "a beach week"
    if re.search(r"\b(?:thanksgiving|easter|christmas|golden|diwali|half[- ]term)\s+week\b", low):
        return 7  # "Thanksgiving week"
    if re.search(r"\bweek[- ]long\b", low):
        return 7
    if re.search(
        r"(?<!next )(?<!this )(?<!last )(?<!that )(?<!per )(?<!every )(?<!each )(?<!times a )"
        r"(?<!once a )(?<!twice a )(?<!in a )(?<!within a )(?<!following )\bweek\b"
        r"(?![- ]?(?:ends?|s\b|days?|nights?|from|later|ago|before|after))",
        low,
    ):
        return 7  # "luxury week in Dubai", "a chill week": a bare week is seven days
    if re.search(r"\bhalf a week\b", low):
        return 4
    weekend = _WEEKEND.search(low)
    if weekend:
        return 4 if weekend.group(1) else 3  # Friday to Monday, Friday to Sunday
    if re.search(r"\bday[- ]trip\b", low):
        return 1
    if re.search(r"\bcouple (?:of )?days\b", low):
        return 2
    if re.search(r"\bfew days\b", low):
        return 3
    return None


# --- dates ------------------------------------------------------------------------------


def _resolve(year: str | None, month: int, day: int, today: date) -> date | None:
    """The date meant: the year given, else the next such date on or after today."""
    try:
        if year:
            return date(int(year), month, day)
        candidate = date(today.year, month, day)
        if candidate < today:
            candidate = date(today.year + 1, month, day)
        return candidate
    except ValueError:
        return None


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MD_RANGE = re.compile(
    rf"(?i)\b({_MONTH})\s+{_DAY}{_YEAR}\s*(?:to|until|till|through|thru|-|–|and)\s*"
    rf"(?:({_MONTH})\s+)?{_DAY}{_YEAR}"
)
_DM_RANGE = re.compile(
    rf"(?i)\b{_DAY}(?:\s+(?:of\s+)?({_MONTH}))?{_YEAR}\s*(?:to|until|till|through|-|–)\s*"
    rf"(?:the\s+)?{_DAY}\s+(?:of\s+)?({_MONTH}){_YEAR}"
)
_MD_ONE = re.compile(rf"(?i)\b({_MONTH})\s+{_DAY}\b{_YEAR}")
_DM_ONE = re.compile(rf"(?i)\b{_DAY}\s+(?:of\s+)?({_MONTH})\b{_YEAR}")
_IN_MONTH = re.compile(
    rf"(?i)\b(?:in|during|this|next|for|early|mid|late)[- ](?:early\s+|mid[- ]|late\s+)?"
    rf"({_MONTH})\b(?:\s+(\d{{4}}))?"
)

_LONE_MONTH = re.compile(rf"(?i)(?:^|[,;(]|\s[-–]\s)\s*({_MONTH})(?:\s+(\d{{4}}))?\s*(?=[,;).!]|$)")
"""A month on its own among a terse request's facts: "Costa Rica, 12 days, july"."""


def first_saturday_on_or_after(day: date) -> date:
    """The first Saturday on or after ``day``."""
    return day + timedelta(days=(5 - day.weekday()) % 7)


_SPAN_LIMIT = 60
"""Two dates further apart than this are not one trip's first and last day."""


def _single_dates(text: str, today: date) -> tuple[date | None, date | None]:
    """Dates named one at a time: "beginning on March 2nd and ending on March 8th, 2022".

    The first is the start; a second within ``_SPAN_LIMIT`` days after it is the end. A date
    without a year borrows the other's ("March 2nd ... March 8th, 2022" is 2022 for both).
    """
    found: list[tuple[int, int, str, int, str | None]] = []  # start, end, month, day, year
    for m in _MD_ONE.finditer(text):
        found.append((m.start(), m.end(), m.group(1), int(m.group(2)), m.group(3)))
    for m in _DM_ONE.finditer(text):
        found.append((m.start(), m.end(), m.group(2), int(m.group(1)), m.group(3)))
    found.sort()
    dates: list[tuple[str, int, str | None]] = []
    reach = -1
    for at, end_at, month, day, year in found:
        if at >= reach:  # two readings of the same words count once
            dates.append((month, day, year))
            reach = end_at
    if not dates:
        return None, None
    (m1, d1, y1), rest = dates[0], dates[1:]
    y2 = rest[0][2] if rest else None
    start = _resolve(y1 or y2, _month(m1), d1, today)
    if start is None or not rest:
        return start, None
    end = _resolve(y2 or y1 or str(start.year), _month(rest[0][0]), rest[0][1], today)
    if end is not None and 0 <= (end - start).days <= _SPAN_LIMIT:
        return start, end
    return start, None


_NUMERIC = re.compile(r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d{2}))?(?![\d/.%])")
_PART = re.compile(
    r"(?i)\b(early|mid|late|end of|the end of|beginning of|the beginning of|start of|"
    r"middle of|the middle of|first week of|last week of)[- ]?(?:the\s+)?"
    rf"({_MONTH})\b(?:\s+(\d{{4}}))?"
)
_PART_DAY = {"early": 1, "beginning of": 1, "start of": 1, "first week of": 1, "mid": 11,
             "middle of": 11, "late": 20, "end of": 22, "last week of": 22}  # fmt: skip
_SEASON = re.compile(
    r"(?i)\b(?:next|this|in|during|over|for)\s+(?:the\s+)?(spring|summer|autumn|fall|winter)\b"
    r"(?:\s+(\d{4}))?|\b(spring|summer|autumn|fall|winter)\s+(\d{4})\b"
)
_SEASON_START = {"spring": (4, 1), "summer": (7, 1), "autumn": (10, 1), "fall": (10, 1),
                 "winter": (1, 10)}  # fmt: skip


def holiday_start(text: str, today: date) -> date | None:
    """The start of a trip "over Easter", "for Diwali", "for Oktoberfest": the next one."""
    from lotara.planning.occasions import occasion_start

    found = occasion_start(text, today)
    return found[0] if found else None


MONTH_FIRST_COUNTRIES = frozenset({"US", "PR", "GU", "VI", "AS", "MP", "UM", "PH", "FM", "MH",
                                   "PW", "CA"})  # fmt: skip
"""Where 3/10 is March 10th; everywhere else it is the 3rd of October."""
_NOT_AMERICAN = re.compile(
    r"(?i)[£€₹]|\b(?:gbp|eur|inr|aud|nzd|zar|quid|rupees|lakhs?|crores?|fortnight|whilst|"
    r"holidays?|mum|bank holiday|half[- ]term|colour|favourite|travelling|travelled|"
    r"organise|programme|centre|theatre)\b"
)


def writes_day_first(text: str, origin_country: str | None) -> bool:
    """Whether the writer evidently puts the day first: leaving from a country that does, or
    writing the way people outside North America do (£, "holiday", "fortnight", "mum")."""
    if origin_country:
        return origin_country not in MONTH_FIRST_COUNTRIES
    return bool(_NOT_AMERICAN.search(text))


def numeric_day_first(text: str, today: date, day_first: bool) -> bool:
    """The order numeric dates are read in: ``day_first``, unless only the other order makes
    two dates one trip ("4/5 - 9/5" is the 4th to the 9th of May)."""
    if day_first:
        return True
    found = _numeric_dates(text, today, False)
    if len(found) < 2 or 0 <= (found[1] - found[0]).days <= _SPAN_LIMIT:
        return False
    other = _numeric_dates(text, today, True)
    return len(other) >= 2 and 0 <= (other[1] - other[0]).days <= _SPAN_LIMIT


def ambiguous_numeric_dates(text: str) -> list[str]:
    """Numeric dates either way round ("3/10"): the reading should say how it took them."""
    out = []
    for m in _NUMERIC.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if 1 <= a <= 12 and 1 <= b <= 12 and a != b and ("/" in m.group(0) or m.group(3)):
            out.append(m.group(0))
    return out


def _numeric_dates(text: str, today: date, day_first: bool) -> list[date]:
    found: list[date] = []
    # One date with a day over 12 ("25/12") shows the writer puts the day first.
    day_first = day_first or any(int(m.group(1)) > 12 for m in _NUMERIC.finditer(text))
    for m in _NUMERIC.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        year = m.group(3)
        if (
            not year
            and not re.search(
                r"(?i)\b(?:from|on|to|until|till|-|–|starting|leaving)\s*$", text[: m.start()]
            )
            and "/" not in m.group(0)
        ):
            continue  # "2.5" is a number, not the 2nd of May
        if a > 12 or (day_first and b <= 12):
            day, month = a, b
        else:
            month, day = a, b
        if year and len(year) == 2:
            year = "20" + year
        resolved = _resolve(year, month, day, today) if 1 <= month <= 12 else None
        if resolved:
            found.append(resolved)
    return found


_BARE_END = re.compile(
    rf"(?i)\b(?:back|return(?:ing)?|home|until|till|through|ending|end|to|coming back)\s+"
    rf"(?:home\s+)?(?:on\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)\b(?!\s*(?:of\s+)?{_MONTH})"
)


def parse_dates(
    text: str, today: date, *, day_first: bool = False
) -> tuple[date | None, date | None]:
    """The first and last day the words name (see ``_parse_dates``); a last day given as a
    bare ordinal after a dated start ("on the 3rd of June ..., back on the 9th") is in the
    start's month, or the next one when it is earlier in the month."""
    start, end = _parse_dates(text, today, day_first=day_first)
    if start is not None and end is None:
        m = _BARE_END.search(text)
        if m:
            day = int(m.group(1))
            month, year = start.month, start.year
            if day <= start.day:
                month, year = (1, year + 1) if month == 12 else (month + 1, year)
            try:
                candidate = date(year, month, day)
            except ValueError:
                candidate = None
            if candidate is not None and 0 < (candidate - start).days <= _SPAN_LIMIT:
                end = candidate
    return start, end


_WEEKEND = re.compile(r"(?i)\b(long[- ])?week[- ]?ends?\b")
"""A weekend away ("a weekend in Siena", "long weekend"): three days, or four when long."""
_THIS_NEXT_WEEKEND = re.compile(
    r"(?i)\b(this|next|the coming|coming|the following)\s+(?:long[- ])?week[- ]?end\b"
)


def weekend_friday(today: date, which: str | None = None) -> date:
    """The Friday a weekend away leaves: the next one after ``today`` ("a weekend in
    Prague"), the one on or after it for "this weekend" (today, if the weekend has begun),
    a week after the next for "next weekend" (the coming one is "this weekend")."""
    ahead = (4 - today.weekday()) % 7
    if which == "this":
        return today if today.weekday() >= 4 else today + timedelta(days=ahead)
    friday = today + timedelta(days=ahead or 7)
    return friday + timedelta(days=7) if which == "next" else friday


def _day_given(text: str, today: date, day_first: bool) -> bool:
    """Whether the words name a day of the month or a weekday span, not only a month."""
    return bool(
        _ISO.search(text)
        or _numeric_dates(text, today, day_first)
        or _MD_RANGE.search(text)
        or _DM_RANGE.search(text)
        or _single_dates(text, today)[0]
        or _WEEKDAY_SPAN.search(text.lower())
        or re.search(r"(?i)\btomorrow\b", text)
    )


def read_weekend(
    text: str, today: date, start: date | None, end: date | None, *, day_first: bool = False
) -> tuple[date | None, int | None, str | None]:
    """A weekend away's start, days and the note saying so, when the trip's only length is
    a weekend ("a weekend in Siena", "Lisbon for a long weekend"); else ``start``, None, None.

    A weekend leaves on a Friday and comes back on the Sunday (3 days), a long one on the
    Monday (4). With no date it is the next weekend after ``today``; a month or season
    ("in June") is its first weekend; "this"/"next weekend" as :func:`weekend_friday`. A day
    given wins: from a Saturday, a weekend is that Saturday and Sunday (a long one to the
    Monday). A holiday's own days ("a bank holiday weekend", "Easter weekend") are kept.
    """
    from lotara.planning.occasions import bank_holiday_weekend

    m = _WEEKEND.search(text)
    if end is not None or parse_duration(_WEEKEND.sub(" ", text)) is not None:
        return start, None, None
    if (bank := bank_holiday_weekend(text, start)) is not None:
        return start, *bank
    if m is None:
        return start, None, None
    long = bool(m.group(1))
    days = 4 if long else 3
    when = _THIS_NEXT_WEEKEND.search(text)
    said = "a long weekend" if long else "a weekend"
    if when:
        said = f"'{when.group(0).lower()}'"
    if start is not None and (holiday_start(text, today) == start and not when):
        return start, days, None  # the occasion's own days, said by its note
    if start is not None and not when and _day_given(text, today, day_first):
        if start.weekday() == 5:
            days -= 1  # from Saturday: to Sunday, or Monday when long
        return start, days, None
    if when or start is None:
        start = weekend_friday(today, when.group(1).lower() if when else None)
        if when and start.weekday() != 4:  # "this weekend" on a Saturday: what is left of it
            days -= start.weekday() - 4
    elif start.weekday() == 5:  # "a weekend in June": the month's first Friday
        friday = start - timedelta(days=1)
        start = friday if friday.month == start.month else start + timedelta(days=6)
    last = start + timedelta(days=days - 1)
    shape = f"{start.strftime('%A')} to {last.strftime('%A')}"
    other = " (or say 'Thursday to Sunday')" if long and start.weekday() == 4 else ""
    return (
        start,
        days,
        (
            f"Read {said} as {days} days, {shape}: leaving {start.strftime('%a %-d %B %Y')}, back "
            f"{last.strftime('%a %-d %B')}; give the dates to change it{other}."
        ),
    )


_WEEKDAY = (
    r"(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|"
    r"sat(?:urday)?|sun(?:day)?)"
)
_WEEKDAY_SPAN = re.compile(rf"\b{_WEEKDAY}\s*(?:-|–|to|through|thru|until|till)\s*{_WEEKDAY}\b")
_WEEKDAY_INDEX = {d: i for i, d in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}


def _parse_dates(
    text: str, today: date, *, day_first: bool = False
) -> tuple[date | None, date | None]:
    """The first and last day the words name, each ``None`` when unsaid.

    "from June 3 to June 10" gives both; "starting 2027-04-12" or "on April 12" the start;
    "in March" the first Saturday of the next March (the trip's length comes from elsewhere);
    "late June" the first Saturday from the 20th; "next spring" April; "over Easter" Good
    Friday. ``day_first`` reads 12/06/2027 as 12 June (a writer outside the US); a day over
    12 decides by itself. A date without a year is the next one on or after ``today``.
    """
    isos = []
    for m in _ISO.finditer(text):
        try:
            isos.append(date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            continue
    if isos:
        return isos[0], isos[1] if len(isos) > 1 and isos[1] >= isos[0] else None
    numeric = _numeric_dates(text, today, day_first)
    if numeric:
        end_day = numeric[1] if len(numeric) > 1 else None
        if end_day is not None and not 0 <= (end_day - numeric[0]).days <= _SPAN_LIMIT:
            end_day = None
        return numeric[0], end_day
    m = _MD_RANGE.search(text)
    if m:
        month1, day1, year1, month2, day2, year2 = m.groups()
        start = _resolve(year1 or year2, _month(month1), int(day1), today)
        end_month = _month(month2) if month2 else _month(month1)
        end = _resolve(year2 or year1, end_month, int(day2), today)
        if start and end and end < start and not (year1 or year2):
            end = _resolve(str(start.year + 1), end_month, int(day2), today)
        return start, end
    m = _DM_RANGE.search(text)
    if m:
        day1, month1, year1, day2, month2, year2 = m.groups()
        start = _resolve(year1 or year2, _month(month1 or month2), int(day1), today)
        end = _resolve(year2 or year1, _month(month2), int(day2), today)
        if start and end and end < start and not (year1 or year2):
            end = _resolve(str(start.year + 1), _month(month2), int(day2), today)
        return start, end
    single = _single_dates(text, today)
    if single[0] is not None:
        return single
    holiday = holiday_start(text, today)
    named = _PART.search(text) or _IN_MONTH.search(text) or _LONE_MONTH.search(text)
    if (
        holiday is not None
        and named
        and _month(named.group(2 if named.re is _PART else 1)) != holiday.month
    ):
        holiday = None  # "Japan in April, cherry blossoms": the month named is when
    if holiday is not None:
        return holiday, None
    m = _PART.search(text)
    if m:
        month, part = _month(m.group(2)), m.group(1).lower().removeprefix("the ")
        year = int(m.group(3)) if m.group(3) else today.year
        first = date(year, month, _PART_DAY.get(part, 1))
        if not m.group(3) and first < today:
            first = date(year + 1, month, first.day)
        return first_saturday_on_or_after(first), None
    m = _IN_MONTH.search(text) or _LONE_MONTH.search(text)
    if m and not (m.group(1).lower() == "may" and m.group(0).lower().startswith("for")):
        month = _month(m.group(1))
        year = int(m.group(2)) if m.group(2) else today.year
        if not m.group(2) and (month < today.month):
            year += 1
        start = first_saturday_on_or_after(date(year, month, 1))
        if start <= today:
            start = first_saturday_on_or_after(today + timedelta(days=1))
            if start.month != month:
                start = today + timedelta(days=1)
        return start, None
    m = _SEASON.search(text)
    if m:
        season = (m.group(1) or m.group(3)).lower()
        year_text = m.group(2) or m.group(4)
        month, day = _SEASON_START[season]
        year = int(year_text) if year_text else today.year
        first = date(year, month, day)
        while not year_text and first <= today:
            year += 1
            first = date(year, month, day)
        return first_saturday_on_or_after(first), None
    low = text.lower()
    if re.search(r"\btomorrow\b", low):
        return today + timedelta(days=1), None
    when = _THIS_NEXT_WEEKEND.search(low)
    if when:
        return weekend_friday(today, when.group(1)), None
    span = _WEEKDAY_SPAN.search(low)
    if span:  # "Mon-Wed next week", "Friday to Sunday"
        first, last = (_WEEKDAY_INDEX[span.group(g)[:3]] for g in (1, 2))
        base = today + timedelta(days=7 - today.weekday()) if "next week" in low else today
        start = base + timedelta(days=(first - base.weekday()) % 7)
        if start <= today:
            start += timedelta(days=7)
        return start, start + timedelta(days=(last - first) % 7)
    if re.search(r"\bnext week\b", low):
        return today + timedelta(days=7 - today.weekday()), None
    if re.search(r"\bnext month\b", low):
        nxt = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
        return first_saturday_on_or_after(nxt), None
    return None, None


# --- travelers --------------------------------------------------------------------------

_COMPANIONS = (
    r"(?:wife|husband|partner|girlfriend|boyfriend|gf|bf|fianc[eé]e?|spouse|hubby|missus|"
    r"other half|better half|significant other|friend|best mate|mate|mum|mom|mama|mother|dad|"
    r"papa|father|sister|sis|brother|bro|son|daughter|niece|nephew|cousin|aunt|auntie|uncle|"
    r"grandma|grandpa|granny|grandad|grandmother|grandfather|nan|nana|grandson|granddaughter|"
    r"colleague|coworker|co-worker|boss|buddy|pal|roommate|flatmate|mother-in-law|"
    r"father-in-law|sister-in-law|brother-in-law)"
)
_TRAVELER_NOUNS = (
    r"(?:people|persons|person|ppl|peeps|folks|adults|adult|travell?ers|guests|pax|of us|"
    r"friends|colleagues|pals|students|couples|lads|mates|guys|buddies|gals|ladies|"
    # older travellers and people named by who they are: "two seniors", "3 retired teachers"
    r"seniors|retirees|pensioners|oaps|grandparents|grannies|women|men|girls|boys|gents|"
    r"blokes|chaps|dudes|sisters|brothers|siblings|cousins|besties|girlfriends|hens|stags|"
    r"coworkers|co-workers|teammates|classmates|roommates|flatmates|housemates|"
    r"teachers|nurses|doctors|golfers|cyclists|hikers|divers|surfers|skiers|runners|"
    # the same words in the languages travellers most often mix in ("2 pessoas", "2 osoby")
    r"pessoas|personas|persone|personnes|personen|osoby|personer)"
)
_NOT_PEOPLE = (
    # Whole words only: "for two, starting" is two people, not a star rating.
    r"(?:(?:days?|nights?|weeks?|months?|hours?|years?|k|stars?|km|miles|dollars|euros|"
    r"pounds|usd|eur|gbp)\b|%|\d)"
)


# A party named member by member: "me, my wife and our toddler", "us two and our baby",
# "a couple with a baby". Each member is one alternative of _MEMBER; _party_list counts them.
_CHILD_NOUN = (
    r"(?:toddler|baby|infant|newborn|kid|child|teen|teenager|\d{1,2}[- ]?(?:year|yr)[- ]?old)"
)
_MANY_NOUNS = (
    r"(?:kids|children|sons|daughters|friends|toddlers|babies|teens|teenagers|grandkids|"
    r"grandchildren|colleagues|buddies|others|mates|pals|lads|girls|guys|girlfriends|"
    r"coworkers|co-workers|cousins|siblings|brothers|sisters|classmates|teammates|seniors|"
    r"pensioners|retirees|besties|bffs|boys|grandsons|granddaughters|nieces|nephews|"
    r"little ones|young ones|"
    r"under[- ]?(?:fives|5s|5's|twos|2s|threes|3s|tens|10s))"
)
# One describing word, hyphenated or not: "my little son", "my wheelchair-using dad".
_ADJECTIVE = r"(?:little|young|baby|teenage|best|new|newborn|elderly|old|[a-z]+-[a-z]+ing)"
_MEMBER = (
    r"(?P<self>\b(?:me|i|myself)\b)"
    r"|(?P<pair>\b(?:us two|we two|the two of us|both of us|the pair of us)\b)"
    r"|(?P<couple>\b(?:a |the )?couple\b(?! of))"
    r"|(?P<twins>\b(?:my|our|the) (?:\d{1,2}[- ]?(?:year|yr)s?[- ]?old |little |baby |teenage )?"
    r"twins\b)"
    r"|(?P<parents>\b(?:my|our) (?:elderly |old |retired )?(?:(?:grand)?parents|in-laws)\b)"
    r"|(?P<subjects>\b(?:(?:we|us) )?(?:two |2 )?(?:grandparents|parents)\b)"
    r"|(?P<kids>\b(?:my|our|the|their|her|his) (?:kids|children|little ones|young ones)\b)"
    rf"|(?P<couples>\b{_NUM} couples\b)"
    rf"|\b(?:(?:my|our|their|her|his|the) )?(?P<many>{_NUM}) (?:{_ADJECTIVE} )?{_MANY_NOUNS}"
    r"\b(?!-)"
    r"|(?P<one>\b(?:(?:my|our|their|her|his|a|an|the|1|one) )?"
    rf"(?:{_ADJECTIVE} )?(?:{_COMPANIONS}|{_CHILD_NOUN})"
    r"\b(?!-))"
)
# Members are joined by commas and "and", or (written without commas) by "my"/"our" alone:
# "me my husband and our baby".
_JOIN = r"(?:\s*,\s*(?:and |& |plus |with )?|\s+(?:and|&|with|plus|\+)\s+|\s+(?=(?:my|our) ))"
_ANY_MEMBER = re.sub(r"\(\?P<\w+>", "(?:", _MEMBER)  # one pattern cannot name a group twice
_PARTY_LIST = re.compile(rf"(?:{_ANY_MEMBER})(?:{_JOIN}(?:{_ANY_MEMBER}))+")
_MEMBER_RE = re.compile(_MEMBER)


def _party_list(low: str, children: int = 2) -> int | None:
    """How many people a list of two or more party members adds up to, or ``None``.

    The speaker counts once however often named ("me ... and I"); "us two" is the speaker and
    one more. A list that starts after "with" ("with my wife and our son") has the speaker too.
    "our kids" are ``children`` (their ages' count where the words give ages, else two).
    "grandparents" are the speaker's "we" unless the list names the speaker too ("the
    grandparents, me and the kids").
    """
    for m in _PARTY_LIST.finditer(low):
        speaker, subjects, others = 0, 0, 0
        for part in _MEMBER_RE.finditer(m.group(0)):
            kind = part.lastgroup
            if kind == "self":
                speaker = max(speaker, 1)
            elif kind == "pair":
                speaker = 2
            elif kind == "subjects":
                subjects = 2
            elif kind in ("couple", "twins", "parents"):
                others += 2
            elif kind == "kids":
                others += children
            elif kind in ("many", "couples"):
                word = part.group(kind).split()[0]
                count = parse_number(word)
                if not count or word in ("a", "an"):
                    break
                others += count * (2 if kind == "couples" else 1)
            else:
                others += 1
        else:
            if speaker and subjects:
                others += subjects
            else:
                speaker = max(speaker, subjects)
            if not speaker and re.search(r"\bwith\s*$", low[: m.start()]):
                speaker = 1
            if speaker + others >= 2:  # "me and I want to go" names one person twice
                return speaker + others
    return None


_ONE_PARENT = re.compile(
    r"\b(?:single|solo|lone) (?:mum|mom|mother|dad|father|parent)\b|\bjust (?:me|myself) and\b"
)


def _parents(low: str) -> bool:
    """Whether a "family" trip brings both parents ("Family trip to London with 2 kids": four),
    which one parent alone says ("single mum", "just me and the kids")."""
    return bool(re.search(r"\bfamil(?:y|ies)\b", low)) and not _ONE_PARENT.search(low)


def parse_travelers(text: str) -> int | None:
    """How many people travel ("for 2", "me and my wife", "family of four", "solo"), or ``None``."""
    low = text.lower()

    def num(word: str) -> int | None:
        return parse_number(word)

    m = re.search(
        rf"\b({_NUM}) (?:adults?|grown[- ]ups?)(?:,| and| &| \+| with| plus)? ({_NUM}) "
        r"(?:kids?|children|child|teens?|teenagers?|toddlers?|bab(?:y|ies)|infants?|minors?)\b",
        low,
    )
    if m and num(m.group(1)) and num(m.group(2)):
        return (num(m.group(1)) or 0) + (num(m.group(2)) or 0)
    adults = re.search(rf"\b({_NUM}) (?:adults?|grown[- ]ups?)\b", low)
    if adults and num(adults.group(1)) and adults.group(1) not in ("a", "an"):
        # "kids aged 8 and 11, ..., 2 adults": the adults and the children named apart.
        kids = re.search(
            rf"\b({_NUM}) (?:{_ADJECTIVE} )?(?:kids?|children|child|teens?|teenagers?|"
            r"toddlers?|bab(?:y|ies)|infants?)\b",
            low,
        )
        if kids and num(kids.group(1)) and kids.group(1) not in ("a", "an"):
            return (num(adults.group(1)) or 0) + (num(kids.group(1)) or 0)
        ages = parse_children_ages(text)
        if ages:
            return (num(adults.group(1)) or 0) + len(ages)
    m = re.search(rf"\b(?:family|group|party|team) of ({_NUM})\b(?! couples)", low)
    if m and num(m.group(1)):
        return num(m.group(1))
    # "my parents (in their 80s) and me": an aside in brackets does not break the list.
    listed = _party_list(re.sub(r"\s*\([^)]*\)", "", low), len(parse_children_ages(text)) or 2)
    if listed:
        return listed
    m = re.search(rf"\b(?:group|party) of ({_NUM}) couples\b|\b({_NUM}) couples\b", low)
    if m and num(m.group(1) or m.group(2)) and (m.group(1) or m.group(2)) not in ("a", "an"):
        return 2 * (num(m.group(1) or m.group(2)) or 0)
    m = re.search(
        r"(?<![\w+])([1-9]) ?\+ ?([1-9])(?![\w+%]| ?(?:days?|nights?|weeks?|stars?)\b)", low
    )
    if m:
        return int(m.group(1)) + int(m.group(2))  # "2+2 to Disneyland": two adults, two kids
    m = re.search(rf"\b(?:me|i|myself) ?(?:\+|plus) ?({_NUM})\b(?![- .,]*{_NOT_PEOPLE})", low)
    if m and num(m.group(1)) and m.group(1) not in ("a", "an"):
        return (num(m.group(1)) or 0) + 1  # "me + 2", "me plus two": the speaker and two more
    # "a trio of friends", "we're a foursome", "a dozen of us": the word is the count, when
    # the words around it make it the party (not "a jazz trio in New Orleans").
    m = re.search(
        r"\b(?:a |the )?(trio|foursome|quartet|(?:half[- ])?dozen)\b"
        rf"(?=(?: of)?(?: [a-z]+)? {_TRAVELER_NOUNS}\b| of us\b)"
        r"|\b(?:we(?:'re| are)|as|for) (?:a )?(trio|foursome|quartet)\b",
        low,
    )
    if m:
        word = m.group(1) or m.group(2)
        return {"trio": 3, "foursome": 4, "quartet": 4}.get(
            word, 6 if word.startswith("half") else 12
        )
    m = re.search(
        rf"\b(?:me|i|myself),? (?:and |with |& )?my {_COMPANIONS}s?,? (?:and|&|with) "
        rf"(?:our |my )?({_NUM}) (?:kids|children|sons|daughters|friends)",
        low,
    )
    if m and num(m.group(1)):
        return (num(m.group(1)) or 0) + 2
    m = re.search(
        rf"\b(?:me|i|myself) (?:and|&|with|plus) (?:my |our )?({_NUM}) {_MANY_NOUNS}\b",
        low,
    )
    if m and num(m.group(1)):
        return (num(m.group(1)) or 0) + 1
    m = re.search(
        rf"\b(?:our|we have|we've got|with) ({_NUM}) (?:{_ADJECTIVE} )?"
        r"(?:kids|children|toddlers|babies|sons|daughters|teens|teenagers|boys|girls)\b",
        low,
    )
    if (
        m
        and num(m.group(1))
        and m.group(1) not in ("a", "an")
        and re.search(r"\b(?:we|us|our)\b", low)
    ):
        return (num(m.group(1)) or 0) + 2  # "us and our two toddlers": two parents
    m = re.search(
        rf"\b(?:with|tak(?:e|ing)|bring(?:ing)?) (?:my |our )?({_NUM}) (?:{_ADJECTIVE} )?"
        rf"{_MANY_NOUNS}\b",
        low,
    )
    if m and num(m.group(1)) and m.group(1) not in ("a", "an"):
        together = re.search(rf"\b(?:my|our) {_COMPANIONS}\b|\bwe\b|\bcouple\b", low)
        base = 2 if together or _parents(low) else 1
        # "two grandparents taking 2 grandchildren": those taking them are counted too.
        takers = re.search(rf"\b({_NUM}) (?:[a-z]+ )?{_TRAVELER_NOUNS}\s*$", low[: m.start()])
        if takers and num(takers.group(1)) and takers.group(1) not in ("a", "an"):
            base = num(takers.group(1)) or base
        return (num(m.group(1)) or 0) + base
    m = re.search(rf"\b(?:family|group|party|team) of ({_NUM})\b", low)
    if m and num(m.group(1)):
        return num(m.group(1))
    m = re.search(rf"\b({_NUM})[- ](?:person|people|member) (?:family|group|party)\b", low)
    if m and num(m.group(1)):
        return num(m.group(1))
    # "4 friends", "4 college friends", "3 close friends": one describing word may come between.
    m = re.search(
        rf"\b({_NUM}) (?:(?!{_NOT_PEOPLE}|(?:per|a|an|each|and|or|to|of|for|with)\b)[a-z]+ )?"
        rf"{_TRAVELER_NOUNS}\b",
        low,
    )
    if m and num(m.group(1)) is not None and m.group(1) not in ("a", "an"):
        return num(m.group(1))
    m = re.search(
        r"\b(?:trip|party|group|us|people|pax|adults|girls|lads|friends)\s*x\s?(\d{1,2})\b", low
    )
    if m and num(m.group(1)):
        return num(m.group(1))  # "girls trip x4"
    m = re.search(
        r"\b(?:we are|we're|there are|there will be) ({_NUM})\b".replace("{_NUM}", _NUM), low
    )
    if m and num(m.group(1)) and m.group(1) not in ("a", "an"):
        return num(m.group(1))
    if re.search(
        r"\b(?:she|he) and (?:i|me)\b|\b(?:me|i) and (?:she|he|her|him)\b|"
        rf"\b(?:me|i|myself) (?:and|&|with|plus) (?:my )?{_COMPANIONS}\b|"
        rf"\bmy {_COMPANIONS} and (?:i|me)\b|\bhoneymoon\b|\bcouple(?:'s)?\b(?! of)|"
        r"\bthe two of us\b|\bboth of us\b|\bromantic\b|\bduo\b|"
        r"\b(?:wedding )?anniversary\b|\bbabymoon\b|\bmini[- ]?moon\b|\bnewly[- ]?weds\b|"
        r"\bjust married\b|\bvalentine['’]?s?\b|\bcouples?['’]? (?:getaway|retreat|escape)\b|"
        r"\b(?:a|as a) pair\b(?! of (?!us\b|travell?ers\b|friends\b|people\b|adults\b))",
        low,
    ):
        return 2
    if re.search(
        r"\b(?:solo|alone|by myself|on my own|just me|only me|single[- ](?:person|traveller|"
        r"traveler)|one person|1 person|one traveller|one traveler)\b",
        low,
    ):
        return 1
    m = re.search(rf"\bfor ({_NUM})\b(?![- .,]*{_NOT_PEOPLE})(?!\.\d)(?!,\d)", low)
    if m and m.group(1) not in ("a", "an", "single") and num(m.group(1)) is not None:
        return num(m.group(1))
    m = re.search(
        rf"\b(?:with|w/|bring(?:ing)?|tak(?:e|ing)|and|plus|\+) (my|our|a|an) (?:{_ADJECTIVE} )?"
        rf"(?:{_COMPANIONS}|{_CHILD_NOUN})\b(?!-|s\b)",
        low,
    )
    if m:
        # "with my mum": two; "with our son": three; "Paris with a toddler": two, or three
        # when a "we" travels with it.
        we = m.group(1) in ("a", "an") and re.search(r"\b(?:we|us|our)\b", low)
        ages = parse_children_ages(text)
        if m.group(1) in ("a", "an") and len(ages) > 1:  # "a 7 and a 9 year old with us"
            return (2 if we else 1) + len(ages)
        return 2 if m.group(1) != "our" and not we else 3
    if re.search(
        r"\b(?:for|gift for|surprise for) (?:my|our) (?:elderly |old |aging |ageing |retired )?"
        r"(?:grand)?parents\b|"
        r"\b(?:my|our) (?:grand)?parents['’] (?:\d+(?:st|nd|rd|th) )?(?:anniversary|honeymoon)",
        low,
    ) and not re.search(r"\b(?:with|w/|bring(?:ing)?|tak(?:e|ing)|join)\b", low):
        return 2  # a trip planned for one's parents: the two of them travel
    m = re.search(
        r"\b(?:with|w/|bring(?:ing)?|tak(?:e|ing)|and|plus|\+) (my|our) "
        r"(?:(?:grand)?parents|in-laws|twins)\b",
        low,
    )
    if m:
        return 3 if m.group(1) == "my" else 4  # "with my parents": three
    # Children named without a count of the party: "with kids 7 and 10", "with the kids".
    # The least the words allow: the speaker (two with "we"/"our") and the children.
    adults = 2 if re.search(r"\b(?:we|we['’](?:re|ll|d)|us|our)\b", low) or _parents(low) else 1
    ages = parse_children_ages(text)
    if ages and parse_children(text):
        return adults + len(ages)
    if re.search(
        r"\b(?:with|and|&|\+|take|taking|bring(?:ing)?) (?:the|my|our) (?:kids|children)\b", low
    ):
        return adults + 2
    # "2 kids, 5 days in Rome": children do not travel alone; at least one adult comes too.
    m = re.search(
        rf"\b({_NUM}) (?:{_ADJECTIVE} )?(?:kids|children|toddlers|babies|teens|teenagers|"
        r"little ones|under[- ]?(?:fives|5s))\b",
        low,
    )
    if m and num(m.group(1)) and m.group(1) not in ("a", "an") and parse_children(text):
        return adults + (num(m.group(1)) or 0)
    # "my wife uses a wheelchair", "my husband is vegetarian": a partner spoken of comes
    # too, unless the trip is to them ("visiting my girlfriend in Berlin").
    partner = re.search(
        r"\bmy (?:\w+ )?(?:wife|husband|partner|girlfriend|boyfriend|fianc[eé]e?|spouse|hubby|"
        r"missus|other half|better half|significant other)\b",
        low,
    )
    if partner and not re.search(
        r"\b(?:visit(?:ing)?|see(?:ing)?|meet(?:ing)?|join(?:ing)?|stay(?:ing)? with|with)\s+"
        r"(?:\w+ )?$",
        low[: partner.start()],
    ):
        return 2
    # "we'd", not "Wed" (a weekday) nor "were": the apostrophe is the word.
    if re.search(
        r"\b(?:we|we['’](?:re|ll|d)|were (?=going|planning|thinking|looking|heading|hoping)|"
        r"us|our|ourselves)\b",
        low,
    ):
        return 2  # a "we" with no number is at least two
    return None


_MORE_AGES = r"(?:\s*(?:,|and|&)\s*\d{1,2})*"
_AGES_LIST = re.compile(
    rf"(?i)\b(?:aged?|ages)\s+(?P<a1>\d{{1,2}})(?P<r1>{_MORE_AGES})"
    # "a 7 and a 9 year old", "5, 7 and 9-year-olds": the ages before the last one's noun
    r"|\b(?P<a6>\d{1,2})(?P<r6>(?:\s*(?:,|and|&)\s*(?:an?\s+)?\d{1,2})+)[- ]?(?:years?|yrs?|y)"
    r"[- ]?olds?\b"
    r"|\b(?P<a2>\d{1,2})[- ]?(?:years?|yrs?|y)[- ]?olds?\b|\b(?P<a3>\d{1,2})yo\b"
    r"|\b(?:kids?|child|children|sons|daughters|boys|girls|teens|twins|grandkids|grandchildren|"
    r"grandsons|granddaughters)\s*\(\s*(?:aged?\s+)?"
    rf"(?P<a4>\d{{1,2}})(?P<r4>{_MORE_AGES})\s*\)"
    # "kids 5 and 8", "kids are 10 and 12", "two kids, 6 and 9"
    r"|\b(?:kids?|children|sons|daughters|boys|girls)(?:\s+are|\s*,)?\s+(?P<a5>\d{1,2})"
    rf"(?P<r5>{_MORE_AGES})\b"
)
_NOT_AN_AGE = re.compile(
    r"(?i)^\s*[- ]?(?:days?|nights?|weeks?|months?|hours?|people|persons|adults?|travell?ers|"
    r"stars?|k\b|[$€£%]|rooms?|pax|of us\b|(?:am|pm)\b)"
)


def parse_children_ages(text: str) -> list[int]:
    """Children's ages the words give ("kids aged 5 and 8", "my 7-year-old"), in order."""
    ages: list[int] = []
    for m in _AGES_LIST.finditer(text):
        first = next(m.group(g) for g in ("a1", "a2", "a3", "a4", "a5", "a6") if m.group(g))
        if m.group("a5") and _NOT_AN_AGE.match(text[m.end("a5") :]):
            continue  # "kids 5 days in Rome": a length, not an age
        rest_group = next((g for g in ("r1", "r4", "r5", "r6") if m.group(g) is not None), "r1")
        rest, rest_at = m.group(rest_group) or "", m.start(rest_group)
        values = [first]
        for more in re.finditer(r"\d{1,2}", rest):
            after = text[rest_at + more.end() :]
            if _NOT_AN_AGE.match(after):
                break  # "aged 7, 5 days in Orlando": the 5 is the trip's length
            values.append(more.group(0))
        for value in values:
            if value is not None and int(value) < 18:
                ages.append(int(value))
    return ages


# Words that put a child in the party. "family of four" counts: a family trip is planned as
# one with children unless the words say the party is adults ("family of four adults").
_CHILD_WORDS = (
    r"\b(?:kids?|child|children|sons?|daughters?|toddlers?|bab(?:y|ies)|infants?|newborns?|"
    r"little ones|young ones|grand(?:kids|children|sons?|daughters?)|teens?|teenagers?|"
    r"(?:[1-9]|1[0-7])[- ]?(?:year|yr)s?[- ]?olds?|under[- ]?(?:fives|5s|5's|twos|2s|tens|10s)|"
    # a parent's "our twins", "her two boys"
    rf"(?:my|our) twins|(?:our|her|his|their) (?:{_NUM} )?(?:little |young )?(?:boys|girls)|"
    rf"(?:my|we have|we've got) {_NUM} (?:little |young )?(?:boys|girls))\b"
    r"|\bfamily (?:of \w+|(?:[a-z]+ )?(?:trip|holiday|vacation|break|week|getaway))\b"
    r"(?! adults?\b)"
    r"|\b\w+[- ](?:person|people|member) family\b"
)
# Words for a child young enough that a stay must allow children under 10.
_YOUNG_CHILD_WORDS = (
    r"\b(?:toddlers?|bab(?:y|ies)|infants?|newborns?|little ones|young kids|young children|"
    r"under[- ]?(?:fives|5s|5's|twos|2s)|"
    r"(?:kids?|children|child) (?:under|below|younger than) (?:the age of )?(?:[1-9]|10|ten)|"
    r"(?:[1-9]|one|two|three|four|five|six|seven|eight|nine)[- ]?(?:year|yr)s?[- ]?olds?)\b"
)
_CHILD_NEGATION = re.compile(r"(?i)\b(?:no|not|without|never|except|adults? only)\s+(?:\w+\s+)?$")
_CHILD_FREE = re.compile(
    r"(?i)\b(?:kid|child)[- ]?free\b|\badults?[- ]only\b|\bno (?:kids|children)\b"
)


_GROWN_UP_OCCASION = re.compile(
    r"(?i)^['’]s (?:\w+ )?(?:stag|hen|wedding|bachelor(?:ette)?|graduation|retirement|"
    r"engagement|honeymoon)\b"
)
"""What makes a son or daughter grown up: "my son's stag do", "our daughter's wedding"."""


def _mentioned(pattern: str, text: str) -> bool:
    """Whether ``pattern`` matches somewhere the words before it do not negate."""
    for m in re.finditer(pattern, text, re.IGNORECASE):
        if _GROWN_UP_OCCASION.match(text[m.end() :]):
            continue
        if not _CHILD_NEGATION.search(text[max(0, m.start() - 25) : m.start()]):
            return True
    return False


def parse_children(text: str) -> bool:
    """Whether the party includes children ("family of four", "with kids", "our son")."""
    if _CHILD_FREE.search(text):
        return False
    return _mentioned(_CHILD_WORDS, text)


def parse_young_child(text: str) -> bool:
    """Whether the party includes a child under 10 ("toddler", "baby", "kids under 10")."""
    if _CHILD_FREE.search(text):
        return False
    return _mentioned(_YOUNG_CHILD_WORDS, text)
