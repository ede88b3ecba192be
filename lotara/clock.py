"""The one clock lotara reads: ``LOTARA_NOW`` when set, the wall clock otherwise."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime

from lotara.errors import InvalidValue


def parse_now(value: str) -> datetime:
    """Read an ISO date or date-time; a date means midnight UTC, a naive time means UTC."""
    text = value.strip()
    try:
        if len(text) == 10:
            parsed = datetime.combine(date.fromisoformat(text), datetime.min.time())
        else:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidValue(
            f"LOTARA_NOW must be an ISO date or date-time such as 2027-03-01T09:00, not {value!r}."
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def now() -> datetime:
    """Now, as an aware UTC datetime, honouring ``LOTARA_NOW``."""
    fixed = os.environ.get("LOTARA_NOW")
    if fixed:
        return parse_now(fixed)
    return datetime.now(UTC)


def today() -> date:
    """Today's date in UTC, honouring ``LOTARA_NOW``."""
    return now().date()


def iso(moment: datetime | None = None) -> str:
    """A timestamp as stored and shown: ISO 8601 in UTC with a Z."""
    moment = moment or now()
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def wall_seconds() -> float:
    """Real seconds since the epoch, for leases between processes.

    A lease proves a process alive, so it is timed on the real clock and never follows
    ``LOTARA_NOW`` (a fixed LOTARA_NOW would make every lease last for ever).
    """
    return time.time()
