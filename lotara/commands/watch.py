"""``lotara watch``: price watches and proactive trip suggestions."""

from __future__ import annotations

import typer

from lotara.errors import NotBuilt

app = typer.Typer(no_args_is_help=True)


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """List your price watches."""
    raise NotBuilt("Price watches are not built yet in this version of lotara.")
