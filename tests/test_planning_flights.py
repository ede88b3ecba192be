"""What a request asks of its flights (nonstop, one stop at most, no red-eye, not early) is read
as a rule for the flights, never as a refusal to fly, is kept where any flight keeps it, and
has a check that says when it cannot be (real plans from the offline world, no network)."""

from __future__ import annotations

from datetime import datetime

import pytest

from lotara.models import FlightOption, FlightSegment
from lotara.planning.constraints import parse_local_constraints
from lotara.planning.needs import read_needs
from lotara.planning.suitability import flight_breaks
from tests.test_planning_days import plan


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        ("a week in Tuscany from Chicago, no red-eye flights", ["no_red_eye"]),
        ("we hate red-eyes", ["no_red_eye"]),
        ("we don't want overnight flights", ["no_red_eye"]),
        ("direct flights only", ["nonstop"]),
        ("only direct flights please", ["nonstop"]),
        ("fly direct from NYC", ["nonstop"]),
        ("no layovers", ["nonstop"]),
        ("no connecting flights, we have a toddler", ["nonstop"]),
        ("max one stop", ["one_stop"]),
        ("one stop max, no red eyes", ["one_stop", "no_red_eye"]),
        ("no early morning flights", ["no_early"]),
        ("we want a direct flight, no early starts", ["nonstop", "no_early"]),
        ("non-stop partying in Ibiza", []),
        ("a direct train to Kyoto", []),
        ("a night flight is fine", []),
        # The hours asked, in a traveller's words (the notes say how they were read).
        ("no early flights", ["no_early"]),
        ("I can't do early mornings", ["no_early"]),
        ("no crack of dawn flights", ["no_early"]),
        ("don't want to get up at 5 for a flight", ["no_early"]),
        ("nothing before 10am", ["leave_after_10"]),
        ("no flights before 9", ["leave_after_09"]),
        ("flights after 11am please", ["leave_after_11"]),
        ("flights not before 10am, no early flights", ["leave_after_10"]),
        ("late flights only", ["leave_after_12"]),
        ("afternoon flights preferred", ["leave_after_12"]),
        ("no flights after 8pm", ["leave_before_20"]),
        ("no late flights", ["leave_before_20"]),
        ("no red-eyes", ["no_red_eye"]),
        ("leave after 3 days in Rome", []),
        ("nothing before 3 in the afternoon is booked", []),
    ],
)
def test_what_is_asked_of_the_flights_is_a_rule_not_a_refusal_to_fly(
    text: str, rules: list[str]
) -> None:
    needs = read_needs(text)
    assert needs.flight_rules == rules
    assert "flight" not in needs.avoid_transport
    assert "flight" not in parse_local_constraints(text).avoid_transport
    if any(r == "no_early" or r.startswith("leave_") for r in rules):
        assert any("hours asked of the flights" in note for note in needs.notes)


@pytest.mark.parametrize("text", ["no flights", "I hate flying", "we'd rather avoid air travel"])
def test_a_refusal_to_fly_is_still_one(text: str) -> None:
    assert read_needs(text).avoid_transport == ["flight"]
    assert read_needs(text).flight_rules == []


def test_a_way_asked_for_is_never_also_refused() -> None:
    request, itinerary = plan("3 days in Paris from London, avoid flying, train please")
    assert request.transport_modes == ["train"]
    assert request.avoid_transport == ["flight"]
    assert {leg.kind for leg in itinerary.transport if leg.kind != "transfer"} == {"train"}


def test_a_low_cost_refusal_is_said_not_read_as_no_flights() -> None:
    needs = read_needs("4 days in Rome from Berlin, no budget airlines")
    assert needs.avoid_transport == []
    assert any("low-cost" in note for note in needs.notes)


def _flight(*legs: tuple[str, str, int]) -> FlightOption:
    segments = [
        FlightSegment(
            carrier="X",
            flight_number=f"X{n}",
            origin="AAA",
            destination="BBB",
            depart=depart,
            arrive=arrive,
            duration_minutes=minutes,
        )  # fmt: skip
        for n, (depart, arrive, minutes) in enumerate(legs)
    ]
    return FlightOption(
        id="f", origin="AAA", destination="BBB", date=datetime.fromisoformat(legs[0][0]).date(),
        segments=segments, stops=len(segments) - 1, duration_minutes=sum(m for *_, m in legs),
        price=100.0, price_per_person=100.0, currency="USD", source="test",
    )  # fmt: skip


def test_a_red_eye_is_a_flight_in_the_air_in_the_small_hours() -> None:
    day = _flight(("2027-05-01T09:00", "2027-05-01T12:00", 180))
    late = _flight(("2027-05-01T21:30", "2027-05-01T22:40", 70))  # home before one
    overnight = _flight(("2027-05-01T22:30", "2027-05-02T06:10", 460))
    early = _flight(("2027-05-01T06:15", "2027-05-01T08:00", 105))
    two_stops = _flight(
        ("2027-05-01T09:00", "2027-05-01T10:00", 60),
        ("2027-05-01T11:00", "2027-05-01T12:00", 60),
        ("2027-05-01T13:00", "2027-05-01T14:00", 60),
    )
    assert flight_breaks(day, ["no_red_eye", "no_early", "nonstop"]) == []
    assert flight_breaks(late, ["no_red_eye"]) == []
    assert flight_breaks(overnight, ["no_red_eye"]) and flight_breaks(early, ["no_red_eye"]) == []
    assert flight_breaks(early, ["no_early"]) == ["leaves at 06:15"]
    assert flight_breaks(two_stops, ["one_stop"]) and not flight_breaks(two_stops, ["no_early"])


def test_direct_flights_are_planned_where_there_are_some() -> None:
    request, itinerary = plan("long weekend in Chicago from New York, direct flights only")
    flights = [leg.flight for leg in itinerary.transport if leg.flight is not None]
    assert request.flight_rules == ["nonstop"] and len(flights) == 2
    assert all(f.stops == 0 for f in flights)
    check = next(c for c in itinerary.checks if c.name == "flight_rules")
    assert check.ok and check.hard


def test_a_rule_no_flight_keeps_is_a_failed_check_with_the_reason() -> None:
    request, itinerary = plan(
        "a slow week in Tuscany from Chicago in September for a retired couple, wine, "
        "no red-eye flights"
    )
    assert request.flight_rules == ["no_red_eye"] and "flight" not in request.avoid_transport
    assert itinerary.transport[0].flight is not None  # flown, not refused
    check = next(c for c in itinerary.checks if c.name == "flight_rules")
    assert not check.ok
    assert "No flight from Chicago to Florence is a daytime flight" in check.detail


@pytest.mark.parametrize(
    "text", ["Tokyo, Kyoto and Hiroshima with a JR pass", "Europe by rail pass, Paris to Vienna"]
)
def test_a_rail_pass_asks_for_trains(text: str) -> None:
    assert read_needs(text).transport_modes == ["train"]


@pytest.mark.parametrize(
    "text",
    ["3 weeks in Vietnam, ~$2500 excluding flights", "budget 3000 not including flights",
     "$4000 plus airfare", "flights not included, 2000 euros", "2000 eur excl. flights"],
)  # fmt: skip
def test_a_budget_that_leaves_out_the_flights_is_no_refusal_to_fly(text: str) -> None:
    needs = read_needs(text)
    assert "flight" not in needs.avoid_transport
    assert "flight" not in parse_local_constraints(text).avoid_transport
    assert any("flights included" in note for note in needs.notes)  # said, not dropped


def test_without_flights_and_no_money_near_it_is_still_no_flights() -> None:
    assert read_needs("3 weeks in Vietnam without flights").avoid_transport == ["flight"]
