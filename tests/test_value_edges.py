"""Every value checked at the edge (issue 20 item 7): refused with one sentence, exit 2,
and nothing invalid stored. The fuzz at the end runs with a fixed seed and a bounded count.
"""

from __future__ import annotations

import json
import math
import sqlite3

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from lotara import values
from lotara.errors import InvalidValue, LotaraError
from lotara.prefs import parse_preference
from lotara.proactive.triggers import check_context


def _watch_rows(home) -> int:
    db = home / "lotara.db"
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM watches").fetchone()[0]


@pytest.mark.parametrize(
    "args",
    [
        ["--date", "2027-04-10", "--below", "nan"],
        ["--date", "2027-04-10", "--below", "inf"],
        ["--date", "2027-04-10", "--below", "1e309"],
        ["--date", "2027-04-10", "--below", "-5"],
        ["--date", "2027-04-10", "--travelers", "0"],
        ["--date", "9999-12-31"],
        ["--month", "9999-12"],
    ],
)
def test_watch_add_refuses_a_bad_value_and_stores_nothing(cli, home, args) -> None:
    done = cli("watch", "add", "LAX", "NRT", *args)
    assert done.exit_code == 2, done.stderr
    assert done.stderr.startswith("Error: ") and "internal error" not in done.stderr
    assert _watch_rows(home) == 0


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e309", "-3", "1" * 400])
@pytest.mark.parametrize("key", ["budget", "travel_budget_yearly", "travel_budget_monthly"])
def test_prefs_refuse_amounts_that_are_not_finite(cli, key, value) -> None:
    done = cli("prefs", "set", key, value)
    assert done.exit_code == 2, done.stderr
    shown = cli("prefs", "show", "--json")
    assert key not in json.loads(shown.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ["--budget", "1" * 400],
        ["--budget", "nan"],
        ["--start", "9999-12-30"],
    ],
)
def test_plan_refuses_values_before_creating_a_job(cli, args) -> None:
    done = cli("plan", "3 days in Lisbon from JFK", *args)
    assert done.exit_code == 2, done.stderr
    assert "internal error" not in done.stderr
    assert json.loads(cli("status", "--json").stdout) == []


def test_a_query_that_is_not_utf8_is_one_sentence(run_lotara) -> None:
    done = run_lotara("plan", "3 days in Lisbon \udcff")
    assert done.returncode == 2, done.stderr
    assert "not valid UTF-8" in done.stderr and "validation" not in done.stderr.lower()


@pytest.mark.parametrize(
    "context",
    [
        {"route": "LAX->NRT", "old_price": 900, "new_price": 700, "travelers": "two"},
        {"route": "LAX->NRT", "old_price": float("inf"), "new_price": 700},
        {"route": "LAX->NRT", "old_price": 900, "new_price": float("nan")},
        {"route": "LAX->NRT", "old_price": 900, "new_price": 700, "travel_date": "9999-12-31"},
    ],
)
def test_trigger_contexts_are_checked(context) -> None:
    with pytest.raises(InvalidValue):
        check_context("price_drop", context)


# --- fuzz: no internal error, no non-finite value accepted -------------------------------

FUZZ = settings(
    max_examples=300,
    deadline=None,
    database=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow],
)


def _finite(value) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True


@seed(20261201)
@FUZZ
@given(
    key=st.sampled_from(["budget", "travel_budget_yearly", "travelers", "currency", "pace"]),
    value=st.one_of(
        st.text(max_size=40),
        st.floats().map(repr),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
    ),
)
def test_fuzz_preferences(key: str, value: str) -> None:
    try:
        parsed = parse_preference(key, value)
    except LotaraError:
        return
    assert _finite(parsed)
    json.dumps(parsed, allow_nan=False)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


@seed(20261201)
@FUZZ
@given(
    kind=st.sampled_from(["price_drop", "calendar_gap", "budget_surplus"]),
    context=st.dictionaries(
        st.sampled_from(
            [
                "route",
                "old_price",
                "new_price",
                "travel_date",
                "travelers",
                "currency",
                "start",
                "end",
                "amount",
                "origin",
                "destination",
            ]
        ),
        JSONISH | st.sampled_from(["LAX->NRT", "2027-04-10", "2027-04-20", "USD", 2, 900.0]),
        max_size=8,
    ),
)
def test_fuzz_trigger_contexts(kind: str, context: dict) -> None:
    try:
        checked = check_context(kind, context)
    except LotaraError:
        return
    json.dumps(checked, allow_nan=False, default=str)


@seed(20261201)
@FUZZ
@given(st.floats(allow_nan=True, allow_infinity=True) | st.integers())
def test_fuzz_amounts(value) -> None:
    try:
        number = values.amount("x", value)
    except InvalidValue:
        return
    assert math.isfinite(number) and 0 <= number <= values.MAX_AMOUNT
