"""Plans written in TravelPlanner's official submission format.

Every named entry is ``Name, City``; a day's attractions are ``A, City;B, City;``; a
travel day's ``current_city`` is ``from A to B``; transport is ``-`` on days without
travel; the last day's accommodation is ``-``. A flight reads ``Flight Number: F0123456,
from A to B, Departure Time: 11:03, Arrival Time: 13:31``; a drive or taxi repeats the
sandbox's own line (mode capitalised), written back from the ``GroundLeg`` the provider gave.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lotara.models import FlightOption, GroundLeg, Restaurant, Stay


@dataclass
class Leg:
    """One move between cities: its mode, ends, cost for the party and what it was (a flight,
    or a drive or taxi for one vehicle)."""

    mode: str
    origin: str
    destination: str
    cost: float
    detail: FlightOption | GroundLeg


@dataclass
class Skeleton:
    """A plan's shape: the city order, nights per city, legs, stays and chosen meals."""

    origin: str
    route: list[str]
    nights: list[int]
    legs: list[Leg]
    stays: list[Stay]
    base_cost: float
    meals: dict[str, list[Restaurant]] = field(default_factory=dict)
    meal_cost: float = 0.0

    @property
    def cost(self) -> float:
        return self.base_cost + self.meal_cost


def transport_text(leg: Leg) -> str:
    """A leg as the submission format writes it."""
    if isinstance(leg.detail, FlightOption):
        seg = leg.detail.segments[0]
        return (
            f"Flight Number: {leg.detail.id}, from {leg.origin} to {leg.destination}, "
            f"Departure Time: {seg.depart[-5:]}, Arrival Time: {seg.arrive[-5:]}"
        )
    return ground_text(leg.detail)


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" + ("" if n == 1 else "s")


def ground_text(leg: GroundLeg) -> str:
    """A drive or taxi as the sandbox words it: 'Self-driving, from A to B, duration: 4 hours
    2 mins, distance: 1,407 km, cost: 20'.

    Distances follow the benchmark's distance matrix: one decimal under 100 km ('10.0'),
    whole kilometres with thousands commas from 100 km on.
    """
    hours, mins = divmod(leg.duration_minutes, 60)
    duration = (
        _plural(mins, "min") if not hours else f"{_plural(hours, 'hour')} {_plural(mins, 'min')}"
    )
    km = leg.distance_km
    distance = f"{km:.1f}" if km < 100 else f"{round(km):,}"
    mode = leg.mode[0].upper() + leg.mode[1:]
    return (
        f"{mode}, from {leg.origin} to {leg.destination}, duration: {duration}, "
        f"distance: {distance} km, cost: {leg.cost:g}"
    )


def entry(name: str, city: str) -> str:
    return f"{name}, {city}"


def render(
    sk: Skeleton,
    days: int,
    attractions: dict[str, list[str]],
    restaurants: dict[str, list[Restaurant]],
    people: int,
    budget: float | None,
) -> list[dict]:
    """The skeleton as submission-format days; spare budget buys meals on travel days."""
    arrivals = [0]
    for nights in sk.nights:
        arrivals.append(arrivals[-1] + nights)
    plan: list[dict] = []
    city_of_day: list[str] = []
    for d in range(days):
        # The city whose stay covers the night after day d (or the last city on the last day).
        k = (
            max(i for i in range(len(sk.route)) if arrivals[i] <= d)
            if d < days - 1
            else len(sk.route) - 1
        )
        city_of_day.append(sk.route[k])
    spare = (budget - sk.cost) if budget is not None else float("inf")
    used = {id(r) for rs in sk.meals.values() for r in rs}
    meal_queue = {city: list(rs) for city, rs in sk.meals.items()}
    attraction_queue = {city: list(attractions.get(city, [])) for city in sk.route}
    leg_at = {arrivals[i]: sk.legs[i] for i in range(len(sk.legs))}
    for d in range(days):
        leg = leg_at.get(d)
        city = leg.destination if leg else city_of_day[d]
        if leg and d == days - 1:
            city = leg.origin  # the last day is spent where the trip leaves from
        unit: dict = {"days": d + 1}
        if leg:
            unit["current_city"] = f"from {leg.origin} to {leg.destination}"
            unit["transportation"] = transport_text(leg)
        else:
            unit["current_city"] = city
            unit["transportation"] = "-"
        # Meals and sights happen in a destination city, never in the trip's origin.
        eat_city = city if city != sk.origin else (leg.origin if leg else city)
        full_after = sum(
            1 for e in range(d + 1, days) if e not in leg_at and city_of_day[e] == eat_city
        )
        queue = meal_queue.get(eat_city, [])
        for meal in ("breakfast", "lunch", "dinner"):
            value = "-"
            if queue and (not leg or len(queue) > 3 * full_after):
                r = queue.pop(0)
                value = entry(r.name, eat_city)
            elif leg and eat_city in meal_queue:
                extra = next(
                    (
                        r
                        for r in restaurants.get(eat_city, [])
                        if id(r) not in used and r.average_cost * people <= spare
                    ),
                    None,
                )
                if extra is not None:
                    used.add(id(extra))
                    spare -= extra.average_cost * people
                    value = entry(extra.name, eat_city)
            unit[meal] = value
        sights = attraction_queue.get(eat_city, [])
        if leg:
            take = 1 if len(sights) > full_after else 0
        else:
            # Two sights a day while enough remain for each later full day here.
            take = max(1, min(2, len(sights) - full_after))
        picked = [sights.pop(0) for _ in range(min(take, len(sights)))]
        unit["attraction"] = "".join(f"{entry(a, eat_city)};" for a in picked) or "-"
        unit["accommodation"] = "-"
        if d < days - 1:
            k = max(i for i in range(len(sk.route)) if arrivals[i] <= d)
            unit["accommodation"] = entry(sk.stays[k].name, sk.route[k])
        plan.append(
            {
                key: unit[key]
                for key in (
                    "days",
                    "current_city",
                    "transportation",
                    "breakfast",
                    "attraction",
                    "lunch",
                    "dinner",
                    "accommodation",
                )
            }
        )
    return plan
