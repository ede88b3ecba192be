"""TravelPlanner: sandbox parsing, query reading, the verifier's 13 checks, search and CLI.

Records are small ones written here in the dataset's format (pandas ``to_string`` tables,
every column right-aligned), never the dataset itself.
"""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest

from lotara.bench.travelplanner.query import parse_query
from lotara.bench.travelplanner.runner import plan_sandbox
from lotara.bench.travelplanner.sandbox import parse_sandbox
from lotara.bench.travelplanner.verify import COMMONSENSE, HARD, Question, passes, verify


def table(headers: list[str], rows: list[list[object]], *, index: bool = False) -> str:
    """A table as pandas ``to_string`` prints it: each column right-aligned to its widest."""
    cols = [[h, *(str(r[i]) for r in rows)] for i, h in enumerate(headers)]
    widths = [max(len(c) for c in col) for col in cols]
    lines = []
    for n in range(len(rows) + 1):
        cells = [col[n].rjust(w) for col, w in zip(cols, widths, strict=True)]
        prefix = "" if not index else ("    " if n == 0 else str(n - 1).ljust(4))
        lines.append(prefix + " ".join(cells))
    return "\n".join(lines)


def attractions(city: str, names: list[str]) -> dict:
    rows = [
        [n, 30.1, -90.2, f"1 Main St, {city}", "(555) 000-0000", "http://x.org", city]
        for n in names
    ]
    headers = ["Name", "Latitude", "Longitude", "Address", "Phone", "Website", "City"]
    return {"Description": f"Attractions in {city}", "Content": table(headers, rows)}


def restaurants(city: str, rows: list[tuple[str, int, str]], *, index: bool = False) -> dict:
    body = [[n, cost, cuisines, 4.0, city] for n, cost, cuisines in rows]
    headers = ["Name", "Average Cost", "Cuisines", "Aggregate Rating", "City"]
    return {"Description": f"Restaurants in {city}", "Content": table(headers, body, index=index)}


def stays(city: str, rows: list[tuple[str, float, str, str, float, int]]) -> dict:
    body = [[n, p, t, rules, mn, occ, 4.0, city] for n, p, t, rules, mn, occ in rows]
    headers = ["NAME", "price", "room type", "house_rules", "minimum nights",
               "maximum occupancy", "review rate number", "city"]  # fmt: skip
    return {"Description": f"Accommodations in {city}", "Content": table(headers, body)}


def flights(origin: str, dest: str, day: str, rows: list[tuple[str, int, str, str]]) -> dict:
    desc = f"Flight from {origin} to {dest} on {day}"
    if not rows:
        return {
            "Description": desc,
            "Content": f"There is no flight from {origin} to {dest} on {day}.",
        }
    body = [
        [n, p, dep, arr, "1 hours 0 minutes", day, origin, dest, 500.0] for n, p, dep, arr in rows
    ]
    headers = ["Flight Number", "Price", "DepTime", "ArrTime", "ActualElapsedTime",
               "FlightDate", "OriginCityName", "DestCityName", "Distance"]  # fmt: skip
    return {"Description": desc, "Content": table(headers, body)}


def ground(mode: str, origin: str, dest: str, km: int | None) -> dict:
    title = "Self-driving" if mode == "self-driving" else "Taxi"
    desc = f"{title} from {origin} to {dest}"
    if km is None:
        return {"Description": desc, "Content": "No valid information."}
    cost = km // 20 if mode == "self-driving" else km
    return {
        "Description": desc,
        "Content": f"{mode}, from {origin} to {dest}, duration: 3 hours 5 mins, "
        f"distance: {km} km, cost: {cost}",
    }


def city_blocks(city: str, *, index: bool = False) -> list[dict]:
    return [
        attractions(city, [f"{city} Museum", f"{city} Park", f"{city} Zoo"]),
        restaurants(
            city,
            [
                (f"{city} Noodles", 10, "Chinese, Tea"),
                (f"{city} Tacos", 12, "Mexican, Fast Food"),
                (f"{city} Trattoria", 30, "Italian, Pizza"),
                (f"{city} Diner", 14, "American, Cafe"),
                (f"{city} Bistro", 40, "French, Desserts"),
            ],
            index=index,
        ),
        stays(
            city,
            [
                (f"{city} Loft", 100.0, "Entire home/apt", "No pets", 1.0, 4),
                (f"{city} Spare Room", 40.0, "Private room", "No smoking & No parties", 1.0, 2),
                (f"{city} Bunk", 20.0, "Shared room", "NaN", 1.0, 1),
                (f"{city} Long Let", 10.0, "Entire home/apt", "No visitors", 30.0, 6),
            ],
        ),
    ]


def two_city_record(query: str) -> dict:
    """Austin to two Texas cities (Dallas, Houston) for 5 days, 2022-03-10 to 03-14."""
    ref = [
        *city_blocks("Dallas"),
        *city_blocks("Houston", index=True),
        flights("Austin", "Dallas", "2022-03-10", [("F0000001", 80, "09:00", "10:00")]),
        ground("self-driving", "Austin", "Dallas", 300),
        ground("taxi", "Austin", "Dallas", 300),
        flights("Dallas", "Houston", "2022-03-12", []),
        ground("self-driving", "Dallas", "Houston", 380),
        ground("taxi", "Dallas", "Houston", 380),
        flights("Houston", "Austin", "2022-03-14", [("F0000002", 70, "18:00", "19:00")]),
        ground("self-driving", "Houston", "Austin", 260),
        ground("taxi", "Houston", "Austin", 260),
    ]
    return {"idx": 1, "query": query, "reference_information": repr(ref)}


BASE = (
    "Could you create a 5-day travel plan for two people, departing from Austin and visiting "
    "2 cities in Texas from March 10th to March 14th, 2022? Our budget is set at $3,000."
)


# --- the sandbox -------------------------------------------------------------------------


def test_sandbox_reads_every_block_type() -> None:
    sb = parse_sandbox(two_city_record(BASE)["reference_information"])
    assert sb.cities == ["Dallas", "Houston"]
    assert [a.name for a in sb.attractions["Dallas"]] == [
        "Dallas Museum",
        "Dallas Park",
        "Dallas Zoo",
    ]
    # A restaurant table with the dataframe's index column reads the same.
    noodles = sb.restaurants["Houston"][0]
    assert (noodles.name, noodles.average_cost, noodles.cuisines) == (
        "Houston Noodles",
        10,
        ["Chinese", "Tea"],
    )
    loft, spare, bunk, long_let = sb.stays["Dallas"]
    assert (loft.room_type, loft.house_rules, loft.max_occupancy) == ("entire room", ["No pets"], 4)
    assert spare.room_type == "private room" and spare.house_rules == ["No smoking", "No parties"]
    assert bunk.room_type == "shared room" and bunk.house_rules == []
    assert long_let.minimum_nights == 30
    (flight,) = sb.flights[("Austin", "Dallas", date(2022, 3, 10))]
    assert (flight.id, flight.price_per_person, flight.segments[0].depart) == (
        "F0000001",
        80,
        "2022-03-10T09:00",
    )
    assert ("Dallas", "Houston", date(2022, 3, 12)) in sb.flight_blocks
    assert ("Dallas", "Houston", date(2022, 3, 12)) not in sb.flights
    drive = sb.ground[("self-driving", "Dallas", "Houston")]
    assert (drive.cost, drive.distance_km, drive.duration_minutes) == (19, 380, 185)
    assert sb.ground[("taxi", "Houston", "Austin")].cost == 260


def test_sandbox_skips_legs_without_information() -> None:
    sb = parse_sandbox([ground("self-driving", "A", "B", None), ground("taxi", "A", "B", None)])
    assert sb.ground == {} and sb.ground_blocks == {("A", "B")}


# --- the query ---------------------------------------------------------------------------


def test_query_reads_places_dates_party_and_budget() -> None:
    record = two_city_record(BASE)
    q = parse_query(record["query"], parse_sandbox(record["reference_information"]))
    assert (q.origin, q.destination, q.city_count) == ("Austin", "Texas", 2)
    assert (q.start, q.days, q.people, q.budget) == (date(2022, 3, 10), 5, 2, 3000)


@pytest.mark.parametrize(
    ("text", "people", "days"),
    [
        ("a week-long trip for a group of 5 from Austin from March 10th to March 16th, 2022", 5, 7),
        ("a trip for a duo from Austin from the 10th to the 12th of March, 2022", 2, 3),
        ("I'll be traveling alone from Austin, March 10th to March 14th, 2022", 1, 5),
    ],
)
def test_query_reads_party_and_length(text: str, people: int, days: int) -> None:
    q = parse_query(
        text + " Budget $900.", parse_sandbox(two_city_record(BASE)["reference_information"])
    )
    assert (q.people, q.days, q.budget) == (people, days, 900)


def test_query_reads_local_constraints() -> None:
    text = BASE + (
        " We require accommodations that allow smoking and should be entire rooms. "
        "We'd love Chinese and French cuisines. Please avoid any flights."
    )
    record = two_city_record(text)
    local = parse_query(text, parse_sandbox(record["reference_information"])).local
    assert (local.house_rules, local.room_type) == (["smoking"], "entire room")
    assert (local.cuisines, local.avoid_transport) == (["Chinese", "French"], ["flight"])


# --- the verifier ------------------------------------------------------------------------


def _planned(text: str) -> tuple[dict, list[dict], Question]:
    record = two_city_record(text)
    sb = parse_sandbox(record["reference_information"])
    q = parse_query(text, sb)
    result = plan_sandbox(q, sb)
    assert result is not None and result.ok, result and result.results
    question = Question(
        org="Austin", days=5, city_count=2, people=2, budget=q.budget, start=date(2022, 3, 10),
        dest_cities={"Dallas", "Houston"}, house_rules=q.local.house_rules,
        room_type=q.local.room_type, cuisines=q.local.cuisines,
        avoid_transport=q.local.avoid_transport,
    )  # fmt: skip
    return record, result.plan, question


STRICT = BASE + (
    " We need entire rooms where smoking is allowed, want Chinese food, and no self-driving."
)


def test_planned_record_passes_every_check() -> None:
    record, plan, question = _planned(STRICT)
    sb = parse_sandbox(record["reference_information"])
    results = verify(question, plan, sb)
    assert passes(results), results
    assert all(results[name][0] is True for name in COMMONSENSE + HARD)
    assert plan[0]["current_city"] == "from Austin to Dallas"
    assert plan[-1]["accommodation"] == "-"
    assert all(day["accommodation"].endswith((", Dallas", ", Houston")) for day in plan[:-1])


def _break(plan: list[dict], how: str, q: Question) -> tuple[list[dict], Question]:
    plan = copy.deepcopy(plan)
    full = next(d for d in plan if "from" not in d["current_city"])
    if how == "within_sandbox":
        full["breakfast"] = "Imaginary Cafe, " + full["current_city"]
    elif how == "complete_information":
        full["lunch"] = "-"
    elif how == "within_current_city":
        other = "Houston" if full["current_city"] == "Dallas" else "Dallas"
        full["attraction"] = f"{other} Zoo, {other};"
    elif how == "reasonable_city_route":
        plan[-1]["current_city"] = plan[-1]["current_city"].replace("to Austin", "to Dallas")
        plan[-1]["transportation"] = plan[-1]["transportation"].replace("to Austin", "to Dallas")
    elif how == "diverse_restaurants":
        full["dinner"] = full["lunch"]
    elif how == "diverse_attractions":
        seen = [d for d in plan if d["attraction"] != "-"]
        seen[-1]["attraction"] = seen[0]["attraction"]
    elif how == "non_conflicting_transportation":
        plan[-1]["transportation"] = (
            "Self-driving, from Houston to Austin, duration: 3 hours 5 mins, "
            "distance: 260 km, cost: 13"
        )
    elif how == "minimum_nights_stay":
        for d in plan[:-1]:
            city = d["accommodation"].split(", ")[-1]
            d["accommodation"] = f"{city} Long Let, {city}"  # needs 30 nights
    elif how == "budget":
        q = _with(q, budget=10.0)
    elif how == "room_rule":
        q = _with(q, house_rules=["pets"])
    elif how == "room_type":
        q = _with(q, room_type="private room")
    elif how == "cuisine":
        q = _with(q, cuisines=["Ethiopian"])
    elif how == "transportation":
        q = _with(q, avoid_transport=["taxi"])
    return plan, q


def _with(q: Question, **changes: object) -> Question:
    new = copy.copy(q)
    for key, value in changes.items():
        setattr(new, key, value)
    return new


@pytest.mark.parametrize("check", COMMONSENSE + HARD)
def test_verifier_rejects_a_plan_broken_each_way(check: str) -> None:
    record, plan, question = _planned(STRICT)
    sb = parse_sandbox(record["reference_information"])
    broken, q = _break(plan, check, question)
    results = verify(q, broken, sb)
    assert results[check][0] is False, results[check]
    assert not passes(results)


# --- search fallbacks and the command ----------------------------------------------------


def test_search_honours_no_flight_and_falls_back_over_budget() -> None:
    text = BASE.replace("$3,000", "$100") + " Please, no flights."
    record = two_city_record(text)
    sb = parse_sandbox(record["reference_information"])
    result = plan_sandbox(parse_query(text, sb), sb)
    assert result is not None and not result.ok
    assert result.results["budget"][0] is False
    assert all("Flight" not in d["transportation"] for d in result.plan)


def test_bench_command_writes_plans_and_scores(cli, tmp_path) -> None:
    record = two_city_record(STRICT) | {
        "org": "Austin", "dest": "Texas", "days": 5, "visiting_city_number": 2,
        "date": str([f"2022-03-{d}" for d in range(10, 15)]), "people_number": 2,
        "local_constraint": str({"house rule": "smoking", "cuisine": ["Chinese"],
                                 "room type": "entire room", "transportation": "no self-driving"}),
        "budget": 3000, "level": "hard",
    }  # fmt: skip
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps(record) + "\n")
    out = tmp_path / "plans.jsonl"
    result = cli(
        "bench", "travelplanner", "--input", str(records), "--output", str(out), "--evaluate"
    )
    assert result.exit_code == 0, result.stderr
    assert "final pass rate: 100.0%" in result.stdout
    line = json.loads(out.read_text())
    assert line["idx"] == 1 and len(line["plan"]) == 5
    assert set(line["plan"][0]) == {"days", "current_city", "transportation", "breakfast",
                                    "attraction", "lunch", "dinner", "accommodation"}  # fmt: skip


def test_bench_command_rejects_a_missing_file(cli, tmp_path) -> None:
    result = cli("bench", "travelplanner", "--input", str(tmp_path / "nope.jsonl"), "--output", "x")
    assert result.exit_code == 2
    assert "No such file" in result.stderr


def test_sandbox_provider_serves_the_sandbox_as_a_travel_provider() -> None:
    from lotara.bench.travelplanner.provider import SandboxProvider
    from lotara.world.provider import TravelProvider

    sb = parse_sandbox(two_city_record(BASE)["reference_information"])
    provider = SandboxProvider(sb)
    assert isinstance(provider, TravelProvider)
    assert provider.resolve("dallas").city == "Dallas"
    (flight,) = provider.flights("Austin", "Dallas", date(2022, 3, 10), travelers=2)
    assert flight.price == 160
    stays = provider.stays(
        "Dallas", date(2022, 3, 10), date(2022, 3, 12), travelers=2,
        room_type="entire room", house_rules=["smoking"],
    )  # fmt: skip
    assert [s.name for s in stays] == ["Dallas Loft"]  # the long let needs 30 nights
    assert provider.restaurants("Dallas", cuisines=["French"])[0].name == "Dallas Bistro"
    assert {leg.mode for leg in provider.ground_legs("Dallas", "Houston", travelers=6)} == {
        "self-driving", "taxi",
    }  # fmt: skip
    assert provider.ground_legs("Dallas", "Houston", travelers=6)[1].cost == 380 * 2
