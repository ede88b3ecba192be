"""The options a trip can be built from: transport per leg, stays, activities, meals, facts.

``gather_candidates`` asks the provider for everything; the agents call ``find_flights``,
``find_stays`` and ``find_activities`` in parallel instead, each returning a ``Candidates``
holding only its part, and join them with ``merge_candidates``. ``split_days`` decides how
many nights each city of a multi-city trip gets, which fixes every leg's date and every
stay's check-in and check-out.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field

from lotara.errors import InvalidValue, UnknownPlace
from lotara.models import (
    DOOR_TO_DOOR,
    Activity,
    Connection,
    DestinationFacts,
    FlightOption,
    GroundLeg,
    Place,
    Restaurant,
    Stay,
    Transfer,
    TripRequest,
)
from lotara.planning.interests import refused_by, refused_words
from lotara.planning.timing import lead_minutes, leg_times
from lotara.world.lands import haversine_km
from lotara.world.places import served_airports_near
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
    origin_country: str = Field(default="", description="ISO code, to tell same-named towns apart")
    destination_country: str = ""
    gateway: bool = Field(
        default=False,
        description="a hop added through a gateway city: the trip's own stop had no way on",
    )
    connects_from: Connection | None = Field(
        default=None,
        description="a gateway hop's origin: the connection from the hop before it, where "
        "the traveller changes and stays nowhere",
    )
    connects_to: Connection | None = Field(
        default=None, description="a gateway hop's destination: the connection to the next hop"
    )


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
    notes: list[str] = Field(
        default_factory=list,
        description="how the trip's shape was changed to be made (a hop through a gateway)",
    )
    transfers: dict[str, list[Transfer]] = Field(
        default_factory=dict,
        description="the airport transfers of each gateway city that is no stop of the trip, "
        "for a connection between a flight and a train, coach or ferry there",
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
    stops = [(request.origin_city or request.origin, request.origin, "")]
    stops += [(d.city, d.iata, d.country) for d in request.destinations]
    stops.append(stops[0])
    days = [request.start_date] + [w.check_out for w in windows[:-1]] + [request.end_date]
    legs = []
    for a, b, day in zip(stops, stops[1:], days, strict=False):
        legs.append(
            LegOptions(
                origin_city=a[0],
                origin=a[1],
                origin_country=a[2],
                destination_city=b[0],
                destination=b[1],
                destination_country=b[2],
                date=day,
            )
        )
    return legs


def find_flights(request: TripRequest, provider: TravelProvider) -> Candidates:
    """Flights and ground options for every hop, without the modes the traveller avoids.

    A hop with no way at all (a town with no flight home, an island with no ferry to the
    next) goes through a gateway when one makes it: by ground to a city that flies on, or
    by air to one with a road, rail or ferry link, on the same day, with a note saying so.
    A hop that nothing makes is an ``InvalidValue`` that says why.
    """
    currency = trip_currency(request)
    legs, notes = [], []
    for index, leg in enumerate(legs_of(request)):
        _fill(request, provider, leg, currency, first=index == 0)
        one_way_home = request.trip_type == "one_way" and index == len(request.destinations)
        if leg.flights or leg.ground or one_way_home:
            legs.append(leg)
            continue
        routed = _through_gateway(request, provider, leg, currency, first=index == 0)
        if routed is None:
            raise InvalidValue(_no_way(request, provider, leg))
        legs.extend(routed[0])
        notes.append(routed[1])
    stops = {d.city for d in request.destinations} | {request.origin, request.origin_city}
    gateways = {
        leg.destination_city: (leg.destination_country, leg.destination)
        for leg in legs
        if leg.connects_to and leg.destination_city not in stops
    }
    found = Candidates(legs=legs, notes=notes)
    for city, (country, code) in sorted(gateways.items()):
        # Its time zone (the legs through it are laid out in it) and its airport transfers;
        # a gateway the world cannot place is laid out without (the notes say no transfer).
        name = _ground_name(provider, city, country, code)
        try:
            found.places[city] = provider.resolve(name)
            found.transfers[city] = provider.transfers(name, currency=currency)
        except UnknownPlace:
            continue
    return found


def _fill(
    request: TripRequest,
    provider: TravelProvider,
    leg: LegOptions,
    currency: str,
    *,
    first: bool,
) -> None:
    """Ask the provider for the hop's flights and ground legs, less the avoided modes."""
    avoid = set(request.avoid_transport)
    if "flight" not in avoid and leg.origin != leg.destination:
        leg.flights = provider.flights(
            leg.origin,
            leg.destination,
            leg.date,
            travelers=request.travelers,
            currency=currency,
        )
        if first and request.flexible_departure:
            leg.flights = _day_before(request, provider, leg, currency) + leg.flights
    ends = (
        _ground_name(provider, leg.origin_city, leg.origin_country, leg.origin),
        _ground_name(provider, leg.destination_city, leg.destination_country, leg.destination),
    )
    legs = [
        g
        for g in provider.ground_legs(*ends, travelers=request.travelers, currency=currency)
        if g.mode not in avoid
    ]
    shift = _clock_change(provider, *ends, leg.date) if legs else 0
    leg.ground = [g.model_copy(update={"clock_change_minutes": shift}) for g in legs]


def _clock_change(provider: TravelProvider, origin: str, destination: str, day: date) -> int:
    """How many minutes ``destination``'s clock is ahead of ``origin``'s at noon on ``day``
    (London to Paris: 60), 0 where either has no known time zone."""
    try:
        zones = [ZoneInfo(provider.resolve(name).timezone or "") for name in (origin, destination)]
    except (UnknownPlace, ValueError, ZoneInfoNotFoundError):
        return 0
    noon = datetime.combine(day, time(12))
    offsets = [noon.replace(tzinfo=z).utcoffset() or timedelta() for z in zones]
    return int((offsets[1] - offsets[0]).total_seconds() // 60)


def _ground_name(provider: TravelProvider, city: str, country: str, code: str) -> str:
    """The name that finds this stop, not a namesake, when the ground legs are asked by
    name: Santa Barbara, US rather than the Venezuelan town; Lagos, PT rather than Nigeria;
    the airport's own code when no name finds the place it serves (Ajaccio, AJA)."""
    if not country:
        return city
    names = (city, f"{city}, {country}")
    found: list[tuple[str, Place]] = []
    for name in names:
        try:
            found.append((name, provider.resolve(name)))
        except UnknownPlace:
            continue
    for name, place in found:
        if place.country == country and code in place.airports:
            return name
    try:
        by_code = provider.resolve(code)
    except UnknownPlace:
        by_code = None
    if by_code is not None and by_code.country == country and by_code.city == city:
        return code
    for name, place in found:
        if place.country == country:
            return name
    return city


GATEWAY_KM = 450.0
"""How far (straight line) a gateway may be from the stop it stands in for."""
MAX_GATEWAYS = 6
COUNTRY_HUBS = 2
COUNTRY_HUB_KM = 3000.0
"""An island or remote town flown to only from its country's big airports (Galapagos from
Guayaquil, Bora Bora from Papeete): the two nearest within this reach are gateways too."""
GATEWAY_SLACK_MINUTES = 60
"""Time between arriving by ground and the airport's check-in lead, and back."""


def _through_gateway(
    request: TripRequest,
    provider: TravelProvider,
    leg: LegOptions,
    currency: str,
    *,
    first: bool,
) -> tuple[list[LegOptions], str] | None:
    """The hop made as two on its day through a gateway city, and the note that says so.

    Either the stranded start goes to a gateway (by ground or a short flight) and on from
    there, or the hop goes to a gateway near the stranded end and on to it; the options
    kept are those that connect on the day (``_connect``). Gateways are the trip's own
    cities first, then the busiest airports near the stranded end.
    """
    try:
        start = provider.resolve(
            _ground_name(provider, leg.origin_city, leg.origin_country, leg.origin)
        )
        end = provider.resolve(
            _ground_name(provider, leg.destination_city, leg.destination_country, leg.destination)
        )
    except UnknownPlace:
        return None
    long_hop = haversine_km(start.lat, start.lon, end.lat, end.lon) > GATEWAY_KM
    shared = bool(set(start.airports) & set(end.airports))
    found: list[tuple[datetime, float, list[LegOptions], str]] = []
    for at_start, near in ((True, start), (False, end)):
        for city, code, country in _gateways(request, provider, near, exclude=(start, end)):
            hop = _hop(leg, city, code, country, to_gateway=True)
            on = _hop(leg, city, code, country, to_gateway=False)
            short, far = (hop, on) if at_start else (on, hop)
            try:
                for part in (hop, on):
                    _fill(request, provider, part, currency, first=first and part is hop)
            except UnknownPlace:  # an airport the ground tables cannot place
                continue
            if long_hop:
                far.ground = []  # the long way is flown; the gateway hop is the short one
            if shared:  # one airport serves both ends (Amalfi and Capri): no flight joins them
                hop.flights, on.flights = [], []
            if not (hop.flights or hop.ground) or not (on.flights or on.ground):
                continue
            made = _connect(hop, on)
            if made is None:
                continue
            hop.connects_to = _connection(city, on, arriving=False)
            on.connects_from = _connection(city, hop, arriving=True)
            stranded, other = (
                (leg.origin_city, leg.destination_city)
                if at_start
                else (leg.destination_city, leg.origin_city)
            )
            note = (
                f"{stranded} has no way to {other} on {leg.date:%d %b}: the plan goes "
                f"from {stranded} to {city} and on from {city} to {other}, the same day."
                if at_start
                else f"Nothing reaches {stranded} from {other} on {leg.date:%d %b}: the plan "
                f"goes from {other} to {city} and on from {city} to {stranded}, the same day."
            )
            detour = haversine_km(near.lat, near.lon, *_point(provider, short, at_start))
            there = min(arrive for _, arrive, _, _ in _times(made[-1]))
            found.append((there, detour, made, note))
            break
    if not found:
        return None
    # The way that gets there first (a change of planes at Keflavik, not a flight to
    # Providence and a coach home to New York), the shorter detour on a tie.
    _, _, made, note = min(found, key=lambda f: (f[0], f[1]))
    return made, note


def _hop(leg: LegOptions, city: str, code: str, country: str, *, to_gateway: bool) -> LegOptions:
    """One half of ``leg`` through the gateway ``city``: to it, or on from it."""
    if to_gateway:
        ends = dict(destination_city=city, destination=code, destination_country=country)
    else:
        ends = dict(origin_city=city, origin=code, origin_country=country)
    return leg.model_copy(update={**ends, "flights": [], "ground": [], "gateway": True})


def _connection(city: str, other: LegOptions, *, arriving: bool) -> Connection:
    """The gateway end of a hop, said by how ``other``, the hop it connects with, is made:
    by flight (from or to which airport, the one most of its flights use), by ground, or
    only by drives and taxis (which go to the airport's door)."""
    if not other.flights:
        door = all(g.mode in DOOR_TO_DOOR for g in other.ground)
        return Connection(city=city, by="drive" if door else "ground")
    airports = [f.segments[-1 if arriving else 0] for f in other.flights if f.segments]
    codes = [s.destination if arriving else s.origin for s in airports]
    airport = max(sorted(set(codes)), key=codes.count) if codes else ""
    return Connection(city=city, by="flight", airport=airport)


def _point(provider: TravelProvider, hop: LegOptions, at_start: bool) -> tuple[float, float]:
    """The gateway end of ``hop`` as (lat, lon)."""
    city, country, code = (
        (hop.destination_city, hop.destination_country, hop.destination)
        if at_start
        else (hop.origin_city, hop.origin_country, hop.origin)
    )
    place = provider.resolve(_ground_name(provider, city, country, code))
    return place.lat, place.lon


def _gateways(
    request: TripRequest, provider: TravelProvider, near: Place, exclude: tuple[Place, ...]
) -> list[tuple[str, str, str]]:
    """(city, code, country) of the places a stranded stop may be reached through: the
    trip's own cities nearby, the busiest airports nearby, the country's nearest big ones."""
    seen = {(p.city, p.country) for p in exclude}
    out: list[tuple[str, str, str]] = []

    def far(place: Place) -> float:
        return haversine_km(near.lat, near.lon, place.lat, place.lon)

    own: list[tuple[float, str, str, str]] = []
    for dest in request.destinations:
        try:
            place = provider.resolve(_ground_name(provider, dest.city, dest.country, dest.iata))
        except UnknownPlace:
            continue
        if far(place) <= GATEWAY_KM:
            own.append((far(place), dest.city, dest.iata, dest.country))
    for _, city, code, country in sorted(own):
        if (city, country) not in seen:
            seen.add((city, country))
            out.append((city, code, country))
    nearby = served_airports_near(near.lat, near.lon, GATEWAY_KM, MAX_GATEWAYS)
    hubs = served_airports_near(
        near.lat, near.lon, COUNTRY_HUB_KM, COUNTRY_HUBS, country=near.country, sizes=("large",)
    )
    for code in [*nearby, *hubs]:
        try:
            place = provider.resolve(code)
        except UnknownPlace:
            continue
        if (place.city, place.country) in seen or code in near.airports:
            continue
        seen.add((place.city, place.country))
        out.append((place.city, code, place.country))
    return out


def _times(leg: LegOptions) -> list[tuple[datetime, datetime, str, object]]:
    """Each option of a hop as (local departure, local arrival, kind, option)."""
    out: list[tuple[datetime, datetime, str, object]] = []
    options: list[FlightOption | GroundLeg] = [*leg.flights, *leg.ground]
    for option in options:
        times = leg_times(leg.date, option)
        out.append((times.depart, times.arrive, times.kind, option))
    return out


def _connect(first: LegOptions, then: LegOptions) -> list[LegOptions] | None:
    """Both hops of a gateway, kept to the options that connect whichever pair is chosen.

    One moment splits them: the first hop's options arriving by then, the second's leaving
    at least their check-in lead after it. The split keeping the most pairs wins (the
    earliest on a tie); None when no option of the first hop connects with one of the second.
    """
    one, two = _times(first), _times(then)
    best: tuple[int, datetime] | None = None
    for _, arrive, _, _ in one:
        pairs = sum(1 for _, a, _, _ in one if a <= arrive) * sum(
            1 for d, _, kind, _ in two if d - timedelta(minutes=lead_minutes(kind)) >= arrive
        )
        if pairs and (best is None or pairs > best[0] or (pairs == best[0] and arrive < best[1])):
            best = (pairs, arrive)
    if best is None:
        return None
    split = best[1]
    keep_one = [o for _, a, _, o in one if a <= split]
    keep_two = [o for d, _, k, o in two if d - timedelta(minutes=lead_minutes(k)) >= split]
    for leg, kept in ((first, keep_one), (then, keep_two)):
        leg.flights = [o for o in kept if isinstance(o, FlightOption)]
        leg.ground = [o for o in kept if isinstance(o, GroundLeg)]
    return [first, then]


def _no_way(request: TripRequest, provider: TravelProvider, leg: LegOptions) -> str:
    """One sentence on why a hop cannot be made, and what would make it."""
    where = f"{leg.origin_city} to {leg.destination_city} on {leg.date.isoformat()}"
    avoided = [m for m in request.avoid_transport]
    if avoided:
        everything = request.model_copy(update={"avoid_transport": []})
        probe = leg.model_copy(update={"flights": [], "ground": []})
        _fill(everything, provider, probe, trip_currency(request), first=False)
        modes = sorted({"flight"} if probe.flights else set())
        modes += sorted({g.mode for g in probe.ground} - set(modes))
        if modes:
            return (
                f"No way found from {where} without {', '.join(avoided)}: only "
                f"{' or '.join(m.replace('_', ' ') for m in modes)} makes that journey; "
                "allow it or change the trip."
            )
    return (
        f"No way found from {where}: no flight, train, coach, car or ferry makes that "
        "journey that day, not even through a nearby city; choose another city or date."
    )


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
    countries = {d.city: d.country for d in request.destinations}

    def ask(window: StayWindow) -> list[Stay]:
        return provider.stays(
            _asked_as(provider, window.city, countries.get(window.city)),
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
        where = _asked_as(provider, dest.city, dest.country)
        offered = provider.activities(where, interests=request.interests, currency=currency)
        found.activities[dest.city] = [
            a for a in offered if not refused_by(a.name, a.tags, request.avoid_sights)
        ]
        left = [a.name for a in offered if a not in found.activities[dest.city]]
        if left:
            shown = ", ".join(left[:3]) + (f" and {len(left) - 3} more" if len(left) > 3 else "")
            found.notes.append(
                f"Left out in {dest.city}, as asked (no {refused_words(request.avoid_sights)}): "
                f"{shown}."
            )
        found.restaurants[dest.city] = provider.restaurants(
            where, cuisines=request.cuisines, currency=currency
        )
        found.facts[dest.city] = provider.facts(
            where,
            passport=request.passport_country,
            start=request.start_date,
            end=request.end_date,
        )
        found.places[dest.city] = _place_of(provider, dest.city, dest.country)
    origin_name = request.origin_city or request.origin
    if origin_name not in found.places:
        found.places[origin_name] = provider.resolve(request.origin)
    return found


def _asked_as(provider: TravelProvider, city: str, country: str | None) -> str:
    """How to name a stop to the provider: with its country where the provider reads one, so
    that a bare "George Town" is not the Bahamas' for a Penang trip, nor "Versailles" the
    Missouri town's sights for a trip to France."""
    if country:
        try:
            provider.resolve(f"{city}, {country}")
            return f"{city}, {country}"
        except UnknownPlace:
            pass  # a provider that knows names only
    return city


def _place_of(provider: TravelProvider, city: str, country: str | None) -> Place:
    """A stop's place, asked as ``_asked_as`` names it."""
    return provider.resolve(_asked_as(provider, city, country))


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
        merged.notes.extend(part.notes)
        merged.transfers.update(part.transfers)
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
