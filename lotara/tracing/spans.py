"""A job's span tree, read from its own events: which agent took how long, which call was slow.

The tree needs nothing but the stored events, so it works with no Opik, in any process,
days after the run: ``lotara status JOB --trace`` prints it (``lotara.ui.trace_view``), and
``lotara.tracing.opik`` sends the same tree to Opik when tracing is on.

How events become spans:

- ``task_start`` opens a span for its agent under the job; the matching ``task_complete``
  closes it, with ``data["elapsed_ms"]`` as its duration (the timestamps are only a fallback:
  ``LOTARA_NOW`` may freeze them).
- A provider or tool call becomes a child span of its agent when an event's data names it
  and says how long it took: ``{"call": "search_flights", "elapsed_ms": 41.2}`` (or ``tool``),
  or a list of such under ``data["calls"]`` on any event (items may say ``provider`` or
  ``name`` instead).
- ``approval_required`` opens a ``wait`` span, closed by the next event (the decision): the
  time the job spent waiting for the traveller. ``error`` and ``complete`` mark the job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from lotara.models import EventType, Job, JobEvent


@dataclass
class Span:
    """One timed step of a job: the job itself, an agent, or a call an agent made."""

    name: str
    kind: str  # "job", "agent" or "call"
    start: datetime
    elapsed_ms: float | None = None
    status: str = "ok"  # ok, running, error, waiting
    detail: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    children: list[Span] = field(default_factory=list)

    @property
    def end(self) -> datetime | None:
        if self.elapsed_ms is None:
            return None
        return self.start + timedelta(milliseconds=self.elapsed_ms)

    def walk(self) -> Iterable[Span]:
        """This span, then every span under it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


def span_tree(job: Job, events: list[JobEvent]) -> Span:
    """The job's span tree: the job at the root, an agent span per task, calls under them."""
    root = Span(name=f"job {job.job_id[:8]}", kind="job", start=_ts(job.created_at))
    root.data = {"job_id": job.job_id, "user": job.user_id, "mode": str(job.mode)}
    open_spans: dict[str, list[Span]] = {}
    last: datetime = root.start
    waiting: Span | None = None
    for event in events:
        at = _ts(event.ts)
        last = max(last, at)
        data = event.data or {}
        agent = event.agent or data.get("agent")
        if waiting is not None and event.type is not EventType.APPROVAL_REQUIRED:
            # The first event after a gate is the decision: the wait was the traveller's.
            waiting.elapsed_ms, waiting.status = ms_between(waiting.start, at), "ok"
            waiting = None
        if event.type is EventType.TASK_START and agent:
            span = Span(name=str(agent), kind="agent", start=at, status="running")
            root.children.append(span)
            open_spans.setdefault(str(agent), []).append(span)
        elif event.type is EventType.TASK_COMPLETE and agent:
            span = _close(open_spans, str(agent), root, at)
            span.elapsed_ms = _number(data.get("elapsed_ms")) or ms_between(span.start, at)
            span.status = "error" if data.get("ok") is False else "ok"
            span.detail = str(data.get("summary") or "")
            last = max(last, span.end or at)
        elif event.type is EventType.ERROR:
            target = _open_span(open_spans, agent) or root
            target.status = "error"
            target.detail = str(data.get("message") or data.get("code") or "error")
            if target is not root:
                root.status = "error"
        elif event.type is EventType.APPROVAL_REQUIRED:
            root.status = "waiting"
            root.detail = f"approval needed: {data.get('kind', '?')}"
            waiting = Span(name=f"approval ({data.get('kind', '?')})", kind="wait", start=at)
            waiting.status, waiting.detail = "waiting", str(data.get("reason") or "")[:80]
            root.children.append(waiting)
        elif event.type is EventType.COMPLETE:
            root.status = "error" if data.get("status") == "failed" else "ok"
            root.detail = str(data.get("status") or "")
        parent = _open_span(open_spans, agent) or _latest(root, agent) or root
        for call in _calls(data):
            started = at - timedelta(milliseconds=call["elapsed_ms"])
            parent.children.append(
                Span(
                    name=call["name"],
                    kind="call",
                    start=max(started, parent.start),
                    elapsed_ms=call["elapsed_ms"],
                    status="error" if call.get("ok") is False else "ok",
                    data={k: v for k, v in call.items() if k not in ("name", "elapsed_ms")},
                )
            )
    job_ms = ms_between(root.start, last)
    agent_ms = [s.elapsed_ms or 0.0 for s in root.children if s.kind == "agent"]
    # With a frozen clock the timestamps say nothing: the agents' own times still add up.
    root.elapsed_ms = max(job_ms, sum(agent_ms)) if agent_ms else job_ms
    if root.status == "ok" and job.status.value in ("running", "queued"):
        root.status = "running"
    return root


def _calls(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The provider or tool calls an event reports, each with a name and elapsed_ms."""
    # An event is itself a call only when it says so; a list item may name it any way.
    found = [data] if _call_name(data, ("call", "tool")) and "elapsed_ms" in data else []
    found += [c for c in data.get("calls") or [] if isinstance(c, dict)]
    calls = []
    for item in found:
        name, ms = _call_name(item), _number(item.get("elapsed_ms"))
        if name and ms is not None:
            calls.append({**item, "name": name, "elapsed_ms": ms})
    return calls


def _call_name(
    data: dict[str, Any], keys: tuple[str, ...] = ("call", "tool", "provider", "name")
) -> str | None:
    for key in keys:
        if isinstance(data.get(key), str) and data[key]:
            return data[key]
    return None


def _close(open_spans: dict[str, list[Span]], agent: str, root: Span, at: datetime) -> Span:
    stack = open_spans.get(agent)
    if stack:
        return stack.pop()
    # A task_complete with no start (a resumed job's first event, say): a span ending now.
    span = Span(name=agent, kind="agent", start=at)
    root.children.append(span)
    return span


def _open_span(open_spans: dict[str, list[Span]], agent: Any) -> Span | None:
    stack = open_spans.get(str(agent)) if agent else None
    return stack[-1] if stack else None


def _latest(root: Span, agent: Any) -> Span | None:
    for span in reversed(root.children):
        if agent and span.name == str(agent):
            return span
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _ts(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def ms_between(start: datetime, end: datetime) -> float:
    return max(0.0, (end - start).total_seconds() * 1000)


def trace_document(job: Job, events: list[JobEvent]) -> dict[str, Any]:
    """The span tree as JSON-ready data (``lotara status JOB --trace --json``)."""

    def doc(span: Span) -> dict[str, Any]:
        return {
            "name": span.name,
            "kind": span.kind,
            "start": span.start.isoformat().replace("+00:00", "Z"),
            "elapsed_ms": span.elapsed_ms,
            "status": span.status,
            "detail": span.detail,
            "children": [doc(child) for child in span.children],
        }

    return doc(span_tree(job, events))
