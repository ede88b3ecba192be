"""Every terminal command as a real process: exit codes, streams, no tracebacks, JSON that parses.

Jobs are put in the store directly (the subprocess shares the test's ``LOTARA_HOME``), so
these pin the commands' contract without depending on what the planner decides;
``test_cli_e2e.py`` runs real plans.
"""

from __future__ import annotations

import json

import pytest

from lotara.errors import ExitCode
from lotara.models import ApprovalKind, Job, JobStatus
from tests.test_render import sample_itinerary, sample_job

pytestmark = pytest.mark.e2e  # starts real lotara processes


@pytest.fixture
def done(store) -> str:
    """A completed job in the store, as the orchestrator leaves one."""
    job_id = store.create_job(user_id="tester", query="5 days in Tokyo from LAX")
    store.update_job(job_id, request=sample_job().request, itinerary=sample_itinerary())
    store.set_status(job_id, JobStatus.RUNNING)
    store.set_status(job_id, JobStatus.COMPLETED)
    return job_id


def _one_sentence(proc) -> str:
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), proc.stderr
    return lines[0]


def test_status_list_and_json(run_lotara, done):
    proc = run_lotara("status")
    assert proc.returncode == 0
    assert done[:8] in proc.stdout and "completed" in proc.stdout and "2,022 USD" in proc.stdout
    rows = json.loads(run_lotara("status", "--json").stdout)
    assert [r["job_id"] for r in rows] == [done]


def test_status_job_full_and_json(run_lotara, done):
    proc = run_lotara("status", done[:7])
    assert proc.returncode == 0 and "Hotel Sakura" in proc.stdout
    assert "\x1b[" not in proc.stdout
    job = Job.model_validate_json(run_lotara("status", done, "--json").stdout)
    assert job.job_id == done and job.itinerary.cost.total == 2022


def test_a_closed_pipe_after_the_first_line_exits_quietly(done):
    """`lotara status JOB | head -n 1`: the drawing's reader goes away; exit 0, nothing said
    (Rich's own answer to a closed pipe is exit 1)."""
    import subprocess
    import sys

    child = subprocess.Popen(
        [sys.executable, "-m", "lotara", "status", done[:8]],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert child.stdout is not None and child.stderr is not None
    first = child.stdout.readline()
    child.stdout.close()  # what `head -n 1` does after its line
    err = child.stderr.read()
    child.wait(timeout=60)
    assert "5 days in Tokyo" in first
    assert err == "" and child.returncode == 0


def test_status_exports(run_lotara, done):
    assert run_lotara("status", done[:8], "--format", "ics").stdout.startswith("BEGIN:VCALENDAR")
    assert "## Day by day" in run_lotara("status", done[:8], "--format", "markdown").stdout


def test_status_follow_of_an_ended_job_returns_at_once(run_lotara, done):
    proc = run_lotara("status", done[:8], "--follow", timeout=20)
    assert proc.returncode == 0 and "Hotel Sakura" in proc.stdout


def test_unknown_and_ambiguous_ids(run_lotara, store):
    assert run_lotara("status", "0123abcd").returncode == ExitCode.NOT_FOUND
    for n in (1, 2):
        store.create_job(user_id="tester", query="q", job_id=f"beef{n}000-0000")
    proc = run_lotara("status", "beef")
    assert proc.returncode == ExitCode.USAGE and "ambiguous" in _one_sentence(proc)
    proc = run_lotara("feedback", "beef", "--rating", "3")
    assert proc.returncode == ExitCode.USAGE


def test_feedback_and_the_rating_of_nine(run_lotara, done):
    proc = run_lotara("feedback", done[:8], "--rating", "9")
    assert proc.returncode == ExitCode.USAGE
    assert _one_sentence(proc) == "Error: A rating is a whole number from 1 to 5, not 9."
    proc = run_lotara("feedback", done[:8], "-r", "5", "--helpful", "flight_times")
    assert proc.returncode == 0
    assert "5/5" in run_lotara("status", done[:8]).stdout


def test_approve_a_job_that_waits_for_nothing(run_lotara, done):
    proc = run_lotara("approve", done[:8])
    assert proc.returncode == ExitCode.CONFLICT
    assert "nothing to approve" in _one_sentence(proc)


def test_status_shows_a_pending_approval(run_lotara, done, store):
    store.add_approval(done, ApprovalKind.BOOKING, {"reason": "Hold these?", "total": 2022})
    store.set_status(done, JobStatus.AWAITING_APPROVAL)
    out = run_lotara("status", done[:8]).stdout
    assert "Approval needed: booking" in out and "Hold these?" in out and "$2,022" in out


@pytest.mark.parametrize(
    "args",
    [
        ["plan", ""],
        ["plan", "q" * 2001],
        ["plan", "Tokyo", "--start", "2026-12-31"],
        ["plan", "Tokyo", "--days", "0"],
        ["plan", "Tokyo", "--days", "-1"],
        ["plan", "Tokyo", "--travelers", "0"],
        ["plan", "Tokyo", "--budget", "-1"],
    ],
)
def test_plan_bad_input(run_lotara, args):
    proc = run_lotara(*args)
    assert proc.returncode == ExitCode.USAGE
    _one_sentence(proc)
    assert proc.stdout == ""


def test_plan_detach_prints_the_id_at_once(run_lotara, store):
    proc = run_lotara("plan", "5 days in Tokyo from LAX", "--detach")
    assert proc.returncode == 0
    job_id = proc.stdout.strip()
    assert store.get_job(job_id).query == "5 days in Tokyo from LAX"
    assert "--follow" in proc.stderr


PROBE = """
import sys
sys.argv = ["lotara", *{args!r}]
from lotara.cli import app
try:
    app(prog_name="lotara")
except SystemExit:
    pass
print("LOADED=" + ",".join(sorted(m for m in ("rich", "icalendar") if m in sys.modules)),
      file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["status"], ["status", "--json"]])
def test_cold_commands_do_not_load_rich(args, done):
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True, timeout=60
    )
    assert proc.stderr.rsplit("LOADED=", 1)[1].strip() == ""
