"""Holidays and events a traveller plans around, and the day a trip for each one starts.

"over Easter", "for Oktoberfest", "the May bank holiday", "Carnival 2028", "Golden Week":
each occasion names the words people use and how to find its date in a year. Public holidays
come from the ``holidays`` package's calendars (``world.public_holidays``), Easter-bound
feasts from ``dateutil.easter``, and the rest from the rule that fixes them (Oktoberfest
ends on the first Sunday of October, or on the 3rd if that is later). A trip "for" an
occasion starts on the day that puts the traveller there for it: the Saturday before a
Monday bank holiday, the day before Thanksgiving, the first day of a festival.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["OCCASIONS", "OCCASION_WORDS", "Occasion", "bank_holiday_weekend", "occasion_start"]


def _calendar(country: str, name: str, before: int = 0) -> Callable[[int], date | None]:
    """The first day in ``country``'s calendar whose name contains ``name``, less ``before``."""

    def when(year: int) -> date | None:
        from lotara.world.public_holidays import holidays_of

        days = sorted(d for d, n in holidays_of(country, year).items() if name.lower() in n.lower())
        return days[0] - timedelta(days=before) if days else None

    return when


def _easter(offset: int) -> Callable[[int], date | None]:
    """Easter Sunday plus ``offset`` days (Carnival Saturday is -50, Good Friday -2)."""

    def when(year: int) -> date | None:
        from dateutil.easter import easter

        return easter(year) + timedelta(days=offset)

    return when


def _fixed(month: int, day: int) -> Callable[[int], date | None]:
    return lambda year: date(year, month, day)


def _weekday(month: int, weekday: int, n: int, shift: int = 0) -> Callable[[int], date | None]:
    """The ``n``-th ``weekday`` (Monday 0) of ``month`` (``n`` -1: the last), plus ``shift``."""

    def when(year: int) -> date | None:
        if n > 0:
            first = date(year, month, 1)
            day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
        else:
            nxt = date(year + month // 12, month % 12 + 1, 1)
            last = nxt - timedelta(days=1)
            day = last - timedelta(days=(last.weekday() - weekday) % 7)
        return day + timedelta(days=shift)

    return when


def _on_or_after(month: int, day: int, weekday: int) -> Callable[[int], date | None]:
    """The first ``weekday`` on or after ``month``/``day``."""

    def when(year: int) -> date | None:
        first = date(year, month, day)
        return first + timedelta(days=(weekday - first.weekday()) % 7)

    return when


def _oktoberfest(year: int) -> date | None:
    """Oktoberfest's first Saturday: 15 days before the first Sunday of October."""
    first = date(year, 10, 1)
    sunday = first + timedelta(days=(6 - first.weekday()) % 7)
    return sunday - timedelta(days=15)


def _burning_man(year: int) -> date | None:
    """Burning Man opens on the Sunday eight days before Labor Day (first Monday of September)."""
    first = date(year, 9, 1)
    labor_day = first + timedelta(days=(0 - first.weekday()) % 7)
    return labor_day - timedelta(days=8)


@dataclass(frozen=True)
class Occasion:
    """An occasion: the words for it, its name, and the day a trip for it starts in a year."""

    words: str
    name: str
    start: Callable[[int], date | None]
    place: bool = False
    """Whether the words are also the place it happens ("Glastonbury"): never blanked."""


MON, WED, THU, FRI, SAT = 0, 2, 3, 4, 5
# fmt: off
OCCASIONS: tuple[Occasion, ...] = (
    # Bank holidays: a long weekend from the Saturday before the Monday.
    Occasion(r"(?:early )?may (?:day )?bank holiday|may day (?:bank holiday|weekend)",
             "the early May bank holiday", _weekday(5, MON, 1, -2)),
    Occasion(r"(?:spring|late may|whitsun) bank holiday|whitsun|may half[- ]term",
             "the spring bank holiday", _weekday(5, MON, -1, -2)),
    Occasion(r"(?:august|late summer|summer) bank holiday",
             "the August bank holiday", _weekday(8, MON, -1, -2)),
    Occasion(r"easter bank holiday", "Easter", _easter(-2)),
    Occasion(r"june bank holiday", "the June bank holiday", _weekday(6, MON, 1, -2)),
    Occasion(r"october bank holiday", "the October bank holiday", _weekday(10, MON, -1, -2)),
    Occasion(r"october half[- ]term", "October half term", _on_or_after(10, 21, SAT)),
    Occasion(r"february half[- ]term|feb half[- ]term", "February half term",
             _on_or_after(2, 12, SAT)),
    # Festivals and events.
    Occasion(r"oktoberfest|wiesn", "Oktoberfest", _oktoberfest),
    Occasion(r"carnival|carnaval|karneval|fasching", "Carnival", _easter(-50)),
    Occasion(r"mardi gras|fat tuesday", "Mardi Gras", _easter(-50)),
    Occasion(r"semana santa|holy week", "Holy Week", _easter(-8)),
    Occasion(r"songkran|thai new year", "Songkran", _calendar("TH", "Songkran", 1)),
    Occasion(r"christmas markets?|xmas markets?|weihnachtsm(?:a|ä)rkte?",
             "the Christmas markets", _on_or_after(12, 1, SAT)),
    Occasion(r"cherry blossoms?(?: season)?|hanami|sakura(?: season)?",
             "cherry blossom season", _on_or_after(3, 25, SAT)),
    # Seasons travellers go for: the first weekend of the usual peak.
    Occasion(r"(?:fall|autumn) (?:foliage|leaves|colou?rs?)|leaf[- ]peeping|foliage season",
             "the autumn foliage", _on_or_after(10, 1, SAT)),
    Occasion(r"tulip(?:s| season| fields)|keukenhof", "tulip season", _on_or_after(4, 10, SAT)),
    Occasion(r"lavender(?: fields| season| in bloom)", "lavender season",
             _on_or_after(6, 28, SAT)),
    Occasion(r"day of the dead|d(?:i|í)a de (?:los )?muertos", "the Day of the Dead",
             _fixed(10, 30)),
    Occasion(r"bastille day", "Bastille Day", _fixed(7, 13)),
    Occasion(r"king'?s day|koningsdag", "King's Day", _calendar("NL", "King's Day", 1)),
    Occasion(r"midsummer|midsommar", "Midsummer", _calendar("SE", "Midsummer", 1)),
    Occasion(r"san ferm(?:i|í)n|running of the bulls", "San Fermín", _fixed(7, 6)),
    Occasion(r"la tomatina|tomatina", "La Tomatina", _weekday(8, WED, -1, -1)),
    Occasion(r"burning man", "Burning Man", _burning_man),
    Occasion(r"(?<=edinburgh )fringe(?: festival)?|the fringe", "the Edinburgh Fringe",
             _weekday(8, FRI, 1)),
    Occasion(r"coachella", "Coachella", _weekday(4, FRI, 2), place=True),
    Occasion(r"glastonbury(?: festival)?", "Glastonbury", _weekday(6, WED, -1), place=True),
    Occasion(r"wimbledon", "Wimbledon", _on_or_after(6, 24, MON), place=True),
    Occasion(r"spring break", "spring break", _on_or_after(3, 8, SAT)),
    Occasion(r"hallowe'?en", "Halloween", _fixed(10, 29)),
    Occasion(r"valentine'?s(?: day)?", "Valentine's Day", _fixed(2, 13)),
    Occasion(r"mid[- ]autumn(?: festival)?|moon festival", "the Mid-Autumn Festival",
             _calendar("CN", "Mid-Autumn", 1)),
    Occasion(r"dragon boat(?: festival)?", "the Dragon Boat Festival",
             _calendar("CN", "Dragon Boat", 1)),
    Occasion(r"chuseok", "Chuseok", _calendar("KR", "preceding Chuseok", 0)),
    Occasion(r"rosh hashanah?", "Rosh Hashanah", _calendar("IL", "Rosh Hashanah", 1)),
    Occasion(r"yom kippur", "Yom Kippur", _calendar("IL", "Yom Kippur", 1)),
    Occasion(r"passover|pesach", "Passover", _calendar("IL", "Pesach", 1)),
    Occasion(r"sukkot", "Sukkot", _calendar("IL", "Sukkot", 1)),
    Occasion(r"navratri", "Navratri", _calendar("IN", "Dussehra", 9)),
    Occasion(r"durga puja", "Durga Puja", _calendar("IN", "Dussehra", 4)),
    Occasion(r"dussehra|dasara", "Dussehra", _calendar("IN", "Dussehra", 1)),
    Occasion(r"obon|o-bon", "Obon", _fixed(8, 13)),
    # Public holidays, from the calendars.
    Occasion(r"golden week", "Golden Week", _calendar("JP", "Showa Day")),
    Occasion(r"(?:chinese|lunar) new year|spring festival", "Chinese New Year",
             _calendar("CN", "Chinese New Year", 1)),
    Occasion(r"\btet\b", "Tết", _calendar("VN", "Lunar New Year", 1)),
    Occasion(r"new year'?s?(?: eve)?|hogmanay", "New Year", _calendar("GB", "New Year's Day", 2)),
    Occasion(r"christmas|xmas|boxing day", "Christmas", _calendar("GB", "Christmas Day", 2)),
    Occasion(r"easter|good friday", "Easter", _easter(-2)),
    Occasion(r"thanksgiving", "Thanksgiving", _calendar("US", "Thanksgiving", 1)),
    Occasion(r"memorial day", "Memorial Day", _calendar("US", "Memorial Day", 2)),
    Occasion(r"labou?r day", "Labor Day", _calendar("US", "Labor Day", 2)),
    Occasion(r"(?:fourth|4th) of july|july (?:4th|4|fourth)|independence day",
             "the Fourth of July", _calendar("US", "Independence Day", 1)),
    Occasion(r"diwali|deepavali", "Diwali", _calendar("IN", "Diwali", 1)),
    Occasion(r"holi\b", "Holi", _calendar("IN", "Holi", 1)),
    Occasion(r"eid(?: al[- ]fitr)?|end of ramadan", "Eid", _calendar("AE", "Eid al-Fitr", 1)),
    Occasion(r"presidents'? day", "Presidents' Day", _calendar("US", "Washington's Birthday", 2)),
    Occasion(r"mlk day|martin luther king", "Martin Luther King Jr. Day",
             _calendar("US", "Martin Luther King", 2)),
    Occasion(r"st\.? patrick'?s day|paddy'?s day", "St Patrick's Day",
             _calendar("IE", "Saint Patrick's Day", 1)),
    Occasion(r"anzac day", "Anzac Day", _calendar("AU", "ANZAC", 1)),
    Occasion(r"australia day", "Australia Day", _calendar("AU", "Australia Day", 1)),
)
# fmt: on
"""Most specific first: "Easter bank holiday" before "Easter", "Christmas markets" before
"Christmas"."""

OCCASION_WORDS = re.compile(
    r"(?i)\b(?:"
    + "|".join(o.words for o in OCCASIONS if not o.place)
    + r")(?:\s+(?:week(?:end)?|break))?\b"
)
"""Every occasion's words: the place reader blanks them ("Golden Week" is not Golden, CO)."""

_BANK_HOLIDAY = re.compile(r"(?i)\bbank holiday(?: weekend)?\b")
_BANK_HOLIDAYS = ("the early May bank holiday", "the spring bank holiday",
                  "the August bank holiday", "Easter")  # fmt: skip


_HALF_TERM = re.compile(r"(?i)\bhalf[- ]?term\b")
_HALF_TERMS = ("February half term", "the spring bank holiday", "October half term")
"""A half term not named by its month: the next of the school year's three."""


def _found(text: str) -> tuple[list[Occasion], bool]:
    """The occasions the words name, in order of appearance, and whether the words leave
    the choice open ("a bank holiday weekend": the next of them)."""
    found: list[tuple[int, Occasion]] = []
    taken: list[tuple[int, int]] = []
    for occasion in OCCASIONS:
        # Whole words: "Eastern Europe" is no Easter trip.
        for m in re.finditer(rf"(?i)\b(?:{occasion.words})\b", text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), occasion))
            break
    if not found and _BANK_HOLIDAY.search(text):
        return [o for o in OCCASIONS if o.name in _BANK_HOLIDAYS], True
    if not found and _HALF_TERM.search(text):
        return [o for o in OCCASIONS if o.name in _HALF_TERMS], True  # the next one
    return [o for _, o in sorted(found, key=lambda pair: pair[0])], False


def _next_start(occasion: Occasion, text: str, today: date) -> date | None:
    m = re.search(rf"(?i)\b(?:{occasion.words})\b[\w' ]{{0,12}}?\b(20\d\d)\b", text)
    years = [int(m.group(1))] if m else [today.year, today.year + 1, today.year + 2]
    week = re.search(rf"(?i)\b(?:{occasion.words})\s+week\b", text)
    for year in years:
        try:
            start = occasion.start(year)
        except ValueError:
            start = None
        if start is None:
            continue
        if week and start.weekday() != SAT and occasion.name != "Golden Week":
            start -= timedelta(days=(start.weekday() - SAT) % 7)  # "Thanksgiving week"
        if start > today:
            return start
    return None


def occasion_start(text: str, today: date) -> tuple[date, str] | None:
    """The start of a trip "over Easter", "for Oktoberfest", "Carnival 2028", and the
    occasion's name: the next one after ``today`` (in the year given, if one is), or ``None``."""
    occasions, open_choice = _found(text)
    dated = [(d, o.name) for o in occasions if (d := _next_start(o, text, today)) is not None]
    if not dated:
        return None
    return min(dated) if open_choice else dated[0]


_BANK_WEEKEND = re.compile(r"(?i)\bbank holiday|\beaster (?:weekend|monday|long weekend)\b")


def bank_holiday_weekend(text: str, start: date | None) -> tuple[int, str] | None:
    """The days of a bank holiday weekend that starts on ``start`` ("a bank holiday weekend",
    "the late May bank holiday": the Saturday to the Monday; Easter: Good Friday to Easter
    Monday) and the note saying which, from England's calendar; None when the words name no
    bank holiday or no bank holiday Monday follows ``start`` within the weekend."""
    if start is None or not (m := _BANK_WEEKEND.search(text)):
        return None
    from lotara.world.public_holidays import england_holidays

    bank = {**england_holidays(start.year), **england_holidays(start.year + 1)}
    mondays = [d for d in bank if 0 <= (d - start).days <= 3 and d.weekday() == 0]
    if not mondays:
        return None
    last = max(mondays)
    names = " and ".join(dict.fromkeys(bank[d] for d in sorted(bank) if start <= d <= last))
    days = (last - start).days + 1
    return days, (
        f"Read {m.group(0).lower()!r} as {names} (England's bank holidays): {days} days, "
        f"leaving {start.strftime('%a %-d %B %Y')}, back {last.strftime('%a %-d %B')}; "
        "give the dates to change it."
    )
