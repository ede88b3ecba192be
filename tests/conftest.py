"""Shared test seams: a private data dir, a fixed clock, a quiet environment, a CLI runner.

Every test gets its own ``LOTARA_HOME`` under pytest's tmp dir and ``LOTARA_NOW`` fixed at
``TEST_NOW``, so nothing touches the real data dir or depends on the wall clock.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lotara.context import Environment

pytest_plugins = ["tests.pg_support"]  # pg_server, pg_url: a real PostgreSQL

TEST_NOW = "2027-03-01T09:00:00Z"
TEST_USER = "tester"


@pytest.fixture(autouse=True)
def env_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("LOTARA_HOME", str(home))
    monkeypatch.setenv("LOTARA_NOW", TEST_NOW)
    monkeypatch.setenv("LOTARA_USER", TEST_USER)
    monkeypatch.setenv("NO_COLOR", "1")
    for name in ("LOTARA_MODEL", "LOTARA_API_TOKEN", "OPIK_API_KEY", "OPIK_URL_OVERRIDE"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def home(env_setup: Path) -> Path:
    return env_setup


@pytest.fixture
def env(home: Path) -> Environment:
    """A quiet environment: streams are StringIO, the store lives in the test's home."""
    environment = Environment(
        home=home, user=TEST_USER, stdout=io.StringIO(), stderr=io.StringIO(), stdin=io.StringIO()
    )
    yield environment
    environment.close()


@pytest.fixture
def store(env: Environment):
    return env.store


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(home: Path) -> Callable[..., Result]:
    """Invoke the Typer app in process, as ``cli("prefs", "show")``."""
    from lotara.cli import app

    def invoke(*args: str, input: str | None = None) -> Result:
        runner = CliRunner()
        result = runner.invoke(app, list(args), input=input, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def run_lotara(home: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``python -m lotara`` in a real subprocess with the test's environment."""

    def run(*args: str, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "lotara", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, **kwargs.pop("extra_env", {})},
            **kwargs,
        )

    return run
