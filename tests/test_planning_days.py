"""Days as a person lives them, on real plans from the offline world: meals are never at a
clock time while the traveller is in the air or on the road, a stay's check-in never while
travelling nor during a meal or visit, the first morning after a late arrival is light, and
the views show the plan's own airport transfers (no network)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from lotara.models import DayPlan, Itinerary, PlanConstraints, TransportLeg, TripRequest
from lotara.planning.checks import journeys
from lotara.planning.intent import build_trip_request
from lotara.planning.pipeline import plan_trip
from lotara.planning.suitability import is_full_day
from lotara.planning.timing import LIGHT_START, LegTimes, leg_effect
from lotara.ui.trip import day_items, transfer_line
from lotara.world.offline import OfflineWorld

TODAY = date(2027, 3, 1)
TRIPS = [
    "5 days in Tokyo for under $3000 from LAX, food and culture",
    "long weekend in Barcelona from London for a family of four, beaches",
    "a week in Peru from Miami: Lima and Cusco, Machu Picchu, $4000 for 2",
    "5 days in Cusco from Lima, Machu Picchu, hiking",
    "backpacking from Sydney: Bangkok, Hanoi and Singapore, 12 days, $1800, hostels ok",
    "1 day in Lisbon from Madrid, $400",
]
_PLANS: dict[str, tuple[TripRequest, Itinerary]] = {}
AWAY = re.compile(r"at the airport|at the station|on board|on the road")


def plan(query: str) -> tuple[TripRequest, Itinerary]:
    if query not in _PLANS:
        world = OfflineWorld.shared()
        request = build_trip_request(
            query, constraints=PlanConstraints(), prefs={}, provider=world, today=TODAY
        )
        _PLANS[query] = (request, plan_trip(request, world)[0])
    return _PLANS[query]


def minutes(text: str | None) -> int | None:
    if not text:
        return None
    hh, mm = text[:5].split(":")
    return int(hh) * 60 + int(mm)


def under_way(leg: TransportLeg, day: DayPlan) -> tuple[int, int] | None:
    """The leg's time aboard on ``day``, in the day's wall clock (leaving in the origin's
    time, landing in the destination's), or None when it is not travelling that day."""
    dep, arr = datetime.fromisoformat(leg.depart), datetime.fromisoformat(leg.arrive)
    if not dep.date() <= day.date <= arr.date():
        return None
    lo = dep.hour * 60 + dep.minute if dep.date() == day.date else 0
    hi = arr.hour * 60 + arr.minute if arr.date() == day.date else 24 * 60
    return lo, hi


@pytest.mark.parametrize("query", TRIPS)
def test_no_meal_is_set_in_town_while_the_traveller_is_travelling(query: str) -> None:
    _, it = plan(query)
    seen_travel_meal = False
    for day in it.days:
        spans = [s for leg in journeys(it) if (s := under_way(leg, day)) is not None]
        for item in day.items:
            if item.kind != "meal" or item.start is None:
                continue
            lo, hi = minutes(item.start), minutes(item.end)
            assert lo is not None and hi is not None
            aboard = "on board" in item.name or "on the road" in item.name
            inside = [s for s in spans if s[0] <= lo and hi <= s[1]]
            overlapping = [s for s in spans if lo < s[1] and hi > s[0]]
            if aboard:
                seen_travel_meal = True
                assert inside, f"{day.date} {item.name} {item.start} is 'on board' off any leg"
                assert item.restaurant is None
            else:
                assert not overlapping, f"{day.date} {item.name} {item.start} while travelling"
            assert "on the way" not in item.name  # said where and when it is eaten
    # Every one of these trips flies or drives through a mealtime at least once.
    assert seen_travel_meal or any(
        "at the airport" in i.name or "before you leave" in i.name for d in it.days for i in d.items
    )


@pytest.mark.parametrize("query", TRIPS)
def test_check_in_and_check_out_never_fall_while_travelling(query: str) -> None:
    _, it = plan(query)
    for day in it.days:
        spans = [s for leg in journeys(it) if (s := under_way(leg, day)) is not None]
        for item in day.items:
            at = minutes(item.start) if item.kind == "stay" else None
            if at is not None:
                assert not any(lo < at < hi for lo, hi in spans), (day.date, item.name, at)


@pytest.mark.parametrize(
    "query",
    [
        # A train or coach into another time zone: Montmartre was planned at 09:50, half an
        # hour after the Eurostar's 10:20 arrival read in London's clock (09:20).
        "3 days in Paris from London by train",
        "4 days in Amsterdam from London by train",
        "a weekend in Versailles from London by train",
        *TRIPS,
    ],
)
def test_no_visit_starts_before_the_leg_that_brings_the_traveller_lands(query: str) -> None:
    _, it = plan(query)
    home = journeys(it)[0].origin
    for leg in (j for j in journeys(it) if j.destination != home):
        landed = datetime.fromisoformat(leg.arrive)
        for day in (d for d in it.days if d.date == landed.date()):
            for item in day.items:
                if item.kind == "activity":
                    at = minutes(item.start)
                    assert at is not None and at > landed.hour * 60 + landed.minute, (
                        day.date, item.name, item.start, leg.arrive,
                    )  # fmt: skip


@pytest.mark.parametrize(
    "query",
    [
        # Da Nang to Hanoi: checked out at 05:50 for a 07:20 taxi to a 09:05 flight, by a
        # three-hour rule, though the airport is 15 minutes away.
        "2 weeks in Vietnam south to north with my partner, from Melbourne, March, mid-range",
        *TRIPS,
    ],
)
def test_a_check_out_before_a_transfer_is_not_an_hour_of_waiting(query: str) -> None:
    _, it = plan(query)
    for day in it.days:
        items = sorted((i for i in day.items if i.start), key=lambda i: minutes(i.start) or 0)
        for out, then in zip(items, items[1:], strict=False):
            if out.kind == "stay" and "Check out" in out.name and then.kind == "transfer":
                wait = (minutes(then.start) or 0) - (minutes(out.start) or 0)
                assert wait <= 30, (day.date, out.start, then.name, then.start)


@pytest.mark.parametrize(
    "query",
    [
        # A flight home before noon: the check-out fell at 08:30, in breakfast's 08:00-08:45.
        "3 days in Tokyo from Singapore from 10 May",
        "3 days in Seoul from London in October",
        # A breakfast moved to "before you leave" ended where the check-out was.
        "12 days backpacking Thailand from Sydney: Bangkok, Chiang Mai and Krabi",
        # A check-in set at 22:00 however late the evening's visits ran.
        "3 days in Rome from Osaka in March",
        "4 days in Lisbon from London in March",
    ],
)
def test_check_in_and_check_out_never_fall_during_a_meal_or_visit(query: str) -> None:
    _, it = plan(query)
    desk = 15
    for day in it.days:
        timed = [
            (minutes(i.start), minutes(i.end), i)
            for i in day.items
            if i.kind in ("meal", "activity") and i.start and i.end
        ]
        for stay in (i for i in day.items if i.kind == "stay" and i.start):
            at = minutes(stay.start)
            assert at is not None
            clash = [
                i.name
                for lo, hi, i in timed
                if lo is not None and hi is not None
                if lo < at + desk and at < (hi if hi >= lo else 24 * 60)
            ]
            assert not clash, (day.date, stay.name, stay.start, clash)
    # A departure day's breakfast in town is eaten before the check-out, not cut short by it.
    departures = 0
    for day in it.days:
        out = [i for i in day.items if i.kind == "stay" and i.name.startswith("Check out")]
        eaten = [
            i
            for i in day.items
            if i.name.startswith("Breakfast") and i.start and not AWAY.search(i.name)
        ]
        if out and out[0].start and eaten:
            departures += 1
            assert (minutes(eaten[0].end) or 0) <= (minutes(out[0].start) or 0), day.items
    assert departures
    day_times = next(c for c in it.checks if c.name == "day_times")
    assert day_times.ok, day_times.detail


def test_the_morning_after_a_late_arrival_is_light_and_the_big_day_goes_elsewhere() -> None:
    request, it = plan("5 days in Cusco from Lima by bus, Machu Picchu, hiking")
    outbound = journeys(it)[0]
    landed = datetime.fromisoformat(outbound.arrive)
    left = datetime.fromisoformat(outbound.depart)
    # The offline world's Lima bus (asked for) gets in at night or after a long day aboard.
    assert landed.hour >= 21 or (landed.hour >= 12 and landed - left >= timedelta(hours=8))
    first = landed.date() + timedelta(days=1)
    morning = next(d for d in it.days if d.date == first)
    visits = [i for i in morning.items if i.kind == "activity"]
    assert all((minutes(i.start) or 0) >= LIGHT_START for i in visits), visits
    assert not any(i.activity and is_full_day(i.activity) for i in visits)
    # The whole-day sight asked for is still in the plan, on a day that can take it.
    big = [
        (d.date, i)
        for d in it.days
        for i in d.items
        if i.kind == "activity" and i.activity and is_full_day(i.activity)
    ]
    assert any("machu picchu" in i.name.lower() for _, i in big)
    assert all(when > first for when, _ in big)
    assert it.ok, [c for c in it.checks if not c.ok]


def test_a_late_or_long_arrival_starts_the_first_morning_light_and_others_do_not() -> None:
    day = date(2027, 6, 3)
    late = LegTimes(datetime(2027, 6, 3, 13, 0), datetime(2027, 6, 3, 23, 0), "bus", 600)
    small_hours = LegTimes(datetime(2027, 6, 2, 18, 0), datetime(2027, 6, 3, 5, 30), "flight", 420)
    long_haul = LegTimes(datetime(2027, 6, 2, 12, 0), datetime(2027, 6, 3, 15, 0), "flight", 780)
    short = LegTimes(datetime(2027, 6, 3, 9, 0), datetime(2027, 6, 3, 11, 0), "flight", 120)
    nxt = day + timedelta(days=1)
    assert leg_effect(nxt, late, 0, homeward=False)[0] == LIGHT_START
    assert leg_effect(day, small_hours, 0, homeward=False)[0] == LIGHT_START
    assert leg_effect(nxt, long_haul, 0, homeward=False)[0] == LIGHT_START
    assert leg_effect(nxt, short, 0, homeward=False) == (0, 24 * 60, False)
    # The way home never shapes a morning at the destination.
    assert leg_effect(nxt, late, 1, homeward=True)[0] == 0


@pytest.mark.parametrize("query", TRIPS[:3])
def test_views_show_exactly_the_plans_own_transfers(query: str) -> None:
    _, it = plan(query)
    transfers = {
        (leg.description, datetime.fromisoformat(leg.depart).strftime("%H:%M")): leg
        for leg in it.transport
        if leg.kind == "transfer"
    }
    assert transfers  # every one of these trips flies into a city of the trip
    for day in it.days:
        own = [(i.start, i.cost) for i in day.items if i.kind == "transfer"]
        shown = [i for i in day_items(it, day) if i.kind == "transfer"]
        assert [(i.start, i.cost) for i in shown] == own
        planned = [i for i in day.items if i.kind == "transfer"]
        for item, was in zip(shown, planned, strict=True):
            assert item.name == transfer_line(transfers[(was.name, was.start or "")])
        others = [i for i in day_items(it, day) if i.kind != "transfer"]
        assert others == [i for i in day.items if i.kind != "transfer"]


@pytest.mark.parametrize("query", [TRIPS[2], TRIPS[4]])
def test_every_transfer_is_on_a_day_including_the_ride_out_of_the_city_left(query: str) -> None:
    """On a moving day the day is the new city's; the ride to the old city's airport is on
    it all the same, once, at the hour it leaves."""
    _, it = plan(query)
    legs = [leg for leg in it.transport if leg.kind == "transfer"]
    assert len(legs) >= 4  # multi-city trips: in and out of more than one airport
    shown = [(i.name, i.start) for d in it.days for i in d.items if i.kind == "transfer"]
    wanted = [
        (leg.description, datetime.fromisoformat(leg.depart).strftime("%H:%M")) for leg in legs
    ]
    assert sorted(shown) == sorted(wanted)


@pytest.mark.parametrize(
    "query",
    [
        "a week in Tromso for the northern lights from Oslo, 2 people",
        "take my mum to see the northern lights, 4 nights in march, from glasgow",
    ],
)
def test_the_night_tour_a_trip_is_for_runs_past_midnight_after_a_day_in_town(query: str) -> None:
    """The northern lights tour (4-6 hours from 20:30) is the trip's must-see: planned in an
    evening, saying it runs past midnight, and never after a whole day away."""
    request, it = plan(query)
    assert request.must_see  # the theme names its sight
    assert next(c for c in it.checks if c.name == "must_see").ok
    for day in it.days:
        tours = [i for i in day.items if i.kind == "activity" and i.name in request.must_see]
        for tour in tours:
            assert (tour.start or "") >= "20:00" and "past midnight" in (tour.note or "")
            others = [i.activity for i in day.items if i.activity and i is not tour]
            assert not any(is_full_day(a) for a in others)
    assert sum(i.name in request.must_see for d in it.days for i in d.items) == 1


def test_a_train_weekend_leaves_early_and_comes_home_late() -> None:
    # A six-hour train each way: at a fixed mid-morning train the weekend was one evening
    # walk; the timetable lets the plan take the first train out and the last one home.
    _, it = plan("weekend in Amsterdam from Berlin by train, museums and canals")
    out, home = journeys(it)[0], journeys(it)[-1]
    assert out.kind == home.kind == "train"
    assert datetime.fromisoformat(out.depart).hour < 10
    assert datetime.fromisoformat(home.depart).hour >= 14
    visits = [i for d in it.days for i in d.items if i.kind == "activity"]
    assert len(visits) >= 4, [i.name for i in visits]
    assert it.ok, [c for c in it.checks if not c.ok]


def test_timetabled_departures_are_the_worlds_and_arrive_by_the_last_hour() -> None:
    legs = OfflineWorld.shared().ground_legs("Berlin", "Amsterdam", travelers=2)
    trains = [g for g in legs if g.mode == "train"]
    assert len(trains) > 1 and len({g.depart for g in trains}) == len(trains)
    assert len({(g.cost, g.duration_minutes) for g in trains}) == 1  # one train, its times
    for g in trains:
        hh, mm = map(int, (g.depart or "").split(":"))
        assert hh * 60 + mm + g.duration_minutes <= 23 * 60 + 30
    assert all(g.depart is None for g in legs if g.mode not in ("train", "bus", "ferry"))


@pytest.mark.parametrize(
    "query",
    [
        "New York City for 3 days from Chicago, Broadway show and museums, $2500 for 2",
        "a fortnight in Spain from Chicago: Madrid, Seville, Granada and Barcelona for 2, $9000",
    ],
)
def test_no_meal_is_eaten_during_a_visit(query: str) -> None:
    # A lunch pushed past a late landing sat on top of the afternoon's first visit, and a
    # dinner began while the day's last visit (pushed on by the walks to it) still ran.
    _, it = plan(query)
    day_times = next(c for c in it.checks if c.name == "day_times")
    assert day_times.ok, day_times.detail
    for day in it.days:
        visits = [(i.start, i.end) for i in day.items if i.kind == "activity" and i.start]
        for meal in (i for i in day.items if i.kind == "meal" and i.start and i.end):
            assert not any(lo < meal.end and meal.start < hi for lo, hi in visits if hi), (
                day.date,
                meal.name,
            )


def test_between_cities_the_train_is_not_a_dawn_start_for_nothing() -> None:
    # With the timetable, a 07:00 train won every hop it tied on the days' points, and the
    # plan checked out at 05:45; a dawn start must buy hours in the days, a city hop buys none.
    _, it = plan(
        "a fortnight in Spain from Chicago: Madrid, Seville, Granada and Barcelona for 2, $9000"
    )
    between = [leg for leg in journeys(it)[1:-1] if leg.kind in ("train", "bus")]
    assert between
    assert all(datetime.fromisoformat(leg.depart).hour >= 8 for leg in between), between
    outs = [
        i for d in it.days for i in d.items if i.kind == "stay" and i.name.startswith("Check out")
    ]
    assert all((minutes(i.start) or 0) >= 7 * 60 for i in outs), [(i.name, i.start) for i in outs]


@pytest.mark.parametrize(
    "query",
    [
        # Parents in their seventies checked out at 05:45 for the 07:00 Vienna-Prague train,
        # a retired couple at 05:45 for the Lisbon-Faro one; a toddler likewise.
        "Taking my parents (both in their 70s) to see Vienna and Prague at Christmas, from "
        "Chicago, nothing too strenuous",
        "we're a retired couple wanting a relaxed 10 days in portugal, lisbon and the algarve, "
        "from toronto in may",
        "Vienna and Prague for a week with our 2 year old from London",
    ],
)
def test_a_gentle_party_is_not_up_at_dawn_for_a_train_between_cities(query: str) -> None:
    request, it = plan(query)
    assert request.pace == "relaxed" or any(a < 4 for a in request.children_ages)
    between = [leg for leg in journeys(it)[1:-1] if leg.kind in ("train", "bus")]
    assert between
    assert all(datetime.fromisoformat(leg.depart).hour >= 8 for leg in between), between


def test_a_sunset_excursion_runs_into_the_evening_not_from_breakfast() -> None:
    # A five-hour desert sunset trip (a whole-day sight at its best at sunset) was planned
    # 09:00-17:30, with lunch "at the sight" and back before the sun went down.
    _, it = plan(
        "first time in Morocco, 8 days, Marrakech Fes and an Agafay desert sunset, from Madrid, "
        "2 people"
    )
    found = [
        (d, i)
        for d in it.days
        for i in d.items
        if i.kind == "activity"
        and i.activity
        and i.activity.best_time == "sunset"
        and is_full_day(i.activity)
    ]
    assert found
    for day, item in found:
        assert (minutes(item.start) or 0) >= 15 * 60 and (minutes(item.end) or 0) <= 21 * 60
        meals = [i for i in day.items if i.kind == "meal"]
        assert not any("at the sight" in m.name for m in meals)
        dinner = next(m for m in meals if m.name.startswith("Dinner"))
        assert (minutes(dinner.start) or 0) >= (minutes(item.end) or 0)
    assert it.ok, [c for c in it.checks if not c.ok]


def test_limited_walking_leaves_out_the_hikes_and_says_so() -> None:
    # "Nothing too strenuous" with a mother of 74 was planned up Arthur's Seat.
    _, it = plan(
        "long weekend in Edinburgh from London on the train with my mum (she's 74), "
        "nothing too strenuous"
    )
    names = [i.name for d in it.days for i in d.items if i.kind == "activity"]
    assert names and not any("hike" in n.lower() or "climb" in n.lower() for n in names)
    assert any(n.startswith("Left out, as walking is limited: Arthur's Seat") for n in it.notes)
