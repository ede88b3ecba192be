"""The proactive tables, behind two store classes: every SQL statement of ``proactive/``.

``WatchStore`` holds the ``watches`` and their ``price_history``; ``SuggestionStore`` the
``suggestions`` (their claims, outcomes and webhook deliveries). Both sit on a ``JobStore``
(its connection and its ``immediate`` write transaction) and hand back plain rows: the
meaning of a row (a ``Watch``, a suggestion document) belongs to the modules that use it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lotara.jobs.store import JobStore
    from lotara.proactive.triggers import Trigger

WATCH_COLUMNS = (
    "id",
    "user_id",
    "origin",
    "destination",
    "travel_date",
    "travel_month",
    "below",
    "drop_pct",
    "travelers",
    "currency",
    "baseline",
    "active",
    "created_at",
)


def _dicts(cursor: Any) -> list[dict[str, Any]]:
    cols = [d[0] for d in cursor.description]
    return [dict(zip(cols, r, strict=True)) for r in cursor.fetchall()]


class WatchStore:
    """Price watches and the fares observed for them."""

    def __init__(self, store: JobStore) -> None:
        self.store = store

    def insert(self, row: dict[str, Any]) -> None:
        """Store a new watch: ``row`` has every column of ``WATCH_COLUMNS``."""
        marks = ",".join("?" for _ in WATCH_COLUMNS)
        with self.store.immediate() as conn:
            conn.execute(
                f"INSERT INTO watches ({', '.join(WATCH_COLUMNS)}) VALUES ({marks})",
                [row[c] for c in WATCH_COLUMNS],
            )

    def get(self, watch_id: str) -> dict[str, Any] | None:
        rows = _dicts(self.store.conn.execute("SELECT * FROM watches WHERE id = ?", [watch_id]))
        return rows[0] if rows else None

    def rows(
        self, *, user_id: str | None = None, active_only: bool = False
    ) -> list[dict[str, Any]]:
        """Watches, oldest first; one user's, or only the active ones, when asked."""
        where, params = [], []
        if user_id is not None:
            where.append("user_id = ?")
            params.append(user_id)
        if active_only:
            where.append("active = 1")
        sql = "SELECT * FROM watches"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return _dicts(self.store.conn.execute(sql + " ORDER BY created_at, rowid", params))

    def ids_starting(self, prefix: str, *, user_id: str | None = None, limit: int = 6) -> list[str]:
        """Up to ``limit`` watch ids that start with ``prefix`` (lower-case hex)."""
        sql = "SELECT id FROM watches WHERE id >= ? AND id < ?"
        params: list[Any] = [prefix, prefix + "\uffff"]
        if user_id is not None:
            sql += " AND user_id = ?"
            params.append(user_id)
        rows = self.store.conn.execute(sql + " ORDER BY id LIMIT ?", [*params, limit])
        return [r[0] for r in rows.fetchall()]

    def delete(self, watch_id: str) -> None:
        """Delete a watch and its price history."""
        with self.store.immediate() as conn:
            conn.execute("DELETE FROM price_history WHERE watch_id = ?", [watch_id])
            conn.execute("DELETE FROM watches WHERE id = ?", [watch_id])

    def deactivate(self, watch_id: str) -> None:
        with self.store.immediate() as conn:
            conn.execute("UPDATE watches SET active = 0 WHERE id = ?", [watch_id])

    def record(
        self,
        watch_id: str,
        *,
        observed_at: str,
        travel_date: str,
        price: float,
        currency: str,
        source: str,
    ) -> bool:
        """Commit one observation (and the watch's baseline if it had none); False if known."""
        with self.store.immediate() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO price_history (watch_id, observed_at, travel_date, price,"
                " currency, source) VALUES (?,?,?,?,?,?)",
                [watch_id, observed_at, travel_date, price, currency, source],
            )
            conn.execute(
                "UPDATE watches SET baseline = ? WHERE id = ? AND baseline IS NULL",
                [price, watch_id],
            )
            return cur.rowcount == 1

    def history(self, watch_id: str, *, limit: int | None = None) -> list[tuple[Any, ...]]:
        """(observed_at, travel_date, price, currency, source), newest first."""
        sql = (
            "SELECT observed_at, travel_date, price, currency, source FROM price_history"
            " WHERE watch_id = ? ORDER BY observed_at DESC"
        )
        params: list[Any] = [watch_id]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [tuple(r) for r in self.store.conn.execute(sql, params).fetchall()]


class SuggestionStore:
    """Suggestions: the claim on a trigger, the outcome of its job, its webhook delivery."""

    def __init__(self, store: JobStore) -> None:
        self.store = store

    # --- claims -------------------------------------------------------------------------

    def claim(
        self,
        suggestion_id: str,
        trigger: Trigger,
        *,
        claimant: str,
        now: str,
        until: float,
        refire_step: float,
    ) -> bool:
        """Insert the trigger's row as ``claimed``; False when its key is taken, or when a
        fare of the same series is not ``refire_step`` below the lowest one suggested.

        The check and the insert share one write transaction, so two runs cannot both
        decide a fare is a new low, and the UNIQUE dedupe_key lets one run through.
        """
        with self.store.immediate() as conn:
            if trigger.series is not None and trigger.price is not None:
                last = conn.execute(
                    "SELECT MIN(json_extract(context, '$.new_price')) FROM suggestions"
                    " WHERE dedupe_key >= ? AND dedupe_key < ?",
                    [trigger.series, trigger.series + "\uffff"],
                ).fetchone()[0]
                if last is not None and trigger.price > last * (1 - refire_step) + 1e-9:
                    return False
            cur = conn.execute(
                "INSERT INTO suggestions (id, user_id, trigger_type, dedupe_key, context,"
                " created_at, status, attempts, claimed_by, claimed_at, claim_until, notify_url,"
                " notify_attempts) VALUES (?,?,?,?,?,?,'claimed',1,?,?,?,?,0)"
                " ON CONFLICT(dedupe_key) DO NOTHING",
                [
                    suggestion_id,
                    trigger.user_id,
                    trigger.type,
                    trigger.dedupe_key,
                    json.dumps(trigger.context, default=str),
                    now,
                    claimant,
                    now,
                    until,
                    trigger.notify_url,
                ],
            )
            return cur.rowcount == 1

    def unfinished(self, max_attempts: int) -> list[dict[str, Any]]:
        """Rows still claimed, or failed fewer than ``max_attempts`` times, oldest first,
        with their claim's lease and their job's status and lease: dicts of id, user_id,
        trigger_type, dedupe_key, context, status, claimed_by, claimed_at, claim_until,
        notify_url, job_id, job_status, job_lease_until."""
        return _dicts(
            self.store.conn.execute(
                "SELECT s.id, s.user_id, s.trigger_type, s.dedupe_key, s.context, s.status,"
                " s.claimed_by, s.claimed_at, s.claim_until, s.notify_url, s.job_id,"
                " j.status AS job_status, j.lease_until AS job_lease_until"
                " FROM suggestions s LEFT JOIN jobs j ON j.id = s.job_id"
                " WHERE s.status = 'claimed' OR (s.status = 'failed' AND s.attempts < ?)"
                " ORDER BY s.created_at",
                [max_attempts],
            )
        )

    def take_over(
        self,
        suggestion_id: str,
        *,
        seen_status: str,
        seen_by: str | None,
        seen_at: str | None,
        seen_until: float | None,
        claimant: str,
        now: str,
        until: float,
    ) -> bool:
        """Compare-and-swap on the claim seen: of two runs taking it over, one wins."""
        with self.store.immediate() as conn:
            cur = conn.execute(
                "UPDATE suggestions SET status = 'claimed', claimed_by = ?, claimed_at = ?,"
                " claim_until = ?, attempts = attempts + 1, error = NULL"
                " WHERE id = ? AND status = ? AND claimed_by IS NOT DISTINCT FROM ?"
                " AND claimed_at IS NOT DISTINCT FROM ? AND claim_until IS NOT DISTINCT FROM ?",
                [claimant, now, until, suggestion_id, seen_status, seen_by, seen_at, seen_until],
            )
            return cur.rowcount == 1

    def renew_claim(self, suggestion_id: str, claimant: str, *, until: float) -> bool:
        """Move ``claimant``'s lease on a claimed row to ``until``; False when not its claim."""
        with self.store.immediate() as conn:
            cur = conn.execute(
                "UPDATE suggestions SET claim_until = ?"
                " WHERE id = ? AND status = 'claimed' AND claimed_by = ?",
                [until, suggestion_id, claimant],
            )
            return cur.rowcount == 1

    def retake_failed(
        self, dedupe_key: str, *, claimant: str, now: str, until: float, notify_url: str | None
    ) -> tuple[str, str | None] | None:
        """Claim again the failed row holding ``dedupe_key``: (id, its job id), or None."""
        with self.store.immediate() as conn:
            row = conn.execute(
                "SELECT id, job_id FROM suggestions WHERE dedupe_key = ? AND status = 'failed'",
                [dedupe_key],
            ).fetchone()
            if row is None:
                return None
            conn.execute(
                "UPDATE suggestions SET status = 'claimed', claimed_by = ?, claimed_at = ?,"
                " claim_until = ?, attempts = attempts + 1, error = NULL,"
                " notify_url = COALESCE(?, notify_url) WHERE id = ?",
                [claimant, now, until, notify_url, row[0]],
            )
        return row[0], row[1]

    def link_job(self, suggestion_id: str, job_id: str) -> None:
        with self.store.immediate() as conn:
            conn.execute("UPDATE suggestions SET job_id = ? WHERE id = ?", [job_id, suggestion_id])

    def finish(
        self, suggestion_id: str, *, status: str, summary: str | None, error: str | None, at: str
    ) -> None:
        """End a claimed row as ``status`` (ready or failed); a row no longer claimed stays."""
        with self.store.immediate() as conn:
            conn.execute(
                "UPDATE suggestions SET status = ?, summary = COALESCE(?, summary), error = ?,"
                " finished_at = ?, claimed_by = NULL, claim_until = NULL"
                " WHERE id = ? AND status = 'claimed'",
                [status, summary, error, at, suggestion_id],
            )

    # --- reading ------------------------------------------------------------------------

    def claimed_for_job(self, job_id: str) -> str | None:
        """The claimed suggestion waiting on ``job_id``, if any."""
        row = self.store.conn.execute(
            "SELECT id FROM suggestions WHERE job_id = ? AND status = 'claimed'", [job_id]
        ).fetchone()
        return row[0] if row else None

    def error_of(self, suggestion_id: str) -> str | None:
        row = self.store.conn.execute(
            "SELECT error FROM suggestions WHERE id = ?", [suggestion_id]
        ).fetchone()
        return row[0] if row else None

    def row(self, suggestion_id: str) -> dict[str, Any] | None:
        rows = _dicts(
            self.store.conn.execute(
                "SELECT id, user_id, trigger_type, dedupe_key, job_id, context, summary,"
                " created_at, status FROM suggestions WHERE id = ?",
                [suggestion_id],
            )
        )
        return rows[0] if rows else None

    def ready_ids(self, *, user_id: str | None = None) -> list[str]:
        sql = "SELECT id FROM suggestions WHERE status = 'ready'"
        params: list[Any] = []
        if user_id is not None:
            sql += " AND user_id = ?"
            params.append(user_id)
        rows = self.store.conn.execute(sql + " ORDER BY created_at, id", params)
        return [r[0] for r in rows.fetchall()]

    def find_by_key(self, dedupe_key: str) -> tuple[str, str] | None:
        """The id and status of the suggestion holding ``dedupe_key``, if any."""
        row = self.store.conn.execute(
            "SELECT id, status FROM suggestions WHERE dedupe_key = ?", [dedupe_key]
        ).fetchone()
        return (row[0], row[1]) if row else None

    # --- webhook deliveries -------------------------------------------------------------

    def to_notify(self) -> list[tuple[str, str]]:
        """(id, url) of ready suggestions still to deliver, oldest first."""
        rows = self.store.conn.execute(
            "SELECT id, notify_url FROM suggestions WHERE status = 'ready'"
            " AND notify_url IS NOT NULL AND notified_at IS NULL ORDER BY created_at, id"
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def lease_delivery(self, suggestion_id: str, *, now: str, until: str) -> bool:
        """Take the delivery of a suggestion until ``until``; False when another run has it."""
        with self.store.immediate() as conn:
            cur = conn.execute(
                "UPDATE suggestions SET notify_lease_until = ? WHERE id = ?"
                " AND notified_at IS NULL"
                " AND (notify_lease_until IS NULL OR notify_lease_until < ?)",
                [until, suggestion_id, now],
            )
            return cur.rowcount == 1

    def record_delivery(
        self, suggestion_id: str, *, notified_at: str | None, error: str | None, attempts: int
    ) -> None:
        """The outcome of one delivery: sent (``notified_at``) or not (``error``)."""
        with self.store.immediate() as conn:
            conn.execute(
                "UPDATE suggestions SET notified_at = ?, notify_error = ?,"
                " notify_attempts = COALESCE(notify_attempts, 0) + ?,"
                " notify_lease_until = NULL WHERE id = ?",
                [notified_at, error, attempts, suggestion_id],
            )
