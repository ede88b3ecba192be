"""The reading corpus: hundreds of requests as travellers write them, each with what it means.

``tests/data/requests.jsonl`` holds one request a line: ``q`` the sentence, ``kind`` what it
mostly exercises, and only the fields the sentence states (``origin``, ``to`` as
``City/CC``, or ``countries`` where a country or region is named and the cities are
lotara's choice, ``days``, ``start`` (or ``start_in``, a range the start falls in),
``travelers``, ``children``, ``budget`` as
``[amount, currency]``, ``trip_type``, ``diets``, ``accessibility``, ``avoid_stay_kinds``,
``transport_modes``, ``travel_class``, ``must_see``, ``pets``, ``rooms``). The expectation is
what a person means, not what the reader happens to output; a case the reader still gets
wrong carries ``xfail`` with the reason, and is strict, so a fix shows up.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from lotara.models import PlanConstraints, TripRequest
from lotara.planning.intent import build_trip_request
from lotara.world.provider import default_provider

TODAY = date(2027, 3, 1)  # conftest's LOTARA_NOW
CORPUS = Path(__file__).parent / "data" / "requests.jsonl"
HOME = {"home_airport": "ANC"}  # so a request without an origin is still read whole


def _cases() -> list[Any]:
    cases = []
    for number, line in enumerate(CORPUS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        case = json.loads(line)
        marks = []
        if "xfail" in case:
            marks.append(pytest.mark.xfail(strict=True, reason=f"{case['kind']}: {case['xfail']}"))
        cases.append(pytest.param(case, id=f"{number}-{case['kind']}", marks=marks))
    return cases


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def reading(case: dict[str, Any], trip: TripRequest) -> dict[str, Any]:
    """The trip's fields that ``case`` states, in the corpus's own notation."""
    got: dict[str, Any] = {}
    for key in case:
        if key == "origin":
            wanted = _plain(case["origin"])
            names = {_plain(trip.origin), _plain(trip.origin_city or "")}
            got[key] = case["origin"] if wanted in names else trip.origin_city or trip.origin
        elif key == "to":
            got[key] = [f"{d.city}/{d.country}" for d in trip.destinations]
        elif key == "countries":
            got[key] = sorted({d.country for d in trip.destinations})
        elif key == "start":
            got[key] = trip.start_date.isoformat()
        elif key == "start_in":
            first, last = case[key]
            inside = first <= trip.start_date.isoformat() <= last
            got[key] = case[key] if inside else trip.start_date.isoformat()
        elif key == "budget":
            got[key] = [trip.budget.amount, trip.budget.currency] if trip.budget else None
        elif key == "must_see":
            got[key] = [_plain(s) for s in trip.must_see]
        elif key in TripRequest.model_fields:
            got[key] = getattr(trip, key)
    return got


def expected(case: dict[str, Any]) -> dict[str, Any]:
    want = {k: v for k, v in case.items() if k not in ("q", "kind", "xfail")}
    if "to" in want:
        want["to"] = [f"{_plain(c.split('/')[0])}/{c.split('/')[1]}" for c in want["to"]]
    if "must_see" in want:
        want["must_see"] = [_plain(s) for s in want["must_see"]]
    return want


@pytest.fixture(scope="module")
def provider():
    return default_provider()


@pytest.mark.parametrize("case", _cases())
def test_request_is_read_as_meant(case: dict[str, Any], provider) -> None:
    trip = build_trip_request(
        case["q"], constraints=PlanConstraints(), prefs=HOME, provider=provider, today=TODAY
    )
    got = reading(case, trip)
    if "to" in got:
        got["to"] = [f"{_plain(c.split('/')[0])}/{c.split('/')[1]}" for c in got["to"]]
    assert got == expected(case)


def test_the_corpus_is_large_and_covers_every_kind() -> None:
    cases = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    kinds = {c["kind"] for c in cases}
    assert len(cases) >= 300
    assert {"place", "origin", "dates", "party", "budget", "shape", "needs"} <= kinds
