"""Local constraints read from TravelPlanner's wording and from everyday wording."""

from __future__ import annotations

import pytest

from lotara.planning.constraints import parse_local_constraints


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        ("We require accommodations where parties are allowed.", ["parties"]),
        ("Smoking is a necessity for us.", ["smoking"]),
        ("We'll be traveling with children under 10.", ["children under 10"]),
        ("It's vital that our accommodations are pet-friendly.", ["pets"]),
        ("we are bringing our dog", ["pets"]),
        ("The accommodations should allow visitors.", ["visitors"]),
        ("Could you plan a trip for a party of 3?", []),
        ("A non-smoking room, please.", []),
        ("We have no specific accommodation restrictions.", []),
    ],
)
def test_house_rules(text: str, rules: list[str]) -> None:
    assert parse_local_constraints(text).house_rules == rules


@pytest.mark.parametrize(
    ("text", "room_type"),
    [
        ("we would prefer to have entire rooms for our accommodations", "entire room"),
        ("we want an entire room", "entire room"),
        ("As for our accommodations, we would appreciate private rooms.", "private room"),
        ("We need accommodations that are not shared rooms.", "not shared room"),
        ("should ideally be non-shared rooms", "not shared room"),
        ("looking for rooms that are not shared", "not shared room"),
        ("A shared room is fine for us.", "shared room"),
        ("Our budget is $1,600.", None),
    ],
)
def test_room_type(text: str, room_type: str | None) -> None:
    assert parse_local_constraints(text).room_type == room_type


@pytest.mark.parametrize(
    ("text", "cuisines"),
    [
        ("we are interested in enjoying both Chinese and Mexican meals", ["Chinese", "Mexican"]),
        ("Chinese and Italian food", ["Chinese", "Italian"]),
        ("we love sushi but not Mexican", ["Japanese"]),
        ("On the subject of cuisine, we're open to any suggestions.", []),
    ],
)
def test_cuisines(text: str, cuisines: list[str]) -> None:
    assert parse_local_constraints(text).cuisines == cuisines


@pytest.mark.parametrize(
    ("text", "avoid"),
    [
        ("no flights please", ["flight"]),
        ("Importantly, please avoid any flight bookings for transportation.", ["flight"]),
        ("We'll not be flying and will presumably drive to the destination.", ["flight"]),
        ("We would prefer not to drive ourselves during this trip.", ["self-driving"]),
        ("We will not be self-driving during this trip.", ["self-driving"]),
        ("We prefer non-self-driving transportation.", ["self-driving"]),
        ("Please note that we will not be using a self-driving car.", ["self-driving"]),
        ("I don't want to drive, and no taxis", ["self-driving", "taxi"]),
        ("We will fly to Denver and drive around.", []),
    ],
)
def test_avoid_transport(text: str, avoid: list[str]) -> None:
    assert parse_local_constraints(text).avoid_transport == avoid


def test_everything_in_one_travelplanner_query() -> None:
    got = parse_local_constraints(
        "Could you assist in creating a 3-day travel plan for a duo, starting from Nashville "
        "and going to Detroit from March 15th to March 17th, 2022? Our budget is set at "
        "$2,200. We require accommodations that permit smoking and are looking for rooms "
        "that are not shared. We would prefer not to drive ourselves during this trip. "
        "We'd like French and Indian cuisines."
    )
    assert got.house_rules == ["smoking"]
    assert got.room_type == "not shared room"
    assert got.avoid_transport == ["self-driving"]
    assert got.cuisines == ["French", "Indian"]
