"""A real plan from the offline world for a request, as the planning tests read one."""

from __future__ import annotations

from datetime import date

from lotara.models import Itinerary, PlanConstraints, TripRequest
from lotara.planning.intent import build_trip_request
from lotara.planning.pipeline import plan_trip
from lotara.world.offline import OfflineWorld

TODAY = date(2027, 3, 1)


def planned(query: str) -> tuple[TripRequest, Itinerary]:
    """The request the words make, on ``TODAY``, and the plan made for it."""
    world = OfflineWorld.shared()
    request = build_trip_request(
        query, constraints=PlanConstraints(), prefs={}, provider=world, today=TODAY
    )
    return request, plan_trip(request, world)[0]
