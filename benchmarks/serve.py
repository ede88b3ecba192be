"""`lotara serve` under load: job creation latency and rate, 1,000 SSE streams, memory, bytes.

Run: python benchmarks/serve.py [--requests 5000] [--concurrency 32] [--streams 1000]
     [--without-loss 10000] [--only streams]

It starts a real `lotara serve` (uvicorn) process on a free loopback port with a fresh
LOTARA_HOME, and drives it from this process (a second process) with a minimal keep-alive
HTTP/1.1 client on asyncio, so the load generator costs as little as it can on a 2-core box.
Everything is bounded by counts and stops by itself. Targets (DESIGN.md): p50 job creation
< 5 ms, >= 1,000 creations/s, 1,000 concurrent streams with every event delivered, < 20 MB
per 1,000 active jobs, and 10,000 jobs stored and streamed at once without losing an event.

By default the server runs with --max-running 0 (jobs are accepted and stored, none planned),
so what is measured is the API itself; --max-running N measures it while N plans run at once
on the same two cores.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Connection:
    """One keep-alive HTTP/1.1 connection: send a request, read one response."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
        return cls(reader, writer)

    async def request(self, raw: bytes) -> tuple[int, bytes]:
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        body = await self.reader.readexactly(length) if length else b""
        return status, body

    def close(self) -> None:
        self.writer.close()


def plan_request(port: int, n: int) -> bytes:
    body = json.dumps(
        {"user_id": f"user{n % 50}", "query": "5 days in Tokyo from LAX under $3000"}
    ).encode()
    return (
        b"POST /v1/plan HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n" % (port, len(body))
    ) + body


async def create_jobs(port: int, total: int, concurrency: int) -> tuple[list[float], float, list]:
    """Create ``total`` jobs over ``concurrency`` connections; latencies (s), wall time, ids."""
    latencies: list[float] = []
    ids: list[str] = []
    counter = iter(range(total))

    async def worker() -> None:
        conn = await Connection.open(port)
        try:
            for n in counter:
                raw = plan_request(port, n)
                start = time.perf_counter()
                status, body = await conn.request(raw)
                latencies.append(time.perf_counter() - start)
                if status != 202:
                    raise SystemExit(f"POST /v1/plan answered {status}: {body[:200]!r}")
                ids.append(json.loads(body)["job_id"])
        finally:
            conn.close()

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, time.perf_counter() - start, ids


async def read_stream(port: int, job_id: str, ready: asyncio.Event, opened: list) -> list[int]:
    """Open the SSE stream of ``job_id`` and return the seqs it delivered, in order."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
    writer.write(
        b"GET /v1/stream/%s HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
        % job_id.encode()
    )
    head = await reader.readuntil(b"\r\n\r\n")
    if head[9:12] != b"200":
        raise SystemExit(f"stream answered {head[:40]!r}")
    opened.append(job_id)
    if len(opened) == ready_target[0]:
        ready.set()
    seqs: list[int] = []
    buffer = b""
    while True:  # chunked transfer: read until the terminating chunk
        line = await reader.readline()
        size = int(line.strip() or b"0", 16)
        if size == 0:
            break
        buffer += await reader.readexactly(size)
        await reader.readexactly(2)
        while b"\n\n" in buffer:
            block, buffer = buffer.split(b"\n\n", 1)
            for field in block.split(b"\n"):
                if field.startswith(b"id: "):
                    seqs.append(int(field[4:]))
    writer.close()
    return seqs


ready_target = [0]


async def streams(port: int, home: Path, job_ids: list[str], per_job: int, pid: int) -> dict:
    """Hold one SSE stream per job open, append ``per_job`` events per job from a store writer
    (as a worker process would), and check every stream got every event in order.

    The server's RSS is read before the streams open and once all are open: the difference,
    per 1,000 jobs, is what an active job (accepted, queued, watched by a client) costs."""
    from lotara.jobs.events import JobEvents
    from lotara.jobs.store import open_store
    from lotara.models import EventType, JobStatus

    ready = asyncio.Event()
    opened: list[str] = []
    ready_target[0] = len(job_ids)
    rss_before = rss_kb(pid)
    tasks = [asyncio.create_task(read_stream(port, j, ready, opened)) for j in job_ids]
    await asyncio.wait_for(ready.wait(), timeout=300)
    await asyncio.sleep(0.5)  # let the server settle every stream before reading its RSS
    rss_open = rss_kb(pid)
    store = open_store(home)

    def write_all() -> None:
        for job_id in job_ids:
            store.set_status(job_id, JobStatus.RUNNING)
        for n in range(per_job - 1):
            for job_id in job_ids:
                JobEvents(store, job_id).emit(
                    EventType.AGENT_OUTPUT, agent="bench", data={"key": "n", "value": n}
                )
        for job_id in job_ids:
            store.set_status(job_id, JobStatus.COMPLETED)
            JobEvents(store, job_id).emit(EventType.COMPLETE, data={"result": {}})

    start = time.perf_counter()
    await asyncio.to_thread(write_all)
    written = time.perf_counter() - start
    results = await asyncio.wait_for(asyncio.gather(*tasks), timeout=600)
    drained = time.perf_counter() - start
    store.close()
    expected = list(range(1, per_job + 1))
    complete = sum(1 for seqs in results if seqs == expected)
    return {
        "streams": len(job_ids),
        "events_per_stream": per_job,
        "streams_with_every_event_in_order": complete,
        "events_delivered": sum(len(s) for s in results),
        "events_expected": len(job_ids) * per_job,
        "write_s": round(written, 3),
        "all_delivered_s": round(drained, 3),
        "server_rss_mb_streams_open": round(rss_open / 1024, 1),
        "rss_mb_per_1000_active_jobs": round(
            (rss_open - rss_before) / 1024 / len(job_ids) * 1000, 2
        ),
    }


async def plans_end_to_end(args: argparse.Namespace) -> dict:
    """Offline plans per second through a server that plans: POST each, follow each stream to
    its end, on a second server (fresh store) running ``--plan-workers`` jobs at once."""
    home = Path(tempfile.mkdtemp(prefix="lotara-bench-plans-"))
    port = free_port()
    proc = start_server(port, home, args.plan_workers)
    try:
        await create_jobs(port, 4, 2)  # warm up: ADK, the world, the graphs
        await asyncio.sleep(3)
        start = time.perf_counter()
        _, _, ids = await create_jobs(port, args.plans, 4)
        ready = asyncio.Event()
        ready_target[0] = len(ids)
        runs = [read_stream(port, job_id, ready, []) for job_id in ids]
        results = await asyncio.wait_for(asyncio.gather(*runs), timeout=600)
        wall = time.perf_counter() - start
        import sqlite3

        db = sqlite3.connect(home / "lotara.db")
        marks = ",".join("?" for _ in ids)
        done = db.execute(
            f"SELECT COUNT(*) FROM jobs WHERE status = 'completed' AND id IN ({marks})", ids
        ).fetchone()[0]
        db.close()
        return {
            "plans": len(ids),
            "workers": args.plan_workers,
            "completed": done,
            "events_streamed": sum(len(r) for r in results),
            "wall_s": round(wall, 3),
            "plans_per_s": round(len(ids) / wall, 1),
            "server_rss_mb": round(rss_kb(proc.pid) / 1024, 1),
        }
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        shutil.rmtree(home, ignore_errors=True)


def start_server(port: int, home: Path, max_running: int) -> subprocess.Popen:
    env = {**os.environ, "LOTARA_HOME": str(home), "LOTARA_SSE_POLL": "0.05"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "lotara",
            "serve",
            "--port",
            str(port),
            "--max-running",
            str(max_running),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import urllib.request

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("the server did not start")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


async def streams_only(args: argparse.Namespace) -> dict:
    """Only the memory of open streams: create ``--streams`` jobs, open one stream on each."""
    home = Path(tempfile.mkdtemp(prefix="lotara-bench-streams-"))
    port = free_port()
    proc = start_server(port, home, args.max_running)
    try:
        await create_jobs(port, 200, 4)  # warm up, as the full run does
        _, _, ids = await create_jobs(port, args.streams, args.concurrency)
        return {"sse": await streams(port, home, ids, args.events, proc.pid)}
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        shutil.rmtree(home, ignore_errors=True)


async def run(args: argparse.Namespace) -> dict:
    home = Path(tempfile.mkdtemp(prefix="lotara-bench-serve-"))
    port = free_port()
    proc = start_server(port, home, args.max_running)
    try:
        # Warm up (first requests build validators, fill caches).
        await create_jobs(port, 200, 4)
        rss_before = rss_kb(proc.pid)
        db = home / "lotara.db"
        size_before = db.stat().st_size + (home / "lotara.db-wal").stat().st_size

        serial, _, _ = await create_jobs(port, args.serial, 1)
        loaded, wall, ids = await create_jobs(port, args.requests, args.concurrency)
        stored = 200 + args.serial + args.requests
        rss_after = rss_kb(proc.pid)
        size_after = db.stat().st_size + (home / "lotara.db-wal").stat().st_size
        created = args.serial + args.requests
        report = {
            "job_creation_one_client": {
                "requests": args.serial,
                "p50_ms": round(statistics.median(serial) * 1000, 3),
                "p95_ms": round(pct(serial, 95) * 1000, 3),
                "max_ms": round(max(serial) * 1000, 3),
            },
            "job_creation_under_load": {
                "requests": args.requests,
                "concurrency": args.concurrency,
                "creations_per_s": round(args.requests / wall, 1),
                "p50_ms": round(statistics.median(loaded) * 1000, 3),
                "p95_ms": round(pct(loaded, 95) * 1000, 3),
                "max_ms": round(max(loaded) * 1000, 3),
            },
            "server_rss_mb": round(rss_after / 1024, 1),
            "rss_kb_per_1000_stored_jobs": round((rss_after - rss_before) / created * 1000, 1),
            "store_bytes_per_job": round((size_after - size_before) / created, 1),
            "jobs_stored": stored,
        }
        stream_ids = ids[: args.streams]
        report["sse"] = await streams(port, home, stream_ids, args.events, proc.pid)
        report["server_rss_mb_after_streams"] = round(rss_kb(proc.pid) / 1024, 1)
        if args.without_loss:
            # DESIGN's "10,000 stored-and-streamed without loss": that many fresh jobs, each
            # with its own stream open at once, every event of every job delivered in order.
            _, made_s, fresh = await create_jobs(port, args.without_loss, args.concurrency)
            report["without_loss"] = await streams(port, home, fresh, args.events, proc.pid)
            report["without_loss"]["create_s"] = round(made_s, 3)
        return report
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serial", type=int, default=1000, help="requests from one client")
    parser.add_argument("--requests", type=int, default=5000, help="requests under load")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--events", type=int, default=5, help="events per streamed job")
    parser.add_argument(
        "--without-loss",
        type=int,
        default=10_000,
        help="jobs stored and streamed at once, every event checked (0: skip)",
    )
    parser.add_argument(
        "--max-running",
        type=int,
        default=0,
        help="jobs the server plans at once while it is measured (default 0: none)",
    )
    parser.add_argument(
        "--plans", type=int, default=60, help="offline plans run end to end (0: skip)"
    )
    parser.add_argument(
        "--plan-workers", type=int, default=4, help="jobs the plans server runs at once"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument(
        "--only",
        choices=["streams"],
        help="run one phase: 'streams' opens --streams streams and reports their memory",
    )
    args = parser.parse_args()
    if args.only == "streams":
        sse = asyncio.run(streams_only(args))["sse"]
        if args.json:
            print(json.dumps(sse, indent=2))
            return
        print(
            f"SSE: {sse['streams_with_every_event_in_order']}/{sse['streams']} streams got all "
            f"{sse['events_per_stream']} events in order; all delivered "
            f"{sse['all_delivered_s']} s after the writer began"
        )
        print(
            f"memory: {sse['rss_mb_per_1000_active_jobs']} MB more per 1,000 active jobs "
            f"(each watched by an open stream); server RSS {sse['server_rss_mb_streams_open']} MB"
            " with the streams open  (target < 20 MB)"
        )
        return
    args.streams = min(args.streams, args.requests)
    report = asyncio.run(run(args))
    if args.plans:
        report["plans_end_to_end"] = asyncio.run(plans_end_to_end(args))
    if args.json:
        print(json.dumps(report, indent=2))
        return
    one, load, sse = (
        report["job_creation_one_client"],
        report["job_creation_under_load"],
        report["sse"],
    )
    print(
        f"job creation, one client:  p50 {one['p50_ms']} ms  p95 {one['p95_ms']} ms"
        f"  max {one['max_ms']} ms"
        "  (target p50 < 5 ms)"
    )
    print(
        f"job creation, {load['concurrency']} clients: {load['creations_per_s']}/s  "
        f"p50 {load['p50_ms']} ms  p95 {load['p95_ms']} ms  max {load['max_ms']} ms"
        "  (target >= 1,000/s)"
    )
    print(
        f"SSE: {sse['streams_with_every_event_in_order']}/{sse['streams']} streams got all "
        f"{sse['events_per_stream']} events in order ({sse['events_delivered']}/"
        f"{sse['events_expected']}); all delivered {sse['all_delivered_s']} s after the "
        "writer began"
    )
    print(
        f"memory: server RSS {report['server_rss_mb']} MB with {report['jobs_stored']} jobs "
        "stored; "
        f"{report['rss_kb_per_1000_stored_jobs']} KB more per 1,000 jobs stored"
    )
    print(
        f"memory: {sse['rss_mb_per_1000_active_jobs']} MB more per 1,000 active jobs (accepted,"
        f" each watched by an open stream); server RSS {sse['server_rss_mb_streams_open']} MB"
        " with the streams open  (target < 20 MB)"
    )
    print(f"store: {report['store_bytes_per_job']} bytes per job")
    if "plans_end_to_end" in report:
        e2e = report["plans_end_to_end"]
        print(
            f"end to end: {e2e['plans']} offline plans posted and streamed to their end, "
            f"{e2e['workers']} at once: {e2e['plans_per_s']} plans/s ({e2e['completed']} "
            f"completed, {e2e['wall_s']} s)"
        )
    if "without_loss" in report:
        big = report["without_loss"]
        print(
            f"stored-and-streamed: {big['streams']} jobs created in {big['create_s']} s, "
            f"{big['streams_with_every_event_in_order']}/{big['streams']} streams got all "
            f"{big['events_per_stream']} events in order ({big['events_delivered']}/"
            f"{big['events_expected']}); all delivered {big['all_delivered_s']} s after the "
            f"writer began; {big['rss_mb_per_1000_active_jobs']} MB per 1,000 active jobs, "
            f"server RSS {big['server_rss_mb_streams_open']} MB  (target: 10,000 without loss)"
        )


if __name__ == "__main__":
    main()
