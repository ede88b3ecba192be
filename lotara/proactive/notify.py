"""POST each new suggestion to a URL, and keep trying on later runs until it is delivered.

A suggestion remembers its ``notify_url`` when it is created (the ``--notify`` option, else the
user's ``notify_url`` pref). Every run delivers all ready suggestions not yet delivered: a few
quick retries within the run for a network error or a 5xx answer, then the error and the
attempt count are stored and the next run tries again. A suggestion is never dropped.
Overlapping runs take a short lease on a suggestion before POSTing it, so it is sent once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from lotara import clock
from lotara.proactive.store import SuggestionStore
from lotara.proactive.suggestions import document

if TYPE_CHECKING:
    import httpx

    from lotara.jobs.store import JobStore

TIMEOUT_S = 5.0
TRIES = 3
BACKOFF_S = (0.2, 0.5)
LEASE = timedelta(minutes=2)


@dataclass(frozen=True)
class Delivery:
    suggestion_id: str
    url: str
    ok: bool
    attempts: int
    error: str | None = None


def pending(store: JobStore) -> list[tuple[str, str]]:
    """(suggestion id, url) of ready suggestions still to deliver, oldest first."""
    return SuggestionStore(store).to_notify()


def _lease(store: JobStore, suggestion_id: str) -> bool:
    now = clock.now()
    return SuggestionStore(store).lease_delivery(
        suggestion_id, now=clock.iso(now), until=clock.iso(now + LEASE)
    )


def post(client: httpx.Client, url: str, body: dict[str, Any]) -> tuple[bool, int, str | None]:
    """POST with quick retries on network errors and 5xx; (ok, attempts, last error)."""
    import httpx

    error = None
    for attempt in range(1, TRIES + 1):
        try:
            response = client.post(url, json=body)
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        else:
            if response.is_success:
                return True, attempt, None
            error = f"HTTP {response.status_code}"
            if response.status_code < 500 and response.status_code != 429:
                return False, attempt, error  # the receiver refuses it: retrying now won't help
        if attempt < TRIES:
            time.sleep(BACKOFF_S[min(attempt - 1, len(BACKOFF_S) - 1)])
    return False, TRIES, error


def deliver_pending(
    store: JobStore, *, transport: httpx.BaseTransport | None = None
) -> list[Delivery]:
    """Deliver every suggestion still waiting; record each outcome as it happens."""
    waiting = pending(store)
    if not waiting:
        return []
    import httpx

    out = []
    headers = {"User-Agent": "lotara-watch", "Content-Type": "application/json"}
    with httpx.Client(timeout=TIMEOUT_S, transport=transport, headers=headers) as client:
        for suggestion_id, url in waiting:
            if not _lease(store, suggestion_id):
                continue  # another run is delivering it
            ok, attempts, error = post(client, url, document(store, suggestion_id))
            SuggestionStore(store).record_delivery(
                suggestion_id,
                notified_at=clock.iso() if ok else None,
                error=error,
                attempts=attempts,
            )
            out.append(Delivery(suggestion_id, url, ok, attempts, error))
    return out
