"""Which requests stop before a plan, and why: the reading corpus and trips of every shape.

    python benchmarks/trip_shapes.py                  # corpus + the shapes below, grouped
    python benchmarks/trip_shapes.py --json out.json  # every failure with its message

Each request is read (``build_trip_request``) and planned (``plan_trip``) on the offline
world in this process. A request the reader cannot read is counted apart from one whose
trip cannot be planned; failures are grouped by the first words of their message. The plans
made through a gateway (more hops than the trip has stops) are listed with their route.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "requests.jsonl"
SHAPES = ROOT / "tests" / "data" / "trip_shapes.txt"
TODAY = date(2027, 3, 1)


def requests() -> list[str]:
    corpus = [json.loads(line)["q"] for line in CORPUS.read_text().splitlines() if line.strip()]
    shapes = [line.strip() for line in SHAPES.read_text().splitlines() if line.strip()]
    return corpus + shapes


def cause(message: str) -> str:
    """The failure's kind: its message with places, dates and figures taken out."""
    text = re.sub(r"\d{4}-\d\d-\d\d", "<date>", message)
    text = re.sub(r"from .+? to .+? on", "from <a> to <b> on", text)
    return text[:90]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    os.environ.setdefault("LOTARA_NOW", "2027-03-01T09:00:00Z")
    from lotara.models import PlanConstraints
    from lotara.planning.intent import build_trip_request
    from lotara.planning.pipeline import plan_trip
    from lotara.world.provider import default_provider

    world = default_provider()
    failures: list[dict[str, str]] = []
    routed: list[str] = []
    unread = planned = 0
    for query in requests():
        try:
            request = build_trip_request(
                query,
                constraints=PlanConstraints(),
                prefs={"home_airport": "ANC"},
                provider=world,
                today=TODAY,
            )
        except Exception:  # noqa: BLE001 - the reader's failures are counted apart
            unread += 1
            continue
        try:
            itinerary, _ = plan_trip(request, world)
            planned += 1
            legs = [leg for leg in itinerary.transport if leg.kind != "transfer"]
            if len(legs) > len(request.destinations) + 1:
                route = " > ".join(
                    [legs[0].origin] + [f"{leg.destination} ({leg.kind})" for leg in legs]
                )
                routed.append(f"{query!r}: {route}")
        except Exception as exc:  # noqa: BLE001 - every failure is the measurement
            failures.append({"q": query, "error": f"{type(exc).__name__}: {exc}"})
    groups = Counter(cause(f["error"]) for f in failures)
    print(f"{planned} planned, {len(failures)} stopped before a plan, {unread} not read")
    for text, count in groups.most_common():
        print(f"{count:4d}  {text}")
    for f in failures:
        print(f"  {f['q']!r}: {f['error']}")
    print(f"{len(routed)} planned through a gateway:")
    for line in routed:
        print(f"  {line}")
    if args.json:
        args.json.write_text(json.dumps(failures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
