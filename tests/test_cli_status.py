"""``lotara status``, ``approve`` and ``feedback`` in process, over jobs the scripted engine ran."""

from __future__ import annotations

import json
import threading
import time

import pytest

from lotara.errors import ExitCode
from lotara.models import Job, JobStatus, JobSummary, PlanRequest
from tests.test_cli_plan import QUERY, ScriptedEngine

pytestmark = pytest.mark.usefixtures("engine")


@pytest.fixture
def engine(monkeypatch) -> ScriptedEngine:
    scripted = ScriptedEngine()
    from lotara.jobs import engine as real

    monkeypatch.setattr(real, "run_job", scripted.run_job)
    monkeypatch.setattr(real, "decide", scripted.decide)
    return scripted


def _plan(cli, *args: str) -> Job:
    result = cli("plan", QUERY, "--json", *args)
    return Job.model_validate_json(result.stdout)


def test_status_lists_recent_jobs(cli):
    first = _plan(cli)
    result = cli("status")
    assert result.exit_code == 0
    header, row = result.stdout.splitlines()
    assert header.split() == ["id", "when", "status", "total", "query"]
    assert row.startswith(first.job_id[:8])
    assert "completed" in row and "2,022 USD" in row and QUERY in row


def test_status_json_lists_job_summaries(cli):
    _plan(cli)
    _plan(cli, "--user", "someone-else")
    rows = json.loads(cli("status", "--json").stdout)
    assert len(rows) == 1
    assert JobSummary.model_validate(rows[0]).total == 2022
    assert len(json.loads(cli("status", "--json", "--user", "someone-else").stdout)) == 1


def test_status_of_no_jobs_says_how_to_start(cli):
    assert "lotara plan" in cli("status").stdout


def test_status_job_renders_it_in_full_by_prefix(cli):
    job = _plan(cli)
    result = cli("status", job.job_id[:6])
    assert result.exit_code == 0
    assert "Hotel Sakura" in result.stdout and "Day by day" in result.stdout


def test_status_job_json_validates_as_a_job(cli):
    job = _plan(cli)
    result = cli("status", job.job_id, "--json")
    assert Job.model_validate_json(result.stdout) == job


def test_unknown_and_ambiguous_job_ids(cli, store):
    result = cli("status", "abcdef12")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr.strip() == "Error: No job 'abcdef12'."
    for suffix in ("1", "2"):
        store.create_job(user_id="tester", query="q", job_id=f"abc{suffix}-0000")
    result = cli("status", "abc")
    assert result.exit_code == ExitCode.USAGE
    assert "ambiguous" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert cli("approve", "abc").exit_code == ExitCode.USAGE
    assert cli("feedback", "zzz", "--rating", "3").exit_code == ExitCode.NOT_FOUND


def test_status_exports_markdown_and_ics(cli):
    job = _plan(cli)
    md = cli("status", job.job_id[:8], "--format", "markdown")
    assert md.exit_code == 0 and md.stdout.startswith("# 5 days in Tokyo")
    ics = cli("status", job.job_id[:8], "--format", "ics")
    assert ics.exit_code == 0 and ics.stdout.startswith("BEGIN:VCALENDAR")
    page = cli("status", job.job_id[:8], "--format", "html")
    assert page.exit_code == 0 and page.stdout.startswith("<!DOCTYPE html>")
    assert "Hotel Sakura" in page.stdout
    bad = cli("status", job.job_id[:8], "--format", "pdf")
    assert bad.exit_code == ExitCode.USAGE and "markdown, ics or html" in bad.stderr


def test_follow_needs_a_job(cli):
    result = cli("status", "--follow")
    assert result.exit_code == ExitCode.USAGE


def test_follow_reads_a_job_run_elsewhere_until_it_ends(cli, store, env):
    """Another thread (standing for another process) runs the job; status --follow shows it."""
    from lotara.jobs import engine as real

    job_id = real.create_job(store, PlanRequest(user_id="tester", query=QUERY))

    def run_later() -> None:
        time.sleep(0.3)
        from lotara.jobs.store import open_store

        other = open_store(env.home)  # its own connection, as another process has
        ScriptedEngine().run_job(other, job_id)
        other.close()

    worker = threading.Thread(target=run_later)
    worker.start()
    result = cli("status", job_id[:8], "--follow")
    worker.join()
    assert result.exit_code == 0, result.stderr
    assert "summary     done" in result.stderr
    assert "Hotel Sakura" in result.stdout


def test_follow_of_a_waiting_job_exits_awaiting(cli, engine):
    engine.outcome = "gate"
    job = Job.model_validate_json(cli("plan", QUERY, "--json").stdout)
    result = cli("status", job.job_id[:8], "--follow")
    assert result.exit_code == ExitCode.AWAITING_APPROVAL
    assert f"lotara approve {job.job_id[:8]}" in result.stderr


# --- approve ------------------------------------------------------------------------------


@pytest.fixture
def waiting(cli, engine) -> Job:
    engine.outcome = "gate"
    job = Job.model_validate_json(cli("plan", QUERY, "--json").stdout)
    assert job.status is JobStatus.AWAITING_APPROVAL
    return job


def test_approve_resumes_the_job_and_shows_it(cli, waiting, engine):
    result = cli("approve", waiting.job_id[:8], "--notes", "worth it")
    assert result.exit_code == 0, result.stderr
    assert "Approving job" in result.stderr and "summary     done" in result.stderr
    assert "Hotel Sakura" in result.stdout
    job = Job.model_validate_json(cli("status", waiting.job_id, "--json").stdout)
    assert job.status is JobStatus.COMPLETED and job.approvals[0].notes == "worth it"


def test_approving_twice_changes_nothing(cli, waiting, store):
    assert cli("approve", waiting.job_id[:8]).exit_code == 0
    before = store.get_job(waiting.job_id)
    again = cli("approve", waiting.job_id[:8])
    assert again.exit_code == ExitCode.CONFLICT
    assert "nothing to approve" in again.stderr and "Traceback" not in again.stderr
    assert store.get_job(waiting.job_id) == before


def test_reject_ends_the_job_rejected(cli, waiting):
    result = cli("approve", waiting.job_id[:8], "--reject", "--json")
    assert result.exit_code == ExitCode.REJECTED
    job = Job.model_validate_json(result.stdout)
    assert job.status is JobStatus.REJECTED and job.approvals[0].status.value == "rejected"


def test_approve_a_completed_job_is_a_conflict(cli):
    job = _plan(cli)
    result = cli("approve", job.job_id[:8])
    assert result.exit_code == ExitCode.CONFLICT
    assert result.stderr.strip().startswith("Error: Job")


# --- feedback -----------------------------------------------------------------------------


def test_feedback_is_stored_and_shown_in_status(cli):
    job = _plan(cli)
    result = cli(
        "feedback", job.job_id[:8], "--rating", "4", "--comment", "Great food",
        "--helpful", "restaurants", "--helpful", "hotel-choice", "--improve", "pace",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "rated job" in result.stderr
    shown = cli("status", job.job_id[:8]).stdout
    assert "4/5" in shown and "Great food" in shown and "hotel_choice" in shown and "pace" in shown
    stored = Job.model_validate_json(cli("status", job.job_id, "--json").stdout).feedback[0]
    assert stored.helpful_aspects == ["restaurants", "hotel_choice"]
    assert stored.improvement_areas == ["pace"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--rating", "9"], "A rating is a whole number from 1 to 5, not 9."),
        (["--rating", "0"], "not 0"),
        (["--rating", "3", "--helpful", "vibes"], "Unknown --helpful tag 'vibes'"),
        (["--rating", "3", "--improve", "pase"], "did you mean 'pace'"),
    ],
)
def test_bad_feedback_is_one_sentence_and_exit_2(cli, args, words, store):
    job = _plan(cli)
    result = cli("feedback", job.job_id[:8], *args)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.strip().splitlines() == [f"Error: {result.stderr.strip()[7:]}"]
    assert words in result.stderr
    assert store.feedback(job.job_id) == []


def test_feedback_json(cli):
    job = _plan(cli)
    result = cli("feedback", job.job_id[:8], "-r", "5", "--json")
    assert json.loads(result.stdout)["rating"] == 5


def test_status_hides_queries_that_never_became_a_trip(cli, engine):
    trip = _plan(cli)
    engine.outcome = "failed"
    failed = _plan(cli)
    assert failed.status is JobStatus.FAILED and failed.itinerary is None
    listed = cli("status")
    assert listed.exit_code == 0
    assert trip.job_id[:8] in listed.stdout and failed.job_id[:8] not in listed.stdout
    note = "1 failed query (never a trip) is hidden; `lotara status --all` lists it."
    assert listed.stderr.strip() == note and len(note) <= 80
    everything = cli("status", "--all")
    assert failed.job_id[:8] in everything.stdout and everything.stderr == ""
    # Machines get every job.
    assert len(json.loads(cli("status", "--json").stdout)) == 2
