"""Turn a trigger into exactly one suggestion, even with several cron runs at once.

    claim(store, trigger)   INSERT the suggestion row as ``claimed`` in one transaction; the
                            UNIQUE dedupe_key lets one run through, the others get None
    fulfil(store, claim)    create the proactive job, link it, run it, then mark the row
                            ``ready`` (or ``failed``) in one UPDATE: ``start`` + run + ``settle``
    take(store, trigger)    claim (or retake a failed) trigger sent from elsewhere: what
                            ``lotara watch trigger`` and ``POST /v1/suggest`` both use
    reclaim_unfinished()    take over claims whose process died (or that failed, a bounded
                            number of times) so a crash never loses a trigger

Only ``ready`` rows are suggestions to a reader (printing, notifying, listing): a run killed
half way leaves a ``claimed`` row nobody shows, which the next run finishes.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from lotara import clock
from lotara.errors import LotaraError, NotFound
from lotara.proactive.triggers import REFIRE_STEP, Trigger
from lotara.processes import process_exists

if TYPE_CHECKING:
    from lotara.models import Job
    from lotara.store import JobStore

STALE_CLAIM = timedelta(minutes=30)
MAX_ATTEMPTS = 3


def claimant() -> str:
    """Who holds a claim: this host and process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _claimant_alive(claimed_by: str | None) -> bool:
    if not claimed_by or ":" not in claimed_by:
        return False
    host, _, pid = claimed_by.rpartition(":")
    if host != socket.gethostname():
        return True  # another machine's process: only staleness can tell
    if not pid.isdigit():
        return True  # not a pid this host wrote: only staleness can tell
    return process_exists(int(pid))


@dataclass(frozen=True)
class Claim:
    """A suggestion row this process holds, with the trigger it is for."""

    suggestion_id: str
    trigger: Trigger
    job_id: str | None = None


def claim(store: JobStore, trigger: Trigger) -> Claim | None:
    """Take the trigger's dedupe key for a new suggestion; None when someone already has it."""
    suggestion_id = str(uuid.uuid4())
    now = clock.iso()
    with store.immediate() as conn:
        if trigger.series is not None and trigger.price is not None:
            # Under the write lock, so two runs cannot both decide a fare is a new low.
            last = conn.execute(
                "SELECT MIN(json_extract(context, '$.new_price')) FROM suggestions"
                " WHERE dedupe_key >= ? AND dedupe_key < ?",
                [trigger.series, trigger.series + "\uffff"],
            ).fetchone()[0]
            if last is not None and trigger.price > last * (1 - REFIRE_STEP) + 1e-9:
                return None
        cur = conn.execute(
            "INSERT INTO suggestions (id, user_id, trigger_type, dedupe_key, context, created_at,"
            " status, attempts, claimed_by, claimed_at, notify_url, notify_attempts)"
            " VALUES (?,?,?,?,?,?,'claimed',1,?,?,?,0) ON CONFLICT(dedupe_key) DO NOTHING",
            [
                suggestion_id,
                trigger.user_id,
                trigger.type,
                trigger.dedupe_key,
                json.dumps(trigger.context, default=str),
                now,
                claimant(),
                now,
                trigger.notify_url,
            ],
        )
    return Claim(suggestion_id, trigger) if cur.rowcount == 1 else None


def reclaim_unfinished(store: JobStore) -> list[Claim]:
    """Claims left by dead or stalled runs, and failed ones still worth another try, now ours."""
    now = clock.now()
    stale_before = clock.iso(now - STALE_CLAIM)
    rows = store.db.execute(
        "SELECT id, user_id, trigger_type, dedupe_key, context, status, claimed_by, claimed_at,"
        " notify_url, job_id FROM suggestions"
        " WHERE status = 'claimed' OR (status = 'failed' AND attempts < ?)"
        " ORDER BY created_at",
        [MAX_ATTEMPTS],
    ).fetchall()
    out = []
    for sid, user, kind, key, context, status, by, at, url, job_id in rows:
        if status == "claimed" and _claimant_alive(by) and (at or "") >= stale_before:
            continue  # another run is working on it right now
        with store.immediate() as conn:
            # Compare-and-swap on the claim we saw: of two runs reclaiming, one wins.
            cur = conn.execute(
                "UPDATE suggestions SET status = 'claimed', claimed_by = ?, claimed_at = ?,"
                " attempts = attempts + 1, error = NULL"
                " WHERE id = ? AND status = ? AND claimed_by IS ? AND claimed_at IS ?",
                [claimant(), clock.iso(now), sid, status, by, at],
            )
        if cur.rowcount == 1:
            trigger = Trigger(kind, user, json.loads(context or "{}"), key, url)
            out.append(Claim(sid, trigger, job_id))
    return out


def retake_failed(store: JobStore, trigger: Trigger) -> Claim | None:
    """Claim again a suggestion whose workflow failed, to try it once more now."""
    with store.immediate() as conn:
        row = conn.execute(
            "SELECT id, job_id FROM suggestions WHERE dedupe_key = ? AND status = 'failed'",
            [trigger.dedupe_key],
        ).fetchone()
        if row is None:
            return None
        conn.execute(
            "UPDATE suggestions SET status = 'claimed', claimed_by = ?, claimed_at = ?,"
            " attempts = attempts + 1, error = NULL, notify_url = COALESCE(?, notify_url)"
            " WHERE id = ?",
            [claimant(), clock.iso(), trigger.notify_url, row[0]],
        )
    return Claim(row[0], trigger, row[1])


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
    with store.immediate() as conn:
        conn.execute(
            "UPDATE suggestions SET status = ?, summary = COALESCE(?, summary), error = ?,"
            " finished_at = ?, claimed_by = NULL WHERE id = ? AND status = 'claimed'",
            [status, summary, error, clock.iso(), suggestion_id],
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
        from lotara import engine as default_engine

        engine = default_engine
    from lotara.models import JobStatus

    job_id = held.job_id
    if job_id is not None:
        try:
            prior = store.get_job(job_id)
        except NotFound:
            prior = None
        # An earlier attempt's job that finished can be kept; anything else starts again.
        if prior is None or prior.status not in {JobStatus.COMPLETED, JobStatus.AWAITING_APPROVAL}:
            job_id = None
    if job_id is None:
        job_id = create_job(store, held.trigger, engine)
        with store.immediate() as conn:
            conn.execute(
                "UPDATE suggestions SET job_id = ? WHERE id = ?", [job_id, held.suggestion_id]
            )
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

    row = store.db.execute(
        "SELECT id FROM suggestions WHERE job_id = ? AND status = 'claimed'", [job_id]
    ).fetchone()
    if row is None:
        return None
    job = store.get_job(job_id)
    if job.status in {JobStatus.QUEUED, JobStatus.RUNNING}:
        return None
    return settle(store, row[0], job)


def fulfil(store: JobStore, held: Claim, *, engine: Any = None) -> dict[str, Any] | None:
    """Run the proactive workflow for a held claim; the suggestion document, or None if it failed.

    A failure (the workflow raised, or its job ended failed) marks the row ``failed`` with the
    reason; a later run tries again up to ``MAX_ATTEMPTS`` times in all.
    """
    if engine is None:
        from lotara import engine as default_engine

        engine = default_engine
    from lotara.models import JobStatus

    try:
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
    row = store.db.execute("SELECT error FROM suggestions WHERE id = ?", [suggestion_id]).fetchone()
    return row[0] if row else None


# --- reading suggestions ----------------------------------------------------------------


def document(store: JobStore, suggestion_id: str) -> dict[str, Any]:
    """The suggestion as one JSON object: what ``--json`` prints and ``--notify`` POSTs."""
    row = store.db.execute(
        "SELECT id, user_id, trigger_type, dedupe_key, job_id, context, summary, created_at,"
        " status FROM suggestions WHERE id = ?",
        [suggestion_id],
    ).fetchone()
    if row is None:
        raise NotFound(f"No suggestion {suggestion_id!r}.")
    doc: dict[str, Any] = {
        "suggestion_id": row[0],
        "user_id": row[1],
        "trigger_type": row[2],
        "context": json.loads(row[5] or "{}"),
        "job_id": row[4],
        "job_status": None,
        "title": None,
        "summary": row[6],
        "total": None,
        "currency": None,
        "dedupe_key": row[3],
        "created_at": row[7],
    }
    if row[4]:
        try:
            job = store.get_job(row[4])
        except NotFound:
            return doc
        doc["job_status"] = job.status.value
        if job.itinerary is not None:
            doc["title"] = job.itinerary.title or None
            doc["total"] = job.itinerary.cost.total
            doc["currency"] = job.itinerary.cost.currency
    return doc


def ready_suggestions(store: JobStore, *, user_id: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT id FROM suggestions WHERE status = 'ready'"
    params: list[Any] = []
    if user_id is not None:
        sql += " AND user_id = ?"
        params.append(user_id)
    ids = [r[0] for r in store.db.execute(sql + " ORDER BY created_at, id", params).fetchall()]
    return [document(store, i) for i in ids]


def find_by_key(store: JobStore, dedupe_key: str) -> tuple[str, str] | None:
    """The id and status of the suggestion holding ``dedupe_key``, if any."""
    row = store.db.execute(
        "SELECT id, status FROM suggestions WHERE dedupe_key = ?", [dedupe_key]
    ).fetchone()
    return (row[0], row[1]) if row else None
