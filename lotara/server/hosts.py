"""Which ``Host:`` headers `lotara serve` answers: a guard against DNS rebinding.

A web page can point its own name at 127.0.0.1 and then drive a loopback server from the
browser; the browser still sends the page's name as ``Host:``. Only the bind address, the
loopback names and the operator's ``LOTARA_ALLOWED_HOSTS`` are answered (others: 400).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.types import ASGIApp

LOOPBACK = ("localhost", "127.0.0.1", "::1", "[::1]")
WILDCARD_BINDS = {"0.0.0.0", "::", "[::]"}


def allowed_hosts(bind_host: str, extra: tuple[str, ...], *, tokens_enabled: bool) -> list[str]:
    """The Host names answered: ``["*"]`` for a token-guarded 0.0.0.0 bind with no list."""
    if bind_host in WILDCARD_BINDS and tokens_enabled and not extra:
        return ["*"]  # reached under names the server cannot know; the token guards it
    hosts = [*LOOPBACK, *extra]
    if bind_host not in WILDCARD_BINDS:
        hosts.append(bind_host)
        if ":" in bind_host and not bind_host.startswith("["):
            hosts.append(f"[{bind_host}]")  # an IPv6 address arrives bracketed in Host:
    return list(dict.fromkeys(host.lower() for host in hosts))


def host_check(app: ASGIApp, hosts: list[str]) -> ASGIApp:
    """``app`` behind Starlette's TrustedHostMiddleware: an unknown Host gets 400."""
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    return TrustedHostMiddleware(app, allowed_hosts=hosts, www_redirect=False)
