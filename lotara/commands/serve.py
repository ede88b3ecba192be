"""``lotara serve``: the REST API of the original product, with SSE, over the same store."""

from __future__ import annotations

import typer

from lotara.errors import NotBuilt


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
) -> None:
    """Serve the REST API (with SSE) over the same store."""
    raise NotBuilt("The server is not built yet in this version of lotara.")
