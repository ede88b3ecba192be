"""The embedded offline world: lotara's default travel provider, no network and no key.

Places come from airportsdata and the city catalogue; fares, stays and ground legs from
the deterministic models in ``fares``, ``lodging`` and ``ground``; attractions and
restaurants from the catalogue, with clearly labelled generic suggestions elsewhere. Every
result says ``source="offline-estimate"``; prices carry the date they were observed (the
``observed`` argument, else lotara's clock). Same question, same answer, in any process.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, ClassVar

from lotara import clock
from lotara.errors import InvalidValue, UnknownPlace
from lotara.models import (
    Activity,
    DestinationFacts,
    FlightOption,
    FlightSegment,
    GroundLeg,
    LocalTransport,
    Place,
    Restaurant,
    Stay,
    Transfer,
)
from lotara.world import (
    catalogue,
    entry,
    events,
    fares,
    gazetteer,
    ground,
    lodging,
    noise,
    service,
    transit,
)
from lotara.world.catalogue import cuisine_label
from lotara.world.countries import country
from lotara.world.generic import generic_activities, generic_restaurants
from lotara.world.labels import OFFLINE_SOURCE
from lotara.world.money import convert, display_round, known_currency
from lotara.world.places import (
    BUSY_AIRPORTS,
    FUZZY_ACCEPT,
    METRO_CODES,
    PlaceIndex,
    airports,
    haversine_km,
    nearest_served_airport,
    served_airports_near,
)
from lotara.world.public_holidays import holidays_between

MIN_FLIGHT_KM = fares.MIN_FLIGHT_KM
"""Closer than this nobody flies: ground legs only."""

DOMESTIC_ONLY = frozenset("ITM LGA DCA MDW CGH SDU YTZ DAL HOU BUR".split())
"""Airports of multi-airport cities that (almost) only fly domestic or short cross-border."""

FEEDER_KM = 3000.0
"""How far a small airport's own country's big airports feed it (the hub it connects at)."""

SAME_CITY_KM = 35.0
"""A closed or unserved airport's city flies from a served airport this close."""

MIN_CONNECTION_MINUTES = 60
"""The least time between two flights at a hub."""

MIN_RESTAURANTS = 21
"""Catalogue cities with fewer typical restaurants are topped up with generic ones, so a
week's breakfasts, lunches and dinners need not repeat a place."""
CATALOGUE_REACH_KM = 80.0
"""A place named like a catalogue city is that city only in its country and this close."""
SAME_PLACE_KM = 15.0
"""A town this close to a catalogue city of its country is that city by another name
(George Town is Penang's city, Giza faces Cairo): it gets the city's sights and meals."""


class OfflineWorld:
    """Flights, stays, activities, restaurants, ground legs and facts, all estimated offline."""

    name = "offline"
    _shared: ClassVar[OfflineWorld | None] = None

    def __init__(self) -> None:
        self._index: PlaceIndex | None = None
        self._resolved: dict[str, Place] = {}
        self._route_names: dict[tuple[str, str, float, float], str] = {}
        self._route_tables: ground.RouteTables | None = None
        self._airports: dict[str, fares.Airport] = {}
        self._hubs: frozenset[str] | None = None
        self._routes: dict[
            tuple[tuple[str, ...], tuple[str, ...]],
            tuple[list[tuple[fares.Airport, fares.Airport]], list[list[fares.Airport]]],
        ] = {}

    @classmethod
    def shared(cls) -> OfflineWorld:
        """The process-wide instance: tables load once and answers are cached."""
        if cls._shared is None:
            cls._shared = cls()
        return cls._shared

    # --- places ------------------------------------------------------------------------

    @property
    def index(self) -> PlaceIndex:
        if self._index is None:
            self._index = PlaceIndex(catalogue.city_rows())
        return self._index

    def resolve(self, text: str) -> Place:
        """The place meant by ``text`` (a code, a name, a typo); ``UnknownPlace`` if none."""
        key = (text or "").strip()
        place = self._resolved.get(key)
        if place is None:
            place = self.index.resolve(key)
            if place.airports and not any(service.scheduled(c) for c in place.airports):
                near = self._same_city_airport(place.airports[0])
                if near is not None:  # the airport the city flies from now, for transfers
                    place = place.model_copy(update={"airports": [*place.airports, near]})
            self._resolved[key] = place
        return place.model_copy()

    @staticmethod
    def _same_city_airport(code: str) -> str | None:
        """The served airport within ``SAME_CITY_KM`` of an unserved one, if any."""
        row = airports().get(code)
        if row is None:
            return None
        near, km = nearest_served_airport(row["lat"], row["lon"])
        return near if near is not None and km <= SAME_CITY_KM else None

    def _city(self, city: str) -> tuple[Place, dict[str, Any] | None]:
        place = self.resolve(city)
        row = catalogue.by_name().get(place.city) or self._catalogue_city_at(place)
        # Paris, Texas and Portland, Maine share a name, not the catalogue's sights.
        if row is not None and (
            row["country"] != place.country
            or haversine_km(row["lat"], row["lon"], place.lat, place.lon) > CATALOGUE_REACH_KM
        ):
            row = None
        return place, row

    def _catalogue_city_at(self, place: Place) -> dict[str, Any] | None:
        """The catalogue city a place is under another name (George Town is Penang's city):
        one of its country within ``SAME_PLACE_KM``."""
        near = [
            (haversine_km(row["lat"], row["lon"], place.lat, place.lon), row["name"])
            for row in catalogue.city_rows()
            if row["country"] == place.country
        ]
        close = [name for km, name in sorted(near) if km <= SAME_PLACE_KM]
        return catalogue.by_name()[close[0]] if close else None

    def _listed_name(self, place: Place) -> str:
        """The name the corridor and ferry tables know ``place`` by: its own name when the
        bare name means this place, else a qualified one no listed route uses (the Seattle-
        Portland train goes to Oregon, not to Portland, Maine)."""
        try:
            bare = self.resolve(place.city)
        except UnknownPlace:
            return place.city
        near = haversine_km(bare.lat, bare.lon, place.lat, place.lon) <= CATALOGUE_REACH_KM
        same = bare.country == place.country and near
        return place.city if same else f"{place.city}, {place.country}"

    def route_name(self, place: Place) -> str:
        """The one name the corridor and ferry tables know ``place`` by, however it was typed.

        The reader takes a town's words to the gazetteer's town of that name ("Frankfurt" is
        Frankfurt am Main, "Koh Phangan" Ko Pha Ngan), while a code or a bare name may come
        back by an airport's city name ("Frankfurt"); both are the gazetteer's town when it
        stands within ``CATALOGUE_REACH_KM``, named as ``_listed_name`` names it."""
        key = (place.city, place.country, place.lat, place.lon)
        found = self._route_names.get(key)
        if found is None:
            found = self._listed_name(self._gazetteer_town(place) or place)
            self._route_names[key] = found
        return found

    def route_tables(self) -> ground.RouteTables:
        """The corridor and ferry tables keyed by this world's ``route_name`` of each end."""
        if self._route_tables is None:
            self._route_tables = ground.route_tables(self)
        return self._route_tables

    def listed_route(self, kind: str, a: str, b: str) -> list[Any] | None:
        """The listed ``kind`` ("rail" or "ferry") route between two ``route_name``s."""
        return ground.listed_route(self.route_tables(), kind, a, b)

    def route_town(self, text: str) -> str | None:
        """The ``route_name`` of the town a route table writes as ``text``: the place the
        reader makes of those words (the gazetteer's best-known town of the name, as it reads
        "Cordoba" as Spain's; a well-known town's other spelling as that town, "Saranda" as
        Sarandë), or None when the world knows no such place."""
        hits = gazetteer.lookup_key(gazetteer.normalise(text))
        for written in [*(h.place for h in hits if h.kind == "city" and h.place), text]:
            try:
                return self.route_name(self.resolve(written))
            except UnknownPlace:
                continue
        spelt = _well_known_spelling(text)
        return self.route_town(spelt) if spelt else None

    def route_town_through(self, text: str) -> str | None:
        """The ``route_name`` of the town the reader makes of a route table's ``text`` when
        the name is first a region's, an island's or a country's: that place's first
        destination ("Ayutthaya" is Phra Nakhon Si Ayutthaya, "Penang" George Town,
        "Seychelles" Victoria); None when it is first a town's or the world has no such."""
        hits = gazetteer.lookup_key(gazetteer.normalise(text))
        if not hits or hits[0].kind in ("city", "airport", "sight") or not hits[0].destinations:
            return None
        try:
            return self.route_name(self.resolve(hits[0].destinations[0]))
        except UnknownPlace:
            return None

    def _gazetteer_town(self, place: Place) -> Place | None:
        """The place the reader makes of ``place``'s name in its country, if that is here."""
        for hit in gazetteer.lookup_key(gazetteer.normalise(place.city)):
            if hit.kind != "city" or not hit.place or hit.country != place.country:
                continue
            try:
                town = self.resolve(hit.place)
            except UnknownPlace:
                continue
            if haversine_km(town.lat, town.lon, place.lat, place.lon) <= CATALOGUE_REACH_KM:
                return town
        return None

    def _airport(self, code: str) -> fares.Airport:
        found = self._airports.get(code)
        if found is None:
            row = airports()[code]
            size = service.size_of(code)
            if size is not None:
                major = size == "large" and (code in BUSY_AIRPORTS or code in fares.HUBS)
                size = "major" if major else "small" if size == "small" else "regional"
            found = fares.Airport(code, row["country"], row["lat"], row["lon"], row["tz"], size)
            self._airports[code] = found
        return found

    @property
    def hub_codes(self) -> frozenset[str]:
        """Where connections are made: the world's hubs, and each country's busy big airports."""
        if self._hubs is None:
            busy = {c for c in BUSY_AIRPORTS if service.size_of(c) == "large"}
            self._hubs = frozenset(fares.HUBS) | frozenset(busy)
        return self._hubs

    def _routing(
        self, src: tuple[fares.Airport, ...], dst: tuple[fares.Airport, ...]
    ) -> tuple[list[tuple[fares.Airport, fares.Airport]], list[list[fares.Airport]]]:
        """The plausible nonstop pairs and the connecting hubs between two cities' airports.

        Kept per pair of airport lists: the network does not change with the date.
        """
        key = (tuple(a.code for a in src), tuple(b.code for b in dst))
        found = self._routes.get(key)
        if found is None:
            hub_codes = self.hub_codes
            main_a, main_b = src[0], dst[0]
            pairs = [(a, b) for a in src for b in dst if fares.nonstop_plausible(a, b, hub_codes)]
            hubs = self._hubs_for(main_a.country, main_b.country)
            if not pairs:  # no nonstop: an end's own country's big airports feed it too
                hubs += [h for h in self._feeders(main_a, main_b) if h not in hubs]
            limit = 1.25 if pairs else 1.6  # with a nonstop on offer, only sensible detours
            via = [[h] for h in fares.connection(main_a, main_b, hubs, hub_codes, limit)[:2]]
            if not via and not pairs:
                via = [list(p) for p in fares.double_connection(main_a, main_b, hubs, hub_codes)]
            found = (pairs, via)
            self._routes[key] = found
        return found

    def _hubs_for(self, *countries: str) -> list[fares.Airport]:
        """The world's hubs and the hubs of ``countries``, once each."""
        table = airports()
        codes = [h for h in fares.HUBS if h in table]
        codes += sorted(
            c
            for c in self.hub_codes
            if c in table and c not in fares.HUBS and table[c]["country"] in countries
        )
        return [self._airport(c) for c in codes]

    def _feeders(self, *ends: fares.Airport) -> list[fares.Airport]:
        """The hubs a small airport with no nonstop feeds: its country's nearest big airports
        (Papeete for Bora Bora, Quito and Guayaquil for the Galapagos), where no world hub
        is its own."""
        codes = [
            code
            for end in ends
            for code in served_airports_near(
                end.lat, end.lon, FEEDER_KM, 2, country=end.country, sizes=("large", "medium")
            )
            if code != end.code
        ]
        return [self._airport(c) for c in dict.fromkeys(codes)]

    def _city_of(self, text: str) -> str:
        """The catalogue or airport city a code or name stands for ('' when none)."""
        row = self.index.by_iata.get(text.strip().upper())
        if row:
            return str(row["name"])
        try:
            return self.resolve(text).city
        except UnknownPlace:
            return ""

    def _served(self, text: str) -> list[str]:
        """The airports with airline service behind a code (metro, catalogue city, airport)
        or a city's name; when none has service, the served airport the city itself uses
        (within ``SAME_CITY_KM``: Ulan Bator's old airport closed, its flights go to the new
        one); else empty."""
        codes = self._codes(text)
        served = [c for c in codes if service.scheduled(c)]
        if served or not codes:
            return served
        near = self._same_city_airport(codes[0])
        return [near] if near is not None else []

    def _codes(self, text: str) -> list[str]:
        code = text.strip().upper()
        if code in METRO_CODES:
            return list(METRO_CODES[code])
        if code in airports():
            return [code]
        row = self.index.by_iata.get(code)
        if row:
            return list(row["airports"])
        # Not a code: a city name still finds its airports ("Tokyo", "Kyoto").
        return list(self.resolve(text).airports)

    # --- flights -----------------------------------------------------------------------

    def flights(
        self,
        origin: str,
        destination: str,
        day: date,
        *,
        travelers: int = 1,
        currency: str = "USD",
        observed: date | None = None,
    ) -> list[FlightOption]:
        """Flights from ``origin`` to ``destination`` (IATA codes) leaving on ``day``."""
        _check_currency(currency)
        observed = observed or clock.today()
        if day < observed:
            return []
        src = [self._airport(c) for c in self._served(origin)]
        dst = [self._airport(c) for c in self._served(destination)]
        if not src or not dst or {a.code for a in src} & {b.code for b in dst}:
            return []
        if src[0].country != dst[0].country:
            src = [a for a in src if a.code not in DOMESTIC_ONLY] or src
            dst = [b for b in dst if b.code not in DOMESTIC_ONLY] or dst
        main_a, main_b = src[0], dst[0]
        if fares.distance_km(main_a, main_b) < MIN_FLIGHT_KM:
            return []
        route = f"{origin.upper()}-{destination.upper()}"
        carriers = sorted(
            fares.CARRIERS, key=lambda c: noise.unit("carrier", route, c[1])
        )  # each route has its own carriers, in a fixed order
        options: list[tuple[float, list[fares.Segment]]] = []
        pairs, via = self._routing(tuple(src[:2]), tuple(dst[:2]))
        if pairs:
            # Busy airports at both ends: several carriers fly it; a quiet route has one.
            busy = sum(1 for a in (main_a, main_b) if a.code in BUSY_AIRPORTS)
            for i, carrier in enumerate(carriers[: 1 + busy]):
                a, b = pairs[i % len(pairs)]
                leave = fares.departure(a, b, day, route, carrier[1], i)
                seg = fares.fly(carrier, a, b, leave, f"{route}{i}")
                factor = noise.between(0.95, 1.2, "premium", route, carrier[1])
                options.append((factor, [seg]))
        for j, stops in enumerate(via):
            carrier = carriers[3 + j]
            points = [main_a, *stops, main_b]
            key = "".join(h.code for h in stops)
            segs: list[fares.Segment] = []
            leave = fares.departure(main_a, points[1], day, route, "via", key)
            for k in range(len(points) - 1):
                seg = fares.fly(carrier, points[k], points[k + 1], leave, f"{route}{key}{k}")
                if k and 0 <= seg.arrive.hour < 5 and fares.distance_km(*points[k : k + 2]) < 4000:
                    # A short connection that would land in the night waits for the morning.
                    leave = fares.next_morning(leave, route, key, k)
                    seg = fares.fly(carrier, points[k], points[k + 1], leave, f"{route}{key}{k}")
                segs.append(seg)
                if k + 2 < len(points):
                    ready = seg.arrive + timedelta(minutes=MIN_CONNECTION_MINUTES)
                    long_haul = fares.distance_km(points[k + 1], points[k + 2]) > 4000
                    leave = fares.onward(ready, long_haul, route, key, k)
            factor = noise.between(0.8, 0.95, "one-stop", route, key) + 0.1 * (len(stops) - 1)
            options.append((factor, segs))
        peak = events.fare_factor(self._city_of(destination), day)
        out = []
        for factor, segs in options:
            a, b = segs[0].origin, segs[-1].destination
            each_usd = fares.fare_usd(a, b, day, observed) * factor * peak
            each = display_round(convert(each_usd, "USD", currency), currency)
            out.append(
                self._option(origin, destination, day, segs, each, travelers, currency, observed)
            )
        return sorted(out, key=lambda f: (f.price, f.duration_minutes, f.id))

    @staticmethod
    def _option(
        origin: str,
        destination: str,
        day: date,
        segs: list[fares.Segment],
        each: float,
        travelers: int,
        currency: str,
        observed: date,
    ) -> FlightOption:
        total = int((segs[-1].arrive - segs[0].depart).total_seconds() // 60)
        return FlightOption(
            id=noise.short_id("fl", day.isoformat(), *(s.number for s in segs)),
            origin=origin.upper(),
            destination=destination.upper(),
            date=day,
            segments=[
                FlightSegment(
                    carrier=s.carrier,
                    flight_number=s.number,
                    origin=s.origin.code,
                    destination=s.destination.code,
                    depart=_local(s.depart),
                    arrive=_local(s.arrive),
                    duration_minutes=s.minutes,
                )
                for s in segs
            ],
            stops=len(segs) - 1,
            duration_minutes=total,
            price=display_round(each * travelers, currency),
            price_per_person=each,
            currency=currency.upper(),
            source=OFFLINE_SOURCE,
            observed_at=observed,
        )

    # --- stays -------------------------------------------------------------------------

    def stays(
        self,
        city: str,
        check_in: date,
        check_out: date,
        *,
        travelers: int = 1,
        currency: str = "USD",
        room_type: str | None = None,
        house_rules: Sequence[str] = (),
        max_price_per_night: float | None = None,
        min_rating: float | None = None,
        observed: date | None = None,
    ) -> list[Stay]:
        """Stays in ``city`` that accept the party for those nights and honour every filter."""
        _check_currency(currency)
        nights = (check_out - check_in).days
        if nights < 1:
            raise InvalidValue(
                f"Check-out {check_out.isoformat()} must be after check-in {check_in.isoformat()}."
            )
        observed = observed or clock.today()
        place, row = self._city(city)
        info = country(place.country)
        pop = row["pop"] if row else 0.5
        areas = row["areas"] if row else []
        peak = events.lodging_factor(place.city, check_in, nights)
        out: list[Stay] = []
        getaway = catalogue.getaway(row) if row else None
        for sketch in lodging.sketches(place.city, place.lat, place.lon, areas, getaway):
            kind = sketch.kind
            if not lodging.room_type_fits(kind.room_type, room_type):
                continue
            if not lodging.allows(sketch, list(house_rules)):
                continue
            if sketch.minimum_nights > nights:
                continue
            if math.ceil(travelers / kind.max_occupancy) > kind.rooms:
                continue
            if min_rating is not None and sketch.rating < min_rating:
                continue
            usd = lodging.night_usd(
                sketch,
                price_level=info.price_level,
                pop_millions=pop,
                country=place.country,
                lat=place.lat,
                check_in=check_in,
                nights=nights,
                observed=observed,
            )
            usd *= peak
            price = display_round(convert(usd, "USD", currency), currency)
            if max_price_per_night is not None and price > max_price_per_night:
                continue
            out.append(
                Stay(
                    id=sketch.id,
                    name=sketch.name,
                    city=place.city,
                    kind="chalet" if sketch.name.startswith("Chalet ") else kind.kind,
                    room_type=kind.room_type,
                    price_per_night=price,
                    currency=currency.upper(),
                    rating=sketch.rating,
                    max_occupancy=kind.max_occupancy,
                    minimum_nights=sketch.minimum_nights,
                    house_rules=list(sketch.rules),
                    lat=sketch.lat,
                    lon=sketch.lon,
                    neighbourhood=sketch.neighbourhood,
                    step_free=kind.step_free,
                    step_free_by_kind=kind.step_free is not None,
                    source=OFFLINE_SOURCE,
                    observed_at=observed,
                )
            )
        return sorted(out, key=lambda s: (s.price_per_night, s.id))

    # --- things to do and eat ----------------------------------------------------------

    def activities(
        self, city: str, *, interests: Sequence[str] = (), currency: str = "USD"
    ) -> list[Activity]:
        """Things to do in ``city``, the best fits to ``interests`` first."""
        _check_currency(currency)
        place, row = self._city(city)
        if row is None:
            # A town the catalogue does not hold offers the listed sights beside it
            # (Disneyland from Anaheim), then what every town has.
            near = catalogue.sights_near(place.lat, place.lon)
            found = [_activity(place, a, r["currency"], currency) for a, r in near]
            found += generic_activities(place, currency)
        else:
            found = [
                _activity(place, a, row["currency"], currency) for a in catalogue.attractions(row)
            ]
        wanted = {i.strip().lower() for i in interests}
        order = {a.id: n for n, a in enumerate(found)}
        # The best fits first; among equal fits, the sights people travel for.
        return sorted(
            found, key=lambda a: (-len(wanted & set(a.tags)), -a.significance, order[a.id])
        )

    def restaurants(
        self,
        city: str,
        *,
        cuisines: Sequence[str] = (),
        max_cost: float | None = None,
        currency: str = "USD",
    ) -> list[Restaurant]:
        """Places to eat in ``city``, the asked cuisines first; ``max_cost`` per person per meal."""
        _check_currency(currency)
        place, row = self._city(city)
        found: list[Restaurant] = []
        if row is not None:
            local = row["currency"]
            for e in catalogue.eateries(row):
                found.append(
                    Restaurant(
                        id=noise.short_id("re", place.city, e.name),
                        name=e.name,
                        city=place.city,
                        cuisines=[cuisine_label(c) for c in e.cuisines],
                        average_cost=display_round(convert(e.cost, local, currency), currency),
                        currency=currency.upper(),
                        price_band=e.band,
                        meals=list(e.meals),
                        diets=list(e.diets),
                        rating=round(noise.between(3.9, 4.8, "re-rating", place.city, e.name), 1),
                        source=OFFLINE_SOURCE,
                    )
                )
        if len(found) < MIN_RESTAURANTS:
            found += generic_restaurants(place, currency, MIN_RESTAURANTS - len(found))
        if max_cost is not None:
            found = [r for r in found if r.average_cost <= max_cost]
        wanted = {c.strip().lower() for c in cuisines}
        order = {r.id: n for n, r in enumerate(found)}
        return sorted(
            found,
            key=lambda r: (not (wanted & {c.lower() for c in r.cuisines}), r.generic, order[r.id]),
        )

    # --- ground and facts --------------------------------------------------------------

    def ground_legs(
        self, origin_city: str, destination_city: str, *, travelers: int = 1, currency: str = "USD"
    ) -> list[GroundLeg]:
        """Trains, ferries, coaches, driving, hire cars and taxis that really make the trip.

        Empty when none does (an island without a ferry, an ocean): only a flight joins them.
        """
        _check_currency(currency)
        a, row_a = self._city(origin_city)
        b, _ = self._city(destination_city)
        if a.city == b.city and a.country == b.country:
            return []
        level = (country(a.country).price_level + country(b.country).price_level) / 2
        local = row_a["currency"] if row_a else country(a.country).currency
        car_day = transit.car_hire_day(a, local, "USD", listed=row_a is not None)
        return [
            GroundLeg(
                mode=o.mode,
                origin=a.city,
                destination=b.city,
                duration_minutes=o.minutes,
                distance_km=round(o.km, 1),
                cost=display_round(convert(o.cost, o.currency, currency), currency),
                currency=currency.upper(),
                description=o.description,
                depart=depart,
                source=OFFLINE_SOURCE,
            )
            for o in ground.options(
                _spot(a, self.route_name(a)),
                _spot(b, self.route_name(b)),
                level,
                travelers,
                car_day,
                self.route_tables(),
            )
            for depart in ground.departures(o.mode, o.minutes)
        ]

    def transfers(self, city: str, *, currency: str = "USD") -> list[Transfer]:
        """How to get from each of ``city``'s airports to its centre, cheapest first per airport."""
        _check_currency(currency)
        place, row = self._city(city)
        local = row["currency"] if row else country(place.country).currency
        order = {code: n for n, code in enumerate(place.airports)}
        found = transit.transfers(place, local, currency, listed=row is not None)
        return sorted(found, key=lambda t: (order.get(t.airport, 99), t.per_vehicle, t.cost))

    def local_transport(
        self, city: str, *, currency: str = "USD", car: bool = False
    ) -> LocalTransport | None:
        """What a day of getting around ``city`` costs one person (per car where one is
        needed, or with ``car`` where the traveller drives: a hire car's day)."""
        _check_currency(currency)
        place, row = self._city(city)
        local = row["currency"] if row else country(place.country).currency
        if car:
            return transit.car_hire(place, local, currency, listed=row is not None)
        return transit.local_transport(place, local, currency, listed=row is not None)

    def facts(
        self,
        city: str,
        *,
        passport: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> DestinationFacts:
        """Country, currency, time zone, public holidays in the window, entry requirement."""
        place, row = self._city(city)
        info = country(place.country)
        holidays = _holidays(place.country, start, end)
        return DestinationFacts(
            city=place.city,
            country=place.country,
            country_name=info.name,
            currency=row["currency"] if row else info.currency,
            timezone=place.timezone,
            holidays=holidays,
            events=events.between(place.city, start, end or start) if start else {},
            closures=_closures(row, holidays, start, end),
            entry=entry.requirement(passport, place.country) if passport else None,
            source=OFFLINE_SOURCE,
        )


def _activity(place: Place, a: catalogue.Attraction, local: str, currency: str) -> Activity:
    """A listed sight as an ``Activity`` of ``place``, its price in ``currency``."""
    return Activity(
        id=noise.short_id("ac", place.city, a.name),
        name=a.name,
        city=place.city,
        lat=a.lat,
        lon=a.lon,
        tags=list(a.tags),
        cost=display_round(convert(a.cost, local, currency), currency),
        currency=currency.upper(),
        duration_minutes=a.minutes,
        closed_days=list(a.closed),
        opens=a.hours.split("-")[0] if a.hours else None,
        closes=a.hours.split("-")[1] if a.hours else None,
        source=OFFLINE_SOURCE,
        significance=a.significance,
        full_day=a.full_day,
        best_time=a.best_time,
        show_time=a.show_time,
        months=list(a.months),
        closed_on_holidays=a.closed_on_holidays,
        closed_dates=list(a.closed_dates),
        step_free=a.step_free,
        children_welcome=a.children_welcome,
        day_trip_from=a.day_trip_from,
    )


@cache
def _well_known_towns() -> list[str]:
    """The names of the towns a misspelling is read as, as the reader reads a typo: each
    country's listed destinations and the catalogue's cities, normalised."""
    names = {
        gazetteer.normalise(n)
        for listed in gazetteer.curated()["destinations"].values()
        for n in listed
    }
    names |= {gazetteer.normalise(row["name"]) for row in catalogue.city_rows()}
    return sorted(names)


def _well_known_spelling(text: str) -> str | None:
    """The well-known town ``text`` is another spelling of ("Saranda" is Sarandë), at the
    ratio the world takes a misspelt name at (``FUZZY_ACCEPT``), or None."""
    from rapidfuzz import fuzz, process

    key = gazetteer.normalise(text)
    match = process.extractOne(
        key, _well_known_towns(), scorer=fuzz.ratio, score_cutoff=FUZZY_ACCEPT
    )
    return match[0] if match and match[0] != key else None


def _spot(place: Place, name: str | None = None) -> ground.Spot:
    code = place.airports[0] if place.airports else None
    return ground.Spot(name or place.city, place.country, place.lat, place.lon, code)


def _check_currency(currency: str) -> None:
    if not known_currency(currency):
        raise InvalidValue(
            f"lotara has no exchange rate for {currency!r}; use a code such as USD, EUR or JPY."
        )


def _closures(
    row: dict[str, Any] | None, holidays: dict[str, str], start: date | None, end: date | None
) -> list[str]:
    """The days in the window a sight is shut on: a public holiday it closes for, or a day
    of the year it closes (``catalogue.presumed_closures``)."""
    if row is None or start is None:
        return []
    sights = catalogue.attractions(row)
    out = []
    for n in range(((end or start) - start).days + 1):
        day = start + timedelta(days=n)
        name = holidays.get(day.isoformat())
        shut = [
            a.name
            for a in sights
            if (a.closed_on_holidays and name) or catalogue.closed_on_date(a.closed_dates, day)
        ]
        if shut:
            out.append(f"{day}{f' ({name})' if name else ''}: {', '.join(shut)} may be closed")
    return out


def _holidays(code: str, start: date | None, end: date | None) -> dict[str, str]:
    return holidays_between(code, start, end or start) if start else {}


def _local(moment: datetime) -> str:
    return moment.replace(tzinfo=None).isoformat(timespec="minutes")
