"""The CLI's cold paths stay light, its errors are sentences, and its help covers every command."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from lotara import __version__
from lotara.errors import ExitCode

HEAVY = ("google.adk", "opik", "litellm", "fastapi", "uvicorn", "astral")

PROBE = """
import sys
sys.argv = ["lotara", *{args!r}]
from lotara.cli import app
try:
    app(prog_name="lotara")
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {{"opik", "litellm", "fastapi",
    "uvicorn", "astral"}} or m.startswith("google.adk"))
print("HEAVY=" + ",".join(heavy), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["status"],
        ["prefs", "show"],
        ["watch", "--help"],
        ["plan", "--help"],
    ],
)
def test_cold_paths_import_nothing_heavy(args, home):
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True, timeout=60
    )
    heavy = proc.stderr.rsplit("HEAVY=", 1)[1].strip()
    assert heavy == "", f"`lotara {' '.join(args)}` imported {heavy}"


LOADED = """
import sys
sys.argv = ["lotara", *{args!r}]
from lotara.cli import app
try:
    app(prog_name="lotara")
except SystemExit:
    pass
print("LOADED=" + ",".join(sorted(m for m in sys.modules
    if m.startswith("lotara.") or m == "sqlite_utils")), file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("args", "loaded", "not_loaded"),
    [
        (["--help"], set(), {"lotara.models", "lotara.jobs.store", "lotara.commands.plan"}),
        # The store reads on its plain connection: sqlite-utils loads only to migrate.
        (
            ["prefs", "show"],
            {"lotara.commands.prefs", "lotara.jobs.store"},
            {"lotara.commands.plan"},
        ),
        (["status"], {"lotara.jobs.store"}, {"sqlite_utils", "lotara.commands.prefs"}),
        (["watch", "--help"], {"lotara.commands.watch"}, {"lotara.commands.status"}),
    ],
)
def test_a_command_imports_only_its_own_module(args, loaded, not_loaded, home):
    # Commands load on first use: `lotara --help` lists them all without importing them.
    from lotara.jobs.store import open_store

    open_store(home).close()  # migrated already, as after the first command
    proc = subprocess.run(
        [sys.executable, "-c", LOADED.format(args=args)], capture_output=True, text=True, timeout=60
    )
    modules = set(proc.stderr.rsplit("LOADED=", 1)[1].strip().split(","))
    assert loaded <= modules
    assert not (not_loaded & modules), f"`lotara {' '.join(args)}` loaded {not_loaded & modules}"


def test_every_listed_command_loads_with_its_help():
    from lotara.cli import COMMANDS, load_command

    for name, (_, help_text) in COMMANDS.items():
        command = load_command(name)
        assert command.name == name
        assert command.help == help_text
        assert command.params or getattr(command, "commands", None), f"{name} has no options"


def test_help_lists_every_command_with_a_line_of_help(run_lotara):
    out = run_lotara("--help").stdout
    for command in ("plan", "status", "approve", "feedback", "prefs", "watch", "serve", "bench"):
        assert command in out
    assert "Usage" in out


def test_every_command_has_help(cli):
    from typer.main import get_command

    from lotara.cli import app

    group = get_command(app)
    for name, command in group.commands.items():
        assert command.help or command.short_help, f"{name} has no help"
        assert cli(name, "--help").exit_code == 0


def test_version(run_lotara):
    proc = run_lotara("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"lotara {__version__}"


def test_unknown_job_exits_3_without_a_traceback(run_lotara):
    proc = run_lotara("status", "deadbeef")
    assert proc.returncode == ExitCode.NOT_FOUND
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("Error: No job")


def test_unknown_option_is_a_usage_error(run_lotara):
    proc = run_lotara("status", "--frobnicate")
    assert proc.returncode == ExitCode.USAGE


def test_bad_clock_is_one_sentence(run_lotara):
    proc = run_lotara("prefs", "show", "--json", extra_env={"LOTARA_NOW": "yesterday"})
    # prefs show does not read the clock; a job does.
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["user_id"] == "tester"


def test_lotara_now_fixes_the_clock(monkeypatch):
    from lotara import clock

    monkeypatch.setenv("LOTARA_NOW", "2027-04-10")
    assert clock.iso() == "2027-04-10T00:00:00.000000Z"
    monkeypatch.setenv("LOTARA_NOW", "2027-04-10T09:30:00+02:00")
    assert clock.now().hour == 7
    monkeypatch.setenv("LOTARA_NOW", "soon")
    from lotara.errors import InvalidValue

    with pytest.raises(InvalidValue):
        clock.now()


def test_the_data_dir_follows_lotara_home(run_lotara, home):
    run_lotara("prefs", "set", "pace", "relaxed")
    assert (home / "lotara.db").exists()


@pytest.mark.parametrize("args", [["--help"], ["status"]])
def test_a_configured_model_is_not_loaded_on_cold_paths(args, home, monkeypatch):
    # Naming a LiteLLM model costs its import only on a plan that uses it.
    monkeypatch.setenv("LOTARA_MODEL", "openai/gpt-4o-mini")
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True, timeout=60
    )
    heavy = proc.stderr.rsplit("HEAVY=", 1)[1].strip()
    assert heavy == "", f"`lotara {' '.join(args)}` with a model imported {heavy}"
