"""Who may call `lotara serve`: bearer tokens from the environment, checked in constant time.

    LOTARA_API_TOKEN=secret                 one token that may act for every user
    LOTARA_API_TOKENS=alice:tok1,bob:tok2   tokens that act only for their own user
    LOTARA_API_TOKENS_FILE=/path/tokens     the same, one ``user:token`` per line (# comments)

With none of these set the API is open (and `lotara serve` binds 127.0.0.1 by default).
With any set, every ``/v1`` route needs ``Authorization: Bearer TOKEN``. A per-user token
reads and changes only its own user's jobs, preferences, approvals and feedback.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lotara.errors import InvalidValue

if TYPE_CHECKING:
    from lotara.jobs.store import JobStore


@dataclass(frozen=True)
class Principal:
    """The caller: ``user`` is None for the all-users token (or when auth is off)."""

    user: str | None

    def may_act_for(self, user_id: str) -> bool:
        return self.user is None or self.user == user_id


ANYONE = Principal(user=None)


def _digest(token: str) -> bytes:
    # Comparing fixed-length digests keeps the compare constant-time whatever the lengths.
    return hashlib.sha256(token.encode()).digest()


@dataclass(frozen=True)
class TokenTable:
    """The configured tokens; empty means authentication is off."""

    admin: tuple[bytes, ...] = ()
    users: tuple[tuple[bytes, str], ...] = field(default=())

    @property
    def enabled(self) -> bool:
        return bool(self.admin or self.users)

    def principal(self, token: str) -> Principal | None:
        """The principal ``token`` stands for, or None when it matches no configured token."""
        digest = _digest(token)
        found: Principal | None = None
        # No early exit: every configured token is compared, match or not.
        for admin in self.admin:
            if hmac.compare_digest(digest, admin):
                found = ANYONE
        for user_digest, user in self.users:
            if hmac.compare_digest(digest, user_digest) and found is None:
                found = Principal(user=user)
        return found


def _parse_pairs(text: str, *, source: str) -> list[tuple[str, str]]:
    pairs = []
    lines = (line.split("#", 1)[0] for line in text.splitlines())
    items = [item.strip() for line in lines for item in line.split(",") if item.strip()]
    for n, item in enumerate(items, 1):
        user, sep, token = item.partition(":")
        if not sep or not user.strip() or not token.strip():
            # Never echo the entry: it may be a secret typed without its user.
            raise InvalidValue(f"{source} entries must look like user:token; entry {n} does not.")
        pairs.append((user.strip(), token.strip()))
    return pairs


def load_tokens(environ: Mapping[str, str] | None = None) -> TokenTable:
    """Read the token settings from ``environ`` (default: the process environment)."""
    environ = os.environ if environ is None else environ
    admin = environ.get("LOTARA_API_TOKEN", "").strip()
    pairs = _parse_pairs(environ.get("LOTARA_API_TOKENS", ""), source="LOTARA_API_TOKENS")
    file = environ.get("LOTARA_API_TOKENS_FILE", "").strip()
    if file:
        path = Path(file).expanduser()
        try:
            text = path.read_text()
        except OSError:
            raise InvalidValue(f"LOTARA_API_TOKENS_FILE {file!r} cannot be read.") from None
        pairs += _parse_pairs(text, source="LOTARA_API_TOKENS_FILE")
    return TokenTable(
        admin=(_digest(admin),) if admin else (),
        users=tuple((_digest(token), user) for user, token in pairs),
    )


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer TOKEN`` header, or None."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def job_owner(store: JobStore, who: Principal, job_id: str) -> str | None:
    """The owner of ``job_id`` when ``who`` may act for them; None for unknown jobs and for
    other users' jobs alike (so a stranger cannot tell which ids exist).

    The one check every job route and both stream paths (FastAPI's and the ASGI shortcut's)
    make before they answer.
    """
    owner = store.user_of(job_id)
    return owner if owner is not None and who.may_act_for(owner) else None
