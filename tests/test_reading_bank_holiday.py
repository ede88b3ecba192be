"""A bank holiday weekend with no date is the next one in England's calendar, from the
Saturday (Easter: Good Friday) to the bank holiday Monday, and the notes say which; a length
given wins (real offline world, no network)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.test_reading_weekend import TUESDAY, read


@pytest.mark.parametrize(
    ("query", "start", "end", "named"),
    [
        ("bank holiday weekend in Edinburgh from London", date(2027, 3, 26), date(2027, 3, 29),
         "Easter Monday"),
        ("Easter bank holiday in Bath from London", date(2027, 3, 26), date(2027, 3, 29),
         "Good Friday"),
        ("late May bank holiday in Cornwall from London", date(2027, 5, 29), date(2027, 5, 31),
         "Spring Bank Holiday"),
        ("August bank holiday weekend in Brighton from Leeds", date(2027, 8, 28),
         date(2027, 8, 30), "Late Summer Bank Holiday"),
    ],
)  # fmt: skip
def test_a_bank_holiday_weekend_runs_to_its_monday_and_is_said(
    query: str, start: date, end: date, named: str
) -> None:
    request = read(query, TUESDAY)
    assert (request.start_date, request.end_date) == (start, end)
    assert any(named in n and "England's bank holidays" in n for n in request.notes)


def test_after_easter_the_next_bank_holiday_weekend_is_early_may() -> None:
    request = read("a bank holiday weekend in York from London", date(2027, 4, 1))
    assert (request.start_date, request.end_date) == (date(2027, 5, 1), date(2027, 5, 3))


def test_a_length_given_wins() -> None:
    request = read("May bank holiday for 5 days in Rome from London", TUESDAY)
    assert request.days == 5
