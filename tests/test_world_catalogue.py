"""Every catalogue entry is valid: in its city, tagged from the vocabulary, priced and timed."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from lotara.models import INTERESTS
from lotara.world import catalogue
from lotara.world.countries import countries
from lotara.world.lands import haversine_km
from lotara.world.money import known_currency
from lotara.world.offline import OfflineWorld
from lotara.world.places import airports

CITY_RADIUS_KM = 40.0
ROWS = catalogue.city_rows()
NAMES = [row["name"] for row in ROWS]


def test_catalogue_is_big_enough_and_names_are_unique() -> None:
    assert len(ROWS) >= 250
    assert len(set(NAMES)) == len(NAMES)
    for must in ("Tokyo", "Kyoto", "Osaka", "Paris", "London", "New York", "Rome", "Florence",
                 "Venice", "Barcelona", "Bangkok", "Seoul", "Singapore", "Dubai", "Istanbul",
                 "Lisbon", "Amsterdam", "Prague", "Sydney", "Mexico City",
                 # the destinations issue 21 names, islands, parks and regions among them
                 "Cusco", "Luxor", "Petra", "Santorini", "Bali", "Maui", "Banff", "Queenstown",
                 "Tromso", "Zanzibar", "Kotor", "Hoi An", "Galapagos Islands", "Uluru",
                 "Maldives", "Zermatt", "Zion National Park", "Arusha"):  # fmt: skip
        assert must in NAMES


@pytest.mark.parametrize("row", ROWS, ids=NAMES)
def test_city_entry_is_valid(row: dict) -> None:
    assert row["country"] in countries(), row["country"]
    assert known_currency(row["currency"])
    ZoneInfo(row["tz"])
    assert row["airports"] and all(code in airports() for code in row["airports"])
    for code in row["airports"]:
        a = airports()[code]
        assert haversine_km(row["lat"], row["lon"], a["lat"], a["lon"]) < 160, code
    attractions = catalogue.attractions(row)
    assert len(attractions) >= 12
    assert len({a.name for a in attractions}) == len(attractions)
    for a in attractions:
        where = haversine_km(row["lat"], row["lon"], a.lat, a.lon)
        reach = 300.0 if a.day_trip_from else CITY_RADIUS_KM
        assert where <= reach, f"{a.name} is {where:.0f} km from {row['name']}"
        assert a.tags and set(a.tags) <= set(INTERESTS), a.name
        assert a.cost >= 0 and 15 <= a.minutes <= 720
        if a.hours:
            opens, closes = a.hours.split("-")
            assert len(opens) == len(closes) == 5
    eateries = catalogue.eateries(row)
    assert len(eateries) >= 5
    assert len({e.name for e in eateries}) == len(eateries)
    for e in eateries:
        assert e.band in {"$", "$$", "$$$", "$$$$"} and e.cost > 0 and e.cuisines


def test_each_catalogue_city_resolves_to_itself() -> None:
    world = OfflineWorld.shared()
    for name in NAMES:
        assert world.resolve(name).city == name


def test_compact_airports_file_matches_airportsdata() -> None:
    import airportsdata

    table = airportsdata.load("IATA")
    compact = airports()
    assert set(compact) == set(table), "run: python -m lotara.world.places --regenerate"
    for code in ("JFK", "KIX", "CDG", "SIN", "PRX"):
        for field in ("name", "city", "subd", "country", "lat", "lon", "tz"):
            assert compact[code][field] == table[code][field]


BUSIEST = ("Paris", "London", "Rome", "Tokyo", "New York", "Barcelona", "Bangkok", "Istanbul",
           "Dubai", "Singapore", "Seoul", "Amsterdam", "Madrid", "Prague", "Kyoto", "Lisbon",
           "Berlin", "Vienna", "Florence", "Hong Kong")  # fmt: skip


@pytest.mark.parametrize("name", BUSIEST)
def test_the_busiest_cities_have_a_week_of_real_places_to_eat(name: str) -> None:
    """Catalogue places, not generic fill: breakfast somewhere, and a week of dinners."""
    eateries = catalogue.eateries(catalogue.by_name()[name])
    assert len(eateries) >= 10
    assert any("breakfast" in e.meals for e in eateries)
    assert sum("dinner" in e.meals for e in eateries) >= 6


def test_a_place_named_for_a_meal_serves_that_meal_and_not_the_others() -> None:
    """'Rooftop dinner facing the Acropolis' is no lunch, 'Ful and ta'ameya breakfast' no
    dinner: a row without meals takes the one its name says."""
    import re

    named = 0
    for row in ROWS:
        for e in catalogue.eateries(row):
            word = re.search(r"(?i)\b(breakfast|dinner)\b", e.name)
            if word is None or "brunch" in e.name.lower():
                continue
            named += 1
            other = "lunch" if word.group(1).lower() == "dinner" else "dinner"
            assert word.group(1).lower() in e.meals, (row["name"], e.name, e.meals)
            assert other not in e.meals, (row["name"], e.name, e.meals)
    assert named > 100
    athens = next(e for e in catalogue.eateries(catalogue.by_name()["Athens"])
                  if e.name.startswith("Rooftop dinner"))  # fmt: skip
    assert athens.meals == ("dinner", "snack")


def test_a_sweet_shop_is_breakfast_or_a_snack_never_lunch() -> None:
    sweet = {"desserts", "ice cream", "gelato"}
    shops = 0
    for row in ROWS:
        for e in catalogue.eateries(row):
            kinds = {c.lower() for c in e.cuisines}
            if kinds & sweet and kinds <= sweet | {"cafe", "bakery", "coffee", "tea"}:
                shops += 1
                # (Strasbourg's tea room lists a light lunch in its row.)
                assert "lunch" not in e.meals or row["name"] == "Strasbourg", (e.name, e.meals)
                assert "dinner" not in e.meals, (e.name, e.meals)
    assert shops > 20
    florence = catalogue.eateries(catalogue.by_name()["Florence"])
    assert "lunch" not in next(e for e in florence if e.name.startswith("Gelateria")).meals
