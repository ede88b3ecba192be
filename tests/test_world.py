"""The offline world: names resolve, fares move the right way, stays honour every filter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta

import pytest

from lotara.errors import InvalidValue, UnknownPlace
from lotara.models import HOUSE_RULES, ROOM_TYPES
from lotara.world.money import convert
from lotara.world.offline import OfflineWorld
from lotara.world.provider import OFFLINE_SOURCE, TravelProvider

OBSERVED = date(2027, 3, 1)


@pytest.fixture(scope="module")
def world() -> OfflineWorld:
    return OfflineWorld.shared()


def test_offline_world_is_a_travel_provider(world: OfflineWorld) -> None:
    assert isinstance(world, TravelProvider)
    assert OfflineWorld.shared() is world


@pytest.mark.parametrize(
    ("text", "city", "country", "iata"),
    [
        ("New York", "New York", "US", "NYC"),
        ("NYC", "New York", "US", "NYC"),
        ("JFK", "New York", "US", "JFK"),
        ("Tokyo", "Tokyo", "JP", "TYO"),
        ("tokyo", "Tokyo", "JP", "TYO"),
        ("Barcelna", "Barcelona", "ES", "BCN"),
        ("Paris", "Paris", "FR", "PAR"),
        ("Paris, TX", "Paris", "US", "PRX"),
        ("Saigon", "Ho Chi Minh City", "VN", "SGN"),
        ("lax", "Los Angeles", "US", "LAX"),
        ("Portland", "Portland", "US", "PDX"),  # Oregon's busy airport over Maine's
        ("Valencia", "Valencia", "ES", "VLC"),
        ("Vancouver", "Vancouver", "CA", "YVR"),  # filed under Richmond in airportsdata
        ("Sapporo", "Sapporo", "JP", "CTS"),
        ("Goa", "Goa", "IN", "GOI"),  # a name first, though GOA is Genoa's code
        ("GOA", "Genova", "IT", "GOA"),  # an all-capitals code stays a code
        # Towns named like other places' codes (SPA Spartanburg, ULM New Ulm, KOS Sihanoukville)
        ("Spa", "Spa", "BE", "LGG"),
        ("spa", "Spa", "BE", "LGG"),
        ("Ulm", "Ulm", "DE", "FMM"),
        ("Kos", "Kos", "GR", "KGS"),
        ("Pau", "Pau", "FR", "PUF"),
        ("SPA", "Spartanburg", "US", "SPA"),
        ("Paris, France", "Paris", "FR", "PAR"),
        ("New York, NY", "New York", "US", "NYC"),
        ("Washington, DC", "Washington", "US", "WAS"),
        ("Portland, ME", "Portland", "US", "PWM"),
        ("Tokyo, Japan", "Tokyo", "JP", "TYO"),
        ("KIX", "Osaka", "JP", "KIX"),  # Kyoto borrows the code; it still names Osaka's airport
        ("TLV", "Tel Aviv", "IL", "TLV"),
    ],
)
def test_resolve_names_people_type(world: OfflineWorld, text, city, country, iata) -> None:
    place = world.resolve(text)
    assert (place.city, place.country, place.iata) == (city, country, iata)


def test_kyoto_has_no_airport_and_names_the_nearest_served_ones(world: OfflineWorld) -> None:
    place = world.resolve("Kyoto")
    assert place.country == "JP" and place.timezone == "Asia/Tokyo"
    assert set(place.airports) == {"KIX", "ITM"}
    assert place.iata in place.airports
    assert place.nearest_airport_km is not None and 20 < place.nearest_airport_km < 100


def test_unknown_place_names_it_and_suggests(world: OfflineWorld) -> None:
    with pytest.raises(UnknownPlace) as caught:
        world.resolve("Atlantisville-on-Sea")
    assert caught.value.name == "Atlantisville-on-Sea"
    assert "Atlantisville-on-Sea" in str(caught.value)
    with pytest.raises(UnknownPlace) as near:
        world.resolve("Barzelonia")
    assert "Barcelona" in near.value.suggestions


def test_a_made_up_place_is_not_taken_for_a_small_town_that_looks_like_it(world) -> None:
    # A made-up name is never taken for a small town that looks like it; "Atlantis" is a
    # real town (Western Cape, South Africa, in GeoNames), never Atlantic, Iowa.
    with pytest.raises(UnknownPlace):
        world.resolve("Qwxyzzyville")
    assert world.resolve("Atlantis").country == "ZA"
    assert world.resolve("Londn").city == "London"


def _cheapest(world: OfflineWorld, a: str, b: str, day: date, observed: date = OBSERVED) -> float:
    options = world.flights(a, b, day, observed=observed)
    assert options, f"no flights {a}->{b} on {day}"
    return min(o.price_per_person for o in options)


def _typical(world: OfflineWorld, a: str, b: str, days: list[date], observed=OBSERVED) -> float:
    """Mean cheapest fare over several days, so the daily wobble does not decide a direction."""
    return sum(_cheapest(world, a, b, d, observed) for d in days) / len(days)


def test_fares_grow_with_distance(world: OfflineWorld) -> None:
    days = [date(2027, 5, 4) + timedelta(days=7 * i) for i in range(4)]
    short = _typical(world, "LHR", "CDG", days)
    medium = _typical(world, "LHR", "IST", days)
    long = _typical(world, "LHR", "SIN", days)
    assert short < medium < long


def test_fares_are_dearer_in_peak_season(world: OfflineWorld) -> None:
    # Same weekday, same lead time: February low season against July peak.
    feb = [date(2028, 2, 1) + timedelta(days=7 * i) for i in range(3)]
    jul = [date(2028, 7, 4) + timedelta(days=7 * i) for i in range(3)]
    low = sum(_cheapest(world, "JFK", "CDG", d, d - timedelta(days=90)) for d in feb) / 3
    high = sum(_cheapest(world, "JFK", "CDG", d, d - timedelta(days=90)) for d in jul) / 3
    assert high > low * 1.2


def test_fares_rise_as_departure_nears(world: OfflineWorld) -> None:
    day = date(2027, 6, 15)
    early = [_cheapest(world, "LAX", "TYO", day, day - timedelta(days=n)) for n in (90, 97, 104)]
    late = [_cheapest(world, "LAX", "TYO", day, day - timedelta(days=n)) for n in (3, 4, 5)]
    assert min(late) > max(early)


def test_same_day_same_answer_and_watched_price_moves(world: OfflineWorld) -> None:
    day = date(2027, 6, 15)
    first = world.flights("LAX", "NRT", day, observed=OBSERVED)
    again = world.flights("LAX", "NRT", day, observed=OBSERVED)
    assert [f.model_dump() for f in first] == [f.model_dump() for f in again]
    watched = [_cheapest(world, "LAX", "NRT", day, OBSERVED + timedelta(days=n)) for n in range(14)]
    ups = sum(1 for a, b in zip(watched, watched[1:], strict=False) if b > a)
    downs = sum(1 for a, b in zip(watched, watched[1:], strict=False) if b < a)
    assert ups >= 2 and downs >= 2  # it goes up and down, not a flat line
    assert max(watched) / min(watched) < 1.4  # and plausibly, not wildly


def test_flights_look_like_flights(world: OfflineWorld) -> None:
    options = world.flights("LAX", "TYO", date(2027, 4, 10), travelers=2, currency="JPY")
    assert {o.stops for o in options} == {0, 1}
    for o in options:
        assert o.source == OFFLINE_SOURCE and o.observed_at == OBSERVED
        assert o.currency == "JPY" and o.price == pytest.approx(2 * o.price_per_person, abs=2)
        assert o.segments[0].origin == "LAX" and o.segments[-1].destination in {"HND", "NRT"}
        assert len(o.segments) == o.stops + 1
        assert 9 * 60 < o.duration_minutes < 22 * 60
        for s in o.segments:
            assert s.carrier in {"Meridian Air", "Cirrus Atlantic", "Solstice Airways",
                                 "Halcyon Air", "Zephyr Jet", "Lumen Airlines", "Tradewind Air",
                                 "Corvid Airways"}  # fmt: skip
        # In real instants (each end in its airport's zone): every flight takes its time,
        # a connection leaves from where the last flight landed, after it landed.
        for s in o.segments:
            took = _instant(s.arrive, s.destination) - _instant(s.depart, s.origin)
            assert s.origin != s.destination and took.total_seconds() / 60 == s.duration_minutes
        for before, after in zip(o.segments, o.segments[1:], strict=False):
            assert after.origin == before.destination
            landed = _instant(before.arrive, before.destination)
            assert _instant(after.depart, after.origin) > landed
        whole = _instant(o.segments[-1].arrive, o.segments[-1].destination) - _instant(
            o.segments[0].depart, o.segments[0].origin
        )
        assert whole.total_seconds() / 60 == o.duration_minutes
    assert world.flights("LAX", "TYO", OBSERVED - timedelta(days=1)) == []


def _instant(value: str, airport: str):
    """A segment's local time as a real instant, in its airport's zone."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from lotara.prefs import airports

    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(airports()[airport]["tz"]))


def test_local_times_follow_time_zones(world: OfflineWorld) -> None:
    (nonstop,) = [o for o in world.flights("JFK", "LHR", date(2027, 5, 5)) if o.stops == 0][:1]
    seg = nonstop.segments[0]
    from datetime import datetime
    from zoneinfo import ZoneInfo

    leave = datetime.fromisoformat(seg.depart).replace(tzinfo=ZoneInfo("America/New_York"))
    land = datetime.fromisoformat(seg.arrive).replace(tzinfo=ZoneInfo("Europe/London"))
    assert (land - leave).total_seconds() / 60 == seg.duration_minutes
    assert 6 * 60 < seg.duration_minutes < 8 * 60


STAY_IN, STAY_OUT = date(2027, 4, 10), date(2027, 4, 13)


def test_stays_several_price_levels_in_the_currency_asked(world: OfflineWorld) -> None:
    stays = world.stays("Paris", STAY_IN, STAY_OUT, currency="EUR")
    prices = [s.price_per_night for s in stays]
    assert len(stays) >= 6 and prices == sorted(prices)
    assert prices[-1] > 5 * prices[0]
    assert all(s.currency == "EUR" and s.source == OFFLINE_SOURCE for s in stays)
    assert all(s.observed_at == OBSERVED for s in stays)
    assert {s.room_type for s in stays} <= set(ROOM_TYPES)
    bangkok = world.stays("Bangkok", STAY_IN, STAY_OUT)
    paris = world.stays("Paris", STAY_IN, STAY_OUT)
    assert _median(bangkok) < _median(paris)  # price levels differ by country


def _median(stays) -> float:
    prices = sorted(s.price_per_night for s in stays)
    return prices[len(prices) // 2]


def test_stays_season_makes_summer_dearer(world: OfflineWorld) -> None:
    winter = world.stays("Rome", date(2028, 2, 8), date(2028, 2, 11), observed=OBSERVED)
    summer = world.stays("Rome", date(2028, 7, 11), date(2028, 7, 14), observed=OBSERVED)
    assert _median(summer) > _median(winter)


@pytest.mark.parametrize("room_type", ROOM_TYPES)
def test_stays_honour_room_type(world: OfflineWorld, room_type: str) -> None:
    stays = world.stays("London", STAY_IN, STAY_OUT, room_type=room_type)
    assert stays
    if room_type == "not shared room":
        assert all(s.room_type != "shared room" for s in stays)
    else:
        assert all(s.room_type == room_type for s in stays)


@pytest.mark.parametrize("rule", HOUSE_RULES)
def test_stays_honour_house_rules(world: OfflineWorld, rule: str) -> None:
    everything = world.stays("Tokyo", STAY_IN, STAY_OUT, travelers=2)
    allowed = world.stays("Tokyo", STAY_IN, STAY_OUT, travelers=2, house_rules=[rule])
    forbidding = f"No {rule}"
    assert all(forbidding not in s.house_rules for s in allowed)
    assert len(allowed) < len(everything) or all(
        forbidding not in s.house_rules for s in everything
    )


def test_stays_honour_minimum_nights_occupancy_price_and_rating(world: OfflineWorld) -> None:
    one_night = world.stays("Tokyo", STAY_IN, STAY_IN + timedelta(days=1))
    assert one_night and all(s.minimum_nights <= 1 for s in one_night)
    assert len(one_night) < len(world.stays("Tokyo", STAY_IN, STAY_IN + timedelta(days=5)))
    big_party = world.stays("Tokyo", STAY_IN, STAY_OUT, travelers=6)
    kinds = {(s.kind, s.max_occupancy) for s in big_party}
    assert big_party and all(k != "apartment" or occ >= 6 for k, occ in kinds)
    cheap = world.stays("Tokyo", STAY_IN, STAY_OUT, max_price_per_night=100)
    assert cheap and all(s.price_per_night <= 100 for s in cheap)
    good = world.stays("Tokyo", STAY_IN, STAY_OUT, min_rating=4.4)
    assert good and all(s.rating is not None and s.rating >= 4.4 for s in good)
    with pytest.raises(InvalidValue):
        world.stays("Tokyo", STAY_OUT, STAY_IN)


def test_activities_rank_by_interest_and_convert(world: OfflineWorld) -> None:
    acts = world.activities("Kyoto", interests=["nature"], currency="USD")
    assert len(acts) >= 12 and "nature" in acts[0].tags
    yen = {a.name: a.cost for a in world.activities("Kyoto", currency="JPY")}
    assert yen["Kinkaku-ji (Golden Pavilion)"] == 500
    usd = {a.name: a.cost for a in acts}
    assert usd["Kinkaku-ji (Golden Pavilion)"] == pytest.approx(convert(500, "JPY", "USD"), 0.01)
    louvre = next(a for a in world.activities("Paris") if a.name == "Louvre Museum")
    assert louvre.closed_days == ["Tuesday"] and not louvre.generic


def test_other_cities_get_labelled_generic_suggestions(world: OfflineWorld) -> None:
    acts = world.activities("Boise", interests=["nature"])
    assert len(acts) >= 8 and all(a.generic and "generic" in a.name for a in acts)
    eats = world.restaurants("Boise", cuisines=["American"])
    assert eats and all(r.generic and "generic" in r.name for r in eats)
    assert "American" in eats[0].cuisines  # a generic local place serves the country's food


def test_restaurants_put_asked_cuisines_first_and_respect_cost(world: OfflineWorld) -> None:
    eats = world.restaurants("Tokyo", cuisines=["Italian"], max_cost=60, currency="USD")
    assert "Italian" in eats[0].cuisines
    assert all(r.average_cost <= 60 for r in eats)
    assert len(world.restaurants("Tokyo")) >= 14  # topped up for a week of varied meals


def test_ground_legs(world: OfflineWorld) -> None:
    legs = {g.mode: g for g in world.ground_legs("Kyoto", "Osaka", travelers=2)}
    assert set(legs) == {"self-driving", "car_hire", "bus", "taxi", "train"}
    assert legs["taxi"].cost > legs["train"].cost
    assert all(g.source == OFFLINE_SOURCE for g in legs.values())
    assert world.ground_legs("London", "New York") == []
    assert "taxi" not in {g.mode for g in world.ground_legs("Tokyo", "Kyoto")}


def test_facts_holidays_and_entry(world: OfflineWorld) -> None:
    facts = world.facts("Kyoto", passport="US", start=date(2027, 4, 28), end=date(2027, 5, 6))
    assert (facts.country, facts.currency, facts.timezone) == ("JP", "JPY", "Asia/Tokyo")
    assert "2027-05-03" in facts.holidays
    assert facts.entry and facts.entry.requirement == "visa_free" and facts.entry.indicative
    assert facts.entry.as_of
    assert world.facts("Paris", passport="FR").entry.requirement == "domestic"
    assert world.facts("Paris", passport="IN").entry.requirement == "visa_required"
    assert world.facts("Delhi", passport="GB").entry.requirement == "e_visa"


def test_unknown_currency_is_a_clear_error(world: OfflineWorld) -> None:
    with pytest.raises(InvalidValue, match="XYZ"):
        world.stays("Paris", STAY_IN, STAY_OUT, currency="XYZ")


_PROBE = """
import json
from datetime import date
from lotara.world.offline import OfflineWorld
w = OfflineWorld()
out = {
  "f": [f.model_dump(mode="json") for f in w.flights("LAX", "TYO", date(2027, 4, 10))],
  "s": [s.model_dump(mode="json") for s in w.stays("Lisbon", date(2027, 4, 10), date(2027, 4, 13))],
  "a": [a.id for a in w.activities("Rome", interests=["art"])],
  "p": w.resolve("Barcelna").model_dump(),
}
print(json.dumps(out, sort_keys=True))
"""


def test_same_answers_across_processes() -> None:
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True
        )
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1]


def test_getaways_offer_a_resort_and_a_villa_or_chalet_and_cities_do_not(
    world: OfflineWorld,
) -> None:
    # "A quiet resort in Bali", "a chalet in Whistler": kinds the reader understands, which
    # the world once had nowhere, so every such request failed its stay check.
    bali = {s.kind: s.name for s in world.stays("Bali", STAY_IN, STAY_OUT, travelers=2)}
    assert "resort" in bali and "Beach Resort" in bali["resort"]
    assert "villa" in bali and bali["villa"].startswith("Villa ")
    whistler = {s.kind: s for s in world.stays("Whistler", STAY_IN, STAY_OUT, travelers=6)}
    assert whistler["chalet"].name.startswith("Chalet ")
    assert whistler["chalet"].max_occupancy >= 6  # a group's whole chalet
    paris = {s.kind for s in world.stays("Paris", STAY_IN, STAY_OUT, travelers=2)}
    assert not paris & {"resort", "villa", "chalet"}
    # The kinds every city had keep their names and prices.
    assert {s.kind for s in world.stays("Bali", STAY_IN, STAY_OUT)} >= {"hostel", "hotel"}


def test_a_chalet_asked_for_in_whistler_is_booked_and_its_check_passes() -> None:
    from tests.test_planning_days import plan

    request, itinerary = plan("ski trip to Whistler for 6 days from Los Angeles, 4 adults, chalet")
    assert request.stay_kinds == ["cabin"]
    assert all(b.stay.kind == "chalet" for b in itinerary.stays)
    assert next(c for c in itinerary.checks if c.name == "stay_kind").ok


def test_a_resort_asked_of_a_beach_trip_through_a_city_is_asked_of_the_beach() -> None:
    from tests.test_planning_days import plan

    _, itinerary = plan(
        "a beach holiday in Athens and Mykonos, 8 days, family of four from Manchester, "
        "all inclusive"
    )
    kinds = {b.city: b.stay.kind for b in itinerary.stays}
    assert kinds["Mykonos"] == "resort"
    check = next(c for c in itinerary.checks if c.name == "stay_kind")
    assert check.ok and "Athens has no resort" in check.detail  # said, not hidden
    # In a city alone, a resort that is nowhere is still a failed promise.
    _, paris = plan("a week in Paris from NYC for 2, resort")
    assert not next(c for c in paris.checks if c.name == "stay_kind").ok
