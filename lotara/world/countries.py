"""Countries: names, currencies and price levels, for facts and for pricing stays and meals.

Price levels are indicative: the price level ratio of PPP conversion factor (GDP) to the
market exchange rate, US = 100, approximately as published by the World Bank's International
Comparison Program (ICP 2021 round, World Development Indicators series PA.NUS.PPPC.RF),
rounded to the nearest 5 and nudged where a currency has moved a lot since (JP, TR, EG, AR).
They scale what a night or a meal costs relative to the United States; they are not quotes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

PRICE_LEVEL_SOURCE = (
    "approximate price level ratios (US=100) after the World Bank ICP 2021 round "
    "(WDI PA.NUS.PPPC.RF), rounded; indicative"
)

_TABLE = """
AE|United Arab Emirates|AED|70
AR|Argentina|ARS|45
AT|Austria|EUR|85
AU|Australia|AUD|95
BA|Bosnia and Herzegovina|BAM|45
BD|Bangladesh|BDT|30
BE|Belgium|EUR|85
BG|Bulgaria|BGN|45
BH|Bahrain|BHD|60
BO|Bolivia|BOB|35
BR|Brazil|BRL|55
BS|Bahamas|BSD|105
BT|Bhutan|BTN|30
BW|Botswana|BWP|40
BZ|Belize|BZD|60
CA|Canada|CAD|85
CH|Switzerland|CHF|130
CL|Chile|CLP|55
CN|China|CNY|60
CO|Colombia|COP|40
CR|Costa Rica|CRC|65
CU|Cuba|CUP|45
CY|Cyprus|EUR|70
CZ|Czechia|CZK|60
DE|Germany|EUR|85
DK|Denmark|DKK|110
DO|Dominican Republic|DOP|45
DZ|Algeria|DZD|30
EC|Ecuador|USD|50
EE|Estonia|EUR|70
EG|Egypt|EGP|20
ES|Spain|EUR|65
ET|Ethiopia|ETB|30
FI|Finland|EUR|95
FJ|Fiji|FJD|50
FR|France|EUR|80
GB|United Kingdom|GBP|85
GE|Georgia|GEL|35
GH|Ghana|GHS|30
GR|Greece|EUR|60
GT|Guatemala|GTQ|45
HK|Hong Kong|HKD|80
HR|Croatia|EUR|55
HU|Hungary|HUF|50
ID|Indonesia|IDR|35
IE|Ireland|EUR|95
IL|Israel|ILS|95
IN|India|INR|25
IQ|Iraq|IQD|40
IR|Iran|IRR|20
IS|Iceland|ISK|130
IT|Italy|EUR|70
JM|Jamaica|JMD|60
JO|Jordan|JOD|55
JP|Japan|JPY|60
KE|Kenya|KES|35
KH|Cambodia|KHR|35
KR|South Korea|KRW|65
KW|Kuwait|KWD|60
KZ|Kazakhstan|KZT|30
LA|Laos|LAK|25
LB|Lebanon|LBP|40
LK|Sri Lanka|LKR|25
LT|Lithuania|EUR|55
LU|Luxembourg|EUR|100
LV|Latvia|EUR|60
MA|Morocco|MAD|40
MC|Monaco|EUR|110
ME|Montenegro|EUR|45
MK|North Macedonia|MKD|40
MM|Myanmar|MMK|25
MN|Mongolia|MNT|30
MO|Macao|MOP|75
MT|Malta|EUR|70
MU|Mauritius|MUR|40
MV|Maldives|MVR|60
MX|Mexico|MXN|55
MY|Malaysia|MYR|35
NA|Namibia|NAD|45
NG|Nigeria|NGN|25
NL|Netherlands|EUR|85
NO|Norway|NOK|110
NP|Nepal|NPR|30
NZ|New Zealand|NZD|90
OM|Oman|OMR|55
PA|Panama|USD|50
PE|Peru|PEN|45
PH|Philippines|PHP|40
PK|Pakistan|PKR|20
PL|Poland|PLN|50
PR|Puerto Rico|USD|85
PT|Portugal|EUR|60
PY|Paraguay|PYG|35
QA|Qatar|QAR|70
RO|Romania|RON|45
RS|Serbia|RSD|45
RU|Russia|RUB|35
RW|Rwanda|RWF|30
SA|Saudi Arabia|SAR|55
SC|Seychelles|SCR|60
SE|Sweden|SEK|90
SG|Singapore|SGD|80
SI|Slovenia|EUR|65
SK|Slovakia|EUR|60
SN|Senegal|XOF|40
TH|Thailand|THB|40
TN|Tunisia|TND|30
TR|Turkey|TRY|40
TT|Trinidad and Tobago|TTD|60
TW|Taiwan|TWD|50
TZ|Tanzania|TZS|35
UA|Ukraine|UAH|30
UG|Uganda|UGX|35
US|United States|USD|100
UY|Uruguay|UYU|70
UZ|Uzbekistan|UZS|25
VN|Vietnam|VND|35
ZA|South Africa|ZAR|45
ZM|Zambia|ZMW|40
ZW|Zimbabwe|USD|50
"""


@dataclass(frozen=True)
class Country:
    """What lotara knows of a country: its name, currency and price level (US = 100)."""

    code: str
    name: str
    currency: str
    price_level: float


@cache
def countries() -> dict[str, Country]:
    """Every country in the table, by ISO 3166 alpha-2 code."""
    out: dict[str, Country] = {}
    for line in _TABLE.strip().splitlines():
        code, name, currency, level = line.split("|")
        out[code] = Country(code, name, currency, float(level))
    return out


def country(code: str) -> Country:
    """The country for ``code``; one lotara has no row for gets its code, USD and a mid level."""
    return countries().get(code.upper()) or Country(code.upper(), code.upper(), "USD", 60.0)
