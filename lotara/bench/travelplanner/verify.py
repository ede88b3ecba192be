"""The 8 commonsense and 5 hard constraints of TravelPlanner, checked on a submission plan.

A plan is the list of day dicts of the official submission format. The checks follow the
benchmark's evaluation (Xie et al., 2024) against the record's own sandbox, and are
stricter where the official script is lenient by accident: entries are matched by exact
name (not substring), a flight must fly on that day's date, and the "parties" room rule is
checked (the official script misspells it and never fails it).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from lotara.bench.travelplanner.sandbox import Sandbox
from lotara.models import Restaurant, Stay

COMMONSENSE = (
    "within_sandbox",
    "complete_information",
    "within_current_city",
    "reasonable_city_route",
    "diverse_restaurants",
    "diverse_attractions",
    "non_conflicting_transportation",
    "minimum_nights_stay",
)
HARD = ("budget", "room_rule", "room_type", "cuisine", "transportation")

Result = tuple[bool | None, str]
"""A check's verdict: True, False, or None when the query does not ask for it; and why."""


@dataclass
class Question:
    """What a plan is checked against: from the query's words or the dataset's fields."""

    org: str
    days: int
    city_count: int
    people: int
    budget: float | None
    start: date | None = None
    dest_cities: set[str] | None = None
    """Cities a trip may visit; None accepts any city the sandbox describes."""
    house_rules: list[str] = field(default_factory=list)
    room_type: str | None = None
    cuisines: list[str] = field(default_factory=list)
    avoid_transport: list[str] = field(default_factory=list)


_FROM_TO = re.compile(r"from\s+(.+?)\s+to\s+([^,]+)(?=[,\s]|$)")


def from_to(text: str) -> tuple[str, str] | None:
    m = _FROM_TO.search(text)
    return (_before_paren(m.group(1)), _before_paren(m.group(2)).strip()) if m else None


def _before_paren(text: str) -> str:
    m = re.match(r"^(.*?)\([^)]*\)", text)
    return m.group(1) if m else text


def name_city(entry: str) -> tuple[str, str]:
    """'Name, City' split at its last comma (names may hold commas)."""
    name, _, city = entry.rpartition(",")
    return name.strip(), _before_paren(city.strip()).strip()


def _filled(value: object) -> bool:
    return bool(value) and value != "-"


def _attractions(value: str) -> list[str]:
    return value.split(";")[:-1] if _filled(value) else []


def _day_cities(unit: dict) -> list[str]:
    pair = from_to(unit.get("current_city", ""))
    return list(pair) if pair else [_before_paren(unit.get("current_city", "")).strip()]


class _Index:
    """Exact-name lookups over a sandbox."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.restaurants: dict[tuple[str, str], Restaurant] = {}
        for city, items in sandbox.restaurants.items():
            for r in items:
                self.restaurants.setdefault((r.name, city), r)
        self.attractions = {(a.name, c) for c, items in sandbox.attractions.items() for a in items}
        self.stays: dict[tuple[str, str], Stay] = {}
        for city, stays in sandbox.stays.items():
            for s in stays:
                self.stays.setdefault((s.name, city), s)


def _plan_days(q: Question, plan: list[dict]) -> list[dict]:
    return [unit for unit in plan[: q.days] if isinstance(unit, dict)]


def _flight_number(value: str) -> str | None:
    m = re.search(r"Flight Number:\s*([^,]+)", value)
    return m.group(1).strip() if m else None


def _ground_key(value: str, unit: dict) -> tuple[str, str, str] | None:
    mode = "taxi" if "taxi" in value.lower() else "self-driving"
    pair = from_to(value) or from_to(unit.get("current_city", ""))
    return (mode, pair[0], pair[1]) if pair else None


def within_sandbox(q: Question, plan: list[dict], ix: _Index) -> Result:
    for i, unit in enumerate(_plan_days(q, plan)):
        value = unit.get("transportation", "")
        if _filled(value):
            pair = from_to(value) or from_to(unit.get("current_city", ""))
            if "flight number" in value.lower():
                option = ix.sandbox.flight(_flight_number(value) or "")
                if option is None or pair is None or (option.origin, option.destination) != pair:
                    return False, f"day {i + 1}: the flight is not in the sandbox"
                if q.start and option.date != q.start + timedelta(days=i):
                    return False, f"day {i + 1}: the flight does not fly on that day"
            else:
                key = _ground_key(value, unit)
                if key is None or key not in ix.sandbox.ground:
                    return (
                        False,
                        f"day {i + 1}: the {key[0] if key else 'ground leg'} is not in the sandbox",
                    )
        for meal in ("breakfast", "lunch", "dinner"):
            if _filled(unit.get(meal)) and name_city(unit[meal]) not in ix.restaurants:
                return False, f"day {i + 1}: {meal} {unit[meal]!r} is not in the sandbox"
        for attraction in _attractions(unit.get("attraction", "")):
            if name_city(attraction) not in ix.attractions:
                return False, f"day {i + 1}: attraction {attraction!r} is not in the sandbox"
        if _filled(unit.get("accommodation")) and name_city(unit["accommodation"]) not in ix.stays:
            return (
                False,
                f"day {i + 1}: accommodation {unit['accommodation']!r} is not in the sandbox",
            )
    return True, ""


def complete_information(q: Question, plan: list[dict], ix: _Index) -> Result:
    days = _plan_days(q, plan)
    real = [u for u in days if u and u.get("current_city")]
    if len(real) != q.days:
        return False, f"the plan has {len(real)} days, not {q.days}"
    cities: set[str] = set()
    for i, unit in enumerate(days):
        pair = from_to(unit["current_city"])
        if pair and i == 0 and pair[0] != q.org:
            return False, f"day 1 should start from {q.org}"
        cities.update(_day_cities(unit))
    cities.discard(q.org)
    if len(cities) != q.city_count:
        return False, f"the plan visits {len(cities)} cities, not {q.city_count}"
    filled = 0
    for i, unit in enumerate(days):
        for key in (
            "transportation",
            "breakfast",
            "lunch",
            "dinner",
            "attraction",
            "accommodation",
        ):
            if key not in unit:
                return False, f"day {i + 1} has no {key}"
        travel = "from " in unit["current_city"]
        if travel and not _filled(unit["transportation"]):
            return False, f"day {i + 1} travels without transportation"
        if not travel and not _filled(unit["attraction"]):
            return False, f"day {i + 1} has no attraction"
        if i != q.days - 1 and not _filled(unit["accommodation"]):
            return False, f"day {i + 1} has no accommodation"
        if not travel and not all(_filled(unit[m]) for m in ("breakfast", "lunch", "dinner")):
            return False, f"day {i + 1} misses a meal"
        filled += sum(1 for v in unit.values() if _filled(v))
    if filled < 0.5 * 6 * q.days:
        return False, "more than half the information is absent"
    return True, ""


def within_current_city(q: Question, plan: list[dict], ix: _Index) -> Result:
    for i, unit in enumerate(_plan_days(q, plan)):
        cities = _day_cities(unit)
        value = unit.get("transportation", "")
        if _filled(value) and any(city not in value for city in cities):
            return False, f"day {i + 1}: the transportation is not between the day's cities"
        for meal in ("breakfast", "lunch", "dinner"):
            if _filled(unit.get(meal)) and name_city(unit[meal])[1] not in cities:
                return False, f"day {i + 1}: {meal} is not in the day's city"
        for attraction in _attractions(unit.get("attraction", "")):
            if name_city(attraction)[1] not in cities:
                return False, f"day {i + 1}: an attraction is not in the day's city"
        if _filled(unit.get("accommodation")) and name_city(unit["accommodation"])[1] != cities[-1]:
            return False, f"day {i + 1}: the accommodation is not where the day ends"
    return True, ""


def _valid_sequence(cities: list[str]) -> bool:
    if len(cities) < 3:
        return False
    seen: set[str] = set()
    i = 0
    while i < len(cities):
        city = cities[i]
        if city in seen and i not in (0, len(cities) - 1):
            return False
        count = 0
        while i < len(cities) and cities[i] == city:
            count += 1
            i += 1
        if count == 1 and 0 < i - 1 < len(cities) - 1:
            return False
        seen.add(city)
    return True


def reasonable_city_route(q: Question, plan: list[dict], ix: _Index) -> Result:
    route: list[str] = []
    for i, unit in enumerate(_plan_days(q, plan)):
        pair = from_to(unit.get("current_city", ""))
        if pair:
            if i == 0 and pair[0] != q.org:
                return False, f"the trip should start in {q.org}"
            route += list(pair)
        else:
            route += _day_cities(unit)
    if not route or route[0] != route[-1]:
        return False, "the trip does not return to where it started"
    if not _valid_sequence(route):
        return False, "the city sequence revisits or skips through a city"
    allowed = q.dest_cities if q.dest_cities is not None else set(ix.sandbox.cities)
    for k, city in enumerate(route):
        if k in (0, len(route) - 1):
            continue
        if city not in allowed:
            return False, f"{city} is not a city of the destination"
    return True, ""


def diverse_restaurants(q: Question, plan: list[dict], ix: _Index) -> Result:
    seen: set[str] = set()
    for i, unit in enumerate(_plan_days(q, plan)):
        for meal in ("breakfast", "lunch", "dinner"):
            value = str(unit.get(meal) or "-")
            if _filled(value):
                if value in seen:
                    return False, f"day {i + 1}: {meal} {value!r} is repeated"
                seen.add(value)
    return True, ""


def diverse_attractions(q: Question, plan: list[dict], ix: _Index) -> Result:
    seen: set[str] = set()
    for i, unit in enumerate(_plan_days(q, plan)):
        for attraction in _attractions(unit.get("attraction", "")):
            if attraction in seen:
                return False, f"day {i + 1}: attraction {attraction!r} is repeated"
            seen.add(attraction)
    return True, ""


def _mode(value: str) -> str | None:
    low = value.lower()
    return (
        "taxi"
        if "taxi" in low
        else "self-driving"
        if "self-driving" in low
        else "flight"
        if "flight" in low
        else None
    )


def non_conflicting_transportation(q: Question, plan: list[dict], ix: _Index) -> Result:
    days = _plan_days(q, plan)
    if not days or not _filled(days[0].get("transportation")):
        return False, "day 1 has no transportation"
    modes = {_mode(u["transportation"]) for u in days if _filled(u.get("transportation"))}
    if "self-driving" in modes and ({"flight", "taxi"} & modes):
        return False, "self-driving is mixed with flights or taxis"
    return True, ""


def minimum_nights_stay(q: Question, plan: list[dict], ix: _Index) -> Result:
    runs: list[list] = []
    for unit in _plan_days(q, plan):
        value = unit.get("accommodation", "")
        if runs and runs[-1][0] == value:
            runs[-1][1] += 1
        else:
            runs.append([value, 1])
    for value, nights in runs:
        if _filled(value):
            stay = ix.stays.get(name_city(value))
            if stay is not None and nights < stay.minimum_nights:
                return (
                    False,
                    f"{value!r} needs {stay.minimum_nights} nights, the plan stays {nights}",
                )
    return True, ""


def total_cost(q: Question, plan: list[dict], ix: _Index) -> float:
    """The plan's cost as the benchmark counts it, for the whole party."""
    total = 0.0
    for unit in _plan_days(q, plan):
        value = unit.get("transportation", "")
        if _filled(value):
            if "flight number" in value.lower():
                option = ix.sandbox.flight(_flight_number(value) or "")
                total += option.price_per_person * q.people if option else 0.0
            else:
                key = _ground_key(value, unit)
                leg = ix.sandbox.ground.get(key) if key else None
                if leg:
                    per = 5 if leg.mode == "self-driving" else 4
                    total += leg.cost * math.ceil(q.people / per)
        for meal in ("breakfast", "lunch", "dinner"):
            if _filled(unit.get(meal)):
                r = ix.restaurants.get(name_city(unit[meal]))
                total += r.average_cost * q.people if r else 0.0
        if _filled(unit.get("accommodation")):
            s = ix.stays.get(name_city(unit["accommodation"]))
            total += s.price_per_night * math.ceil(q.people / s.max_occupancy) if s else 0.0
    return total


def budget(q: Question, plan: list[dict], ix: _Index) -> Result:
    if q.budget is None:
        return None, ""
    cost = total_cost(q, plan, ix)
    return (
        (True, "")
        if cost <= q.budget
        else (False, f"costs {cost:.0f}, over the budget of {q.budget:.0f}")
    )


def _stays_used(q: Question, plan: list[dict], ix: _Index) -> list[Stay]:
    found = []
    for unit in _plan_days(q, plan):
        if _filled(unit.get("accommodation")):
            stay = ix.stays.get(name_city(unit["accommodation"]))
            if stay is not None:
                found.append(stay)
    return found


def room_rule(q: Question, plan: list[dict], ix: _Index) -> Result:
    if not q.house_rules:
        return None, ""
    for stay in _stays_used(q, plan, ix):
        for rule in q.house_rules:
            if f"No {rule}" in stay.house_rules:
                return False, f"{stay.name!r} does not allow {rule}"
    return True, ""


def room_type(q: Question, plan: list[dict], ix: _Index) -> Result:
    if q.room_type is None:
        return None, ""
    for stay in _stays_used(q, plan, ix):
        ok = (
            stay.room_type != "shared room"
            if q.room_type == "not shared room"
            else stay.room_type == q.room_type
        )
        if not ok:
            return False, f"{stay.name!r} is a {stay.room_type}, not a {q.room_type}"
    return True, ""


def cuisine(q: Question, plan: list[dict], ix: _Index) -> Result:
    if not q.cuisines:
        return None, ""
    covered: set[str] = set()
    for unit in _plan_days(q, plan):
        for meal in ("breakfast", "lunch", "dinner"):
            if _filled(unit.get(meal)):
                name, city = name_city(unit[meal])
                r = ix.restaurants.get((name, city))
                if r is not None and city != q.org:
                    covered.update(c for c in q.cuisines if c in r.cuisines)
    missing = [c for c in q.cuisines if c not in covered]
    return (False, f"no {', '.join(missing)} meal") if missing else (True, "")


def transportation(q: Question, plan: list[dict], ix: _Index) -> Result:
    if not q.avoid_transport:
        return None, ""
    for i, unit in enumerate(_plan_days(q, plan)):
        value = unit.get("transportation", "")
        if _filled(value) and _mode(value) in q.avoid_transport:
            return False, f"day {i + 1} uses {_mode(value)}, which the query rules out"
    return True, ""


_CHECKS = {name: globals()[name] for name in COMMONSENSE + HARD}


def verify(q: Question, plan: list[dict], sandbox: Sandbox | _Index) -> dict[str, Result]:
    """Every check's verdict on ``plan``; hard checks are None when the plan is incomplete
    or leaves the sandbox, as in the official evaluation."""
    ix = sandbox if isinstance(sandbox, _Index) else _Index(sandbox)
    results = {name: _CHECKS[name](q, plan, ix) for name in COMMONSENSE}
    gate = results["complete_information"][0] and results["within_sandbox"][0]
    for name in HARD:
        verdict = _CHECKS[name](q, plan, ix)
        results[name] = verdict if gate or verdict[0] is None else (None, "not checked")
    return results


def passes(results: dict[str, Result]) -> bool:
    """Whether no check failed (and the hard ones were checked)."""
    if any(ok is False for ok, _ in results.values()):
        return False
    return results["complete_information"][0] is True and results["within_sandbox"][0] is True


def checker(q: Question, sandbox: Sandbox) -> Callable[[list[dict]], dict[str, Result]]:
    """A function giving the 13 verdicts on a plan for ``q`` against ``sandbox``."""
    ix = _Index(sandbox)
    return lambda plan: verify(q, plan, ix)


def index(sandbox: Sandbox) -> _Index:
    """Lookups over ``sandbox`` to verify many plans against it."""
    return _Index(sandbox)
