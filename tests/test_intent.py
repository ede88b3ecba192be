"""Reading trip requests: each way people phrase a part, and how options, words and prefs layer."""

from __future__ import annotations

from datetime import date

import pytest

from lotara.errors import InvalidValue, QueryNotUnderstood, UnknownPlace
from lotara.models import INTERESTS, PlanConstraints, TripRequest
from lotara.planning.intent import (
    build_trip_request,
    default_start_date,
    parse_budget,
    parse_children,
    parse_dates,
    parse_duration,
    parse_interests,
    parse_pace,
    parse_query,
    parse_travelers,
    parse_young_child,
)
from tests.test_planning_fake import FakeWorld

TODAY = date(2027, 3, 1)  # a Monday, as conftest's LOTARA_NOW


def build(query: str, prefs: dict | None = None, **overrides):
    return build_trip_request(
        query,
        constraints=PlanConstraints(**overrides),
        prefs=prefs or {},
        provider=FakeWorld(),
        today=TODAY,
    )


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("5 days in Tokyo for under $3000 from LAX", ["Tokyo"]),
        ("A week in Rome, Florence and Venice from New York", ["Rome", "Florence", "Venice"]),
        ("Kyoto and Osaka for a long weekend", ["Kyoto", "Osaka"]),
        ("Plan a trip to Ho Chi Minh City and Hanoi", ["Ho Chi Minh City", "Hanoi"]),
        ("Rio de Janeiro then São Paulo, 10 days", ["Rio de Janeiro", "São Paulo"]),
        ("Tokyo, 5 days, from LAX", ["Tokyo"]),
        ("tokyo for 5 days from lax", ["tokyo"]),
        ("heading to Myrtle Beach for a 3-day trip in March", ["Myrtle Beach"]),
        ("from June 3 to June 10 in Lisbon", ["Lisbon"]),
    ],
)
def test_destinations_in_order(text: str, names: list[str]) -> None:
    found = parse_query(text, today=TODAY).destinations
    # The reader names each place with its country ("Tokyo, JP"), so the world finds it.
    assert [d.partition(",")[0].lower() for d in found] == [n.lower() for n in names]


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        ("Tokyo from LAX", "LAX"),
        ("Kyoto flying out of Boston", "Boston"),
        ("Rome from New York for two", "New York"),
        ("departing from Washington and heading to Myrtle Beach", "Washington"),
        ("Lisbon from June 3 to June 10", None),
    ],
)
def test_origin(text: str, origin: str | None) -> None:
    parts = parse_query(text, today=TODAY)
    found = parts.origin.partition(",")[0] if parts.origin else None
    assert (found is None and origin is None) or (found or "").startswith(origin or "-")
    assert parts.origin not in parts.destinations


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("a 5-day trip", 5),
        ("5 days in Rome", 5),
        ("five days", 5),
        ("a week in Lisbon", 7),
        ("long weekend in Paris", 4),
        ("a weekend in Paris", 3),
        ("4 nights in Rome", 5),
        ("a fortnight in Japan", 14),
        ("a week-long trip", 7),
        ("two weeks in Japan", 14),
        ("spanning 3 days", 3),
        ("Tokyo please", None),
        ("backpacking Southeast Asia for a month", 30),
        ("two months in South America", 60),
        ("a month-long trip to India", 30),
        ("Rome next month", None),
        ("book a month ahead, Rome", None),
        ("a month from now, Paris", None),
    ],
)
def test_duration(text: str, days: int | None) -> None:
    assert parse_duration(text) == days


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("from June 3 to June 10", date(2027, 6, 3), date(2027, 6, 10)),
        ("June 3-10", date(2027, 6, 3), date(2027, 6, 10)),
        ("3 to 10 June", date(2027, 6, 3), date(2027, 6, 10)),
        ("starting 2027-04-12", date(2027, 4, 12), None),
        ("on April 12", date(2027, 4, 12), None),
        # no year: the next such date, so January is next year's
        ("January 5 to January 9", date(2028, 1, 5), date(2028, 1, 9)),
        ("from December 28 to January 3", date(2027, 12, 28), date(2028, 1, 3)),
        ("from March 16th to March 18th, 2022", date(2022, 3, 16), date(2022, 3, 18)),
        # the day before the month, with "the" and "of" (TravelPlanner's phrasings)
        ("from the 8th to the 10th of March, 2022", date(2022, 3, 8), date(2022, 3, 10)),
        ("from the 23rd of March to the 29th of March, 2022", date(2022, 3, 23), date(2022, 3, 29)),
        # dates named one at a time share the year said once
        (
            "beginning on March 2nd and ending on March 8th, 2022",
            date(2022, 3, 2),
            date(2022, 3, 8),
        ),
        ("leaving June 3, back June 10", date(2027, 6, 3), date(2027, 6, 10)),
        # too far apart to be one trip: the second date is something else
        ("leaving June 3; my visa expires December 1", date(2027, 6, 3), None),
        # "in March" while it is March: the first Saturday still ahead
        ("in March", date(2027, 3, 6), None),
        ("in May", date(2027, 5, 1), None),
        ("no dates here", None, None),
    ],
)
def test_dates(text: str, start: date | None, end: date | None) -> None:
    assert parse_dates(text, TODAY) == (start, end)


@pytest.mark.parametrize(
    ("text", "travelers"),
    [
        ("for 2", 2),
        ("for two people", 2),
        ("me and my wife", 2),
        ("my husband and I", 2),
        ("family of four", 4),
        ("a group of 4", 4),
        ("solo", 1),
        ("a single person", 1),
        ("a single-person trip", 1),
        ("a 3-day plan for a duo", 2),
        ("a 7-day itinerary for a pair, departing from Moline", 2),
        ("a pair of travellers", 2),
        ("we are a duo", 2),
        ("a pair of hiking boots", None),
        # "for two," is two people, not "two st(ars)"
        ("a 3-day trip for two, starting in Sacramento", 2),
        ("2 adults and 2 kids", 4),
        ("me and my 2 kids", 3),
        # children named one by one count as travellers too
        ("me and my wife and our toddler", 3),
        ("us two and our baby", 3),
        ("my husband, me and our 2 kids", 4),
        ("me and my 3 children", 4),
        ("a couple with a baby", 3),
        ("me, my wife and our son", 3),
        ("a couple with two kids", 4),
        ("Lisbon with my wife and our baby daughter", 3),
        ("Barcelona from London for 3, me, my wife and our toddler", 3),
        ("me and I want to see Rome", None),
        ("a couple with a baby-friendly hotel", 2),
        ("honeymoon in Bali", 2),
        ("for 5 days", None),
        ("for $2000", None),
        ("a couple of days", None),
        # people counted by who they are, not only as "people" or "friends"
        ("two seniors visiting Lisbon", 2),
        ("3 retirees going to Rome", 3),
        ("three pensioners heading to Madeira", 3),
        ("two retired teachers going to Kyoto", 2),
        ("two elderly sisters going to Vienna", 2),
        ("three women in our fifties doing Morocco", 3),
        ("4 girls going to Ibiza", 4),
        # members named in a list, with the parents' "their", "her" or "the"
        ("a couple and their baby", 3),
        ("a single mum and her two boys", 3),
        ("the wife, the kids and me", 4),
        ("me and my wife with our kids (8 and 11)", 4),
        ("my parents (in their 80s) and me", 3),
        ("two couples and their four kids", 8),
        ("a group of 4 couples", 8),
        ("grandparents with 2 grandchildren", 4),
        ("the grandparents, me and the kids", 5),
        ("me, my wife and our three teens", 5),
        ("my partner and I with a toddler", 3),
        ("a family of 5 with two under-fives", 5),
        ("travelling with 2 under 5s", 3),
        ("I'm taking my two granddaughters to Paris", 3),
        # the speaker and a number; a word that is a number
        ("me + 2 to Berlin", 3),
        ("me plus two to Amsterdam", 3),
        ("me + 2 nights in Berlin", None),
        ("a trio of friends", 3),
        ("we're a foursome", 4),
        ("a dozen friends", 12),
        ("a jazz trio in New Orleans", None),
        ("see a string quartet in Vienna", None),
        # children come with at least one adult
        ("2 kids, 5 days in Rome", 3),
        ("two kids, 6 and 9, a week in Lisbon", 3),
        ("a 7 and a 9 year old with us", 4),
        ("two grandparents taking 2 grandchildren (8 and 11) to London", 4),
        ("my mum's in a wheelchair, she and I want 5 days in Barcelona", 2),
        ("anniversary weekend in Prague", 2),
        ("2+2 to Disneyland Paris", 4),
        ("a 3+2 day trip", None),
        ("myself, my husband and our 4 year old twins", 4),
        ("me and my 2 besties to Ibiza", 3),
        # a family trip brings both parents, unless one parent says they go alone
        ("Family trip to London for Easter with 2 kids (5 and 8) from Chicago", 4),
        ("Family vacation in Orlando with 3 kids", 5),
        ("family holiday with kids 5 and 8", 4),
        ("single mum family trip with 2 kids", 3),
        ("just me and my 2 kids, family trip to Rome", 3),
        # a partner spoken of travels too, unless the trip is to see them
        ("Seoul for 5 days from Vancouver, halal food only, my wife uses a wheelchair", 2),
        ("my husband is vegetarian, Rome 5 days", 2),
        ("visiting my girlfriend in Berlin for 5 days", None),
    ],
)
def test_travelers(text: str, travelers: int | None) -> None:
    assert parse_travelers(text) == travelers


@pytest.mark.parametrize(
    ("text", "amount", "currency", "per_person"),
    [
        ("under $3000", 3000, "USD", False),
        ("2.5k", 2500, None, False),
        ("€1,200", 1200, "EUR", False),
        ("1100 GBP", 1100, "GBP", False),
        ("80000 INR", 80000, "INR", False),
        ("with a budget of $1,700", 1700, "USD", False),
        ("budget 900", 900, None, False),
        ("$1500 per person", 1500, "USD", True),
        ("3000 dollars", 3000, "USD", False),
        ("5 days for 2 people", None, None, False),
    ],
)
def test_budget(text: str, amount: float | None, currency: str | None, per_person: bool) -> None:
    phrase = parse_budget(text)
    if amount is None:
        assert phrase is None
        return
    assert phrase is not None
    assert (phrase.amount, phrase.currency, phrase.per_person) == (amount, currency, per_person)


@pytest.mark.parametrize(
    ("text", "interests"),
    [
        ("temples and street food", ["culture", "food"]),
        ("hiking, castles", ["nature", "history"]),
        ("galleries and nightlife", ["art", "nightlife"]),
        ("beaches, a spa day", ["beach", "relaxation"]),
        ("no museums, just food", ["food"]),
        ("techno and museums", ["nightlife", "culture"]),
        ("raves, dancing till dawn", ["nightlife"]),
        ("jazz and karaoke nights", ["nightlife"]),
    ],
)
def test_interests_map_onto_the_vocabulary(text: str, interests: list[str]) -> None:
    found = parse_interests(text)
    assert found == interests
    assert set(found) <= set(INTERESTS)


def test_words_inside_place_names_are_not_interests() -> None:
    assert parse_query("3 days in Myrtle Beach from Boston", today=TODAY).interests == []
    assert parse_query("3 days in Nice from Paris, beaches", today=TODAY).interests == ["beach"]


def test_pace_room_cuisine_transport_and_booking() -> None:
    parts = parse_query(
        "Relaxed 5 days in Rome from London, private room, Italian food, no flights, book it",
        today=TODAY,
    )
    assert parts.pace == "relaxed"
    assert parts.room_type == "private room"
    assert "Italian" in parts.cuisines
    assert parts.avoid_transport == ["flight"]
    assert parts.book is True
    assert parse_query("packed week in Tokyo", today=TODAY).pace == "packed"


def test_a_whole_request() -> None:
    request = build("5 days in Tokyo for under $3000 from LAX, food and culture")
    assert (request.origin, request.origin_city) == ("LAX", "Los Angeles")
    assert [d.city for d in request.destinations] == ["Tokyo"]
    assert (request.days, request.nights, request.travelers) == (5, 4, 1)
    assert request.budget is not None and (request.budget.amount, request.budget.currency) == (
        3000,
        "USD",
    )
    assert request.interests == ["food", "culture"]
    assert request.start_date == default_start_date(TODAY)
    assert request.end_date == date(2027, 3, 31)


def test_default_start_is_the_first_saturday_three_weeks_out() -> None:
    start = default_start_date(TODAY)
    assert start == date(2027, 3, 27)
    assert start.weekday() == 5 and (start - TODAY).days >= 21
    assert default_start_date(date(2027, 3, 6)) == date(2027, 3, 27)  # a Saturday + 21 days


def test_dates_in_words_give_the_length() -> None:
    request = build("Rome from New York from June 3 to June 10")
    assert (request.start_date, request.end_date, request.days) == (
        date(2027, 6, 3),
        date(2027, 6, 10),
        8,
    )


def test_options_override_words_and_words_override_prefs() -> None:
    prefs = {
        "home_airport": "BOS",
        "travelers": 3,
        "currency": "EUR",
        "interests": ["art"],
        "pace": "packed",
        "budget": 999,
    }
    words = build("4 days in Rome from New York for 2, $2000, castles, relaxed", prefs)
    assert (words.origin_city, words.travelers, words.days) == ("New York", 2, 4)
    assert words.budget is not None and (words.budget.amount, words.budget.currency) == (
        2000,
        "USD",
    )
    assert (words.interests, words.pace) == (["history"], "relaxed")

    options = build(
        "4 days in Rome from New York for 2, $2000, castles, relaxed",
        prefs,
        departure_city="LAX",
        destinations=["Florence"],
        travelers=5,
        duration_days=6,
        budget=4000,
        currency="GBP",
        interests=["food"],
        pace="moderate",
        start_date=date(2027, 5, 1),
    )
    assert (options.origin_city, [d.city for d in options.destinations]) == (
        "Los Angeles",
        ["Florence"],
    )
    assert (options.travelers, options.days, options.start_date) == (5, 6, date(2027, 5, 1))
    assert options.budget is not None and (options.budget.amount, options.budget.currency) == (
        4000,
        "GBP",
    )
    assert (options.interests, options.pace) == (["food"], "moderate")

    fallback = build("Rome", prefs)
    assert (fallback.origin_city, fallback.travelers, fallback.pace) == ("Boston", 3, "packed")
    assert fallback.budget is not None and (fallback.budget.amount, fallback.budget.currency) == (
        999,
        "EUR",
    )
    assert fallback.interests == ["art"] and fallback.currency == "EUR"


def test_per_person_budget_is_for_the_party() -> None:
    request = build("Barcelona from London, family of four, 500 GBP per person")
    assert request.budget is not None and request.budget.amount == 2000
    assert request.budget.currency == "GBP"


def test_a_bare_budget_takes_the_preferred_currency() -> None:
    request = build("Rome from London, budget 900", {"currency": "EUR"})
    assert request.budget is not None and (request.budget.amount, request.budget.currency) == (
        900,
        "EUR",
    )


@pytest.mark.parametrize(
    ("query", "overrides", "error", "words"),
    [
        ("", {}, QueryNotUnderstood, "empty"),
        ("x" * 2001, {}, InvalidValue, "2000"),
        ("5 days away from LAX", {}, QueryNotUnderstood, "destination"),
        ("5 days in Tokyo", {}, QueryNotUnderstood, "--from"),
        ("Tokyo from LAX starting 2026-12-01", {}, InvalidValue, "past"),
        ("0 days in Tokyo from LAX", {}, InvalidValue, "at least 1 day"),
        ("90 days in Tokyo from LAX", {}, InvalidValue, "60"),
        ("Tokyo from LAX for 0 people", {}, InvalidValue, "at least 1"),
        ("3 days in Atlantis from LAX", {}, UnknownPlace, "Atlantis"),
        # A month or season after "in" is a date: say no place was named, never "Unknown 'January'".
        ("a quiet week away in January from Chicago", {}, QueryNotUnderstood, "destination"),
        ("5 days away in March from LAX", {}, QueryNotUnderstood, "destination"),
        ("a week off in late May from Boston", {}, QueryNotUnderstood, "destination"),
        ("a week away in Summer from LAX", {}, QueryNotUnderstood, "destination"),
        ("10 days in Sept from Denver, anywhere", {}, QueryNotUnderstood, "destination"),
        ("from Tokyo to Tokyo for 3 days", {}, QueryNotUnderstood, "starts and ends in Tokyo"),
        ("Tokyo from LAX", {"pace": "frantic"}, InvalidValue, "pace"),
        ("Tokyo from LAX", {"interests": ["knitting"]}, InvalidValue, "knitting"),
        ("2 days in Rome, Florence and Venice from LAX", {}, InvalidValue, "nights"),
    ],
)
def test_errors_name_the_part(query: str, overrides: dict, error: type, words: str) -> None:
    with pytest.raises(error) as caught:
        build(query, **overrides)
    assert words in str(caught.value)


def test_missing_origin_is_filled_by_home_airport() -> None:
    assert build("5 days in Tokyo", {"home_airport": "LAX"}).origin == "LAX"


def test_days_are_days_at_the_destination_only_when_no_start_date_is_given() -> None:
    assert build("5 days in Tokyo for under $3000 from LAX").flexible_departure is True
    fixed = build("Tokyo from LAX from June 3 to June 8")
    assert fixed.flexible_departure is False and fixed.start_date == date(2027, 6, 3)
    assert build("5 days in Tokyo from LAX starting 2027-04-12").flexible_departure is False


@pytest.mark.parametrize(
    ("query", "children", "young"),
    [
        ("family of four to Barcelona for 6 days from London in July, 4000 GBP", True, False),
        ("a week in Rome with kids", True, False),
        ("Paris with our 2 children", True, False),
        ("me, my wife and our son to Lisbon", True, False),
        ("Tokyo with a toddler", True, True),
        ("Madrid with the baby", True, True),
        ("London with our kids under 10", True, True),
        ("Nice with our 4-year-old", True, True),
        ("Rome with our 12-year-old", True, False),
        ("a 4-person family trip to Oslo", True, False),
        ("solo trip to Rome", False, False),
        ("5 days in Tokyo for 2, nightlife", False, False),
        ("Berlin, 4 of us, no kids", False, False),
        ("family of four adults to Dublin", False, False),
        ("a child-free week in Ibiza", False, False),
        ("me and my 70-year-old mum to Vienna", False, False),
        ("a couple with a newborn to Devon", True, True),
        ("a family of 5 with two under-fives", True, True),
        ("travelling with 2 under 5s to Tenerife", True, True),
        ("a single mum and her two boys to Cornwall", True, False),
        ("my husband, our twins and I to Rome", True, False),
        ("we have 2 boys, a week in Crete", True, False),
        ("4 girls going to Ibiza", False, False),
        ("me and the boys to Vegas", False, False),
        ("my son's stag do in Riga, 8 of us", False, False),
        ("our daughter's wedding in Tuscany", False, False),
    ],
)
def test_children_in_the_party(query: str, children: bool, young: bool) -> None:
    assert parse_children(query) is children
    assert parse_young_child(query) is young


@pytest.mark.parametrize(
    ("query", "pace"),
    [
        ("two seniors, a week in Lisbon", "relaxed"),
        ("3 retirees going to Rome", "relaxed"),
        ("a retired couple to the Algarve", "relaxed"),
        ("grandparents with 2 grandchildren to Orlando", "relaxed"),
        ("me and my 80-year-old dad to Vienna", "relaxed"),
        ("my dad (78) and I to Lisbon", "relaxed"),
        ("we're in our 70s, Tokyo for 12 days", "relaxed"),
        ("taking my mom to Japan for her 70th", "relaxed"),
        ("Rome for mum's 80th birthday", "relaxed"),
        ("Rome for my 40th birthday", None),
        # what they ask for wins over what their age suggests
        ("seniors trip to Rome but action-packed please", "packed"),
        ("me and my parents to Vienna", None),
        ("a couple in our sixties to Rome", None),
    ],
)
def test_older_travellers_get_a_relaxed_pace_unless_they_say_otherwise(
    query: str, pace: str | None
) -> None:
    assert parse_pace(query) == pace


def test_children_ages_all_ten_or_over_need_no_stay_allowing_under_tens() -> None:
    older = build("Tokyo from LAX for 10 days, our family of four, kids are 10 and 12")
    assert (older.travelers, older.children_ages) == (4, [10, 12])
    assert "children under 10" not in older.house_rules
    younger = build("Tokyo from LAX for 10 days, our family of four, kids are 4 and 12")
    assert "children under 10" in younger.house_rules


def test_a_family_request_records_children_and_a_toddler_needs_a_child_friendly_stay() -> None:
    family = build("family of four to Barcelona for 6 days from London in July, 4000 GBP")
    assert family.children and family.travelers == 4
    assert "children under 10" not in family.house_rules  # their ages are not said
    toddler = build("Barcelona from London for 3, me, my wife and our toddler")
    assert toddler.children and toddler.house_rules == ["children under 10"]
    # The child is in the headcount, not only in the children flag.
    for query in (
        "Barcelona from London, me and my wife and our toddler",
        "Barcelona from London, us two and our baby",
    ):
        named = build(query)
        assert named.children and named.travelers == 3
    solo = build("solo, Barcelona from London, 5 days")
    assert not solo.children and solo.house_rules == []
    assert not build("Barcelona from London for 2").children


def test_regions_are_read_where_their_names_are_written() -> None:
    def places(text: str) -> set[str]:
        return {d.rpartition(", ")[2] for d in parse_query(text, today=TODAY).destinations}

    # "Eastern" is not Easter (the place reader blanked it and the trip started on Good
    # Friday), nor is Eastern Europe Paris and Rome.
    eastern = parse_query("a week in Eastern Europe from London", today=TODAY)
    assert places("a week in Eastern Europe from London") <= {"CZ", "HU", "PL"}
    assert eastern.start_date is None
    assert places("10 days in Northern Thailand from Sydney") == {"TH"}  # not Belfast
    assert places("10 days in Central America from Houston") <= {"CR", "GT", "PA"}
    assert places("a week in the Far East from London") <= {"JP", "KR", "HK"}
    assert places("somewhere sunny in southern spain for a week") == {"ES"}
    assert "Seville, ES" in parse_query("sunny southern spain for a week", today=TODAY).destinations
    # A region in lower case in a sentence that capitalises others is still the region.
    assert places("6 mates, stag do, eastern europe somewhere cheap, from Leeds") == {"CZ"}


def test_the_word_budget_before_an_amount_is_not_a_budget_class_but_per_couple_counts() -> None:
    tuscany = build("a week in Tokyo from LAX for 3, budget £3,500")
    assert tuscany.stay_class is None and tuscany.budget.amount == 3500
    assert build("a budget trip to Tokyo from LAX, 5 days").stay_class == "budget"
    couples = build("4 couples to Tokyo from LAX for 4 nights, £1500 per couple")
    assert (couples.travelers, couples.budget.amount) == (8, 6000)


def test_a_bare_half_term_is_the_next_one_and_the_plan_says_which() -> None:
    parts = parse_query("London for half term from Edinburgh, 5 days", today=TODAY)
    assert parts.start_date == date(2027, 5, 29)
    assert any("half term" in n for n in parts.notes)
    october = parse_query("Rome for October half term from Leeds", today=TODAY)
    assert october.start_date == date(2027, 10, 23) and not october.notes


def test_a_length_assumed_is_said() -> None:
    assumed = build("Rome from Barcelona in May, culture")
    assert assumed.days == 5 and any("Read no length" in n for n in assumed.notes)
    assert not any("Read no length" in n for n in build("Tokyo from LAX, 4 days").notes)


def test_a_length_assumed_fits_the_trip() -> None:
    """Five days, unless the trip is a honeymoon, a long way from home or several stops:
    what it is planned as, and why, is said."""

    from lotara.world.offline import OfflineWorld

    world = OfflineWorld()

    def read(query: str) -> TripRequest:
        return build_trip_request(
            query, constraints=PlanConstraints(), prefs={}, provider=world, today=TODAY
        )

    def assumed(query: str) -> tuple[int, str]:
        trip = read(query)
        return trip.days, next(n for n in trip.notes if "Read no length" in n)

    days, note = assumed("Tokyo from LAX in May, culture")
    assert days == 7 and "a long way from Los Angeles" in note
    days, note = assumed("Honeymoon in Santorini and Crete in June from Toronto")
    assert days == 10 and "for a honeymoon" in note
    days, note = assumed("Paris, Amsterdam and Brussels from London in May")
    assert days == 7 and "two nights in each of 3 places" in note
    assert assumed("mini-moon in Lisbon from London")[0] == 5
    assert read("Honeymoon in Bali from Sydney, 6 days").days == 6  # a length said wins
