"""A small, exact travel world for planning tests, and the tests that it plans end to end.

The real offline world is large and may change; these tests need prices and closing days
they can reason about, so ``FakeWorld`` implements ``TravelProvider`` with a handful of
cities and options derived only from the arguments (deterministic, no randomness).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from lotara.errors import UnknownPlace
from lotara.models import (
    Activity,
    DestinationFacts,
    EntryRequirement,
    FlightOption,
    FlightSegment,
    GroundLeg,
    Place,
    Restaurant,
    Stay,
)
from lotara.world.provider import OFFLINE_SOURCE, TravelProvider

CITIES = {
    # city: (country, iata, lat, lon, tz, price level)
    "Tokyo": ("JP", "TYO", 35.68, 139.76, "Asia/Tokyo", 1.2),
    "Kyoto": ("JP", "UKY", 35.01, 135.77, "Asia/Tokyo", 1.0),
    "Osaka": ("JP", "OSA", 34.69, 135.50, "Asia/Tokyo", 1.0),
    "Los Angeles": ("US", "LAX", 34.05, -118.24, "America/Los_Angeles", 1.3),
    "New York": ("US", "NYC", 40.71, -74.01, "America/New_York", 1.5),
    "Boston": ("US", "BOS", 42.36, -71.06, "America/New_York", 1.3),
    "Rome": ("IT", "ROM", 41.90, 12.50, "Europe/Rome", 1.1),
    "Florence": ("IT", "FLR", 43.77, 11.26, "Europe/Rome", 1.1),
    "Venice": ("IT", "VCE", 45.44, 12.32, "Europe/Rome", 1.3),
    "Barcelona": ("ES", "BCN", 41.39, 2.17, "Europe/Madrid", 1.0),
    "Bangkok": ("TH", "BKK", 13.76, 100.50, "Asia/Bangkok", 0.4),
    "London": ("GB", "LON", 51.51, -0.13, "Europe/London", 1.4),
}
ALIASES = {"nyc": "New York", "lax": "Los Angeles", "new york city": "New York", "bos": "Boston"}
RATES = {"USD": 1.0, "EUR": 0.9, "GBP": 0.8, "JPY": 150.0, "INR": 83.0, "THB": 36.0}
TAGS = [
    ("Old Temple", ["culture", "history"], 0, ["monday"]),
    ("City Museum", ["art", "culture"], 15, ["monday"]),
    ("Food Market", ["food", "shopping"], 0, []),
    ("Cooking Class", ["food", "culture"], 60, ["sunday"]),
    ("Hill Hike", ["nature", "adventure"], 0, []),
    ("Castle Tour", ["history", "architecture"], 25, []),
    ("Night Bar Crawl", ["nightlife"], 40, []),
    ("Botanical Garden", ["nature", "relaxation"], 8, ["tuesday"]),
    ("Harbour Cruise", ["relaxation", "family"], 30, []),
    ("Art Gallery", ["art"], 12, ["wednesday"]),
]


def km(a: str, b: str) -> float:
    la1, lo1 = CITIES[a][2], CITIES[a][3]
    la2, lo2 = CITIES[b][2], CITIES[b][3]
    p1, p2 = math.radians(la1), math.radians(la2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lo2 - lo1) / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(h))


class FakeWorld:
    """A TravelProvider over a dozen cities, priced by distance and a city price level."""

    name = "fake"

    def __init__(self) -> None:
        self.by_code = {v[1]: k for k, v in CITIES.items()}

    def _city(self, text: str) -> str:
        key = text.strip()
        if key.upper() in self.by_code:
            return self.by_code[key.upper()]
        for city in CITIES:
            if city.lower() == key.lower():
                return city
        if key.lower() in ALIASES:
            return ALIASES[key.lower()]
        raise UnknownPlace(text)

    def resolve(self, text: str) -> Place:
        city = self._city(text)
        country, iata, lat, lon, tz, _ = CITIES[city]
        return Place(city=city, country=country, iata=iata, lat=lat, lon=lon, timezone=tz)

    def flights(self, origin, destination, day, *, travelers=1, currency="USD", observed=None):
        a, b = self._city(origin), self._city(destination)
        distance = km(a, b)
        rate = RATES.get(currency, 1.0)
        out = []
        for n, (hour, stops, factor) in enumerate(((9, 0, 1.0), (5, 0, 0.8), (13, 1, 0.7))):
            minutes = int(distance / 800 * 60) + 45 + stops * 120
            dep = datetime.combine(day, datetime.min.time()).replace(hour=hour)
            dep_utc = dep.replace(tzinfo=ZoneInfo(CITIES[a][4])).astimezone(UTC)
            arr = (dep_utc + timedelta(minutes=minutes)).astimezone(ZoneInfo(CITIES[b][4]))
            pp = round((60 + distance * 0.08) * factor * rate, 2)
            out.append(
                FlightOption(
                    id=f"FL-{CITIES[a][1]}-{CITIES[b][1]}-{day:%m%d}-{n}",
                    origin=CITIES[a][1],
                    destination=CITIES[b][1],
                    date=day,
                    segments=[
                        FlightSegment(
                            carrier="LT",
                            flight_number=str(100 + n),
                            origin=CITIES[a][1],
                            destination=CITIES[b][1],
                            depart=dep.isoformat(),
                            arrive=arr.replace(tzinfo=None).isoformat(),
                            duration_minutes=minutes,
                        )
                    ],
                    stops=stops,
                    duration_minutes=minutes,
                    price=round(pp * travelers, 2),
                    price_per_person=pp,
                    currency=currency,
                    source=OFFLINE_SOURCE,
                    observed_at=date(2027, 3, 1),
                )
            )
        return out

    def stays(
        self,
        city,
        check_in,
        check_out,
        *,
        travelers=1,
        currency="USD",
        room_type=None,
        house_rules: Sequence[str] = (),
        max_price_per_night=None,
        min_rating=None,
        observed=None,
    ):
        c = self._city(city)
        level, rate = CITIES[c][5], RATES.get(currency, 1.0)
        nights = (check_out - check_in).days
        rows = [
            ("Hostel", "shared room", 25, 3.6, 1, 1, ["No parties"]),
            ("Guesthouse", "private room", 70, 4.1, 2, 1, ["No smoking", "No pets"]),
            ("Hotel", "private room", 140, 4.5, 2, 1, ["No smoking"]),
            ("Apartment", "entire room", 180, 4.7, 4, 3, []),
            ("Grand Hotel", "entire room", 400, 4.9, 3, 1, ["No parties"]),
        ]
        out = []
        for n, (kind, room, price, rating, occ, min_n, rules) in enumerate(rows):
            if room_type == "not shared room" and room == "shared room":
                continue
            if room_type and room_type != "not shared room" and room != room_type:
                continue
            if any(f"No {r}" in rules for r in house_rules) or min_n > nights:
                continue
            out.append(
                Stay(
                    id=f"ST-{c[:3].upper()}-{n}",
                    name=f"{c} {kind}",
                    city=c,
                    room_type=room,
                    price_per_night=round(price * level * rate, 2),
                    currency=currency,
                    rating=rating,
                    max_occupancy=occ,
                    minimum_nights=min_n,
                    house_rules=rules,
                    lat=CITIES[c][2],
                    lon=CITIES[c][3],
                    source=OFFLINE_SOURCE,
                    observed_at=date(2027, 3, 1),
                )
            )
        return out

    def activities(self, city, *, interests=(), currency="USD"):
        c = self._city(city)
        lat, lon, rate = CITIES[c][2], CITIES[c][3], RATES.get(currency, 1.0)
        out = [
            Activity(
                id=f"AC-{c[:3].upper()}-{n}",
                name=f"{c} {name}",
                city=c,
                lat=lat + (n % 4) * 0.01,
                lon=lon + (n // 4) * 0.01,
                tags=tags,
                cost=round(cost * rate, 2),
                currency=currency,
                duration_minutes=90 + 15 * (n % 3),
                closed_days=closed,
                opens="09:00",
                closes="20:00",
                source=OFFLINE_SOURCE,
            )
            for n, (name, tags, cost, closed) in enumerate(TAGS)
        ]
        return sorted(out, key=lambda a: (-len(set(a.tags) & set(interests)), a.id))

    def restaurants(self, city, *, cuisines=(), max_cost=None, currency="USD"):
        c = self._city(city)
        rate, level = RATES.get(currency, 1.0), CITIES[c][5]
        rows = [("Noodle Bar", "Japanese", 9), ("Trattoria", "Italian", 22), ("Cafe", "Cafe", 7)]
        rows += [("Bistro", "French", 35), ("Grill", "BBQ", 28), ("Fine Dining", "Fusion", 80)]
        return [
            Restaurant(
                id=f"RE-{c[:3].upper()}-{n}",
                name=f"{c} {name}",
                city=c,
                cuisines=[cuisine],
                average_cost=round(cost * level * rate, 2),
                currency=currency,
                rating=3.8 + 0.2 * (n % 5),
                lat=CITIES[c][2],
                lon=CITIES[c][3],
                source=OFFLINE_SOURCE,
            )
            for n, (name, cuisine, cost) in enumerate(rows)
        ]

    def ground_legs(self, origin_city, destination_city, *, travelers=1, currency="USD"):
        a, b = self._city(origin_city), self._city(destination_city)
        distance = km(a, b)
        if CITIES[a][0] != CITIES[b][0] or distance > 900:
            return []
        rate = RATES.get(currency, 1.0)
        return [
            GroundLeg(
                mode="train",
                origin=a,
                destination=b,
                duration_minutes=int(distance / 150 * 60),
                distance_km=round(distance, 1),
                cost=round(0.15 * distance * travelers * rate, 2),
                currency=currency,
                source=OFFLINE_SOURCE,
            ),
            GroundLeg(
                mode="taxi",
                origin=a,
                destination=b,
                duration_minutes=int(distance / 90 * 60),
                distance_km=round(distance, 1),
                cost=round(1.0 * distance * math.ceil(travelers / 4) * rate, 2),
                currency=currency,
                source=OFFLINE_SOURCE,
            ),
        ]

    def facts(self, city, *, passport=None, start=None, end=None):
        c = self._city(city)
        country = CITIES[c][0]
        entry = None
        if passport:
            kind = "domestic" if passport == country else "visa_free"
            if country == "TH" and passport == "IN":
                kind = "visa_on_arrival"
            entry = EntryRequirement(passport=passport, destination=country, requirement=kind)
        return DestinationFacts(
            city=c,
            country=country,
            country_name=country,
            currency="USD",
            timezone=CITIES[c][4],
            entry=entry,
            source=OFFLINE_SOURCE,
        )

    def transfers(self, city, *, currency="USD"):
        return []

    def local_transport(self, city, *, currency="USD", car=False):
        return None


def test_fake_world_is_a_travel_provider() -> None:
    assert isinstance(FakeWorld(), TravelProvider)
