"""``lotara plan`` in process: options, modes, approval gates, outcomes and bad input.

These drive the command against a scripted engine (``ScriptedEngine``) that writes to the
real store exactly what the orchestrator writes (status moves, events, the itinerary), so
they pin the terminal's behaviour whatever the planner decides. ``test_cli_e2e.py`` runs
the real engine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from lotara.errors import Conflict, ExitCode
from lotara.models import (
    ApprovalKind,
    EventType,
    Job,
    JobError,
    JobStatus,
    Progress,
)
from tests.test_render import sample_itinerary, sample_job

AGENT_SUMMARIES = {
    "intent": "Tokyo, 5 days from LAX, $3,000",
    "flights": "14 flights, from $612",
    "stays": "Hotel Sakura, 3 nights, $405",
    "activities": "23 activities, 40 restaurants",
    "budget": "$2,022 of $3,000",
    "itinerary": "5 days, 11 items",
    "verify": "9 checks passed",
    "summary": "Temples in the morning, markets at night.",
}


@dataclass
class ScriptedEngine:
    """Stands in for lotara.jobs.engine: writes what the orchestrator writes, as scripted."""

    outcome: str = "completed"  # completed | failed | gate
    error: JobError | None = None
    calls: list[str] = field(default_factory=list)
    requests: list = field(default_factory=list)

    def run_job(self, store, job_id, *, listeners=None) -> Job:
        from lotara.jobs.events import JobEvents

        self.calls.append("run")
        self.requests.append(store.get_job(job_id).constraints)
        events = JobEvents(store, job_id, listeners=listeners)
        store.set_status(job_id, JobStatus.RUNNING)
        events.emit(
            EventType.STATE_CHANGE,
            data={"from": "queued", "to": "running", "current_state": "intent"},
        )
        if self.outcome == "failed":
            events.emit(EventType.TASK_START, agent="intent", data={"agent": "intent"})
            err = self.error or JobError(code="unknown_place", message="Unknown place 'Atlantis'.")
            events.emit(EventType.ERROR, agent="intent", data=err.model_dump())
            store.set_status(job_id, JobStatus.FAILED, error=err)
            return store.get_job(job_id)
        sample = sample_job()
        store.update_job(job_id, request=sample.request)
        for n, (agent, summary) in enumerate(AGENT_SUMMARIES.items(), start=1):
            events.emit(EventType.TASK_START, agent=agent, data={"agent": agent})
            events.emit(
                EventType.TASK_COMPLETE,
                agent=agent,
                data={"agent": agent, "summary": summary, "elapsed_ms": n},
            )
            if agent == "budget" and self.outcome == "gate":
                store.update_job(job_id, itinerary=sample_itinerary())
                return self._gate(store, job_id, events)
        return self._complete(store, job_id, events)

    def _gate(self, store, job_id, events) -> Job:
        details = {"reason": "The cheapest plan is $412 over budget.", "shortfall": 412.0}
        approval = store.add_approval(job_id, ApprovalKind.BUDGET_OVERRIDE, details)
        store.set_status(job_id, JobStatus.AWAITING_APPROVAL)
        events.emit(
            EventType.APPROVAL_REQUIRED,
            data={
                "approval_id": approval.id,
                "kind": "budget_override",
                "reason": details["reason"],
                "details": details,
            },
        )
        return store.get_job(job_id)

    def _complete(self, store, job_id, events) -> Job:
        store.update_job(
            job_id,
            itinerary=sample_itinerary(),
            progress=Progress(current_state="completed", tasks_total=8, tasks_completed=8),
        )
        store.set_status(job_id, JobStatus.COMPLETED)
        events.emit(
            EventType.COMPLETE, data={"status": "completed", "total": 2022.0, "currency": "USD"}
        )
        return store.get_job(job_id)

    def decide(self, store, job_id, *, approved, notes=None, listeners=None) -> Job:
        from lotara.jobs.events import JobEvents

        self.calls.append("approve" if approved else "reject")
        if store.status_of(job_id) is not JobStatus.AWAITING_APPROVAL:
            raise Conflict(
                f"Job {job_id[:8]} is {store.status_of(job_id).value}; there is nothing to approve."
            )
        pending = store.pending_approval(job_id)
        store.decide_approval(pending.id, approved=approved, notes=notes)
        events = JobEvents(store, job_id, listeners=listeners)
        if not approved:
            store.set_status(job_id, JobStatus.REJECTED)
            events.emit(EventType.COMPLETE, data={"status": "rejected"})
            return store.get_job(job_id)
        store.set_status(job_id, JobStatus.RUNNING)
        for agent in ("itinerary", "verify", "summary"):
            events.emit(EventType.TASK_START, agent=agent, data={"agent": agent})
            events.emit(
                EventType.TASK_COMPLETE, agent=agent, data={"agent": agent, "summary": "ok"}
            )
        return self._complete(store, job_id, events)


@pytest.fixture
def engine(monkeypatch) -> ScriptedEngine:
    scripted = ScriptedEngine()
    from lotara.jobs import engine as real

    monkeypatch.setattr(real, "run_job", scripted.run_job)
    monkeypatch.setattr(real, "decide", scripted.decide)
    return scripted


QUERY = "5 days in Tokyo for under $3000 from LAX, food and culture"


def test_plan_in_a_pipe_prints_progress_on_stderr_and_the_trip_on_stdout(cli, engine):
    result = cli("plan", QUERY)
    assert result.exit_code == 0, result.stderr
    assert "flights     done in 2 ms: 14 flights, from $612" in result.stderr
    assert "Hotel Sakura" in result.stdout and "Day by day" in result.stdout
    assert "$978 left" in result.stdout
    assert "flights" not in result.stdout.split("Transport")[0]  # progress stays off stdout
    assert "\x1b[" not in result.stdout + result.stderr
    assert "lotara watch add LAX NRT --date 2027-04-10" in result.stderr


def test_plan_json_is_one_job_document(cli, engine):
    result = cli("plan", QUERY, "--json")
    assert result.exit_code == 0
    job = Job.model_validate_json(result.stdout)
    assert job.status is JobStatus.COMPLETED
    assert job.itinerary.cost.total == 2022
    assert result.stderr == ""


def test_plan_events_is_one_json_line_per_event(cli, engine, store):
    result = cli("plan", QUERY, "--events")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["seq"] for e in lines] == list(range(1, len(lines) + 1))
    assert lines[-1]["type"] == "complete"
    assert {e["type"] for e in lines} >= {"state_change", "task_start", "task_complete"}
    assert len(lines) == store.last_seq(lines[0]["job_id"])


def test_options_become_constraints(cli, engine):
    result = cli(
        "plan", "a trip", "--from", "LAX", "--to", "Kyoto", "--to", "Osaka",
        "--start", "2027-04-12", "--days", "6", "--budget", "$2.5k", "--currency", "eur",
        "--travelers", "2", "--interest", "food", "--interest", "History", "--book",
    )  # fmt: skip
    assert result.exit_code in (0, ExitCode.AWAITING_APPROVAL), result.stderr
    c = engine.requests[0]
    assert c.departure_city == "LAX" and c.destinations == ["Kyoto", "Osaka"]
    assert str(c.start_date) == "2027-04-12" and c.duration_days == 6
    assert c.budget == 2500 and c.currency == "EUR" and c.travelers == 2
    assert c.interests == ["food", "history"] and c.book is True


def test_plan_as_another_user(cli, engine, store):
    assert cli("plan", QUERY, "--user", "ana", "--json").exit_code == 0
    assert [j.user_id for j in store.list_jobs()] == ["ana"]


def test_gate_without_a_terminal_waits_and_says_how_to_approve(cli, engine, store):
    engine.outcome = "gate"
    result = cli("plan", QUERY)
    assert result.exit_code == ExitCode.AWAITING_APPROVAL
    job = store.list_jobs()[0]
    assert job.status is JobStatus.AWAITING_APPROVAL
    assert f"lotara approve {job.job_id[:8]}" in result.stderr
    assert "approval needed (budget_override)" in result.stderr


def test_gate_with_yes_approves_and_completes(cli, engine):
    engine.outcome = "gate"
    result = cli("plan", QUERY, "--yes", "--json")
    assert result.exit_code == 0, result.stderr
    job = Job.model_validate_json(result.stdout)
    assert job.status is JobStatus.COMPLETED
    assert job.approvals[0].status.value == "approved"
    assert engine.calls == ["run", "approve"]


def test_gate_in_json_mode_prints_the_waiting_job(cli, engine):
    engine.outcome = "gate"
    result = cli("plan", QUERY, "--json")
    assert result.exit_code == ExitCode.AWAITING_APPROVAL
    job = Job.model_validate_json(result.stdout)
    assert (
        job.status is JobStatus.AWAITING_APPROVAL
        and job.approvals[0].kind.value == "budget_override"
    )


@pytest.mark.parametrize(
    ("code", "exit_code"),
    [
        ("unknown_place", ExitCode.USAGE),
        ("query_not_understood", ExitCode.USAGE),
        ("invalid_value", ExitCode.USAGE),
        ("unavailable", ExitCode.UNAVAILABLE),
        ("something_else", ExitCode.FAILED),
    ],
)
def test_a_failed_job_exits_with_its_errors_code_and_one_sentence(cli, engine, code, exit_code):
    engine.outcome = "failed"
    engine.error = JobError(code=code, message="It went wrong here.")
    result = cli("plan", QUERY)
    assert result.exit_code == exit_code
    assert result.stderr.strip().splitlines()[-1] == "Error: It went wrong here."
    assert "Traceback" not in result.stderr


def test_a_failed_job_in_json_mode_is_still_a_document(cli, engine):
    engine.outcome = "failed"
    result = cli("plan", "3 days in Atlantis", "--json")
    assert result.exit_code == ExitCode.USAGE
    job = Job.model_validate_json(result.stdout)
    assert job.error.code == "unknown_place"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["   "], "query is empty"),
        (["x" * 2001], "2,001 characters"),
        (["Tokyo", "--start", "2027-02-28"], "in the past"),
        (["Tokyo", "--start", "next week"], "--start must be a date"),
        (["Tokyo", "--days", "0"], "--days must be a whole number from 1 to 60, not 0"),
        (["Tokyo", "--days", "-3"], "--days"),
        (["Tokyo", "--travelers", "0"], "--travelers"),
        (["Tokyo", "--travelers", "-2"], "--travelers"),
        (["Tokyo", "--budget", "-100"], "budget cannot be negative"),
        (["Tokyo", "--budget", "lots"], "--budget must be an amount"),
        (["Tokyo", "--currency", "XYZ"], "ISO 4217"),
        (["Tokyo", "--interest", "fod"], "did you mean 'food'"),
        (["Tokyo", "--json", "--events"], "one of --json and --events"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(cli, engine, store, args, words):
    result = cli("plan", *args)
    assert result.exit_code == ExitCode.USAGE, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and words in lines[0]
    assert engine.calls == [] and store.count_jobs() == 0


def test_detach_prints_the_id_and_returns(cli, engine, monkeypatch, store):
    from lotara.jobs import engine as real

    spawned = []
    monkeypatch.setattr(real, "spawn_worker", lambda home, job_id: spawned.append(job_id) or 4242)
    result = cli("plan", QUERY, "--detach")
    assert result.exit_code == 0
    job_id = result.stdout.strip()
    assert spawned == [job_id] and engine.calls == []
    assert store.status_of(job_id) is JobStatus.QUEUED
    assert f"lotara status {job_id[:8]} --follow" in result.stderr


def test_ctrl_c_cancels_the_job_and_exits_130(cli, engine, monkeypatch, store):
    from lotara.jobs import engine as real

    def interrupted(store, job_id, *, listeners=None):
        store.set_status(job_id, JobStatus.RUNNING)
        raise KeyboardInterrupt

    monkeypatch.setattr(real, "run_job", interrupted)
    result = cli("plan", QUERY)
    assert result.exit_code == ExitCode.INTERRUPTED
    assert store.list_jobs()[0].status is JobStatus.CANCELLED
    assert "cancelled" in result.stderr
