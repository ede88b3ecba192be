"""Settings of `lotara serve`, read from the environment (so every uvicorn worker sees them).

LOTARA_MAX_RUNNING      jobs one server process runs at once (the rest wait queued)   4
LOTARA_MAX_BODY         largest request body accepted, in bytes (larger: 413)          65536
LOTARA_SHUTDOWN_GRACE   seconds running jobs get to finish on SIGTERM                   30
CORS_ORIGINS            comma-separated origins allowed by CORS                         none
LOTARA_ALLOWED_HOSTS    comma-separated Host names answered besides loopback/bind      none
LOTARA_BIND_HOST        the address `lotara serve` binds (it sets this itself)          127.0.0.1
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from lotara.errors import InvalidValue


def _number(environ: Mapping[str, str], name: str, default: float, *, low: float) -> float:
    text = environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise InvalidValue(f"{name} must be a number, not {text!r}.") from None
    if value < low:
        raise InvalidValue(f"{name} must be at least {low:g}, not {text!r}.")
    return value


def _names(environ: Mapping[str, str], name: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in environ.get(name, "").split(",") if n.strip())


@dataclass(frozen=True)
class ServeConfig:
    """How one server process behaves: bounds, limits, origins and stream timings."""

    max_running: int = 4
    max_body_bytes: int = 64 * 1024
    grace_s: float = 30.0
    cors_origins: tuple[str, ...] = field(default=())
    bind_host: str = "127.0.0.1"
    allowed_hosts: tuple[str, ...] = field(default=())
    ping_s: float = 15.0
    poll_s: float = 0.1

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ServeConfig:
        environ = os.environ if environ is None else environ
        origins = _names(environ, "CORS_ORIGINS")
        return cls(
            max_running=int(_number(environ, "LOTARA_MAX_RUNNING", 4, low=0)),
            max_body_bytes=int(_number(environ, "LOTARA_MAX_BODY", 64 * 1024, low=256)),
            grace_s=_number(environ, "LOTARA_SHUTDOWN_GRACE", 30.0, low=0),
            cors_origins=origins,
            bind_host=environ.get("LOTARA_BIND_HOST", "").strip() or "127.0.0.1",
            allowed_hosts=_names(environ, "LOTARA_ALLOWED_HOSTS"),
            ping_s=_number(environ, "LOTARA_SSE_PING", 15.0, low=0.05),
            poll_s=_number(environ, "LOTARA_SSE_POLL", 0.1, low=0.005),
        )
