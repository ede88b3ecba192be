"""A thing the traveller wished to do is never dropped silently: on real plans from the
offline world, a wish the trip's cities offer ("ice skating" in New York in December, "a
cooking class" in Bangkok) puts a sight that offers it in the days; one they do not (scuba
diving in Paris, sumo in Tokyo as the world knows it) or not on the trip's dates (the rink in
July, the northern lights in a Tromso summer) is said in one note, with why, in the plan's
notes and its JSON; a plan with no wish, or with one refused ("no skiing"), gets no such
note (no network)."""

from __future__ import annotations

import json

import pytest

from lotara.models import Itinerary
from lotara.planning.wishes import WISHES, fits
from tests.planning_support import planned


def offered(it: Itinerary, label: str) -> list[str]:
    return [
        i.activity.name
        for d in it.days
        for i in d.items
        if i.activity and fits(label, i.activity.name, i.activity.tags)
    ]


def wish_notes(it: Itinerary) -> list[str]:
    return [n for n in it.notes if any(n.startswith(f"{w.label}: ") for w in WISHES)]


# (request, the wish read, a word of the sight that offers it)
MET = [
    (
        "5 days in New York from Boston in December, we'd love to go ice skating",
        "Ice skating",
        "rink",
    ),
    (
        "a week in Bangkok from Singapore, we'd like to take a cooking class",
        "A cooking class",
        "cooking",
    ),
    ("5 days in Krabi from Bangkok, we want to go kayaking", "Kayaking", "kayaking"),
    ("a week in Whistler from Seattle in January, we want to go skiing", "Skiing", "skiing"),
    ("5 days in Bordeaux from Paris, we want to visit a vineyard", "Wine tasting", "vineyard"),
    ("5 days in Ho Chi Minh City from Bangkok, a street food tour", "A food tour", "food tour"),
]


@pytest.mark.parametrize(("query", "label", "word"), MET)
def test_a_wish_the_world_offers_is_in_the_days(query: str, label: str, word: str) -> None:
    request, it = planned(query)
    assert label in request.wishes
    names = offered(it, label)
    assert names and any(word in n.lower() for n in names), names
    assert not wish_notes(it), it.notes
    assert all(c.ok for c in it.checks if c.hard), [c.detail for c in it.checks if not c.ok]


# (request, the wish, words the note must hold)
UNMET = [
    (
        "4 days in Paris from London, we want to go scuba diving",
        "Scuba diving",
        ("no dive site", "Paris"),
    ),
    ("5 days in Tokyo from Seoul in May, we'd love to see a sumo match", "Sumo", ("Tokyo",)),
    ("5 days in Dublin from London, we'd love to go horse riding", "Horse riding", ("Dublin",)),
    ("4 days in Rome from London, a food tour", "A food tour", ("no food tour", "Rome")),
    ("5 days in Lisbon from London, surf lessons", "Surfing", ("Lisbon",)),
    (
        "5 days in New York from Boston in July, we'd love to go ice skating",
        "Ice skating",
        ("Wollman Rink", "October to March"),
    ),
    (
        "5 days in Tromso from Oslo in July, we want to see the northern lights",
        "The northern lights",
        ("September to March",),
    ),
    ("a week in Banff from Calgary in August, skiing", "Skiing", ("November to May",)),
]


@pytest.mark.parametrize(("query", "label", "words"), UNMET)
def test_a_wish_the_plan_cannot_honour_is_said_once(
    query: str, label: str, words: tuple[str, ...]
) -> None:
    request, it = planned(query)
    assert label in request.wishes
    assert not offered(it, label)
    notes = wish_notes(it)
    assert len(notes) == 1 and notes[0].startswith(f"{label}: "), it.notes
    assert all(w in notes[0] for w in words), notes
    assert notes[0].endswith("so none is planned.")
    # Said once: no must-see out of season left to fail the checks, no second season note.
    assert all(c.ok for c in it.checks if c.hard), [c.detail for c in it.checks if not c.ok]
    assert not [n for n in [*request.notes, *it.notes] if "open only in" in n]


def test_two_wishes_one_met_one_not() -> None:
    request, it = planned("4 days in Bangkok from Singapore, a cooking class and ice skating")
    assert request.wishes == ["A cooking class", "Ice skating"]
    assert offered(it, "A cooking class")
    notes = wish_notes(it)
    assert [n.split(":")[0] for n in notes] == ["Ice skating"], notes


@pytest.mark.parametrize(
    "query",
    [
        "5 days in New York from Boston in December",
        "5 days in Vienna from London, we love food and wine",  # an interest, not a wish
        "4 days in Prague from London, no skiing please",
        "5 days in Surfers Paradise from Sydney",  # a place's name, not a wish
    ],
)
def test_no_wish_no_wish_note(query: str) -> None:
    request, it = planned(query)
    assert request.wishes == []
    assert not wish_notes(it), it.notes


def test_the_note_reaches_the_json_plan() -> None:
    _, it = planned("4 days in Paris from London, we want to go scuba diving")
    data = json.loads(it.model_dump_json())
    assert any(n.startswith("Scuba diving: ") for n in data["notes"])
