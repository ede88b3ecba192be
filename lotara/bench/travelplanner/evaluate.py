"""The benchmark's scores over a file of records and plans: delivery, micro/macro, final.

Rates follow the official evaluation: commonsense micro is passed checks over 8 per query;
hard micro is passed checks over the constraints the queries state (budget for every query,
and each local constraint a query has); macro is the share of queries passing all of a kind;
the final pass rate is the share passing everything.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lotara.bench.travelplanner.sandbox import Sandbox
from lotara.bench.travelplanner.verify import COMMONSENSE, HARD, Question, Result, passes, verify


def _literal(value: object) -> object:
    return ast.literal_eval(value) if isinstance(value, str) else value


def _literal_dict(value: object) -> dict:
    """A field written as a dict or as a Python-literal dict; {} when absent."""
    found = _literal(value or {})
    return found if isinstance(found, dict) else {}


def _literal_list(value: object) -> list:
    """A field written as a list or as a Python-literal list; [] when absent."""
    found = _literal(value or [])
    return found if isinstance(found, list) else []


def load_city_states(database: Path | None) -> dict[str, str]:
    """City -> state from the benchmark's ``background/citySet_with_states.txt``, if given."""
    if database is None:
        return {}
    path = database / "background" / "citySet_with_states.txt"
    if not path.exists():
        return {}
    pairs = (line.split("\t") for line in path.read_text().splitlines() if "\t" in line)
    return {city: state for city, state in pairs}


def question_from_record(record: dict, sandbox: Sandbox, city_states: dict[str, str]) -> Question:
    """The question a plan is scored against, from the dataset's structured fields."""
    local = _literal_dict(record.get("local_constraint"))
    dates = _literal_list(record.get("date"))
    rule = local.get("house rule")
    transport = local.get("transportation")
    dest = record["dest"]
    if city_states and record["days"] > 3:
        dest_cities = {c for c, s in city_states.items() if s == dest}
    else:
        dest_cities = set(sandbox.cities) | ({dest} if record["days"] <= 3 else set())
    return Question(
        org=record["org"],
        days=int(record["days"]),
        city_count=int(record["visiting_city_number"]),
        people=int(record["people_number"]),
        budget=float(record["budget"]) if record.get("budget") is not None else None,
        start=date.fromisoformat(dates[0]) if dates else None,
        dest_cities=dest_cities,
        house_rules=[rule] if rule else [],
        room_type=local.get("room type"),
        cuisines=list(local.get("cuisine") or []),
        avoid_transport={"no flight": ["flight"], "no self-driving": ["self-driving"]}.get(
            transport or "", []
        ),
    )


@dataclass
class Scores:
    """Pass counts over a run, and why each failing query failed."""

    queries: int = 0
    delivered: int = 0
    commonsense_passed: int = 0
    hard_passed: int = 0
    hard_total: int = 0
    commonsense_all: int = 0
    hard_all: int = 0
    final: int = 0
    failures: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COMMONSENSE + HARD, 0))
    failing: list[tuple[object, list[str]]] = field(default_factory=list)

    def add(self, idx: object, results: dict[str, Result] | None) -> None:
        self.queries += 1
        if results is None:
            self.failing.append((idx, ["no plan delivered"]))
            self.hard_total += 1
            return
        self.delivered += 1
        self.commonsense_passed += sum(1 for n in COMMONSENSE if results[n][0] is True)
        gate = results["complete_information"][0] and results["within_sandbox"][0]
        stated = [n for n in HARD if n == "budget" or results[n] != (None, "")]
        self.hard_total += len(stated)
        self.hard_passed += sum(1 for n in HARD if results[n][0] is True)
        common_ok = all(results[n][0] is not False for n in COMMONSENSE)
        hard_ok = gate and all(results[n][0] is not False for n in HARD)
        self.commonsense_all += common_ok
        self.hard_all += bool(hard_ok)
        self.final += passes(results)
        reasons = [f"{n}: {why}" for n, (ok, why) in results.items() if ok is False]
        for n, (ok, _) in results.items():
            if ok is False:
                self.failures[n] += 1
        if reasons:
            self.failing.append((idx, reasons))

    def rates(self) -> dict[str, float]:
        n = max(self.queries, 1)
        return {
            "delivery rate": self.delivered / n,
            "commonsense micro pass rate": self.commonsense_passed / (8 * n),
            "commonsense macro pass rate": self.commonsense_all / n,
            "hard constraint micro pass rate": self.hard_passed / max(self.hard_total, 1),
            "hard constraint macro pass rate": self.hard_all / n,
            "final pass rate": self.final / n,
        }

    def report(self) -> str:
        lines = [f"queries: {self.queries}"]
        lines += [f"{name}: {100 * value:.1f}%" for name, value in self.rates().items()]
        lines.append("failures per check:")
        lines += [f"  {name}: {count}" for name, count in self.failures.items()]
        if self.failing:
            lines.append("failing queries:")
            lines += [f"  idx {idx}: {'; '.join(reasons)}" for idx, reasons in self.failing]
        return "\n".join(lines)


def score_plan(
    record: dict, plan: list[dict] | None, sandbox: Sandbox, city_states: dict[str, str]
) -> dict[str, Result] | None:
    """One record's verdicts (None when no plan was delivered)."""
    if not plan:
        return None
    return verify(question_from_record(record, sandbox, city_states), plan, sandbox)


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                from lotara.errors import InvalidValue

                raise InvalidValue(f"Line {n} of {path} is not valid JSON.") from exc
    return rows
