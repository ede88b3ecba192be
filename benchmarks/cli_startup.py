"""CLI cold start: `lotara --help`, `--version`, `status` and `prefs show` against `python -c pass`.

Run: python benchmarks/cli_startup.py [--runs 15] [--no-bytecode-cache]
Each command runs in a fresh process (cold imports, warm disk cache), once untimed first,
then ``--runs`` times, against a store that exists already. Bytecode is cached as in an
installed copy (in a temporary PYTHONPYCACHEPREFIX, so the tree stays clean, even where
PYTHONDONTWRITEBYTECODE is set); --no-bytecode-cache compiles every module from source each
run instead, as a checkout under PYTHONDONTWRITEBYTECODE=1 does. Target: < 0.25 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_S = 0.25
COMMANDS = {
    "python -c pass (reference)": [sys.executable, "-c", "pass"],
    "lotara --help": [sys.executable, "-m", "lotara", "--help"],
    "lotara --version": [sys.executable, "-m", "lotara", "--version"],
    "lotara status": [sys.executable, "-m", "lotara", "status"],
    "lotara prefs show": [sys.executable, "-m", "lotara", "prefs", "show"],
}


def measure(argv: list[str], runs: int, env: dict[str, str]) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
        )
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--no-bytecode-cache", action="store_true", help="compile every module each run"
    )
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="lotara-bench-")
    env = {**os.environ, "LOTARA_HOME": home, "LOTARA_USER": "bench"}
    if args.no_bytecode_cache:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="lotara-bench-pycache-")
    for argv in COMMANDS.values():  # create the store; cache the bytecode
        subprocess.run(argv, env=env, capture_output=True)
    cache = "no bytecode cache" if args.no_bytecode_cache else "bytecode cached"
    print(f"cold start, fresh process each run, {args.runs} runs, {cache} (s)")
    print(f"{'command':<28} {'median':>8} {'p95':>8} {'max':>8}  target")
    for name, argv in COMMANDS.items():
        times = sorted(measure(argv, args.runs, env))
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        median = statistics.median(times)
        target = (
            ""
            if "reference" in name
            else f"< {TARGET_S:.2f} s " + ("ok" if median < TARGET_S else "MISSED")
        )
        print(f"{name:<28} {median:8.3f} {p95:8.3f} {times[-1]:8.3f}  {target}")


if __name__ == "__main__":
    main()
