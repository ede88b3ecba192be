"""Turn a trigger into exactly one suggestion, even with several cron runs at once.

    claim(store, trigger)   INSERT the suggestion row as ``claimed`` in one transaction; the
                            UNIQUE dedupe_key lets one run through, the others get None
    fulfil(store, claim)    create the proactive job, link it, run it, then mark the row
                            ``ready`` (or ``failed``) in one UPDATE: ``start`` + run + ``settle``
    take(store, trigger)    claim (or retake a failed) trigger sent from elsewhere: what
                            ``lotara watch trigger`` and ``POST /v1/suggest`` both use
    reclaim_unfinished()    take over claims whose holder is gone (its lease expired) or
                            that failed (a bounded number of times): a crash loses no trigger

A claim is a lease, as a running job is (``lotara.jobs.leases``): its holder renews it while
it works (``fulfil``; a server, for a ``POST /v1/suggest`` claim whose job waits in its queue:
``leases.HeldClaims``), so a slow but live run is never robbed, and a killed one is taken
over as soon as its lease expires, whatever clock (``LOTARA_NOW``) each run reads.

Only ``ready`` rows are suggestions to a reader (printing, notifying, listing): a run killed
half way leaves a ``claimed`` row nobody shows, which the next run finishes.
"""

from __future__ import annotations

import json
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lotara import clock
from lotara.errors import LotaraError, NotFound
from lotara.jobs import leases
from lotara.proactive.store import SuggestionStore
from lotara.proactive.triggers import REFIRE_STEP, Trigger

if TYPE_CHECKING:
    from lotara.jobs.store import JobStore
    from lotara.models import Job

MAX_ATTEMPTS = 3


def claimant() -> str:
    """Who holds a claim: this host and process (the same name a job's lease carries)."""
    return leases.owner()


def _lease_end() -> float:
    return clock.wall_seconds() + leases.lease_s()


def _held(row: dict[str, Any], now: float) -> bool:
    """Whether someone provably works on a claimed row, so it must not be taken over.

    A claim is held while its lease runs (its holder renews it) and its holder is not
    known gone, or while its job runs under a live job lease. Age, by any run's clock,
    never decides. A claim written by an older lotara (no lease) is held while its
    process is there; from another host, nothing can tell, so it is taken over.
    """
    if row["status"] != "claimed":
        return False  # a failed attempt, waiting for another try
    job_until = row["job_lease_until"]
    if row["job_status"] == "running" and job_until is not None and job_until >= now:
        return True
    by, until = row["claimed_by"], row["claim_until"]
    if leases.owner_gone(by):
        return False
    if until is None:
        return (by or "").rpartition(":")[0] == socket.gethostname()
    return bool(until >= now)


@dataclass(frozen=True)
class Claim:
    """A suggestion row this process holds, with the trigger it is for."""

    suggestion_id: str
    trigger: Trigger
    job_id: str | None = None


def claim(store: JobStore, trigger: Trigger) -> Claim | None:
    """Take the trigger's dedupe key for a new suggestion; None when someone already has it."""
    suggestion_id = str(uuid.uuid4())
    taken = SuggestionStore(store).claim(
        suggestion_id,
        trigger,
        claimant=claimant(),
        now=clock.iso(),
        until=_lease_end(),
        refire_step=REFIRE_STEP,
    )
    return Claim(suggestion_id, trigger) if taken else None


def reclaim_unfinished(store: JobStore) -> Iterator[Claim]:
    """Claims whose holder is gone (its lease expired, its process died), and failed ones
    still worth another try, taken over one at a time: each is ours only when the caller
    asks for it, so the ones it has not reached yet stay free for another run."""
    rows = SuggestionStore(store)
    for row in rows.unfinished(MAX_ATTEMPTS):
        if _held(row, clock.wall_seconds()):
            continue  # another run is working on it right now
        if rows.take_over(
            row["id"],
            seen_status=row["status"],
            seen_by=row["claimed_by"],
            seen_at=row["claimed_at"],
            seen_until=row["claim_until"],
            claimant=claimant(),
            now=clock.iso(),
            until=_lease_end(),
        ):
            context = json.loads(row["context"] or "{}")
            trigger = Trigger(
                row["trigger_type"], row["user_id"], context, row["dedupe_key"], row["notify_url"]
            )
            yield Claim(row["id"], trigger, row["job_id"])


def retake_failed(store: JobStore, trigger: Trigger) -> Claim | None:
    """Claim again a suggestion whose workflow failed, to try it once more now."""
    taken = SuggestionStore(store).retake_failed(
        trigger.dedupe_key,
        claimant=claimant(),
        now=clock.iso(),
        until=_lease_end(),
        notify_url=trigger.notify_url,
    )
    return None if taken is None else Claim(taken[0], trigger, taken[1])


def create_job(store: JobStore, trigger: Trigger, engine: Any) -> str:
    """A queued proactive job for the trigger, through the engine when it offers one."""
    create = getattr(engine, "create_suggestion_job", None)
    if create is not None:
        return create(
            store, user_id=trigger.user_id, trigger_type=trigger.type, context=trigger.context
        )
    from lotara.models import Mode

    return store.create_job(
        user_id=trigger.user_id,
        query=f"Suggest a trip: {trigger.type.replace('_', ' ')}",
        mode=Mode.PROACTIVE,
        trigger={"type": trigger.type, "context": trigger.context},
    )


def _finish(
    store: JobStore, suggestion_id: str, *, status: str, summary: str | None, error: str | None
) -> None:
    SuggestionStore(store).finish(
        suggestion_id, status=status, summary=summary, error=error, at=clock.iso()
    )


def summary_of(job: Job) -> str:
    """One line saying what the suggested trip is."""
    itinerary = job.itinerary
    if itinerary is None:
        return job.query
    text = itinerary.summary or itinerary.title or job.query
    return " ".join(text.split())


def manual_trigger(
    store: JobStore,
    *,
    user_id: str,
    trigger_type: str,
    context: dict[str, Any],
    notify_url: str | None = None,
) -> Trigger:
    """A trigger sent from elsewhere, checked, keyed by its content (the same twice is one)."""
    from lotara.proactive.triggers import check_context, manual_key, parse_trigger_type

    kind = parse_trigger_type(trigger_type)
    checked = check_context(kind, dict(context))
    url = notify_url or store.preferences(user_id).get("notify_url")
    return Trigger(kind, user_id, checked, manual_key(user_id, kind, checked), url)


def take(store: JobStore, trigger: Trigger) -> Claim | None:
    """Claim a trigger sent from elsewhere (``watch trigger``, ``POST /v1/suggest``).

    A new trigger is claimed; one whose workflow failed is claimed again to try once more.
    None means the trigger already has a suggestion (``find_by_key`` names it).
    """
    return claim(store, trigger) or retake_failed(store, trigger)


def start(store: JobStore, held: Claim, *, engine: Any = None) -> str:
    """The proactive job of a held claim: an earlier attempt's that ended well, else a new one.

    A new job is queued and linked to the suggestion row; the caller runs it (``fulfil`` here
    and now, the server in the background) and then ``settle``s the row.
    """
    if engine is None:
        from lotara.jobs import engine as default_engine

        engine = default_engine
    from lotara.models import JobStatus

    job_id = held.job_id
    if job_id is not None:
        try:
            prior = store.get_job(job_id)
        except NotFound:
            prior = None
        # An earlier attempt's job that finished can be kept; anything else starts again,
        # and one its gone holder left queued or running is cancelled so nobody runs it too.
        if prior is not None and prior.status in {JobStatus.QUEUED, JobStatus.RUNNING}:
            from lotara.jobs.engine import cancel

            try:
                cancel(store, job_id)
            except LotaraError:
                pass  # it ended meanwhile
        if prior is None or prior.status not in {JobStatus.COMPLETED, JobStatus.AWAITING_APPROVAL}:
            job_id = None
    if job_id is None:
        job_id = create_job(store, held.trigger, engine)
        SuggestionStore(store).link_job(held.suggestion_id, job_id)
    return job_id


def settle(store: JobStore, suggestion_id: str, job: Job) -> dict[str, Any] | None:
    """Finish a claimed row from its job's outcome: ``ready`` (the document) or ``failed``."""
    from lotara.models import JobStatus

    if job.status is JobStatus.FAILED:
        reason = job.error.message if job.error else "the proactive workflow failed"
        _finish(store, suggestion_id, status="failed", summary=None, error=reason)
        return None
    _finish(store, suggestion_id, status="ready", summary=summary_of(job), error=None)
    return document(store, suggestion_id)


def settle_job(store: JobStore, job_id: str) -> dict[str, Any] | None:
    """After a background run of ``job_id``: settle the claimed suggestion it was made for.

    Nothing happens for a job no suggestion waits on, or one still queued or running (a
    server handed it back on shutdown: the run that finishes it settles the row).
    """
    from lotara.models import JobStatus

    suggestion_id = SuggestionStore(store).claimed_for_job(job_id)
    if suggestion_id is None:
        return None
    job = store.get_job(job_id)
    if job.status in {JobStatus.QUEUED, JobStatus.RUNNING}:
        return None
    return settle(store, suggestion_id, job)


def fulfil(store: JobStore, held: Claim, *, engine: Any = None) -> dict[str, Any] | None:
    """Run the proactive workflow for a held claim; the suggestion document, or None if it failed.

    A failure (the workflow raised, or its job ended failed) marks the row ``failed`` with the
    reason; a later run tries again up to ``MAX_ATTEMPTS`` times in all.
    """
    if engine is None:
        from lotara.jobs import engine as default_engine

        engine = default_engine
    from lotara.models import JobStatus

    try:
        with leases.hold_claim(store, held.suggestion_id):
            job_id = start(store, held, engine=engine)
            job = store.get_job(job_id)
            if job.status is JobStatus.QUEUED:
                job = engine.run_job(store, job_id)
    except LotaraError as error:
        _finish(store, held.suggestion_id, status="failed", summary=None, error=error.message)
        return None
    except Exception as error:  # the workflow broke: keep the reason, retry next run
        reason = f"{type(error).__name__}: {error}"
        _finish(store, held.suggestion_id, status="failed", summary=None, error=reason)
        return None
    return settle(store, held.suggestion_id, job)


def error_of(store: JobStore, suggestion_id: str) -> str | None:
    return SuggestionStore(store).error_of(suggestion_id)


# --- reading suggestions ----------------------------------------------------------------


def document(store: JobStore, suggestion_id: str) -> dict[str, Any]:
    """The suggestion as one JSON object: what ``--json`` prints and ``--notify`` POSTs."""
    row = SuggestionStore(store).row(suggestion_id)
    if row is None:
        raise NotFound(f"No suggestion {suggestion_id!r}.")
    doc: dict[str, Any] = {
        "suggestion_id": row["id"],
        "user_id": row["user_id"],
        "trigger_type": row["trigger_type"],
        "context": json.loads(row["context"] or "{}"),
        "job_id": row["job_id"],
        "job_status": None,
        "title": None,
        "summary": row["summary"],
        "total": None,
        "currency": None,
        "dedupe_key": row["dedupe_key"],
        "created_at": row["created_at"],
    }
    if row["job_id"]:
        try:
            job = store.get_job(row["job_id"])
        except NotFound:
            return doc
        doc["job_status"] = job.status.value
        if job.itinerary is not None:
            doc["title"] = job.itinerary.title or None
            doc["total"] = job.itinerary.cost.total
            doc["currency"] = job.itinerary.cost.currency
    return doc


def ready_suggestions(store: JobStore, *, user_id: str | None = None) -> list[dict[str, Any]]:
    return [document(store, i) for i in SuggestionStore(store).ready_ids(user_id=user_id)]


def find_by_key(store: JobStore, dedupe_key: str) -> tuple[str, str] | None:
    """The id and status of the suggestion holding ``dedupe_key``, if any."""
    return SuggestionStore(store).find_by_key(dedupe_key)
