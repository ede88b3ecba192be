"""``lotara bench``: run the planner on public benchmarks."""

from __future__ import annotations

import typer

from lotara.errors import NotBuilt

app = typer.Typer(no_args_is_help=True)


@app.command("travelplanner")
def travelplanner(ctx: typer.Context) -> None:
    """Plan every TravelPlanner record of a file and write submission-format plans."""
    raise NotBuilt("The TravelPlanner adapter is not built yet in this version of lotara.")
