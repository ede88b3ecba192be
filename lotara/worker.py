"""``python -m lotara.worker JOB_ID``: run one job in a background process (``--detach``)."""

from __future__ import annotations

import sys

from lotara import engine
from lotara.context import Environment


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m lotara.worker JOB_ID", file=sys.stderr)
        return 2
    env = Environment()
    job = engine.run_job(env.store, argv[0])
    return 0 if job.status.value in {"completed", "awaiting_approval"} else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
