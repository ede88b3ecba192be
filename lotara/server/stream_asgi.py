"""``GET /v1/stream/{job_id}`` served as plain ASGI: the same bytes, a fraction of the memory.

FastAPI's SSE path holds, per open stream, an anyio task group, two memory object streams,
a request exit stack and Starlette's disconnect listener: ~60 KB of Python objects, so 1,000
watched jobs cost ~60 MB. ``StreamShortcut`` sits in the middleware stack (inside CORS, so
browsers get their headers) and answers a stream request itself when it is sure the request
is good (it sits outside FastAPI's middleware, with CORS of its own when configured): a job
id FastAPI would accept, a plain ``Last-Event-ID``, a valid token for the job's
owner. It then writes each event with ``send()`` and watches for the client leaving with one
small task. Anything else (a 401, 404, 422, an odd header) goes on to the FastAPI route,
which answers exactly as before and still documents the route in OpenAPI.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
from typing import TYPE_CHECKING, Any

from fastapi.encoders import jsonable_encoder
from fastapi.sse import ServerSentEvent, format_sse_event
from starlette.concurrency import run_in_threadpool

from lotara.server.auth import ANYONE, Principal, job_owner
from lotara.server.stream import MAX_SEQ, job_stream

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send

    from lotara.server.routes import Server

PREFIX = "/v1/stream/"
MAX_JOB_ID = 100
"""As the route's path parameter: ``JobId`` (1 to 100 characters)."""

HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),
]
"""What FastAPI's EventSourceResponse sends."""


def _finite(data: Any) -> Any:
    # As FastAPI does for SSE data: NaN and infinities become null.
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: _finite(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_finite(value) for value in data]
    return data


def encode(item: ServerSentEvent) -> bytes:
    """One event in FastAPI's SSE wire format (data as JSON), byte for byte."""
    data = None if item.data is None else json.dumps(_finite(jsonable_encoder(item.data)))
    return format_sse_event(
        data_str=data, event=item.event, id=item.id, retry=item.retry, comment=item.comment
    )


def _header(scope: Scope, name: bytes) -> list[bytes]:
    return [value for key, value in scope["headers"] if key == name]


def _caller(server: Server, scope: Scope) -> Principal | None:
    """The caller when its token is good (or tokens are off); None when FastAPI must answer."""
    tokens = server.tokens
    if not tokens.enabled:
        return ANYONE
    values = _header(scope, b"authorization")
    if len(values) != 1:
        return None
    scheme, _, credentials = values[0].decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or not credentials:
        return None
    return tokens.principal(credentials)


def _after(scope: Scope) -> int | None:
    """The seq to resume after: 0 with no ``Last-Event-ID``, None unless plain digits."""
    values = _header(scope, b"last-event-id")
    if not values:
        return 0
    if len(values) != 1 or not values[0].isdigit() or not values[0].isascii():
        return None
    after = int(values[0])
    return after if after <= MAX_SEQ else None


def _until_gate(scope: Scope) -> bool | None:
    """``?until=gate`` (True), no query (False); None for anything else: FastAPI answers."""
    query = scope.get("query_string", b"")
    if not query:
        return False
    return True if query == b"until=gate" else None


def _owned(server: Server, who: Principal, job_id: str) -> bool:
    return job_owner(server.store, who, job_id) is not None


async def _streamable(server: Server, scope: Scope) -> tuple[str, int, bool] | None:
    """(job id, seq to resume after, end at a gate) when the request is good; else None.
    The owner is looked up in the threadpool, as every store read of the server is."""
    job_id = scope["path"][len(PREFIX) :]
    if not job_id or len(job_id) > MAX_JOB_ID or "/" in job_id:
        return None
    after = _after(scope)
    until_gate = _until_gate(scope)
    who = _caller(server, scope)
    if after is None or who is None or until_gate is None:
        return None
    if not await run_in_threadpool(_owned, server, who, job_id):
        return None
    return job_id, after, until_gate


class StreamShortcut:
    """ASGI middleware: good ``GET /v1/stream/{id}`` requests streamed straight to ``send``.

    It wraps FastAPI's whole stack (see ``lotara.server.app``); ``cors`` are CORSMiddleware's
    options, so the streams it serves get the same CORS headers as every other route."""

    def __init__(self, app: ASGIApp, *, cors: dict[str, Any] | None = None) -> None:
        self.app = app
        self.stream: ASGIApp = _stream
        if cors:
            from starlette.middleware.cors import CORSMiddleware

            self.stream = CORSMiddleware(_stream, **cors)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].startswith(PREFIX)
        ):
            await self.app(scope, receive, send)
            return
        server: Server | None = getattr(scope["app"].state, "server", None)
        try:
            found = await _streamable(server, scope) if server is not None else None
        except Exception:  # the store failed: FastAPI's route answers (and logs) that
            found = None
        if found is None:
            await self.app(scope, receive, send)
            return
        await self.stream({**scope, "lotara.stream": (server, *found)}, receive, send)


async def _stream(scope: Scope, receive: Receive, send: Send) -> None:
    server, job_id, after, until_gate = scope["lotara.stream"]
    await serve_stream(server, job_id, after, until_gate, receive, send)


async def serve_stream(
    server: Server, job_id: str, after: int, until_gate: bool, receive: Any, send: Any
) -> None:
    """Write the job's events until it ends (or waits, ``until_gate``), the server stops or
    the client leaves."""
    gone = asyncio.Event()
    wake = asyncio.Event()

    async def watch_disconnect() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass
        gone.set()
        wake.set()

    watcher = asyncio.create_task(watch_disconnect())
    events = job_stream(server, job_id, after=after, wake=wake, gone=gone, until_gate=until_gate)
    try:
        await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
        async with contextlib.aclosing(events):
            async for item in events:
                if gone.is_set():
                    break
                await send({"type": "http.response.body", "body": encode(item), "more_body": True})
        if not gone.is_set():
            await send({"type": "http.response.body", "body": b"", "more_body": False})
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher
