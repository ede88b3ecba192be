"""Stable pseudo-random numbers keyed on words: the same key gives the same number in any process.

Python's ``hash()`` changes with ``PYTHONHASHSEED``; blake2b of the joined key does not.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def digest(*key: object) -> bytes:
    """Eight stable bytes for ``key``."""
    text = "\x1f".join(str(part) for part in key)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()


def unit(*key: object) -> float:
    """A number in [0, 1) fixed by ``key``."""
    return int.from_bytes(digest(*key), "big") / 2**64


def between(low: float, high: float, *key: object) -> float:
    """A number in [low, high) fixed by ``key``."""
    return low + (high - low) * unit(*key)


def pick(options: Sequence[T], *key: object) -> T:
    """One of ``options``, fixed by ``key``."""
    return options[int(unit(*key) * len(options))]


def short_id(prefix: str, *key: object) -> str:
    """A short stable id such as ``fl-3f9a0c12d4``."""
    return f"{prefix}-{digest(*key).hex()[:10]}"
