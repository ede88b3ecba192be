"""The offline world: first load in a fresh process, and warm searches, against their targets.

Run: python benchmarks/world.py [--runs 9] [--searches 200]
First load: a fresh process imports the world and answers its first question (airports,
catalogue and name index loaded), timed after ``lotara.models`` (pydantic), which every
planning command imports anyway and which is shown on its own row. Each warm search asks
something not asked before (a new date or city) so no per-question cache flatters it.
Targets: first load < 300 ms, warm search < 5 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta

FIRST_LOAD_TARGET_MS = 300.0
WARM_TARGET_MS = 5.0

_FIRST_LOAD = """
import json, time
begin = time.perf_counter()
import lotara.models  # pydantic and the shared models: every planning command pays this
start = time.perf_counter()
from lotara.world.offline import OfflineWorld
world = OfflineWorld.shared()
world.resolve("Tokyo")
loaded = time.perf_counter()
from datetime import date
world.flights("LAX", "TYO", date(2027, 4, 10))
world.stays("Paris", date(2027, 4, 10), date(2027, 4, 13))
world.activities("Kyoto", interests=["food"])
done = time.perf_counter()
print(json.dumps({"models": start - begin, "load": loaded - start, "first_search": done - loaded}))
"""


def _row(name: str, times_ms: list[float], target: float | None) -> str:
    times_ms = sorted(times_ms)
    p95 = times_ms[min(len(times_ms) - 1, round(0.95 * (len(times_ms) - 1)))]
    median = statistics.median(times_ms)
    verdict = (
        "" if target is None else f"< {target:g} ms " + ("ok" if median < target else "MISSED")
    )
    return f"{name:<34} {median:9.2f} {p95:9.2f} {times_ms[-1]:9.2f}  {verdict}"


def first_load(runs: int) -> tuple[list[float], list[float], list[float]]:
    models, loads, firsts = [], [], []
    env = {**os.environ, "LOTARA_NOW": "2027-03-01T09:00:00Z"}
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _FIRST_LOAD], env=env, capture_output=True, text=True, check=True
        )
        figures = json.loads(out.stdout)
        models.append(figures["models"] * 1000)
        loads.append(figures["load"] * 1000)
        firsts.append(figures["first_search"] * 1000)
    return models, loads, firsts


def warm(searches: int) -> dict[str, list[float]]:
    os.environ.setdefault("LOTARA_NOW", "2027-03-01T09:00:00Z")
    from lotara.world import catalogue
    from lotara.world.offline import OfflineWorld

    world = OfflineWorld.shared()
    world.flights("LAX", "TYO", date(2027, 4, 1))  # load the holiday tables once
    cities = [row["name"] for row in catalogue.city_rows()]
    routes = [("LAX", "TYO"), ("JFK", "CDG"), ("LHR", "SIN"), ("SYD", "BKK"), ("NYC", "LON")]
    base = date(2027, 4, 1)
    cases: dict[str, Callable[[int], object]] = {
        "flights (new route/date)": lambda i: world.flights(
            *routes[i % len(routes)], base + timedelta(days=i % 300), travelers=2, currency="EUR"
        ),
        "stays (new city/dates, filters)": lambda i: world.stays(
            cities[i % len(cities)],
            base + timedelta(days=i),
            base + timedelta(days=i + 3),
            travelers=2,
            house_rules=["pets"] if i % 2 else [],
            currency="JPY",
        ),
        "activities (city, interests)": lambda i: world.activities(
            cities[i % len(cities)], interests=["food", "art"], currency="GBP"
        ),
        "restaurants (city, cuisine)": lambda i: world.restaurants(
            cities[i % len(cities)], cuisines=["Italian"], currency="USD"
        ),
        "ground legs": lambda i: world.ground_legs("Kyoto", cities[i % len(cities)], travelers=2),
        "resolve (cached name)": lambda i: world.resolve(cities[i % len(cities)]),
    }
    results: dict[str, list[float]] = {}
    for name, call in cases.items():
        times = []
        for i in range(searches):
            start = time.perf_counter()
            call(i)
            times.append((time.perf_counter() - start) * 1000)
        results[name] = times
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--searches", type=int, default=200)
    args = parser.parse_args()
    print(f"{'what (ms)':<34} {'median':>9} {'p95':>9} {'max':>9}  target")
    models, loads, firsts = first_load(args.runs)
    print(_row("import lotara.models (shared)", models, None))
    print(_row("world first load (after models)", loads, FIRST_LOAD_TARGET_MS))
    print(_row("both together", [m + w for m, w in zip(models, loads, strict=True)], None))
    print(_row("first three searches (cold tables)", firsts, None))
    for name, times in warm(args.searches).items():
        print(_row(f"warm {name}", times, WARM_TARGET_MS))


if __name__ == "__main__":
    main()
