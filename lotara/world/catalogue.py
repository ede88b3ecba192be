"""The city catalogue: real attractions and typical restaurants of the most visited cities.

The data lives in ``world/data/cities-*.json`` (one file per region; sources in
``world/data/README.md``). Each city holds its coordinates, time zone, airports, size,
neighbourhoods (and, in the US, its state code, so "Boston, MA" finds it), then compact rows:

- attraction: ``[name, lat, lon, tags, cost, minutes, closed_days, hours, notes]``, cost per
  person in the local currency, ``closed_days`` as ``["Mon"]``, ``hours`` as ``"09:00-17:00"``
  or null, and ``notes`` an optional object: ``sig`` (significance 1-5; a listed sight
  without one is 3), ``full`` (a whole day: theme parks), ``best`` (a ``BEST_TIMES``
  value), ``show`` (the time a show starts), ``months`` (when it can be seen),
  ``hol`` (closed on every public holiday: ``true``; or on the days listed, ``"MM-DD"`` or
  ``"MM-WkdN"``, the N-th weekday of a month: ``"11-Thu4"`` is US Thanksgiving; absent: the
  ``presumed_closures`` of a museum or monument), ``step`` (step-free or not; absent: unknown),
  ``kids`` (children welcome or not; absent: a ``family`` tag says yes, a ``nightlife``
  tag no, else unknown), ``from`` (a day trip from that base city), ``aka`` (the names
  people call it by that its own does not hold: "Disney World" for the Magic Kingdom);
- restaurant: ``[name, cuisines, price_band, cost, meals, diets]``, cost per person per meal,
  local currency; ``meals`` from ``MEALS`` (absent: the meal its name says, as in "Rooftop
  dinner", else lunch and dinner, breakfast and a snack too for a cafe or bakery, only
  those two for a sweet shop),
  ``diets`` from ``DIETS`` (absent: vegetarian for a vegetarian or vegan kitchen, vegan for a
  vegan one, else none claimed).

More places to eat for the busiest cities live in ``world/data/meals-*.json`` (city name ->
restaurant rows in the same shape), read on the first restaurant question, so that a week
there need not repeat a place.

The files are read once, on first use, and kept.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from lotara.world.countries import country
from lotara.world.lands import haversine_km
from lotara.world.public_holidays import holidays_of

DATA_DIR = Path(__file__).parent / "data"
CATALOGUE_SOURCE = "offline-estimate"

DEFAULT_SIGNIFICANCE = 3
"""A sight listed in the catalogue is worth a visit; the defining ones are rated 4 or 5."""

WEEKDAYS = {
    "Mon": "Monday",
    "Tue": "Tuesday",
    "Wed": "Wednesday",
    "Thu": "Thursday",
    "Fri": "Friday",
    "Sat": "Saturday",
    "Sun": "Sunday",
}


@dataclass(frozen=True)
class Attraction:
    """One real attraction of a catalogue city, its cost in the city's currency."""

    name: str
    lat: float
    lon: float
    tags: tuple[str, ...]
    cost: float
    minutes: int
    closed: tuple[str, ...]
    hours: str | None
    significance: int = DEFAULT_SIGNIFICANCE
    full_day: bool = False
    best_time: str = "any"
    show_time: str | None = None
    months: tuple[int, ...] = ()
    closed_on_holidays: bool = False
    closed_dates: tuple[str, ...] = ()
    step_free: bool | None = None
    children_welcome: bool | None = None
    day_trip_from: str | None = None


@dataclass(frozen=True)
class Eatery:
    """One typical place to eat, by cuisine and price band, cost in the city's currency."""

    name: str
    cuisines: tuple[str, ...]
    band: str
    cost: float
    meals: tuple[str, ...] = ("lunch", "dinner")
    diets: tuple[str, ...] = ()


@cache
def city_rows() -> list[dict[str, Any]]:
    """Every catalogue city as stored, with its currency and country name filled in."""
    rows: list[dict[str, Any]] = []
    for path in sorted(DATA_DIR.glob("cities-*.json")):
        for row in json.loads(path.read_text(encoding="utf-8"))["cities"]:
            info = country(row["country"])
            row.setdefault("currency", info.currency)
            row.setdefault("country_name", info.name)
            row.setdefault("own_airport", True)
            row.setdefault("aliases", [])
            row.setdefault("areas", [])
            rows.append(row)
    return rows


@cache
def by_name() -> dict[str, dict[str, Any]]:
    """Catalogue cities by their name as ``Place.city`` gives it."""
    return {row["name"]: row for row in city_rows()}


def attractions(row: dict[str, Any]) -> list[Attraction]:
    """A city's attractions, decoded from their compact rows."""
    return _attractions(row["name"])


NEAR_SIGHT_KM = 25.0
"""How far a listed sight may be from a town the catalogue does not hold for the town to
offer it (Disneyland is 2 km from Anaheim, which is no catalogue city)."""


def sights_near(lat: float, lon: float) -> list[tuple[Attraction, dict[str, Any]]]:
    """The listed sights within ``NEAR_SIGHT_KM`` of a point, nearest first, each with its
    catalogue city: the real sights of a town the catalogue does not hold."""
    found: list[tuple[float, Attraction, dict[str, Any]]] = []
    for row in city_rows():
        if haversine_km(lat, lon, row["lat"], row["lon"]) > NEAR_SIGHT_KM + 150:
            continue  # no sight of a city this far off is near (the widest city, not a trip)
        for a in attractions(row):
            km = haversine_km(lat, lon, a.lat, a.lon)
            if km <= NEAR_SIGHT_KM:  # a day trip from the city is no trip from beside it
                found.append((km, replace(a, day_trip_from=None), row))
    found.sort(key=lambda f: f[0])
    return [(a, row) for _, a, row in found]


_SUNRISE = re.compile(
    r"(?i)\bsunrise\b(?! peak)|\bhot[- ]air balloons?\b|\bballoon (?:flights?|rides?)\b"
)


def best_time(name: str, best: str) -> str:
    """A sight's best time of day: the data's, but "sunrise" for one its name says is seen at
    dawn (Angkor Wat at sunrise, a hot-air balloon flight: balloons fly at first light; not
    Seongsan's Sunrise Peak, a crater climbed at any hour)."""
    if best in ("morning", "any") and _SUNRISE.search(name):
        return "sunrise"
    return best


def getaway(row: dict[str, Any]) -> str | None:
    """What a city is a getaway for, if anything: "beach" for a town of beaches (two sights
    or more on the sand, under 1.5 million people; a fifth of its sights under 5 million, as
    Bali), "mountain" for the slopes or a small
    town among mountains and lakes (three nature sights or more, one of them a lake, a peak,
    a glacier or a cable car, under 100,000)."""
    return _getaway(row["name"], float(row.get("pop", 1.0)))


@cache
def _getaway(name: str, pop: float) -> str | None:
    sights = _attractions(name)
    skiing = any(re.search(r"(?i)\bski(?:ing)?\b|\bslopes\b", a.name) for a in sights)
    if skiing and pop < 0.3:
        return "mountain"
    beaches = sum("beach" in a.tags for a in sights)
    if beaches >= 2 and (pop <= 1.5 or (pop <= 5 and beaches >= 0.2 * len(sights))):
        return "beach"
    alpine = any(_ALPINE.search(a.name) for a in sights)
    if alpine and pop < 0.1 and sum("nature" in a.tags for a in sights) >= 3:
        return "mountain"
    return None


_ALPINE = re.compile(
    r"(?i)\b(?:lake|mountains?|glaciers?|peaks?|alps|alpine|gondola|cable car|fjords?)\b"
)


def eateries(row: dict[str, Any]) -> list[Eatery]:
    """A city's typical restaurants, decoded from their compact rows."""
    return _eateries(row["name"])


@cache
def _attractions(name: str) -> list[Attraction]:
    out = []
    row = by_name()[name]
    for r in row.get("attractions", []):
        name_, lat, lon, tags, cost, minutes, *rest = r
        closed = rest[0] if rest else []
        hours = rest[1] if len(rest) > 1 else None
        notes: dict[str, Any] = rest[2] if len(rest) > 2 and rest[2] else {}
        kids = notes.get("kids")
        if kids is None and "family" in tags:
            kids = True
        elif kids is None and "nightlife" in tags and not notes.get("show"):
            kids = False  # a bar, a club; a show (Broadway, the opera, flamenco) may be for all
        out.append(
            Attraction(
                name_,
                float(lat),
                float(lon),
                tuple(tags),
                float(cost),
                int(minutes),
                tuple(WEEKDAYS[d] for d in closed),
                hours,
                significance=int(notes.get("sig", DEFAULT_SIGNIFICANCE)),
                full_day=bool(notes.get("full", False)),
                best_time=best_time(name_, notes.get("best", "any")),
                show_time=notes.get("show"),
                months=tuple(notes.get("months", ())),
                closed_on_holidays=notes.get("hol") is True,
                closed_dates=_closed_dates(notes.get("hol"), name_, tags, hours, row["country"]),
                step_free=notes.get("step"),
                children_welcome=kids,
                day_trip_from=notes.get("from"),
            )
        )
    return out


_MONUMENT = re.compile(
    r"(?i)\b(?:museums?|museo|mus[eé]e|museu|galler(?:y|ies)|galleria|pinacoteca|kunsthalle|"
    r"palace|palais|palacio|palazzo|castle|ch[aâ]teau|fortress|citadel|statue|monument|"
    r"archaeological)\b"
)
_OPEN_ON_FEASTS = re.compile(
    r"(?i)\b(?:church|cathedral|basilica|abbey|temple|shrine|mosque|synagogue|chapel|pagoda|"
    r"wat|cemetery)\b"
)
WINTER_CLOSURES = ("12-25", "01-01")
"""The days a museum or a monument is presumed shut where they are public holidays."""
THANKSGIVING = "11-Thu4"
_A_YEAR = 2026  # 25 December and 1 January are public holidays, or not, every year alike


def presumed_closures(
    name: str, tags: list[str] | tuple[str, ...], hours: str | None, country_code: str
) -> tuple[str, ...]:
    """The days a sight whose row says none is presumed closed: a museum or a monument
    (its name says so, or a history or art sight with opening hours, not a place of worship,
    a cemetery, a market or a park) shuts on 25 December and 1 January where the country
    keeps Christmas as a public holiday, and a US museum on Thanksgiving too. An estimate,
    as the Louvre (1 Jan, 1 May, 25 Dec) or the Statue of Liberty (Thanksgiving, 25 Dec)
    show: a row that knows says so in ``hol``."""
    if hours is None or _OPEN_ON_FEASTS.search(name):
        return ()
    named = bool(_MONUMENT.search(name))
    kind = set(tags) & {"history", "art"} and not set(tags) & {"food", "shopping", "nature"}
    if not (named or kind):
        return ()
    kept = holidays_of(country_code, _A_YEAR)
    if date(_A_YEAR, 12, 25) not in kept:
        return ()  # no Christmas kept: a museum in Tokyo or Dubai keeps its own calendar
    days = [d for d in WINTER_CLOSURES if date.fromisoformat(f"{_A_YEAR}-{d}") in kept]
    if country_code == "US" and (named or "art" in tags):
        days.append(THANKSGIVING)
    return tuple(days)


def _closed_dates(
    hol: Any, name: str, tags: list[str], hours: str | None, country_code: str
) -> tuple[str, ...]:
    if isinstance(hol, list):
        return tuple(hol)
    if hol is None:
        return presumed_closures(name, tags, hours, country_code)
    return ()


_WEEKDAY_NUMBER = {short: i for i, short in enumerate(WEEKDAYS)}


def closed_on_date(closed_dates: list[str] | tuple[str, ...], day: date) -> bool:
    """Whether ``day`` is one of ``closed_dates``: "12-25", or "11-Thu4" (the fourth Thursday
    of November)."""
    for rule in closed_dates:
        month, _, when = rule.partition("-")
        if int(month) != day.month:
            continue
        if when.isdigit() and int(when) == day.day:
            return True
        weekday = _WEEKDAY_NUMBER.get(when[:3])
        if weekday == day.weekday() and (day.day - 1) // 7 + 1 == int(when[3:] or 0):
            return True
    return False


@cache
def _more_meals() -> dict[str, list[list[Any]]]:
    """The extra restaurant rows of ``meals-*.json``, by city name."""
    out: dict[str, list[list[Any]]] = {}
    for path in sorted(DATA_DIR.glob("meals-*.json")):
        for city, rows in json.loads(path.read_text(encoding="utf-8"))["cities"].items():
            out.setdefault(city, []).extend(rows)
    return out


CAFE_CUISINES = frozenset({"cafe", "bakery", "coffee", "breakfast", "tea", "desserts"})
SWEET = frozenset({"desserts", "ice cream", "gelato"})
# A sweet shop with nothing savoury (churros, gelato, a pastry shop) is breakfast or a snack,
# never lunch: no churros for lunch four days running.
SWEET_SHOP = SWEET | {"cafe", "bakery", "coffee", "tea"}
SWEET_NAME = re.compile(
    r"(?i)\b(?:sweet shop|cannoli|sticky rice|marquesitas|petha|gelat\w*|ice cream|churros|"
    r"waffles?|baklava|patisserie|pasticceria|pastry shop|past[eé]is de nata)\b"
)
# A place whose name says its meal serves that one ("Rooftop dinner facing the Acropolis" is
# no lunch; "Ful and ta'ameya breakfast" no dinner), when its row gives no meals.
NAMED_MEALS = (
    (re.compile(r"(?i)\bbrunch\b"), ("breakfast", "lunch")),
    (re.compile(r"(?i)\bbreakfast\b"), ("breakfast", "snack")),
    (re.compile(r"(?i)\blunch\b"), ("lunch",)),
    (re.compile(r"(?i)\bdinner\b|\bnight market\b"), ("dinner", "snack")),
)


def _meals_named(name: str) -> tuple[str, ...] | None:
    return next((meals for pattern, meals in NAMED_MEALS if pattern.search(name)), None)


@cache
def _eateries(name: str) -> list[Eatery]:
    out = []
    for r in [*by_name()[name].get("restaurants", []), *_more_meals().get(name, [])]:
        n, cuisines, band, cost, *rest = r
        kinds = {c.lower() for c in cuisines}
        meals = rest[0] if rest else None
        if not meals:
            cafe = kinds & CAFE_CUISINES
            sweet = kinds & SWEET and (kinds <= SWEET_SHOP or SWEET_NAME.search(n))
            meals = _meals_named(n) or (
                ("breakfast", "snack")
                if sweet
                else ("breakfast", "lunch", "snack")
                if cafe
                else ("lunch", "dinner")
            )
        diets = rest[1] if len(rest) > 1 else None
        if diets is None:
            diets = ["vegetarian", "vegan"] if "vegan" in kinds else []
            if "vegetarian" in kinds and "vegetarian" not in diets:
                diets.append("vegetarian")
        out.append(Eatery(n, tuple(cuisines), band, float(cost), tuple(meals), tuple(diets)))
    return out


def cuisine_label(name: str) -> str:
    """A cuisine as the planner spells it: 'Japanese', 'BBQ', 'Street Food'."""
    return "BBQ" if name.lower() == "bbq" else name.title()
