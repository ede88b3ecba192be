"""What a LiteLLM model costs a plan, and that a hung model server costs no more than its bound.

    python benchmarks/model.py              # 3 cold `lotara plan --json` per case
    python benchmarks/model.py --runs 5

Each case runs ``python -m lotara plan QUERY --json`` in a fresh process and LOTARA_HOME,
against tests/fake_openai.py's OpenAI-compatible server on loopback (real uvicorn, through
LiteLLM as ``openai/fake``):

- ``offline``: no model (the reference);
- ``answers``: the model answers at once (an empty reading, then a checked summary), so the
  difference from offline is LiteLLM's import and two loopback calls;
- ``hung``: the server never answers; ``LOTARA_MODEL_TIMEOUT=2``, so the plan may wait
  2 s for its reading and 2 s for its summary: the bound is offline + 4 s.

Wall and CPU (children) seconds per run; median and max.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fake_openai import HANG, FakeModelServer, Serving, answer  # noqa: E402

QUERY = "5 days in Tokyo from LAX for under $3000, food"
TIMEOUT_S = 2.0


def one(model: str, env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "lotara", "plan", QUERY, "--json", "--model", model],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env, "LOTARA_HOME": tempfile.mkdtemp(prefix="lotara-bench-")},
        cwd=ROOT,
    )
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"lotara plan failed: {proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    fake = FakeModelServer()
    serving = Serving(fake)
    serving.start()
    env = {
        "LOTARA_NOW": "2027-03-01T09:00:00Z",
        "PYTHONPATH": str(ROOT),
        "OPENAI_API_BASE": f"{fake.base_url}/v1",
        "OPENAI_API_KEY": "sk-fake",
    }
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    summary = {"title": "Tokyo", "summary": "Tokyo in USD; see the plan for the total."}
    cases = {
        "offline": ("offline", {}, []),
        "answers": ("openai/fake", {"LOTARA_MODEL_TIMEOUT": "20"}, [answer({}), answer(summary)]),
        "hung": ("openai/fake", {"LOTARA_MODEL_TIMEOUT": str(TIMEOUT_S)}, [HANG, HANG]),
    }
    try:
        for name, (model, extra, script) in cases.items():
            walls, cpus = [], []
            for _ in range(args.runs):
                fake.script = list(script)
                fake.released.clear()
                wall, cpu = one(model, {**env, **extra})
                fake.released.set()
                walls.append(wall)
                cpus.append(cpu)
            print(
                f"{name:8} wall median {statistics.median(walls):.2f} s, max {max(walls):.2f} s;"
                f" cpu median {statistics.median(cpus):.2f} s"
            )
    finally:
        serving.stop()
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
