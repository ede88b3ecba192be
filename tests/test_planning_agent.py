"""Plans a travel agent would sign, on real plans from the offline world.

Each test plans a real trip with ``plan_trip`` (the offline world, the CP-SAT model) and
looks at the plan as a traveller would: everything chosen is in the days, the days are
filled while something is open, restaurants do not repeat while another fits, meals are at
places that serve them, nightlife only when asked, a luxury budget buys comfort and a small
one the cheap way, a party is never put in a dorm, every stated need has its check, and a
failed hard check heads the plan and cannot be booked.
"""

from __future__ import annotations

from datetime import date

import pytest

from lotara.errors import Conflict
from lotara.jobs import engine
from lotara.models import EventType, Itinerary, JobStatus, PlanConstraints, PlanRequest, TripRequest
from lotara.planning.candidates import gather_candidates
from lotara.planning.checks import CHECK_NAMES, days_in_air, verify
from lotara.planning.intent import build_trip_request
from lotara.planning.optimise import choose_options
from lotara.planning.pipeline import head_with_failures, plan_trip
from lotara.planning.selection import Selection
from lotara.planning.suitability import serves, stay_class
from lotara.world.offline import OfflineWorld

TODAY = date(2027, 3, 1)
WORLD = OfflineWorld.shared()


def request_for(query: str, **fields: object) -> TripRequest:
    request = build_trip_request(
        query, constraints=PlanConstraints(), prefs={}, provider=WORLD, today=TODAY
    )
    return request.model_copy(update=fields) if fields else request


@pytest.fixture(scope="module")
def plans() -> dict[str, tuple[TripRequest, Itinerary, Selection]]:
    queries = {
        "rome": ("5 days in Rome from New York for a couple, $4000, history and food", {}),
        "orlando": ("6 days in Orlando from Chicago for a family of four, $6000", {}),
        "tokyo14": ("14 days in Tokyo from LAX for 2, $9000, food and culture", {}),
        "multi": ("A week in Paris and Barcelona from London for 2, 3000 GBP, art", {}),
        "day": ("1 day in Lisbon from Madrid, $400", {}),
    }
    out = {}
    for key, (query, fields) in queries.items():
        request = request_for(query, **fields)
        itinerary, selection = plan_trip(request, WORLD)
        out[key] = (request, itinerary, selection)
    return out


def _activities(it: Itinerary) -> list[str]:
    return [i.ref or "" for d in it.days for i in d.items if i.kind == "activity"]


def test_nothing_chosen_is_missing_from_the_days_and_the_cost_is_one_figure(plans) -> None:
    for _, it, selection in plans.values():
        chosen = sorted(a.id for acts in selection.activities.values() for a in acts)
        assert chosen == sorted(_activities(it))
        assert selection.cost == it.cost  # what the budget step streams is the final total
        assert [s.stay.id for s in selection.stays] == [b.stay.id for b in it.stays]
        acts = sum(i.cost for d in it.days for i in d.items if i.kind == "activity")
        food = sum(i.cost for d in it.days for i in d.items if i.kind == "meal")
        assert acts == pytest.approx(it.cost.activities, abs=0.02)
        assert food == pytest.approx(it.cost.food, abs=0.02)
        assert sum(b.cost for b in it.stays) == pytest.approx(it.cost.lodging, abs=0.02)
        assert it.ok, [c for c in it.checks if not c.ok and c.hard]


def test_full_days_have_something_to_do_while_the_city_has_anything_open(plans) -> None:
    for request, it, _ in plans.values():
        travel = {leg.depart[:10] for leg in it.transport} | {
            leg.arrive[:10] for leg in it.transport
        }
        travel |= {d.isoformat() for d in days_in_air(it)}
        for day in it.days:
            if day.date.isoformat() in travel:
                continue
            open_any = any(
                not a.closed_days
                or day.date.strftime("%a").lower()[:3] not in {c.lower()[:3] for c in a.closed_days}
                for a in WORLD.activities(day.city)
            )
            if open_any:
                assert any(i.kind == "activity" for i in day.items), (request.destinations, day)


def test_no_restaurant_repeats_while_an_unused_one_serves_that_meal(plans) -> None:
    for _, it, _ in plans.values():
        for city in {d.city for d in it.days}:
            meals = [
                (i.name.split(" ", 1)[0].lower(), i.restaurant)
                for d in it.days
                if d.city == city
                for i in d.items
                if i.kind == "meal" and i.restaurant is not None
            ]
            used = [r.id for _, r in meals]
            pool = WORLD.restaurants(city)
            named = [x for x in pool if not x.generic]
            pool = named if len(named) >= 6 else pool  # generic ones only where few are known
            for label, r in meals:
                assert serves(r, label), f"{r.name} does not serve {label}"
                if used.count(r.id) > 1:
                    unused = [x for x in pool if x.id not in used and serves(x, label)]
                    # A repeat only where no unused place serves that meal at all, or every
                    # unused one is dearer than the budget left allowed.
                    assert not [x for x in unused if x.average_cost <= r.average_cost], (
                        city,
                        r.name,
                        [x.name for x in unused],
                    )


def test_no_nightlife_for_a_party_that_did_not_ask(plans) -> None:
    for request, it, _ in plans.values():
        tags = [t for d in it.days for i in d.items if i.activity for t in i.activity.tags]
        assert "nightlife" not in request.interests
        assert "nightlife" not in tags
    asked = request_for("4 days in Berlin from London, solo, nightlife and art")
    it, _ = plan_trip(asked, WORLD)
    assert any("nightlife" in i.activity.tags for d in it.days for i in d.items if i.activity)


def test_a_luxury_budget_buys_the_class_of_travel_and_stay_it_was_meant_for() -> None:
    lavish = request_for("6 days in Rome from New York for 2, $25000, history and food")
    it, selection = plan_trip(lavish, WORLD)
    assert {leg.flight.cabin for leg in it.transport if leg.flight} & {"business", "first"}
    pool = WORLD.stays("Rome", it.stays[0].check_in, it.stays[0].check_out, travelers=2)
    assert stay_class(it.stays[0].stay, pool) in ("upscale", "luxury")
    assert selection.cost.total <= 25000
    # What it did not spend, it says, and why.
    left = [n for n in it.notes if "left unspent" in n]
    assert left or selection.cost.total > 0.95 * 25000


def test_a_small_budget_finds_the_cheap_way_and_a_party_is_never_in_a_dorm() -> None:
    solo = request_for("5 days in Lisbon from London, solo backpacker, 600 GBP")
    it, _ = plan_trip(solo, WORLD)
    assert it.stays[0].stay.kind in ("hostel", "guesthouse") or it.cost.total <= 600
    couple = request_for("5 days in Lisbon from London for a couple, 700 GBP")
    it, _ = plan_trip(couple, WORLD)
    assert all(b.stay.room_type != "shared room" for b in it.stays)
    family = request_for("5 days in Lisbon from London for a family of four, 900 GBP")
    it, _ = plan_trip(family, WORLD)
    assert all(b.stay.room_type != "shared room" for b in it.stays)


def test_every_stated_need_has_a_named_check_that_reacts_to_it() -> None:
    base = request_for("4 days in Barcelona from London for 2, 3000 GBP, food")
    needs = {
        "diets": {"diets": ["vegetarian"]},
        "travel_class": {"travel_class": "first"},
        "stay_class": {"stay_class": "luxury"},
        "stay_kind": {"avoid_stay_kinds": ["hotel", "apartment", "guesthouse", "hostel"]},
        "transport_modes": {"transport_modes": ["ferry"]},
        "pets": {"pets": 1},
        "accessibility": {"accessibility": ["wheelchair"]},
        "must_see": {"must_see": ["Machu Picchu"]},
        "avoid_sights": {"avoid_sights": ["museum", "church"]},
        "rooms": {"rooms": 2},
        "transport": {"trip_type": "one_way"},
    }
    for name, fields in needs.items():
        assert name in CHECK_NAMES
        request = base.model_copy(update=fields)
        it, selection = plan_trip(request, WORLD)
        check = next(c for c in it.checks if c.name == name)
        assert check.detail, name
        if name in ("must_see", "transport_modes", "stay_kind"):
            # Nothing in the world meets these: the check fails, with its reason, at the top.
            assert not check.ok and check.hard, (name, check)
            assert it.notes[0].startswith("Not every check passes") and name in it.notes[0]
        if name == "transport":
            legs = [leg for leg in it.transport if leg.kind != "transfer"]
            assert check.ok and len(legs) == 1  # one way: no journey home
        if name == "accessibility":
            assert check.ok and "not known" in check.detail  # the data cannot tell: said so
        if name == "avoid_sights":  # refused sights are left out, and the notes say which
            names = [i.name.lower() for d in it.days for i in d.items if i.kind == "activity"]
            assert check.ok and names and not any("museum" in n for n in names)
            assert any(n.startswith("Left out in Barcelona, as asked") for n in it.notes)
        if name == "rooms":
            assert check.ok and all(b.rooms >= 2 for b in it.stays)


def test_the_solver_has_a_time_limit_and_says_whether_it_proved_optimality(plans) -> None:
    for _, _, selection in plans.values():
        report = selection.solver
        assert report.status in ("OPTIMAL", "FEASIBLE")
        assert report.optimal == (report.status == "OPTIMAL")
        assert report.time_limit > 0
    request, _, _ = plans["rome"]
    candidates = gather_candidates(request, WORLD)
    again = choose_options(request, candidates)
    assert again.solver.status == plans["rome"][2].solver.status


def test_a_failed_hard_check_heads_the_plan_and_blocks_booking(store) -> None:
    query = "5 days in Tokyo for under $3000 from LAX, food and culture"
    job = engine.run_job(store, engine.create_job(store, PlanRequest(user_id="t", query=query)))
    assert job.status is JobStatus.COMPLETED and job.itinerary is not None
    # The cost the budget step streamed is the total the plan ends with.
    streamed = [
        e.data["value"]["total"]
        for e in store.events(job.job_id)
        if e.type is EventType.AGENT_OUTPUT and e.data.get("key") == "cost"
    ]
    assert streamed and streamed[-1] == job.itinerary.cost.total
    engine.bookable(store, job.job_id)  # a sound plan can be booked
    # Checked again for a traveller who wanted business class, the plan breaks a promise.
    request = job.request.model_copy(update={"travel_class": "business"})
    it = job.itinerary
    it.checks = verify(request, it)
    head_with_failures(it)
    store.update_job(job.job_id, itinerary=it)
    assert store.get_job(job.job_id).itinerary.notes[0].startswith("Not every check passes")
    with pytest.raises(Conflict, match="travel_class"):
        engine.bookable(store, job.job_id)
