"""How lotara words a count: "1 night", "2 nights", "1 stop", never "1 nights" or "stop(s)"."""

from __future__ import annotations


def counted(n: int, unit: str, plural: str | None = None) -> str:
    """``n`` and its unit, singular for one: counted(1, "night") == "1 night"."""
    return f"{n} {unit if n == 1 else plural or unit + 's'}"
