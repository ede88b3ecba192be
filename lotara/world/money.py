"""Indicative exchange rates, so every amount comes back in the currency asked for.

The rates are rounded mid-market figures of the date in ``FX_AS_OF``, written down once and
labelled indicative: good enough to compare a hotel in Tokyo with one in Paris in one
currency, never a quote for changing money. Unknown currencies raise ``InvalidValue``.
"""

from __future__ import annotations

import re

from lotara.errors import InvalidValue

FX_AS_OF = "2025-06-01"
FX_SOURCE = f"indicative mid-market rates of {FX_AS_OF}, rounded (not a quote)"

UNITS_PER_USD: dict[str, float] = {
    "USD": 1.0, "EUR": 0.88, "GBP": 0.74, "JPY": 144.0, "CNY": 7.2, "HKD": 7.85,
    "MOP": 8.08, "TWD": 30.0, "KRW": 1370.0, "SGD": 1.29, "MYR": 4.25, "THB": 32.7,
    "IDR": 16300.0, "PHP": 56.0, "VND": 26000.0, "KHR": 4000.0, "LAK": 21600.0,
    "MMK": 2100.0, "INR": 85.5, "LKR": 298.0, "NPR": 137.0, "BTN": 85.5, "BDT": 122.0,
    "PKR": 282.0, "MVR": 15.4, "AED": 3.6725, "SAR": 3.75, "QAR": 3.64, "OMR": 0.385,
    "BHD": 0.376, "KWD": 0.306, "JOD": 0.709, "ILS": 3.55, "LBP": 89500.0, "IQD": 1310.0,
    "IRR": 42000.0, "TRY": 39.0, "EGP": 49.7, "MAD": 9.1, "TND": 2.95, "DZD": 132.0,
    "ZAR": 17.9, "NAD": 17.9, "BWP": 13.4, "KES": 129.0, "TZS": 2650.0, "UGX": 3620.0,
    "RWF": 1420.0, "ETB": 134.0, "GHS": 10.3, "NGN": 1550.0, "XOF": 577.0, "ZMW": 25.0,
    "MUR": 45.5, "SCR": 14.3, "AUD": 1.54, "NZD": 1.66, "FJD": 2.25, "CAD": 1.37,
    "MXN": 19.2, "GTQ": 7.68, "BZD": 2.0, "CRC": 505.0, "DOP": 59.0, "JMD": 159.0,
    "TTD": 6.78, "BSD": 1.0, "CUP": 24.0, "BRL": 5.6, "ARS": 1180.0, "CLP": 935.0,
    "COP": 4150.0, "PEN": 3.62, "BOB": 6.91, "PYG": 7980.0, "UYU": 41.0, "CHF": 0.82,
    "SEK": 9.6, "NOK": 10.1, "DKK": 6.56, "ISK": 127.0, "CZK": 21.9, "HUF": 352.0,
    "PLN": 3.76, "RON": 4.4, "BGN": 1.72, "RSD": 103.0, "BAM": 1.72, "MKD": 54.0,
    "GEL": 2.73, "UAH": 41.5, "RUB": 79.0, "KZT": 512.0, "UZS": 12700.0, "MNT": 3570.0,
}  # fmt: skip
"""Units of each currency one US dollar bought on ``FX_AS_OF`` (rounded, indicative)."""


def known_currency(code: str) -> bool:
    """True when lotara has a rate for ``code``."""
    return code.upper() in UNITS_PER_USD


def rate(from_ccy: str, to_ccy: str) -> float:
    """How many ``to_ccy`` one ``from_ccy`` buys, at the indicative rates."""
    src, dst = from_ccy.upper(), to_ccy.upper()
    if src == dst:
        return 1.0
    for code in (src, dst):
        if code not in UNITS_PER_USD:
            raise InvalidValue(
                f"lotara has no exchange rate for {code!r}; use an ISO 4217 code such as "
                "USD, EUR or JPY."
            )
    return UNITS_PER_USD[dst] / UNITS_PER_USD[src]


def convert(amount: float, from_ccy: str, to_ccy: str) -> float:
    """``amount`` of ``from_ccy`` in ``to_ccy`` at the indicative rates, rounded to 2 places."""
    return round(amount * rate(from_ccy, to_ccy), 2)


def display_round(amount: float, currency: str) -> float:
    """A price as a seller would show it: whole units for yen-like currencies, else cents."""
    if UNITS_PER_USD.get(currency.upper(), 1.0) >= 100:
        return float(round(amount))
    return round(amount, 2)


# --- codes, minor units, reading and writing amounts ------------------------------------

ISO_4217 = frozenset(
    """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN
    BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP
    GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS
    KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR
    MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF
    SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD
    TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWG""".split()
)
"""Active ISO 4217 currency codes."""

MINOR_UNITS: dict[str, int] = {
    **dict.fromkeys("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF".split(), 0),
    **dict.fromkeys("BHD IQD JOD KWD LYD OMR TND".split(), 3),
}
"""ISO 4217 minor units where they are not 2: yen have none, a Kuwaiti dinar has 1,000 fils."""

SYMBOLS: dict[str, str] = {
    "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "AUD": "A$", "CAD": "C$",
}  # fmt: skip
"""Symbols lotara writes; every other currency is written with its code after the amount."""

SYMBOL_CURRENCIES: dict[str, str] = {
    "us$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "nz$": "NZD",
    "s$": "SGD", "hk$": "HKD", "r$": "BRL", "mx$": "MXN", "rs.": "INR", "rs": "INR",
    "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "฿": "THB",
    "₺": "TRY", "₫": "VND", "₱": "PHP", "₪": "ILS", "₦": "NGN", "zł": "PLN", "kč": "CZK",
    "r": "ZAR",
}  # fmt: skip
"""Symbols a traveller types and the currency each names ("$" alone is US dollars)."""

CURRENCY_WORDS: dict[str, str] = {
    "dollars": "USD", "dollar": "USD", "bucks": "USD", "euros": "EUR", "euro": "EUR",
    "eur": "EUR", "pounds": "GBP", "pound": "GBP", "quid": "GBP", "sterling": "GBP",
    "yen": "JPY", "rupees": "INR", "rupee": "INR", "baht": "THB", "won": "KRW",
    "pesos": "MXN", "francs": "CHF", "yuan": "CNY", "rmb": "CNY", "reais": "BRL",
    "real": "BRL", "ringgit": "MYR", "dirhams": "AED", "dirham": "AED", "lira": "TRY",
    "dong": "VND", "rand": "ZAR", "kroner": "NOK", "kronor": "SEK", "zloty": "PLN",
    "shekels": "ILS", "dinars": "KWD", "dinar": "KWD", "riyals": "SAR", "riyal": "SAR",
}  # fmt: skip
"""Currency names in words."""

SCALES: dict[str, float] = {
    "k": 1e3, "thousand": 1e3, "grand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6,
    "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5, "crore": 1e7, "crores": 1e7, "cr": 1e7,
}  # fmt: skip
"""Words and letters that scale a number: 2.5k, 1.5 lakh (150,000), 2 crore (20 million)."""

NUMBER = r"\d{1,3}(?:[,.\s’']\d{2,3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?"
"""A written amount: 3000, 3,000, 1.200,50, 1,50,000 (Indian grouping), 2.5."""
SCALE = r"(?:k|K|thousand|grand|m|M|mn|million|lakhs?|lacs?|crores?|cr)\b"


def minor_units(currency: str) -> int:
    """How many decimals ``currency`` has (ISO 4217): 0 for JPY, 3 for KWD, else 2."""
    return MINOR_UNITS.get(currency.upper(), 2)


def currency_of(token: str) -> str | None:
    """The ISO code a symbol, word or code names ("€", "NZ$", "euros", "gbp"), or ``None``."""
    low = token.strip().lower()
    if low in SYMBOL_CURRENCIES:
        return SYMBOL_CURRENCIES[low]
    if low in CURRENCY_WORDS:
        return CURRENCY_WORDS[low]
    if low.upper() in ISO_4217:
        return low.upper()
    return None


def read_number(text: str, currency: str | None = None) -> float:
    """A written number, whichever separators the writer uses.

    "1,200.50" and "1.200,50" are both 1200.5; "R$2.500" is 2500 (a dot before three digits
    groups thousands) unless the currency has three decimals (KWD 2.500 is 2.5); "1,50,000"
    is Indian grouping; "2,5" is 2.5.
    """
    s = re.sub(r"[\s’']", "", text.strip())
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        decimal = "." if s.rfind(".") > s.rfind(",") else ","
        group = "," if decimal == "." else "."
        return float(s.replace(group, "").replace(decimal, "."))
    for sep in (".", ","):
        if s.count(sep) > 1:
            return float(s.replace(sep, ""))
        if s.count(sep) == 1:
            head, tail = s.split(sep)
            three = currency is not None and minor_units(currency) == 3
            if len(tail) == 3 and not (sep == "." and three):
                return float(head + tail)
            return float(f"{head}.{tail}")
    return float(s)


def scaled(number: str, scale: str | None, currency: str | None = None) -> float:
    """``number`` read by ``read_number``, times its scale word ("k", "lakh", "crore")."""
    value = read_number(number, currency)
    if scale:
        value *= SCALES.get(scale.lower(), 1.0)
    return value


_MONEY = re.compile(
    rf"(?i)^\s*(?P<pre>[A-Za-z]{{0,3}}\$|[€£¥₹₩฿₺₫₱₪₦]|rs\.?|[A-Za-z]{{3}}(?=\s*\d))?\s*"
    rf"(?P<num>{NUMBER})\s*(?P<scale>{SCALE})?\s*"
    rf"(?P<post>[A-Za-z]{{3,8}}|[€£¥₹])?\s*$"
)


def parse_money(text: str) -> tuple[float, str | None]:
    """An amount typed as a value ("3000", "$3,000", "2.5k", "€900", "1.5 lakh", "900 EUR").

    Returns the amount and the currency the text names, if any; ``InvalidValue`` otherwise.
    """
    m = _MONEY.match(text or "")
    if m is None:
        raise InvalidValue(
            f"{text!r} is not an amount of money; write it like 3000, 2.5k, €900 or 1.5 lakh."
        )
    currency = None
    for token in (m.group("pre"), m.group("post")):
        if token:
            found = currency_of(token)
            if found is None:
                raise InvalidValue(f"{token!r} in {text!r} is not a currency lotara knows.")
            currency = found
    return scaled(m.group("num"), m.group("scale"), currency), currency


def format_money(
    amount: float | None,
    currency: str | None,
    *,
    whole: bool = False,
    symbol: bool = True,
) -> str:
    """An amount as a traveller reads it: ``$3,000``, ``€12.50``, ``80,000 INR``, ``KWD 1.250``.

    Decimals follow the currency's minor units (none for yen) and are left out for a round
    amount; ``whole`` rounds to units (one-line summaries); ``symbol=False`` writes the code
    after the amount (tables, exports).
    """
    if amount is None:
        return "-"
    code = (currency or "USD").upper()
    places = 0 if whole else minor_units(code)
    value = abs(float(amount))
    if round(value, places) == round(value):
        places = 0
    number = f"{value:,.{places}f}"
    sign = "-" if amount < 0 else ""
    mark = SYMBOLS.get(code) if symbol else None
    return f"{sign}{mark}{number}" if mark else f"{sign}{number} {code}"
