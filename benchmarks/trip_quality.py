"""How a travel agent would mark lotara's plans: automatic counts of the defects of issue 15.

    python benchmarks/trip_quality.py            # a table per defect and per request
    python benchmarks/trip_quality.py --json     # the same figures as JSON
    python benchmarks/trip_quality.py --only 3   # one request (its index), with each finding

Plans ~30 varied requests offline (the offline world, LOTARA_NOW 2027-03-01T09:00Z) with
``plan_trip``, as ``lotara plan`` does, and counts in each plan:

- ``unscheduled``: a sight the optimiser selected that no day holds;
- ``paid_not_in_days``: a cost in the plan's figures (activities, food) no day item carries;
- ``idle_full_day``: a whole day (no leg on it) with nothing to do while the city has a sight
  open that day;
- ``restaurant_repeat``: a restaurant used again while one of the city's that serves that
  meal, suits the diets and costs no more is unused;
- ``wrong_meal_place``: a meal at a place that does not serve that meal;
- ``unasked_nightlife``: nightlife for a party that did not ask (or has children), unless
  named as a must-see;
- ``stay_inside_visit``: a check-in or check-out inside a visit's hours;
- ``stay_while_travelling``: a check-in or check-out at a time a leg is under way, or in
  the hours before a flight spent getting to the airport;
- ``sight_before_room``: a visit straight from the airport (before 10:30, and before the room
  is ready) on the day of a small-hours landing when the room was not held from the night
  before (a light start from 10:30 is what the issue allows instead);
- ``heavy_first_morning``: the first morning after a late (21:00 or later) or small-hours
  landing, or after a long-haul flight (8 hours or more), holds a whole-day sight or a visit
  before 10:30;
- ``meal_in_transit``: a meal whose clock time falls while a leg of the day is under way
  (in the air, on the train), or in the hours before a flight spent getting to the airport;
- ``legs_out_of_order``: a journey leaving before the one before it has arrived, or the
  plan's transport not in time order;
- ``transfer_not_in_days``: an airport transfer of the plan that no day shows;
- ``busy_during_transfer``: a visit, meal or check-in while an airport transfer of the day is
  under way (the bus from the airport still running);
- ``over_budget_silent``: a total over the budget with no note saying so;
- ``failed_hard_checks``: hard checks failing on the plan ``plan_trip`` returns;
- ``cost_mismatch``: the streamed cost (the selection's, as the budget and verify steps
  stream it) differs from the plan's total, or the total's parts differ from the items'.

Every count is computed from the plan alone (and the offline world for "a sight was open").
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.setdefault("LOTARA_NOW", "2027-03-01T09:00:00Z")

from plan import QUERIES  # noqa: E402  (benchmarks/plan.py: the speed benchmark's trips)

REQUESTS = [
    *QUERIES,  # the trips plan.py times, then the kinds a travel agent would check
    "5 days in Cusco from Lima, Machu Picchu, hiking",
    "a week in Peru from Miami: Lima and Cusco, Machu Picchu, $4000 for 2",
    "3 days in Paris from London for my elderly parents, gentle pace, no nightlife",
    "luxury honeymoon in the Maldives from London, 7 days, $25000, business class",
    "backpacking from Sydney: Bangkok, Hanoi and Singapore, 12 days, $1800, hostels ok",
    "4 days in Cairo from Frankfurt, pyramids and museums, $2000",
    "New York City for 3 days from Chicago, Broadway show and museums, $2500 for 2",
    "vegetarian family of 3 in Singapore for 5 days from Delhi, $4000",
    "2 days in Amsterdam from Paris by train only, $600",
    "a week in Istanbul from Berlin for a couple, food and history, no hostels",
    "8 days in Sydney from Los Angeles for 2, beaches and food, $7000",
    "weekend in Berlin from Munich for 4 college friends, nightlife and bars, $1200",
    "5 days in Seoul from San Francisco, vegan food and palaces, $3000",
    "9 days in Italy from Boston: Rome, Naples and Florence, $5000, with kids aged 6 and 9",
    "3 days in Prague from Vienna, tight budget $350, solo",
    "6 days in Marrakech from Madrid for 2, relaxed, halal food",
    "Hong Kong for 4 days from Tokyo, business class, luxury hotel, $8000",
    "10 days in Japan from Seattle: Tokyo, Kyoto, Hiroshima, $6000 for 2",
    "5 days in Rio de Janeiro from Buenos Aires, beaches, no nightlife, $2000",
    "one way to Lisbon from New York, 4 days, $1500, wheelchair user",
    "4 days in Dubai from Mumbai for a family with a toddler, $3500",
    "7 days in London from Toronto for grandparents and two grandchildren, $8000",
    "4 days in Cusco from New York, Machu Picchu",
    "6 days in Bali from Los Angeles for 2, honeymoon, $5000",
    "3 days in Reykjavik from Boston, northern lights, $2500",
    "a fortnight in Spain from Chicago: Madrid, Seville, Granada and Barcelona for 2, $9000",
]

LATE_LANDING = 21 * 60
SMALL_HOURS_END = 6 * 60
LONG_HAUL_MINUTES = 8 * 60
FIRST_MORNING_FROM = 10 * 60 + 30
AIRPORT_LEAD = 180

DEFECTS = (
    "unscheduled",
    "paid_not_in_days",
    "idle_full_day",
    "restaurant_repeat",
    "wrong_meal_place",
    "unasked_nightlife",
    "stay_inside_visit",
    "stay_while_travelling",
    "sight_before_room",
    "heavy_first_morning",
    "meal_in_transit",
    "legs_out_of_order",
    "transfer_not_in_days",
    "busy_during_transfer",
    "over_budget_silent",
    "failed_hard_checks",
    "cost_mismatch",
)


def _minutes(text: str | None) -> int | None:
    if not text:
        return None
    try:
        hh, mm = text[:5].split(":")
        return int(hh) * 60 + int(mm)
    except ValueError:
        return None


def _local(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _span(item: Any) -> tuple[int, int] | None:
    lo, hi = _minutes(item.start), _minutes(item.end)
    if lo is None:
        return None
    return lo, hi if hi is not None and hi > lo else lo


def _meal_label(name: str) -> str:
    return name.split(" ", 1)[0].lower()


def _journeys(it: Any) -> list[Any]:
    return [leg for leg in it.transport if leg.kind != "transfer"]


def _long_haul(leg: Any) -> bool:
    if leg.flight is not None:
        return leg.flight.duration_minutes >= LONG_HAUL_MINUTES
    return (_local(leg.arrive) - _local(leg.depart)) >= timedelta(minutes=LONG_HAUL_MINUTES)


def first_mornings(it: Any) -> list[tuple[date, str]]:
    """The days whose morning follows a late, small-hours or long-haul landing in a city."""
    out = []
    for leg in _journeys(it):
        if leg.kind != "flight":
            continue
        land = _local(leg.arrive)
        minute = land.hour * 60 + land.minute
        if minute < SMALL_HOURS_END:
            out.append((land.date(), f"landed {land:%H:%M}"))
        elif minute >= LATE_LANDING:
            out.append((land.date() + timedelta(1), f"landed {land:%H:%M} the night before"))
        elif _long_haul(leg):
            day = land.date() if minute < 12 * 60 else land.date() + timedelta(1)
            out.append((day, f"long-haul flight landed {land:%a %H:%M}"))
    return out


def find_defects(request: Any, it: Any, selection: Any, candidates: Any) -> dict[str, list[str]]:
    """Each defect found in one plan, as a list of sentences by defect name."""
    from lotara.planning.checks import closed_on, days_in_air, failed
    from lotara.planning.suitability import (
        diet_fit,
        is_full_day,
        is_must_see,
        nightlife_wanted,
        serves,
    )

    found: dict[str, list[str]] = {name: [] for name in DEFECTS}
    days = {d.date: d for d in it.days}
    placed = {i.ref for d in it.days for i in d.items if i.kind == "activity"}

    for city, acts in selection.activities.items():
        for a in acts:
            if a.id not in placed:
                found["unscheduled"].append(f"{a.name} ({city}) is selected but in no day")

    item_acts = sum(i.cost for d in it.days for i in d.items if i.kind == "activity")
    item_food = sum(i.cost for d in it.days for i in d.items if i.kind == "meal")
    if abs(item_acts - it.cost.activities) > 0.05:
        found["paid_not_in_days"].append(
            f"activities cost {it.cost.activities:.2f}, the days' visits {item_acts:.2f}"
        )
    if abs(item_food - it.cost.food) > 0.05:
        found["paid_not_in_days"].append(
            f"food costs {it.cost.food:.2f}, the meals {item_food:.2f}"
        )

    in_air = days_in_air(it)
    leg_days = {_local(leg.depart).date() for leg in _journeys(it)} | {
        _local(leg.arrive).date() for leg in _journeys(it)
    }
    for d in it.days:
        if d.date in in_air or d.date in leg_days:
            continue
        if any(i.kind == "activity" for i in d.items):
            continue
        open_ = [
            a for a in candidates.activities.get(d.city, []) if not closed_on(a.closed_days, d.date)
        ]
        if open_:
            found["idle_full_day"].append(
                f"{d.date} in {d.city} has nothing to do; {len(open_)} sight(s) are open"
            )

    # Restaurants: repeats while an unused place serving that meal fits.
    used: Counter[str] = Counter()
    first_use: dict[str, Any] = {}
    for d in it.days:
        for i in d.items:
            if i.kind == "meal" and i.restaurant is not None and not i.restaurant.generic:
                used[i.restaurant.id] += 1
                first_use.setdefault(i.restaurant.id, (d, i))
    all_used = set(used)
    for rid, n in used.items():
        if n < 2:
            continue
        d, item = first_use[rid]
        r = item.restaurant
        label = _meal_label(item.name)
        spare = [
            o
            for o in candidates.restaurants.get(d.city, [])
            if o.id not in all_used
            and not o.generic
            and serves(o, label)
            and all(diet_fit(o, diet) is not False for diet in request.diets)
            and o.average_cost <= r.average_cost + 0.005
        ]
        if spare:
            found["restaurant_repeat"].append(
                f"{r.name} is used {n} times in {d.city}; {spare[0].name} serves {label} unused"
            )

    wanted_night = nightlife_wanted(request)
    for d in it.days:
        visits = [(i, _span(i)) for i in d.items if i.kind == "activity"]
        for i in d.items:
            if i.kind == "meal" and i.restaurant is not None:
                label = _meal_label(i.name)
                if label in ("breakfast", "lunch", "dinner") and not serves(i.restaurant, label):
                    found["wrong_meal_place"].append(
                        f"{d.date} {i.name}: {i.restaurant.name} does not serve {label}"
                    )
            if i.kind == "activity" and i.activity and "nightlife" in i.activity.tags:
                if not wanted_night and not is_must_see(i.activity, request):
                    # A show named as a must (a Broadway show) is asked for.
                    found["unasked_nightlife"].append(f"{d.date} {i.name} is nightlife")
            if i.kind == "stay":
                at = _minutes(i.start)
                for v, span in visits:
                    if at is not None and span is not None and span[0] < at < span[1]:
                        found["stay_inside_visit"].append(
                            f"{d.date} {i.name} at {i.start} is inside {v.name} ({v.start}-{v.end})"
                        )

    # Small-hours landings: a visit before the room is ready, when it was not held.
    journeys = _journeys(it)
    for leg in journeys:
        land = _local(leg.arrive)
        if leg.kind != "flight" or land.hour * 60 + land.minute >= SMALL_HOURS_END:
            continue
        day = days.get(land.date())
        if day is None or any(s.city == day.city and s.check_in < day.date for s in it.stays):
            continue
        check_in = next(
            (i.start for i in day.items if i.kind == "stay" and i.name.startswith("Check in")),
            None,
        )
        for i in day.items:
            start = _minutes(i.start) or 0
            if i.kind == "activity" and check_in is not None and (i.start or "") < check_in:
                if start >= FIRST_MORNING_FROM:
                    continue  # a light start, as the issue allows: not straight from the airport
                found["sight_before_room"].append(
                    f"{day.date} {i.name} at {i.start}, landed {land:%H:%M}, room from {check_in}"
                )

    for when, why in first_mornings(it):
        day = days.get(when)
        if day is None:
            continue
        for i in day.items:
            if i.kind != "activity":
                continue
            start = _minutes(i.start) or 0
            if (i.activity and is_full_day(i.activity)) or start < FIRST_MORNING_FROM:
                found["heavy_first_morning"].append(f"{day.date} {i.name} at {i.start} ({why})")

    # Meals while travelling: the leg's span in the day's wall clock (leaving in the origin's
    # time, landing in the destination's), with the hours before a flight at the airport.
    for leg in journeys:
        dep, arr = _local(leg.depart), _local(leg.arrive)
        lead = AIRPORT_LEAD if leg.kind == "flight" else 60
        for d in it.days:
            if d.date < dep.date() or d.date > arr.date():
                continue
            leaves = dep.hour * 60 + dep.minute if d.date == dep.date() else 0
            lands = arr.hour * 60 + arr.minute if d.date == arr.date() else 24 * 60
            boarding = (leaves - lead, leaves) if d.date == dep.date() else (0, 0)
            for i in d.items:
                span = _span(i) if i.kind == "meal" else None
                if span is None:
                    continue
                aboard = "on board" in i.name or "on the road" in i.name
                at_port = "at the airport" in i.name or "at the station" in i.name
                under = span[0] < lands and span[1] > leaves
                rushed = span[0] < boarding[1] and span[1] > boarding[0]
                if (under and not aboard) or (rushed and not at_port and not aboard):
                    found["meal_in_transit"].append(
                        f"{d.date} {i.name} {i.start}-{i.end} while {leg.description} "
                        f"({dep:%H:%M}-{arr:%H:%M}) is under way or boarding"
                    )

    for d in it.days:
        under_way = []
        for leg in journeys:
            dep, arr = _local(leg.depart), _local(leg.arrive)
            if dep.date() <= d.date <= arr.date():
                under_way.append(
                    (
                        dep.hour * 60 + dep.minute if d.date == dep.date() else 0,
                        arr.hour * 60 + arr.minute if d.date == arr.date() else 24 * 60,
                    )
                )
        for i in d.items:
            aboard = "on board" in i.name or "on the road" in i.name
            span = _span(i) if i.kind == "meal" and aboard else None
            if span and not any(lo <= span[0] and span[1] <= hi for lo, hi in under_way):
                found["meal_in_transit"].append(
                    f"{d.date} {i.name} {i.start}-{i.end} is 'on board' while no leg is under way"
                )

    for leg in journeys:
        dep, arr = _local(leg.depart), _local(leg.arrive)
        lead = AIRPORT_LEAD if leg.kind == "flight" else 60
        for d in it.days:
            if not dep.date() <= d.date <= arr.date():
                continue
            lo = dep.hour * 60 + dep.minute - lead if d.date == dep.date() else 0
            hi = arr.hour * 60 + arr.minute if d.date == arr.date() else 24 * 60
            for i in d.items:
                at = _minutes(i.start) if i.kind == "stay" else None
                if at is not None and lo < at < hi:
                    found["stay_while_travelling"].append(
                        f"{d.date} {i.name} at {i.start} while {leg.description} "
                        f"({dep:%H:%M}-{arr:%H:%M}) is under way or boarding"
                    )

    for a, b in zip(journeys, journeys[1:], strict=False):
        if _local(b.depart) < _local(a.arrive):
            found["legs_out_of_order"].append(
                f"{b.description} leaves before {a.description} lands"
            )
    times = [_local(leg.depart) for leg in it.transport]
    if times != sorted(times):
        found["legs_out_of_order"].append("the plan's transport is not in time order")

    shown = {(i.name, i.start) for d in it.days for i in d.items if i.kind == "transfer"}
    for leg in it.transport:
        if leg.kind == "transfer" and (leg.description, f"{_local(leg.depart):%H:%M}") not in shown:
            found["transfer_not_in_days"].append(f"{leg.description} at {leg.depart} is in no day")

    for d in it.days:
        rides = [(_span(i), i) for i in d.items if i.kind == "transfer" and i.end]
        for i in d.items:
            span = _span(i) if i.kind in ("activity", "meal", "stay") else None
            if span is None:
                continue
            for ride, t in rides:
                if ride is None:
                    continue
                point = i.kind == "stay" and ride[0] < span[0] < ride[1]
                if point or (i.kind != "stay" and span[0] < ride[1] and span[1] > ride[0]):
                    found["busy_during_transfer"].append(
                        f"{d.date} {i.name} at {i.start} while {t.name} ({t.start}-{t.end})"
                    )

    if request.budget is not None and it.cost.total > request.budget.amount + 0.005:
        if not any("budget" in n.lower() and ("more than" in n or "over" in n) for n in it.notes):
            found["over_budget_silent"].append(
                f"total {it.cost.total:.2f} over {request.budget.amount:.2f} with no note"
            )

    for c in failed(it.checks):
        found["failed_hard_checks"].append(f"{c.name}: {c.detail}")

    if abs(selection.cost.total - it.cost.total) > 0.005:
        found["cost_mismatch"].append(
            f"streamed {selection.cost.total:.2f}, final {it.cost.total:.2f}"
        )
    flights = sum(leg.cost for leg in it.transport if leg.kind == "flight")
    ground = sum(leg.cost for leg in it.transport if leg.kind not in ("flight", "transfer"))
    lodging = sum(s.cost for s in it.stays)
    for name, mine, theirs in (
        ("flights", flights, it.cost.flights),
        ("ground transport", ground, it.cost.ground_transport),
        ("lodging", lodging, it.cost.lodging),
    ):
        if abs(mine - theirs) > 0.05:
            found["cost_mismatch"].append(f"{name}: items {mine:.2f}, total's part {theirs:.2f}")
    return found


def run(requests: list[str]) -> list[dict[str, Any]]:
    from lotara.models import PlanConstraints
    from lotara.planning.candidates import gather_candidates
    from lotara.planning.intent import build_trip_request
    from lotara.planning.pipeline import plan_trip
    from lotara.world.offline import OfflineWorld

    world = OfflineWorld.shared()
    today = datetime.fromisoformat(os.environ["LOTARA_NOW"].replace("Z", "+00:00")).date()
    out = []
    for query in requests:
        started = time.perf_counter()
        try:
            request = build_trip_request(
                query, constraints=PlanConstraints(), prefs={}, provider=world, today=today
            )
            it, selection = plan_trip(request, world)
            candidates = gather_candidates(request, world)
        except Exception as exc:  # a request lotara refuses is reported, not a crash here
            out.append({"query": query, "error": f"{type(exc).__name__}: {exc}"})
            continue
        found = find_defects(request, it, selection, candidates)
        out.append(
            {
                "query": query,
                "days": len(it.days),
                "seconds": round(time.perf_counter() - started, 2),
                "counts": {k: len(v) for k, v in found.items()},
                "findings": {k: v for k, v in found.items() if v},
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--only", type=int, action="append", help="only this request (index)")
    parser.add_argument("--verbose", action="store_true", help="print each finding")
    args = parser.parse_args()
    chosen = [REQUESTS[i] for i in args.only] if args.only else REQUESTS
    started = time.perf_counter()
    results = run(chosen)
    totals = Counter[str]()
    plans_with = Counter[str]()
    for r in results:
        for k, n in r.get("counts", {}).items():
            totals[k] += n
            plans_with[k] += int(n > 0)
    planned = [r for r in results if "counts" in r]
    summary = {
        "requests": len(results),
        "planned": len(planned),
        "seconds": round(time.perf_counter() - started, 1),
        "defects": {k: totals[k] for k in DEFECTS},
        "plans_with_defect": {k: plans_with[k] for k in DEFECTS},
        "clean_plans": sum(1 for r in planned if not any(r["counts"].values())),
    }
    if args.json:
        print(json.dumps({"summary": summary, "requests": results}, indent=2))
        return
    print(f"{'defect':22} {'count':>6} {'plans':>6}")
    for k in DEFECTS:
        print(f"{k:22} {totals[k]:6d} {plans_with[k]:6d}")
    print(
        f"\n{summary['clean_plans']} of {len(planned)} plans clean; "
        f"{len(results) - len(planned)} not planned; {summary['seconds']} s\n"
    )
    for n, r in enumerate(results):
        if "error" in r:
            print(f"[{n:2d}] {r['query'][:70]}\n     not planned: {r['error']}")
            continue
        bad = {k: v for k, v in r["counts"].items() if v}
        line = ", ".join(f"{k} {v}" for k, v in bad.items()) or "clean"
        print(f"[{n:2d}] {r['query'][:70]} ({r['days']} d, {r['seconds']} s): {line}")
        if args.verbose or args.only:
            for k, items in r["findings"].items():
                for text in items[:6]:
                    print(f"       {k}: {text}")


if __name__ == "__main__":
    main()
