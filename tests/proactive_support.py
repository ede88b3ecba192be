"""Seams for the proactive tests: a recording notify receiver on 127.0.0.1 and job helpers."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from lotara.models import (
    Booking,
    CostBreakdown,
    DayPlan,
    Itinerary,
    JobStatus,
)


class Receiver:
    """What a local webhook received, and the status codes it answers with, in turn."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = list(statuses)
        self.bodies: list[dict] = []
        self.requests = 0
        self.keys: list[str | None] = []
        self.url = ""


@contextmanager
def webhook(statuses: list[int], *, delay_s: float = 0.0) -> Iterator[Receiver]:
    """A real HTTP server on 127.0.0.1 answering ``statuses`` in order (then 200 forever),
    each answer ``delay_s`` late (a slow receiver)."""
    receiver = Receiver(statuses)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length))
            receiver.requests += 1
            receiver.keys.append(self.headers.get("Idempotency-Key"))
            if delay_s:
                time.sleep(delay_s)
            status = receiver.statuses.pop(0) if receiver.statuses else 200
            if status < 300:
                receiver.bodies.append(body)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


def add_trip(
    store,
    *,
    user_id: str,
    first_day: date,
    days: int,
    total: float,
    currency: str = "USD",
    booked: float | None = None,
    status: JobStatus = JobStatus.COMPLETED,
) -> str:
    """A reactive job with an itinerary over those days (and a booking of ``booked``)."""
    job_id = store.create_job(user_id=user_id, query=f"trip on {first_day}")
    itinerary = Itinerary(
        title="trip",
        days=[DayPlan(date=first_day + timedelta(days=i), city="Lisbon") for i in range(days)],
        cost=CostBreakdown(total=total, currency=currency),
    )
    store.update_job(job_id, itinerary=itinerary)
    store.set_status(job_id, JobStatus.RUNNING)
    store.set_status(job_id, status)
    if booked is not None:
        store.add_booking(
            Booking(
                id=f"bk-{job_id[:8]}",
                job_id=job_id,
                kind="flight",
                reference="SANDBOX1",
                description="held",
                amount=booked,
                currency=currency,
                created_at="2027-01-02T00:00:00Z",
            )
        )
    return job_id


class ScriptedEngine:
    """The engine's proactive API, scripted: a completed job with a one-line itinerary.

    Used where a test needs the workflow to misbehave (raise, die half way) on cue; the
    happy paths run the real ``lotara.jobs.engine``.
    """

    def __init__(self, *, fail_with: BaseException | None = None) -> None:
        self.fail_with = fail_with
        self.ran: list[str] = []

    def create_suggestion_job(self, store, *, user_id: str, trigger_type: str, context) -> str:
        from lotara.models import Mode

        return store.create_job(
            user_id=user_id,
            query=f"Suggest a trip: {trigger_type}",
            mode=Mode.PROACTIVE,
            trigger={"type": trigger_type, "context": context},
        )

    def run_job(self, store, job_id: str):
        from lotara.jobs import leases

        self.ran.append(job_id)
        with leases.hold(store, job_id):  # as the engine does: held while it runs, then given up
            store.set_status(job_id, JobStatus.RUNNING)
            if self.fail_with is not None:
                raise self.fail_with
            itinerary = Itinerary(
                title="Scripted trip",
                summary="A scripted suggestion.",
                cost=CostBreakdown(total=500),
            )
            store.update_job(job_id, itinerary=itinerary)
            store.set_status(job_id, JobStatus.COMPLETED)
            return store.get_job(job_id)


class FareTable:
    """A provider with one flight a day whose fare is ``fare(travel_day, observed_day)``."""

    name = "fare-table"

    def __init__(self, fare, *, crash_on_call: int | None = None) -> None:
        self.fare = fare
        self.calls = 0
        self.crash_on_call = crash_on_call

    def flights(self, origin, destination, day, *, travelers=1, currency="USD", observed=None):
        from lotara.models import FlightOption

        self.calls += 1
        if self.crash_on_call is not None and self.calls == self.crash_on_call:
            raise KeyboardInterrupt  # the process is killed in the middle of a pass
        price = float(self.fare(day, observed))
        return [
            FlightOption(
                id=f"{origin}{destination}{day}",
                origin=origin,
                destination=destination,
                date=day,
                segments=[],
                stops=0,
                duration_minutes=600,
                price=price * travelers,
                price_per_person=price,
                currency=currency,
                source="fare-table",
                observed_at=observed,
            )
        ]
