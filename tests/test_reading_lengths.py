"""Lengths said city by city, and days added after dates, are the trip's: "a week in Rome
plus 3 days in Florence" is ten days, seven of them in Rome; "a conference in Berlin March
10-12, then 3 days in Prague" is six (real offline world, no network)."""

from __future__ import annotations

from datetime import date

import pytest

from lotara.planning.candidates import split_days
from lotara.planning.phrases import parse_duration
from tests.test_reading_words import read


@pytest.mark.parametrize(
    ("text", "days", "nights"),
    [
        ("a week in Rome plus 3 days in Florence from London", 10, [("Rome", 7), ("Florence", 2)]),
        ("Tokyo 5 days, Kyoto 3 days, Osaka 2 days from San Francisco", 10,
         [("Tokyo", 5), ("Kyoto", 3), ("Osaka", 1)]),
        ("4 nights in Paris then 3 nights in Amsterdam, from NYC", 8,
         [("Paris", 4), ("Amsterdam", 3)]),
        ("from Boston: 3 nights in Lisbon, 2 nights in Porto and 4 nights in Seville", 10,
         [("Lisbon", 3), ("Porto", 2), ("Seville", 4)]),
        ("2 nights in Dubai then a week in Tokyo from London", 10, [("Dubai", 2), ("Tokyo", 7)]),
    ],
)  # fmt: skip
def test_each_stop_has_the_length_asked_for_it(
    text: str, days: int, nights: list[tuple[str, int]]
) -> None:
    request = read(text)
    assert request.days == days
    assert split_days(request) == nights


@pytest.mark.parametrize(
    ("text", "start", "end", "nights"),
    [
        ("I need to be in Berlin for a conference March 10-12, want to add 3 days in Prague "
         "after, from Chicago", date(2027, 3, 10), date(2027, 3, 15),
         [("Berlin", 3), ("Prague", 2)]),
        ("Barcelona from the 3rd to the 8th of May then Madrid for 2 days, from Dublin",
         date(2027, 5, 3), date(2027, 5, 10), [("Barcelona", 6), ("Madrid", 1)]),
        ("London for work 4-7 May, then staying on for the weekend, from Boston",
         date(2027, 5, 4), date(2027, 5, 9), [("London", 5)]),
    ],
)  # fmt: skip
def test_days_added_after_the_dates_lengthen_the_trip(
    text: str, start: date, end: date, nights: list[tuple[str, int]]
) -> None:
    request = read(text)
    assert (request.start_date, request.end_date) == (start, end)
    assert split_days(request) == nights


@pytest.mark.parametrize(
    ("text", "days"),
    [("Rome 12-16 June, 2 adults, from Boston", 5),
     ("a week in Rome from the 3rd of June, from Boston", 7)],
)  # fmt: skip
def test_dates_alone_or_a_length_from_a_date_are_unchanged(text: str, days: int) -> None:
    assert read(text).days == days


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("digital nomad month in Lisbon from Berlin, cheap apartment", 30),
        ("month in Mexico from Houston", 30),
        ("a full month in Thailand from Sydney", 30),
        ("backpacking month in Vietnam from London", 30),
        ("half a month in Italy from New York", 15),
        ("Bali next month from Sydney, 5 days", 5),  # when, not how long
        ("Bali in a month from Sydney, 6 days", 6),
    ],
)
def test_a_month_said_any_way_is_the_length(text: str, days: int) -> None:
    assert parse_duration(text) == days
