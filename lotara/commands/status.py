"""``lotara status``: recent jobs, one job in full, a job followed live, or an export."""

from __future__ import annotations

import json

import typer

from lotara.context import Environment
from lotara.errors import InvalidValue
from lotara.models import JobSummary

FORMATS = ("markdown", "ics", "html")


def status(
    ctx: typer.Context,
    job: str | None = typer.Argument(None, help="A job id or a unique prefix of one."),
    user: str | None = typer.Option(None, "--user", "-u", help="Whose jobs (default: you)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=1000, help="How many jobs."),
    follow: bool = typer.Option(
        False, "--follow", "-f", help="Follow the job live until it ends (it may run elsewhere)."
    ),
    export: str | None = typer.Option(
        None, "--format", help="Export the itinerary: markdown, ics or html."
    ),
    trace: bool = typer.Option(
        False, "--trace", help="Where the job's time went: each agent and call, timed."
    ),
    show_all: bool = typer.Option(
        False, "--all", "-a", help="Also list failed queries that never became a trip."
    ),
) -> None:
    """Show recent jobs, or one job in full."""
    from lotara.jobs.leases import reap

    env: Environment = ctx.obj
    store = env.store
    reap(store)  # a job whose process died shows as failed, not running for ever
    if export is not None and export not in FORMATS:
        raise InvalidValue(f"--format must be markdown, ics or html, not {export!r}.")
    if job is None:
        if follow or export or trace:
            raise InvalidValue("--follow, --format and --trace need a job id: `lotara status JOB`.")
        jobs = store.list_jobs(user_id=user or env.user, limit=limit)
        show_list(env, jobs, as_json=as_json, show_all=show_all)
        return
    job_id = store.resolve_job_id(job)
    if trace:
        from lotara.ui.trace_view import show_trace

        show_trace(env, job_id, as_json=as_json)
        return
    if export is not None:
        from lotara.ui import export as exporter

        doc = store.get_job(job_id)
        if export == "ics":
            env.stdout.write(exporter.to_ics(doc).decode("utf-8").replace("\r\n", "\n"))
        elif export == "html":
            from lotara.ui.html import to_html

            env.stdout.write(to_html(doc))
        else:
            env.stdout.write(exporter.to_markdown(doc))
        env.stdout.flush()
        return
    from lotara.ui.progress import finish, follow_job, pick_mode

    mode = pick_mode(env, as_json=as_json)
    if follow:
        finish(env, follow_job(env, job_id, mode=mode), mode=mode)
        return
    from lotara.tracing import with_trace_url  # opik_trace_url, when traced to Opik

    doc = with_trace_url(store, store.get_job(job_id))
    if as_json:
        env.out(doc.model_dump_json(indent=2))
        return
    from lotara.ui.progress import approval_reasons
    from lotara.ui.render import make_console, render_job

    render_job(make_console(env.stdout), doc, reasons=approval_reasons(env, job_id))
    if doc.opik_trace_url:
        env.out(f"Opik trace: {doc.opik_trace_url}")


def never_a_trip(job: JobSummary) -> bool:
    """A query that failed before anything was planned (a typo, an unknown place)."""
    return job.status.value == "failed" and job.total is None


def show_list(
    env: Environment, jobs: list[JobSummary], *, as_json: bool, show_all: bool = False
) -> None:
    """The recent jobs: JSON, a Rich table on a terminal, aligned plain columns in a pipe.

    Failed queries that never became a trip are left out unless ``show_all`` (JSON keeps
    every job), and a line on stderr says how many were left out.
    """
    if as_json:
        env.out(json.dumps([j.model_dump(mode="json") for j in jobs], indent=2))
        return
    hidden = 0 if show_all else sum(never_a_trip(j) for j in jobs)
    if hidden:
        jobs = [j for j in jobs if not never_a_trip(j)]
    if not jobs and not hidden:
        env.out('No jobs yet. Start one with `lotara plan "..."`.')
        return
    if hidden:
        # One line that fits 80 columns: a terminal would break a longer one mid-word.
        those = "query (never a trip) is" if hidden == 1 else "queries (never a trip) are"
        them = "it" if hidden == 1 else "them"
        env.err(f"{hidden} failed {those} hidden; `lotara status --all` lists {them}.")
    if not jobs:
        return
    if env.stdout_isatty:
        from lotara.ui.render import make_console, render_job_list

        render_job_list(make_console(env.stdout), jobs)
        return
    # A pipe gets plain columns without Rich: `lotara status` stays cheap to start.
    env.out(f"{'id':<8}  {'when':<16}  {'status':<17}  {'total':>10}  query")
    for j in jobs:
        total = _money(j.total, j.currency) if j.total is not None else ""
        query = j.query if len(j.query) <= 60 else j.query[:59] + "…"
        when = j.created_at[:16].replace("T", " ")
        env.out(f"{j.job_id[:8]}  {when:<16}  {j.status.value:<17}  {total:>10}  {query}")


def _money(amount: float, currency: str | None) -> str:
    from lotara.world.money import format_money

    if currency is None:
        return f"{amount:,.0f}"
    return format_money(amount, currency, whole=True, symbol=False)
