"""The options a trip can be built from: transport per leg, stays, activities, meals, facts.

``gather_candidates`` asks the provider for everything; the agents call ``find_flights``,
``find_stays`` and ``find_activities`` in parallel instead, each returning a ``Candidates``
holding only its part, and join them with ``merge_candidates``. ``split_days`` decides how
many nights each city of a multi-city trip gets, which fixes every leg's date and every
stay's check-in and check-out.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from pydantic import BaseModel, Field

from lotara.models import (
    Activity,
    DestinationFacts,
    FlightOption,
    GroundLeg,
    Place,
    Restaurant,
    Stay,
    TripRequest,
)
from lotara.world.provider import TravelProvider

__all__ = [
    "Candidates",
    "LegOptions",
    "StayWindow",
    "find_activities",
    "find_flights",
    "find_stays",
    "gather_candidates",
    "late_stay_key",
    "legs_of",
    "merge_candidates",
    "split_days",
    "stay_windows",
    "trip_currency",
    "trip_days",
]


class LegOptions(BaseModel):
    """The ways to make one hop of the trip (home to the first city, between cities, home)."""

    origin_city: str
    origin: str = Field(description="IATA code")
    destination_city: str
    destination: str = Field(description="IATA code")
    date: date
    flights: list[FlightOption] = Field(default_factory=list)
    ground: list[GroundLeg] = Field(default_factory=list)


class StayWindow(BaseModel):
    """The nights spent in one city."""

    city: str
    check_in: date
    check_out: date
    nights: int


class Candidates(BaseModel):
    """Everything the optimiser may choose from, keyed by city name as the provider spells it."""

    legs: list[LegOptions] = Field(default_factory=list)
    stays: dict[str, list[Stay]] = Field(default_factory=dict)
    late_stays: dict[str, list[Stay]] = Field(
        default_factory=dict,
        description="the first city's stays for a later check-in (a long flight landing the "
        "next day), keyed by late_stay_key",
    )
    activities: dict[str, list[Activity]] = Field(default_factory=dict)
    restaurants: dict[str, list[Restaurant]] = Field(default_factory=dict)
    facts: dict[str, DestinationFacts] = Field(default_factory=dict)
    places: dict[str, Place] = Field(
        default_factory=dict, description="origin and destinations, for coordinates and time zones"
    )


def trip_currency(request: TripRequest) -> str:
    """The currency every price of this trip is asked for and shown in."""
    if request.budget is not None:
        return request.budget.currency
    return request.currency or "USD"


# Cities with more to see get the spare nights first when they do not divide evenly.
_CITY_WEIGHT: dict[str, float] = {
    "tokyo": 3, "london": 3, "paris": 3, "new york": 3, "rome": 3, "bangkok": 2.5,
    "istanbul": 2.5, "barcelona": 2.5, "kyoto": 2.5, "berlin": 2, "madrid": 2,
    "beijing": 2.5, "shanghai": 2, "seoul": 2.5, "mexico city": 2.5, "florence": 2,
    "buenos aires": 2, "rio de janeiro": 2, "sydney": 2, "singapore": 2, "hong kong": 2,
    "lisbon": 2, "amsterdam": 2, "prague": 2, "vienna": 2, "cairo": 2, "delhi": 2,
    "mumbai": 2, "venice": 1.5, "osaka": 1.5, "porto": 1.5,
}  # fmt: skip


def split_days(request: TripRequest) -> list[tuple[str, int]]:
    """Nights per city, in trip order, adding up to the trip's nights.

    A destination whose ``nights`` is set keeps them. The rest share what is left: every
    city gets two nights when there are enough (one otherwise), then each spare night goes
    to the city with the highest weight per night already given (bigger cities first; ties
    go to the earlier city).
    """
    cities = request.destinations
    fixed = {i: d.nights for i, d in enumerate(cities) if d.nights is not None}
    free = [i for i in range(len(cities)) if i not in fixed]
    nights = {i: max(0, n) for i, n in fixed.items()}
    left = request.nights - sum(nights.values())
    if not free:
        return [(d.city, nights[i]) for i, d in enumerate(cities)]
    # Two nights each when there are enough (a city deserves a full day), else one.
    base = 2 if left >= 2 * len(free) else 1
    for i in free:
        nights[i] = min(base, max(left, 0))
        left -= nights[i]
    while left > 0:
        best = max(
            free,
            key=lambda i: (_CITY_WEIGHT.get(cities[i].city.lower(), 1.0) / (nights[i] + 1), -i),
        )
        nights[best] += 1
        left -= 1
    return [(d.city, nights[i]) for i, d in enumerate(cities)]


def stay_windows(request: TripRequest, arrival_offset: int = 0) -> list[StayWindow]:
    """The check-in and check-out of each city, back to back from the first day.

    ``arrival_offset`` is how many days after the start the outbound lands: the first city's
    stay starts then, and the nights spent in the air are not booked.
    """
    windows = []
    day = request.start_date
    for index, (city, nights) in enumerate(split_days(request)):
        check_in = day + timedelta(arrival_offset) if index == 0 else day
        check_out = day + timedelta(nights)
        windows.append(
            StayWindow(
                city=city,
                check_in=min(check_in, check_out),
                check_out=check_out,
                nights=max(0, (check_out - check_in).days),
            )
        )
        day += timedelta(nights)
    return windows


def late_stay_key(city: str, check_in: date) -> str:
    """How ``Candidates.late_stays`` files a later check-in: ``Tokyo@2027-03-28``."""
    return f"{city}@{check_in.isoformat()}"


MAX_ARRIVAL_OFFSET = 2  # a long flight west across the date line can land two days later
LONG_HAUL_KM = 2500.0  # from about here an evening flight can land after midnight


def legs_of(request: TripRequest) -> list[LegOptions]:
    """The hops of the trip, empty of options: out, between cities, and home."""
    windows = stay_windows(request)
    stops = [(request.origin_city or request.origin, request.origin)]
    stops += [(d.city, d.iata) for d in request.destinations]
    stops.append(stops[0])
    days = [request.start_date] + [w.check_out for w in windows[:-1]] + [request.end_date]
    legs = []
    for (a_city, a_code), (b_city, b_code), day in zip(stops, stops[1:], days, strict=False):
        legs.append(
            LegOptions(
                origin_city=a_city,
                origin=a_code,
                destination_city=b_city,
                destination=b_code,
                date=day,
            )
        )
    return legs


def find_flights(request: TripRequest, provider: TravelProvider) -> Candidates:
    """Flights and ground options for every hop, without the modes the traveller avoids."""
    currency = trip_currency(request)
    avoid = set(request.avoid_transport)
    legs = legs_of(request)
    for index, leg in enumerate(legs):
        if "flight" not in avoid and leg.origin != leg.destination:
            leg.flights = provider.flights(
                leg.origin,
                leg.destination,
                leg.date,
                travelers=request.travelers,
                currency=currency,
            )
            if index == 0 and request.flexible_departure:
                leg.flights = _day_before(request, provider, leg, currency) + leg.flights
        leg.ground = [
            g
            for g in provider.ground_legs(
                leg.origin_city,
                leg.destination_city,
                travelers=request.travelers,
                currency=currency,
            )
            if g.mode not in avoid
        ]
    return Candidates(legs=legs)


def _day_before(
    request: TripRequest, provider: TravelProvider, leg: LegOptions, currency: str
) -> list[FlightOption]:
    """Flights leaving the day before the start that land on the start date (local time)."""
    found = provider.flights(
        leg.origin,
        leg.destination,
        request.start_date - timedelta(1),
        travelers=request.travelers,
        currency=currency,
    )
    return [f for f in found if f.segments and f.segments[-1].arrive[:10] == leg.date.isoformat()]


def _long_haul(request: TripRequest, provider: TravelProvider) -> bool:
    """Whether the outbound is far enough that a flight may land on a later day."""
    try:
        a = provider.resolve(request.origin)
        b = provider.resolve(request.destinations[0].city)
    except Exception:  # noqa: BLE001 - unknown here means: ask for the later windows too
        return True
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dl = math.radians(b.lon - a.lon)
    cos = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0 * math.acos(max(-1.0, min(1.0, cos))) >= LONG_HAUL_KM


def find_stays(request: TripRequest, provider: TravelProvider) -> Candidates:
    """Stays in each city for its nights that fit the party, room type and house rules.

    After a long outbound the first city is also asked for a check-in one or two days later,
    for a flight that lands the next day: the optimiser books from the day it lands.
    """
    currency = trip_currency(request)
    found = Candidates()

    def ask(window: StayWindow) -> list[Stay]:
        return provider.stays(
            window.city,
            window.check_in,
            window.check_out,
            travelers=request.travelers,
            currency=currency,
            room_type=request.room_type,
            house_rules=request.house_rules,
        )

    for window in stay_windows(request):
        if window.nights <= 0:
            found.stays.setdefault(window.city, [])
            continue
        found.stays[window.city] = ask(window)
    if "flight" not in request.avoid_transport and _long_haul(request, provider):
        for offset in range(1, MAX_ARRIVAL_OFFSET + 1):
            late = stay_windows(request, offset)[0]
            if late.nights >= 1:
                found.late_stays[late_stay_key(late.city, late.check_in)] = ask(late)
    return Candidates(stays=found.stays, late_stays=found.late_stays)


def find_activities(request: TripRequest, provider: TravelProvider) -> Candidates:
    """Things to do and places to eat in each city, plus the city's facts and place."""
    currency = trip_currency(request)
    found = Candidates()
    for dest in request.destinations:
        if dest.city in found.activities:
            continue
        found.activities[dest.city] = provider.activities(
            dest.city, interests=request.interests, currency=currency
        )
        found.restaurants[dest.city] = provider.restaurants(
            dest.city, cuisines=request.cuisines, currency=currency
        )
        found.facts[dest.city] = provider.facts(
            dest.city,
            passport=request.passport_country,
            start=request.start_date,
            end=request.end_date,
        )
        found.places[dest.city] = provider.resolve(dest.city)
    origin_name = request.origin_city or request.origin
    if origin_name not in found.places:
        found.places[origin_name] = provider.resolve(request.origin)
    return found


def merge_candidates(*parts: Candidates) -> Candidates:
    """One ``Candidates`` from the parts the parallel finders returned."""
    merged = Candidates()
    for part in parts:
        if part.legs:
            merged.legs = part.legs
        merged.stays.update(part.stays)
        merged.late_stays.update(part.late_stays)
        merged.activities.update(part.activities)
        merged.restaurants.update(part.restaurants)
        merged.facts.update(part.facts)
        merged.places.update(part.places)
    return merged


def gather_candidates(request: TripRequest, provider: TravelProvider) -> Candidates:
    """Every option for the trip, asked of the provider one part after another."""
    return merge_candidates(
        find_flights(request, provider),
        find_stays(request, provider),
        find_activities(request, provider),
    )


def trip_days(request: TripRequest) -> list[tuple[date, str]]:
    """Each day of the trip and the city it is spent in (a moving day counts for the new city)."""
    windows = stay_windows(request)
    out = []
    for offset in range(request.days):
        day = request.start_date + timedelta(offset)
        city = windows[-1].city
        for window in windows:
            if window.check_in <= day < window.check_out:
                city = window.city
                break
        out.append((day, city))
    return out
