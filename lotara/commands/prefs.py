"""``lotara prefs``: show, set and unset a user's preferences."""

from __future__ import annotations

import json

import typer

from lotara.context import Environment
from lotara.errors import InvalidValue

app = typer.Typer(no_args_is_help=True)

UserOption = typer.Option(None, "--user", "-u", help="Whose preferences (default: $LOTARA_USER).")
JsonOption = typer.Option(False, "--json", help="Print one JSON document.")


@app.command("show")
def show(ctx: typer.Context, user: str | None = UserOption, as_json: bool = JsonOption) -> None:
    """Show the preferences of a user."""
    env: Environment = ctx.obj
    user = user or env.user
    values = env.store.preferences(user)
    if as_json:
        env.out(json.dumps({"user_id": user, "preferences": values}, indent=2))
        return
    if not values:
        env.out(f"No preferences for {user}. Set one with `lotara prefs set KEY VALUE`.")
        return
    width = max(len(k) for k in values)
    for key, value in values.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else value
        env.out(f"{key:<{width}}  {shown}")


@app.command("set")
def set_(
    ctx: typer.Context,
    key: str = typer.Argument(..., help="A key from `lotara prefs keys`."),
    value: str = typer.Argument(..., help="The value; lists are comma-separated."),
    user: str | None = UserOption,
) -> None:
    """Set a preference after checking its value."""
    from lotara.prefs import parse_preference

    env: Environment = ctx.obj
    parsed = parse_preference(key, value)
    env.store.set_preference(user or env.user, key, parsed)
    shown = ", ".join(map(str, parsed)) if isinstance(parsed, list) else parsed
    env.err(f"Set {key} = {shown}")


@app.command("unset")
def unset(
    ctx: typer.Context,
    key: str = typer.Argument(..., help="The key to remove."),
    user: str | None = UserOption,
) -> None:
    """Remove a preference."""
    from lotara.prefs import KEYS

    env: Environment = ctx.obj
    if key not in KEYS:
        raise InvalidValue(f"Unknown preference {key!r}. `lotara prefs keys` lists them.")
    removed = env.store.unset_preference(user or env.user, key)
    env.err(f"Unset {key}" if removed else f"{key} was not set")


@app.command("keys")
def keys(ctx: typer.Context) -> None:
    """List the preference keys and what each one means."""
    from lotara.prefs import KEYS

    env: Environment = ctx.obj
    width = max(len(k) for k in KEYS)
    for spec in KEYS.values():
        env.out(f"{spec.name:<{width}}  {spec.help}")
