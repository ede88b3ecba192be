"""A cabin, chalet, cottage or lodge asked for is a cabin, not a villa: on real plans from
the offline world, a mountain getaway books its chalet and the check passes; a town with
none books the nearest kind (a whole flat, never a dorm) and the check names what was booked
instead; a flight's cabin is no kind of stay (no network)."""

from __future__ import annotations

import pytest

from lotara.planning.needs import read_needs
from tests.test_planning_days import plan


@pytest.mark.parametrize(
    "query",
    [
        "a cosy cabin in the mountains in Banff for 4 nights from Toronto",
        "a log cabin in Queenstown for 5 nights from Sydney",
        "ski trip to Whistler for 6 days from Los Angeles, 4 adults, chalet",
    ],
)
def test_a_cabin_in_a_mountain_getaway_is_its_chalet(query: str) -> None:
    request, it = plan(query)
    assert request.stay_kinds == ["cabin"]
    assert it.stays and all(b.stay.kind == "chalet" for b in it.stays)
    check = next(c for c in it.checks if c.name == "stay_kind")
    assert check.ok, check.detail
    assert "villa" not in check.detail


def test_a_cabin_where_the_world_has_none_books_the_nearest_kind_and_says_so() -> None:
    request, it = plan("a cosy cabin by a lake in Lake Tahoe for 4 nights from San Francisco")
    assert request.stay_kinds == ["cabin"]
    stay = it.stays[0].stay
    assert stay.room_type == "entire room" and stay.kind != "hostel"
    check = next(c for c in it.checks if c.name == "stay_kind")
    assert not check.ok
    assert stay.name in check.detail and "not a cabin" in check.detail
    assert "villa" not in check.detail


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("a week in Paris, cabin bag only, business class cabin", []),
        ("a cottage in the Cotswolds", ["cabin"]),
        ("a chalet in Zermatt", ["cabin"]),
        ("a ski lodge in Aspen", ["cabin"]),
        ("a safari lodge in the Serengeti", []),
        ("a villa in Bali", ["villa"]),
    ],
)
def test_the_words_for_a_cabin_are_read_as_one(text: str, kinds: list[str]) -> None:
    assert read_needs(text).stay_kinds == kinds
