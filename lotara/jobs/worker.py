"""``python -m lotara.jobs.worker JOB_ID``: run one job in a background process (``--detach``).

The worker runs the job exactly as ``lotara plan`` would in the foreground: its progress,
approval gate or error are all in the store, where ``lotara status JOB --follow`` reads
them. Exit status: 0 when the job completed or waits for approval, 1 when it failed,
and the error's own exit code (one sentence on stderr) when it could not start at all.
"""

from __future__ import annotations

import sys

from lotara.context import Environment
from lotara.errors import ExitCode, LotaraError
from lotara.jobs import engine
from lotara.jobs.processes import stop_on_signals
from lotara.models import JobStatus


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m lotara.jobs.worker JOB_ID", file=sys.stderr)
        return 2
    stop_on_signals()
    env = Environment()
    try:
        job = engine.run_job(env.store, env.store.resolve_job_id(argv[0]))
    except LotaraError as error:
        print(f"lotara worker: {error.message}", file=sys.stderr)
        return int(error.exit_code)
    except KeyboardInterrupt:  # SIGTERM, SIGHUP, or `lotara cancel`: the job ends cancelled
        _cancelled(env, argv[0])
        return int(ExitCode.INTERRUPTED)
    finally:
        env.close()
    return 0 if job.status in {JobStatus.COMPLETED, JobStatus.AWAITING_APPROVAL} else 1


def _cancelled(env: Environment, prefix: str) -> None:
    try:
        job_id = env.store.resolve_job_id(prefix)
        env.store.set_status(
            job_id, JobStatus.CANCELLED, expect={JobStatus.QUEUED, JobStatus.RUNNING}
        )
    except LotaraError:
        pass  # it ended, paused or was cancelled meanwhile: leave it as it is
    print(f"lotara worker: job {prefix[:8]} cancelled.", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
