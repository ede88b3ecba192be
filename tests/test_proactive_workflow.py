"""Triggers through the real proactive workflow: budget surplus, calendar gaps, `watch trigger`."""

from __future__ import annotations

import json
from datetime import date

from lotara.models import Itinerary
from lotara.proactive import suggestions
from lotara.proactive.run import RunOptions, run_once
from tests.proactive_support import add_trip
from tests.test_proactive_calendar import meetings_calendar


def _trip_dates(itinerary: Itinerary) -> tuple[date, date]:
    days = [d.date for d in itinerary.days]
    return min(days), max(days)


def test_a_budget_surplus_yields_a_suggestion_within_it(store) -> None:
    store.set_preference("tester", "home_airport", "LAX")
    store.set_preference("tester", "travel_budget_yearly", 4000)
    add_trip(store, user_id="tester", first_day=date(2027, 2, 1), days=5, total=1500, booked=1500)

    report = run_once(store)
    assert report.exit_code == 0, report.failures
    (doc,) = report.suggestions
    assert doc["trigger_type"] == "budget_surplus"
    assert doc["context"]["amount"] == 2500 and doc["context"]["spent"] == 1500
    job = store.get_job(doc["job_id"])
    assert job.mode == "proactive" and job.itinerary is not None
    assert job.itinerary.cost.currency == "USD"
    assert 0 < job.itinerary.cost.total <= 2500
    assert doc["total"] == job.itinerary.cost.total
    first, last = _trip_dates(job.itinerary)
    assert date(2027, 3, 2) <= first and last <= date(2027, 12, 31)

    again = run_once(store)
    assert again.suggestions == [] and again.duplicates == 1  # once per budget period


def test_calendar_gaps_become_trips_inside_the_free_windows(store, tmp_path) -> None:
    path = tmp_path / "work.ics"
    path.write_bytes(meetings_calendar())
    store.set_preference("tester", "home_airport", "SFO")
    store.set_preference("tester", "home_country", "US")

    report = run_once(store, RunOptions(calendar=path, calendar_user="tester"))
    assert report.exit_code == 0, report.failures
    windows = sorted((d["context"]["start"], d["context"]["end"]) for d in report.suggestions)
    assert windows == [("2027-03-10", "2027-03-14"), ("2027-05-20", "2027-05-23")]
    for doc in report.suggestions:
        first, last = _trip_dates(store.get_job(doc["job_id"]).itinerary)
        assert date.fromisoformat(doc["context"]["start"]) <= first
        assert last <= date.fromisoformat(doc["context"]["end"])
    assert run_once(store, RunOptions(calendar=path, calendar_user="tester")).suggestions == []


def test_watch_trigger_runs_the_workflow_once_per_trigger(cli, store) -> None:
    context = (
        '{"route": "LAX->NRT", "old_price": 850, "new_price": 650, "travel_date": "2027-04-10"}'
    )
    result = cli("watch", "trigger", "price_drop", "--context", context, "--json")
    assert result.exit_code == 0, result.stderr
    (line,) = result.stdout.splitlines()
    doc = json.loads(line)
    assert doc["context"]["savings"] == 200 and doc["context"]["destination"] == "NRT"
    job = store.get_job(doc["job_id"])
    assert job.trigger == {"type": "price_drop", "context": doc["context"]}
    assert job.itinerary.days[0].date == date(2027, 4, 10)

    again = cli("watch", "trigger", "price_drop", "--context", context, "--json")
    assert again.exit_code == 0 and "already suggested" in again.stderr
    assert json.loads(again.stdout)["suggestion_id"] == doc["suggestion_id"]

    human = cli("watch", "trigger", "budget_surplus", "--context", '{"amount": 1800}')
    assert human.exit_code == 2  # no departure city known yet (bad input): the sentence says how
    assert "could not be made: This suggestion needs a departure city" in human.stderr
    store.set_preference("tester", "home_airport", "JFK")
    human = cli("watch", "trigger", "budget_surplus", "--context", '{"amount": 1800}')
    assert human.exit_code == 0, human.stderr
    lines = human.stdout.splitlines()
    assert lines[0] == "Travel budget: 1,800 USD left for this period"
    assert (
        lines[1].startswith("  You have 1,800 USD of travel budget left") and len(lines[1]) <= 162
    )
    assert lines[2].startswith("  job ") and "trip total" in lines[2]
    assert len(suggestions.ready_suggestions(store)) == 2
