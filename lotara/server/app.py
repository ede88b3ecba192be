"""The REST API of `lotara serve`: the seed's contract, on the same engine and store as the CLI.

``create_app(home)`` builds the FastAPI app; uvicorn runs it (``lotara serve``). Requests reach
the store in the threadpool, each thread on its own connection (``lotara.server.stores``), so
nothing waits for a lock on the event loop; jobs run in the ``JobRunner``'s threads; SSE
streams read the store by seq (``lotara.server.stream``). Creating a job is one INSERT plus an
in-memory append: no planning happens on the request path.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from lotara import __version__
from lotara.context import default_home
from lotara.errors import Conflict, LotaraError, NotBuilt, NotFound, Unavailable, UsageError
from lotara.jobs.engine import decided_jobs, recorded_decision, requested_bookings
from lotara.jobs.leases import HeldClaims
from lotara.jobs.store import open_store
from lotara.server import busy
from lotara.server.auth import TokenTable, load_tokens
from lotara.server.config import ServeConfig
from lotara.server.dispatch import runner_for
from lotara.server.hosts import allowed_hosts, host_check
from lotara.server.http_edges import BodyLimit, Options, error_body
from lotara.server.listen import EventListener
from lotara.server.routes import Server, router, tracing_on
from lotara.server.runner import RunnerClosed, Work, recover, waiting_jobs
from lotara.server.stores import ThreadStores
from lotara.server.stream import EventFeed
from lotara.server.stream_asgi import StreamShortcut

log = logging.getLogger("lotara.serve")


def _chain_signals(on_term: Any) -> None:
    """Run ``on_term`` first when uvicorn is told to stop, then uvicorn's own handler."""
    if threading.current_thread() is not threading.main_thread():
        return  # TestClient runs the lifespan in a thread: no signals there
    for sig in (signal.SIGTERM, signal.SIGINT):
        previous = signal.getsignal(sig)

        def handler(signum: int, frame: Any, previous: Any = previous) -> None:
            on_term()
            if callable(previous):
                previous(signum, frame)

        signal.signal(sig, handler)


def create_app(
    home: Path | str | None = None,
    *,
    config: ServeConfig | None = None,
    tokens: TokenTable | None = None,
    run: Any = None,
    resume: Any = None,
    book: Any = None,
) -> FastAPI:
    """The API over the store in ``home``; ``run``, ``resume``, ``book`` stand in for the engine."""
    home = Path(home) if home is not None else default_home()
    config = config or ServeConfig.from_env()
    tokens = tokens if tokens is not None else load_tokens()
    hooks = {"run": run, "resume": resume, "book": book}
    runner_hooks = {k: v for k, v in hooks.items() if v is not None}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(home)
        busy.shorten_waits(store)  # a lock held elsewhere: a quick 503, not a stalled loop
        runner = runner_for(store, home, max_running=config.max_running, hooks=runner_hooks)
        feed = EventFeed(store, poll_s=config.poll_s)
        requeued, failed = recover(store)
        if requeued or failed:
            log.warning("recovered jobs: %d re-queued, %d failed", len(requeued), len(failed))
        runner.start()
        if runner.max_running:
            for job_id in waiting_jobs(store):
                runner.submit(job_id)
            # Decisions recorded by a server that stopped before resuming their jobs.
            for job_id in decided_jobs(store):
                runner.submit(_resume_work(store, job_id))
            # Bookings asked for (202) of a server that stopped before running them.
            for job_id in requested_bookings(store):
                runner.submit(Work(job_id, kind="book"))
        await feed.start()
        listener = EventListener(feed, store.database_url) if store.database_url else None
        if listener is not None:  # streams across servers: woken by PostgreSQL's NOTIFY
            await listener.start()
        loop = asyncio.get_running_loop()

        def on_term() -> None:
            runner.close()
            loop.call_soon_threadsafe(feed.stopping.set)
            loop.call_soon_threadsafe(feed.wake_all)

        _chain_signals(on_term)
        stores = ThreadStores(store, wait_s=busy.request_wait_s())
        claims = HeldClaims(store)
        app.state.server = Server(stores, runner, feed, config, tokens, tracing_on(), claims)
        try:
            with claims.running():
                yield
        finally:
            runner.close()
            if listener is not None:
                await listener.stop()
            await feed.stop()
            handed_back = await asyncio.to_thread(runner.shutdown, store, grace_s=config.grace_s)
            if handed_back:
                log.warning("%d unfinished jobs handed back as queued", len(handed_back))
            stores.close()
            store.close()

    app = FastAPI(
        title="lotara",
        version=__version__,
        summary="Plans trips, streams their progress, asks before it spends.",
        lifespan=lifespan,
    )
    # Inside CORS (added after them, so outside): a browser can read their answers.
    app.add_middleware(Options, paths=lambda: app.openapi()["paths"])
    app.add_middleware(BodyLimit, max_bytes=config.max_body_bytes)
    cors: dict[str, Any] | None = None
    if config.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        cors = {
            "allow_origins": list(config.cors_origins),
            "allow_methods": ["GET", "POST", "PUT"],
            "allow_headers": ["Authorization", "Content-Type", "Last-Event-ID"],
        }
        app.add_middleware(CORSMiddleware, **cors)
    hosts = allowed_hosts(config.bind_host, config.allowed_hosts, tokens_enabled=tokens.enabled)
    _shortcut_streams(app, cors, hosts)
    _install_error_handlers(app)
    busy.install(app)
    app.include_router(router)
    return app


def _shortcut_streams(app: FastAPI, cors: dict[str, Any] | None, hosts: list[str]) -> None:
    """Put ``StreamShortcut`` outside FastAPI's whole middleware stack, the Host check outside it.

    Outside, an open stream holds none of the error, telemetry and body-limit middleware's
    per-request state (~2.5 KB a stream); CORS, when configured, wraps the stream itself.
    The one TrustedHostMiddleware outermost checks ``Host:`` for the streams and every route."""
    build = app.build_middleware_stack

    def build_with_shortcut() -> Any:
        return host_check(StreamShortcut(build(), cors=cors), hosts)

    app.build_middleware_stack = build_with_shortcut  # type: ignore[method-assign]


def _resume_work(store: Any, job_id: str) -> Work:
    decided = recorded_decision(store, job_id)
    approved = decided is not None and decided.status.value == "approved"
    return Work(job_id, kind="resume", approved=approved, notes=decided.notes if decided else None)


def app_from_env() -> FastAPI:
    """The app uvicorn builds in each worker (``lotara.server.app:app_from_env``, factory mode)."""
    return create_app()


# --- errors -----------------------------------------------------------------------------

STATUS_OF_ERROR: list[tuple[type[LotaraError], int]] = [
    (NotFound, 404),
    (Conflict, 409),
    (UsageError, 422),
    (RunnerClosed, 503),
    (Unavailable, 503),
    (NotBuilt, 501),
]

NOT_UTF8_JSON = "There was an error parsing the body"
"""FastAPI's sentence for a body it could not decode (not UTF-8): a 400, said plainly here."""

CODE_OF_STATUS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    503: "unavailable",
}


def _kind(code: str) -> str:
    """The seed's ``error`` name for a code: not_found -> NotFound."""
    return "".join(part.title() for part in code.split("_"))


def validation_body(issues: list[dict[str, Any]]) -> dict[str, Any]:
    """A 422 in the seed's shape, ``{error, message, details}``, FastAPI's ``detail`` kept."""
    shown = [{"loc": list(i["loc"]), "msg": i["msg"], "type": i["type"]} for i in issues]
    first = shown[0] if shown else {"loc": ["body"], "msg": "Invalid request data."}
    where = ".".join(str(part) for part in first["loc"])
    return {
        "error": "ValidationError",
        "message": f"{where}: {first['msg']}",
        "details": {"errors": shown},
        "detail": shown,
    }


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(validation_body(list(error.errors())), status_code=422)

    @app.exception_handler(LotaraError)
    async def lotara_error(request: Request, error: LotaraError) -> JSONResponse:
        status = next((s for cls, s in STATUS_OF_ERROR if isinstance(error, cls)), 500)
        if status == 422:
            loc = getattr(error, "loc", ["body"])
            issue = {"loc": loc, "msg": error.message, "type": error.code}
            return JSONResponse(validation_body([issue]), status_code=422)
        body = error_body(status, error.code, _kind(error.code), error.message)
        return JSONResponse(body, status_code=status)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        code = CODE_OF_STATUS.get(error.status_code, "error")
        message = str(error.detail)
        if error.status_code == 400 and message == NOT_UTF8_JSON:
            message = "The request body is not JSON in UTF-8."
        return JSONResponse(
            error_body(error.status_code, code, _kind(code), message),
            status_code=error.status_code,
            headers=getattr(error, "headers", None),
        )

    @app.exception_handler(Exception)
    async def internal_error(request: Request, error: Exception) -> JSONResponse:
        # Logged here in full; the client gets one sentence, never a traceback.
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=error)
        body = error_body(500, "internal", "InternalServerError", "Internal server error.")
        return JSONResponse(body, status_code=500)

    del invalid_request, lotara_error, http_error, internal_error
