"""The solver's model holds only options that could be chosen: a leg or stay that another
beats in price, points and free time is left out before the model is built."""

from __future__ import annotations

from datetime import date, datetime

from lotara.planning.solver import Opt, Problem, StayGroup, _undominated
from lotara.planning.timing import LegTimes

DAY = date(2027, 4, 1)


def _flight(key: str, cost: float, value: float, lands: str) -> Opt:
    times = LegTimes(
        depart=datetime(2027, 4, 1, 6, 0),
        arrive=datetime.fromisoformat(f"2027-04-01T{lands}"),
        kind="flight",
    )
    return Opt(key=key, cost=cost, value=value, payload=None, times=times)


def _problem(legs: list[list[Opt]], stays: list[Opt]) -> Problem:
    return Problem(
        days=[(DAY, "Rome"), (date(2027, 4, 2), "Rome")],
        legs=legs,
        home_leg=False,
        stays=[StayGroup("Rome", 0, None, DAY, date(2027, 4, 2), stays)],
        activities={"Rome": []},
        activity_value={},
        restaurants={"Rome": []},
        meal_value={},
        way_cost={},
        closed=lambda a, d: False,
        travelers=2,
        pace=3,
        cap=1000.0,
        hard_cap=True,
    )


def test_a_dearer_worse_leg_landing_no_sooner_is_left_out() -> None:
    best = _flight("best", 300, 8.0, "10:00")
    dearer = _flight("dearer", 350, 7.0, "10:00")  # same day, costs more, worth less
    twin = _flight("twin", 300, 8.0, "10:00")  # alike in every way: one of them is enough
    sooner = _flight("sooner", 400, 6.0, "08:00")  # dearer and worse, but more of the day free
    later = _flight("later", 350, 8.0, "12:00")  # dearer and lands later
    transfers = _flight("transfers", 290, 8.0, "10:00")
    transfers.extra = 20.0  # cheaper fare, but its airport's transfers make it dearer
    kept = _undominated(_problem([[best, dearer, twin, sooner, later, transfers]], []))
    assert [o.key for o in kept.legs[0]] == ["best", "sooner"]


def test_a_stay_no_better_and_dearer_is_left_out() -> None:
    stays = [
        Opt(key="good", cost=500, value=20.0, payload=None),
        Opt(key="worse-dearer", cost=600, value=18.0, payload=None),
        Opt(key="better-dearer", cost=700, value=24.0, payload=None),
        Opt(key="cheapest", cost=300, value=10.0, payload=None),
    ]
    kept = _undominated(_problem([[_flight("f", 300, 8.0, "10:00")]], stays))
    assert [o.key for o in kept.stays[0].options] == ["good", "better-dearer", "cheapest"]


def test_a_whole_day_sight_may_start_late_on_a_light_first_morning() -> None:
    # Landing at 02:30 the first morning is light (free from 10:30). The day trip open only
    # that day was once ruled out hard, leaving the day empty; it now starts at 10:30.
    from lotara.models import Activity
    from lotara.planning.solver import solve
    from lotara.planning.timing import LIGHT_START

    trip = Activity(
        id="AC-DAY",
        name="Day trip to Tivoli",
        city="Rome",
        lat=41.9,
        lon=12.5,
        tags=["history"],
        cost=0.0,
        currency="USD",
        duration_minutes=480,
        full_day=True,
        opens="08:00",
        closes="20:00",
        source="offline",
    )
    night = _flight("night", 300, 8.0, "02:30")
    problem = _problem([[night]], [])
    problem.days = [(DAY, "Rome")]
    problem.stays = []
    problem.activities = {"Rome": [trip]}
    problem.activity_value = {trip.id: 30.0}
    solution = solve(problem)
    visits = [i for d in solution.days for i in d.items if i.ref == trip.id or i.name == trip.name]
    assert len(visits) == 1 and visits[0].start == LIGHT_START
