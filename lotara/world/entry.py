"""Entry requirements: a small, dated, indicative table of passport x destination country.

Written by hand from the destination governments' published visa-exemption lists as they
stood on ``ENTRY_AS_OF``; rules change, so every answer is marked indicative and tells the
traveller to check with the destination's official source before travelling.
"""

from __future__ import annotations

from lotara.models import EntryKind, EntryRequirement

ENTRY_AS_OF = "2025-06-01"
ENTRY_NOTE = "Indicative only; check the destination government's official site before travel."

EU = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
SCHENGEN = (EU - {"CY", "IE"}) | {"CH", "NO", "IS", "LI"}
WESTERN = (
    frozenset({"US", "GB", "CA", "AU", "NZ", "JP", "KR", "SG", "IL", "TW"})
    | EU
    | {
        "CH",
        "NO",
        "IS",
    }
)
"""Passports most destinations in the table let in without a visa."""

Rule = tuple[EntryKind, int | None, frozenset[str], str]


def _p(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Per destination: rules tried in order, then the default (requirement, days, note).
_TABLE: dict[str, tuple[list[Rule], tuple[EntryKind, int | None, str]]] = {
    "SCHENGEN": (
        [
            ("visa_free", None, EU | {"CH", "NO", "IS", "LI"}, "Free movement within the EU/EEA."),
            ("visa_free", 90, WESTERN | _p("BR MX AR CL MY HK AE UY"),
             "90 days in any 180 across the Schengen area; ETIAS authorisation planned."),
        ],
        ("visa_required", None, "Schengen visa needed."),
    ),
    "GB": (
        [
            ("visa_free", 180, (WESTERN - {"GB"}) | _p("BR MX AR CL MY HK AE"),
             "Electronic Travel Authorisation (ETA) required before travel."),
        ],
        ("visa_required", None, "UK Standard Visitor visa needed."),
    ),
    "IE": ([("visa_free", 90, WESTERN | _p("BR MX AR CL MY HK AE"), "")],
           ("visa_required", None, "")),
    "US": (
        [
            ("visa_free", 180, _p("CA"), ""),
            ("visa_free", 90, (WESTERN - {"US", "CA"} - _p("BG RO CY")) | _p("CL"),
             "ESTA authorisation required (Visa Waiver Program)."),
        ],
        ("visa_required", None, "B-2 visitor visa needed."),
    ),
    "CA": (
        [("visa_free", 180, _p("US"), ""),
         ("visa_free", 180, WESTERN - {"CA"}, "eTA required when flying in.")],
        ("visa_required", None, "Visitor visa needed."),
    ),
    "MX": ([("visa_free", 180, WESTERN | _p("BR AR CL"), "")],
           ("visa_required", None, "Visa needed unless holding a valid US visa.")),
    "JP": ([("visa_free", 90, WESTERN | _p("BR MX AR CL HK MO AE MY TH"), "")],
           ("visa_required", None, "Visa needed (e-visa available for some nationalities).")),
    "KR": ([("visa_free", 90, WESTERN | _p("BR MX AR CL HK MY TH AE"),
             "K-ETA may be required.")],
           ("visa_required", None, "")),
    "CN": (
        [("visa_free", 30, _p("FR DE IT ES NL BE AT CH IE PT GR HU PL DK FI SE NO JP KR "
                              "AU NZ SG MY BR AR CL"), "Unilateral or mutual visa exemption.")],
        ("visa_required", None, "Visa needed; 240-hour visa-free transit may apply."),
    ),
    "HK": ([("visa_free", 90, WESTERN | _p("BR MX AR CL MY AE TH IN"), "")],
           ("visa_required", None, "")),
    "MO": ([("visa_free", 30, WESTERN | _p("BR MX AR CL MY HK IN"), "")],
           ("visa_on_arrival", 30, "")),
    "TW": ([("visa_free", 90, WESTERN | _p("BR MX AR CL MY"), "")],
           ("visa_required", None, "")),
    "TH": ([("visa_free", 60, WESTERN | _p("BR MX AR CL MY HK AE IN CN"), "")],
           ("visa_on_arrival", 15, "")),
    "SG": ([("visa_free", 30, WESTERN | _p("BR MX AR CL MY HK AE CN TH ID VN PH"),
             "SG Arrival Card required.")],
           ("visa_required", None, "")),
    "MY": ([("visa_free", 90, WESTERN | _p("BR MX AR CL HK AE SG"), ""),
            ("visa_free", 30, _p("CN IN"), "Temporary exemption.")],
           ("e_visa", 30, "")),
    "ID": ([("visa_free", 30, _p("SG MY TH PH VN"), "")],
           ("visa_on_arrival", 30, "e-VOA available online before travel.")),
    "VN": ([("visa_free", 45, _p("GB FR DE IT ES DK SE NO FI JP KR"), "")],
           ("e_visa", 90, "")),
    "IN": ([], ("e_visa", 30, "e-Tourist Visa for most nationalities.")),
    "DO": ([("visa_free", 30, WESTERN | _p("BR MX AR CL PE CO"),
             "Tourist card included in the fare.")],
           ("visa_required", None,
            "Visa needed unless holding a valid US, UK, Schengen or Canadian visa.")),
    "KH": ([("visa_free", 30, _p("SG MY TH ID PH VN LA"), "")],
           ("visa_on_arrival", 30, "e-visa also available online.")),
    "IL": ([("visa_free", 90, (WESTERN - {"IL"}) | _p("BR MX AR CL HK"),
             "ETA-IL authorisation required before travel.")],
           ("visa_required", None, "")),
    "AE": ([("visa_free", 90, WESTERN | _p("BR MX AR CL MY HK CN"), "")],
           ("visa_required", None, "Visa on arrival for some holding US/UK/EU visas.")),
    "QA": ([("visa_free", 30, WESTERN | _p("BR MX AR CL MY HK CN IN"), "")],
           ("e_visa", 30, "")),
    "SA": ([("e_visa", 90, WESTERN | _p("BR MX MY HK CN"), "Tourist e-visa.")],
           ("visa_required", None, "")),
    "TR": ([("visa_free", 90, (WESTERN - {"AU", "TW"}) | _p("BR AR CL MY HK"), "")],
           ("e_visa", 90, "")),
    "EG": ([("visa_on_arrival", 30, WESTERN | _p("BR MX AR MY"), "e-visa also available.")],
           ("e_visa", 30, "")),
    "JO": ([("visa_on_arrival", 30, WESTERN | _p("BR MX AR MY"),
             "The Jordan Pass, bought online, covers the visa fee and Petra.")],
           ("visa_required", None, "")),
    "KE": ([("visa_free", 90, _p("TZ UG RW BI SS"), "")],
           ("e_visa", 90, "Electronic Travel Authorisation (eTA) before travel.")),
    "TZ": ([("visa_free", 90, _p("KE UG RW BI SS"), "")],
           ("e_visa", 90, "Tourist visa online, or on arrival.")),
    "ZW": ([("visa_on_arrival", 30, WESTERN, "The KAZA UNIVISA also covers Zambia.")],
           ("e_visa", 30, "")),
    "LA": ([("visa_free", 30, _p("TH VN KH MY SG ID PH BN MM JP KR"), "")],
           ("visa_on_arrival", 30, "Visa on arrival, or an e-visa before travel.")),
    "LK": ([], ("e_visa", 30, "Electronic Travel Authorisation (ETA) before travel.")),
    "NP": ([("visa_free", None, _p("IN"), "")],
           ("visa_on_arrival", 90, "Tourist visa on arrival for 15, 30 or 90 days.")),
    "ME": ([("visa_free", 90, WESTERN | _p("BR MX AR CL MY HK AE"), "")],
           ("visa_required", None, "")),
    "MA": ([("visa_free", 90, WESTERN | _p("BR MX AR CL MY HK AE CN"), "")],
           ("e_visa", 30, "")),
    "ZA": ([("visa_free", 90, WESTERN | _p("BR AR CL MY HK AE"), "")],
           ("visa_required", None, "")),
    "AU": ([("visa_free", None, _p("NZ"), "")],
           ("e_visa", 90, "ETA or eVisitor for most; visitor visa otherwise.")),
    "NZ": ([("visa_free", None, _p("AU"), ""),
            ("visa_free", 90, WESTERN | _p("BR MX AR CL MY HK AE"), "NZeTA required.")],
           ("visa_required", None, "")),
    "BR": ([("visa_free", 90, EU | _p("GB JP KR NZ SG IL AR CL MX"), ""),
            ("e_visa", 90, _p("US CA AU"), "e-visa required since April 2025.")],
           ("visa_required", None, "")),
    "AR": ([("visa_free", 90, WESTERN | _p("BR MX CL MY HK"), "")], ("visa_required", None, "")),
    "PE": ([("visa_free", 183, WESTERN | _p("BR MX AR CL MY"), "")], ("visa_required", None, "")),
    "CO": ([("visa_free", 90, WESTERN | _p("BR MX AR CL MY AE"), "")],
           ("visa_required", None, "")),
    "CY": ([("visa_free", None, EU | _p("CH NO IS LI"), "Free movement within the EU/EEA."),
            ("visa_free", 90, WESTERN | _p("BR MX AR CL MY HK AE"), "")],
           ("visa_required", None, "National visa needed (not covered by Schengen).")),
    "RS": ([("visa_free", 90, WESTERN | _p("BR MX AR CL HK AE CN"), "")],
           ("visa_required", None, "")),
    "TN": ([("visa_free", 90, WESTERN | _p("BR AR CL MY HK AE CN"), "")],
           ("visa_required", None, "")),
    "OM": ([("visa_free", 14, WESTERN | _p("BR MX AR CL MY HK"), "")],
           ("e_visa", 30, "")),
    "MV": ([], ("visa_on_arrival", 30,
                "Free 30-day visa on arrival for all; traveller declaration online.")),
    "MU": ([("visa_free", 90, WESTERN | _p("BR MX AR CL MY HK AE IN"), "")],
           ("visa_on_arrival", 60, "")),
    "SC": ([], ("visa_free", 90,
                "Visitor's permit on arrival; apply for the Travel Authorisation first.")),
    "GE": ([("visa_free", 365, WESTERN | _p("BR MX AR CL MY HK AE"), "")],
           ("e_visa", 30, "")),
    "KZ": ([("visa_free", 30, WESTERN | _p("BR MX AR CL MY AE"), "")],
           ("visa_required", None, "")),
    "UZ": ([("visa_free", 30, WESTERN | _p("MY HK AE"), "")],
           ("e_visa", 30, "")),
    "PH": ([("visa_free", 30, WESTERN | _p("BR MX AR CL MY HK AE SG TH"), "")],
           ("visa_required", None, "")),
    "BT": ([("visa_free", None, _p("IN BD MV"), "Entry permit on arrival; a daily fee applies.")],
           ("e_visa", None,
            "Visa arranged online or by a licensed tour operator; the daily Sustainable "
            "Development Fee applies.")),
    "EC": ([("visa_free", 90, WESTERN | _p("BR MX AR CL PE CO MY"), "")],
           ("visa_required", None, "")),
    "CL": ([("visa_free", 90, WESTERN | _p("BR MX AR PE CO MY HK AE"), "")],
           ("visa_required", None, "")),
    "CU": ([("visa_required", None, _p("US"),
             "US law bars tourism to Cuba: travel only under one of the 12 authorised "
             "categories, with a Cuban visa or tourist card.")],
           ("e_visa", 90,
            "Tourist card bought online, from the airline or a consulate; fill in the "
            "D'Viajeros form before arrival.")),
    "GT": ([("visa_free", 90, WESTERN | _p("BR MX AR CL MY HK AE"),
             "90 days across the CA-4 area: Guatemala, El Salvador, Honduras and Nicaragua.")],
           ("visa_required", None, "")),
    "FJ": ([("visa_free", 120, WESTERN | _p("BR MX AR CL MY HK AE CN IN"), "")],
           ("visa_required", None, "")),
}  # fmt: skip

TERRITORIES = {"PR": "US"}
"""Places whose entry rules are another country's: Puerto Rico follows the US."""


def requirement(passport: str, destination: str) -> EntryRequirement:
    """What a holder of ``passport`` needs to visit ``destination`` (ISO alpha-2 codes)."""
    passport, destination = passport.upper(), destination.upper()

    def entry(kind: EntryKind, note: str, days: int | None = None) -> EntryRequirement:
        return EntryRequirement(
            passport=passport,
            destination=destination,
            requirement=kind,
            max_stay_days=days,
            note=note,
            as_of=ENTRY_AS_OF,
            indicative=True,
        )

    if passport == destination or TERRITORIES.get(destination) == passport:
        return entry("domestic", "Home country.")
    ruled = TERRITORIES.get(destination, destination)
    key = "SCHENGEN" if ruled in SCHENGEN else ruled
    if key not in _TABLE:
        return entry(
            "visa_required",
            "lotara has no entry rule for this country; assume a visa until checked. " + ENTRY_NOTE,
        )
    rules, default = _TABLE[key]
    for kind, days, passports, note in rules:
        if passport in passports:
            return entry(kind, _note(note), days)
    kind, days, note = default
    return entry(kind, _note(note), days)


def _note(text: str) -> str:
    return f"{text} {ENTRY_NOTE}".strip()
