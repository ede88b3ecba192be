"""Every error lotara raises on purpose, and the exit code each one maps to.

    LotaraError                    exit 1   something failed
     ├── UsageError                exit 2   the input is wrong (bad option, value, query)
     │    ├── InvalidValue                  a value that fails validation
     │    ├── UnknownPlace                  a place name nobody could resolve
     │    └── QueryNotUnderstood            a part of a trip request that cannot be read
     ├── NotFound                  exit 3   no such job, watch or approval
     │    └── AmbiguousId          exit 2   a job id prefix that matches several jobs
     ├── Conflict                  exit 4   the action does not fit the current state
     │    └── IllegalTransition             a job status move DESIGN.md does not allow
     ├── Unavailable               exit 5   a provider, model or server could not be reached
     │    └── StoreBusy                     another process holds the store's lock too long
     └── NotBuilt                  exit 1   a capability this version does not have yet

A command never shows a traceback for these: the CLI prints the message as one sentence and
exits with ``exit_code``. ``ExitCode`` also holds the codes that are not errors (awaiting
approval, rejected, interrupted).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The documented exit codes of every lotara command."""

    OK = 0
    FAILED = 1
    USAGE = 2
    NOT_FOUND = 3
    CONFLICT = 4
    UNAVAILABLE = 5
    AWAITING_APPROVAL = 10
    REJECTED = 11
    INTERRUPTED = 130


class LotaraError(Exception):
    """Base of every error lotara raises on purpose."""

    exit_code: ExitCode = ExitCode.FAILED
    code: str = "failed"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class UsageError(LotaraError):
    exit_code = ExitCode.USAGE
    code = "invalid_input"


class InvalidValue(UsageError):
    code = "invalid_value"


class UnknownPlace(UsageError):
    code = "unknown_place"

    def __init__(self, name: str, suggestions: list[str] | None = None) -> None:
        self.name = name
        self.suggestions = suggestions or []
        message = f"Unknown place {name!r}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        else:
            message += "."
        super().__init__(message)


class QueryNotUnderstood(UsageError):
    code = "query_not_understood"


class NotFound(LotaraError):
    exit_code = ExitCode.NOT_FOUND
    code = "not_found"


class AmbiguousId(NotFound):
    exit_code = ExitCode.USAGE
    code = "ambiguous_id"


class Conflict(LotaraError):
    exit_code = ExitCode.CONFLICT
    code = "conflict"


class IllegalTransition(Conflict):
    code = "illegal_transition"


class Unavailable(LotaraError):
    exit_code = ExitCode.UNAVAILABLE
    code = "unavailable"


class StoreBusy(Unavailable):
    """The store is locked by another process beyond the busy timeout: try again soon."""

    code = "store_busy"


class NotBuilt(LotaraError):
    code = "not_built"
