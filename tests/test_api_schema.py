"""The OpenAPI schema of `lotara serve`: snapshot-tested, and fuzzed with schemathesis.

Update the snapshot after an intended change with
``LOTARA_UPDATE_SNAPSHOTS=1 pytest tests/test_api_schema.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from lotara.server.auth import TokenTable, load_tokens
from lotara.server.config import ServeConfig
from tests.api_support import ScriptedEngine

SNAPSHOT = Path(__file__).parent / "snapshots" / "openapi.json"


TOKEN = "fuzz-token"


def build_app(home: Path, tokens: TokenTable | None = None):
    from lotara.server.app import create_app

    engine = ScriptedEngine(gate=False)
    # schemathesis's ASGI client sends ``Host: testserver``: let the Host check answer it.
    config = ServeConfig(
        max_running=2, ping_s=0.2, poll_s=0.02, grace_s=1.0, allowed_hosts=("testserver",)
    )
    return create_app(home, config=config, tokens=tokens or TokenTable(), run=engine.run)


def test_openapi_schema_matches_the_snapshot(home: Path) -> None:
    schema = build_app(home).openapi()
    text = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    if os.environ.get("LOTARA_UPDATE_SNAPSHOTS"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(text)
    assert SNAPSHOT.exists(), "no snapshot yet: run with LOTARA_UPDATE_SNAPSHOTS=1"
    assert json.loads(SNAPSHOT.read_text()) == schema, (
        "The OpenAPI schema changed; if intended, rerun with LOTARA_UPDATE_SNAPSHOTS=1"
    )


def test_the_seed_contract_is_in_the_schema(home: Path) -> None:
    paths = build_app(home).openapi()["paths"]
    assert set(paths) >= {
        "/",
        "/health",
        "/v1/plan",
        "/v1/plan/sync",
        "/v1/suggest",
        "/v1/status/{job_id}",
        "/v1/stream/{job_id}",
        "/v1/jobs/{user_id}",
        "/v1/approve",
        "/v1/book",
        "/v1/feedback",
        "/v1/preferences/{user_id}",
    }
    assert set(paths["/v1/preferences/{user_id}"]) == {"get", "put"}
    assert "text/event-stream" in paths["/v1/stream/{job_id}"]["get"]["responses"]["200"]["content"]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory):
    # With a token set, so schemathesis also checks that a wrong or missing one is refused.
    tokens = load_tokens({"LOTARA_API_TOKEN": TOKEN})
    app = build_app(tmp_path_factory.mktemp("fuzz-home"), tokens)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_fuzzed_requests_get_no_500_and_match_the_schema(api_schema) -> None:
    # Every operation, a bounded number of generated requests each (deterministic), every
    # schemathesis check: no 5xx, status codes, content types and bodies as documented.
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    failures: dict[str, str] = {}
    for result in api_schema.get_all_operations():
        operation = result.ok()
        # Preference values pass checks JSON Schema cannot say (an airport code that exists,
        # a calendar file that is there), and a trigger's context is checked for its type
        # (a price drop needs a route): a schema-valid value may still be a 422 there.
        lenient = {"PUT /v1/preferences/{user_id}", "POST /v1/suggest"}
        excluded = [positive_data_acceptance] if operation.label in lenient else []

        @given(case=operation.as_strategy())
        @settings(
            max_examples=12,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case) -> None:
            if case.query and "timeout" in case.query:
                case.query["timeout"] = 0.05  # /v1/plan/sync: never wait long in a test
            case.call_and_validate(
                headers={"Authorization": f"Bearer {TOKEN}"},
                excluded_checks=excluded,  # noqa: B023 - run before the next loop
            )

        try:
            check()
        except Exception as error:
            failures[operation.label] = str(error)[:2000]
    assert not failures, "\n\n".join(f"{k}:\n{v}" for k, v in failures.items())
