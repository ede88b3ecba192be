"""The edges of HTTP that FastAPI leaves plain: the body-size limit and ``OPTIONS``.

``BodyLimit`` answers a body larger than ``LOTARA_MAX_BODY`` with the API's JSON error
(413), from inside the CORS middleware so a browser can read it. ``Options`` answers an
``OPTIONS`` request that is not a CORS preflight with ``204`` and an ``Allow`` header listing
every method the path takes (a preflight goes on to CORS, which answers it when configured).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send


def error_body(status: int, code: str, error: str, message: str) -> dict[str, str]:
    """The API's error body: the seed's ``error`` and ``message``, lotara's ``detail``/``code``."""
    return {"error": error, "message": message, "detail": message, "code": code}


async def send_json(send: Send, status: int, body: dict[str, Any], headers: Any = ()) -> None:
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


class _TooLarge(Exception):
    pass


class BodyLimit:
    """413 as JSON for a request body over ``max_bytes`` (declared or streamed)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _message(self) -> dict[str, str]:
        return error_body(
            413,
            "too_large",
            "TooLarge",
            f"The request body is larger than {self.max_bytes} bytes (LOTARA_MAX_BODY).",
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope["headers"]:
            if key == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                await send_json(send, 413, self._message(), [(b"connection", b"close")])
                return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await send_json(send, 413, self._message(), [(b"connection", b"close")])


class Options:
    """``OPTIONS`` (not a CORS preflight): 204 with ``Allow`` naming every method of the path.

    The methods come from the app's OpenAPI paths (``paths()``), read once, on first use."""

    def __init__(self, app: ASGIApp, *, paths: Callable[[], dict[str, Any]]) -> None:
        self.app = app
        self.paths = paths
        self._table: list[tuple[re.Pattern[str], str]] | None = None

    def allowed(self, path: str) -> str | None:
        if self._table is None:
            self._table = [
                (re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(p)) + "$"), p)
                for p in self.paths()
            ]
            self._methods = {p: {m.upper() for m in ops} for p, ops in self.paths().items()}
        methods: set[str] = set()
        for pattern, template in self._table:
            if pattern.match(path):
                methods |= self._methods[template]
        return ", ".join(sorted({*methods, "OPTIONS"})) if methods else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "OPTIONS" or _preflight(scope):
            await self.app(scope, receive, send)
            return
        allow = self.allowed(scope["path"])
        if allow is None:
            await self.app(scope, receive, send)  # no such path: the app's answer
            return
        await send(
            {
                "type": "http.response.start",
                "status": 204,
                "headers": [(b"allow", allow.encode())],
            }
        )
        await send({"type": "http.response.body", "body": b""})


def _preflight(scope: Scope) -> bool:
    names = {key for key, _ in scope["headers"]}
    return b"origin" in names and b"access-control-request-method" in names
