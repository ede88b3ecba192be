"""The constrained search that turns a TravelPlanner query into a verified plan.

The search reads every fact through the ``TravelProvider`` interface (flights on a day,
stays for a check-in and check-out, restaurants, attractions, ground legs), plus one
extra question, ``cities_in(region)``: which cities a trip to the query's destination may
visit. ``SandboxProvider`` answers them from a record's sandbox; any other provider that
can list a region's cities serves the same search.

It enumerates every city order, every split of the nights between the cities and both
transport families the benchmark allows together (flights with taxis, or driving alone),
pruning any choice without a leg on its day, a stay that honours the room type, house
rules, minimum nights and party size, enough restaurants or attractions. Each candidate is
priced by its cheapest parts (stays, legs, meals that cover the cuisines) and the
candidates are tried cheapest first: the first whose plan the checker accepts is returned.
Spare budget buys the optional meals of travel days, never more than is spare; when none is
accepted, the complete plan failing fewest checks (the cheapest of those) is returned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import combinations, permutations
from typing import Protocol, runtime_checkable

from lotara.bench.travelplanner.query import TravelQuery
from lotara.bench.travelplanner.submission import Leg, Skeleton, render
from lotara.bench.travelplanner.verify import Question, Result, passes
from lotara.models import Restaurant, Stay
from lotara.world.provider import TravelProvider

FAMILIES = (("flight", "taxi"), ("self-driving",))
"""Transport modes the benchmark lets a trip mix: driving excludes flights and taxis."""

GROUND_MODES = ("self-driving", "taxi")

Checker = Callable[[list[dict]], dict[str, Result]]
"""Verdicts on a submission-format plan; the search returns the first plan that passes."""


@runtime_checkable
class RegionProvider(TravelProvider, Protocol):
    """A ``TravelProvider`` that can also list the cities a trip to a region may visit."""

    def cities_in(self, region: str) -> list[str]:
        """The cities a trip to ``region`` (a city, or a state holding several) may visit."""
        ...


@dataclass
class PlanResult:
    """A plan in submission format, whether it passed every check, and its verdicts."""

    plan: list[dict]
    ok: bool
    cost: float
    results: dict = field(default_factory=dict)


def _clean(name: str) -> bool:
    # Names the official checker cannot match back (escaped newlines) are left out.
    return "\\" not in name and "\n" not in name and bool(name.strip())


def _unambiguous(names: list[str]) -> set[str]:
    """Names no other name of the same list contains: the official matcher uses substrings."""
    return {n for n in names if not any(n != o and n in o for o in names)}


def question_for(query: TravelQuery, cities: list[str]) -> Question:
    """The checks the planner holds itself to, from the query's own words; ``cities`` are
    those a trip to the destination may visit."""
    return Question(
        org=query.origin,
        days=query.days,
        city_count=query.city_count,
        people=query.people,
        budget=query.budget,
        start=query.start,
        dest_cities=set(cities),
        house_rules=list(query.local.house_rules),
        room_type=query.local.room_type,
        cuisines=list(query.local.cuisines),
        avoid_transport=list(query.local.avoid_transport),
    )


class _Planner:
    def __init__(self, query: TravelQuery, provider: RegionProvider) -> None:
        self.q = query
        self.provider = provider
        self.people = query.people
        self.cities = [c for c in provider.cities_in(query.destination) if c != query.origin]
        self.restaurants: dict[str, list[Restaurant]] = {}
        self.attractions: dict[str, list[str]] = {}
        self.stay_names: dict[str, set[str]] = {}
        trip_end = query.start + timedelta(days=query.days - 1)
        for city in self.cities:
            items = provider.restaurants(city)
            keep = _unambiguous([r.name for r in items])
            seen: set[str] = set()
            good = []
            for r in sorted(items, key=lambda r: r.average_cost):
                if _clean(r.name) and r.name in keep and r.name not in seen:
                    seen.add(r.name)
                    good.append(r)
            self.restaurants[city] = good
            self.attractions[city] = list(
                dict.fromkeys(
                    a.name
                    for a in provider.activities(city)
                    if _clean(a.name) and ";" not in a.name
                )
            )
            # Every stay anyone could take during the trip: a chosen name must not be
            # contained in any of theirs, or the official matcher may find the wrong one.
            everyone = provider.stays(city, query.start, trip_end)
            self.stay_names[city] = _unambiguous([s.name for s in everyone])
        self._stays: dict[tuple[str, int, int], tuple[Stay, float] | None] = {}
        self._legs: dict[tuple[str, str, int, tuple[str, ...]], Leg | None] = {}
        self._meals: dict[tuple[str, int], dict[int, tuple[float, tuple[Restaurant, ...]]]] = {}

    # --- parts -------------------------------------------------------------------------

    def stay(self, city: str, arrival: int, nights: int) -> tuple[Stay, float] | None:
        """The cheapest stay in ``city`` from trip day ``arrival`` for ``nights`` that
        honours every rule of the party, and its cost for the party."""
        key = (city, arrival, nights)
        if key not in self._stays:
            self._stays[key] = self._stay(city, arrival, nights)
        return self._stays[key]

    def _stay(self, city: str, arrival: int, nights: int) -> tuple[Stay, float] | None:
        check_in = self.q.start + timedelta(days=arrival)
        best: tuple[Stay, float] | None = None
        for s in self.provider.stays(
            city,
            check_in,
            check_in + timedelta(days=nights),
            travelers=self.people,
            room_type=self.q.local.room_type,
            house_rules=self.q.local.house_rules,
        ):
            if not _clean(s.name) or s.name not in self.stay_names[city]:
                continue
            cost = s.price_per_night * -(-self.people // s.max_occupancy) * nights
            # Fewer restrictions break ties: a stay that allows more suits more parties.
            if best is None or (cost, len(s.house_rules)) < (best[1], len(best[0].house_rules)):
                best = (s, cost)
        return best

    def leg(self, origin: str, dest: str, day: int, family: tuple[str, ...]) -> Leg | None:
        """The cheapest allowed way from ``origin`` to ``dest`` on trip day ``day`` (0-based)."""
        key = (origin, dest, day, family)
        if key not in self._legs:
            self._legs[key] = self._leg(origin, dest, day, family)
        return self._legs[key]

    def _leg(self, origin: str, dest: str, day: int, family: tuple[str, ...]) -> Leg | None:
        avoid = set(self.q.local.avoid_transport)
        options: list[Leg] = []
        if "flight" in family and "flight" not in avoid:
            when = self.q.start + timedelta(days=day)
            for f in self.provider.flights(origin, dest, when, travelers=self.people):
                options.append(Leg("flight", origin, dest, f.price, f))
        modes = [m for m in GROUND_MODES if m in family and m not in avoid]
        if modes:
            # The submission repeats the provider's leg for one vehicle; the cost is the party's.
            one = {g.mode: g for g in self.provider.ground_legs(origin, dest)}
            for g in self.provider.ground_legs(origin, dest, travelers=self.people):
                if g.mode in modes and g.mode in one:
                    options.append(Leg(g.mode, origin, dest, g.cost, one[g.mode]))
        return min(options, key=lambda leg: leg.cost, default=None)

    # --- enumeration -------------------------------------------------------------------

    def routes(self) -> Iterator[tuple[str, ...]]:
        yield from permutations(self.cities, min(self.q.city_count, len(self.cities)))

    def splits(self, k: int) -> Iterator[list[int]]:
        """Ways to share the trip's nights among ``k`` cities, each at least one night."""
        nights = self.q.days - 1
        for cuts in combinations(range(1, nights), k - 1):
            bounds = [0, *cuts, nights]
            yield [bounds[i + 1] - bounds[i] for i in range(k)]

    def skeletons(self) -> list[Skeleton]:
        found: list[Skeleton] = []
        for route in self.routes():
            for split in self.splits(len(route)):
                stays = []
                arrival = 0
                for city, nights in zip(route, split, strict=True):
                    got = self.stay(city, arrival, nights)
                    arrival += nights
                    if got is None or len(self.attractions.get(city, [])) < nights - 1:
                        break
                    stays.append(got)
                else:
                    arrivals = [0]
                    for nights in split:
                        arrivals.append(arrivals[-1] + nights)
                    stops = [self.q.origin, *route, self.q.origin]
                    for family in FAMILIES:
                        found_legs = [
                            self.leg(stops[i], stops[i + 1], arrivals[i], family)
                            for i in range(len(stops) - 1)
                        ]
                        legs = [leg for leg in found_legs if leg is not None]
                        if len(legs) != len(found_legs):
                            continue
                        sk = Skeleton(
                            origin=self.q.origin,
                            route=list(route),
                            nights=list(split),
                            legs=legs,
                            stays=[s for s, _ in stays],
                            base_cost=sum(c for _, c in stays) + sum(leg.cost for leg in legs),
                        )
                        if self.meals(sk):
                            found.append(sk)
        found.sort(key=lambda sk: sk.cost)
        return found

    # --- meals -------------------------------------------------------------------------

    def city_meals(self, city: str, need: int) -> dict[int, tuple[float, tuple[Restaurant, ...]]]:
        """For each set of wanted cuisines (a bit mask), the cheapest distinct restaurants
        of ``city`` that fill ``need`` meals and cover that set, with at most 3 more on the
        city's travel day (those meals are optional, so only a cuisine earns one)."""
        key = (city, need)
        if key not in self._meals:
            self._meals[key] = self._city_meals(city, need)
        return self._meals[key]

    def _city_meals(self, city: str, need: int) -> dict[int, tuple[float, tuple[Restaurant, ...]]]:
        wanted = self.q.local.cuisines
        cap = need + 3
        # Exact, over the restaurants cheapest first: the cheapest pick of k of them
        # covering each cuisine mask.
        best: dict[tuple[int, int], tuple[float, tuple[Restaurant, ...]]] = {(0, 0): (0.0, ())}
        for r in self.restaurants.get(city, []):
            mask = sum(1 << i for i, c in enumerate(wanted) if c in r.cuisines)
            if not mask and all(k >= need for k, _ in best):
                continue  # a restaurant of no wanted cuisine only fills a needed meal
            for (k, m), (cost, picked) in list(best.items()):
                if k < cap and (k < need or mask & ~m):
                    nxt = (k + 1, m | mask)
                    if nxt not in best or cost + r.average_cost < best[nxt][0]:
                        best[nxt] = (cost + r.average_cost, (*picked, r))
        found: dict[int, tuple[float, tuple[Restaurant, ...]]] = {}
        for (k, m), option in best.items():
            if k >= need and (m not in found or option[0] < found[m][0]):
                found[m] = option
        return found

    def meals(self, sk: Skeleton) -> bool:
        """Choose the cheapest distinct restaurants for the days that need meals, covering
        the cuisines asked for; False when the cities cannot feed the trip."""
        full = (1 << len(self.q.local.cuisines)) - 1
        plans: dict[int, tuple[float, dict[str, list[Restaurant]]]] = {0: (0.0, {})}
        for city, nights in zip(sk.route, sk.nights, strict=True):
            joined: dict[int, tuple[float, dict[str, list[Restaurant]]]] = {}
            for m, (cost, chosen) in plans.items():
                for cm, (ccost, picked) in self.city_meals(city, 3 * (nights - 1)).items():
                    mask, total = m | cm, cost + ccost
                    if mask not in joined or total < joined[mask][0]:
                        joined[mask] = (total, {**chosen, city: list(picked)})
            plans = joined
        if full not in plans:
            return False
        cost, sk.meals = plans[full]
        sk.meal_cost = cost * self.people
        return True


def _shortfall(results: dict[str, Result], cost: float) -> tuple[bool, int, float]:
    """How far a plan falls short, least first: a plan whose hard checks went unchecked
    (incomplete, or outside the sandbox) after any that was checked, then by failed checks,
    then by cost."""
    gate = results["complete_information"][0] is True and results["within_sandbox"][0] is True
    return (not gate, sum(1 for ok, _ in results.values() if ok is False), cost)


def plan_query(query: TravelQuery, provider: RegionProvider, check: Checker) -> PlanResult | None:
    """The cheapest plan ``check`` passes; else the complete plan failing fewest checks,
    cheapest first; else None.

    Meals on travel days are optional in the benchmark: spare budget buys them, and a plan
    they would take over the budget is planned again without them before the search moves
    on to a dearer skeleton.
    """
    planner = _Planner(query, provider)
    fallback: PlanResult | None = None
    for n, sk in enumerate(planner.skeletons()):
        spends = [query.budget] if query.budget is None else [query.budget, sk.cost]
        for spend in spends:
            plan = render(
                sk, query.days, planner.attractions, planner.restaurants, query.people, spend
            )
            results = check(plan)
            if passes(results):
                return PlanResult(plan, True, sk.cost, results)
            if fallback is None or _shortfall(results, sk.cost) < _shortfall(
                fallback.results, fallback.cost
            ):
                fallback = PlanResult(plan, False, sk.cost, results)
            if results.get("budget", (None, ""))[0] is not False:
                break
        if n > 50:
            break
    return fallback
