"""Processes: is one that claimed a job or a suggestion still there; signals that stop ours."""

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


def stop_on_signals() -> None:
    """SIGTERM and SIGHUP stop a command as Ctrl-C does: a job it runs ends ``cancelled``.

    Only where nothing else chose a handler (``watch run`` and ``serve`` install their own).
    """
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for sig in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) is signal.SIG_DFL:
            signal.signal(sig, interrupt)
