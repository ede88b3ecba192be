"""``lotara plan``: plan a trip from a sentence."""

from __future__ import annotations

import typer

from lotara.errors import NotBuilt


def plan(
    ctx: typer.Context,
    query: str = typer.Argument(..., help='What you want, e.g. "5 days in Tokyo from LAX".'),
) -> None:
    """Plan a trip from a sentence, offline by default."""
    raise NotBuilt("Planning is not built yet in this version of lotara.")
