"""The ``lotara`` command: a thin Typer app that registers one module per command group.

Nothing heavy is imported here or in the command modules at import time: ``lotara --help``
and ``lotara status`` must not load google.adk, opik, litellm or fastapi. Errors raised on
purpose (``lotara.errors``) become one sentence on stderr and their documented exit code;
anything else is an internal error, with the traceback only under ``--debug``.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from typing import TYPE_CHECKING, Any

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup
from typer.exceptions import TyperException

from lotara import __version__
from lotara.context import Environment
from lotara.errors import ExitCode, LotaraError

if TYPE_CHECKING:
    from typer import _click as click  # typer's own copy of click


class _Unloaded(TyperCommand):
    """A command whose module is not imported yet: its name and help, for listings."""


class LotaraGroup(TyperGroup):
    """Maps lotara's exceptions to a sentence and an exit code, for every subcommand.

    Its commands load on first use (see ``COMMANDS``): help and typo suggestions read their
    names and help lines without importing them.
    """

    _listing = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (_, help_text) in COMMANDS.items():
            self.commands.setdefault(name, _Unloaded(name=name, help=help_text))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = self.commands.get(cmd_name)
        if isinstance(command, _Unloaded) and not self._listing:
            command = self.commands[cmd_name] = load_command(cmd_name)
        return command

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing = True  # the listing needs each command's help line, not its module
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def invoke(self, ctx: click.Context) -> Any:
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
        except BrokenPipeError:
            # Whoever read our output went away (`| head`): not an error of ours.
            env = ctx.obj if isinstance(ctx.obj, Environment) else None
            if env is not None:
                env.lose_stdout()
            raise typer.Exit(int(ExitCode.OK)) from None
        except KeyboardInterrupt:
            typer.echo("Interrupted.", err=True)
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except Exception as error:
            env = ctx.obj if isinstance(ctx.obj, Environment) else None
            if env is not None and env.debug:
                raise
            if type(error).__module__ == "sqlite3" and env is not None:
                # A store fault met while reading: one sentence with the path, like at open.
                from lotara.jobs.store import db_path, fault

                said = fault(error, db_path(env.home))
                typer.echo(f"Error: {said.message}", err=True)
                raise typer.Exit(int(said.exit_code)) from None
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


COMMANDS: dict[str, tuple[str, str]] = {
    # name: (attribute of lotara.commands.<name>: a function or a Typer app, one line of help)
    "plan": ("plan", "Plan a trip from a sentence, offline by default."),
    "status": ("status", "Show recent jobs, or one job in full."),
    "approve": ("approve", "Approve or reject a job waiting for your decision."),
    "book": ("book", "Book a completed plan (sandbox holds); asks first."),
    "feedback": ("feedback", "Rate a planned trip."),
    "cancel": ("cancel", "Cancel a job that has not ended, wherever it runs."),
    "serve": ("serve", "Serve the REST API (with SSE) over the same store."),
    "worker": ("worker", "Run queued work from a PostgreSQL store (several hosts at once)."),
    "prefs": ("app", "Show and change your preferences."),
    "watch": ("app", "Watch prices and get trip suggestions."),
    "bench": ("app", "Run the planner on public benchmarks."),
}
"""Every command, in the order --help lists them. A command's module is imported only when
that command runs (its models, the store), so `lotara --help` and `lotara prefs show` do not
pay for the imports of `lotara plan`."""


def load_command(name: str) -> click.Command:
    """The click command of ``name``, built from its module in ``lotara.commands``."""
    attribute, help_text = COMMANDS[name]
    target = getattr(importlib.import_module(f"lotara.commands.{name}"), attribute)
    if isinstance(target, typer.Typer):
        group = typer.main.get_group(target)
        group.name, group.help = name, help_text
        return group
    single = typer.Typer(add_completion=False)
    single.command(name, help=help_text)(target)
    return typer.main.get_command(single)


def main() -> None:
    """Console entry point."""
    from lotara.jobs.processes import stop_on_signals

    stop_on_signals()
    sys.exit(app(prog_name="lotara"))
