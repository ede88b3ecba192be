"""The agents at work: a board fed by job events, drawn live at a terminal or as plain lines.

``Board`` folds a job's events into one row per agent (waiting, running, done, failed, its
time and a one-line summary); it is plain state, safe to feed from any thread. At a terminal
``live_board`` redraws it in place with Rich; in a pipe ``progress_line`` gives one plain
line per step for stderr. Commands import this module only when they show a running job.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.spinner import Spinner
from rich.table import Table
from rich.text import Text

from lotara.models import EventType, JobEvent
from lotara.ui.render import STATUS_STYLE
from lotara.world.money import format_money

AGENTS: tuple[str, ...] = (
    "intent",
    "flights",
    "stays",
    "activities",
    "budget",
    "itinerary",
    "verify",
    "summary",
)
"""The orchestrator's specialists, in the order the board lists them."""

STATE_STYLE = {"waiting": "dim", "running": "yellow", "done": "green", "failed": "bold red"}


@dataclass
class AgentRow:
    """One specialist's line on the board."""

    name: str
    state: str = "waiting"
    started: float | None = None
    elapsed_ms: float | None = None
    summary: str = ""

    def elapsed_text(self, now: float) -> str:
        if self.elapsed_ms is not None:
            return _duration(self.elapsed_ms)
        if self.state == "running" and self.started is not None:
            return _duration((now - self.started) * 1000)
        return ""


def _duration(ms: float) -> str:
    return f"{ms:.0f} ms" if ms < 1000 else f"{ms / 1000:.1f} s"


@dataclass
class Board:
    """The state of a job's agents as its events tell it; safe to feed from any thread."""

    job_id: str
    query: str = ""
    rows: dict[str, AgentRow] = field(default_factory=lambda: {a: AgentRow(a) for a in AGENTS})
    current_state: str = "queued"
    approval: dict[str, Any] | None = None
    outcome: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    last_seq: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def apply(self, event: JobEvent) -> None:
        """Fold one event into the board (events already seen are ignored)."""
        with self._lock:
            if event.seq and event.seq <= self.last_seq:
                return
            self.last_seq = max(self.last_seq, event.seq)
            data = event.data
            row = self._row(event.agent or data.get("agent"))
            if event.type is EventType.TASK_START and row:
                row.state, row.started, row.elapsed_ms = "running", time.monotonic(), None
            elif event.type is EventType.TASK_COMPLETE and row:
                row.state = "done"
                row.elapsed_ms = data.get("elapsed_ms", row.elapsed_ms)
                row.summary = str(data.get("summary") or row.summary)
            elif event.type is EventType.AGENT_OUTPUT and row and data.get("summary"):
                row.summary = str(data["summary"])
            elif event.type is EventType.STATE_CHANGE:
                self.current_state = str(data.get("current_state") or data.get("to") or "")
                if self.current_state not in {"awaiting_approval"}:
                    self.approval = None
            elif event.type is EventType.APPROVAL_REQUIRED:
                self.approval = dict(data)
                self._state_the_overrun(data)
            elif event.type is EventType.COMPLETE:
                self.outcome = dict(data)
                self.current_state = str(data.get("status") or self.current_state)
            elif event.type is EventType.ERROR:
                self.error = dict(data)
                # An error names its agent, or else stops whatever was running.
                failed = [row] if row else [r for r in self.rows.values() if r.state == "running"]
                for one in failed:
                    if one.state != "done":
                        one.state = "failed"
                        one.summary = str(data.get("message") or "")

    def _state_the_overrun(self, data: dict[str, Any]) -> None:
        """At a budget gate the budget row states the gate's own overrun, the figure the
        question and the cost table give (the chooser's first estimate came before the
        schedule and the transfers were costed)."""
        details = data.get("details") or {}
        over, budget = details.get("shortfall"), details.get("budget")
        if data.get("kind") != "budget_override" or not isinstance(over, int | float):
            return
        currency = details.get("currency")
        against = "budget" if budget is None else f"the {format_money(budget, currency)} budget"
        self.rows["budget"].summary = f"nothing fits: {format_money(over, currency)} over {against}"

    def _row(self, agent: str | None) -> AgentRow | None:
        if not agent:
            return None
        if agent not in self.rows:  # an agent this board did not expect still gets a line
            self.rows[agent] = AgentRow(agent)
        return self.rows[agent]

    def snapshot(self) -> list[AgentRow]:
        with self._lock:
            return [AgentRow(**vars(r)) for r in self.rows.values()]

    def render(self) -> RenderableType:
        """The board as a table: one row per agent with its state, time and summary."""
        now = time.monotonic()
        rows = self.snapshot()
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
        # The agent, its state and its time never shrink; a narrow terminal wraps the result.
        name_width = max(len(r.name) for r in rows)
        table.add_column("agent", style="bold", no_wrap=True, min_width=name_width)
        table.add_column("state", no_wrap=True, min_width=len("⠋ running"))
        table.add_column("time", justify="right", no_wrap=True, min_width=len("12.3 s"))
        table.add_column("result", overflow="fold", ratio=1)
        for row in rows:
            state: RenderableType = Text(row.state, style=STATE_STYLE.get(row.state, ""))
            if row.state == "running":
                state = Spinner("dots", text=Text(" running", style="yellow"))
            table.add_row(row.name, state, row.elapsed_text(now), row.summary)
        done = sum(r.state == "done" for r in rows)
        title = Text.assemble(
            ("Planning ", "bold"),
            (f"{self.query[:70]!r}" if self.query else "", ""),
            (f"  job {self.job_id[:8]}  {done}/{len(rows)} done  ", "dim"),
            (self.current_state, STATUS_STYLE.get(self.current_state, "")),
        )
        return Group(title, table)


def progress_line(event: JobEvent) -> str | None:
    """One plain line for a pipe (stderr), or None for events not worth a line."""
    data = event.data
    agent = event.agent or data.get("agent") or ""
    if event.type is EventType.TASK_START:
        return f"  {agent:<11} running"
    if event.type is EventType.TASK_COMPLETE:
        elapsed = data.get("elapsed_ms")
        took = f" in {_duration(elapsed)}" if isinstance(elapsed, int | float) else ""
        summary = f": {data['summary']}" if data.get("summary") else ""
        return f"  {agent:<11} done{took}{summary}"
    if event.type is EventType.APPROVAL_REQUIRED:
        return f"  approval needed ({data.get('kind', '?')}): {data.get('reason', '')}".rstrip()
    if event.type is EventType.ERROR:
        return f"  {agent or 'job':<11} failed: {data.get('message', '')}"
    if event.type is EventType.COMPLETE:
        total = data.get("total")
        cost = f", total {format_money(total, data.get('currency'))}" if total is not None else ""
        return f"  job {event.job_id[:8]} {data.get('status', 'done')}{cost}"
    return None


@contextmanager
def live_board(console: Console, board: Board) -> Iterator[Live]:
    """Redraw ``board`` in place on a terminal while the block runs; leave it on screen."""
    with Live(
        get_renderable=board.render,
        console=console,
        refresh_per_second=10,
        transient=False,
        redirect_stdout=False,
        redirect_stderr=False,
    ) as live:
        yield live
        live.refresh()
