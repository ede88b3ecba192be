"""The seed's clients, as the seed README and its integration guide describe them.

``SeedBackend`` does what the README's TypeScript ``AIBackend`` class does (planTrip,
streamResults, getStatus) plus the product backend's routes (approve, feedback, preferences,
suggest), with the seed's bodies and nothing of lotara's. ``read_stream`` reads SSE as a
browser's EventSource does: it dispatches named events and skips comments, and the listener
decides when to close, as the seed's front end closes on ``complete`` or ``error``.
Written for lotara's contract tests from the seed's documents; no seed code is copied.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

SEED_STATUSES = {
    "started",
    "planning",
    "executing",
    "waiting_approval",
    "completed",
    "failed",
    "cancelled",
}


@dataclass
class Message:
    """One SSE message: a named event (``event``, ``data`` parsed, ``id``) or a comment."""

    event: str | None = None
    data: Any = None
    id: str | None = None
    comment: str | None = None


@dataclass
class Received:
    messages: list[Message] = field(default_factory=list)

    @property
    def events(self) -> list[Message]:
        return [m for m in self.messages if m.event is not None]

    def named(self, name: str) -> list[Message]:
        return [m for m in self.events if m.event == name]


Listener = Callable[[Message], bool]
"""Called for every message; returns True to close the stream (EventSource.close())."""


def read_stream(response: httpx.Response, listener: Listener) -> Received:
    """Dispatch each SSE message of ``response`` to ``listener`` until it closes the stream."""
    got = Received()
    fields: dict[str, str] = {}
    comment: str | None = None
    for line in response.iter_lines():
        if line.startswith(":"):
            comment = line[1:].strip()
            continue
        if line:
            name, _, value = line.partition(":")
            fields[name] = value[1:] if value.startswith(" ") else value
            continue
        if comment is not None and not fields:
            message = Message(comment=comment)
        elif fields.get("event"):
            data = fields.get("data")
            message = Message(event=fields["event"], data=json.loads(data) if data else None)
            message.id = fields.get("id")
        else:
            fields, comment = {}, None
            continue
        fields, comment = {}, None
        got.messages.append(message)
        if listener(message):
            break
    return got


class SeedBackend:
    """The seed's product backend calling the AI backend (``AI_BACKEND_URL``)."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=60)

    def close(self) -> None:
        self.http.close()

    def plan_trip(self, user_id: str, query: str, constraints: dict[str, Any]) -> httpx.Response:
        return self.http.post(
            "/v1/plan", json={"user_id": user_id, "query": query, "constraints": constraints}
        )

    def stream_results(self, job_id: str, listener: Listener) -> Received:
        with self.http.stream("GET", f"/v1/stream/{job_id}") as response:
            assert response.status_code == 200, response.read()
            assert response.headers["content-type"].startswith("text/event-stream")
            return read_stream(response, listener)

    def get_status(self, job_id: str) -> dict[str, Any]:
        response = self.http.get(f"/v1/status/{job_id}")
        assert response.status_code == 200, response.text
        return response.json()

    def poll_until_done(self, job_id: str, *, every: float = 0.2, limit: int = 900) -> list[str]:
        """The integration guide's poller: until ``completed`` or ``failed``; every status seen."""
        seen: list[str] = []
        for _ in range(limit):
            status = self.get_status(job_id)["status"]
            if not seen or seen[-1] != status:
                seen.append(status)
            if status in ("completed", "failed"):
                return seen
            time.sleep(every)
        raise AssertionError(f"the poller never stopped; it saw {seen}")

    def approve(self, job_id: str, approved: bool, notes: str | None = None) -> httpx.Response:
        return self.http.post(
            "/v1/approve", json={"job_id": job_id, "approved": approved, "notes": notes}
        )

    def feedback(self, body: dict[str, Any]) -> httpx.Response:
        return self.http.post("/v1/feedback", json=body)

    def suggest(self, body: dict[str, Any]) -> httpx.Response:
        return self.http.post("/v1/suggest", json=body)
