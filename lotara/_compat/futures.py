"""``concurrent.futures.ProcessPoolExecutor``'s internals lotara relies on.

The executor has no public way to list its worker processes (to kill them when a server
stops with jobs still running, before handing those jobs back) or to ask whether it is
broken (a worker died: the pool refuses new work and must be replaced). Both read private
attributes, ``_processes`` and ``_broken``, present since Python 3.3 and 3.8.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from multiprocessing.process import BaseProcess


def pool_processes(pool: ProcessPoolExecutor) -> list[BaseProcess]:
    """The pool's live worker processes (none before the first submit)."""
    return list((pool._processes or {}).values())


def pool_is_broken(pool: ProcessPoolExecutor) -> bool:
    """Whether a worker of the pool died, so that it accepts no more work."""
    return bool(pool._broken)
