"""``lotara serve``: the REST API of the original product, with SSE, over the same store."""

from __future__ import annotations

import ipaddress
import os
import signal

import typer

from lotara.context import Environment

LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _stopped(signum: int, frame: object) -> None:
    raise SystemExit(0)


def serve(
    ctx: typer.Context,
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to bind; 0.0.0.0 exposes the API to the network."
    ),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="Server processes (each runs its own jobs)."
    ),
    max_running: int | None = typer.Option(
        None,
        "--max-running",
        min=0,
        max=1000,
        help="Jobs one process runs at once; the rest wait queued (0: accept only). "
        "Default: $LOTARA_MAX_RUNNING or 4.",
    ),
    access_log: bool = typer.Option(False, "--access-log", help="Log every request."),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn's log level."),
    database: str | None = typer.Option(
        None, "--database", help="A postgresql:// store URL. Default: $LOTARA_DATABASE_URL."
    ),
    insecure: bool = typer.Option(
        False, "--insecure", help="Allow binding beyond loopback with no LOTARA_API_TOKEN."
    ),
) -> None:
    """Serve the REST API (with SSE) over the same store."""
    env: Environment = ctx.obj
    from lotara.errors import UsageError
    from lotara.server.auth import load_tokens
    from lotara.server.config import ServeConfig

    if database:  # the store (and its workers' children) open PostgreSQL from here on
        os.environ["LOTARA_DATABASE_URL"] = database
    if max_running is not None:
        os.environ["LOTARA_MAX_RUNNING"] = str(max_running)
    # Fail now, with one sentence, on bad settings, rather than in every worker.
    config = ServeConfig.from_env()
    tokens = load_tokens()
    env.store  # noqa: B018 - create the store and apply migrations once, before workers start
    os.environ["LOTARA_HOME"] = str(env.home)
    os.environ["LOTARA_BIND_HOST"] = host  # the Host check of every worker allows it
    if not is_loopback(host) and not tokens.enabled:
        if not insecure:
            raise UsageError(
                f"Refusing to serve on {host} with no LOTARA_API_TOKEN: anyone who can reach "
                "this port could plan, read and approve jobs; set a token or pass --insecure."
            )
        env.err(
            f"Warning: serving on {host} with no LOTARA_API_TOKEN: anyone who can reach this "
            "port can plan, read and approve jobs."
        )
    auth = "bearer tokens required" if tokens.enabled else "no auth"
    env.err(
        f"lotara API on http://{host}:{port} ({auth}; {config.max_running} jobs at once "
        f"per process; store {env.home})"
    )
    import uvicorn

    # uvicorn re-raises the stop signal once it has shut down gracefully; a graceful stop
    # is a success, so that re-raised SIGTERM ends the process with 0.
    signal.signal(signal.SIGTERM, _stopped)
    uvicorn.run(
        "lotara.server.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=access_log,
        log_level=log_level,
        timeout_graceful_shutdown=int(config.grace_s) + 5,
        server_header=False,
    )
