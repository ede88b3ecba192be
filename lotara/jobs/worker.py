"""``python -m lotara.jobs.worker JOB_ID``: run one job in a background process (``--detach``).

The worker runs the job exactly as ``lotara plan`` would in the foreground: its progress,
approval gate or error are all in the store, where ``lotara status JOB --follow`` reads
them. Exit status: 0 when the job completed or waits for approval, 1 when it failed,
and the error's own exit code (one sentence on stderr) when it could not start at all.
"""

from __future__ import annotations

import sys

from lotara.context import Environment
from lotara.errors import LotaraError
from lotara.jobs import engine
from lotara.models import JobStatus


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m lotara.jobs.worker JOB_ID", file=sys.stderr)
        return 2
    env = Environment()
    try:
        job = engine.run_job(env.store, env.store.resolve_job_id(argv[0]))
    except LotaraError as error:
        print(f"lotara worker: {error.message}", file=sys.stderr)
        return int(error.exit_code)
    finally:
        env.close()
    return 0 if job.status in {JobStatus.COMPLETED, JobStatus.AWAITING_APPROVAL} else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
