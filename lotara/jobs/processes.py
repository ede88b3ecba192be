"""Whether a process that claimed a job or a suggestion is still there."""

from __future__ import annotations

import os


def process_exists(pid: int) -> bool:
    """True when a process with this pid runs on this host (ours or another user's)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists; it is just not ours to signal
    return True
