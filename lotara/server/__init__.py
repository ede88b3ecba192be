"""``lotara serve``: the REST API with SSE streams over the same store as the CLI.

    app.py          the FastAPI app, its lifespan (recovery, runner) and error mapping
    routes.py       the /v1 routes
    bodies.py       request and response bodies (pydantic)
    auth.py         bearer tokens, and the one job-owner check every route and stream makes
    stream.py       a job's events as SSE, woken by new rows in the store
    stream_asgi.py  the fast path for ``GET /v1/stream/{id}`` below FastAPI
    config.py       serve's settings from options and environment
    runner.py       the background job runner and restart recovery

It shares the store, the engine and the proactive workflow with the CLI (``lotara.jobs``).
"""
