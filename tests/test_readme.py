"""README's commands are a contract scripts and cron lines are written against.

Every ``lotara …`` line in README's code blocks (and the commands its comments name, such as
``watch remove ID``) must name a real command, and every ``--option`` it shows must be one
that command's ``--help`` lists. A renamed option fails here before it breaks a crontab.
"""

from __future__ import annotations

import re
import shlex
from functools import cache
from pathlib import Path

import pytest
from typer.main import get_command

from lotara.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"


def _code_lines(text: str) -> list[str]:
    lines, inside = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            inside = not inside
            continue
        if inside:
            lines.append(line)
    return lines


def _commands(text: str) -> list[str]:
    """Each ``lotara …`` command shown in a code block or named in a code comment."""
    found: list[str] = []
    joined = "\n".join(_code_lines(text)).replace("\\\n", " ")
    for line in joined.splitlines():
        line = line.strip().removeprefix("$ ")
        code, _, comment = line.partition("  #")
        if code.startswith("lotara "):
            found.append(code.strip())
        for part in re.split(r"[;,]| or:? ", comment):
            part = part.strip()
            words = part.split()
            if part.startswith("lotara "):
                found.append(part)
            elif words and words[0] in {"watch", "prefs"} and len(words) > 1:
                found.append("lotara " + part)
    return found


def _path_and_options(command: str) -> tuple[tuple[str, ...], list[str]]:
    tokens = shlex.split(command.replace("[", " ").replace("]", " "), comments=False)[1:]
    group = get_command(app)
    path: list[str] = []
    for token in tokens:
        # get_command loads a lazily registered command group (see lotara.cli.COMMANDS).
        sub = group.get_command(None, token) if hasattr(group, "get_command") else None
        if sub is None:
            break
        path.append(token)
        group = sub
    options = [t.split("=")[0] for t in tokens if t.startswith("--")]
    return tuple(path), options


@cache
def _help(path: tuple[str, ...]) -> str:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0, f"`lotara {' '.join(path)} --help` failed: {result.output}"
    return result.output


COMMANDS = _commands(README.read_text())


def test_readme_shows_the_contract_commands():
    paths = {_path_and_options(c)[0] for c in COMMANDS}
    for expected in [
        ("plan",),
        ("status",),
        ("approve",),
        ("feedback",),
        ("prefs", "set"),
        ("watch", "add"),
        ("watch", "list"),
        ("watch", "remove"),
        ("watch", "run"),
        ("watch", "trigger"),
        ("serve",),
        ("bench", "travelplanner"),
    ]:
        assert expected in paths, f"README no longer shows `lotara {' '.join(expected)}`"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_readme_shows_exists(command):
    path, options = _path_and_options(command)
    assert path, f"README shows {command!r}, which names no lotara command"
    text = _help(path)
    for option in options:
        assert option in text, f"`lotara {' '.join(path)}` has no {option} (README: {command})"


def _bash_lines(text: str) -> list[str]:
    lines, inside = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            inside = line.strip() == "```bash"
            continue
        if inside:
            lines.append(line)
    return lines


def test_bash_blocks_paste_as_written():
    """A "$3000" inside double quotes is bash's $3 followed by "000": a budget of 000."""
    for line in _bash_lines(README.read_text()):
        assert not re.search(r'"[^"]*(?<!\\)\$[0-9]', line), f"unescaped $ in: {line}"


def test_quick_start_keeps_the_commands_ci_runs():
    text = README.read_text()
    quick = text[text.index("## Quick start") : text.index("## Contents")]
    assert 'pip install -e ".[dev]" && lotara plan "' in quick
    assert 'pip install -e ".[dev]" && pytest' in quick
    assert "python3 -m venv" in quick and "pip install -e ." in quick


def test_readme_links_resolve():
    root = README.parent
    for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", README.read_text()):
        assert (root / target).exists(), f"README links to {target}, which is not in the repo"
