"""Indicative tables: exchange rates, entry requirements and country facts."""

from __future__ import annotations

from datetime import date

import pytest

from lotara.errors import InvalidValue
from lotara.world import catalogue
from lotara.world.countries import countries
from lotara.world.entry import ENTRY_AS_OF, requirement
from lotara.world.money import FX_AS_OF, UNITS_PER_USD, convert, rate
from lotara.world.offline import OfflineWorld
from lotara.world.public_holidays import holidays_between


def test_convert_round_trips_and_is_dated() -> None:
    assert FX_AS_OF
    assert convert(100, "USD", "USD") == 100
    yen = convert(100, "USD", "JPY")
    assert yen == pytest.approx(100 * UNITS_PER_USD["JPY"])
    assert convert(yen, "JPY", "USD") == pytest.approx(100, abs=0.01)
    assert rate("EUR", "GBP") == pytest.approx(UNITS_PER_USD["GBP"] / UNITS_PER_USD["EUR"])
    assert convert(10, "eur", "usd") > 10  # codes in any case


def test_unknown_currency_is_refused_clearly() -> None:
    with pytest.raises(InvalidValue, match="'ABC'"):
        convert(1, "USD", "ABC")


def test_every_country_currency_has_a_rate() -> None:
    missing = sorted({c.currency for c in countries().values()} - set(UNITS_PER_USD))
    assert missing == []


@pytest.mark.parametrize(
    ("passport", "destination", "expected"),
    [
        ("US", "JP", "visa_free"),
        ("US", "FR", "visa_free"),
        ("DE", "IT", "visa_free"),  # EU free movement
        ("IN", "FR", "visa_required"),
        ("US", "CN", "visa_required"),
        ("FR", "CN", "visa_free"),
        ("IN", "TH", "visa_free"),
        ("GB", "IN", "e_visa"),
        ("US", "BR", "e_visa"),
        ("US", "ID", "visa_on_arrival"),
        ("JP", "JP", "domestic"),
        ("US", "PR", "domestic"),  # Puerto Rico follows the US
        ("GB", "PR", "visa_free"),
        ("US", "BT", "e_visa"),
        ("DE", "MV", "visa_on_arrival"),
        ("US", "GT", "visa_free"),  # the CA-4 90 days
        ("US", "KP", "visa_required"),  # no row: assume a visa, and say so
    ],
)
def test_entry_requirements(passport: str, destination: str, expected: str) -> None:
    found = requirement(passport, destination)
    assert found.requirement == expected
    assert found.indicative and found.as_of == ENTRY_AS_OF
    if expected != "domestic":
        assert "official" in found.note


def test_every_catalogue_country_has_an_entry_rule() -> None:
    for row in catalogue.city_rows():
        note = requirement("US", row["country"]).note
        assert "no entry rule" not in note, row["country"]


def test_holidays_come_from_the_table_and_beyond_it() -> None:
    assert holidays_between("US", date(2027, 7, 1), date(2027, 7, 7)) == {
        "2027-07-04": "Independence Day",
        "2027-07-05": "Independence Day (observed)",
    }
    assert "2035-12-25" in holidays_between("GB", date(2035, 12, 20), date(2035, 12, 31))


def test_facts_for_a_city_outside_the_catalogue() -> None:
    facts = OfflineWorld.shared().facts("Boise", passport="GB")
    assert (facts.country, facts.currency, facts.timezone) == ("US", "USD", "America/Boise")
    assert facts.entry and facts.entry.note.startswith("ESTA")
