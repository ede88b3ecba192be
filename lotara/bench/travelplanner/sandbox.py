"""A TravelPlanner record's ``reference_information`` parsed into lotara's models.

The reference information is a Python-literal list of ``{'Description', 'Content'}``
blocks. Each Content is a pandas ``to_string`` table (every column right-aligned, so a
column ends where its header ends), a one-line ground leg ("self-driving, from A to B,
duration: ..., distance: ..., cost: ..."), or a sentence saying there is nothing.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from datetime import date

from lotara.errors import LotaraError
from lotara.models import Activity, FlightOption, FlightSegment, GroundLeg, Restaurant, Stay

SOURCE = "travelplanner-sandbox"
CURRENCY = "USD"

ROOM_TYPE_NAMES = {
    "Entire home/apt": "entire room",
    "Private room": "private room",
    "Shared room": "shared room",
}
"""The sandbox's room types in lotara's vocabulary (models.ROOM_TYPES)."""

_HEADERS = {
    "Attractions": ("Name", "Latitude", "Longitude", "Address", "Phone", "Website", "City"),
    "Restaurants": ("Name", "Average Cost", "Cuisines", "Aggregate Rating", "City"),
    "Accommodations": (
        "NAME",
        "price",
        "room type",
        "house_rules",
        "minimum nights",
        "maximum occupancy",
        "review rate number",
        "city",
    ),
    "Flight": (
        "Flight Number",
        "Price",
        "DepTime",
        "ArrTime",
        "ActualElapsedTime",
        "FlightDate",
        "OriginCityName",
        "DestCityName",
        "Distance",
    ),
}

_LEG = re.compile(
    r"^(?P<mode>self-driving|taxi), from (?P<origin>.+?) to (?P<dest>.+?), "
    r"duration: (?P<duration>.+?), distance: (?P<distance>[\d,.]+) km, cost: (?P<cost>[\d.]+)",
    re.IGNORECASE,
)


class SandboxError(LotaraError):
    """A record's reference information cannot be read."""


@dataclass
class Sandbox:
    """Everything a TravelPlanner record lets a planner use, in lotara's types."""

    attractions: dict[str, list[Activity]] = field(default_factory=dict)
    restaurants: dict[str, list[Restaurant]] = field(default_factory=dict)
    stays: dict[str, list[Stay]] = field(default_factory=dict)
    flights: dict[tuple[str, str, date], list[FlightOption]] = field(default_factory=dict)
    ground: dict[tuple[str, str, str], GroundLeg] = field(default_factory=dict)
    ground_text: dict[tuple[str, str, str], str] = field(default_factory=dict)
    """The sandbox's own line for each ground leg, as the submission format repeats it."""
    flight_blocks: set[tuple[str, str, date]] = field(default_factory=set)
    """Every (origin, destination, date) the sandbox was asked about, flights or not."""
    ground_blocks: set[tuple[str, str]] = field(default_factory=set)

    @property
    def cities(self) -> list[str]:
        """The cities the sandbox describes (the ones a trip may visit), in block order."""
        seen: list[str] = []
        for table in (self.attractions, self.restaurants, self.stays):
            for city in table:
                if city not in seen:
                    seen.append(city)
        return seen

    def flight(self, number: str) -> FlightOption | None:
        for options in self.flights.values():
            for option in options:
                if option.id == number:
                    return option
        return None


def _columns(header: str, names: tuple[str, ...]) -> list[tuple[int, int]]:
    """Each column's (start, end) in a right-aligned table, found from where headers end."""
    ends = []
    pos = 0
    for name in names:
        at = header.find(name, pos)
        if at < 0:
            raise SandboxError(f"The table header {header.strip()!r} lacks the column {name!r}.")
        pos = at + len(name)
        ends.append(pos)
    starts = [0, *ends[:-1]]
    return list(zip(starts, ends, strict=True))


def _rows(content: str, names: tuple[str, ...]) -> list[dict[str, str]]:
    lines = [line for line in content.split("\n") if line.strip()]
    if not lines or not lines[0].strip().startswith(names[0]):
        return []
    spans = _columns(lines[0], names)
    # Some tables keep the dataframe's index: a left-aligned number before the first column.
    body = lines[1:]
    index = [re.match(r"\d+(?= )", line) for line in body]
    skip = max((m.end() for m in index if m), default=0) if all(index) else 0
    rows = []
    for line in body:
        cells = [line[a:b].strip() for a, b in spans]
        cells[0] = line[skip : spans[0][1]].strip()
        # The last column may run past its header (a long city name).
        cells[-1] = line[spans[-1][0] :].strip()
        rows.append(dict(zip(names, cells, strict=True)))
    return rows


def _float(text: str, default: float = 0.0) -> float:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return default


def _minutes(text: str) -> int:
    hours = re.search(r"(\d+)\s*hour", text)
    mins = re.search(r"(\d+)\s*min", text)
    return (int(hours.group(1)) * 60 if hours else 0) + (int(mins.group(1)) if mins else 0)


def _attractions(rows: list[dict[str, str]], sandbox: Sandbox) -> None:
    for i, row in enumerate(rows):
        city = row["City"]
        sandbox.attractions.setdefault(city, []).append(
            Activity(
                id=f"attraction:{city}:{i}",
                name=row["Name"],
                city=city,
                lat=_float(row["Latitude"]),
                lon=_float(row["Longitude"]),
                tags=[],
                cost=0.0,
                currency=CURRENCY,
                duration_minutes=120,
                source=SOURCE,
            )
        )


def _restaurants(rows: list[dict[str, str]], sandbox: Sandbox) -> None:
    for i, row in enumerate(rows):
        city = row["City"]
        sandbox.restaurants.setdefault(city, []).append(
            Restaurant(
                id=f"restaurant:{city}:{i}",
                name=row["Name"],
                city=city,
                cuisines=[c.strip() for c in row["Cuisines"].split(",") if c.strip()],
                average_cost=_float(row["Average Cost"]),
                currency=CURRENCY,
                rating=_float(row["Aggregate Rating"]) or None,
                source=SOURCE,
            )
        )


def _stays(rows: list[dict[str, str]], sandbox: Sandbox) -> None:
    for i, row in enumerate(rows):
        city = row["city"]
        rules = row["house_rules"]
        sandbox.stays.setdefault(city, []).append(
            Stay(
                id=f"stay:{city}:{i}",
                name=row["NAME"],
                city=city,
                kind="rental",
                room_type=ROOM_TYPE_NAMES.get(row["room type"], row["room type"].lower()),
                price_per_night=_float(row["price"]),
                currency=CURRENCY,
                rating=_float(row["review rate number"]) or None,
                max_occupancy=max(1, int(_float(row["maximum occupancy"], 1))),
                minimum_nights=max(1, int(_float(row["minimum nights"], 1))),
                house_rules=[r.strip() for r in rules.split("&") if r.strip() and r != "NaN"],
                source=SOURCE,
            )
        )


def _flights(rows: list[dict[str, str]], sandbox: Sandbox) -> None:
    for row in rows:
        day = date.fromisoformat(row["FlightDate"])
        origin, dest = row["OriginCityName"], row["DestCityName"]
        price = _float(row["Price"])
        minutes = _minutes(row["ActualElapsedTime"])
        segment = FlightSegment(
            carrier="",
            flight_number=row["Flight Number"],
            origin=origin,
            destination=dest,
            depart=f"{day.isoformat()}T{row['DepTime']}",
            arrive=f"{day.isoformat()}T{row['ArrTime']}",
            duration_minutes=minutes,
        )
        sandbox.flights.setdefault((origin, dest, day), []).append(
            FlightOption(
                id=row["Flight Number"],
                origin=origin,
                destination=dest,
                date=day,
                segments=[segment],
                stops=0,
                duration_minutes=minutes,
                price=price,
                price_per_person=price,
                currency=CURRENCY,
                source=SOURCE,
            )
        )


def _ground(content: str, sandbox: Sandbox) -> None:
    match = _LEG.match(content.strip())
    if not match:
        return
    mode = match["mode"].lower()
    origin, dest = match["origin"].strip(), match["dest"].strip()
    sandbox.ground[(mode, origin, dest)] = GroundLeg(
        mode=mode,
        origin=origin,
        destination=dest,
        duration_minutes=_minutes(match["duration"]),
        distance_km=_float(match["distance"]),
        cost=_float(match["cost"]),
        currency=CURRENCY,
        source=SOURCE,
    )
    sandbox.ground_text[(mode, origin, dest)] = content.strip()


_FLIGHT_DESC = re.compile(r"^Flight from (.+) to (.+) on (\d{4}-\d{2}-\d{2})$")
_GROUND_DESC = re.compile(r"^(?:Self-driving|Taxi) from (.+) to (.+)$")


def parse_sandbox(reference_information: str | list[dict[str, str]]) -> Sandbox:
    """The sandbox of one record; ``reference_information`` as the dataset stores it."""
    blocks = reference_information
    if isinstance(blocks, str):
        try:
            blocks = ast.literal_eval(blocks)
        except (ValueError, SyntaxError) as exc:
            raise SandboxError("The reference information is not a Python-literal list.") from exc
    if isinstance(blocks, dict):  # train_ref_info.jsonl keys blocks by description
        blocks = [{"Description": k, "Content": v} for k, v in blocks.items()]
    if not isinstance(blocks, list):
        raise SandboxError("The reference information is not a list of blocks.")
    sandbox = Sandbox()
    for block in blocks:
        desc = str(block.get("Description", "")).strip()
        content = str(block.get("Content", ""))
        kind = desc.split(" ", 1)[0]
        if kind == "Attractions":
            _attractions(_rows(content, _HEADERS["Attractions"]), sandbox)
        elif kind == "Restaurants":
            _restaurants(_rows(content, _HEADERS["Restaurants"]), sandbox)
        elif kind == "Accommodations":
            _stays(_rows(content, _HEADERS["Accommodations"]), sandbox)
        elif kind == "Flight":
            m = _FLIGHT_DESC.match(desc)
            if m:
                sandbox.flight_blocks.add((m[1], m[2], date.fromisoformat(m[3])))
            _flights(_rows(content, _HEADERS["Flight"]), sandbox)
        elif kind in ("Self-driving", "Taxi"):
            m = _GROUND_DESC.match(desc)
            if m:
                sandbox.ground_blocks.add((m[1], m[2]))
            _ground(content, sandbox)
    return sandbox
