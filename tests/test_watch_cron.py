"""`lotara watch run --once` as cron runs it: thirty days of hourly passes, overlapping
processes, a crash half way, and a notify URL that fails at first."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import pytest

from lotara import clock
from lotara.proactive import notify, suggestions, watches
from lotara.proactive.run import RunOptions, run_once
from lotara.proactive.triggers import REFIRE_STEP
from lotara.world.provider import default_provider
from tests.proactive_support import FareTable, ScriptedEngine, webhook

START = datetime(2027, 3, 1, 9, tzinfo=UTC)  # the tests' LOTARA_NOW
TRAVEL = date(2027, 4, 20)


def _at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setenv("LOTARA_NOW", clock.iso(moment))


def _cheapest(provider, origin: str, dest: str, observed: date) -> float:
    fares = provider.flights(origin, dest, TRAVEL, travelers=1, currency="USD", observed=observed)
    return round(min(f.price for f in fares), 2)


def _expected_fires(prices: dict[date, float], threshold: float) -> list[tuple[int, float]]:
    """The documented rule, again: the first fare at or below the threshold, then new lows."""
    out, last = [], None
    for hour in range(1, 30 * 24 + 1):
        price = prices[(START + timedelta(hours=hour)).date()]
        if price <= threshold and (last is None or price <= last * (1 - REFIRE_STEP)):
            out.append((hour, price))
            last = price
    return out


def test_thirty_days_of_hourly_runs_fire_exactly_when_the_fare_crosses(
    cli, store, monkeypatch: pytest.MonkeyPatch
) -> None:
    provider = default_provider()
    days = [START.date() + timedelta(days=d) for d in range(31)]
    prices = {d: _cheapest(provider, "LAX", "LHR", d) for d in days}
    baseline = prices[START.date()]
    deepest = max((baseline - p) / baseline for p in prices.values())
    assert deepest > 0.01, "the world's fares should dip below the first one in a month"
    drop_pct = round(deepest * 100 / 2, 1)  # half the deepest dip: crossed, not always
    below = sorted(prices.values())[len(prices) // 4]  # about a week of days at or below

    first = cli("watch", "add", "LAX", "LHR", "--date", str(TRAVEL), "--drop", f"{drop_pct}%")
    second = cli("watch", "add", "LAX", "LHR", "--date", str(TRAVEL), "--below", str(below))
    assert first.exit_code == 0 and second.exit_code == 0, first.stderr + second.stderr
    drop_watch, below_watch = watches.list_watches(store)
    assert drop_watch.baseline == baseline

    expected = {
        drop_watch.id: _expected_fires(prices, baseline * (1 - drop_pct / 100)),
        below_watch.id: _expected_fires(prices, below),
    }
    assert expected[drop_watch.id] and expected[below_watch.id]

    fired: dict[str, list[tuple[int, float]]] = {drop_watch.id: [], below_watch.id: []}
    for hour in range(1, 30 * 24 + 1):
        _at(monkeypatch, START + timedelta(hours=hour))
        report = run_once(store, provider=provider)
        assert report.exit_code == 0, report.failures
        assert report.observations == 2
        for doc in report.suggestions:
            fired[doc["context"]["watch_id"]].append((hour, doc["context"]["new_price"]))

    assert fired == expected
    for watch in (drop_watch, below_watch):
        assert len(watches.history(store, watch.id)) == 30 * 24 + 1  # none lost, none twice
    made = suggestions.ready_suggestions(store)
    assert len(made) == sum(len(v) for v in expected.values())
    for doc in made:
        assert doc["job_status"] in {"completed", "awaiting_approval"}
        assert store.get_job(doc["job_id"]).trigger["type"] == "price_drop"

    listed = json.loads(cli("watch", "list", "--json").stdout)["watches"]
    assert [w["latest_price"] for w in listed] == [prices[days[-1]]] * 2
    assert listed[0]["baseline"] == baseline and len(listed[0]["history"]) == 100


def test_two_runs_started_together_make_each_suggestion_once(cli, home, store) -> None:
    provider = default_provider()
    for dest in ("LHR", "NRT", "CDG"):
        price = _cheapest(provider, "LAX", dest, START.date())
        # A target above today's fare: every watch fires on the first pass.
        assert cli("watch", "add", "LAX", dest, "--date", str(TRAVEL), "--below", str(price + 50))
    env = {**os.environ, "LOTARA_NOW": clock.iso(START + timedelta(hours=1))}
    command = [sys.executable, "-m", "lotara", "watch", "run", "--once", "--json"]
    procs = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outputs]
    lines = [json.loads(line) for out, _ in outputs for line in out.splitlines()]
    assert len(lines) == 3
    assert len({doc["suggestion_id"] for doc in lines}) == 3
    assert sorted(doc["context"]["destination"] for doc in lines) == ["CDG", "LHR", "NRT"]
    rows = store.db.execute("SELECT dedupe_key, status, job_id FROM suggestions").fetchall()
    assert len(rows) == 3 and {r[1] for r in rows} == {"ready"}
    # The loser of each claim never started a workflow: one proactive job per suggestion.
    assert store.db.execute("SELECT count(*) FROM jobs WHERE mode = 'proactive'").fetchone()[0] == 3


def test_a_crash_loses_no_observation_and_leaves_no_half_written_suggestion(
    store, monkeypatch: pytest.MonkeyPatch
) -> None:
    fares = FareTable(lambda day, observed: 500 if observed >= date(2027, 3, 2) else 800)
    for dest in ("LHR", "NRT", "CDG"):
        watches.add_watch(
            store, user_id="tester", origin="LAX", destination=dest, travel_date=TRAVEL, below=600
        )
    # Killed while checking the third watch: the first two observations are already safe.
    fares.crash_on_call = 3
    with pytest.raises(KeyboardInterrupt):
        run_once(store, provider=fares, engine=ScriptedEngine())
    assert store.db.execute("SELECT count(*) FROM price_history").fetchone()[0] == 2

    # Next day the fares drop; the workflow dies half way through the first suggestion.
    _at(monkeypatch, START + timedelta(days=1))
    fares.crash_on_call = None
    dying = ScriptedEngine(fail_with=SystemExit(137))
    with pytest.raises(SystemExit):
        run_once(store, provider=fares, engine=dying)
    assert store.db.execute("SELECT count(*) FROM price_history").fetchone()[0] == 5
    assert suggestions.ready_suggestions(store) == []  # nothing half-written is shown
    (claimed,) = store.db.execute("SELECT status, job_id FROM suggestions").fetchall()
    assert claimed[0] == "claimed" and claimed[1] == dying.ran[0]

    # The next run (an hour later: the claim is stale, its process gone) finishes it.
    _at(monkeypatch, START + timedelta(days=1, hours=1))
    engine = ScriptedEngine()
    report = run_once(store, provider=fares, engine=engine)
    assert report.exit_code == 0, report.failures
    made = suggestions.ready_suggestions(store)
    assert sorted(d["context"]["destination"] for d in made) == ["CDG", "LHR", "NRT"]
    assert len({d["dedupe_key"] for d in made}) == 3
    assert all(d["job_status"] == "completed" for d in made)


def test_a_watch_fires_again_only_for_a_new_low(store, monkeypatch: pytest.MonkeyPatch) -> None:
    series = {2: 590, 3: 595, 4: 565, 5: 560, 6: 700, 7: 530, 8: 530}
    fares = FareTable(lambda day, observed: series.get(observed.day, 800))
    watches.add_watch(
        store, user_id="tester", origin="LAX", destination="LHR", travel_date=TRAVEL, below=600
    )
    fired = []
    for day in range(1, 10):
        _at(monkeypatch, START.replace(day=day))
        report = run_once(store, provider=fares, engine=ScriptedEngine())
        fired += [(day, d["context"]["new_price"]) for d in report.suggestions]
    # 590 fires; 595 and 565 are not 5% under 590; 560 is; 530 is; 530 again is not.
    assert fired == [(2, 590), (5, 560), (7, 530)]


def test_a_failed_notification_is_retried_on_the_next_run(
    store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notify, "BACKOFF_S", (0.01,))
    fares = FareTable(lambda day, observed: 500)
    watches.add_watch(
        store, user_id="tester", origin="LAX", destination="LHR", travel_date=TRAVEL, below=600
    )
    with webhook([500, 500, 500]) as hook:
        first = run_once(
            store, RunOptions(notify_url=hook.url), provider=fares, engine=ScriptedEngine()
        )
        assert len(first.suggestions) == 1
        assert first.exit_code == 5  # the run worked, the POST did not (yet)
        assert hook.requests == 3 and hook.bodies == []
        row = store.db.execute("SELECT notified_at, notify_attempts, notify_error FROM suggestions")
        assert row.fetchone() == (None, 3, "HTTP 500")

        _at(monkeypatch, START + timedelta(hours=1))
        second = run_once(store, provider=fares, engine=ScriptedEngine())  # no --notify now
        assert second.exit_code == 0 and second.suggestions == []
        assert hook.bodies == [first.suggestions[0]]
        assert hook.bodies[0]["trigger_type"] == "price_drop"

        _at(monkeypatch, START + timedelta(hours=2))
        run_once(store, provider=fares, engine=ScriptedEngine())
        assert hook.requests == 4  # delivered once, never again


def test_the_loop_stops_cleanly_on_sigterm(cli, home) -> None:
    assert cli("watch", "add", "LAX", "LHR", "--date", str(TRAVEL)).exit_code == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "lotara", "watch", "run", "--interval", "3600"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = []
    for line in proc.stderr:  # wait for the first pass to finish
        lines.append(line)
        if line.startswith("Checked"):
            break
    proc.send_signal(signal.SIGTERM)
    _, rest = proc.communicate(timeout=30)
    assert proc.returncode == 0, "".join(lines) + rest
    assert "Stopped." in rest
    assert lines[-1].startswith("Checked 1 fare;")
