"""Public holidays by country: a precomputed table for the near years, the package beyond.

The ``holidays`` package is the source. Importing it and computing a country's year costs
from 100 ms to half a second (lunar calendars), which the first fare of a plan would pay;
``world/data/holidays.json`` holds its answers for ``TABLE_YEARS`` for every country in
``countries``, so only dates outside that window reach the package.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from functools import cache
from pathlib import Path

HOLIDAYS_FILE = Path(__file__).parent / "data" / "holidays.json"
TABLE_YEARS = range(2025, 2031)


@cache
def _table() -> dict[str, dict[str, str]]:
    if not HOLIDAYS_FILE.exists():  # pragma: no cover - a checkout that lost its data file
        return {}
    return json.loads(HOLIDAYS_FILE.read_text(encoding="utf-8"))["countries"]


@cache
def holidays_of(country: str, year: int) -> dict[date, str]:
    """Public holidays in ``country`` during ``year``, by date (empty when unknown)."""
    if year in TABLE_YEARS and country in _table():
        return {
            date.fromisoformat(day): name
            for day, name in _table()[country].items()
            if day.startswith(str(year))
        }
    import holidays

    try:
        return dict(holidays.country_holidays(country, years=year))
    except NotImplementedError:
        return {}


@cache
def england_holidays(year: int) -> dict[date, str]:
    """England's bank holidays in ``year`` (the GB table holds only the UK-wide ones, without
    Easter Monday or the August bank holiday), from the package."""
    import holidays

    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year))


def holidays_between(country: str, start: date, end: date) -> dict[str, str]:
    """Public holidays from ``start`` to ``end`` inclusive, ISO date to name."""
    found: dict[str, str] = {}
    for year in range(start.year, end.year + 1):
        for day, name in sorted(holidays_of(country, year).items()):
            if start <= day <= end:
                found[day.isoformat()] = name
    return found


def regenerate() -> int:
    """Rewrite the table from the installed ``holidays`` package; the number of countries."""
    from importlib.metadata import version

    import holidays

    from lotara.world.countries import countries

    table: dict[str, dict[str, str]] = {}
    for code in sorted(countries()):
        try:
            found = holidays.country_holidays(code, years=TABLE_YEARS)
        except NotImplementedError:
            continue
        table[code] = {d.isoformat(): str(n) for d, n in sorted(found.items())}
    doc = {
        "about": f"Public holidays {TABLE_YEARS.start}-{TABLE_YEARS.stop - 1} from the holidays "
        f"package {version('holidays')} (MIT); regenerate with: "
        "python -m lotara.world.public_holidays --regenerate",
        "countries": table,
    }
    HOLIDAYS_FILE.write_text(
        json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    return len(table)


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    if sys.argv[1:] == ["--regenerate"]:
        print(f"wrote holidays of {regenerate()} countries to {HOLIDAYS_FILE}")
