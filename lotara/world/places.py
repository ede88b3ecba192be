"""Places: airports, cities and the codes and names people use for them."""

from __future__ import annotations

from lotara.prefs import airports

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


def is_known_code(code: str) -> bool:
    """True for an IATA airport code or a metropolitan city code."""
    code = code.strip().upper()
    return len(code) == 3 and (code in METRO_CODES or code in airports())
