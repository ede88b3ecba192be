"""`lotara prefs`: per-user preferences, validated before they are stored."""

from __future__ import annotations

import json

import pytest

from lotara.errors import ExitCode


def test_set_show_unset_round_trip(cli):
    assert cli("prefs", "set", "home_airport", "lax").exit_code == 0
    assert cli("prefs", "set", "interests", "Food, culture").exit_code == 0
    assert cli("prefs", "set", "travelers", "2").exit_code == 0
    shown = json.loads(cli("prefs", "show", "--json").stdout)
    assert shown == {
        "user_id": "tester",
        "preferences": {"home_airport": "LAX", "interests": ["culture", "food"], "travelers": 2},
    }
    assert cli("prefs", "unset", "travelers").exit_code == 0
    assert "travelers" not in json.loads(cli("prefs", "show", "--json").stdout)["preferences"]


def test_preferences_are_per_user(cli):
    cli("prefs", "set", "currency", "eur", "--user", "alice")
    assert json.loads(cli("prefs", "show", "--json", "--user", "alice").stdout)["preferences"] == {
        "currency": "EUR"
    }
    assert json.loads(cli("prefs", "show", "--json").stdout)["preferences"] == {}


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("home_airport", "XQX", "not a known IATA"),
        ("currency", "DOLLARS", "ISO 4217"),
        ("passport_country", "Narnia", "ISO 3166"),
        ("interests", "food,knitting", "not one of"),
        ("travelers", "0", "whole number"),
        ("travelers", "two", "whole number"),
        ("pace", "frantic", "not one of"),
        ("budget", "-5", "amount of money"),
        ("notify_url", "ftp://x", "URL"),
        ("home_airprot", "LAX", "Did you mean 'home_airport'"),
    ],
)
def test_bad_keys_and_values_get_one_sentence_and_exit_2(cli, key, value, words):
    result = cli("prefs", "set", "--", key, value)
    assert result.exit_code == ExitCode.USAGE
    assert words in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert json.loads(cli("prefs", "show", "--json").stdout)["preferences"] == {}


def test_metro_city_codes_are_accepted_as_home(cli):
    assert cli("prefs", "set", "home_airport", "NYC").exit_code == 0


def test_keys_lists_every_key_with_help(cli):
    out = cli("prefs", "keys").stdout
    for key in ("home_airport", "currency", "passport_country", "interests", "travelers"):
        assert key in out


@pytest.mark.parametrize(
    ("key", "typed", "stored"),
    [
        ("diets", "Vegan, gluten_free", ["vegan", "gluten_free"]),
        ("diets", "halal", ["halal"]),
        ("accessibility", "step_free,wheelchair", ["wheelchair", "step_free"]),
        ("travel_class", "Business", "business"),
        ("travel_class", "premium_economy", "premium_economy"),
    ],
)
def test_lasting_needs_are_stored_from_the_models_vocabulary(cli, key, typed, stored):
    assert cli("prefs", "set", key, typed).exit_code == 0
    assert json.loads(cli("prefs", "show", "--json").stdout)["preferences"] == {key: stored}


@pytest.mark.parametrize(
    ("key", "value"),
    [("diets", "paleo"), ("accessibility", "ramps"), ("travel_class", "coach")],
)
def test_lasting_needs_outside_the_vocabulary_are_refused(cli, key, value):
    result = cli("prefs", "set", key, value)
    assert result.exit_code == ExitCode.USAGE
    assert "not one of" in result.stderr
    assert json.loads(cli("prefs", "show", "--json").stdout)["preferences"] == {}


def test_lasting_needs_from_preferences_reach_the_trip(monkeypatch):
    from datetime import date

    from lotara.models import PlanConstraints
    from lotara.planning.intent import build_trip_request
    from lotara.world.provider import default_provider

    trip = build_trip_request(
        "5 days in Rome from London",
        constraints=PlanConstraints(),
        prefs={"diets": ["vegan"], "accessibility": ["wheelchair"], "travel_class": "business"},
        provider=default_provider(),
        today=date(2027, 1, 10),
    )
    assert (trip.diets, trip.accessibility, trip.travel_class) == (
        ["vegan"],
        ["wheelchair"],
        "business",
    )
