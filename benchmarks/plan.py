"""How fast lotara plans a trip offline: warm in-process runs, and a cold whole process.

    python benchmarks/plan.py                 # 30 warm plans + 3 cold `lotara plan --json`
    python benchmarks/plan.py --runs 60 --cold 5 --json

Warm: one process, the offline world and ADK already loaded (one untimed plan first), then
``--runs`` plans of varied requests through ``lotara.jobs.engine`` exactly as the CLI runs them
(job store, ADK Workflow and its SQLite sessions, events). For each run the orchestrator
records the time spent inside lotara's planning functions and in the job store (events,
documents); the rest of the wall time is ADK's (the graph, the runner, its session writes)
plus the asyncio loop. Cold: ``python -m lotara plan QUERY --json`` in a fresh process and
a fresh LOTARA_HOME, start-up and imports included.

The CPU time per plan (this process, all threads) is printed too: on a shared machine the
wall clock also counts the time other processes held the cores.

The solver's share is the time inside the CP-SAT model (building and solving it) as a
share of the warm wall time, and "proved optimal" how many of its runs ended with a proof
within the time limit rather than the best plan found so far.

Targets (DESIGN.md, issue 15): warm p95 < 250 ms for trips up to 14 days; cold < 3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WARM_P95_TARGET_MS = 250.0
COLD_TARGET_S = 3.0
QUERIES = [
    "5 days in Tokyo for under $3000 from LAX, food and culture",
    "a week in Rome, Florence and Venice from New York for 2, $6000, art and history",
    "long weekend in Barcelona from London for a family of four, beaches",
    "Kyoto and Osaka for 6 days from Boston, temples and street food",
    "4 days in Mexico City from Chicago solo, 1500 USD, museums",
    "10 days in Bangkok from Sydney, relaxed, street food and temples",
    "14 days in Tokyo from LAX for 2, $9000, food and culture",
    "two weeks in Paris, Barcelona and Rome from New York for a family of four, $15000",
    "6 days in Orlando from Chicago for a family of four, $6000",
    "1 day in Lisbon from Madrid, $400",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def warm(runs: int) -> dict[str, float]:
    os.environ.setdefault("LOTARA_NOW", "2027-03-01T09:00:00Z")
    os.environ["LOTARA_HOME"] = tempfile.mkdtemp(prefix="lotara-bench-")
    os.environ.pop("LOTARA_MODEL", None)
    from lotara.agents import orchestrator
    from lotara.jobs import engine
    from lotara.jobs.store import open_store
    from lotara.models import JobStatus, PlanRequest
    from lotara.planning.solver import STATS

    store = open_store(Path(os.environ["LOTARA_HOME"]))

    cpu: list[float] = []

    def one(query: str) -> tuple[float, float, float]:
        job_id = engine.create_job(store, PlanRequest(user_id="bench", query=query))
        started, cpu_started = time.perf_counter(), time.process_time()
        job = engine.run_job(store, job_id)
        wall = time.perf_counter() - started
        cpu.append(time.process_time() - cpu_started)
        if job.status is not JobStatus.COMPLETED:
            raise SystemExit(f"{query!r} ended {job.status.value}: {job.error}")
        timings = orchestrator.last_timings
        return wall, timings.planning, timings.store

    for query in QUERIES:  # warm up: the world's data, ADK's imports, the graphs
        one(query)
    cpu.clear()
    runs_before, seconds_before, optimal_before = STATS.runs, STATS.seconds, STATS.optimal
    walls, planning, stored = [], [], []
    for index in range(runs):
        wall, plan_s, store_s = one(QUERIES[index % len(QUERIES)])
        walls.append(wall)
        planning.append(plan_s)
        stored.append(store_s)
    total = sum(walls)
    solver_runs = STATS.runs - runs_before
    return {
        "solver_share": (STATS.seconds - seconds_before) / total,
        "solver_runs": solver_runs,
        "solver_optimal_share": (STATS.optimal - optimal_before) / max(1, solver_runs),
        "runs": runs,
        "p50_ms": statistics.median(walls) * 1000,
        "p95_ms": percentile(walls, 0.95) * 1000,
        "max_ms": max(walls) * 1000,
        "cpu_p50_ms": statistics.median(cpu) * 1000,
        "cpu_p95_ms": percentile(cpu, 0.95) * 1000,
        "planning_share": sum(planning) / total,
        "store_share": sum(stored) / total,
        "adk_share": (total - sum(planning) - sum(stored)) / total,
        "planning_ms_p50": statistics.median(planning) * 1000,
        "adk_ms_p50": statistics.median(
            w - p - s for w, p, s in zip(walls, planning, stored, strict=True)
        )
        * 1000,
    }


def cold(times: int) -> dict[str, float]:
    walls = []
    for index in range(times):
        env = {
            **os.environ,
            "LOTARA_HOME": tempfile.mkdtemp(prefix="lotara-cold-"),
            "LOTARA_NOW": "2027-03-01T09:00:00Z",
        }
        env.pop("LOTARA_MODEL", None)
        query = QUERIES[index % len(QUERIES)]
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "lotara", "plan", query, "--json"],
            capture_output=True,
            text=True,
            env=env,
        )
        walls.append(time.perf_counter() - started)
        if done.returncode != 0 or json.loads(done.stdout)["status"] != "completed":
            raise SystemExit(f"cold plan failed ({done.returncode}): {done.stderr.strip()}")
    return {
        "runs": times,
        "median_s": statistics.median(walls),
        "p95_s": percentile(walls, 0.95),
        "max_s": max(walls),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="warm plans to time")
    parser.add_argument("--cold", type=int, default=3, help="cold processes to time (0: none)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args()
    result: dict[str, object] = {"warm": warm(args.runs)}
    if args.cold:
        result["cold"] = cold(args.cold)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    w = result["warm"]
    assert isinstance(w, dict)
    print(f"warm, in process ({w['runs']} plans of {len(QUERIES)} requests):")
    verdict = "ok" if w["p95_ms"] < WARM_P95_TARGET_MS else "MISSED"
    print(
        f"  p50 {w['p50_ms']:.1f} ms   p95 {w['p95_ms']:.1f} ms   max {w['max_ms']:.1f} ms"
        f"   (target p95 < {WARM_P95_TARGET_MS:g} ms: {verdict})"
    )
    print(f"  CPU time per plan: p50 {w['cpu_p50_ms']:.1f} ms   p95 {w['cpu_p95_ms']:.1f} ms")
    print(
        f"  time in planning {w['planning_share']:.0%}, job store {w['store_share']:.0%}, "
        f"ADK and the event loop {w['adk_share']:.0%}  (per plan, median: planning "
        f"{w['planning_ms_p50']:.1f} ms, ADK {w['adk_ms_p50']:.1f} ms)"
    )
    print(
        f"  solver (CP-SAT, build and solve): {w['solver_share']:.0%} of the wall time; "
        f"proved optimal in {w['solver_optimal_share']:.0%} of {w['solver_runs']} runs"
    )
    if "cold" in result:
        c = result["cold"]
        assert isinstance(c, dict)
        print(f"cold `lotara plan QUERY --json`, whole process ({c['runs']} runs):")
        verdict = "ok" if c["median_s"] < COLD_TARGET_S else "MISSED"
        print(
            f"  median {c['median_s']:.2f} s   p95 {c['p95_s']:.2f} s   max {c['max_s']:.2f} s"
            f"   (target < {COLD_TARGET_S:g} s: {verdict})"
        )


if __name__ == "__main__":
    main()
