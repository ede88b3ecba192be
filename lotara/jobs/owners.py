"""Who holds a lease and for how long: this host and process, ``LOTARA_LEASE_S`` seconds.

Shared by ``lotara.jobs.leases`` (which takes and renews leases) and ``lotara.jobs.store``
(which stamps a job it makes ``running`` with a lease of the process that wrote it).
"""

from __future__ import annotations

import os
import socket

from lotara.values import env_setting

DEFAULT_LEASE_S = 15.0


def lease_s() -> float:
    """How long a lease lasts: ``LOTARA_LEASE_S`` (0.5 to 3600 seconds), else 15."""
    return env_setting("LOTARA_LEASE_S", DEFAULT_LEASE_S, 0.5, 3600, " seconds")


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
