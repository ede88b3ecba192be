"""Who holds a lease and for how long: this host and process, ``LOTARA_LEASE_S`` seconds.

Shared by ``lotara.jobs.leases`` (which takes and renews leases) and ``lotara.jobs.store``
(which stamps a job it makes ``running`` with a lease of the process that wrote it).
"""

from __future__ import annotations

import os
import socket

from lotara.errors import InvalidValue

DEFAULT_LEASE_S = 15.0


def lease_s() -> float:
    """How long a lease lasts: ``LOTARA_LEASE_S`` (0.5 to 3600 seconds), else 15."""
    raw = os.environ.get("LOTARA_LEASE_S", "").strip()
    if not raw:
        return DEFAULT_LEASE_S
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not 0.5 <= value <= 3600:  # also refuses nan and inf
        raise InvalidValue(f"LOTARA_LEASE_S must be between 0.5 and 3600 seconds, not {raw!r}.")
    return value


def owner() -> str:
    """Who holds a lease: this host and process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def owner_gone(who: str | None) -> bool:
    """Whether a lease's owner is provably gone: a process of this host that no longer exists.

    An owner on another host is never known gone this way: only its lease's expiry says so.
    """
    from lotara.jobs.processes import process_exists

    host, _, pid = (who or "").rpartition(":")
    return host == socket.gethostname() and pid.isdigit() and not process_exists(int(pid))
