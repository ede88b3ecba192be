"""``lotara status JOB --trace``: a job's span tree (``lotara.tracing.spans``) as plain text.

One line per span, with its duration and its share of the job; calls at least
``SLOW_CALL_MS`` long are marked slow. ``--json`` prints ``trace_document`` instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lotara.models import Job, JobEvent
from lotara.tracing.spans import Span, ms_between, span_tree, trace_document

if TYPE_CHECKING:
    from lotara.context import Environment

SLOW_CALL_MS = 1000.0
"""A provider or tool call at least this long is marked slow in the rendered tree."""


def render_trace(job: Job, events: list[JobEvent]) -> str:
    """The span tree as plain text: one line per span, its duration and share of the job."""
    root = span_tree(job, events)
    total = root.elapsed_ms or 0.0
    lines = [f"{root.name}  {_duration(root.elapsed_ms)}  {job.status.value}  {job.query}"]
    if not root.children:
        lines.append("  (no agent has started yet)")
    rows: list[tuple[str, str]] = []
    if root.children:
        # Time before the first agent (queue, process start-up, loading ADK) is the job's too.
        before = ms_between(root.start, min(c.start for c in root.children))
        if before >= 1:
            share = f"{100 * before / total:3.0f}%" if total else ""
            rows.append(("·  before the first agent", f"{_duration(before):>8}  {share}"))
    _tree_rows(root, total, rows, prefix="")
    width = max((len(label) for label, _ in rows), default=0)
    lines += [f"{label:<{width}}  {rest}".rstrip() for label, rest in rows]
    slow = [s for s in root.walk() if s.kind == "call" and (s.elapsed_ms or 0) >= SLOW_CALL_MS]
    if slow:
        names = ", ".join(f"{s.name} {_duration(s.elapsed_ms)}" for s in slow)
        lines.append(f"slow calls (≥ {_duration(SLOW_CALL_MS)}): {names}")
    return "\n".join(lines) + "\n"


def _tree_rows(span: Span, total: float, rows: list[tuple[str, str]], *, prefix: str) -> None:
    """(tree and name, the rest) for each span under ``span``, depth first."""
    for index, child in enumerate(span.children):
        last = index == len(span.children) - 1
        share = f"{100 * (child.elapsed_ms or 0) / total:3.0f}%" if total else "    "
        marks = [] if child.status == "ok" else [child.status]
        if child.kind == "call" and (child.elapsed_ms or 0) >= SLOW_CALL_MS:
            marks.append("slow")
        mark = f"  [{', '.join(marks)}]" if marks else ""
        detail = f"  {child.detail}" if child.detail else ""
        label = f"{prefix}{'└─ ' if last else '├─ '}{child.name}"
        rows.append((label, f"{_duration(child.elapsed_ms):>8}  {share}{mark}{detail}"))
        _tree_rows(child, total, rows, prefix=prefix + ("   " if last else "│  "))


def _duration(ms: float | None) -> str:
    if ms is None:
        return "…"
    if ms < 1:
        return f"{ms:.2f} ms"
    if ms < 1000:
        return f"{ms:.0f} ms"
    if ms < 60_000:
        return f"{ms / 1000:.2f} s"
    return f"{int(ms // 60_000)} min {ms % 60_000 / 1000:.0f} s"


def show_trace(env: Environment, job_id: str, *, as_json: bool = False) -> None:
    """Print a job's span tree: plain text, or one JSON document with ``as_json``."""
    job, events = env.store.get_job(job_id), env.store.events(job_id)
    if as_json:
        import json

        env.out(json.dumps(trace_document(job, events), indent=2))
        return
    env.stdout.write(render_trace(job, events))
    env.stdout.flush()
