"""The environment a command runs in: data dir, user, streams and the store, in one object.

Commands receive an ``Environment`` instead of reaching for globals, so tests hand in one
pointed at a temporary directory with captured streams. Drawing (Rich) is ``lotara.ui``'s:
a command that prints nothing fancy never imports it.
"""

from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lotara.jobs.store import JobStore


def default_home() -> Path:
    """``$LOTARA_HOME``, else the platform's user data dir for lotara."""
    configured = os.environ.get("LOTARA_HOME")
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("lotara", appauthor=False))


def default_user() -> str:
    """``$LOTARA_USER``, else the login name."""
    configured = os.environ.get("LOTARA_USER")
    if configured:
        return configured
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "default"


@dataclass
class Environment:
    """Where a command reads and writes: home dir, user, streams, flags."""

    home: Path = field(default_factory=default_home)
    user: str = field(default_factory=default_user)
    stdout: IO[str] = field(default_factory=lambda: sys.stdout)
    stderr: IO[str] = field(default_factory=lambda: sys.stderr)
    stdin: IO[str] = field(default_factory=lambda: sys.stdin)
    debug: bool = False
    reader_gone: bool = False

    @property
    def stdout_isatty(self) -> bool:
        return _isatty(self.stdout)

    @property
    def stdin_isatty(self) -> bool:
        return _isatty(self.stdin)

    @property
    def color(self) -> bool:
        return "NO_COLOR" not in os.environ and self.stdout_isatty

    @property
    def model_name(self) -> str:
        return os.environ.get("LOTARA_MODEL") or "offline"

    @cached_property
    def store(self) -> JobStore:
        from lotara.jobs.store import open_store

        return open_store(self.home)

    def out(self, text: str = "") -> None:
        """Write a plain line to stdout; once its reader has gone, write nothing more.

        A reader going away (``lotara plan --events | head -n 2``) is not the job's failure:
        the job goes on to its end, and the process exits as it would have, quietly.
        """
        if self.reader_gone:
            return
        try:
            print(text, file=self.stdout, flush=True)
        except BrokenPipeError:
            self.lose_stdout()

    def lose_stdout(self) -> None:
        """The reader of stdout went away: send the rest (and Python's last flush) nowhere."""
        self.reader_gone = True
        self.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
        try:
            os.dup2(self.stdout.fileno(), sys.__stdout__.fileno())  # type: ignore[union-attr]
        except (AttributeError, OSError, ValueError):
            pass  # not a real file descriptor (a test's StringIO)

    def err(self, text: str = "") -> None:
        """Write a plain line to stderr."""
        print(text, file=self.stderr, flush=True)

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.close()
            del self.__dict__["store"]


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
