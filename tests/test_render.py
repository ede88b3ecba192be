"""The terminal's drawings: the agent board (lotara.ui.live), the job in full, the job list."""

from __future__ import annotations

import io
import re
from datetime import date

from lotara.models import (
    Activity,
    Approval,
    ApprovalKind,
    Check,
    CostBreakdown,
    DayItem,
    DayPlan,
    Destination,
    EventType,
    Feedback,
    FlightOption,
    FlightSegment,
    Itinerary,
    Job,
    JobEvent,
    JobStatus,
    JobSummary,
    Money,
    PriceSource,
    Progress,
    Stay,
    StayBooking,
    Transfer,
    TransportLeg,
    TripRequest,
)

JOB_ID = "4f1c2a9e-1111-4222-8333-444455556666"
SRC = "offline-estimate"


def _flight(origin: str, dest: str, day: date, dep: str, arr: str, price: float) -> FlightOption:
    seg = FlightSegment(
        carrier="Lotara Air",
        flight_number="LA12",
        origin=origin,
        destination=dest,
        depart=f"{day}T{dep}",
        arrive=arr,
        duration_minutes=660,
    )
    return FlightOption(
        id=f"{origin}-{dest}",
        origin=origin,
        destination=dest,
        date=day,
        segments=[seg],
        stops=0,
        duration_minutes=660,
        price=price,
        price_per_person=price,
        currency="USD",
        source=SRC,
    )


def sample_itinerary() -> Itinerary:
    """A small but complete Tokyo trip, as the orchestrator would store it."""
    out = _flight("LAX", "NRT", date(2027, 4, 10), "11:05", "2027-04-11T15:10", 612.0)
    back = _flight("NRT", "LAX", date(2027, 4, 14), "17:00", "2027-04-14T10:50", 580.0)
    hotel = Stay(
        id="tyo-sakura",
        name="Hotel Sakura",
        city="Tokyo",
        price_per_night=135.0,
        currency="USD",
        rating=4.4,
        source=SRC,
    )
    temple = Activity(
        id="sensoji",
        name="Senso-ji Temple",
        city="Tokyo",
        lat=35.71,
        lon=139.79,
        tags=["culture"],
        cost=0,
        currency="USD",
        duration_minutes=90,
        source=SRC,
    )
    return Itinerary(
        title="5 days in Tokyo: food and culture",
        summary="Temples in the morning, markets at night.",
        transport=[
            TransportLeg(
                kind="flight",
                origin="LAX",
                destination="NRT",
                depart=out.segments[0].depart,
                arrive=out.segments[0].arrive,
                description="Lotara Air LA12, nonstop",
                cost=612.0,
                currency="USD",
                source=SRC,
                flight=out,
            ),
            TransportLeg(
                kind="flight",
                origin="NRT",
                destination="LAX",
                depart=back.segments[0].depart,
                arrive=back.segments[0].arrive,
                description="Lotara Air LA13, nonstop",
                cost=580.0,
                currency="USD",
                source=SRC,
                flight=back,
            ),
        ],
        stays=[
            StayBooking(
                stay=hotel,
                city="Tokyo",
                check_in=date(2027, 4, 11),
                check_out=date(2027, 4, 14),
                nights=3,
                cost=405.0,
                currency="USD",
            )
        ],
        days=[
            DayPlan(
                date=date(2027, 4, 11),
                city="Tokyo",
                timezone="Asia/Tokyo",
                items=[
                    DayItem(start="15:10", kind="transport", name="Arrive NRT"),
                    DayItem(start="19:00", end="20:30", kind="meal", name="Ramen Ichiran", cost=18),
                ],
            ),
            DayPlan(
                date=date(2027, 4, 12),
                city="Tokyo",
                timezone="Asia/Tokyo",
                items=[
                    DayItem(
                        start="09:00",
                        end="10:30",
                        kind="activity",
                        name=temple.name,
                        ref=temple.id,
                    ),
                    DayItem(start="12:30", end="13:30", kind="meal", name="Tsukiji Sushi", cost=35),
                ],
            ),
            DayPlan(date=date(2027, 4, 13), city="Tokyo", timezone="Asia/Tokyo", items=[]),
        ],
        cost=CostBreakdown(
            flights=1192,
            lodging=405,
            activities=60,
            food=320,
            local_transport=45,
            total=2022,
            currency="USD",
            budget=3000,
        ),
        checks=[
            Check(name="budget", ok=True, detail="$2,022 of $3,000"),
            Check(name="opening days", ok=False, detail="a museum is closed on Monday", hard=False),
        ],
        sources=[PriceSource(what="flights", source=SRC, observed_at="2027-03-01")],
    )


def sample_job(status: JobStatus = JobStatus.COMPLETED, **changes) -> Job:
    job = Job(
        job_id=JOB_ID,
        user_id="tester",
        status=status,
        query="5 days in Tokyo for under $3000 from LAX, food and culture",
        created_at="2027-03-01T09:00:00.000000Z",
        updated_at="2027-03-01T09:00:01.000000Z",
        request=TripRequest(
            origin="LAX",
            destinations=[Destination(city="Tokyo", country="JP", iata="TYO")],
            start_date=date(2027, 4, 10),
            end_date=date(2027, 4, 14),
            days=5,
            nights=4,
            travelers=1,
            budget=Money(amount=3000, currency="USD"),
            interests=["food", "culture"],
        ),
        progress=Progress(current_state="completed", tasks_total=8, tasks_completed=8),
        itinerary=sample_itinerary(),
    )
    return job.model_copy(update=changes)


def _event(seq: int, type: EventType, agent: str | None = None, **data) -> JobEvent:
    return JobEvent(
        job_id=JOB_ID, seq=seq, type=type, agent=agent, data=data, ts="2027-03-01T09:00:00Z"
    )


def _text(renderable_or_fn, width: int = 120) -> str:
    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, width=width, no_color=True, highlight=False)
    if callable(renderable_or_fn):
        renderable_or_fn(console)
    else:
        console.print(renderable_or_fn)
    return buf.getvalue()


def test_board_follows_agents_through_their_states():
    from lotara.ui.live import Board

    board = Board(job_id=JOB_ID, query="Tokyo")
    board.apply(_event(1, EventType.TASK_START, "intent"))
    board.apply(_event(2, EventType.TASK_COMPLETE, "intent", summary="Tokyo, 5 days", elapsed_ms=4))
    board.apply(_event(3, EventType.TASK_START, "flights"))
    board.apply(_event(4, EventType.AGENT_OUTPUT, "flights", key="n", summary="14 flights"))
    board.apply(_event(5, EventType.TASK_START, "stays"))
    board.apply(_event(6, EventType.ERROR, "stays", code="unavailable", message="no rooms"))
    rows = {r.name: r for r in board.snapshot()}
    assert rows["intent"].state == "done" and rows["intent"].elapsed_text(0) == "4 ms"
    assert rows["flights"].state == "running" and rows["flights"].summary == "14 flights"
    assert rows["stays"].state == "failed" and rows["stays"].summary == "no rooms"
    assert rows["summary"].state == "waiting"
    # An event seen twice (a replay while following) changes nothing.
    board.apply(_event(2, EventType.TASK_START, "intent"))
    assert board.snapshot()[0].state == "done"
    text = _text(board.render())
    for agent in ("intent", "flights", "stays", "activities", "verify", "summary"):
        assert agent in text
    assert "Tokyo, 5 days" in text and "14 flights" in text


def test_at_a_budget_gate_the_board_states_the_gates_overrun():
    """The chooser's first estimate ("$581 over") came before the schedule and transfers;
    at the gate the board states the gate's figure, the one its question gives."""
    from lotara.ui.live import Board
    from lotara.ui.render import approval_text

    board = Board(job_id=JOB_ID)
    board.apply(
        _event(1, EventType.TASK_COMPLETE, "budget", summary="nothing fits: $581 over budget")
    )
    details = {"shortfall": 415.25, "total": 3415.25, "budget": 3000, "currency": "USD"}
    board.apply(
        _event(2, EventType.APPROVAL_REQUIRED, None, kind="budget_override", details=details)
    )
    budget = {r.name: r for r in board.snapshot()}["budget"]
    assert budget.summary == "nothing fits: $415.25 over the $3,000 budget"
    question = approval_text({"kind": "budget_override", "details": details}).plain
    assert "shortfall: $415.25" in question
    # Another gate leaves the row as its agent said it.
    other = Board(job_id=JOB_ID)
    other.apply(_event(1, EventType.TASK_COMPLETE, "budget", summary="$2,022 of $3,000"))
    other.apply(_event(2, EventType.APPROVAL_REQUIRED, None, kind="booking", details=details))
    assert other.snapshot()[4].summary == "$2,022 of $3,000"


def test_board_lists_an_agent_it_did_not_expect():
    from lotara.ui.live import Board

    board = Board(job_id=JOB_ID)
    board.apply(_event(1, EventType.TASK_START, "proactive"))
    assert "proactive" in _text(board.render())


def test_progress_lines_are_plain_and_say_what_happened():
    from lotara.ui.live import progress_line

    done = _event(
        2, EventType.TASK_COMPLETE, "flights", summary="14 flights, from $612", elapsed_ms=12
    )
    assert progress_line(done) == "  flights     done in 12 ms: 14 flights, from $612"
    gate = _event(3, EventType.APPROVAL_REQUIRED, None, kind="budget_override", reason="Over")
    assert progress_line(gate) == "  approval needed (budget_override): Over"
    complete = _event(9, EventType.COMPLETE, None, status="completed", total=2022, currency="USD")
    assert progress_line(complete) == "  job 4f1c2a9e completed, total $2,022"
    assert progress_line(_event(4, EventType.STATE_CHANGE, None, to="running")) is None


def test_full_job_shows_every_part_of_the_trip():
    from lotara.ui.render import render_job

    job = sample_job(
        feedback=[
            Feedback(job_id=JOB_ID, rating=4, comment="Lovely", helpful_aspects=["hotel_choice"])
        ]
    )
    text = _text(lambda c: render_job(c, job))
    for expected in (
        "5 days in Tokyo: food and culture",
        "LAX → Tokyo (TYO)",
        "Transport",
        "LAX → NRT",
        "Sat 10 Apr 11:05 LAX",
        "15:10 NRT +1",
        "Hotel Sakura",
        "Day by day",
        "Senso-ji Temple",
        "free day",
        "$2,022",
        "$978 left",
        "Checks",
        "opening days",
        "warn",
        "offline-estimate (estimate, observed 2027-03-01)",
        "not quotes",
        "4/5",
        "Lovely",
        "hotel_choice",
    ):
        assert expected in text, expected
    assert "\x1b[" not in text
    days = text.split("Day by day", 1)[1].split("Cost", 1)[0]
    # The outbound leaves the day before day 1: that day says so, and the flight (with its
    # cost) is shown there once, not again on day 1.
    assert re.search(r"Sat 10 Apr\s+11:05 LAX\s+transport: LAX → NRT", days), days
    assert "leave LAX" in days and days.count("$612") == 1


def sample_with_transfers() -> Job:
    """The sample trip with its airport transfers, as the planner adds them."""
    job = sample_job()
    it = job.itinerary
    narita = Transfer(
        city="Tokyo",
        airport="NRT",
        mode="train",
        duration_minutes=60,
        cost=21.0,
        currency="USD",
        description="Narita Express to Tokyo Station",
        source=SRC,
    )
    inbound = TransportLeg(
        kind="transfer",
        origin="NRT",
        destination="central Tokyo",
        depart="2027-04-11T15:40:00+09:00",
        arrive="2027-04-11T16:40:00+09:00",
        description="From NRT airport: Narita Express to Tokyo Station (train, 60 min)",
        cost=21.0,
        currency="USD",
        source=SRC,
        transfer=narita,
    )
    outbound = inbound.model_copy(
        update={
            "origin": "central Tokyo",
            "destination": "NRT",
            "depart": "2027-04-14T14:00:00+09:00",
            "arrive": "2027-04-14T15:00:00+09:00",
            "description": "To NRT airport: Narita Express to Tokyo Station (train, 60 min)",
        }
    )
    it.transport = [it.transport[0], inbound, outbound, it.transport[1]]
    it.days.append(DayPlan(date=date(2027, 4, 14), city="Tokyo", timezone="Asia/Tokyo"))
    # The planner puts each transfer on its day as an item named by the leg's description.
    for leg, day in ((inbound, it.days[0]), (outbound, it.days[-1])):
        day.items.append(
            DayItem(
                start=leg.depart[11:16],
                end=leg.arrive[11:16],
                kind="transfer",
                name=leg.description,
                cost=leg.cost,
                city="Tokyo",
                note="train, for the whole party",
            )
        )
        day.items.sort(key=lambda item: item.start or "99:99")
    return job


def test_airport_transfers_read_as_legs_and_on_the_day_they_happen():
    from lotara.ui.render import render_job

    text = _text(lambda c: render_job(c, sample_with_transfers()), width=80)
    text = "\n".join(line.rstrip() for line in text.splitlines())
    transport = text.split("Transport", 1)[1].split("Stays", 1)[0]
    assert re.search(r"transfer\s+Sun 11 Apr 15:40 NRT\s+From NRT airport: train, 60", transport)
    assert "→ 16:40 Tokyo" in transport and "Wed 14 Apr 14:00 Tokyo" in transport
    days = text.split("Day by day", 1)[1].split("Cost", 1)[0].split("\n\n")
    arrival = next(d for d in days if "1. Sun 11 Apr" in d)
    # Put in by time: after landing (15:10), before dinner (19:00); with its cost.
    assert re.search(r"15:10 .*\n.*15:40–16:40\s+From NRT airport: train, 60 min.*\$21", arrival)
    assert arrival.index("15:40") < arrival.index("Ramen Ichiran")
    last = next(d for d in days if "4. Wed 14 Apr" in d)
    assert re.search(r"14:00–15:00\s+To NRT airport: train, 60 min\s+\$21", last)
    # The way out names the service, not "to Tokyo Station" on the way to the airport.
    assert "(Narita Express)" in last and "Tokyo Station" not in last
    cost = text.split("Cost", 1)[1]
    assert re.search(r"local transport\s+\$45\s+2 airport transfers \$42", cost)
    assert all(len(line) <= 80 for line in text.splitlines()) and "…" not in text


def test_over_budget_and_failure_are_said_plainly():
    from lotara.models import JobError
    from lotara.ui.render import render_job

    job = sample_job(
        JobStatus.FAILED, error=JobError(code="unknown_place", message="Unknown place 'Atlantis'.")
    )
    job.itinerary.cost.budget = 1500
    text = _text(lambda c: render_job(c, job))
    assert "over by $522" in text
    assert "Unknown place 'Atlantis'." in text


def test_pending_approval_shows_reason_and_amounts():
    from lotara.ui.render import approval_text

    approval = Approval(
        id="a1",
        job_id=JOB_ID,
        kind=ApprovalKind.BUDGET_OVERRIDE,
        details={
            "reason": "The cheapest sound plan is over budget.",
            "total": 3412.5,
            "budget": 3000,
            "shortfall": 412.5,
            "currency": "USD",
        },
        created_at="2027-03-01T09:00:00Z",
    )
    text = approval_text(approval).plain
    assert "budget override" in text
    assert "over budget" in text
    assert "total: $3,412.50" in text and "shortfall: $412.50" in text


def test_money_reads_like_a_price():
    from lotara.world.money import format_money as money

    assert money(3000, "USD") == "$3,000"
    assert money(12.5, "EUR") == "€12.50"
    assert money(80000, "INR") == "₹80,000"
    assert money(1234.4, "CHF") == "1,234.40 CHF"
    assert money(-20, "GBP") == "-£20"
    assert money(None, "USD") == "-"


def test_job_list_has_id_when_query_status_total():
    from lotara.ui.render import render_job_list

    row = JobSummary(
        job_id=JOB_ID,
        user_id="tester",
        status=JobStatus.COMPLETED,
        mode="reactive",
        query="x" * 80,
        created_at="2027-03-01T09:00:00Z",
        updated_at="2027-03-01T09:00:00Z",
        total=2022,
        currency="USD",
    )
    text = _text(lambda c: render_job_list(c, [row]))
    assert "4f1c2a9e" in text and "2027-03-01 09:00" in text and "completed" in text
    assert "$2,022" in text and "…" in text


def test_an_error_without_an_agent_fails_what_was_running():
    from lotara.ui.live import Board

    board = Board(job_id=JOB_ID)
    board.apply(_event(1, EventType.TASK_START, "intent"))
    board.apply(_event(2, EventType.TASK_COMPLETE, "intent", summary="ok"))
    board.apply(_event(3, EventType.TASK_START, "flights"))
    board.apply(_event(4, EventType.ERROR, None, code="unavailable", message="no network"))
    rows = {r.name: r for r in board.snapshot()}
    assert rows["intent"].state == "done"
    assert rows["flights"].state == "failed" and rows["flights"].summary == "no network"
    assert "1/8 done" in _text(board.render())


def test_many_prices_from_one_source_are_said_once_with_what_they_priced():
    from lotara.ui.render import render_job

    job = sample_job()
    job.itinerary.sources = [
        PriceSource(what="Flight LA 12 LAX→NRT", source=SRC, observed_at="2027-03-01"),
        PriceSource(what="Flight LA 13 NRT→LAX", source=SRC, observed_at="2027-03-01"),
        PriceSource(what="stay: Hotel Sakura", source=SRC, observed_at="2027-03-01"),
        PriceSource(what="activity: Senso-ji", source=SRC),
        PriceSource(what="activity: Ueno Zoo", source=SRC),
        PriceSource(what="restaurant: Ramen Ichiran", source="tabelog", estimate=False),
        PriceSource(what="bus: Tokyo → Kyoto", source=SRC),
        PriceSource(what="bus: Kyoto → Tokyo", source=SRC),
    ]
    text = _text(lambda c: render_job(c, job))
    assert "2 flights, 1 stay: offline-estimate (estimate, observed 2027-03-01)" in text
    assert "2 activities, 2 buses: offline-estimate (estimate)" in text
    assert "1 restaurant: tabelog (quoted)" in text


def test_a_pending_gate_shows_the_reason_its_event_gave():
    from lotara.ui.render import render_job

    approval = Approval(
        id="a1",
        job_id=JOB_ID,
        kind=ApprovalKind.BUDGET_OVERRIDE,
        details={"shortfall": 412.0},
        created_at="2027-03-01T09:00:00Z",
    )
    job = sample_job(JobStatus.AWAITING_APPROVAL, approvals=[approval])
    text = _text(lambda c: render_job(c, job, reasons={"a1": "Nothing fits the budget."}))
    assert "Approval needed: budget override" in text
    assert "Nothing fits the budget." in text and "shortfall: $412" in text


def test_what_the_reader_guessed_is_said_under_the_plan_once():
    from lotara.ui.render import render_job

    job = sample_job()
    assert job.request is not None and job.itinerary is not None
    guess = "Read 3/10 day first: the trip starts 3 October 2027; write the month's name."
    job.request.notes = [guess]
    assert "Read 3/10 day first" in _text(lambda c: render_job(c, job))
    job.itinerary.notes = [*job.itinerary.notes, guess]  # said by both: printed once
    assert _text(lambda c: render_job(c, job)).count("Read 3/10 day first") == 1


def test_the_cost_table_says_journeys_by_coach_are_transport_not_local():
    # A real plan with a coach between two cities: the coach is its own line of the cost,
    # the local transport line is the transfers and getting around, in every view alike.
    from lotara.models import PlanConstraints
    from lotara.planning.intent import build_trip_request
    from lotara.planning.pipeline import plan_trip
    from lotara.ui.export import to_markdown
    from lotara.ui.html import to_html
    from lotara.ui.render import render_job
    from lotara.world.provider import default_provider

    world = default_provider()
    query = "Iceland ring road 7 days from NYC, 2 people, around 6000 dollars"
    request = build_trip_request(
        query, constraints=PlanConstraints(), prefs={}, provider=world, today=date(2027, 3, 1)
    )
    it, _ = plan_trip(request, world)
    job = sample_job(request=request, itinerary=it, query=query)
    coach = sum(leg.cost for leg in it.transport if leg.kind == "bus")
    rides = sum(leg.cost for leg in it.transport if leg.kind == "transfer")
    assert coach > 0 and it.cost.ground_transport == round(coach, 2)
    cost = _text(lambda c: render_job(c, job), width=100).split("Cost", 1)[1]
    assert re.search(rf"ground transport\s+\${coach:,.2f}\s+1 bus", cost)
    around = it.cost.local_transport - rides
    assert re.search(rf"local transport\s+\${it.cost.local_transport:,.2f}\s+", cost)
    assert f"getting around ${around:,.2f}" in cost
    markdown = to_markdown(job)
    assert f"| ground transport | {coach:,.2f} USD |" in markdown
    assert f"| local transport | {it.cost.local_transport:,.2f} USD |" in markdown
    assert "ground transport" in to_html(job)


def test_a_room_held_from_the_night_before_says_so_on_its_day():
    # A check-in at 15:00 in Lisbon on the day the flight leaves Toronto read as nonsense;
    # the item's note (the room is held for a night landing) is shown beside it.
    from lotara.ui.render import render_job

    job = sample_job()
    it = job.itinerary
    assert it is not None
    held = DayItem(
        start="15:00", kind="stay", name="Check in: Hotel Sakura",
        note="the room is held from tonight; you land in the night",
    )  # fmt: skip
    day = it.days[0].model_copy(update={"items": [held, *it.days[0].items]})
    job = job.model_copy(update={"itinerary": it.model_copy(update={"days": [day, *it.days[1:]]})})
    text = " ".join(_text(lambda c: render_job(c, job)).split())
    assert "Check in: Hotel Sakura (the room is held from tonight; you land in the night)" in text
