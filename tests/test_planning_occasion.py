"""A couple's honeymoon, anniversary or romantic break: the stay is chosen as one.

On real offline plans: with budget to spare the couple gets a room for two in a hotel of a
better class (not a flat, a guesthouse or a family suite); on a tight budget the plan still
fits, and its notes say what was booked and what the better room would have cost.
"""

from __future__ import annotations

from datetime import date

import pytest

from lotara.models import PlanConstraints, TripRequest
from lotara.planning.candidates import find_stays
from lotara.planning.intent import build_trip_request
from lotara.planning.needs import read_occasion
from lotara.planning.optimise import couple_occasion, couples_stay
from lotara.planning.pipeline import plan_trip
from lotara.planning.suitability import STAY_CLASS_ORDER, stay_class
from lotara.world.provider import default_provider

TODAY = date(2027, 3, 1)


@pytest.fixture(scope="module")
def world():
    return default_provider()


def request_for(query: str, world) -> TripRequest:
    return build_trip_request(
        query, constraints=PlanConstraints(), prefs={}, provider=world, today=TODAY
    )


@pytest.mark.parametrize(
    ("text", "occasion"),
    [
        ("honeymoon in Bali for 10 days", "honeymoon"),
        ("we're newlyweds, 5 days in Paris", "honeymoon"),
        ("our 10th wedding anniversary in Rome", "anniversary"),
        ("anniversary weekend in Prague", "anniversary"),
        ("a romantic getaway to Venice", "romantic"),
        ("a babymoon in Lisbon", "romantic"),
        ("I'm proposing to my girlfriend in Paris", "romantic"),
        ("can you propose an itinerary for Rome", None),
        ("6 days in Tokyo for 2, food", None),
    ],
)
def test_the_occasion_is_read(text: str, occasion: str | None) -> None:
    assert read_occasion(text) == occasion


def _good_for_a_couple(plan, request, world) -> list[str]:
    """The stays that are not a room for two in an upscale-or-better hotel."""
    bad = []
    pools = find_stays(request, world).stays
    for choice in plan.stays:
        pool = pools.get(choice.city, [])
        klass = stay_class(choice.stay, pool)
        if not couples_stay(choice.stay, choice.rooms) or STAY_CLASS_ORDER.index(
            klass
        ) < STAY_CLASS_ORDER.index("upscale"):
            bad.append(f"{choice.stay.name} ({klass} {choice.stay.kind}, {choice.rooms} rooms)")
    return bad


def test_an_anniversary_with_budget_left_gets_a_hotel_room_for_two_not_a_flat(world) -> None:
    request = request_for("our anniversary, 4 days in Rome from London, £1500", world)
    assert couple_occasion(request) and request.occasion == "anniversary"
    plan, _ = plan_trip(request, world)
    assert plan.ok, [c for c in plan.checks if not c.ok]
    assert not _good_for_a_couple(plan, request, world)
    assert plan.cost.total <= 1500
    assert any(n.startswith("For the anniversary:") for n in plan.notes)
    # The same trip as two friends is free to take the cheaper flat.
    friends, _ = plan_trip(request.model_copy(update={"occasion": None}), world)
    assert friends.stays[0].stay.kind == "apartment"
    assert friends.stays[0].cost < plan.stays[0].cost


def test_a_honeymoon_with_room_in_the_budget_books_a_better_class(world) -> None:
    request = request_for("honeymoon in Bali for 10 days from Singapore, $8000", world)
    assert request.travelers == 2 and request.occasion == "honeymoon"
    plan, _ = plan_trip(request, world)
    assert plan.ok, [c for c in plan.checks if not c.ok]
    assert not _good_for_a_couple(plan, request, world)
    assert any("with a room for two" in n for n in plan.notes)


def test_a_tight_honeymoon_budget_still_fits_and_says_what_it_could_not_buy(world) -> None:
    request = request_for("honeymoon in Paris 5 days from London, £900", world)
    plan, _ = plan_trip(request, world)
    assert plan.cost.total <= 900
    stay = plan.stays[0]
    # One room for the two of them, never two singles or a dorm, however cheap.
    assert stay.rooms == 1 and stay.stay.room_type != "shared room"
    said = [n for n in plan.notes if n.startswith("For the honeymoon:")]
    assert said and "the budget does not reach" in said[0] and "GBP more" in said[0]


def test_a_honeymoon_with_children_is_not_planned_as_a_couple(world) -> None:
    request = request_for(
        "honeymoon in Bali with our two kids, 10 days from Singapore, $8000", world
    )
    assert request.travelers == 4 and not couple_occasion(request)


def test_no_stay_of_the_class_asked_books_the_closest_class_not_the_cheapest(world) -> None:
    # Two nights in Paris leave four hotels (the flats' minimum nights rule them out), none
    # of them "luxury" against that pool: the closest class is booked, as the check says.
    request = request_for(
        "a long weekend in Paris for our 30th wedding anniversary from New York, money no object",
        world,
    )
    assert request.stay_class == "luxury" and request.occasion == "anniversary"
    plan, _ = plan_trip(request, world)
    pool = find_stays(request, world).stays["Paris"]
    chosen = plan.stays[0].stay
    best = max(STAY_CLASS_ORDER.index(stay_class(s, pool)) for s in pool)
    assert STAY_CLASS_ORDER.index(stay_class(chosen, pool)) == best
    check = next(c for c in plan.checks if c.name == "stay_class")
    assert check.ok or "the closest is booked" in check.detail
