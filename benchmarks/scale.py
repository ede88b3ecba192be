"""Scaling out on PostgreSQL: job creations/s and end-to-end plans/s, beside SQLite.

Run: python benchmarks/scale.py [--creations 600] [--plans 12] [--clients 8]

In one run, on a throwaway PostgreSQL cluster (Debian's binaries, a temp dir, loopback):

- creations/s: ``--creations`` POSTs /v1/plan from ``--clients`` threads, round-robin over
  1 server and over 3 servers on PostgreSQL (the servers only create and defer), beside
  one SQLite server with --max-running 0 (it only stores);
- plans/s end to end: ``--plans`` offline plans posted and waited for (status polled until
  each is at rest), after a warm-up of two plans per worker (each imports the planner
  once), with 1 and with 2 `lotara worker --concurrency 2` processes on PostgreSQL behind
  1 and 3 servers, beside one SQLite server planning in its own pool (--max-running 2).

DESIGN.md's target is "plans/s with 3 servers + workers on PostgreSQL vs 1: measured and
explained": the figures are printed as ratios to the single-server run. This machine has
2 cores shared by every process here (servers, workers, PostgreSQL and this client), so a
ratio near 1 says the cores are full, not that the design does not scale: on a machine (or
machines) with a core per process the same ratio measures the design's serial parts (the
store's one write lock, the queue's fetch).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pg_support import pg_bindir, throwaway_cluster  # noqa: E402
from tests.test_serve import free_port  # noqa: E402

AT_REST = {"completed", "awaiting_approval", "failed", "rejected", "cancelled"}
QUERY = "{n} days in Lisbon for under $2500 from JFK"


def _env(home: Path, url: str | None) -> dict[str, str]:
    env = {**os.environ, "LOTARA_HOME": str(home), "PYTHONPATH": str(ROOT)}
    env.pop("LOTARA_DATABASE_URL", None)
    if url:
        env["LOTARA_DATABASE_URL"] = url
    return env


def start_server(home: Path, url: str | None, *args: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lotara", "serve", "--port", str(port), *args],
        env=_env(home, url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):  # bounded: 60 s
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("a server did not start")


def start_worker(home: Path, url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "lotara", "worker", "--concurrency", "2"],
        env=_env(home, url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()


def create(bases: list[str], count: int, clients: int) -> tuple[list[str], float]:
    """POST ``count`` plans round-robin over ``bases``; (job ids, seconds)."""
    http = [httpx.Client(base_url=b, timeout=60) for b in bases]

    def one(n: int) -> str:
        body = {"user_id": f"u{n % 50}", "query": QUERY.format(n=3 + n % 5)}
        response = http[n % len(http)].post("/v1/plan", json=body)
        response.raise_for_status()
        return response.json()["job_id"]

    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        ids = list(pool.map(one, range(count)))
    took = time.perf_counter() - began
    for client in http:
        client.close()
    return ids, took


def wait_at_rest(bases: list[str], job_ids: list[str]) -> int:
    """Poll the servers until every job is at rest (bounded: 20 minutes); how many failed."""
    left = set(job_ids)
    failed = 0
    with httpx.Client(timeout=30) as http:
        for turn in range(12_000):
            for job_id in list(left):
                status = http.get(f"{bases[turn % len(bases)]}/v1/status/{job_id}").json()
                if status["status"] in AT_REST:
                    left.discard(job_id)
                    failed += status["status"] == "failed"
            if not left:
                return failed
            time.sleep(0.1)
    raise SystemExit(f"{len(left)} jobs never came to rest")


def fresh_database(server_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.rpartition("/")[0] + "/" + name


def setup(
    stack: ExitStack, tmp: Path, url: str | None, servers: int, workers: int, *args: str
) -> list[str]:
    bases = []
    for n in range(servers):
        proc, base = start_server(tmp / f"s{n}", url, *args)
        stack.callback(stop, proc)
        bases.append(base)
    for n in range(workers):
        stack.callback(stop, start_worker(tmp / f"w{n}", url or ""))
    return bases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creations", type=int, default=600)
    parser.add_argument("--plans", type=int, default=12)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    bindir = pg_bindir()
    if bindir is None:
        raise SystemExit("no PostgreSQL binaries: apt-get install -y postgresql")
    os.environ.setdefault("LOTARA_NOW", "2027-03-01T09:00:00Z")
    print(f"nproc {os.cpu_count()}; load {os.getloadavg()[0]:.2f} at start")
    rows: list[tuple[str, str, float]] = []
    with throwaway_cluster(bindir) as server_url:
        runs = [
            ("creations/s", "SQLite, 1 server", None, 1, 0, ("--max-running", "0")),
            ("creations/s", "PostgreSQL, 1 server", "c1", 1, 0, ()),
            ("creations/s", "PostgreSQL, 3 servers", "c3", 3, 0, ()),
            ("plans/s", "SQLite, 1 server, its own pool of 2", None, 1, 0, ("--max-running", "2")),
            ("plans/s", "PostgreSQL, 1 server, 1 worker", "p11", 1, 1, ()),
            ("plans/s", "PostgreSQL, 1 server, 2 workers", "p12", 1, 2, ()),
            ("plans/s", "PostgreSQL, 3 servers, 2 workers", "p32", 3, 2, ()),
        ]
        for figure, label, db, servers, workers, extra in runs:
            tmp = Path(tempfile.mkdtemp(prefix="lotara-scale-"))
            url = fresh_database(server_url, db) if db else None
            with ExitStack() as stack:
                stack.callback(shutil.rmtree, tmp, True)
                bases = setup(stack, tmp, url, servers, workers, *extra)
                if figure == "creations/s":
                    ids, took = create(bases, args.creations, args.clients)
                    rate = len(ids) / took
                else:
                    # Warm up first: each worker (or pool process) imports the planner once.
                    warm, _ = create(bases, 2 * max(workers, 1), args.clients)
                    wait_at_rest(bases, warm)
                    began = time.perf_counter()
                    ids, _ = create(bases, args.plans, args.clients)
                    failed = wait_at_rest(bases, ids)
                    rate = len(ids) / (time.perf_counter() - began)
                    if failed:
                        label += f" ({failed} failed)"
            rows.append((figure, label, rate))
            print(f"{figure:12} {label:42} {rate:9.1f}/s  (load {os.getloadavg()[0]:.2f})")
    print()
    for figure in ("creations/s", "plans/s"):
        mine = [r for r in rows if r[0] == figure]
        base = next(r for r in mine if "PostgreSQL, 1 server" in r[1])[2]
        for _, label, rate in mine:
            print(f"{figure:12} {label:42} {rate / base:5.2f}x PostgreSQL with 1 server")


if __name__ == "__main__":
    main()
