"""Opik tracing: each job one trace, each agent and call a span; off, and free, unless configured.

Tracing is on only when the user configured Opik: ``OPIK_API_KEY`` (Opik Cloud),
``OPIK_URL_OVERRIDE`` or the ``opik_url`` preference (a self-hosted Opik), or an Opik config
file (``~/.opik.config``, or ``OPIK_CONFIG_PATH``, as ``opik configure`` writes it).
``LOTARA_TRACING=off`` turns it off whatever is configured, as does ``OPIK_TRACK_DISABLE``.
Unconfigured, ``opik`` is never imported: no banner, no connection, no wait at exit.

Configured, lotara sets these for the Opik SDK unless the user already did:
``OPIK_SENTRY_ENABLE=false`` and ``OPIK_ANALYTICS_ENABLE=false`` (nothing goes to a third
party), ``OPIK_CONSOLE_LOGGING_LEVEL=CRITICAL`` (the SDK's banners would tear the live
board), ``OPIK_PROJECT_NAME=lotara`` and ``OPIK_DEFAULT_FLUSH_TIMEOUT`` (``FLUSH_TIMEOUT_S``).

What is sent: per job, one trace (the query in, the status and total out; tags
``job:ID``, ``user:NAME``, ``mode:MODE``, ``model:MODEL``) and a span per agent and per
provider or tool call, built from the job's own events (``lotara.ui.trace_view``), sent when
the job ends or pauses; a resumed job's trace is sent again whole, under the same ids.
``lotara feedback`` adds the rating and tags as feedback scores on that trace.

Sending never slows or fails a plan: the SDK is imported and fed on a background thread,
every failure is swallowed, and a process exiting waits at most ``FLUSH_TIMEOUT_S`` seconds
(``OPIK_DEFAULT_FLUSH_TIMEOUT`` if set) for what is still queued, then says on stderr what
was not sent.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING, Any

from lotara.tracing.config import (
    FLUSH_TIMEOUT_S,
    OpikSettings,
    api_url,
    enabled,
    new_trace_id,
    settings,
    trace_url,
)

__all__ = [
    "FLUSH_TIMEOUT_S",
    "OpikSettings",
    "api_url",
    "enabled",
    "feedback_scores",
    "flush",
    "job_trace",
    "log_feedback",
    "new_trace_id",
    "opik_trace_url",
    "send_job",
    "settings",
    "settings_for",
    "trace_url",
    "track_agents",
    "with_trace_url",
]

if TYPE_CHECKING:
    from lotara.jobs.store import JobStore
    from lotara.models import Feedback, Job


def settings_for(store: JobStore, user_id: str) -> OpikSettings | None:
    """The Opik settings for ``user_id``: their ``opik_*`` preferences count too."""
    try:
        prefs = store.preferences(user_id)
    except Exception:  # a store without preferences must not break a plan
        prefs = {}
    return settings(prefs)


def opik_trace_url(job: Job, opik: OpikSettings | None = None) -> str | None:
    """The Opik page of a job's trace, or None when the job was not traced."""
    return trace_url(job.trace_id, opik) if job.trace_id else None


def with_trace_url(store: JobStore, job: Job) -> Job:
    """The job document with ``opik_trace_url`` filled in when it was traced and tracing is on."""
    if not job.trace_id:
        return job
    opik = settings_for(store, job.user_id)
    if opik is None:
        return job
    return job.model_copy(update={"opik_trace_url": trace_url(job.trace_id, opik)})


# --- the job's trace --------------------------------------------------------------------


@contextmanager
def job_trace(store: JobStore, job_id: str) -> Iterator[str | None]:
    """Trace one run (or resumption) of a job; yields the trace id, or None when off.

    Wrap the orchestrator's run in it. On entry the job gets a trace id (kept across
    resumptions); on exit, whether the run ended, paused or raised, its span tree is sent
    to Opik in the background. With tracing off this does nothing at all.
    """
    job = store.get_job(job_id)
    opik = settings_for(store, job.user_id)
    if opik is None:
        yield None
        return
    trace_id = job.trace_id or new_trace_id()
    if job.trace_id != trace_id:
        store.update_job(job_id, trace_id=trace_id)
    llm = job.model not in ("", "offline")
    if not llm:  # load the SDK while the plan runs, not after it
        _opik().sender.submit(opik, lambda client: None)
    try:
        with _opik().adk_spans(opik, trace_id) if llm else nullcontext():
            yield trace_id
    finally:
        send_job(store, job_id, opik)


def track_agents(*agents: Any) -> None:
    """Put Opik's ADK callbacks on LLM agents (and their sub-agents) while a job is traced.

    Call it for each ``LlmAgent`` the orchestrator builds, inside ``job_trace``: each model
    call then becomes an ``llm`` span (model, tokens, cost) in the job's trace. A no-op
    when tracing is off or the job is offline.
    """
    if "lotara.tracing.opik" in sys.modules:  # loaded only by a job traced with an LLM
        _opik().track_agents(agents)


def send_job(store: JobStore, job_id: str, opik: OpikSettings | None = None) -> bool:
    """Queue a job's trace and spans for Opik in the background; False when not sent."""
    try:
        job = store.get_job(job_id)
        opik = opik or settings_for(store, job.user_id)
        if opik is None or not job.trace_id:
            return False
        events = store.events(job_id)
    except Exception:
        return False
    _opik().submit_job(opik, job, events)
    return True


def log_feedback(store: JobStore, feedback: Feedback, *, user_id: str | None = None) -> bool:
    """Add a rating and its tags as feedback scores on the job's trace; False when not sent."""
    try:
        job = store.get_job(feedback.job_id)
        opik = settings_for(store, user_id or job.user_id)
    except Exception:
        return False
    if opik is None or not job.trace_id:
        return False
    scores = feedback_scores(job.trace_id, feedback, project=opik.project)
    _opik().submit_scores(opik, scores)
    return True


def feedback_scores(trace_id: str, feedback: Feedback, *, project: str) -> list[dict[str, Any]]:
    """The Opik feedback scores of one rating: ``rating`` 1-5, and 1.0 for each tag given."""
    common = {"id": trace_id, "project_name": project}
    scores: list[dict[str, Any]] = [
        {**common, "name": "rating", "value": float(feedback.rating), "reason": feedback.comment}
    ]
    scores += [{**common, "name": f"helpful_{t}", "value": 1.0} for t in feedback.helpful_aspects]
    scores += [{**common, "name": f"improve_{t}", "value": 1.0} for t in feedback.improvement_areas]
    return scores


def flush(timeout: float | None = None) -> bool:
    """Wait up to ``timeout`` seconds (the flush timeout) for queued traces and scores."""
    if "lotara.tracing.opik" not in sys.modules:
        return True
    sending = _opik()
    return sending.sender.flush(sending.flush_timeout() if timeout is None else timeout)


def _opik() -> Any:
    from lotara.tracing import opik

    return opik
