"""The part of tracing that talks to the Opik SDK: the background sender and the ADK hook.

Only ``lotara.tracing`` calls this, and only once it has decided tracing is on; everything
here is imported lazily, so nothing in it costs anything when tracing is off. The SDK is
loaded and fed on one background thread (``sender``), never on the thread running a plan,
and a process exiting waits at most ``flush_timeout()`` seconds for it.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from lotara.tracing.config import FLUSH_TIMEOUT_S, OpikSettings, uuid7
from lotara.tracing.spans import span_tree

if TYPE_CHECKING:
    from lotara.models import Job, JobEvent


LOAD_TIMEOUT_S = 30.0
"""How long a command ending waits for the Opik SDK to import (local work, no network: 1-3 s
with its evaluation extras). The network wait at exit is bounded by ``flush_timeout``."""


def submit_job(opik: OpikSettings, job: Job, events: list[JobEvent]) -> None:
    """Queue a job's trace and its spans for Opik.

    Called as a command ends: it waits (at most ``LOAD_TIMEOUT_S``) until the SDK is loaded,
    since an interpreter that began shutting down refuses the SDK's exit hooks, and the
    trace would be lost on a plan that finished before the SDK did.
    """
    sender.submit(opik, lambda client: _log_job(client, opik, job, events))
    sender.wait_loaded(LOAD_TIMEOUT_S)


def submit_scores(opik: OpikSettings, scores: list[dict[str, Any]]) -> None:
    """Queue feedback scores for Opik."""
    sender.submit(opik, lambda client: client.log_traces_feedback_scores(scores))
    sender.wait_loaded(LOAD_TIMEOUT_S)  # as submit_job: a command ends right after this


def track_agents(agents: tuple[Any, ...]) -> None:
    """Opik's ADK callbacks on these agents, when a job's ADK spans are being traced."""
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
def adk_spans(opik: OpikSettings, trace_id: str) -> Iterator[None]:
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

        from lotara._compat.opik import skip_node_spans

        skip_node_spans()
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


def _log_job(client: Any, opik: OpikSettings, job: Job, events: list[JobEvent]) -> None:
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
    return uuid7(int(start.timestamp() * 1000), digest[:10])


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
        self._loaded = threading.Event()

    def wait_loaded(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the SDK's client (or for its absence)."""
        return self._loaded.wait(timeout)

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
        try:
            return self._new_client(opik)
        finally:
            self._loaded.set()

    def _new_client(self, opik: OpikSettings) -> Any:
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
                from lotara._compat.opik import close_connections_without_flush

                close_connections_without_flush()
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


sender = _Sender()
