"""``lotara worker``: run queued plans, resumes and bookings from a PostgreSQL store."""

from __future__ import annotations

import os

import typer

from lotara.errors import UsageError


def worker(
    concurrency: int = typer.Option(
        2, "--concurrency", min=1, max=64, help="Steps this process runs at once."
    ),
    database: str | None = typer.Option(
        None,
        "--database",
        help="PostgreSQL URL of the store and queue. Default: $LOTARA_DATABASE_URL.",
    ),
) -> None:
    """Run queued work on PostgreSQL until stopped; SIGTERM hands unfinished work back."""
    from lotara.jobs.store_pg import is_postgres_url

    url = database or os.environ.get("LOTARA_DATABASE_URL")
    if not is_postgres_url(url):
        raise UsageError(
            "lotara worker needs a PostgreSQL store: set LOTARA_DATABASE_URL or --database "
            "to a postgresql:// URL (on SQLite, `lotara serve` runs its own jobs)."
        )
    assert url is not None
    os.environ["LOTARA_DATABASE_URL"] = url  # the plans it runs open the same store
    from lotara.jobs.queue import run_workers

    run_workers(url, concurrency=concurrency)
