"""Budget surplus: a travel budget minus booked and travelled trips, in the budget's currency."""

from __future__ import annotations

from datetime import date

from lotara.models import JobStatus, Mode
from lotara.proactive.surplus import budget_surplus_triggers, budget_surpluses
from tests.proactive_support import add_trip

TODAY = date(2027, 3, 1)


def test_booked_and_travelled_trips_of_the_period_are_what_was_spent(store) -> None:
    add_trip(store, user_id="ana", first_day=date(2027, 1, 10), days=4, total=800)  # travelled
    add_trip(
        store, user_id="ana", first_day=date(2027, 5, 1), days=5, total=1500, booked=1200
    )  # booked: the bookings count, not the plan
    add_trip(store, user_id="ana", first_day=date(2027, 6, 1), days=3, total=900)  # only planned
    add_trip(store, user_id="ana", first_day=date(2026, 12, 1), days=3, total=700, booked=700)
    add_trip(store, user_id="bob", first_day=date(2027, 1, 5), days=3, total=999, booked=999)
    add_trip(
        store, user_id="ana", first_day=date(2027, 2, 1), days=2, total=300,
        status=JobStatus.FAILED,
    )  # fmt: skip
    suggestion = store.create_job(user_id="ana", query="suggested", mode=Mode.PROACTIVE)
    store.update_job(suggestion, itinerary={"cost": {"total": 5000}, "days": []})

    prefs = {"travel_budget_yearly": 5000, "currency": "USD"}
    (yearly,) = budget_surpluses(store, "ana", prefs, TODAY)
    assert (yearly.period, yearly.budget, yearly.spent, yearly.amount) == ("2027", 5000, 2000, 3000)
    assert sorted(t.how for t in yearly.trips) == ["booked", "completed"]


def test_amounts_in_another_currency_are_converted(store) -> None:
    add_trip(store, user_id="ana", first_day=date(2027, 1, 10), days=4, total=880, currency="EUR")
    prefs = {"travel_budget_yearly": 3000, "currency": "USD"}
    (yearly,) = budget_surpluses(store, "ana", prefs, TODAY)
    assert yearly.spent == 1000.0  # 880 EUR at 0.88 EUR per USD


def test_a_monthly_budget_counts_only_its_month(store) -> None:
    add_trip(store, user_id="ana", first_day=date(2027, 3, 2), days=2, total=400, booked=400)
    add_trip(store, user_id="ana", first_day=date(2027, 2, 20), days=2, total=400, booked=400)
    prefs = {"travel_budget_monthly": 1000, "travel_budget_yearly": 6000}
    yearly, monthly = budget_surpluses(store, "ana", prefs, TODAY)
    assert (monthly.period, monthly.amount) == ("2027-03", 600)
    assert (yearly.period, yearly.amount) == ("2027", 5200)
    triggers = budget_surplus_triggers(
        [yearly, monthly], user_id="ana", prefs={"home_airport": "LIS"}, today=TODAY
    )
    assert [t.dedupe_key for t in triggers] == [
        "budget_surplus:ana:2027",
        "budget_surplus:ana:2027-03",
    ]
    assert triggers[1].context["amount"] == 600
    assert triggers[1].context["window_start"] == "2027-03-02"
    assert triggers[1].context["window_end"] == "2027-03-31"
    assert triggers[1].context["origin"] == "LIS"


def test_a_surplus_too_small_for_a_trip_is_not_suggested(store) -> None:
    add_trip(store, user_id="ana", first_day=date(2027, 1, 10), days=4, total=1950, booked=1950)
    (yearly,) = budget_surpluses(store, "ana", {"travel_budget_yearly": 2000}, TODAY)
    assert yearly.amount == 50
    assert budget_surplus_triggers([yearly], user_id="ana", prefs={}, today=TODAY) == []
    assert budget_surpluses(store, "ana", {}, TODAY) == []
