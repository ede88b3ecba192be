"""What a traveller asks for: a sentence read into parts, then a complete ``TripRequest``.

``parse_query`` reads the words alone (no provider, no preferences). ``build_trip_request``
layers three sources, strongest first: explicit constraints (command-line options, the API's
``constraints``), the sentence, then the user's preferences; places are resolved through the
provider, and what is still missing or wrong is a ``QueryNotUnderstood``/``InvalidValue``
naming the part, never a silent guess. Two documented defaults fill what nobody said: the
start date (the first Saturday at least 21 days after today) and the length (5 days).
"""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, Field

from lotara.errors import InvalidValue, LotaraError, QueryNotUnderstood
from lotara.models import (
    HOUSE_RULES,
    INTERESTS,
    PACES,
    Destination,
    Money,
    PlanConstraints,
    TripRequest,
)
from lotara.planning.interests import INTEREST_WORDS, parse_avoided, parse_interests
from lotara.planning.party import children_only, children_only_note
from lotara.planning.phrases import (
    BudgetPhrase,
    ambiguous_numeric_dates,
    days_added_to_dates,
    first_saturday_on_or_after,
    numeric_day_first,
    parse_budget,
    parse_children,
    parse_dates,
    parse_duration,
    parse_travelers,
    parse_young_child,
    per_stop_nights,
    read_weekend,
    writes_day_first,
)
from lotara.planning.wishes import fits, read_wishes, trip_months, wished_sights
from lotara.words import months_said
from lotara.world.provider import TravelProvider

__all__ = [
    "DEFAULT_DAYS",
    "default_days",
    "DEFAULT_LEAD_DAYS",
    "INTEREST_WORDS",
    "MAX_DAYS",
    "MAX_QUERY",
    "QueryParts",
    "build_trip_request",
    "default_start_date",
    "parse_budget",
    "parse_children",
    "parse_dates",
    "parse_duration",
    "parse_interests",
    "parse_pace",
    "parse_query",
    "parse_travelers",
    "parse_young_child",
]

MAX_QUERY = 2000
MAX_DAYS = 60
DEFAULT_DAYS = 5
DEFAULT_LEAD_DAYS = 21


class QueryParts(BaseModel):
    """What the words of a request say; ``None`` or empty where they say nothing."""

    destinations: list[str] = Field(default_factory=list)
    origin: str | None = None
    days: int | None = None
    nights: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    travelers: int | None = None
    children: bool = False
    budget: Money | None = None
    budget_currency_stated: bool = False
    per_person: bool = False
    per_day: bool = False
    per_couple: bool = False
    interests: list[str] = Field(default_factory=list)
    pace: str | None = None
    room_type: str | None = None
    house_rules: list[str] = Field(default_factory=list)
    cuisines: list[str] = Field(default_factory=list)
    avoid_transport: list[str] = Field(default_factory=list)
    book: bool = False
    must_see: list[str] = Field(default_factory=list)
    themed_must_see: list[str] = Field(default_factory=list)
    """The must-sees a theme chose ("beaches": Isola Bella), not the words."""
    wishes: list[str] = Field(default_factory=list)
    """Things to do the words wish for ("ice skating"), as ``planning.wishes`` labels them."""
    avoid_sights: list[str] = Field(default_factory=list)
    stopovers: dict[str, int | None] = Field(default_factory=dict)
    """Stops made on the way ("a stopover in Singapore") -> the nights stated, if any."""
    stop_nights: dict[str, int] = Field(default_factory=dict)
    """Lengths given city by city ("Tokyo 5 days, Kyoto 3 days") -> that stop's nights."""
    children_ages: list[int] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    day_first: bool = False
    """Whether numeric dates were read day first (the writer is evidently not American)."""


_PACE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "relaxed",
        re.compile(
            r"(?i)\b(?:relaxed|slow|leisurely|laid[- ]back|easy[- ]going|easy pace|"
            r"unhurried|not too (?:busy|packed|rushed)|take it easy)\b"
        ),
    ),
    (
        "packed",
        re.compile(
            r"(?i)\b(?:packed|action[- ]packed|busy|fast[- ]paced|intense|"
            r"see as much as possible|as much as we can|whirlwind|jam[- ]packed)\b"
        ),
    ),
    ("moderate", re.compile(r"(?i)\b(?:moderate|balanced|medium) ?(?:pace|paced)?\b")),
)
_BOOK = re.compile(r"(?i)\b(?:book(?:ing)?|reserve|reservations?|hold)\b")
_NO_BOOK = re.compile(
    r"(?i)\b(?:don'?t|do not|no|without|not|never)\s+(?:\w+\s+)?(?:book|reserv|hold)"
)


def parse_pace(text: str) -> str | None:
    """``relaxed``, ``moderate`` or ``packed`` when the words say how busy days should be."""
    from lotara.planning.needs import older_travellers

    for pace, pattern in _PACE_WORDS:
        if pattern.search(text):
            return pace
    if older_travellers(text):
        return "relaxed"  # seniors, a retired couple, grandparents: unless they ask otherwise
    return None


def _local_constraints(text: str) -> Any:
    from lotara.planning.constraints import parse_local_constraints

    return parse_local_constraints(text)


def parse_query(text: str, *, today: date) -> QueryParts:
    """Everything the words of a trip request say, without looking anything up."""
    from lotara.planning.phrases import parse_children_ages
    from lotara.planning.places_text import read_places

    days = parse_duration(text)
    places = read_places(text, days=days)
    origin_country = next((m.country for m in places.mentions if m.role == "origin"), None)
    day_first = numeric_day_first(text, today, writes_day_first(text, origin_country))
    start, end = parse_dates(text, today, day_first=day_first)
    days, dated = _length(text, start, end, days)
    notes = list(places.notes)
    start, weekend_days, weekend_note = read_weekend(text, today, start, end, day_first=day_first)
    days = weekend_days or days
    if weekend_note:
        notes.append(weekend_note)
    if (
        start is not None
        and re.search(r"(?i)\bhalf[- ]?term\b", text)
        and not re.search(r"(?i)\b(?:feb\w*|may|oct\w*|whitsun)\s+half[- ]?term\b", text)
    ):
        notes.append(
            f"Read 'half term' as the next English school half term, from "
            f"{start.strftime('%-d %B %Y')}; schools' dates differ, so give yours to change it."
        )
    if ambiguous_numeric_dates(text) and start is not None:
        notes.append(_date_order_note(text, start, day_first))
    phrase: BudgetPhrase | None = parse_budget(text)
    budget = None
    if phrase is not None:
        budget = Money(amount=phrase.amount, currency=phrase.currency or "USD")
    local = _local_constraints(text)
    book = bool(_BOOK.search(text)) and not _NO_BOOK.search(text)
    house_rules = list(local.house_rules)
    # A toddler needs a stay that allows children under 10, however the child is named.
    if parse_young_child(text) and "children under 10" not in house_rules:
        house_rules = [r for r in HOUSE_RULES if r in {*house_rules, "children under 10"}]
    ages = parse_children_ages(text)
    if ages and min(ages) >= 10 and not parse_young_child(text):
        # "kids are 10 and 12": "kids" alone asked for a stay allowing under-10s; none come.
        house_rules = [r for r in house_rules if r != "children under 10"]
    destinations, origin = places.destinations, places.origin
    # "Myrtle Beach" names a place, not an interest in beaches.
    words = text
    for mention in places.mentions:
        if " " in mention.text:
            words = words.replace(mention.text, " ")
    return QueryParts(
        destinations=destinations,
        origin=origin,
        days=days,
        nights=days - 1 if days else None,
        start_date=start,
        end_date=end,
        travelers=_party(text),
        children=parse_children(text),
        budget=budget,
        budget_currency_stated=bool(phrase and phrase.currency),
        per_person=bool(phrase and phrase.per_person),
        per_day=bool(phrase and phrase.per_day),
        per_couple=bool(phrase and phrase.per_couple),
        interests=parse_interests(words),
        pace=parse_pace(text),
        room_type=local.room_type,
        house_rules=house_rules,
        cuisines=list(local.cuisines),
        avoid_transport=list(local.avoid_transport),
        book=book,
        must_see=places.must_see,
        themed_must_see=places.themed,
        wishes=read_wishes(words),
        avoid_sights=parse_avoided(words),
        stopovers=places.stopovers,
        stop_nights=_stop_nights(text, places)
        or ({places.destinations[0]: dated} if dated and len(places.destinations) > 1 else {}),
        children_ages=ages,
        notes=notes,
        day_first=day_first,
    )


def _party(text: str) -> int | None:
    """How many travel: ``parse_travelers``, and a grown-up with a party of children only."""
    travelers = parse_travelers(text)
    if (only := children_only(text)) is not None:
        children, alone = only
        travelers = max(travelers or 0, children + (0 if alone else 1))
    return travelers


def _length(
    text: str, start: date | None, end: date | None, days: int | None
) -> tuple[int | None, int | None]:
    """The trip's days from its dates and the length the words say, and the days the dates
    alone span when more are added after them ("March 10-12, then 3 days in Prague": 6 days,
    3 of them dated), else None."""
    if not (start and end and end >= start):
        return days, None
    dated = (end - start).days + 1
    if days is None:
        return dated, None
    added = days_added_to_dates(text)
    # "4-7 May, then staying on for the weekend": the weekend is the days after the dates.
    weekend_only = parse_duration(re.sub(r"(?i)\b(?:long[- ])?week[- ]?ends?\b", " ", text)) is None
    if end > start and added is not None and (days == added or weekend_only):
        return dated + added, dated
    return days, None


def _stop_nights(text: str, places: Any) -> dict[str, int]:
    """Each city-by-city length matched to the destination written nearest it, when every
    destination has its own ("a week in Rome plus 3 days in Florence"); else none."""
    stops = [m for m in places.mentions if m.role == "destination"]
    lengths = per_stop_nights(text)
    if not lengths or len(lengths) != len(stops) or len(stops) != len(places.destinations):
        return {}
    out: dict[str, int] = {}
    for at, nights in lengths:
        # "3 days in Florence": the place after; "Kyoto 3 days": the place before.
        after = re.match(r"(?i)\S+[- ]?\S*\s+(?:in|at|on)\s", text[at:])
        ahead = [m for m in stops if m.start > at]
        behind = [m for m in stops if m.end <= at]
        near = ahead[0] if after and ahead else behind[-1] if behind else None
        if near is None:
            return {}
        out[near.resolver_text()] = nights
    return out if len(out) == len(stops) else {}


def _dates_read(text: str, today: date, day_first: bool, parts: QueryParts) -> dict[str, Any]:
    """The date fields of ``parts`` read again with numeric dates the other way round."""
    start, end = parse_dates(text, today, day_first=day_first)
    days, _ = _length(text, start, end, parse_duration(text))
    start, weekend_days, _ = read_weekend(text, today, start, end, day_first=day_first)
    days = weekend_days or days
    notes = [n for n in parts.notes if not n.startswith("Read ") or " first: " not in n]
    if start is not None:
        notes.append(_date_order_note(text, start, day_first))
    nights = days - 1 if days else None
    return {"start_date": start, "end_date": end, "days": days, "nights": nights,
            "day_first": day_first, "notes": notes}  # fmt: skip


def _date_order_note(text: str, start: date, day_first: bool) -> str:
    """What an either-way numeric date was taken to mean, so a wrong guess shows."""
    from lotara.planning.phrases import ambiguous_numeric_dates

    written = ambiguous_numeric_dates(text)[0]
    order = "day first" if day_first else "month first"
    return (
        f"Read {written} {order}: the trip starts {start.strftime('%-d %B %Y')}; "
        "write the month's name to be sure."
    )


def default_start_date(today: date) -> date:
    """The documented default start: the first Saturday at least 21 days after ``today``."""
    return first_saturday_on_or_after(today + timedelta(days=DEFAULT_LEAD_DAYS))


def _interests_from(values: list[str]) -> list[str]:
    """Explicit interests: vocabulary words as they are, other words through the mapping."""
    out: list[str] = []
    for value in values:
        word = value.strip().lower()
        mapped = [word] if word in INTERESTS else parse_interests(word)
        if not mapped:
            raise InvalidValue(
                f"{value!r} is not an interest lotara knows; use one of: {', '.join(INTERESTS)}."
            )
        out.extend(m for m in mapped if m not in out)
    return out


def _resolve(provider: TravelProvider, text: str) -> Any:
    """The provider's place for reader text ("Kotor, ME"); the bare name if it lacks the form."""
    from lotara.errors import UnknownPlace

    try:
        return provider.resolve(text)
    except UnknownPlace:
        name = text.partition(",")[0].strip()
        if name == text.strip():
            raise
        return provider.resolve(name)


LONG_HAUL_KM = 5000.0  # farther than this, a day goes to the flight each way
HONEYMOON_DAYS = 10


def default_days(query: str, origin: Any, places: list[Any]) -> tuple[int, str]:
    """How long a trip is planned when the words give no length, and why when not the usual
    ``DEFAULT_DAYS``: a honeymoon ten days (a mini-moon is one of the lengths read); a week
    when a stop is more than ``LONG_HAUL_KM`` from home (five days from Toronto to Santorini
    are two in the air); and never less than two nights a stop."""
    from lotara.planning.needs import read_occasion
    from lotara.world.lands import haversine_km

    days, why = DEFAULT_DAYS, ""
    if read_occasion(query) == "honeymoon" and not re.search(r"(?i)\bmini[- ]?moon\b", query):
        days, why = HONEYMOON_DAYS, " for a honeymoon"
    far = max((haversine_km(origin.lat, origin.lon, p.lat, p.lon) for p in places), default=0.0)
    if far > LONG_HAUL_KM and days < 7:
        days, why = 7, f" (a long way from {origin.city} for less)"
    if len(places) > 1 and days < 2 * len(places) + 1:
        days, why = 2 * len(places) + 1, f" (two nights in each of {len(places)} places)"
    return days, why


def _resolve_destinations(names: list[str], provider: TravelProvider) -> list[Destination]:
    destinations: list[Destination] = []
    for name in names:
        place = _resolve(provider, name)
        if any(d.city == place.city for d in destinations):
            continue  # "Tokyo and TYO" is one stop; a city is visited once
        destinations.append(Destination(city=place.city, country=place.country, iata=place.iata))
    return destinations


_UNDATED = re.compile(
    r"(?i)\b(?:school (?:holidays?|break|vacation)|(?:my|our|his|her|their|mum'?s|mom'?s|dad'?s) "
    r"(?:\d+(?:st|nd|rd|th)|birthday|(?:wedding )?anniversary|retirement|graduation)|"
    r"when (?:it'?s|the weather(?:'s| is)) \w+|when the kids are off)\b"
)
"""Times only the traveller can date ("in the school holidays", "for my 40th")."""

STOPOVER_NIGHTS = (1, 2)
"""A stopover's nights when the words give none: one on a trip under a week, else two."""


def _stopover_nights(
    destinations: list[Destination],
    names: list[str],
    stopovers: dict[str, int | None],
    *,
    nights: int,
) -> list[str]:
    """Give each stopover its nights (stated, else one or two) and say so in the notes."""
    from lotara.words import counted

    notes: list[str] = []
    if len(names) != len(destinations) or len(stopovers) >= len(destinations):
        return notes  # a stop dropped or merged, or nothing but stopovers: plan as usual
    default = STOPOVER_NIGHTS[0] if nights < 7 else STOPOVER_NIGHTS[1]
    for name, dest in zip(names, destinations, strict=True):
        if name not in stopovers:
            continue
        given = stopovers[name] or default
        if given + len(destinations) - 1 > nights:
            continue  # the stopover would leave the other stops no night: plan as usual
        dest.nights = given
        notes.append(f"{dest.city} is a stopover on the way: {counted(given, 'night')}.")
    return notes


_PLACE_SLOT = re.compile(
    r"\b(?:in|to|visit|visiting)\s+(?!(?:(?:early|mid|late)[- ])?(?:January|February|March|April|"
    r"May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
    r"Sept?|Oct|Nov|Dec|Spring|Summer|Autumn|Fall|Winter)\b)([A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?)"
)
"""A capitalised name right after a word that introduces a destination; a month or season
after "in" ("somewhere warm in January") is a date, never a place."""


def _day_trip_stops(
    query: str, destinations: list[Destination], parts: QueryParts
) -> list[Destination]:
    """The trip's stops, less a place written as the sight it is known for, a day out from
    another of them ("Hanoi, Ha Long Bay, Hoi An": the Ha Long Bay cruise from Hanoi, not three
    nights in Ha Long city with nothing of its own to see): its sight becomes a must-see, and
    said. A place written as itself ("Split and Hvar") stays a stop."""
    from lotara.world import catalogue
    from lotara.world.gazetteer import normalise

    if len(destinations) < 2:
        return destinations
    rows = catalogue.by_name()
    kept = list(destinations)
    for stop in destinations:
        row = rows.get(stop.city)
        if row is not None and catalogue.attractions(row):
            continue  # a place with sights of its own is a stop
        words = normalise(stop.city)
        said = re.search(re.escape(words) + r" (\w+)", normalise(query))
        if said is None:
            continue
        words = f"{words} {said.group(1)}"  # "ha long bay", as the sight is named
        for other in kept:
            home = rows.get(other.city)
            if other is stop or home is None:
                continue
            sight = next(
                (
                    a
                    for a in catalogue.attractions(home)
                    if a.day_trip_from == other.city and words in normalise(a.name)
                ),
                None,
            )
            if sight is None:
                continue
            kept.remove(stop)
            if sight.name not in parts.must_see:
                parts.must_see.append(sight.name)
            parts.notes.append(
                f"Read {stop.city} as the {sight.name}, a day out from {other.city}: lotara's "
                f"world has no sights of {stop.city}'s own, so its nights are in {other.city}."
            )
            break
    return kept


def _in_season(
    parts: QueryParts, destinations: list[Destination], start: date, end: date, notes: list[str]
) -> list[str]:
    """The must-sees, less those a theme chose that are shut all trip (Taormina's Isola Bella
    beach, May to October, on a December trip), each said: a theme's pick is a suggestion, and
    a promise the season breaks is no promise. So is a sight read from a wish's words ("ice
    skating": the rink), whose season the wish's own note says. A sight the words named
    stays a must."""
    from lotara.world import catalogue

    months = trip_months(start, end)
    rows = [catalogue.by_name().get(d.city) for d in destinations]
    kept = []
    for name in parts.must_see:
        sight = next(
            (a for row in rows if row for a in catalogue.attractions(row) if a.name == name), None
        )
        if sight is None or not sight.months or months & set(sight.months):
            kept.append(name)
            continue
        if any(fits(w, sight.name, sight.tags) for w in parts.wishes):
            continue  # "ice skating" in July: the wish's own note says the rink's season
        if name in parts.themed_must_see:
            season = months_said(sight.months)
            notes.append(f"{name} is open only in {season}: not planned on this trip's dates.")
            continue
        kept.append(name)
    return kept


def build_trip_request(
    query: str,
    *,
    constraints: PlanConstraints,
    prefs: dict[str, Any],
    provider: TravelProvider,
    today: date,
) -> TripRequest:
    """The complete trip: constraints over the sentence over preferences, checked and resolved."""
    if not query or not query.strip():
        raise QueryNotUnderstood("The request is empty; describe the trip, e.g. '5 days in Tokyo'.")
    if len(query) > MAX_QUERY:
        raise InvalidValue(
            f"The request is {len(query)} characters long; keep it under {MAX_QUERY}."
        )
    parts = parse_query(query, today=today)

    names = list(constraints.destinations or parts.destinations)
    if not names:
        # A place-shaped name where places go ("5 days in Atlantisxq") that no gazetteer
        # knows: say which word it was and suggest real places, rather than "no destination".
        unknown = _PLACE_SLOT.search(query)
        if unknown:
            place = provider.resolve(unknown.group(1))  # raises UnknownPlace with suggestions
            origin = parts.origin and _resolve(provider, parts.origin)
            if origin and origin.city == place.city:  # "from Tokyo to Tokyo"
                raise QueryNotUnderstood(
                    f"The trip starts and ends in {place.city}; say where you are going, "
                    f"as in '3 days in <city> from {place.city}'."
                )
        raise QueryNotUnderstood(
            "No destination found in the request; name a city "
            "(e.g. '5 days in Tokyo') or pass --to."
        )
    origin_text = constraints.departure_city or parts.origin or prefs.get("home_airport")
    if not origin_text:
        raise QueryNotUnderstood(
            "No departure city found; say where you leave from ('from LAX'), pass --from, "
            "or set one with `lotara prefs set home_airport LAX`."
        )

    origin = _resolve(provider, origin_text)
    if not parts.origin and ambiguous_numeric_dates(query) and not writes_day_first(query, None):
        # "3/10" with the home airport in Dublin: the writer's country decides the order
        # (after a named origin and the sentence's own British or Indian wording).
        day_first = numeric_day_first(query, today, writes_day_first(query, origin.country))
        if day_first != parts.day_first:
            parts = parts.model_copy(update=_dates_read(query, today, day_first, parts))

    # Length and dates: explicit days and start win, then the sentence's, then the defaults.
    days = constraints.duration_days if constraints.duration_days is not None else parts.days
    start = constraints.start_date or parts.start_date
    # Nobody said when to leave: "5 days in Tokyo" means five days there, not in the air.
    flexible = start is None
    if days is None and start and parts.end_date and parts.end_date >= start:
        days = (parts.end_date - start).days + 1
    destinations = _resolve_destinations(names, provider)
    if not constraints.destinations and not parts.stop_nights and not parts.stopovers:
        destinations = _day_trip_stops(query, destinations, parts)
    if days is None:
        days, why = default_days(query, origin, [_resolve(provider, d.city) for d in destinations])
        parts.notes.append(
            f"Read no length of trip: it is planned as {days} days{why}; say how long "
            '("10 days", "a week") to change it.'
        )
    if days < 1:
        raise InvalidValue(f"A trip of {days} days is not possible; ask for at least 1 day.")
    if days > MAX_DAYS:
        raise InvalidValue(
            f"A trip of {days} days is too long; lotara plans up to {MAX_DAYS} days."
        )
    if start is None:
        start = default_start_date(today)
        undated = _UNDATED.search(query)
        if undated:
            parts.notes.append(
                f"Read no date in {undated.group(0).strip()!r}: lotara cannot know which days "
                f"those are, so the trip starts on {start.strftime('%-d %B %Y')}; give the "
                "dates to change it."
            )
    if start < today:
        raise InvalidValue(f"The start date {start.isoformat()} is in the past; pick a later date.")
    end = start + timedelta(days=days - 1)

    travelers = next(
        (
            n
            for n in (constraints.travelers, parts.travelers, prefs.get("travelers"))
            if n is not None
        ),
        1,
    )
    if travelers < 1:
        raise InvalidValue(f"{travelers} travelers is not a party; ask for at least 1.")
    if travelers > 20:
        raise InvalidValue(f"{travelers} travelers is more than lotara plans for (at most 20).")
    if constraints.travelers is None and (only := children_only(query)) is not None:
        parts.notes.append(children_only_note(*only, travelers=travelers))

    budget = _budget(constraints, parts, prefs, travelers=travelers, days=days)
    if budget is not None and phrase_shared(query) and not constraints.currency:
        # "10,000 dirhams" for Marrakech is Moroccan dirhams, for Dubai the UAE's.
        budget = _local_currency(budget, phrase_shared(query), names, provider)

    if constraints.interests is not None:
        interests = _interests_from(constraints.interests)
    else:
        interests = parts.interests or _interests_from(list(prefs.get("interests") or []))
    pace = (constraints.pace or parts.pace or prefs.get("pace") or "moderate").strip().lower()
    if pace not in PACES:
        raise InvalidValue(f"{pace!r} is not a pace; use one of: {', '.join(PACES)}.")

    notes = list(parts.notes)
    if parts.stopovers and not constraints.destinations:
        notes += _stopover_nights(destinations, names, parts.stopovers, nights=days - 1)
    elif parts.stop_nights and not constraints.destinations and len(names) == len(destinations):
        # Each stop its length as asked; the last has what is left (it ends the trip).
        given = [parts.stop_nights.get(name) for name in names[:-1]]
        if all(given) and sum(n or 0 for n in given) < days - 1:
            for dest, n in zip(destinations, given, strict=False):
                dest.nights = n
    if len(destinations) > 1 and any(d.city == origin.city for d in destinations):
        destinations = [d for d in destinations if d.city != origin.city]
        notes.append(f"Left out {origin.city} as a stop: the trip starts and ends there.")
    if len(destinations) == 1 and destinations[0].city == origin.city:
        if not (constraints.departure_city or parts.origin):
            # The home airport is in the city asked for: ask, rather than refuse.
            example = "Chicago" if origin.city == "Boston" else "Boston"
            raise QueryNotUnderstood(
                f"{origin.city} is home (your home airport is {origin.iata}): where would you "
                f"travel from for this trip? Say it in the request, e.g. "
                f"'{days} days in {origin.city} from {example}'."
            )
        raise InvalidValue(
            f"The trip starts and ends in {origin.city}; name a destination other than the origin."
        )
    nights = days - 1
    if len(destinations) > 1 and nights < len(destinations) - 1:
        raise InvalidValue(
            f"{len(destinations)} cities need at least {len(destinations) - 1} nights; "
            f"ask for more days or fewer cities."
        )

    from lotara.planning.needs import read_needs

    needs = read_needs(query)
    notes += needs.notes
    return TripRequest(
        trip_type=constraints.trip_type or needs.trip_type or "round_trip",
        rooms=constraints.rooms or needs.rooms,
        travel_class=constraints.travel_class or needs.travel_class or prefs.get("travel_class"),
        stay_class=constraints.stay_class or needs.stay_class,
        stay_kinds=needs.stay_kinds,
        avoid_stay_kinds=needs.avoid_stay_kinds,
        stay_features=needs.stay_features,
        diets=constraints.diets or needs.diets or list(prefs.get("diets") or []),
        accessibility=constraints.accessibility
        or needs.accessibility
        or list(prefs.get("accessibility") or []),
        pets=constraints.pets if constraints.pets is not None else needs.pets,
        transport_modes=constraints.transport_modes or needs.transport_modes,
        flight_rules=needs.flight_rules,
        must_see=wished_sights(
            parts.wishes,
            destinations,
            start,
            end,
            _in_season(parts, destinations, start, end, notes),
        ),
        wishes=parts.wishes,
        avoid_sights=parts.avoid_sights,
        children_ages=parts.children_ages,
        occasion=needs.occasion,
        notes=notes,
        origin=origin.iata,
        origin_city=origin.city,
        destinations=destinations,
        start_date=start,
        end_date=end,
        days=days,
        nights=nights,
        travelers=travelers,
        children=parts.children,
        budget=budget,
        interests=interests,
        pace=pace,
        room_type=parts.room_type or prefs.get("room_type"),
        house_rules=parts.house_rules,
        cuisines=parts.cuisines or list(prefs.get("cuisines") or []),
        avoid_transport=constraints.avoid_transport
        # A way asked for is never also refused ("avoid flying, train please").
        or sorted(
            {*parts.avoid_transport, *needs.avoid_transport} - set(needs.transport_modes),
            key=str,
        )
        or list(prefs.get("avoid_transport") or []),
        book=constraints.book if constraints.book is not None else parts.book,
        passport_country=prefs.get("passport_country"),
        flexible_departure=flexible,
        currency=budget.currency
        if budget
        else (constraints.currency or prefs.get("currency") or "USD").upper(),
    )


def phrase_shared(text: str) -> tuple[str, ...]:
    """The currencies a budget's word may mean ("pesos"), empty when it names one."""
    phrase = parse_budget(text)
    return phrase.shared_by if phrase else ()


def _local_currency(
    budget: Money, shared: tuple[str, ...], names: list[str], provider: TravelProvider
) -> Money:
    from lotara.world.gazetteer import countries

    for name in names:
        try:
            country = _resolve(provider, name).country
        except LotaraError:
            continue
        local = countries().get(country, {}).get("currency")
        if local in shared:
            return Money(amount=budget.amount, currency=local)
    return budget


def _budget(
    constraints: PlanConstraints,
    parts: QueryParts,
    prefs: dict[str, Any],
    *,
    travelers: int,
    days: int,
) -> Money | None:
    """The party's total budget: options, then the sentence (per person/day scaled), then prefs."""
    pref_currency = prefs.get("currency")
    if constraints.budget is not None or constraints.budget_usd is not None:
        if constraints.budget is not None:
            amount = constraints.budget
            currency = constraints.currency or (
                parts.budget.currency if parts.budget_currency_stated and parts.budget else None
            )
            currency = currency or pref_currency or "USD"
        else:
            amount, currency = float(constraints.budget_usd or 0), "USD"
    elif parts.budget is not None:
        amount = parts.budget.amount
        if parts.per_person:
            amount *= travelers
        elif parts.per_couple:
            amount *= max(1, round(travelers / 2))  # "4 couples, $3000 per couple": $12,000
        if parts.per_day:
            amount *= days
        currency = (
            parts.budget.currency
            if parts.budget_currency_stated
            else (constraints.currency or pref_currency or "USD")
        )
    elif prefs.get("budget") is not None:
        amount = float(prefs["budget"])
        currency = constraints.currency or pref_currency or "USD"
    else:
        return None
    if amount < 0 or math.isnan(amount):
        raise InvalidValue(f"A budget of {amount:g} is not possible; give 0 or more.")
    return Money(amount=round(amount, 2), currency=currency.upper())
