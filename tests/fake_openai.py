"""A fake OpenAI-compatible model server: a real uvicorn app on loopback, scripted per test.

It speaks ``POST /v1/chat/completions`` with OpenAI's JSON shape (what LiteLLM's ``openai/``
provider sends and reads), and Ollama's ``/api/show`` and ``/api/generate`` (what its
``ollama/`` provider calls), so lotara reaches it through LiteLLM exactly as it reaches a
real server. Each request takes the next scripted reply; every request is recorded.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response


@dataclass
class Reply:
    """One scripted answer: a completion's text, an HTTP error, or no answer at all."""

    text: str | None = None
    status: int = 200
    body: str | None = None  # a raw body (malformed JSON, an HTML error page)
    hang: bool = False  # hold the request open until the test ends


def answer(value: Any) -> Reply:
    """A completion whose message is ``value`` (JSON-encoded unless it is already text)."""
    return Reply(text=value if isinstance(value, str) else json.dumps(value))


def error(status: int, message: str = "the server had an error") -> Reply:
    return Reply(status=status, body=json.dumps({"error": {"message": message, "type": "x"}}))


HANG = Reply(hang=True)


def completion(text: str, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


@dataclass
class FakeModelServer:
    script: list[Reply] = field(default_factory=list)
    requests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)
    port: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def app(self) -> FastAPI:
        app = FastAPI()

        async def reply(path: str, request: Request) -> Response:
            body = await request.json()
            self.requests.append((path, body))
            step = self.script.pop(0) if self.script else error(500, "no scripted reply")
            if step.hang:
                while not self.released.is_set():
                    await asyncio.sleep(0.05)
                return PlainTextResponse("too late", status_code=504)
            if step.body is not None:
                return Response(step.body, status_code=step.status, media_type="application/json")
            if path == "/api/generate":
                done = {"model": body.get("model"), "response": step.text, "done": True}
                return JSONResponse(done)
            return JSONResponse(completion(step.text or "", body.get("model", "fake")))

        @app.post("/v1/chat/completions")
        async def chat(request: Request) -> Response:
            return await reply("/v1/chat/completions", request)

        @app.post("/api/generate")
        async def generate(request: Request) -> Response:
            return await reply("/api/generate", request)

        @app.post("/api/show")
        async def show(request: Request) -> Response:
            # Ollama's model-info call: a hung server never answers it.
            self.requests.append(("/api/show", await request.json()))
            while not self.released.is_set():
                await asyncio.sleep(0.05)
            return JSONResponse({})

        return app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Serving:
    """Run ``FakeModelServer`` under uvicorn in a thread until ``stop``."""

    def __init__(self, fake: FakeModelServer) -> None:
        fake.port = free_port()
        self.fake = fake
        config = uvicorn.Config(
            fake.app(),
            host="127.0.0.1",
            port=fake.port,
            log_level="warning",
            lifespan="off",
            timeout_graceful_shutdown=1,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the fake model server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.fake.released.set()
        self.server.should_exit = True
        self.thread.join(timeout=10)
