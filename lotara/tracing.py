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
provider or tool call, built from the job's own events (``lotara.trace_view``), sent when
the job ends or pauses; a resumed job's trace is sent again whole, under the same ids.
``lotara feedback`` adds the rating and tags as feedback scores on that trace.

Sending never slows or fails a plan: the SDK is imported and fed on a background thread,
every failure is swallowed, and a process exiting waits at most ``FLUSH_TIMEOUT_S`` seconds
(``OPIK_DEFAULT_FLUSH_TIMEOUT`` if set) for what is still queued, then says on stderr what
was not sent.
"""

from __future__ import annotations

import atexit
import base64
import configparser
import hashlib
import os
import sys
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lotara.models import Feedback, Job, JobEvent
    from lotara.store import JobStore

CLOUD_URL = "https://www.comet.com/opik/api/"
DEFAULT_PROJECT = "lotara"
FLUSH_TIMEOUT_S = 2
"""Seconds a process exiting waits, at most, for traces and scores still queued for Opik."""

_FALSE = ("0", "false", "no", "off")


@dataclass(frozen=True)
class OpikSettings:
    """Where traces go: the Opik API URL, key, workspace and project, and who said so."""

    url: str
    api_key: str | None
    workspace: str | None
    project: str
    source: str  # "environment", "preferences" or "config file"


def settings(
    prefs: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> OpikSettings | None:
    """The Opik settings from the environment, preferences and Opik's config file; None if off."""
    env = os.environ if environ is None else environ
    if env.get("LOTARA_TRACING", "").strip().lower() in _FALSE[1:] or env.get(
        "OPIK_TRACK_DISABLE", ""
    ).strip().lower() in ("1", "true", "yes"):
        return None
    prefs = prefs or {}
    file = _config_file(env)
    api_key = env.get("OPIK_API_KEY") or file.get("api_key") or None
    url = env.get("OPIK_URL_OVERRIDE") or prefs.get("opik_url") or file.get("url_override")
    if not (api_key or url):
        return None
    if env.get("OPIK_API_KEY") or env.get("OPIK_URL_OVERRIDE"):
        source = "environment"
    elif prefs.get("opik_url"):
        source = "preferences"
    else:
        source = "config file"
    return OpikSettings(
        url=api_url(str(url or CLOUD_URL)),
        api_key=api_key,
        workspace=env.get("OPIK_WORKSPACE") or prefs.get("opik_workspace") or file.get("workspace"),
        project=env.get("OPIK_PROJECT_NAME")
        or prefs.get("opik_project")
        or file.get("project_name")
        or DEFAULT_PROJECT,
        source=source,
    )


def enabled(prefs: Mapping[str, Any] | None = None) -> bool:
    """Whether jobs are traced to Opik: something configured it, and nothing turned it off."""
    return settings(prefs) is not None


def settings_for(store: JobStore, user_id: str) -> OpikSettings | None:
    """The Opik settings for ``user_id``: their ``opik_*`` preferences count too."""
    try:
        prefs = store.preferences(user_id)
    except Exception:  # a store without preferences must not break a plan
        prefs = {}
    return settings(prefs)


def api_url(url: str) -> str:
    """Opik's API base for a server URL: ``http://host:5173`` -> ``http://host:5173/api/``."""
    text = url.strip().rstrip("/")
    if not text.endswith("/api"):
        text += "/api"
    return text + "/"


def trace_url(trace_id: str, opik: OpikSettings | None = None) -> str:
    """The Opik page of a trace (the SDK's own redirect link, good for Cloud and self-hosted)."""
    base = (opik or settings() or _cloud()).url
    encoded = base64.b64encode(base.encode("utf-8")).decode("utf-8")
    path = urllib.parse.quote(
        f"v1/session/redirect/projects/?trace_id={trace_id}&path={encoded}", safe=":/&?="
    )
    return urllib.parse.urljoin(base, path)


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


def new_trace_id() -> str:
    """A fresh UUIDv7 (the ids Opik accepts), made without importing opik."""
    return _uuid7(time.time_ns() // 1_000_000, os.urandom(10))


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
    try:
        with _adk_spans(opik, trace_id) if llm else nullcontext():
            yield trace_id
    finally:
        send_job(store, job_id, opik)


def track_agents(*agents: Any) -> None:
    """Put Opik's ADK callbacks on LLM agents (and their sub-agents) while a job is traced.

    Call it for each ``LlmAgent`` the orchestrator builds, inside ``job_trace``: each model
    call then becomes an ``llm`` span (model, tokens, cost) in the job's trace. A no-op
    when tracing is off or the job is offline.
    """
    tracer = _adk["tracer"]
    if tracer is None:
        return
    try:
        from opik.integrations.adk import track_adk_agent_recursive

        for agent in agents:
            track_adk_agent_recursive(agent, tracer)
    except Exception:
        pass


_adk: dict[str, Any] = {"tracer": None}


@contextmanager
def _adk_spans(opik: OpikSettings, trace_id: str) -> Iterator[None]:
    """Opik's own ADK integration for an LLM job: model and tool spans go into its trace.

    The integration wraps ADK's OpenTelemetry tracer, so every span ADK opens becomes an
    Opik span under the trace in Opik's context. ``invoke_workflow`` and ``invoke_node``
    are left out: the job's events already give each agent its span (under lotara's names,
    and across processes), so only what events cannot see (LLM calls, ADK tools, agents'
    own spans) comes from here. Needs the SDK loaded before the run: about 1 s.
    """
    try:
        _prepare_environment(opik)
        from opik import context_storage
        from opik.api_objects import trace as trace_api
        from opik.integrations.adk import OpikTracer
        from opik.integrations.adk.patchers.adk_otel_tracer import opik_adk_otel_tracer

        otel = opik_adk_otel_tracer.OpikADKOtelTracer
        if not isinstance(otel._ADK_INTERNAL_SPAN_NAME_SKIP_LIST, _SkipNodeSpans):
            otel._ADK_INTERNAL_SPAN_NAME_SKIP_LIST = _SkipNodeSpans(  # type: ignore[assignment]
                otel._ADK_INTERNAL_SPAN_NAME_SKIP_LIST
            )
        if _adk["tracer"] is None:
            _adk["tracer"] = OpikTracer(project_name=opik.project)
        context_storage.set_trace_data(
            trace_api.TraceData(id=trace_id, name="lotara plan", project_name=opik.project)
        )
    except Exception:  # no integration: the events still give the agent spans
        yield
        return
    try:
        yield
    finally:
        # Not sent from here: send_job sends the trace whole, with its output and tags.
        context_storage.pop_trace_data(ensure_id=trace_id)


class _SkipNodeSpans(list):
    """ADK span names Opik should not turn into spans: its own list, and workflow nodes."""

    def __contains__(self, name: object) -> bool:
        return str(name).startswith(("invoke_node ", "invoke_workflow")) or super().__contains__(
            name
        )


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
    _sender.submit(opik, lambda client: _log_job(client, opik, job, events))
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
    _sender.submit(opik, lambda client: client.log_traces_feedback_scores(scores))
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


def _log_job(client: Any, opik: OpikSettings, job: Job, events: list[JobEvent]) -> None:
    from lotara.trace_view import span_tree

    root = span_tree(job, events)
    tags = [f"job:{job.job_id}", f"user:{job.user_id}", f"mode:{job.mode}", f"model:{job.model}"]
    output: dict[str, Any] = {"status": job.status.value}
    if job.itinerary is not None:
        output |= {"total": job.itinerary.cost.total, "currency": job.itinerary.cost.currency}
    if job.error is not None:
        output["error"] = job.error.message
    client.trace(
        id=job.trace_id,
        name="lotara plan" if str(job.mode) == "reactive" else "lotara suggest",
        start_time=root.start,
        end_time=root.end,
        input={"query": job.query},
        output=output,
        metadata={"job_id": job.job_id, "user": job.user_id, "mode": str(job.mode)}
        | {"model": job.model, "status": job.status.value},
        tags=tags,
        project_name=opik.project,
    )
    for index, span in enumerate(s for s in root.walk() if s is not root):
        span.data["_opik_id"] = _span_id(job.trace_id or "", index, span.start)
    for span in root.walk():
        if span is root:
            continue
        parent = next((p for p in root.walk() if span in p.children), root)
        client.span(
            trace_id=job.trace_id,
            id=span.data["_opik_id"],
            parent_span_id=None if parent is root else parent.data.get("_opik_id"),
            name=span.name,
            type="tool" if span.kind == "call" else "general",
            start_time=span.start,
            end_time=span.end or root.end,
            metadata={k: v for k, v in span.data.items() if not k.startswith("_")}
            | {"elapsed_ms": span.elapsed_ms, "status": span.status, "job_id": job.job_id},
            output={"summary": span.detail} if span.detail else None,
            tags=[f"job:{job.job_id}"],
            project_name=opik.project,
        )


def _span_id(trace_id: str, index: int, start: datetime) -> str:
    # The same span gets the same id on every send, so a resumed job's resend replaces it.
    digest = hashlib.sha256(f"{trace_id}/{index}".encode()).digest()
    return _uuid7(int(start.timestamp() * 1000), digest[:10])


def _uuid7(ms: int, rand: bytes) -> str:
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= (int.from_bytes(rand[:2], "big") & 0x0FFF) << 64
    value |= 0b10 << 62
    value |= int.from_bytes(rand[2:10], "big") & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def _cloud() -> OpikSettings:
    return OpikSettings(CLOUD_URL, None, None, DEFAULT_PROJECT, "default")


def _config_file(env: Mapping[str, str]) -> dict[str, str]:
    """The ``[opik]`` section of Opik's config file, as ``opik configure`` writes it."""
    raw = (env.get("OPIK_CONFIG_PATH") or "").strip() or "~/.opik.config"
    path = Path(raw).expanduser()
    if not path.is_file():
        return {}
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path)
    except (configparser.Error, OSError, UnicodeDecodeError):
        return {}
    return dict(parser.items("opik")) if parser.has_section("opik") else {}


# --- the background sender --------------------------------------------------------------


class _Sender:
    """Feeds the Opik SDK on one background thread; bounds the wait for it at exit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._work: list[tuple[OpikSettings, Any]] = []
        self._thread: threading.Thread | None = None
        self._client: Any = None
        self._client_settings: OpikSettings | None = None
        self._closed = False
        self._hooked = False
        self._missing_sdk = False

    def submit(self, opik: OpikSettings, work: Any) -> None:
        with self._lock:
            if self._closed:
                return
            self._work.append((opik, work))
            if not self._hooked:
                self._hooked = True
                atexit.register(self.close)
            if self._thread is None or not self._thread.is_alive():
                # The SDK's thread pools need this module, which refuses to load once the
                # interpreter is shutting down: load it here, where that cannot be the case.
                import concurrent.futures.thread  # noqa: F401

                # Not a daemon: an interpreter shutting down refuses the SDK's import, so the
                # exit waits for this thread (import and queueing, no network: about 1 s).
                self._thread = threading.Thread(target=self._run, name="lotara-opik")
                self._thread.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._work:
                    self._thread = None
                    return
                opik, work = self._work.pop(0)
            try:
                work(self._client_for(opik))
            except Exception:  # tracing must never break anything; the trace is lost
                pass

    def _client_for(self, opik: OpikSettings) -> Any:
        if self._client is not None and self._client_settings == opik:
            return self._client
        if self._missing_sdk:
            raise ImportError("opik")
        _prepare_environment(opik)
        try:
            import opik as opik_sdk
        except ImportError:
            self._missing_sdk = True
            print(
                "lotara: Opik is configured but its SDK is not installed;"
                " `pip install 'lotara[opik]'` to send traces.",
                file=sys.stderr,
                flush=True,
            )
            raise

        # Registered after opik's own exit hook, so it runs first and bounds the wait.
        atexit.register(self.close)
        self._client = opik_sdk.Opik(
            project_name=opik.project,
            workspace=opik.workspace,
            host=opik.url,
            api_key=opik.api_key,
            _show_misconfiguration_message=False,
        )
        self._client_settings = opik
        return self._client

    def flush(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for queued work to reach Opik; True if it all did."""
        deadline = time.monotonic() + timeout
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join(max(0.0, deadline - time.monotonic()))
            if thread.is_alive():
                return False
        if self._client is None:
            return not self._work
        try:
            return bool(self._client.flush(timeout=max(0.1, deadline - time.monotonic())))
        except Exception:
            return False

    def close(self) -> None:
        """At exit: wait at most the flush timeout for queued work, then say what was lost."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        sent = self.flush(flush_timeout())
        if self._client is not None:
            try:
                from opik.api_objects import connection_resources

                # Stop the SDK's own exit hook from waiting again for what we gave up on.
                connection_resources.MANAGER.close_all(flush=False)
            except Exception:
                pass
        if not sent:
            where = self._client_settings.url if self._client_settings else "Opik"
            print(
                f"lotara: Opik at {where} did not take this run's trace within"
                f" {flush_timeout():g} s; it was not sent.",
                file=sys.stderr,
                flush=True,
            )


def flush(timeout: float | None = None) -> bool:
    """Wait up to ``timeout`` seconds (the flush timeout) for traces and scores to be sent."""
    return _sender.flush(flush_timeout() if timeout is None else timeout)


def flush_timeout() -> float:
    """The exit bound, in seconds: ``OPIK_DEFAULT_FLUSH_TIMEOUT``, else ``FLUSH_TIMEOUT_S``."""
    try:
        return max(0.0, float(os.environ.get("OPIK_DEFAULT_FLUSH_TIMEOUT") or FLUSH_TIMEOUT_S))
    except ValueError:
        return float(FLUSH_TIMEOUT_S)


def _prepare_environment(opik: OpikSettings) -> None:
    """Settings the SDK reads at import: lotara's quiet, bounded defaults, the user's first."""
    defaults = {
        "OPIK_SENTRY_ENABLE": "false",
        "OPIK_ANALYTICS_ENABLE": "false",
        "OPIK_CONSOLE_LOGGING_LEVEL": "CRITICAL",
        "OPIK_DEFAULT_FLUSH_TIMEOUT": str(FLUSH_TIMEOUT_S),
        "OPIK_PROJECT_NAME": opik.project,
        "OPIK_URL_OVERRIDE": opik.url,
    }
    if opik.workspace:
        defaults["OPIK_WORKSPACE"] = opik.workspace
    for name, value in defaults.items():
        os.environ.setdefault(name, value)


_sender = _Sender()
