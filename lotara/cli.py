"""The ``lotara`` command: a thin Typer app that registers one module per command group.

Nothing heavy is imported here or in the command modules at import time: ``lotara --help``
and ``lotara status`` must not load google.adk, opik, litellm or fastapi. Errors raised on
purpose (``lotara.errors``) become one sentence on stderr and their documented exit code;
anything else is an internal error, with the traceback only under ``--debug``.
"""

from __future__ import annotations

import sys
import traceback
from typing import Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from lotara import __version__
from lotara.context import Environment
from lotara.errors import ExitCode, LotaraError


class LotaraGroup(TyperGroup):
    """Maps lotara's exceptions to a sentence and an exit code, for every subcommand."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LotaraError as error:
            env = ctx.obj if isinstance(ctx.obj, Environment) else None
            if env is not None and env.debug:
                traceback.print_exc()
            message = f"Error: {error.message}"
            if error.hint:
                message += f"\n{error.hint}"
            typer.echo(message, err=True)
            raise typer.Exit(int(error.exit_code)) from None
        except (typer.Exit, typer.Abort, TyperException):
            raise
        except KeyboardInterrupt:
            typer.echo("Interrupted.", err=True)
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except Exception as error:
            env = ctx.obj if isinstance(ctx.obj, Environment) else None
            if env is not None and env.debug:
                raise
            typer.echo(
                f"Error: internal error ({type(error).__name__}: {error}). "
                "Run again with --debug for the traceback.",
                err=True,
            )
            raise typer.Exit(int(ExitCode.FAILED)) from None


app = typer.Typer(
    cls=LotaraGroup,
    name="lotara",
    help="A travel concierge for your terminal: plans trips offline, watches prices, "
    "and asks before it spends.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"lotara {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """A travel concierge for your terminal."""
    if not isinstance(ctx.obj, Environment):
        ctx.obj = Environment()
    ctx.obj.debug = debug or ctx.obj.debug
    ctx.call_on_close(ctx.obj.close)


def _register() -> None:
    from lotara.commands import approve, bench, book, feedback, plan, prefs, serve, status, watch

    app.command("plan", help="Plan a trip from a sentence, offline by default.")(plan.plan)
    app.command("status", help="Show recent jobs, or one job in full.")(status.status)
    app.command("approve", help="Approve or reject a job waiting for your decision.")(
        approve.approve
    )
    app.command("book", help="Book a completed plan (sandbox holds); asks first.")(book.book)
    app.command("feedback", help="Rate a planned trip.")(feedback.feedback)
    app.add_typer(prefs.app, name="prefs", help="Show and change your preferences.")
    app.add_typer(watch.app, name="watch", help="Watch prices and get trip suggestions.")
    app.command("serve", help="Serve the REST API (with SSE) over the same store.")(serve.serve)
    app.add_typer(bench.app, name="bench", help="Run the planner on public benchmarks.")


_register()


def main() -> None:
    """Console entry point."""
    sys.exit(app(prog_name="lotara"))
