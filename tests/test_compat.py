"""The private APIs lotara relies on (``lotara/_compat``) are still there, as it uses them.

An upgrade of google-adk, Opik or Python that moves one fails here by name, not inside a
plan or a server's shutdown.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import sqlite3
from concurrent.futures import ProcessPoolExecutor

from lotara._compat import adk, futures, opik


def test_adk_session_service_internals_are_where_job_sessions_reach(tmp_path) -> None:
    conn = sqlite3.connect(tmp_path / "sessions.db")
    adk.create_session_schema(conn)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"sessions", "events"} <= tables, tables
    conn.close()
    hook = adk.SqliteSessionService._get_db_connection
    assert inspect.isfunction(hook)
    service = adk.SqliteSessionService(db_path=str(tmp_path / "svc.db"))
    for name in adk.SESSION_PRIVATE_ATTRIBUTES:
        assert hasattr(service, name), f"SqliteSessionService no longer has {name}"


def test_a_job_session_round_trips_through_the_overridden_connection(tmp_path) -> None:
    from lotara.agents.sessions import JobSessions

    async def roundtrip() -> str:
        service = JobSessions(db_path=str(tmp_path / "adk_sessions.db"))
        made = await service.create_session(app_name="lotara", user_id="u", state={"k": 1})
        got = await service.get_session(app_name="lotara", user_id="u", session_id=made.id)
        assert got is not None and got.state["k"] == 1
        return made.id

    assert asyncio.run(roundtrip())


def test_process_pool_internals_list_workers_and_tell_a_broken_pool() -> None:
    with ProcessPoolExecutor(max_workers=1) as pool:
        assert futures.pool_processes(pool) == [] or all(
            p.is_alive() for p in futures.pool_processes(pool)
        )
        pid = pool.submit(os.getpid).result(timeout=120)
        workers = futures.pool_processes(pool)
        assert [p.pid for p in workers] == [pid]
        assert not futures.pool_is_broken(pool)
        workers[0].kill()
        workers[0].join(30)
        try:
            pool.submit(os.getpid).result(timeout=120)
        except Exception:
            pass
        assert futures.pool_is_broken(pool)


def test_opik_adk_integration_keeps_its_span_skip_list_and_connection_manager() -> None:
    otel = opik.otel_tracer_class()
    assert isinstance(otel._ADK_INTERNAL_SPAN_NAME_SKIP_LIST, list)
    opik.skip_node_spans()
    skip = otel._ADK_INTERNAL_SPAN_NAME_SKIP_LIST
    assert "invoke_node flights" in skip and "invoke_workflow lotara_plan" in skip
    assert "call_llm" not in skip or "call_llm" in list(skip)
    from opik.api_objects import connection_resources

    assert callable(connection_resources.MANAGER.close_all)
    assert "flush" in inspect.signature(connection_resources.MANAGER.close_all).parameters
