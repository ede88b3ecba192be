"""POST each new suggestion to a URL, and keep trying on later runs until it is delivered.

A suggestion remembers its ``notify_url`` when it is created (the ``--notify`` option, else the
user's ``notify_url`` pref). Every run delivers all ready suggestions not yet delivered: a few
quick retries within the run for a network error or a 5xx answer, then the error and the
attempt count are stored and the next run tries again. A suggestion is never dropped.

Delivery is at least once, by nature: a receiver slower than the timeout may have taken a
POST we count as failed, and a run killed between the POST and its record sends it again.
Every POST of a suggestion carries the same ``Idempotency-Key`` (its id) so the receiver
can drop repeats. Overlapping runs take a lease on a suggestion (on the real clock, never
``LOTARA_NOW``) for as long as its POSTs can take before POSTing it.
``LOTARA_NOTIFY_TIMEOUT_S`` (default 5) and ``LOTARA_NOTIFY_TRIES`` (default 3) set the
timeout of one POST and the tries within a run (tenacity, exponential backoff).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from lotara import clock
from lotara.proactive.store import SuggestionStore
from lotara.proactive.suggestions import document
from lotara.values import env_setting

if TYPE_CHECKING:
    import httpx

    from lotara.jobs.store import JobStore

TIMEOUT_S = 5.0
TRIES = 3
LEASE = timedelta(minutes=1)  # beyond the POSTs themselves: the recording of their outcome


def timeout_s() -> float:
    """One POST's timeout: ``LOTARA_NOTIFY_TIMEOUT_S`` (0.1 to 120 s), else 5."""
    return env_setting("LOTARA_NOTIFY_TIMEOUT_S", TIMEOUT_S, 0.1, 120)


def tries() -> int:
    """POSTs of one suggestion within a run: ``LOTARA_NOTIFY_TRIES`` (1 to 10), else 3."""
    return int(env_setting("LOTARA_NOTIFY_TRIES", TRIES, 1, 10))


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
    """Take the delivery of one suggestion for as long as its POSTs can take, on the real
    clock: two runs with different ``LOTARA_NOW`` never both think the other's lease old."""
    now = datetime.fromtimestamp(clock.wall_seconds(), UTC)
    length = timedelta(seconds=tries() * (timeout_s() + 2)) + LEASE
    return SuggestionStore(store).lease_delivery(
        suggestion_id, now=clock.iso(now), until=clock.iso(now + length)
    )


class _Refused(Exception):
    """The receiver answered; retrying now won't change its mind (4xx but 429)."""


class _Retry(Exception):
    """Worth another try: a network error, a 429 or a 5xx."""


def post(
    client: httpx.Client, url: str, body: dict[str, Any], *, key: str | None = None
) -> tuple[bool, int, str | None]:
    """POST with quick retries on network errors, 429 and 5xx; (ok, attempts, last error).

    ``key`` goes out as ``Idempotency-Key`` on every try, so a receiver can drop repeats.
    """
    import httpx
    from tenacity import (
        RetryError,
        Retrying,
        retry_if_exception_type,
        stop_after_attempt,
        wait_exponential,
    )

    headers = {"Idempotency-Key": key} if key else {}
    attempts = 0

    def once() -> None:
        nonlocal attempts
        attempts += 1
        try:
            response = client.post(url, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise _Retry(
                f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            ) from exc
        if response.is_success:
            return
        error = f"HTTP {response.status_code}"
        if response.status_code < 500 and response.status_code != 429:
            raise _Refused(error)
        raise _Retry(error)

    retrying = Retrying(
        stop=stop_after_attempt(tries()),
        wait=wait_exponential(multiplier=0.2, max=2),
        retry=retry_if_exception_type(_Retry),
        reraise=False,
    )
    try:
        retrying(once)
    except _Refused as refused:
        return False, attempts, str(refused)
    except RetryError as gave_up:
        last = gave_up.last_attempt.exception()
        return False, attempts, str(last)
    return True, attempts, None


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
    with httpx.Client(timeout=timeout_s(), transport=transport, headers=headers) as client:
        for suggestion_id, url in waiting:
            if not _lease(store, suggestion_id):
                continue  # another run is delivering it
            body = document(store, suggestion_id)
            ok, attempts, error = post(client, url, body, key=suggestion_id)
            SuggestionStore(store).record_delivery(
                suggestion_id,
                notified_at=clock.iso() if ok else None,
                error=error,
                attempts=attempts,
            )
            out.append(Delivery(suggestion_id, url, ok, attempts, error))
    return out
