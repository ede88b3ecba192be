"""`lotara watch add | list | remove | trigger` in process, on the offline world."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from lotara.proactive import watches
from lotara.world.provider import default_provider

TODAY = date(2027, 3, 1)


def test_add_resolves_places_and_takes_the_first_fare_as_baseline(cli, store) -> None:
    result = cli("watch", "add", "Los Angeles", "tokyo", "--date", "2027-04-10", "--json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["origin"], doc["destination"]) == ("LAX", "TYO")
    fares = default_provider().flights("LAX", "TYO", date(2027, 4, 10), observed=TODAY)
    cheapest = round(min(f.price for f in fares), 2)
    assert doc["baseline"] == doc["latest_price"] == cheapest
    assert doc["drop_pct"] == 0.15 and doc["threshold"] == round(cheapest * 0.85, 2)
    assert len(doc["history"]) == 1

    human = cli("watch", "add", "LAX", "NRT", "--date", "2027-04-10", "--below", "450")
    assert human.exit_code == 0
    assert "LAX->NRT" in human.stdout and "at or below 450 USD" in human.stdout


def test_a_month_watch_follows_the_cheapest_day_still_ahead(cli, store) -> None:
    result = cli("watch", "add", "LAX", "LHR", "--month", "2027-03", "--travelers", "2", "--json")
    doc = json.loads(result.stdout)
    provider = default_provider()
    best = min(
        (f.price, f.date)
        for day in (TODAY + timedelta(days=i) for i in range(31))
        for f in provider.flights("LAX", "LHR", day, travelers=2, observed=TODAY)
    )
    assert (doc["latest_price"], doc["latest_travel_date"]) == (round(best[0], 2), str(best[1]))
    assert doc["travel_month"] == "2027-03" and doc["travelers"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["LAX", "Qqxzvb", "--date", "2027-04-10"], "Unknown place 'Qqxzvb'"),
        (["LAX", "NRT"], "Give one of --date and --month."),
        (["LAX", "NRT", "--date", "2027-04-10", "--month", "2027-04"], "one of --date and --month"),
        (["LAX", "NRT", "--date", "2027-02-10"], "is in the past"),
        (["LAX", "NRT", "--date", "10/04/2027"], "--date must look like 2027-04-10"),
        (["LAX", "NRT", "--month", "2027-13"], "--month must look like 2027-04"),
        (["LAX", "NRT", "--month", "2027-04", "--drop", "150%"], "between 0% and 100%"),
        (["LAX", "NRT", "--month", "2027-04", "--drop", "lots"], "percentage like 15%"),
        (["LAX", "NRT", "--month", "2027-04", "--drop", "10%", "--below", "500"], "not both"),
        (["LAX", "NRT", "--month", "2027-04", "--currency", "XYZ"], "ISO 4217"),
        (["LAX", "LAX", "--month", "2027-04"], "the same place"),
    ],
)
def test_bad_watch_input_is_one_sentence(cli, args: list[str], message: str) -> None:
    result = cli("watch", "add", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_list_shows_latest_baseline_and_a_sparkline(cli, store) -> None:
    assert cli("watch", "list").stdout.startswith("No watches.")
    cli("watch", "add", "LAX", "LHR", "--date", "2027-04-20")
    (watch,) = watches.list_watches(store)
    for minute, price in enumerate((900, 850, 700, 800)):  # later observations, by hand
        minute = f"2027-03-01T10:{minute:02d}:00.000000Z"
        store.db.execute(
            "INSERT INTO price_history (watch_id, observed_at, travel_date, price, currency)"
            " VALUES (?,?,?,?,?)",
            [watch.id, minute, "2027-04-20", price, "USD"],
        )
    store.db.conn.commit()
    out = cli("watch", "list").stdout.splitlines()
    assert out[0].split() == ["ID", "ROUTE", "WHEN", "LATEST", "BASELINE", "FIRES", "AT", "HISTORY"]
    row = out[1]
    assert row.startswith(watch.id[:8]) and "LAX->LHR" in row and "2027-04-20" in row
    assert "800 USD" in row and f"{watch.baseline:,.0f} USD" in row
    assert watches.sparkline([watch.baseline, 900, 850, 700, 800]) in row
    assert watches.sparkline([1, 2, 3, 8]) == "▁▂▃█"
    assert len(watches.sparkline(list(range(100)), width=20)) == 20


def test_watches_belong_to_their_user(cli, store) -> None:
    cli("watch", "add", "LAX", "LHR", "--date", "2027-04-20", "--user", "ana")
    assert cli("watch", "list", "--json").stdout.count('"id"') == 0
    assert json.loads(cli("watch", "list", "--user", "ana", "--json").stdout)["watches"]
    assert len(json.loads(cli("watch", "list", "--all", "--json").stdout)["watches"]) == 1


def test_remove_takes_a_unique_prefix(cli, store) -> None:
    cli("watch", "add", "LAX", "LHR", "--date", "2027-04-20")
    (first,) = watches.list_watches(store)
    for suffix in ("1", "2"):  # two more watches whose ids share a prefix
        store.db["watches"].insert(
            {
                **store.db["watches"].get(first.id),
                "id": f"abcdef{suffix}0-0000-4000-8000-000000000000",
            }
        )
    ambiguous = cli("watch", "remove", "abcdef")
    assert ambiguous.exit_code == 2 and "give more of it" in ambiguous.stderr
    assert cli("watch", "remove", "abcdef2").exit_code == 0
    removed = cli("watch", "remove", first.id[:8])
    assert removed.exit_code == 0 and "Removed watch" in removed.stderr
    assert [w.id for w in watches.list_watches(store)] == ["abcdef10-0000-4000-8000-000000000000"]
    assert watches.history(store, first.id) == []
    missing = cli("watch", "remove", "ffffffff")
    assert missing.exit_code == 3 and "No watch" in missing.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lottery_win"], "Unknown trigger type 'lottery_win'"),
        (["price_drop", "--context", "{not json"], "--context is not valid JSON"),
        (["price_drop", "--context", "[1]"], "must be a JSON object"),
        (["price_drop", "--context", '{"old_price": 850}'], "needs a 'route'"),
        (["price_drop", "--context", '{"route": "LAX to", "old_price": 1}'], "must look like"),
        (
            [
                "price_drop",
                "--context",
                '{"route": "LAX->NRT", "old_price": 650, "new_price": 850}',
            ],
            "must be below its old_price",
        ),
        (["price_drop", "--context", '{"route": "LAX->NRT", "old_price": "a"}'], "as a number"),
        (["calendar_gap", "--context", '{"start": "2027-05-01"}'], "'end' as a date"),
        (
            ["calendar_gap", "--context", '{"start": "2027-05-09", "end": "2027-05-01"}'],
            "before it starts",
        ),
        (["budget_surplus", "--context", '{"amount": -5}'], "'amount' above 0"),
        (["budget_surplus", "--context", '{"amount": 900, "currency": "ZZZ"}'], "ISO 4217"),
    ],
)
def test_a_bad_trigger_is_one_sentence(cli, store, args: list[str], message: str) -> None:
    result = cli("watch", "trigger", *args)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert store.db.execute("SELECT count(*) FROM suggestions").fetchone()[0] == 0


def test_run_prints_each_new_suggestion_for_people_and_for_machines(cli, store) -> None:
    fares = default_provider().flights("LAX", "NRT", date(2027, 4, 10), observed=TODAY)
    price = round(min(f.price for f in fares), 2)
    cli("watch", "add", "LAX", "NRT", "--date", "2027-04-10", "--below", str(price + 100))
    human = cli("watch", "run", "--once")
    assert human.exit_code == 0, human.stderr
    head, summary, tail = human.stdout.splitlines()
    target = f"your target: {price + 100:,.0f} USD"
    assert head == f"Price drop LAX->NRT on 2027-04-10: {price:,.0f} USD ({target})"
    assert summary.startswith("  ") and tail.startswith("  job ")
    assert "1 new suggestion." in human.stderr

    cli("watch", "add", "LAX", "LHR", "--date", "2027-04-10", "--below", "5000")
    machine = cli("watch", "run", "--once", "--json")
    assert machine.exit_code == 0
    # stdout is the suggestions alone; the pass's summary is on stderr, as README says.
    assert machine.stderr.strip().startswith("Checked ") and "1 new suggestion." in machine.stderr
    (line,) = machine.stdout.splitlines()
    doc = json.loads(line)
    assert doc["context"]["destination"] == "LHR"
    # A --below watch fires on its first fare: nothing "dropped from X to X (save 0)".
    assert "(save 0)" not in doc["summary"] and "at or below your target" in doc["summary"]


def test_a_trigger_without_a_date_says_no_date(cli) -> None:
    from lotara.commands.watch import describe

    doc = {
        "trigger_type": "price_drop",
        "currency": "USD",
        "context": {"route": "LAX->NRT", "old_price": 850, "new_price": 650},
        "job_id": "0123456789",
    }
    head = describe(doc)[0]
    assert head.startswith("Price drop LAX->NRT: 650") and " on " not in head


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--notify", "ftp://example.org"], "is not an http(s) URL"),
        (["--calendar", "/nonexistent/work.ics"], "No calendar file at"),
        (["--min-days", "0"], "--min-days must be from 1 to 60"),
        (["--interval", "0"], "--interval must be a number of seconds above 0"),
    ],
)
def test_bad_run_options_are_one_sentence(cli, args: list[str], message: str) -> None:
    result = cli("watch", "run", "--once", *args)
    assert result.exit_code == 2 and message in result.stderr


def test_a_planned_trip_names_the_watch_for_its_outbound_flight() -> None:
    from lotara.models import Itinerary, TransportLeg

    flight = default_provider().flights("LAX", "NRT", date(2027, 4, 10), observed=TODAY)[0]
    leg = TransportLeg(
        kind="flight", origin="LAX", destination="NRT", depart="2027-04-10T10:00",
        arrive="2027-04-11T14:00", description="out", cost=flight.price, currency="USD",
        source=flight.source, flight=flight,
    )  # fmt: skip
    hint = watches.watch_hint(Itinerary(transport=[leg]))
    assert hint == f"lotara watch add {flight.origin} {flight.destination} --date 2027-04-10"
    assert watches.watch_hint(Itinerary()) is None
    assert [watches.parse_drop(t) for t in ("15%", "15", "0.15", "2.5%")] == [
        0.15,
        0.15,
        0.15,
        0.025,
    ]
