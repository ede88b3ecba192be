"""A trip's shape and the party's needs, read from words: what a plan must honour.

Shape: one way, open jaw, rooms, travel class, the class and kind of stay ("luxury",
"no hostels", "a villa with a pool"). Needs: diets, accessibility (and a gentler pace for
elderly travellers), pets, transport wanted ("by train only", "road trip") or avoided ("no
flights", "we'd rather avoid air travel").

Negation has a scope: "no hostels" refuses hostels, "hostel dorm is fine" wants one, and
"neither shared nor subject to visitor restrictions" negates both parts (the room is not
shared and visitors are allowed: ``planning.constraints`` reads those room words).
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from lotara.planning.phrases import NUMBER_WORDS, parse_number
from lotara.planning.suitability import flight_rule_words

__all__ = ["Needs", "older_travellers", "read_needs", "read_occasion"]

_NUM = r"(?:\d{1,2}|" + "|".join(w for w in NUMBER_WORDS if w not in ("a", "an", "single")) + ")"
_NEG = re.compile(
    r"(?i)\b(?:no|not|without|avoid(?:ing)?|never|don'?t (?:want|like|need)|do not (?:want|like)|"
    r"rather not|hate|skip|except|neither|nor|anything but|rather avoid|steer clear of|"
    r"allergic to|can'?t (?:do|stand)|won'?t)\b[^.;!?,]{0,25}$"
)
_CLAUSE = re.compile(r"[.;!?]|\bbut\b")


class Needs(BaseModel):
    """What the words ask of a trip's shape, stays, meals and transport."""

    trip_type: str | None = None
    rooms: int | None = None
    travel_class: str | None = None
    stay_class: str | None = None
    stay_kinds: list[str] = Field(default_factory=list)
    avoid_stay_kinds: list[str] = Field(default_factory=list)
    stay_features: list[str] = Field(default_factory=list)
    diets: list[str] = Field(default_factory=list)
    accessibility: list[str] = Field(default_factory=list)
    pets: int = 0
    transport_modes: list[str] = Field(default_factory=list)
    avoid_transport: list[str] = Field(default_factory=list)
    flight_rules: list[str] = Field(default_factory=list)
    elderly: bool = False
    occasion: str | None = None
    notes: list[str] = Field(default_factory=list)


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - 45) : start]
    cut = max((m.end() for m in _CLAUSE.finditer(before)), default=0)
    return bool(_NEG.search(before[cut:]))


def _mentions(text: str, pattern: str) -> tuple[bool, bool]:
    """(wanted, refused): whether ``pattern`` is named without and with a negation."""
    wanted = refused = False
    for m in re.finditer(pattern, text, re.IGNORECASE):
        if _negated(text, m.start()):
            refused = True
        else:
            wanted = True
    return wanted, refused


_TRAVEL_CLASS = (
    ("first", r"\bfirst[- ]class\b(?!\s+(?:hotel|stay|service|accommodation))"),
    (
        "business",
        r"\bbusiness[- ]class\b|\bfly(?:ing)? business\b|\bin business\b|\bbusiness seats?\b",
    ),
    ("premium_economy", r"\bpremium(?:[- ]economy)?\b(?!\s+(?:hotel|stay))"),
    ("economy", r"\beconomy(?:[- ]class)?\b|\bcoach\b(?! tour)|\bcattle class\b"),
)
_STAY_CLASS = (
    (
        "luxury",
        r"\bluxur(?:y|ious)\b|\b5[- ]star\b|\bfive[- ]star\b|\bsplurge\b|\bhigh[- ]end\b"
        # "money no object", "spare no expense": the best, said without the word luxury
        r"|\b(?:money|price|cost|budget)(?: is)? no object\b|\bspare no expense\b"
        r"|\bno expense spared\b|\bwhatever it costs\b",
    ),
    ("upscale", r"\bupscale\b|\b4[- ]star\b|\bfour[- ]star\b|\bboutique\b|\bnice hotels?\b"),
    ("midrange", r"\bmid[- ]?range\b|\b3[- ]star\b|\bthree[- ]star\b|\bmoderately priced\b"),
    (
        "budget",
        # "budget £3,500", "budget around 2k", "budget per person": an amount, not a class
        r"\b(?:budget|cheap|inexpensive|affordable|backpack(?:er|ing))\b(?!\s*(?:of|is|around|about|under|"
        r"roughly|approx\w*|max\w*|up to|total|per|for|[:=\d$€£¥₹]|(?i:usd|eur|gbp|aud|cad|inr|jpy)\b))",
    ),
)
_CLASSED_HOTEL = (
    r"\b(?:mid[- ]?range|[2-5][- ]?star|(?:two|three|four|five)[- ]star|luxury|luxurious|"
    r"boutique|upscale|nice|decent|cheap|budget)\s+hotels?\b"
)

_STAY_KINDS = (
    ("hostel", r"\bhostels?\b|\bdorms?\b|\bdormitor(?:y|ies)\b"),
    (
        "apartment",
        r"\bapartments?\b|\bairbnbs?\b|\bflats?\b(?= (?:to|with|for|in))|\bcondos?\b|\bholiday lets?\b|\bself[- ]catering\b",
    ),
    (
        "guesthouse",
        r"\bguest ?houses?\b|\bb ?& ?bs?\b|\bbed and breakfasts?\b|\bhomestays?\b|\bryokans?\b|\briads?\b",
    ),
    ("villa", r"\bvillas?\b"),
    # A small house in nature: not a flight's cabin (its bag, crew or class), nor the lodge
    # a safari stays in (a hotel in the bush).
    (
        "cabin",
        r"(?<!business )(?<!economy )(?<!first )(?<!premium )(?<!class )(?<!flight )"
        r"\b(?:log )?cabins?\b(?! (?:bags?|baggage|luggage|crew|class|upgrade|seats?)\b)"
        r"|\bchalets?\b|\bcottages?\b|(?<!safari )(?<!game )(?<!bush )\blodges?\b(?! hotel)",
    ),
    ("resort", r"\bresorts?\b|\ball[- ]inclusive\b"),
    ("hotel", r"\bhotels?\b"),
)
_FEATURES = (
    ("pool", r"\b(?:swimming )?pools?\b"),
    ("kitchen", r"\bkitchen(?:ette)?s?\b|\bself[- ]catering\b"),
    (
        "step-free",
        r"\bstep[- ]free\b|\bno stairs\b|\bground[- ]floor\b|\belevator\b|\blift access\b",
    ),
    ("parking", r"\bparking\b"),
    ("wifi", r"\bwi-?fi\b"),
    ("breakfast", r"\bbreakfast included\b|\bwith breakfast\b"),
    ("sea view", r"\bsea[- ]views?\b|\bocean[- ]views?\b|\bbeach ?front\b"),
    ("air conditioning", r"\bair[- ]con(?:ditioning)?\b|\b(?:a/c|ac)\b"),
)
_DIETS = (
    ("vegan", r"\bvegans?\b|\bplant[- ]based\b"),
    (
        "vegetarian",
        r"\bvegetarians?\b|\bveggie\b|\bno meat\b|\bdon'?t eat meat\b|\bpure veg\b|\bveg food\b",
    ),
    ("halal", r"\bhalal\b|\bmuslim[- ]friendly\b|\bno pork\b"),
    ("kosher", r"\bkosher\b"),
    (
        "gluten_free",
        r"\bgluten[- ]?free\b|\bcoeliac\b|\bceliac\b|\bno gluten\b|\bgluten intoleran\w*",
    ),
)
_UNLABELLED_DIETS = (
    ("pescatarian", r"\bpesc[ae]tarians?\b"),
    ("dairy-free", r"\b(?:dairy|lactose)[- ]free\b|\blactose[- ]intoleran\w*|\bno dairy\b"),
    ("nut-free", r"\bnut[- ]free\b|\b(?:pea)?nut allerg\w*|\ballergic to (?:pea)?nuts\b"),
    ("shellfish-free", r"\bshellfish allerg\w*|\ballergic to shellfish\b"),
    ("low-FODMAP", r"\blow[- ]fodmap\b"),
    ("diabetic", r"\bdiabetic\b|\bdiabetes\b"),
    ("jain", r"\bjain\b"),
)
"""Diets travellers name that no restaurant lotara knows is labelled for: said, not dropped."""
_ACCESS = (
    ("wheelchair", r"\bwheel ?chairs?\b|\bwheelchair[- ]accessible\b|\bmobility scooter\b"),
    (
        "step_free",
        r"\bstep[- ]free\b|\bno stairs\b|\bcan'?t (?:do|climb|manage) (?:stairs|steps)\b|\bground[- ]floor\b"
        # a mobility aid, or mobility said to be limited: stairs are the obstacle, not distance
        r"|\b(?:limited|reduced) mobility\b|\bmobility (?:issues?|problems?|aids?|impair\w*)\b"
        r"|\b(?:uses|with|has|needs|on) (?:a )?(?:walker|rollator|zimmer(?: frame)?|walking frame)\b"
        r"|\bcrutches\b|\bwalks? with difficulty\b|\bdisabled (?:access|rooms?|toilets?)\b"
        r"|(?<!wheelchair )(?<!wheelchair-)\baccessible (?:rooms?|hotels?|stays?|accommodation)\b",
    ),
    (
        "limited_walking",
        r"\blimited (?:walking|mobility)\b|\b(?:uses|with) a (?:walker|rollator|zimmer(?: frame)?)\b|\bcan'?t walk (?:far|much|long)\b|\bnot (?:too )?much walking\b|\bnot a lot of walking\b|\bno long walks\b|\bminimal walking\b|\bbad knees?\b|\bwalking (?:stick|frame)\b|\bcrutches\b|\bmobility issues?\b|\bwalk with difficulty\b|\bnothing (?:too )?strenuous\b|\bnot (?:too )?strenuous\b|\bno (?:strenuous|hard|long) (?:hikes?|climbs?)\b",
    ),
)
_MODES = (
    (
        "train",
        r"\btrains?\b|\brail(?:way)?\b|\beurostar\b|\bshinkansen\b|\binterrail\b|\beurail\b|\bbullet train\b"
        r"|\bjr pass\b|\brail ?pass\b|\bjapan rail\b",
    ),
    (
        "flight",
        r"\bflights?\b|\bfly(?:ing)?\b|\bair ?travel\b|\bplanes?\b|\bairplanes?\b|\baeroplanes?\b|\bby air\b",
    ),
    (
        "self-driving",
        r"\broad[- ]?trip\b|\bdriv(?:e|ing)\b|\bour (?:own )?car\b|\bby car\b|\bcampervan\b|\bmotorhome\b|\brv\b",
    ),
    (
        "car_hire",
        r"\b(?:rent(?:al)?|hire)(?:ing)? (?:a )?car\b|\bcar (?:rental|hire)\b|\brental car\b",
    ),
    ("bus", r"\bbus(?:es)?\b|\bcoach(?:es)?\b(?= (?:tour|trip|ride|between|to))"),
    ("ferry", r"\bferr(?:y|ies)\b|\bboats?\b"),
    ("taxi", r"\btaxis?\b|\bcabs?\b|\bubers?\b"),
)
_ONLY = r"(?:only|exclusively|all the way|throughout)"
_FLIGHT_WORD = r"(?:flights?|flying|fly|planes?)"
# What is asked of the flights, not of flying: "no red-eye flights" is no reason to stay on
# the ground. Each (rule, pattern, needs a negation before it).
_FLIGHT_RULES = (
    (
        "nonstop",
        rf"\b(?:non[- ]?stop|direct) {_FLIGHT_WORD}\b|\b{_FLIGHT_WORD} (?:non[- ]?stop|direct)\b"
        r"|\b(?:non[- ]?stops?|directs?) only\b|\bonly (?:non[- ]?stops?|directs?)\b"
        r"(?! (?:trains?|bus|ferr|route))",
        False,
    ),
    (
        "nonstop",
        r"\b(?:layovers?|stopovers?|connections?|connecting flights?|changes? of planes?)\b",
        True,
    ),
    (
        "one_stop",
        r"\b(?:max(?:imum)?|at most|no more than|only|up to) (?:one|1|a single) "
        r"(?:stop|layover|connection|change)s?\b|\b(?:one|1) (?:stop|layover|connection)s? "
        r"(?:max(?:imum)?|at most|tops)\b",
        False,
    ),
    (
        "no_red_eye",
        rf"\bred[- ]?eyes?(?: {_FLIGHT_WORD})?\b|\b(?:overnight|night|late[- ]night) "
        rf"{_FLIGHT_WORD}\b",
        True,
    ),
    (
        "no_early",
        rf"\bearly(?:[- ]morning)? (?:{_FLIGHT_WORD}|departures?|starts?|wake[- ]?ups?|mornings)\b"
        rf"|\b{_FLIGHT_WORD} (?:at|before) (?:dawn|sunrise|[4-7] ?am)\b"
        rf"|\bcrack[- ]of[- ]dawn(?: {_FLIGHT_WORD})?\b"
        rf"|\b(?:get|getting) up at [3-6](?: ?am)?(?: for (?:a|an|the|my|our) {_FLIGHT_WORD})?\b",
        True,
    ),
    # "no late flights": none leaving from 20:00; "late flights only", "afternoon flights":
    # leaving from noon on (evening flights: 17:00)
    ("leave_before_20", rf"\blate {_FLIGHT_WORD}\b", True),
    ("leave_after_12", rf"\b(?:late|afternoon) {_FLIGHT_WORD}\b", False),
    ("leave_after_17", rf"\bevening {_FLIGHT_WORD}\b", False),
)
_HOUR = r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap]\.?m\b\.?)?|(noon|midday)"
_LEAVING = rf"(?:{_FLIGHT_WORD}|departures?|leav(?:e|ing)|depart(?:ing)?|take[- ]?offs?)"
# An hour the flights leave by or from: "no flights before 9", "nothing before 10am",
# "flights after 11am please", "no flights after 8pm" (a negated "before" is an earliest hour,
# a negated "after" a latest; "nothing"/"anything" is its own negation).
_FLIGHT_HOURS = re.compile(
    rf"(?i)\b(?:{_LEAVING}|(nothing|anything))\s+(?:\w+\s+)?"
    rf"(before|earlier than|prior to|after|later than|from|no earlier than|not before)\s+"
    rf"(?:{_HOUR})(?!\s*(?:days?|nights?|weeks?|hours?|people|of|to|-))"
)
_LOW_COST = re.compile(
    r"(?i)\b(?:budget|low[- ]cost|cheap|no[- ]frills) (?:airlines?|carriers?)\b"
    r"|\b(?:ryanair|easyjet|spirit|wizz ?air)\b"
)


_BUDGET_BESIDE_FLIGHTS = re.compile(
    r"(?i)(?:[$€£¥]\s?\d|\d[\d,.]*\s?(?:k|usd|eur|gbp|cad|aud|dollars|euros|pounds|bucks)\b"
    r"|\bbudget\b)[^.;!?]{0,30}?\b(?:excluding|excl\.?|not including|"
    r"without|not counting|plus|besides|on top of|apart from)\s+(?:the\s+)?"
    r"(?:flights?|air ?fares?|plane tickets?)\b"
    r"|\b(?:flights?|air ?fares?) (?:not included|excluded|extra|separate(?:ly)?)\b"
)
"""A budget said to leave out the flights ("$2500 excluding flights"): no refusal to fly."""
BUDGET_BESIDE_FLIGHTS_NOTE = (
    "The budget is read as the whole trip's, flights included: a budget without the "
    "flights is not yet planned apart from them."
)


def _hour_rule(m: re.Match[str], text: str) -> str | None:
    """``leave_after_HH`` or ``leave_before_HH`` for one _FLIGHT_HOURS match, or None when its
    number is no hour of the day ("a flight before 3" without am/pm or a flight word)."""
    word, hour, minutes, half, noon = m.group(1, 3, 4, 5, 6)
    h = 12 if noon else int(hour)
    if half and half.lower().startswith("p") and h < 12:
        h += 12
    elif not (noon or half or minutes) and (
        not 6 <= h <= 12 or m.group(2).lower() in ("from", "later than")
    ):
        return None  # "nothing before 3", "flights from 2" are no hour; "no flights before 9" is
    if not 0 <= h <= 23:
        return None
    refused = bool(word) or _negated(text, m.start(2))
    before = m.group(2).lower() in ("before", "earlier than", "prior to")
    if m.group(2).lower() in ("no earlier than", "not before"):
        before, refused = True, True
    if refused == before:  # "nothing before 10", "flights after 11": the earliest
        return f"leave_after_{h:02d}"
    return f"leave_before_{h:02d}"


def read_flight_rules(text: str) -> tuple[list[str], str]:
    """The FLIGHT_RULES ``text`` asks for, and ``text`` with those phrases blanked out, so
    that a reader of transport wanted or refused never takes "no red-eyes" for "no flights".
    A refusal of low-cost airlines is blanked too (which carrier is low-cost is not known)."""
    rules: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in _FLIGHT_HOURS.finditer(text):
        if (rule := _hour_rule(m, text)) is not None:
            rules.append(rule)
            spans.append(m.span())
    for rule, pattern, negated in _FLIGHT_RULES:
        for m in re.finditer(pattern, text, re.IGNORECASE):
            if negated and not (
                _negated(text, m.start())
                or re.search(r"(?i)\b(?:hate|fear|dread)\w*\s+(?:\w+\s+)?$", text[: m.start()])
            ):
                continue
            if any(start <= m.start() < end for start, end in spans):
                continue  # "no flights after 8pm" is not also "no late flights"
            if rule not in rules:
                rules.append(rule)
            spans.append(m.span())
    spans += [m.span() for m in _LOW_COST.finditer(text) if _negated(text, m.start())]
    spans += [m.span() for m in _BUDGET_BESIDE_FLIGHTS.finditer(text)]
    blanked = list(text)
    for start, end in spans:
        blanked[start:end] = " " * (end - start)
    if "nonstop" in rules and "one_stop" in rules:
        rules.remove("one_stop")
    if "no_early" in rules and any(r.startswith("leave_after_") for r in rules):
        rules.remove("no_early")  # the hour said is what "early" means
    return rules, "".join(blanked)


_PETS = re.compile(
    rf"(?i)\b(?:with|bring(?:ing)?|and|plus|taking|travel(?:l?ing)? with|we have|we've got) "
    rf"(?:my |our |the |a |an )?"
    rf"(?:({_NUM}) )?(?:little |small |big |two )?(dogs?|cats?|pupp(?:y|ies)|pets?|puppers|"
    # a dog named by its breed: "we have a cockapoo", "with our labrador"
    r"\w+poos?|\w*doodles?|labradors?|labs|spaniels?|terriers?|retrievers?|dachshunds?|pugs?|"
    r"collies?|beagles?|schnauzers?|whippets?|greyhounds?|sausage dogs?)\b"
)
_ELDERLY = re.compile(
    r"(?i)\b(?:elderly|seniors?|senior citizens?|"
    r"grand(?:ma|pa|mother|father|parent|dad|ad)s?|grann(?:y|ies)|"
    r"in (?:my|our|his|her|their) (?:70s|80s|90s|seventies|eighties|nineties)|"
    r"(?:7\d|8\d|9\d)[- ]?(?:year[- ]old|yo)|aged (?:parents|mother|father)|retirees?|"
    r"pensioners?|retired|oaps?|over[- ]?(?:70|75|80)s?)\b"
    r"|\((?:aged? )?(?:7\d|8\d|9\d)\)"  # "my dad (78) and I"
    r"|(?i:\b(?:her|his|their|(?:my |our )?(?:mum|mom|mother|dad|father|gran|nan)'?s) "
    r"(?:7\d|8\d|9\d)(?:th|st|nd|rd)\b)"  # "for her 70th", "mum's 80th"
)
"""Words that put older travellers in the party: seniors, a retired couple, grandparents."""


_OCCASIONS = (
    (
        "honeymoon",
        r"\bhoneymoon(?:ing|ers?)?\b|\bmini[- ]?moon\b|\bjust married\b|\bnewly[- ]?weds?\b",
    ),
    (
        "anniversary",
        r"\b(?:wedding )?anniversary\b|\b(?:silver|golden|ruby|pearl) wedding\b|\bvow renewal\b|"
        r"\brenew(?:ing)? (?:our )?vows\b|"
        r"\bcelebrat(?:e|es|ing|ion of) (?:our )?\d{1,2}(?:st|nd|rd|th)? years?\b(?! (?:of|at|in|since) (?!marriage))|"
        r"\b\d{1,2} years (?:married|together|of marriage)\b|"
        r"\bour \d{1,2}(?:st|nd|rd|th) (?:year|together)\b",
    ),
    (
        "romantic",
        r"\bromantic\b|\bromance\b|\bbabymoon\b|\bpropos(?:e|ing) to (?:my|her|him)\b|"
        r"\bpop(?:ping)? the question\b|\bcouples?['’]? (?:getaway|retreat|escape|trip|break)\b|"
        r"\blovers['’]? (?:getaway|escape)\b|\bvalentine['’]?s?\b",
    ),
)
"""A trip a couple takes for each other: their stay is chosen as one (``optimise``)."""


def read_occasion(text: str) -> str | None:
    """``honeymoon``, ``anniversary`` or ``romantic`` when the words make the trip one."""
    for occasion, pattern in _OCCASIONS:
        wanted, _ = _mentions(text, pattern)
        if wanted:
            return occasion
    return None


def older_travellers(text: str) -> bool:
    """Whether the party includes older travellers ("two seniors", "a retired couple")."""
    return bool(_ELDERLY.search(text))


_ROOMS = re.compile(
    rf"(?i)\b({_NUM}) (?:(?:hotel|separate|double|twin|single|adjoining|connecting|private|"
    r"family) )?(?:bed)?rooms?\b(?! each)"
)
_ONE_WAY = re.compile(
    r"(?i)\bone[- ]way\b|\bno (?:return|flight home|way back)\b|\bnot coming back\b|"
    r"\bwon'?t (?:be )?(?:coming|flying) back\b|\bmoving to\b|\brelocat\w+ to\b|\bdon'?t need (?:a )?return\b"
)
_OPEN_JAW = re.compile(
    r"(?i)\bopen[- ]jaw\b|\b(?:fly(?:ing)?|head(?:ing)?|come|coming|go|going) (?:home|back|out) "
    r"from\b|\breturn(?:ing)? (?:home )?from\b|\b(?:home|back) from\b|"
    r"\b(?:in ?to|arriv(?:e|ing)(?: in| at)?|land(?:ing)? in)\b[^.;!?]*?(?:\band\b|,|then)\s*"
    r"(?:(?:fly(?:ing)?\s+|leav(?:e|ing)\s+|depart(?:ing)?\s+|home\s+|back\s+)?(?:out of|from)|"
    r"depart(?:ing)?|leav(?:e|ing)|fly(?:ing)? out)\b(?!\s+for\b)|"
    r"\bexit(?:ing)? (?:from|via|through)\b|\bleav(?:e|ing) for home from\b|"
    r"\b\w+ in\s*(?:,|and|&|/)\s*\w+(?: \w+)? out\b"
)


def read_needs(text: str) -> Needs:
    """Everything the words ask of the trip's shape and the party's needs."""
    needs = Needs()
    if _ONE_WAY.search(text):
        needs.trip_type = "one_way"
    elif _OPEN_JAW.search(text):
        needs.trip_type = "open_jaw"
    m = _ROOMS.search(text)
    if (
        m
        and not re.search(r"(?i)\b(?:bed|bath)rooms?\b", m.group(0))
        or (
            m
            and re.search(r"(?i)need|book|want|get|with", text[max(0, m.start() - 20) : m.start()])
        )
    ):
        count = parse_number(m.group(1)) if m else None
        if count and 1 <= count <= 20:
            needs.rooms = count
    for cls, pattern in _TRAVEL_CLASS:
        wanted, _ = _mentions(text, pattern)
        if wanted:
            needs.travel_class = cls
            break
    for cls, pattern in _STAY_CLASS:
        wanted, _ = _mentions(text, pattern)
        if wanted:
            needs.stay_class = cls
            break
    # "no luxury hotels" refuses a class of hotel, not hotels: the kind is read without them.
    unclassed = re.sub(_CLASSED_HOTEL, " ", text, flags=re.IGNORECASE)
    for kind, pattern in _STAY_KINDS:
        wanted, refused = _mentions(unclassed if kind == "hotel" else text, pattern)
        if refused:
            needs.avoid_stay_kinds.append(kind)
        elif wanted and kind != "hotel":
            needs.stay_kinds.append(kind)
    if "hotel" not in needs.avoid_stay_kinds and re.search(
        r"(?i)\bhotels? only\b|\bonly hotels?\b|\bin a hotel\b|\bproper hotel", text
    ):
        needs.stay_kinds.append("hotel")
    elif "hotel" not in needs.avoid_stay_kinds and _mentions(text, _CLASSED_HOTEL)[0]:
        # "mid-range hotels", "a 4-star hotel": the kind is asked for with its class, where
        # "hotel" alone may mean any room.
        needs.stay_kinds.append("hotel")
    for feature, pattern in _FEATURES:
        wanted, _ = _mentions(text, pattern)
        if wanted:
            needs.stay_features.append(feature)
    for diet, pattern in _DIETS:
        wanted, _ = _mentions(text, pattern)
        if wanted and diet not in needs.diets:
            needs.diets.append(diet)
    if "vegan" in needs.diets and "vegetarian" in needs.diets:
        needs.diets.remove("vegetarian")  # vegan already is
    for diet, pattern in _UNLABELLED_DIETS:
        wanted, _ = _mentions(text, pattern)
        if wanted:
            needs.notes.append(
                f"Read {diet}: lotara's restaurants are labelled only vegetarian, vegan, halal, "
                "kosher or gluten-free, so meals are not chosen for it; check with each one."
            )
    for need, pattern in _ACCESS:
        wanted, _ = _mentions(text, pattern)
        if wanted:
            needs.accessibility.append(need)
    if "step_free" in needs.accessibility and "step-free" not in needs.stay_features:
        needs.stay_features.append("step-free")
    needs.elderly = older_travellers(text)
    needs.occasion = read_occasion(text)
    pets = 0
    for pm in _PETS.finditer(text):
        if _negated(text, pm.start()):
            continue
        count = parse_number(pm.group(1)) if pm.group(1) else None
        plural = pm.group(2).endswith("s") or pm.group(2).endswith("ies")
        pets += count or (2 if plural and "two" in pm.group(0).lower() else 1)
    needs.pets = pets
    needs.flight_rules, plain = read_flight_rules(text)
    hours = [
        flight_rule_words(r)
        for r in needs.flight_rules
        if r == "no_early" or r.startswith("leave_")
    ]
    if hours:
        needs.notes.append(
            f"Read the hours asked of the flights as every flight (out, home and between) "
            f'{" and ".join(hours)}; say an hour ("no flights before 10am") to change it.'
        )
    if _LOW_COST.search(text):
        needs.notes.append(
            "Which airlines are low-cost is not known offline: the flights are chosen on "
            "price, stops and hours."
        )
    if _BUDGET_BESIDE_FLIGHTS.search(text):
        needs.notes.append(BUDGET_BESIDE_FLIGHTS_NOTE)
    _transport(plain, plain.lower(), needs)
    return needs


def _transport(text: str, low: str, needs: Needs) -> None:
    for mode, pattern in _MODES:
        for m in re.finditer(pattern, text, re.IGNORECASE):
            before = text[max(0, m.start() - 30) : m.start()].lower()
            after = text[m.end() : m.end() + 25].lower()
            if _negated(text, m.start()) or re.search(
                r"\b(?:hate|fear|scared of|afraid of)\b", before
            ):
                if mode not in needs.avoid_transport:
                    needs.avoid_transport.append(mode)
                break
            if mode == "flight" and not re.search(r"\bby\b|\bonly\b", before + after):
                continue  # "flights from Boston" is a trip with flights, not a rule
            wanted = (
                re.search(
                    r"\bby\s+(?:\w+\s+)?$|\bvia\s+$|\btake (?:the )?$|\bprefer\w*\s+(?:\w+\s+)?$",
                    before,
                )
                or re.search(
                    rf"^\s*{_ONLY}\b|^\s*(?:is|are) (?:fine|ok|preferred|a must|best)|"
                    r"^\s*(?:,\s*)?(?:please|pls|plz|if possible|preferably|preferred|ideally|"
                    r"between|wherever possible|where possible)\b|^\s*(?:rides?|journeys?|"
                    r"travel|hops?|crossings?) (?:between|from|to)\b|^\s*crossings?\b",
                    after,
                )
                or re.search(
                    r"\b(?:on|ride|riding|catch|catching|take|taking|want|love|prefer|like|"
                    r"rather)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+)?$",
                    before,
                )
                and mode != "flight"
                or re.search(rf"\b{_ONLY}\s+(?:by\s+)?$", before)
                or mode == "self-driving"
                and re.search(r"road[- ]?trip|driv|car|camper|motorhome", m.group(0).lower())
                or mode == "train"  # a named train service is a train wanted
                and re.search(
                    r"eurostar|shinkansen|interrail|eurail|bullet|jr|pass", m.group(0).lower()
                )
                or mode == "car_hire"
            )
            if wanted and mode not in needs.transport_modes:
                needs.transport_modes.append(mode)
                break
    only = re.search(rf"(?i)\b{_ONLY}\b", text)
    if only and len(needs.transport_modes) == 1 and needs.transport_modes[0] != "flight":
        if "flight" not in needs.avoid_transport and re.search(
            rf"(?i)(?:by \w+ {_ONLY}|{_ONLY} by|{_ONLY} \w+s?\b|\w+ {_ONLY}\b)", text
        ):
            needs.avoid_transport.append("flight")  # "by train only": no flights either
    if "flight" in needs.transport_modes and "flight" in needs.avoid_transport:
        needs.transport_modes.remove("flight")
