"""What suits this party: which meals a place serves, whether it suits a diet, a stay's class,
and which sights the party may be given at all.

Data for these is sparse (a restaurant's ``meals`` and ``diets``, a sight's ``step_free`` or
``children_welcome`` are often unknown): an unknown is never read as a yes or a no. What the
data cannot tell is counted, so the checks can say so ("step-free access not known for 2
sights"); only what is known to break a need is ruled out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from lotara.models import Activity, FlightOption, Restaurant, Stay, TripRequest

__all__ = [
    "GETAWAY_KINDS",
    "getaway_kind_elsewhere",
    "BREAKFAST_CUISINES",
    "departure_hours",
    "flight_rule_words",
    "STAY_CLASS_ORDER",
    "STEPS_OF_KIND",
    "activity_allowed",
    "MOSTLY_HALAL",
    "diet_fit",
    "stop_country",
    "flight_breaks",
    "is_full_day",
    "is_must_see",
    "kind_meets",
    "nearest_kind",
    "nightlife_wanted",
    "serves",
    "stay_class",
    "stairs_matter",
    "stay_access",
    "stay_refused",
]

BREAKFAST_CUISINES = frozenset({"cafe", "bakery", "breakfast", "coffee", "street food", "brunch"})
# Places for a coffee, a pastry or a sweet: not where anyone has dinner.
LIGHT_CUISINES = frozenset(
    {"cafe", "bakery", "coffee", "desserts", "tea", "ice cream", "gelato", "breakfast", "brunch"}
)
SWEET_CUISINES = frozenset({"desserts", "ice cream", "gelato", "tea"})
# The start of a word (a trailing \b: the whole word) naming meat, fish or a dish made of
# them, by its usual recipe: a vegetarian is not sent there unless it says it is vegetarian.
MEAT_WORDS = (
    "bbq", "barbecue", "steak", "chicken", "burger", "grill", "kebab", "pork", "brisket",
    "churrasc", "asado", "seafood", "fish", "sushi", "ramen", "yakitori", "oyster", "crab",
    # meats and cuts
    "beef", "veal", "lamb\\b", "mutton", "goat\\b(?! cheese)", "duck", "goose", "rabbit",
    "venison", "reindeer", "boar\\b", "bacon", "ham\\b", "prosciutto", "salami", "salumi",
    "pastrami", "mortadella", "sausage", "meat", "tripe", "hot dog", "hot-dog", "roast kid",
    "suckling",
    # fish and seafood
    "shrimp", "prawn", "octopus", "squid", "calamar", "tuna", "salmon", "anchov", "sardines?\\b",
    "sardinha", "sarde\\b", "eel\\b", "unagi", "clams?\\b", "mussel", "lobster", "scallop",
    "abalone", "ceviche", "poke\\b", "lox\\b", "arctic char", "missoltini", "bacalhau",
    # Korean: beef-broth noodles, pork pancakes and cuts, fish cake; sundae in CONTEXT_MEAT
    "naengmyeon", "milmyeon", "bindaetteok", "bulgogi", "galbi", "samgyeopsal", "dakgalbi",
    "jokbal", "bossam", "gamjatang", "gukbap", "tteokbokki", "eomuk",
    # Japanese
    "tonkatsu", "kushikatsu", "katsu\\b", "tonkotsu", "gyudon", "karaage", "yakiniku",
    "teriyaki", "takoyaki", "omakase",
    # Chinese and South-East Asian
    "char siu", "xiaolongbao", "shengjian", "wonton", "zhajiangmian", "pho\\b", "phở", "bun cha",
    "banh mi", "banh xeo", "com tam", "cao lau", "lok lak", "moo\\b", "gai\\b", "babi\\b",
    "khao soi", "massaman", "laksa", "hokkien", "nasi lemak",
    # Spanish, Portuguese, Italian and the rest of Europe
    "jamón", "jamon", "chorizo", "morcilla", "cochinillo", "cocido", "cozido", "bifana",
    "francesinha", "carbonara", "cotoletta", "ossobuco", "lampredotto", "porchetta",
    "pasticada", "schnitzel", "currywurst", "bratwurst", "weisswurst", "würstel", "wurstel",
    "schweinshaxe", "bosna", "goulash", "paprikash", "svíčková", "svickova", "haggis",
    "irish stew", "flemish stew", "sunday roast", "full english", "full irish", "pølse",
    "souvlaki", "gyros", "shawarma", "chugelipastete",
    # the Americas, India and the Gulf
    "carnitas", "al pastor", "barbacoa", "cochinita", "birria", "choripán", "choripan",
    "parrilla", "feijoada", "picanha", "coxinha", "anticucho", "chicharr", "cuy\\b",
    "pollo", "half-smoke", "po'boy", "gumbo", "jambalaya", "muffuletta", "loco moco",
    "plate lunch", "cuban sandwich", "laal maas", "machboos",
)  # fmt: skip
# A word that is meat only in one kitchen: Korean sundae is blood sausage, any other an ice
# cream. (word, the cuisine that makes it meat)
CONTEXT_MEAT = (("sundae", "korean"),)
PLANT_WORDS = ("vegetarian", "vegan", "plant")
DAIRY_WORDS = (
    "cacio", "cheese", "gelat", "ice cream", "pastr", "pasticceria", "patisserie", "bakery",
    "boulangerie", "crêpe", "creperie", "crêperie", "fondue", "churros", "pastéis", "nata",
    "custard", "dairy", "butter", "cream", "pizza", "tempura", "helad",
)  # fmt: skip
"""Dishes of milk, eggs or cheese (tempura's batter has egg): not vegan."""
# Pork, or a place about drink, named in a place's name or cuisines: neither halal nor
# kosher, whatever else is on the menu (Seoul's fried chicken and beer, a tapas bar's jamón).
PORK_WORDS = (
    "pork", "ham\\b", "bacon", "jamón", "jamon", "chorizo", "prosciutto", "salami", "salumi",
    "mortadella", "porchetta", "cochinillo", "cochinita", "carnitas", "al pastor", "bifana",
    "samgyeopsal", "jokbal", "bossam", "tonkatsu", "tonkotsu", "char siu", "babi\\b",
    "moo\\b", "lechon", "lechón", "schweinshaxe", "currywurst", "bratwurst", "weisswurst",
    "carbonara", "sundae\\b(?=.*korean)", "suckling", "boar\\b",
    "full english", "full irish", "francesinha", "feijoada",
)  # fmt: skip
DRINK_WORDS = (
    "beer", "wine", "pub\\b", "pubs\\b", "brewery", "brewpub", "tavern", "izakaya", "sake\\b",
    "cocktail", "biergarten", "bierhaus", "beer hall", "whisk", "chimaek", "sakaba", "meyhane",
)  # fmt: skip
SHELLFISH_WORDS = (
    "shrimp", "prawn", "crab", "lobster", "oyster", "clams?\\b", "mussel", "scallop",
    "octopus", "squid", "calamar", "seafood", "eel\\b", "unagi", "shellfish", "abalone",
)  # fmt: skip
"""Not kosher: shellfish and fish without scales, as the name says them."""
GLUTEN_WORDS = (
    "pasta", "carbonara", "cacio e pepe", "amatriciana", "lasagn", "ravioli", "tortellini",
    "gnocchi", "pizz", "bakery", "bakeries", "boulangerie", "patisserie", "pasticceria", "pastr",
    "croissant", "cornetto", "medialuna", "bread", "baguette", "bagel", "pretzel", "brezel",
    "ramen", "udon", "soba", "noodle", "dumpling", "xiaolongbao", "gyoza", "bao\\b", "pie\\b",
    "pies\\b", "crêpe", "crepe", "waffle", "churros", "beer", "brewery", "empanada", "pide\\b",
    "lahmacun", "börek", "borek", "gozleme", "gözleme", "simit", "tempura", "schnitzel",
    "fish and chips", "pastéis", "pastel de nata", "burger", "sandwich", "banh mi", "bánh mì",
)  # fmt: skip
"""Dishes of wheat (pasta, bread, pastry, noodles, batter): not for a gluten-free diet unless
the place says it caters for one."""
STAY_CLASS_ORDER = ("budget", "midrange", "upscale", "luxury")
FULL_DAY_MINUTES = 360  # a visit this long is the day (a theme park, a day trip)


def _text(restaurant: Restaurant) -> str:
    return " ".join([restaurant.name, *restaurant.cuisines]).lower()


def serves(restaurant: Restaurant, meal: str) -> bool:
    """Whether ``restaurant`` serves ``meal`` (breakfast, lunch, dinner, snack).

    Its ``meals`` when known; else a cafe, bakery or stall does breakfast and lunch, a dessert
    or tea shop a snack, and any other place lunch and dinner.
    """
    if restaurant.meals:
        return meal in restaurant.meals
    cuisines = {c.lower() for c in restaurant.cuisines}
    light = bool(cuisines) and cuisines <= LIGHT_CUISINES
    if meal == "breakfast":
        return bool(cuisines & BREAKFAST_CUISINES)
    if meal == "lunch":
        return not (cuisines and cuisines <= SWEET_CUISINES)
    if meal == "dinner":
        return not light
    return light or "street food" in cuisines


_MEAT = re.compile("|".join(rf"\b{w}" for w in MEAT_WORDS))
_GLUTEN = re.compile("|".join(rf"\b{w}" for w in GLUTEN_WORDS))
_FORBIDDEN = {
    "halal": re.compile("|".join(rf"\b{w}" for w in PORK_WORDS + DRINK_WORDS)),
    "kosher": re.compile("|".join(rf"\b{w}" for w in PORK_WORDS + DRINK_WORDS + SHELLFISH_WORDS)),
}


def _meaty(restaurant: Restaurant, text: str) -> bool:
    """Whether the place's name or cuisines name meat or fish (a word of ``MEAT_WORDS``, or
    of ``CONTEXT_MEAT`` where the name or cuisines say its kitchen)."""
    if _MEAT.search(text):
        return True
    return any(re.search(rf"\b{w}", text) and re.search(rf"\b{k}", text) for w, k in CONTEXT_MEAT)


MOSTLY_HALAL = frozenset(
    "TR MY ID BN MA DZ TN LY EG JO SA AE QA OM BH KW YE IQ IR PK BD MV AZ UZ TJ KG TM SN "
    "ML NE MR SD DJ SO KM GM GN".split()
)
"""Muslim-majority countries where most restaurants serve halal food: there a place whose
name and cuisines say no pork and no drink counts as halal (a bar, a meyhane, a pork grill
does not)."""


_PORK_KITCHEN = re.compile(
    r"\b(?:chinese|cantonese|hokkien|teochew|hainanese|dim sum|nyonya|peranakan)"
)
"""Kitchens that often serve pork even where most places are halal (Kuala Lumpur's Chinese)."""


def stop_country(request: TripRequest, city: str) -> str | None:
    """The country of the trip's stop ``city``, or None when it is no stop."""
    return next((d.country for d in request.destinations if d.city == city), None)


def diet_fit(restaurant: Restaurant, diet: str, country: str | None = None) -> bool | None:
    """Whether ``restaurant`` caters for ``diet``: True, False, or None when nobody knows.
    In ``country`` of ``MOSTLY_HALAL`` a place with no pork or drink to its name is halal."""
    if diet in restaurant.diets:
        return True
    if restaurant.diets:
        return False  # its options are listed, and this diet is not among them
    text = _text(restaurant)
    if diet in ("vegetarian", "vegan"):
        if any(w in text for w in PLANT_WORDS):
            return True if diet == "vegetarian" or "vegan" in text else None
        if _meaty(restaurant, text):
            return False
        if diet == "vegan" and any(w in text for w in DAIRY_WORDS):
            return False
    if diet == "halal" and "halal" in text:
        return True
    if diet == "kosher" and "kosher" in text:
        return True
    if diet in ("halal", "kosher") and _FORBIDDEN[diet].search(text):
        return False
    if diet == "halal" and country in MOSTLY_HALAL and not _PORK_KITCHEN.search(text):
        return True
    if diet == "gluten_free" and "gluten" in text:
        return True
    if diet == "gluten_free" and _GLUTEN.search(text):
        return False
    return None


def stay_class(stay: Stay, pool: Sequence[Stay]) -> str:
    """A stay's class (budget, midrange, upscale, luxury) by its price among the city's rooms.

    A hostel is budget; otherwise the night's price against the median of the city's private
    and entire rooms: under 0.75 budget, under 1.4 midrange, under 2.4 upscale, else luxury.
    """
    if stay.kind == "hostel" or stay.room_type == "shared room":
        return "budget"
    prices = sorted(
        s.price_per_night / max(1, s.max_occupancy) * 2
        for s in pool
        if s.room_type != "shared room"
    )
    if not prices:
        return "midrange"
    median = prices[len(prices) // 2]
    ratio = (stay.price_per_night / max(1, stay.max_occupancy) * 2) / max(median, 0.01)
    if ratio < 0.75:
        return "budget"
    if ratio < 1.4:
        return "midrange"
    if ratio < 2.4:
        return "upscale"
    return "luxury"


def stay_refused(request: TripRequest, stay: Stay) -> str | None:
    """Why the party would refuse ``stay`` outright, or None.

    A shared dorm for more than one traveller who did not ask for one, a kind they said no
    to, a place that bars the pets they bring, a place with steps for a wheelchair or a
    traveller who cannot manage stairs.
    """
    kind = stay.kind.split()[-1]  # "boutique hotel" is a hotel
    asked_shared = request.room_type == "shared room" or "hostel" in request.stay_kinds
    if stay.room_type == "shared room" and request.travelers > 1 and not asked_shared:
        return f"{stay.name} is a shared dorm, and a party of {request.travelers} did not ask"
    if kind in request.avoid_stay_kinds or stay.kind in request.avoid_stay_kinds:
        return f"{stay.name} is a {stay.kind}, which the traveller does not want"
    if request.pets and any(r.strip().lower() == "no pets" for r in stay.house_rules):
        return f"{stay.name} does not take pets"
    if stairs_matter(request) and stay.step_free is False:
        return stay_access(stay)
    return None


STAIRS_NEEDS = frozenset({"wheelchair", "step_free"})
"""Access needs a stay with steps cannot meet (a walker or limited mobility reads as
step_free too); limited walking alone is about distance: its stay's steps are only said."""


STEPS_OF_KIND = "stay_kind_steps"
"""``Selection.unmet`` key: the kind of stay asked for was found, but with steps the party
cannot manage, so another kind is booked (the stay_kind check says so)."""


def stairs_matter(request: TripRequest) -> bool:
    """Whether the party needs its stay step-free (a wheelchair, no stairs, a walker)."""
    return bool(STAIRS_NEEDS & set(request.accessibility))


def stay_access(stay: Stay) -> str:
    """What is known of ``stay``'s steps, in words, saying when it is the kind's estimate."""
    if stay.step_free is None:
        return f"step-free access is not known for {stay.name}"
    said = f"{stay.name} is {'' if stay.step_free else 'not '}step-free"
    if stay.step_free_by_kind:
        usual = "usually is" if stay.step_free else "usually is not"
        said += f" (an estimate from its kind: a {stay.kind} {usual})"
    return said


GETAWAY_KINDS = frozenset({"resort", "villa", "cabin"})
KIND_MEETS = {"villa": frozenset({"villa", "chalet"}), "cabin": frozenset({"cabin", "chalet"})}
"""Kinds of stay the world has that meet a kind asked for: a mountain getaway's chalet is a
whole house for a group (a villa) and a cabin in the mountains."""
NEAREST_KINDS = {
    "cabin": ("villa", "apartment", "guesthouse"),
    "villa": ("apartment", "guesthouse"),
    "resort": ("hotel", "villa", "chalet"),
    "apartment": ("villa", "chalet", "guesthouse"),
    "guesthouse": ("hotel", "apartment"),
    "hostel": ("guesthouse", "hotel"),
    "hotel": ("guesthouse", "apartment"),
}
"""Where the kind asked for is not to be had, the kinds nearest it, nearest first: for a
cabin, a whole place to yourselves (a villa, a flat), never a dorm bed."""


def kind_meets(kind: str, asked: Sequence[str]) -> bool:
    """Whether a stay of ``kind`` ("boutique hotel" is a hotel) is of a kind ``asked``."""
    last = kind.split()[-1]
    return any(last in KIND_MEETS.get(a, frozenset({a})) for a in asked)


def nearest_kind(stays: Sequence[Stay], asked: Sequence[str]) -> list[Stay]:
    """The stays of the kind nearest to one ``asked`` when none is of it (all of them when
    none is near either)."""
    for a in asked:
        for near in NEAREST_KINDS.get(a, ()):
            found = [s for s in stays if s.kind.split()[-1] == near]
            if found:
                return found
    return list(stays)


def getaway_kind_elsewhere(request: TripRequest, city: str) -> bool:
    """Whether the kind of stay asked for is one only a getaway has (a resort, a villa) and
    ``city`` is none ("all inclusive" on a Greek beach holiday through Athens): then it is
    asked of the beach stops, and Athens gets another kind. A trip with no getaway at all
    ("a week in Paris, resort") still fails the promise."""
    from lotara.world import catalogue

    if not request.stay_kinds or not set(request.stay_kinds) <= GETAWAY_KINDS:
        return False
    rows = catalogue.by_name()

    def getaway(place: str) -> bool:
        row = rows.get(place)
        return row is not None and catalogue.getaway(row) is not None

    return city in rows and not getaway(city) and any(getaway(d.city) for d in request.destinations)


def nightlife_wanted(request: TripRequest) -> bool:
    """Nightlife only for a party that asked for it, and never with children."""
    return "nightlife" in request.interests and not request.children


def is_full_day(activity: Activity) -> bool:
    """Whether a visit takes the whole day (a theme park, a day trip); a long night out (a
    six-hour northern lights chase) takes the night, not the day."""
    if activity.best_time == "night" and not activity.full_day:
        return False
    return (
        activity.full_day
        or activity.day_trip_from is not None
        or activity.duration_minutes >= FULL_DAY_MINUTES
    )


def is_must_see(activity: Activity, request: TripRequest) -> bool:
    """Whether the traveller named ``activity`` as a sight they must see."""
    name = activity.name.lower()
    return any(w.strip().lower() in name or name in w.strip().lower() for w in request.must_see)


_STRENUOUS = re.compile(r"(?i)\b(?:hikes?|hiking|treks?|trekking|climbs?|climbing)\b")
"""A sight named as a hike or a climb (Arthur's Seat hike, a cathedral platform climb)."""
STRENUOUS_REASON = "a hike or a climb, and walking is limited"


def activity_allowed(activity: Activity, request: TripRequest, months: set[int]) -> str | None:
    """Why ``activity`` may not be given to this party on this trip, or None when it may."""
    asked = is_must_see(activity, request)  # a show named as a must is asked for
    if "nightlife" in activity.tags and not nightlife_wanted(request) and not asked:
        return "nightlife the party did not ask for"
    if request.children and activity.children_welcome is False:
        return "not for children"
    if request.accessibility and activity.step_free is False:
        return "not step-free"
    if "limited_walking" in request.accessibility and _STRENUOUS.search(activity.name):
        return STRENUOUS_REASON
    if activity.months and not months & set(activity.months):
        return "out of season"
    return None


def trip_months(start: date, end: date) -> set[int]:
    """The months a trip's days fall in."""
    months = set()
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.add(month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


_FLIGHT_RULE_WORDS = {
    "nonstop": "nonstop",
    "one_stop": "of one stop at most",
    "no_red_eye": "a daytime flight (no red-eye)",
}
EARLIEST_DEPARTURE = 9  # hour, local: "no early flights" (not the 06:00 that is early to no one)


def departure_hours(rules: Sequence[str]) -> tuple[int, int]:
    """The (earliest, latest) hour, local, a flight of ``rules`` may leave at: "no_early" is
    09:00, "leave_after_HH" HH:00, "leave_before_HH" before HH:00; (0, 24) when none is asked."""
    earliest = EARLIEST_DEPARTURE if "no_early" in rules else 0
    latest = 24
    for rule in rules:
        if rule.startswith("leave_after_"):
            earliest = max(earliest, int(rule[-2:]))
        elif rule.startswith("leave_before_"):
            latest = min(latest, int(rule[-2:]))
    return earliest, latest


def flight_rule_words(rule: str) -> str:
    """What ``rule`` asks of a flight, in words: "leaving at 09:00 or later"."""
    if rule in _FLIGHT_RULE_WORDS:
        return _FLIGHT_RULE_WORDS[rule]
    earliest, latest = departure_hours([rule])
    return (
        f"leaving before {latest:02d}:00"
        if latest < 24
        else f"leaving at {earliest:02d}:00 or later"
    )


NIGHT_HOURS = (1, 5)  # a flight in the air between these hours (either end's clock) is a red-eye


def _in_the_night(start: datetime, minutes: int) -> bool:
    end = start + timedelta(minutes=minutes)
    for days in range(-1, 3):
        night = datetime.combine(start.date() + timedelta(days=days), datetime.min.time())
        if start < night + timedelta(hours=NIGHT_HOURS[1]) and end > night + timedelta(
            hours=NIGHT_HOURS[0]
        ):
            return True
    return False


def flight_breaks(flight: FlightOption, rules: Sequence[str]) -> list[str]:
    """The ``FLIGHT_RULES`` ``flight`` breaks, in words: "2 stops, not nonstop"."""
    broken = []
    if "nonstop" in rules and flight.stops > 0:
        broken.append(f"{flight.stops} stop(s), not nonstop")
    if "one_stop" in rules and flight.stops > 1:
        broken.append(f"{flight.stops} stops, not one at most")
    if "no_red_eye" in rules:
        for seg in flight.segments:
            depart, arrive = datetime.fromisoformat(seg.depart), datetime.fromisoformat(seg.arrive)
            if _in_the_night(depart, seg.duration_minutes) or _in_the_night(
                arrive - timedelta(minutes=seg.duration_minutes), seg.duration_minutes
            ):
                broken.append(f"a red-eye ({seg.origin} {depart:%H:%M} -> {arrive:%H:%M})")
                break
    earliest, latest = departure_hours(rules)
    if (earliest or latest < 24) and flight.segments:
        depart = datetime.fromisoformat(flight.segments[0].depart)
        if not earliest <= depart.hour < latest:
            broken.append(f"leaves at {depart:%H:%M}")
    return broken
