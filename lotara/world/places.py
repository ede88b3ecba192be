"""Places: airports, cities and the codes and names people use for them.

``resolve`` turns what a person types ("NYC", "JFK", "Kyoto", "Barcelna", "Paris, TX") into a
``Place``: exact names and codes first, then the catalogue's aliases, then every city with an
airport in airportsdata, then a fuzzy match. When a name belongs to several cities the bigger
one wins (the catalogue's population, else the city's count of international airports).
"""

from __future__ import annotations

import json
import math
import sys
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lotara.errors import UnknownPlace
from lotara.models import Place
from lotara.world.lands import haversine_km, landmass

AIRPORTS_FILE = Path(__file__).parent / "data" / "airports-iata.json"

METRO_CODES: dict[str, tuple[str, ...]] = {
    "NYC": ("JFK", "EWR", "LGA"),
    "LON": ("LHR", "LGW", "STN", "LTN", "LCY"),
    "PAR": ("CDG", "ORY"),
    "TYO": ("HND", "NRT"),
    "CHI": ("ORD", "MDW"),
    "WAS": ("IAD", "DCA", "BWI"),
    "MIL": ("MXP", "LIN"),
    "ROM": ("FCO", "CIA"),
    "SEL": ("ICN", "GMP"),
    "OSA": ("KIX", "ITM"),
    "BJS": ("PEK", "PKX"),
    "SHA": ("PVG", "SHA"),
    "STO": ("ARN", "BMA"),
    "MOW": ("SVO", "DME", "VKO"),
    "BUE": ("EZE", "AEP"),
    "SAO": ("GRU", "CGH", "VCP"),
    "RIO": ("GIG", "SDU"),
    "YTO": ("YYZ", "YTZ"),
    "YMQ": ("YUL",),
    "BKK": ("BKK", "DMK"),
    "JKT": ("CGK", "HLP"),
    "IST": ("IST", "SAW"),
}
"""Multi-airport city codes (IATA metropolitan area codes) and their airports."""

BUSY_AIRPORTS = frozenset(
    """
    ATL DFW DEN ORD LAX JFK LAS MCO MIA CLT SEA PHX EWR SFO IAH BOS FLL MSP LGA DTW PHL SLC
    BWI DCA SAN IAD TPA BNA AUS MDW HNL DAL PDX STL RDU HOU SMF MSY SJC SAT MCI OAK CLE IND
    PIT CMH CVG JAX BDL ONT ABQ OMA BUF RSW SNA BUR ANC YYZ YVR YUL YYC MEX CUN GDL MTY BOG
    LIM SCL GRU GIG EZE PTY SJO LHR LGW MAN STN EDI DUB CDG ORY NCE LYS AMS BRU FRA MUC BER
    DUS HAM ZRH GVA VIE MAD BCN PMI AGP LIS OPO FCO MXP LIN VCE NAP CPH ARN OSL HEL WAW PRG
    BUD ATH IST SAW AYT VLC SVQ COR DME SVO LED DXB AUH DOH RUH JED CAI CMN RAK JNB CPT
    NBO ADD LOS DEL
    BOM BLR MAA HYD CCU COK GOI CMB KTM DAC BKK DMK HKT CNX SIN KUL CGK DPS MNL SGN HAN DAD
    HKG MFM TPE PEK PKX PVG SHA CAN SZX CTU CKG XIY KMG HGH ICN GMP PUS CJU HND NRT KIX ITM
    FUK CTS OKA SYD MEL BNE PER ADL AKL CHC
    """.split()
)
"""Busy passenger airports (roughly the world's top 200): a name shared by several cities
goes to the one with such an airport first (Portland, Oregon before Portland, Maine)."""

AIRPORT_CITIES: dict[str, tuple[str, str]] = {
    "vancouver": ("Vancouver", "YVR"), "nagoya": ("Nagoya", "NGO"), "sapporo": ("Sapporo", "CTS"),
    "naples": ("Naples", "NAP"), "napoli": ("Naples", "NAP"), "frankfurt": ("Frankfurt", "FRA"),
    "cincinnati": ("Cincinnati", "CVG"), "hartford": ("Hartford", "BDL"),
    "panama city": ("Panama City", "PTY"), "goa": ("Goa", "GOI"), "okinawa": ("Okinawa", "OKA"),
    "kochi": ("Kochi", "COK"), "raleigh": ("Raleigh", "RDU"), "dallas": ("Dallas", "DFW"),
    "fort worth": ("Fort Worth", "DFW"), "orange county": ("Orange County", "SNA"),
    "saint petersburg": ("Saint Petersburg", "LED"), "st petersburg": ("Saint Petersburg", "LED"),
    "palma": ("Palma de Mallorca", "PMI"), "mallorca": ("Palma de Mallorca", "PMI"),
    "majorca": ("Palma de Mallorca", "PMI"), "seville": ("Seville", "SVQ"),
    "sevilla": ("Seville", "SVQ"), "valencia": ("Valencia", "VLC"), "jeju": ("Jeju", "CJU"),
    "sao paulo": ("São Paulo", "SAO"), "bengaluru": ("Bangalore", "BLR"),
    "calcutta": ("Kolkata", "CCU"), "madras": ("Chennai", "MAA"), "busan": ("Busan", "PUS"),
    "minneapolis": ("Minneapolis", "MSP"), "st paul": ("Saint Paul", "MSP"),
    "cordoba": ("Córdoba", "COR"), "zanzibar": ("Zanzibar", "ZNZ"),
}  # fmt: skip
"""Names people type for cities whose main airport airportsdata files under another town
(YVR under Richmond, NGO under Tokoname): the city's name and the airport that serves it."""

FUZZY_ACCEPT = 85.0
"""The lowest rapidfuzz ratio at which a misspelt name is taken as meant (Barcelna: 94)."""

FUZZY_ACCEPT_SMALL_TOWN = 92.0
"""The bar for a town known only by its airport: "Atlantis" (87.5 from Atlantic, Iowa) is a
place nobody resolved, not a typo, so it gets suggestions instead of a guessed trip."""


@cache
def airports() -> Mapping[str, Mapping[str, Any]]:
    """Every IATA airport (airportsdata's fields), from the compact copy in ``world/data``.

    Parsing airportsdata's CSV costs about 100 ms; the compact JSON about a fifth of that,
    which keeps the world's first load fast. Without the file, airportsdata itself serves.
    """
    if not AIRPORTS_FILE.exists():  # pragma: no cover - a checkout that lost its data file
        import airportsdata

        table: dict[str, dict[str, Any]] = {
            k: dict(v) for k, v in airportsdata.load("IATA").items()
        }
    else:
        doc = json.loads(AIRPORTS_FILE.read_text(encoding="utf-8"))
        fields = doc["fields"]
        table = {row[0]: dict(zip(fields, row, strict=True)) for row in doc["rows"]}
    for code, fixed in AIRPORT_CORRECTIONS.items():
        if code in table:
            table[code] = {**table[code], **fixed}
    return table


AIRPORT_CORRECTIONS: dict[str, dict[str, str]] = {
    "MFX": {"city": "Meribel"},  # airportsdata files the Alpine altiport under Ajaccio
}
"""Rows of airportsdata that are wrong, put right where the table is read."""


def regenerate_airports() -> int:
    """Rewrite the compact airports file from the installed airportsdata; the row count."""
    from importlib.metadata import version

    import airportsdata

    fields = ["iata", "name", "city", "subd", "country", "lat", "lon", "tz"]
    table: Mapping[str, Mapping[str, Any]] = airportsdata.load("IATA")
    doc = {
        "about": f"IATA airports from airportsdata {version('airportsdata')} (MIT), compacted "
        "by lotara for a fast first load; regenerate with: "
        "python -m lotara.world.places --regenerate",
        "fields": fields,
        "rows": [[code, *(table[code][f] for f in fields[1:])] for code in sorted(table)],
    }
    AIRPORTS_FILE.write_text(
        json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    return len(doc["rows"])


MAX_GATEWAY_KM = 400.0
"""A town further than this from any airport with scheduled service is not reached by air."""


@cache
def _served_airports() -> tuple[tuple[str, float, float], ...]:
    from lotara.world import gazetteer

    table = airports()
    return tuple(
        (code, table[code]["lat"], table[code]["lon"])
        for code in gazetteer.airport_aliases()
        if code in table
    )


def nearest_served_airport(
    lat: float, lon: float, keep: Callable[[str], bool] | None = None
) -> tuple[str | None, float]:
    """The closest airport with scheduled service (ourairports) and its distance in km;
    with ``keep``, the closest that ``keep`` accepts."""
    best: tuple[str | None, float] = (None, math.inf)
    for code, alat, alon in _served_airports():
        if abs(alat - lat) > 6:
            continue
        km = haversine_km(lat, lon, alat, alon)
        if km < best[1] and (keep is None or keep(code)):
            best = (code, km)
    return best


def served_airports_near(
    lat: float,
    lon: float,
    max_km: float,
    limit: int,
    *,
    country: str | None = None,
    sizes: tuple[str, ...] = ("large", "medium", "small"),
) -> list[str]:
    """The airports with scheduled service within ``max_km`` (of ``country`` and
    ``sizes`` when given), the busiest sizes first and the nearest first within a size."""
    from lotara.world import service

    rank = {"large": 0, "medium": 1, "small": 2}
    table = airports()
    found = []
    for code, alat, alon in _served_airports():
        if abs(alat - lat) > max_km / 100 or (country and table[code]["country"] != country):
            continue
        km = haversine_km(lat, lon, alat, alon)
        size = service.size_of(code)
        if km <= max_km and size in sizes:
            found.append((rank.get(size, 3), km, code))
    return [code for _, _, code in sorted(found)[:limit]]


def same_land(name: str, country: str, lat: float, lon: float, code: str) -> bool:
    """Whether airport ``code`` stands on the landmass of the town ``name`` at (lat, lon):
    both seen by the town's name, so a place of an archipelago, told apart by name alone,
    keeps its own airport."""
    row = airports()[code]
    town = landmass(name, country, lat, lon, row)
    return town == landmass(name, row["country"], row["lat"], row["lon"], row)


def is_known_code(code: str) -> bool:
    """True for an IATA airport code or a metropolitan city code."""
    code = code.strip().upper()
    return len(code) == 3 and (code in METRO_CODES or code in airports())


def normalise(text: str) -> str:
    """A lookup key: accents, case, punctuation and extra spaces removed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if c.isalnum() else " " for c in plain.casefold())
    return " ".join(cleaned.split())


@dataclass(frozen=True)
class CityGroup:
    """Airports sharing a city name and country in airportsdata: a city with no catalogue entry."""

    city: str
    country: str
    subd: str
    codes: tuple[str, ...]

    @property
    def weight(self) -> float:
        table = airports()
        intl = sum(1 for c in self.codes if "international" in table[c]["name"].lower())
        busy = sum(1 for c in self.codes if c in BUSY_AIRPORTS)
        return 10.0 * busy + 3.0 * intl + len(self.codes)


class PlaceIndex:
    """Every name and code a place can be typed as, built once from airports and the catalogue."""

    def __init__(self, cities: list[dict[str, Any]]) -> None:
        self.cities = cities
        self.by_name: dict[str, list[dict[str, Any]]] = {}
        for city in cities:
            for name in (city["name"], *city.get("aliases", ())):
                self.by_name.setdefault(normalise(name), []).append(city)
        # A city without an airport borrows a neighbour's code (Kyoto: KIX); that code still
        # names the neighbour (KIX is Osaka's), so only cities with their own are indexed.
        self.by_iata = {c["iata"]: c for c in cities if c.get("own_airport", True)}
        self._groups: dict[str, list[CityGroup]] | None = None
        self._choices: list[str] | None = None

    @property
    def groups(self) -> dict[str, list[CityGroup]]:
        """Airports grouped by city name: built on the first name the catalogue lacks."""
        if self._groups is None:
            found: dict[tuple[str, str, str], list[str]] = {}
            table = airports()
            for code, row in table.items():
                key = (normalise(row["city"]), row["country"], row["subd"])
                found.setdefault(key, []).append(code)
            groups: dict[str, list[CityGroup]] = {}
            for (name, country, subd), codes in found.items():
                if name:
                    group = CityGroup(table[codes[0]]["city"], country, subd, tuple(sorted(codes)))
                    groups.setdefault(name, []).append(group)
            self._groups = groups
        return self._groups

    # --- lookups -----------------------------------------------------------------------

    def resolve(self, text: str) -> Place:
        """The place meant by ``text``; ``UnknownPlace`` naming close matches if none."""
        raw = (text or "").strip()
        if not raw:
            raise UnknownPlace(text or "", [])
        name, _, qualifier = raw.partition(",")
        qualifier = normalise(qualifier)
        if len(raw) == 3 and raw.isalpha() and raw.isupper():
            place = self._by_code(raw)
            if place:
                return place
        key = normalise(name)
        place = self._by_name(key, qualifier)
        if place:
            return place
        # A town's name written as a word ("Spa", "Ulm", "Kos", "Pau") is the town before
        # it is some other place's airport code: only capitals make three letters a code.
        place = self._by_gazetteer(name, qualifier)
        if place:
            return place
        if len(raw) == 3 and raw.isalpha():
            place = self._by_code(raw.upper())
            if place:
                return place
        return self._fuzzy(key, qualifier, raw)

    def _by_gazetteer(self, name: str, qualifier: str) -> Place | None:
        """A town with no airport of its own (Kotor, Hoi An, Siena): the world gazetteer's
        city, flown to through the nearest airport with scheduled service."""
        from lotara.world import gazetteer

        country = qualifier.upper() if len(qualifier) == 2 else None
        hits = [
            h
            for h in gazetteer.lookup(name)
            if h.kind == "city" and (country is None or h.country == country)
        ]
        if not hits:
            return None
        city = gazetteer.city_named(hits[0].name, hits[0].country)
        if city is None:
            return None
        code, km = nearest_served_airport(city.lat, city.lon)
        if code is not None:
            # The nearest on the town's own land, when one is in reach (Portree on Skye
            # flies from Inverness, not from Benbecula across the sea).
            on_land, land_km = nearest_served_airport(
                city.lat,
                city.lon,
                lambda c: same_land(city.name, city.country, city.lat, city.lon, c),
            )
            if on_land is not None and land_km <= MAX_GATEWAY_KM:
                code, km = on_land, land_km
        if code is None or km > MAX_GATEWAY_KM:
            return None
        row = airports()[code]
        return Place(
            city=city.name,
            country=city.country,
            iata=code,
            airports=[code],
            lat=city.lat,
            lon=city.lon,
            timezone=city.tz or row["tz"],
            nearest_airport_km=round(km, 1),
        )

    def _by_code(self, code: str) -> Place | None:
        if code in self.by_iata:
            return self.city_place(self.by_iata[code])
        if code in METRO_CODES:
            first = airports()[METRO_CODES[code][0]]
            city = self._catalogue_city(normalise(first["city"]), first["country"])
            if city:
                return self.city_place(city, iata=code, codes=METRO_CODES[code])
            return self._airport_place(first, code, METRO_CODES[code])
        row = airports().get(code)
        if row is None:
            return None
        city = self._catalogue_city(normalise(row["city"]), row["country"])
        if city and code in city["airports"]:
            return self.city_place(city, iata=code, codes=(code,))
        return self._airport_place(row, code, (code,))

    def _catalogue_city(self, key: str, country: str) -> dict[str, Any] | None:
        for city in self.by_name.get(key, ()):
            if city["country"] == country:
                return city
        return None

    def _by_name(self, key: str, qualifier: str) -> Place | None:
        cities = [c for c in self.by_name.get(key, ()) if _qualifies(c, qualifier)]
        if cities:
            return self.city_place(max(cities, key=lambda c: c.get("pop", 0.0)))
        if key in AIRPORT_CITIES and not qualifier:
            name, code = AIRPORT_CITIES[key]
            place = self._by_code(code)
            if place:
                return place.model_copy(update={"city": name})
        groups = [g for g in self.groups.get(key, ()) if _qualifies_group(g, qualifier)]
        if groups:
            best = max(groups, key=lambda g: (g.weight, g.codes))
            return self.group_place(best)
        return None

    def _fuzzy(self, key: str, qualifier: str, raw: str) -> Place:
        from rapidfuzz import fuzz, process

        if self._choices is None:
            # Catalogue names first so a tie goes to the better-known city.
            names = list(self.by_name) + sorted(set(AIRPORT_CITIES) - set(self.by_name))
            self._choices = names + sorted(set(self.groups) - set(names))
        hits = process.extract(key, self._choices, scorer=fuzz.ratio, limit=6, score_cutoff=60)
        for choice, score, _ in hits:
            if score < FUZZY_ACCEPT:
                break
            well_known = choice in self.by_name or choice in AIRPORT_CITIES
            if not well_known and score < FUZZY_ACCEPT_SMALL_TOWN:
                continue
            place = self._by_name(choice, qualifier)
            if place:
                return place
        suggestions: list[str] = []
        for choice, _, _ in hits:
            place = self._by_name(choice, "")
            if place and place.city not in suggestions:
                suggestions.append(place.city)
        raise UnknownPlace(raw, suggestions[:3])

    # --- building places ---------------------------------------------------------------

    def city_place(
        self, city: dict[str, Any], *, iata: str | None = None, codes: tuple[str, ...] = ()
    ) -> Place:
        """The ``Place`` of a catalogue city (optionally through one of its airports)."""
        served = tuple(codes or city["airports"])
        nearest = None
        if not city.get("own_airport", True):
            table = airports()
            nearest = round(
                min(
                    haversine_km(city["lat"], city["lon"], table[c]["lat"], table[c]["lon"])
                    for c in served
                ),
                1,
            )
        return Place(
            city=city["name"],
            country=city["country"],
            iata=iata or city["iata"],
            airports=list(served),
            lat=city["lat"],
            lon=city["lon"],
            timezone=city["tz"],
            nearest_airport_km=nearest,
        )

    def group_place(self, group: CityGroup) -> Place:
        """The ``Place`` of a city known only by its airports."""
        table = airports()
        for code, members in METRO_CODES.items():
            if set(members) & set(group.codes):
                return self._airport_place(table[members[0]], code, members)
        main = _main_airport(group.codes)
        ordered = tuple(sorted(group.codes, key=lambda c: (c != main, c not in BUSY_AIRPORTS, c)))
        return self._airport_place(table[main], main, ordered)

    @staticmethod
    def _airport_place(row: Mapping[str, Any], iata: str, codes: tuple[str, ...]) -> Place:
        return Place(
            city=row["city"] or row["name"],
            country=row["country"],
            iata=iata,
            airports=list(codes),
            lat=row["lat"],
            lon=row["lon"],
            timezone=row["tz"],
        )


def _main_airport(codes: tuple[str, ...]) -> str:
    table = airports()
    ranked = sorted(
        codes,
        key=lambda c: (c not in BUSY_AIRPORTS, "international" not in table[c]["name"].lower(), c),
    )
    return ranked[0]


def _qualifies(city: dict[str, Any], qualifier: str) -> bool:
    if not qualifier:
        return True
    state = city.get("state", "")
    return qualifier in (
        city["country"].casefold(),
        normalise(city.get("country_name", "")),
        state.casefold(),
        US_STATES.get(state, "-"),
    )


def _qualifies_group(group: CityGroup, qualifier: str) -> bool:
    if not qualifier:
        return True
    subd = normalise(group.subd)
    return qualifier in (group.country.casefold(), subd) or (
        group.country == "US" and US_STATES.get(qualifier.upper()) == subd
    )


US_STATES = {
    "AL": "alabama", "AK": "alaska", "AZ": "arizona", "AR": "arkansas", "CA": "california",
    "CO": "colorado", "CT": "connecticut", "DE": "delaware", "FL": "florida", "GA": "georgia",
    "HI": "hawaii", "ID": "idaho", "IL": "illinois", "IN": "indiana", "IA": "iowa",
    "KS": "kansas", "KY": "kentucky", "LA": "louisiana", "ME": "maine", "MD": "maryland",
    "MA": "massachusetts", "MI": "michigan", "MN": "minnesota", "MS": "mississippi",
    "MO": "missouri", "MT": "montana", "NE": "nebraska", "NV": "nevada", "NH": "new hampshire",
    "NJ": "new jersey", "NM": "new mexico", "NY": "new york", "NC": "north carolina",
    "ND": "north dakota", "OH": "ohio", "OK": "oklahoma", "OR": "oregon", "PA": "pennsylvania",
    "RI": "rhode island", "SC": "south carolina", "SD": "south dakota", "TN": "tennessee",
    "TX": "texas", "UT": "utah", "VT": "vermont", "VA": "virginia", "WA": "washington",
    "WV": "west virginia", "WI": "wisconsin", "WY": "wyoming", "DC": "district of columbia",
}  # fmt: skip
"""US state abbreviations, so 'Paris, TX' finds Texas."""


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    if sys.argv[1:] == ["--regenerate"]:
        print(f"wrote {regenerate_airports()} airports to {AIRPORTS_FILE}")
