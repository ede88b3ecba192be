"""Plan every record of a TravelPlanner file, and score the plans when the fields are there."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from lotara.bench.travelplanner.evaluate import Scores, load_city_states, read_jsonl, score_plan
from lotara.bench.travelplanner.provider import SandboxProvider
from lotara.bench.travelplanner.query import TravelQuery, parse_query
from lotara.bench.travelplanner.sandbox import Sandbox, parse_sandbox
from lotara.bench.travelplanner.search import PlanResult, plan_query, question_for
from lotara.bench.travelplanner.verify import checker
from lotara.errors import InvalidValue, LotaraError

STRUCTURED = ("org", "dest", "days", "visiting_city_number", "people_number", "budget")


@dataclass
class Run:
    """What a run produced: one submission line per record, timing, and scores if asked."""

    lines: list[dict]
    seconds: float
    scores: Scores | None = None

    @property
    def ms_per_query(self) -> float:
        return 1000 * self.seconds / max(len(self.lines), 1)


def plan_sandbox(query: TravelQuery, sandbox: Sandbox) -> PlanResult | None:
    """Plan ``query`` on ``sandbox`` served as a ``TravelProvider``, every plan checked
    against the 13 conditions the query's words imply."""
    provider = SandboxProvider(sandbox)
    question = question_for(query, provider.cities_in(query.destination))
    return plan_query(query, provider, checker(question, sandbox))


def plan_record(record: dict) -> tuple[list[dict], str | None]:
    """One record's plan in submission format (empty when none), and why if it failed.

    Only ``query`` and ``reference_information`` are read: never the structured fields.
    """
    try:
        sandbox = parse_sandbox(record["reference_information"])
        query = parse_query(record["query"], sandbox)
        result = plan_sandbox(query, sandbox)
    except LotaraError as exc:
        return [], str(exc)
    if result is None:
        return [], "no complete plan exists in the sandbox"
    return result.plan, None


def run(
    input_paths: list[Path],
    *,
    evaluate: bool = False,
    database: Path | None = None,
    plans_path: Path | None = None,
) -> Run:
    """Plan every record of ``input_paths``; with ``evaluate``, score against their fields.

    With ``plans_path`` the plans are read from that file (matched by ``idx``) instead of
    planned: the evaluator then scores someone else's plans, e.g. the gold ones.
    """
    records = [(path, r) for path in input_paths for r in read_jsonl(path)]
    for n, (input_path, record) in enumerate(records, 1):
        if "query" not in record or "reference_information" not in record:
            raise InvalidValue(
                f"Record {n} of {input_path} lacks 'query' or 'reference_information'."
            )
        if evaluate and any(k not in record for k in STRUCTURED):
            raise InvalidValue(
                f"Record {n} of {input_path} lacks the structured fields --evaluate needs "
                f"({', '.join(STRUCTURED)})."
            )
    given = (
        {row.get("idx"): row.get("plan") or [] for row in read_jsonl(plans_path)}
        if plans_path
        else None
    )
    lines: list[dict] = []
    started = time.perf_counter()
    plans = []
    for _, record in records:
        plan = given.get(record.get("idx"), []) if given is not None else plan_record(record)[0]
        plans.append(plan)
        lines.append({"idx": record.get("idx"), "query": record["query"], "plan": plan})
    seconds = time.perf_counter() - started
    outcome = Run(lines, seconds)
    if evaluate:
        beside = input_paths[0].parent / "database"
        if database is None and beside.is_dir():
            database = beside
        city_states = load_city_states(database)
        scores = Scores()
        for (_, record), plan in zip(records, plans, strict=True):
            sandbox = parse_sandbox(record["reference_information"])
            scores.add(record.get("idx"), score_plan(record, plan, sandbox, city_states))
        outcome.scores = scores
    return outcome


def write_jsonl(path: Path, lines: list[dict]) -> None:
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
