"""Stays for a traveller who cannot manage stairs, on real plans from the offline world: a
wheelchair, a mobility scooter, a walker or "can't do stairs" books a stay known to be
step-free (an accessible hotel, never a hostel dorm or a guesthouse up stairs), the
accessibility check says what is known of the stay and that it is an estimate from its kind,
a kind asked for that has steps is said to be why another is booked, and a party without
access needs is unaffected (no network)."""

from __future__ import annotations

import pytest

from lotara.models import Itinerary
from lotara.planning.needs import read_needs
from tests.test_planning_days import plan  # planned once per request, as there


def check(itinerary: Itinerary, name: str):  # type: ignore[no-untyped-def]
    return next(c for c in itinerary.checks if c.name == name)


@pytest.mark.parametrize(
    "query",
    [
        "4 days in Lisbon from London, I use a wheelchair",
        "Prague 4 days from Berlin, my mum uses a walker, 2 of us",
        "3 days in Porto from London, I can't do stairs",
        "Rome and Florence for 6 days from London, I ride a mobility scooter",
        "Budapest 4 days from Vienna, my dad has limited mobility, 2 of us",
    ],
)
def test_a_traveller_who_cannot_manage_stairs_sleeps_step_free(query: str) -> None:
    _, itinerary = plan(query)
    assert itinerary.stays
    for booking in itinerary.stays:
        stay = booking.stay
        assert stay.step_free is True, (stay.name, stay.kind)
        assert stay.room_type != "shared room"
    access = check(itinerary, "accessibility")
    assert access.ok
    # What is known of the stay is said, and that it is the kind's estimate.
    assert itinerary.stays[0].stay.name in access.detail
    assert "estimate" in access.detail


def test_a_party_without_access_needs_is_unaffected() -> None:
    _, itinerary = plan("4 days in Lisbon from London")
    assert any(b.stay.room_type == "shared room" for b in itinerary.stays)  # the cheap dorm
    assert check(itinerary, "accessibility").detail == "No access needs stated."


def test_a_flat_asked_for_is_booked_and_its_steps_are_said_unknown() -> None:
    _, itinerary = plan("4 days in Lisbon from London, I use a wheelchair, we want an apartment")
    assert all(b.stay.kind == "apartment" for b in itinerary.stays)
    access = check(itinerary, "accessibility")
    assert "step-free access is not known for" in access.detail


def test_a_riad_up_stairs_is_refused_and_the_check_says_why() -> None:
    _, itinerary = plan("5 days in Marrakech from Paris in a riad, I use a wheelchair")
    assert all(b.stay.step_free for b in itinerary.stays)
    kind = check(itinerary, "stay_kind")
    assert not kind.ok
    assert "not step-free" in kind.detail and "world has no" not in kind.detail


@pytest.mark.parametrize(
    "words",
    [
        "I use a wheelchair",
        "mobility scooter",
        "my dad has limited mobility",
        "she uses a walker",
        "I can't do stairs",
        "on crutches",
        "we need an accessible room",
    ],
)
def test_the_words_for_stairs_are_read(words: str) -> None:
    needs = read_needs(words).accessibility
    assert {"wheelchair", "step_free"} & set(needs), needs
