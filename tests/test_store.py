"""The job store: schema from migrations, atomic event seqs, and the job lifecycle.

Every test taking ``store`` (or ``engine``) runs on both engines: SQLite in the test's home
and a real PostgreSQL (a fresh database per test, see ``tests/pg_support.py``)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from sqlite_utils import Database

from lotara.errors import Conflict, IllegalTransition, NotFound
from lotara.jobs.migrations import migrations
from lotara.jobs.store import open_store
from lotara.models import ApprovalKind, EventType, Feedback, JobStatus


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, monkeypatch) -> str:
    """The store's engine; on PostgreSQL, LOTARA_DATABASE_URL names a fresh database, so
    ``open_store`` here and in child processes opens it."""
    if request.param == "postgresql":
        monkeypatch.setenv("LOTARA_DATABASE_URL", request.getfixturevalue("pg_url"))
    return request.param


@pytest.fixture
def store(engine, env):
    assert env.store.engine == engine
    return env.store


TABLES = {
    "jobs",
    "events",
    "approvals",
    "feedback",
    "preferences",
    "watches",
    "price_history",
    "suggestions",
    "bookings",
}


def test_migrations_build_the_schema_on_a_fresh_in_memory_database():
    db = Database(memory=True)
    migrations.apply(db)
    assert TABLES <= set(db.table_names())
    assert db["events"].pks == ["job_id", "seq"]
    assert {tuple(i.columns) for i in db["jobs"].indexes} >= {("user_id", "created_at")}
    unique = {tuple(i.columns) for i in db["suggestions"].indexes if i.unique}
    assert ("dedupe_key",) in unique
    assert [m.name for m in migrations.applied(db)][:2] == ["0001_core", "0002_job_constraints"]


def test_reopening_the_store_applies_nothing_twice_and_keeps_data(home):
    store = open_store(home)
    job_id = store.create_job(user_id="u", query="a trip")
    store.close()
    again = open_store(home)
    assert again.get_job(job_id).query == "a trip"
    assert len(migrations.applied(again.db)) == len(migrations.pending(Database(memory=True)))
    assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert again.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_job_moves_only_along_allowed_transitions(store):
    job_id = store.create_job(user_id="u", query="q")
    assert store.get_job(job_id).status is JobStatus.QUEUED
    with pytest.raises(IllegalTransition):
        store.set_status(job_id, JobStatus.COMPLETED)
    store.set_status(job_id, JobStatus.RUNNING)
    store.set_status(job_id, JobStatus.AWAITING_APPROVAL)
    store.set_status(job_id, JobStatus.REJECTED)
    for target in JobStatus:
        with pytest.raises(IllegalTransition):
            store.set_status(job_id, target)
    assert store.get_job(job_id).status is JobStatus.REJECTED


def test_expected_status_guards_a_move(store):
    job_id = store.create_job(user_id="u", query="q")
    with pytest.raises(Conflict):
        store.set_status(job_id, JobStatus.RUNNING, expect=JobStatus.AWAITING_APPROVAL)


def test_unknown_job_is_not_found_and_prefixes_resolve(store):
    with pytest.raises(NotFound):
        store.get_job("0000")
    a = store.create_job(user_id="u", query="q", job_id="abc12345-0000-0000-0000-000000000001")
    store.create_job(user_id="u", query="q", job_id="abc19999-0000-0000-0000-000000000002")
    assert store.resolve_job_id("abc123") == a
    with pytest.raises(NotFound) as ambiguous:
        store.resolve_job_id("abc1")
    assert "ambiguous" in str(ambiguous.value)


def test_events_get_consecutive_seqs_and_read_back_from_a_seq(store):
    job_id = store.create_job(user_id="u", query="q")
    for i in range(5):
        store.append_event(job_id, EventType.AGENT_OUTPUT, agent="a", data={"i": i})
    assert [e.seq for e in store.events(job_id)] == [1, 2, 3, 4, 5]
    assert [e.data["i"] for e in store.events(job_id, after=3)] == [3, 4]


WRITER = textwrap.dedent(
    """
    import sys
    from lotara.models import EventType
    from lotara.jobs.store import open_store
    store = open_store(sys.argv[1])
    for i in range(int(sys.argv[3])):
        store.append_event(sys.argv[2], EventType.AGENT_OUTPUT, agent=sys.argv[4], data={"i": i})
    """
)


def test_two_processes_appending_at_once_leave_no_gap_and_no_duplicate(store, home):
    job_id = store.create_job(user_id="u", query="q")
    n = 150
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(home), job_id, str(n), name])
        for name in ("w1", "w2")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    events = store.events(job_id)
    assert [e.seq for e in events] == list(range(1, 2 * n + 1))
    for name in ("w1", "w2"):
        assert [e.data["i"] for e in events if e.agent == name] == list(range(n))


def test_approvals_are_decided_once(store):
    job_id = store.create_job(user_id="u", query="q")
    approval = store.add_approval(job_id, ApprovalKind.BOOKING, {"amount": 100})
    assert store.pending_approval(job_id).id == approval.id
    assert store.decide_approval(approval.id, approved=True, notes="ok") is True
    assert store.decide_approval(approval.id, approved=False, notes="changed my mind") is False
    decided = store.approvals(job_id)[0]
    assert (decided.status.value, decided.notes) == ("approved", "ok")
    assert store.pending_approval(job_id) is None


def test_feedback_and_preferences_persist(store):
    job_id = store.create_job(user_id="u", query="q")
    store.add_feedback(Feedback(job_id=job_id, rating=4, helpful_aspects=["pace"]))
    assert store.get_job(job_id).feedback[0].rating == 4
    with pytest.raises(NotFound):
        store.add_feedback(Feedback(job_id="nope", rating=4))
    store.set_preference("u", "travelers", 2)
    store.set_preference("u", "travelers", 3)
    assert store.preferences("u") == {"travelers": 3}
    assert store.unset_preference("u", "travelers") is True
    assert store.preferences("u") == {}


def test_postgresql_gets_every_migration_once_and_keeps_data(pg_url, home):
    from lotara.jobs.store_pg import migrate, pending_migrations

    assert set(migrations.names()) == set(migrations.postgres), "a migration lacks its port"
    store = open_store(home, database=pg_url)
    assert store.engine == "postgresql"
    job_id = store.create_job(user_id="u", query="a trip")
    assert pending_migrations(store.conn) == []
    assert migrate(store.conn) == []  # a second process opening it applies nothing
    store.close()
    again = open_store(home, database=pg_url)
    assert again.get_job(job_id).query == "a trip"
    again.close()


def test_a_database_url_that_is_not_postgresql_is_one_clear_error(home):
    from lotara.errors import InvalidValue

    with pytest.raises(InvalidValue, match="postgresql://"):
        open_store(home, database="mysql://x@localhost/db")


def test_list_and_counts_read_the_same_on_both_engines(store):
    ids = [store.create_job(user_id="u", query=f"q{i}") for i in range(3)]
    store.set_status(ids[0], JobStatus.RUNNING)
    assert store.count_jobs(user_id="u") == 3
    assert store.count_jobs(status=JobStatus.RUNNING) == 1
    assert {j.job_id for j in store.list_jobs(user_id="u")} == set(ids)
    assert store.resolve_job_id(ids[1][:8]) == ids[1]
    store.append_event(ids[0], EventType.STATE_CHANGE, data={"state": "running"})
    assert store.count_state_changes(ids[0], "running") == 1
    assert store.jobs_with_events_after(0) == [(ids[0], store.last_event_rowid())]


def test_leases_renew_and_claims_change_hands_on_both_engines(store, monkeypatch) -> None:
    """A job's lease and a suggestion's claim are renewed while held (on PostgreSQL too,
    through its pool); an expired claim is taken over once, by compare-and-swap."""
    import time

    from lotara import clock
    from lotara.jobs import leases
    from lotara.proactive import suggestions
    from lotara.proactive.triggers import Trigger

    monkeypatch.setenv("LOTARA_LEASE_S", "0.6")
    job_id = store.create_job(user_id="u", query="3 days in Lisbon")
    with leases.hold(store, job_id):
        _, first = store.lease_of(job_id)
        for _ in range(100):
            if store.lease_of(job_id)[1] != first:
                break
            time.sleep(0.05)
        assert store.lease_of(job_id)[1] != first, "the job's lease was never renewed"
    assert store.lease_of(job_id) == (None, None)

    trigger = Trigger("budget_surplus", "u", {"amount": 900.0}, "budget_surplus:u:x", None)
    held = suggestions.claim(store, trigger)
    assert held is not None
    assert list(suggestions.reclaim_unfinished(store)) == []  # ours, and its lease runs
    with store.immediate() as conn:
        conn.execute(
            "UPDATE suggestions SET claimed_by = 'elsewhere.example:1', claim_until = ?",
            [clock.wall_seconds() - 1],
        )
    (taken,) = suggestions.reclaim_unfinished(store)
    assert taken.suggestion_id == held.suggestion_id
    assert list(suggestions.reclaim_unfinished(store)) == []  # taken once
