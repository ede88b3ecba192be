"""Planning for a party with children: no nightlife, family things first, child-friendly stays."""

from __future__ import annotations

from datetime import date

import pytest

from lotara.models import Itinerary, PlanConstraints, TripRequest
from lotara.planning.intent import build_trip_request
from lotara.planning.optimise import activity_value, scoring_interests
from lotara.planning.pipeline import plan_trip
from lotara.world.provider import default_provider
from tests.test_planning_fake import FakeWorld

TODAY = date(2027, 3, 1)
FAMILY = "family of four to Barcelona for 6 days from London in July, budget 4000 GBP"


def request_for(query: str, world) -> TripRequest:
    return build_trip_request(
        query, constraints=PlanConstraints(), prefs={}, provider=world, today=TODAY
    )


def activity_tags(it: Itinerary) -> list[tuple[str, list[str]]]:
    return [
        (i.name, i.activity.tags)
        for d in it.days
        for i in d.items
        if i.kind == "activity" and i.activity
    ]


def test_the_family_barcelona_plan_has_no_nightlife_and_family_activities() -> None:
    world = default_provider()
    request = request_for(FAMILY, world)
    assert request.children
    itinerary, _ = plan_trip(request, world)
    assert itinerary.ok, [c for c in itinerary.checks if not c.ok]
    tags = activity_tags(itinerary)
    assert tags and not [name for name, t in tags if "nightlife" in t]
    assert [name for name, t in tags if "family" in t]
    # Four adults who did not ask for nightlife get none either; asking for it, they go out.
    adults = request.model_copy(update={"children": False})
    assert not [n for n, t in activity_tags(plan_trip(adults, world)[0]) if "nightlife" in t]
    night = adults.model_copy(update={"interests": [*adults.interests, "nightlife"]})
    assert [n for n, t in activity_tags(plan_trip(night, world)[0]) if "nightlife" in t]


def test_a_solo_plan_is_unchanged_and_plans_are_deterministic() -> None:
    world = default_provider()
    solo = request_for("6 days in Barcelona from London, solo, 3000 GBP, food and nightlife", world)
    assert not solo.children and scoring_interests(solo) == ["food", "nightlife"]
    first, _ = plan_trip(solo, world)
    assert first.ok and [n for n, t in activity_tags(first) if "nightlife" in t]
    assert plan_trip(solo, world)[0] == first
    # The same request for a party with children drops the nightlife, even though asked for.
    family, _ = plan_trip(solo.model_copy(update={"children": True, "travelers": 3}), world)
    assert family.ok, [c for c in family.checks if not c.ok]
    tags = activity_tags(family)
    assert not [n for n, t in tags if "nightlife" in t] and [n for n, t in tags if "family" in t]


def test_family_activities_score_higher_for_a_party_with_children() -> None:
    world = FakeWorld()
    request = request_for("Barcelona from London, a family of three, art", world)
    assert request.children and request.interests == ["art"]
    assert scoring_interests(request) == ["art", "family"]
    cruise = next(a for a in world.activities("Barcelona") if "family" in a.tags)
    assert activity_value(cruise, scoring_interests(request)) > activity_value(
        cruise, request.interests
    )


@pytest.mark.parametrize("query", ["Barcelona from London, 5 days for 3, with our baby, $4000"])
def test_a_baby_gets_a_stay_that_allows_children_under_10(query: str) -> None:
    world = default_provider()
    request = request_for(query, world)
    assert request.children and "children under 10" in request.house_rules
    itinerary, _ = plan_trip(request, world)
    assert itinerary.ok, [c for c in itinerary.checks if not c.ok]
    for booking in itinerary.stays:
        assert "no children under 10" not in {r.lower() for r in booking.stay.house_rules}


def test_a_family_with_a_small_child_flies_nonstop_and_the_over_budget_note_is_true() -> None:
    # Over budget anyway, the cheapest flight was 07:00-22:45 via Reykjavik with a
    # three-year-old while nonstops cost C$90 a seat more; and the note called a plan with a
    # C$277 day trip in it "the cheapest sound plan".
    world = default_provider()
    it, _ = plan_trip(
        request_for(
            "we're a family of 5 (kids 3, 7 and 12) wanting a week in london over easter from "
            "toronto, max 9k CAD",
            world,
        ),
        world,
    )
    flights = [leg.flight for leg in it.transport if leg.kind == "flight" and leg.flight]
    assert flights and all(f.stops == 0 for f in flights)
    assert any("fewest stops for the children" in n for n in it.notes)
    over = [n for n in it.notes if "more than the budget" in n]
    assert len(over) == 1 and not over[0].startswith("The cheapest sound plan")
    if it.cost.activities > 0:
        assert f"its paid sights are {it.cost.activities:,.2f} CAD" in over[0]


def test_with_a_toddler_an_hour_and_a_stop_in_the_air_count_twice() -> None:
    # London-Orlando: the nonstop costs 32% more than the 1-stop, beyond the 25% within which
    # only the fewest stops are offered; the 19-hour connection in business won, as a stop
    # and an hour weighed the same with a toddler as for adults alone.
    world = default_provider()
    it, _ = plan_trip(
        request_for("family with a toddler, 6 days in Orlando from London, $8000", world), world
    )
    flights = [leg.flight for leg in it.transport if leg.kind == "flight" and leg.flight]
    assert flights and all(f.stops == 0 for f in flights)


@pytest.mark.parametrize(
    ("query", "show"),
    [
        (
            "5 days in New York from Chicago for a family with two teens, see a Broadway show",
            "Broadway",
        ),
        ("4 days in Madrid from London with the kids, we want to see a flamenco show", "Flamenco"),
    ],
)
def test_a_show_a_family_asks_for_is_planned(query: str, show: str) -> None:
    # A Broadway show is tagged nightlife, so the catalogue once marked it not for children:
    # a family asking for one got a failed must_see check and no show.
    from tests.test_planning_days import plan

    request, it = plan(query)
    assert request.children
    shows = [i for d in it.days for i in d.items if i.activity and show in i.name]
    assert len(shows) == 1
    assert all(c.ok for c in it.checks if c.name in ("must_see", "family_friendly"))
