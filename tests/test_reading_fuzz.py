"""The reader under generated text: any sentence is a ``TripRequest`` or one clear sentence.

Hypothesis writes requests from real fragments (places, lengths, parties, budgets, dates in
every form) and from arbitrary unicode; the reader must never raise anything but a
``LotaraError`` with a one-line message, and some facts must hold whatever the rest says:
adding "with my wife" adds one traveller, a stated length is kept, a city named after "to"
is a stop. Also the staycation question and the travel order of a country's cities.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotara.errors import LotaraError, QueryNotUnderstood
from lotara.models import PlanConstraints, TripRequest
from lotara.planning.intent import build_trip_request, parse_query
from lotara.world.gazetteer import normalise
from lotara.world.provider import default_provider

TODAY = date(2027, 3, 1)
HOME = {"home_airport": "ANC"}
PROVIDER = default_provider()

CITIES = ["Rome", "Lisbon", "Tokyo", "Prague", "Nice", "Cape Town", "Hanoi", "Kraków"]
FRAGMENTS = st.sampled_from(
    [
        "5 days", "a week", "4 nights", "luxury week", "a long weekend", "two weeks",
        "3/10", "12/06/2027", "Oct 30 - Nov 3", "over Easter", "for Oktoberfest",
        "the May bank holiday", "Carnival 2028", "late June", "next spring",
        "R25 000", "three grand", "€1.200,50", "1.5 lakh rupees", "$150 a day",
        "two thousand euros", "NZ$1,500 each", "under 2k", "10^9", "-5 days", "0 days",
        "with my wife", "me + wife + 2 kids (5 and 9)", "family of five", "2 adults 2 teens",
        "grandparents with two grandchildren", "solo", "we",
        "fly into Rome, home from Venice", "one way", "by train only", "no flights",
        "vegan", "wheelchair", "with our two dogs", "no hostels", "business class",
        "from Boston", "ex-Heathrow", "from Manchester", "in", "to", ",", "and", "!!",
        "Baroque", "Backpacking", "Atlantisxq", "the Louvre", "😀", "日本", "İstanbul",
    ]
)  # fmt: skip


def _read(text: str) -> TripRequest | LotaraError:
    try:
        return build_trip_request(
            text, constraints=PlanConstraints(), prefs=HOME, provider=PROVIDER, today=TODAY
        )
    except LotaraError as error:
        return error


def _one_clear_sentence(error: LotaraError) -> None:
    message = str(error)
    assert message and "\n" not in message and "Traceback" not in message
    assert len(message) < 400


FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.lists(FRAGMENTS, min_size=1, max_size=8), st.sampled_from(CITIES))
def test_any_mix_of_fragments_is_a_trip_or_one_sentence(parts: list[str], city: str) -> None:
    outcome = _read(" ".join([*parts, "in", city]))
    if isinstance(outcome, LotaraError):
        _one_clear_sentence(outcome)
    else:
        assert outcome.destinations and 1 <= outcome.days <= 60
        assert 1 <= outcome.travelers <= 20


@FUZZ
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_raises_a_traceback(text: str) -> None:
    outcome = _read(text)
    if isinstance(outcome, LotaraError):
        _one_clear_sentence(outcome)


@FUZZ
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1500, max_size=2500))
def test_long_text_is_refused_in_one_sentence_or_read(text: str) -> None:
    outcome = _read(text)
    if isinstance(outcome, LotaraError):
        _one_clear_sentence(outcome)


@FUZZ
@given(
    st.sampled_from(CITIES),
    st.sampled_from(["4 days", "a week", "6 nights", "for a long weekend"]),
    st.sampled_from(["", "under three grand", "budget R25 000", "in late June"]),
)
def test_adding_a_wife_adds_one_traveller(city: str, length: str, extra: str) -> None:
    alone = parse_query(f"I'm going to {city} {length} {extra}", today=TODAY)
    paired = parse_query(f"I'm going to {city} {length} {extra} with my wife", today=TODAY)
    assert (alone.travelers or 1) + 1 == paired.travelers
    assert alone.days == paired.days  # a companion never changes the length


@FUZZ
@given(
    st.sampled_from(CITIES),
    st.integers(min_value=1, max_value=30),
    st.sampled_from(["", "with my mum", "three grand", "over Easter", "aged 7", "vegan"]),
)
def test_a_stated_length_and_city_are_kept(city: str, days: int, extra: str) -> None:
    trip = _read(f"{extra} {days} days in {city}".strip())
    assert isinstance(trip, TripRequest)
    assert trip.days == days
    assert normalise(trip.destinations[0].city).startswith(normalise(city.split()[0]))


@FUZZ
@given(st.integers(min_value=1, max_value=12), st.integers(min_value=13, max_value=28))
def test_a_day_over_twelve_decides_the_order(month: int, day: int) -> None:
    parts = parse_query(f"Rome from {day}/{month} for 4 days", today=TODAY)
    assert parts.start_date is not None
    assert (parts.start_date.month, parts.start_date.day) == (month, day)


def test_the_home_city_as_destination_asks_where_the_trip_starts() -> None:
    with pytest.raises(QueryNotUnderstood) as caught:
        build_trip_request(
            "4 days in New York",
            constraints=PlanConstraints(),
            prefs={"home_airport": "JFK"},
            provider=PROVIDER,
            today=TODAY,
        )
    message = str(caught.value)
    assert message.count("?") == 1 and "--" not in message  # one question, no CLI flags
    assert "New York" in message and "JFK" in message


def test_a_uk_home_airport_reads_numeric_dates_day_first_and_says_so() -> None:
    trip = build_trip_request(
        "Rome 3/10 to 8/10",
        constraints=PlanConstraints(),
        prefs={"home_airport": "LHR"},
        provider=PROVIDER,
        today=TODAY,
    )
    assert (trip.start_date, trip.days) == (date(2027, 10, 3), 6)
    assert any("3/10" in note and "day first" in note for note in trip.notes)


@pytest.mark.parametrize(
    ("query", "first", "last"),
    [
        ("two weeks in Vietnam", "Hanoi", "Ho Chi Minh City"),
        ("two weeks in Vietnam from Singapore", "Ho Chi Minh City", "Hanoi"),
        ("two weeks in Italy from Boston", "Milan", "Rome"),
    ],
)
def test_a_countrys_cities_follow_a_path_without_backtracking(
    query: str, first: str, last: str
) -> None:
    trip = _read(query)
    assert isinstance(trip, TripRequest)
    cities = [d.city for d in trip.destinations]
    assert (cities[0], cities[-1]) == (first, last)
    # No city is further from its neighbour than from the one after next: one direction.
    from lotara.planning.places_text import _km, coordinates

    spots = [coordinates(f"{d.city}, {d.country}") for d in trip.destinations]
    assert all(s is not None for s in spots)
    legs = [_km(a, b) for a, b in zip(spots, spots[1:], strict=False)]  # type: ignore[arg-type]
    assert sum(legs) <= _km(spots[0], spots[-1]) * 1.6  # type: ignore[arg-type]
