"""lotara's events and documents in the seed's words (``lotara.server.seed``), on a real store."""

from __future__ import annotations

from lotara.jobs.events import JobEvents
from lotara.jobs.store import JobStore
from lotara.models import ApprovalKind, EventType, Itinerary, JobError, JobStatus
from lotara.server.seed import (
    SEED_STATUSES,
    api_advice,
    current_output,
    seed_status,
    statuses_for,
    wire_data,
)

SHAPE = {"status", "from", "to", "current_state", "reason", "approval_data", "error"}


def test_every_state_change_has_one_shape_whoever_wrote_it(store: JobStore) -> None:
    job_id = store.create_job(user_id="u", query="a trip")
    events = JobEvents(store, job_id)
    store.set_status(job_id, JobStatus.RUNNING)
    events.emit(EventType.STATE_CHANGE, data={"from": "queued", "to": "running"})
    events.emit(EventType.STATE_CHANGE, data={"state": "requeued", "reason": "it died"})
    store.add_approval(job_id, ApprovalKind.BOOKING, {"total": 900})
    store.set_status(job_id, JobStatus.AWAITING_APPROVAL)
    events.emit(EventType.STATE_CHANGE, data={"from": "running", "to": "awaiting_approval"})
    store.set_status(job_id, JobStatus.REJECTED)
    events.emit(EventType.STATE_CHANGE, data={"from": "awaiting_approval", "to": "rejected"})
    shaped = [wire_data(store, e) for e in store.events(job_id)]
    assert all(set(s) == SHAPE for s in shaped)
    assert [s["status"] for s in shaped] == ["planning", "started", "waiting_approval", "failed"]
    assert shaped[1]["reason"] == "it died"
    assert shaped[2]["approval_data"]["kind"] == "booking"
    assert shaped[2]["approval_data"]["details"] == {"total": 900}
    assert shaped[3]["error"]["code"] == "rejected"


def test_outputs_become_arrays_and_lotaras_shapes_stay_beside(store: JobStore) -> None:
    job_id = store.create_job(user_id="u", query="a trip")
    events = JobEvents(store, job_id)
    legs = [
        {"leg": "LAX->TYO", "date": "2027-03-05", "options": [{"id": "f1", "price": 700}]},
        {"leg": "TYO->LAX", "date": "2027-03-10", "options": [{"id": "f2", "price": 650}]},
    ]
    stays = {"Tokyo": [{"name": "Inn", "price_per_night": 80}], "Kyoto": []}
    events.emit(EventType.AGENT_OUTPUT, data={"key": "flights", "value": legs})
    events.emit(EventType.AGENT_OUTPUT, data={"key": "hotels", "value": stays})
    flights, hotels = (wire_data(store, e) for e in store.events(job_id))
    assert [f["id"] for f in flights["value"]] == ["f1", "f2"]
    assert flights["value"][1]["leg"] == "TYO->LAX" and flights["legs"] == legs
    assert hotels["value"] == [{"city": "Tokyo", "name": "Inn", "price_per_night": 80}]
    assert hotels["by_city"] == stays
    output = current_output(store.events(job_id))
    assert output["flights"] == flights["value"] and output["hotels"] == hotels["value"]


def test_complete_carries_the_itinerary_as_result(store: JobStore) -> None:
    job_id = store.create_job(user_id="u", query="a trip")
    store.set_status(job_id, JobStatus.RUNNING)
    store.update_job(job_id, itinerary=Itinerary(title="3 days in Oslo"))
    store.set_status(job_id, JobStatus.COMPLETED)
    JobEvents(store, job_id).emit(EventType.COMPLETE, data={"status": "completed", "total": 1})
    (done,) = (wire_data(store, e) for e in store.events(job_id))
    assert done["status"] == "completed" and done["lotara_status"] == "completed"
    assert done["result"]["title"] == "3 days in Oslo" and done["total"] == 1


def test_errors_name_api_fields_not_cli_flags(store: JobStore) -> None:
    job_id = store.create_job(user_id="u", query="a trip")
    store.set_status(job_id, JobStatus.RUNNING)
    message = (
        "No departure city found; pass --from, or set one with `lotara prefs set home_airport LAX`."
    )
    store.set_status(job_id, JobStatus.FAILED, error=JobError(code="x", message=message))
    JobEvents(store, job_id).emit(EventType.ERROR, data={"code": "x", "message": message})
    (error,) = (wire_data(store, e) for e in store.events(job_id))
    assert error["status"] == "failed"
    assert "constraints.departure_city" in error["message"] and "--from" not in error["message"]
    assert 'PUT /v1/preferences/{user_id} {"home_airport": "LAX"}' in error["message"]
    cancelled = wire_data(
        store,
        type(store.events(job_id)[0])(
            job_id=job_id, seq=9, type=EventType.ERROR, data={"code": "cancelled"}, ts="t"
        ),
    )
    assert cancelled["status"] == "cancelled"


def test_every_lotara_status_has_a_seed_name_and_filters_read_both() -> None:
    assert {seed_status(s) for s in JobStatus} <= set(SEED_STATUSES)
    assert seed_status(JobStatus.RUNNING, "booking") == "executing"
    assert statuses_for("failed") == (JobStatus.FAILED, JobStatus.REJECTED)
    assert statuses_for("waiting_approval") == statuses_for("awaiting_approval")
    assert statuses_for("rejected") == (JobStatus.REJECTED,)
    assert statuses_for("done") is None
    assert api_advice("plain") == "plain"
