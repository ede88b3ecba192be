"""Every benchmark in turn, each beside the machine's load average when it started and ended.

Run: python benchmarks/all.py [--quick]

Prints the machine (cores, CPU model, Python) once, then each script's own table. The load
average is /proc/loadavg's one-minute figure: on a shared machine a figure measured at load 2
on 2 cores had half the CPU a quiet machine gives. --quick runs each script with fewer
repetitions (a smoke test, not figures to quote).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

SCRIPTS: list[tuple[str, list[str], list[str]]] = [
    # script, its arguments for the figures, its arguments for --quick
    ("cli_startup.py", [], ["--runs", "3"]),
    ("plan.py", [], ["--runs", "6", "--cold", "1"]),
    ("serve.py", [], ["--serial", "100", "--requests", "500", "--streams", "100",
                      "--without-loss", "0", "--plans", "4"]),
    ("watch.py", [], ["--watches", "100", "--months", "10", "--firing", "2", "--runs", "2"]),
    ("world.py", [], ["--runs", "2", "--searches", "20"]),
]  # fmt: skip


def load() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions: a smoke test")
    parser.add_argument("--only", action="append", help="run only this script (repeatable)")
    args = parser.parse_args()
    print(
        f"machine: {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    failed = 0
    for script, full, quick in SCRIPTS:
        if args.only and script not in args.only and script.removesuffix(".py") not in args.only:
            continue
        command = [sys.executable, str(HERE / script), *(quick if args.quick else full)]
        print(f"\n== python benchmarks/{script} {' '.join(quick if args.quick else full)}")
        print(f"   load average at start {load()}", flush=True)
        started = time.perf_counter()
        done = subprocess.run(command)
        print(f"   load average at end {load()}; {time.perf_counter() - started:.0f} s", flush=True)
        failed += done.returncode != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
