"""The product on PostgreSQL, end to end in real processes: a plan, its ADK session, its
approval gate and the watch claims all live in the database, none in $LOTARA_HOME."""

from __future__ import annotations

import json

import psycopg


def test_a_plan_runs_on_postgresql_with_its_adk_session_there(run_lotara, pg_url, home):
    env = {"LOTARA_DATABASE_URL": pg_url}
    done = run_lotara(
        "plan", "4 days in Lisbon for under $2500 from JFK", "--json", extra_env=env, timeout=180
    )
    assert done.returncode in (0, 10), done.stderr
    job = json.loads(done.stdout)
    shown = run_lotara("status", job["job_id"][:8], "--json", extra_env=env)
    assert json.loads(shown.stdout)["status"] == job["status"]
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] > 0
        assert conn.execute("SELECT count(*) FROM adk.sessions").fetchone()[0] == 1
    assert not (home / "lotara.db").exists()  # nothing went to SQLite
