"""TravelPlanner when the budget binds: plans stay within it, priced as the checker prices.

The synthetic records are written here in the dataset's format; the real ones are read from
the TravelPlanner data when it is on this machine (``LOTARA_TRAVELPLANNER_DATA``, default
``/work/shared/travelplanner``), never copied into the repository.
"""

from __future__ import annotations

import ast
import json
import math
import os
import re
from pathlib import Path

import pytest

from lotara.bench.travelplanner.evaluate import load_city_states, score_plan
from lotara.bench.travelplanner.provider import SandboxProvider
from lotara.bench.travelplanner.query import parse_query
from lotara.bench.travelplanner.runner import plan_sandbox
from lotara.bench.travelplanner.sandbox import Sandbox, parse_sandbox
from lotara.bench.travelplanner.search import plan_query, question_for
from lotara.bench.travelplanner.verify import Question, Result, checker, index, passes, total_cost
from tests.test_travelplanner import BASE, restaurants, two_city_record

DATA = Path(os.environ.get("LOTARA_TRAVELPLANNER_DATA", "/work/shared/travelplanner"))


def _with_budget(record: dict, budget: int) -> dict:
    """The record asking for ``budget`` instead, in its words and its structured field."""
    text = re.sub(r"\$\s?[\d,]+", f"${budget:,}", record["query"], count=1)
    return record | {"query": text, "budget": budget}


def _plan(record: dict):
    sb = parse_sandbox(record["reference_information"])
    return sb, plan_sandbox(parse_query(record["query"], sb), sb)


def _travel_meals(plan: list[dict]) -> list[str]:
    return [
        day[meal]
        for day in plan
        if day["current_city"].startswith("from ")
        for meal in ("breakfast", "lunch", "dinner")
        if day[meal] != "-"
    ]


def _relisted(record: dict) -> dict:
    """The record with Houston's dearest restaurant listed again, later and far cheaper: a
    real pattern of the dataset ('Cafe Coffee Day, Dallas' at 76, then again at 22)."""
    ref = ast.literal_eval(record["reference_information"])
    dup = restaurants(
        "Houston",
        [
            ("Houston Noodles", 10, "Chinese, Tea"),
            ("Houston Bistro", 90, "French, Desserts"),
            ("Houston Tacos", 12, "Mexican, Fast Food"),
            ("Houston Trattoria", 30, "Italian, Pizza"),
            ("Houston Diner", 14, "American, Cafe"),
            ("Houston Bistro", 5, "French, Desserts"),
        ],
    )
    ref = [dup if b["Description"] == "Restaurants in Houston" else b for b in ref]
    return record | {"reference_information": repr(ref)}


def test_a_relisted_name_is_served_at_its_first_listing() -> None:
    sb = parse_sandbox(_relisted(two_city_record(BASE))["reference_information"])
    served = SandboxProvider(sb).restaurants("Houston")
    bistro = [r for r in served if r.name == "Houston Bistro"]
    assert [r.average_cost for r in bistro] == [90]


def test_a_binding_budget_drops_travel_day_meals_and_stays_within_it() -> None:
    record = _relisted(two_city_record(BASE))
    sb, roomy = _plan(record)
    assert roomy is not None and roomy.ok
    assert _travel_meals(roomy.plan), "spare budget buys meals on travel days"
    tight = _with_budget(record, math.ceil(roomy.cost))
    sb, result = _plan(tight)
    assert result is not None and result.ok, result and result.results
    q = parse_query(tight["query"], sb)
    assert q.budget is not None
    assert total_cost(_question(tight, sb), result.plan, index(sb)) <= q.budget
    assert len(_travel_meals(result.plan)) < len(_travel_meals(roomy.plan))


def _question(record: dict, sb: Sandbox) -> Question:
    """The checks the planner holds itself to, for a record without structured fields."""
    q = parse_query(record["query"], sb)
    return question_for(q, SandboxProvider(sb).cities_in(q.destination))


def test_over_any_budget_the_fallback_is_the_cheapest_plan() -> None:
    record = two_city_record(BASE)
    _, roomy = _plan(record)
    assert roomy is not None
    _, broke = _plan(_with_budget(record, 100))
    assert broke is not None and not broke.ok
    assert [n for n, (ok, _) in broke.results.items() if ok is False] == ["budget"]
    assert broke.cost == roomy.cost


def _records(name: str) -> list[dict]:
    path = DATA / name
    if not path.is_file():
        pytest.skip(f"the TravelPlanner data is not at {DATA}")
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["validation_dev.jsonl", "train_records.jsonl"])
def test_real_records_at_their_cheapest_budget_pass_every_check(name: str) -> None:
    """Every record asked again with a budget of its cheapest plan (which binds): the plan
    passes all 13 checks of the official evaluation's fields, within budget."""
    city_states = load_city_states(DATA / "database")
    failing = []
    for record in _records(name):
        _, roomy = _plan(record)
        assert roomy is not None and roomy.ok, record["idx"]
        tight = _with_budget(record, math.ceil(roomy.cost))
        sb, result = _plan(tight)
        verdicts = score_plan(tight, result.plan if result else None, sb, city_states)
        if verdicts is None or not passes(verdicts):
            failing.append(
                (record["idx"], verdicts and {k: v for k, v in verdicts.items() if v[0] is False})
            )
    assert failing == []


def _cuisine_record(query: str) -> dict:
    """Dallas serves Indian, French and Mediterranean only at a cheap Indian, a cheap French,
    and two dearer places serving two of them each; fillers are cheaper still."""
    record = two_city_record(query)
    ref = ast.literal_eval(record["reference_information"])
    dallas = restaurants(
        "Dallas",
        [
            *[(f"Dallas Cafe {n}", 3, "Cafe") for n in range(6)],
            ("Dallas Tandoor", 4, "Indian"),
            ("Dallas Crepes", 4, "French"),
            ("Dallas Spice Mezze", 10, "Indian, Mediterranean"),
            ("Dallas Mezze Bistro", 10, "Mediterranean, French"),
        ],
    )
    houston = restaurants("Houston", [(f"Houston Cafe {n}", 3, "Cafe") for n in range(6)])
    swap = {"Restaurants in Dallas": dallas, "Restaurants in Houston": houston}
    ref = [swap.get(b["Description"], b) for b in ref]
    return record | {"reference_information": repr(ref)}


def test_cuisines_are_covered_by_the_cheapest_set_of_restaurants() -> None:
    """Tandoor (4) then Crepes (4) look cheapest a cuisine, but then Mediterranean costs 10 more;
    Tandoor with Mezze Bistro (or Crepes with Spice Mezze) covers all three for 14."""
    text = BASE + " We would love Indian, French and Mediterranean food."
    _, roomy = _plan(_cuisine_record(text))
    assert roomy is not None and roomy.ok, roomy and roomy.results
    tight = _with_budget(_cuisine_record(text), math.ceil(roomy.cost))
    sb, result = _plan(tight)
    assert result is not None and result.ok, result and result.results
    wanted = {"Indian", "French", "Mediterranean"}
    eaten = {day[m] for day in result.plan for m in ("breakfast", "lunch", "dinner")}
    served = {f"{r.name}, Dallas": r for r in SandboxProvider(sb).restaurants("Dallas")}
    cuisine_places = [served[e] for e in eaten if e in served and wanted & set(served[e].cuisines)]
    assert {c for r in cuisine_places for c in r.cuisines} >= wanted
    assert len(cuisine_places) == 2


def test_the_fallback_fails_fewest_checks_before_it_is_cheap() -> None:
    """With no plan passing, a dearer plan failing only the budget is preferred over a
    cheaper one failing more."""
    text = BASE.replace("$3,000", "$100")
    sb = parse_sandbox(two_city_record(text)["reference_information"])
    q = parse_query(text, sb)
    real = checker(question_for(q, SandboxProvider(sb).cities_in(q.destination)), sb)

    def no_driving(plan: list[dict]) -> dict[str, Result]:
        results = dict(real(plan))
        if any(day["transportation"].startswith("Self-driving") for day in plan):
            results["non_conflicting_transportation"] = (False, "driving refused by this test")
        return results

    cheapest = plan_query(q, SandboxProvider(sb), real)
    assert cheapest is not None
    assert cheapest.plan[0]["transportation"].startswith("Self-driving")
    chosen = plan_query(q, SandboxProvider(sb), no_driving)
    assert chosen is not None and not chosen.ok
    assert [n for n, (ok, _) in chosen.results.items() if ok is False] == ["budget"]
    assert chosen.cost > cheapest.cost


def test_a_plan_over_the_checked_budget_is_planned_again_without_travel_day_meals() -> None:
    """The words leave room for travel-day meals, the checker's budget does not: the same
    skeleton is planned again without them, rather than a dearer one or an overrun."""
    sb = parse_sandbox(two_city_record(BASE)["reference_information"])
    q = parse_query(BASE, sb)
    question = question_for(q, SandboxProvider(sb).cities_in(q.destination))
    roomy = plan_query(q, SandboxProvider(sb), checker(question, sb))
    assert roomy is not None and roomy.ok and _travel_meals(roomy.plan)
    question.budget = math.ceil(roomy.cost)
    tight = plan_query(q, SandboxProvider(sb), checker(question, sb))
    assert tight is not None and tight.ok, tight and tight.results
    assert tight.cost == roomy.cost
    assert total_cost(question, tight.plan, index(sb)) <= question.budget
    assert len(_travel_meals(tight.plan)) < len(_travel_meals(roomy.plan))
