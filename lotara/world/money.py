"""Indicative exchange rates, so every amount comes back in the currency asked for.

The rates are rounded mid-market figures of the date in ``FX_AS_OF``, written down once and
labelled indicative: good enough to compare a hotel in Tokyo with one in Paris in one
currency, never a quote for changing money. Unknown currencies raise ``InvalidValue``.
"""

from __future__ import annotations

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
