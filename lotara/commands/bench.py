"""``lotara bench``: run the planner on public benchmarks."""

from __future__ import annotations

from pathlib import Path

import typer

from lotara.context import Environment
from lotara.errors import InvalidValue

app = typer.Typer(no_args_is_help=True)


@app.command("travelplanner")
def travelplanner(
    ctx: typer.Context,
    inputs: list[Path] = typer.Option(
        ...,
        "--input",
        "-i",
        help="Records, one JSON object a line (idx, query, reference_information); repeatable.",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Where to write the plans (JSONL)."
    ),
    plans: Path | None = typer.Option(
        None,
        "--plans",
        help="Score these plans (matched by idx) instead of planning; needs --evaluate.",
    ),
    evaluate: bool = typer.Option(
        False, "--evaluate", help="Score the plans against the records' structured fields."
    ),
    database: Path | None = typer.Option(
        None,
        "--database",
        help="TravelPlanner's database/ folder, for the city-to-state map the route check uses "
        "(default: database/ beside the input, if there).",
    ),
) -> None:
    """Plan every TravelPlanner record of a file and write submission-format plans."""
    from lotara.bench.travelplanner.runner import run, write_jsonl

    env: Environment = ctx.obj
    for path in [*inputs, *([plans] if plans else [])]:
        if not path.is_file():
            raise InvalidValue(f"No such file: {path}.")
    if plans is None and output is None:
        raise InvalidValue("Say where to write the plans with --output.")
    if plans is not None and not evaluate:
        raise InvalidValue("--plans scores existing plans: add --evaluate.")
    outcome = run(inputs, evaluate=evaluate, database=database, plans_path=plans)
    if output is not None:
        write_jsonl(output, outcome.lines)
    if plans is None:
        delivered = sum(1 for line in outcome.lines if line["plan"])
        wrote = f"; wrote {output}" if output else ""
        env.err(
            f"Planned {delivered}/{len(outcome.lines)} records in {outcome.seconds:.2f}s "
            f"({outcome.ms_per_query:.1f} ms a query){wrote}."
        )
    if outcome.scores is not None:
        env.out(outcome.scores.report())
