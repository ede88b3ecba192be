"""A job's trip as one self-contained web page: ``lotara status JOB --format html``.

Everything is inline (CSS, an SVG route map drawn from the airports' and sights'
coordinates), so the file opens offline and can be mailed as it is: no script, no font, no
image, nothing fetched. The figures are the itinerary's own (its cost breakdown and total),
the same the terminal shows.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from lotara.ui.export import _money
from lotara.ui.trip import budget_note, cost_parts, day_items, leg_clock, leg_line
from lotara.words import counted

if TYPE_CHECKING:
    from lotara.models import Itinerary, Job

CSS = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;
background:#f6f7f9}
main{max-width:960px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}
.meta{color:#566}.est{color:#a15c00;font-size:13px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e3e6ea;vertical-align:top}
td.n,th.n{text-align:right;white-space:nowrap}
.ok{color:#17803d}.fail{color:#b42318;font-weight:600}.warn{color:#a15c00}
.day{background:#fff;border:1px solid #e3e6ea;border-radius:8px;padding:10px 14px;margin:10px 0}
.day h3{margin:0 0 6px;font-size:16px}.day ul{margin:0;padding-left:18px}
svg{background:#e8f0f8;border-radius:8px;width:100%;height:auto}
"""


def to_html(job: Job) -> str:
    """The trip as a page: header, route map, transport, stays, day by day, cost, checks."""
    it = job.itinerary
    title = (it.title if it and it.title else "") or job.query
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>",
        f"<h1>{escape(title)}</h1>",
    ]
    req = job.request
    if req is not None:
        route = " → ".join([req.origin, *(d.city for d in req.destinations)])
        bits = [
            route,
            f"{req.start_date:%a %d %b %Y} to {req.end_date:%a %d %b %Y}",
            f"{counted(req.days, 'day')}, {counted(req.nights, 'night')}",
            counted(req.travelers, "traveler"),
        ]
        if req.budget is not None:
            bits.append(f"budget {_money(req.budget.amount, req.budget.currency)}")
        parts.append(f'<p class="meta">{escape(" · ".join(bits))}</p>')
    parts.append(f'<p class="meta">job {escape(job.job_id)} · {escape(job.status.value)}</p>')
    if it is None:
        parts.append("<p>No itinerary yet.</p></main></body></html>")
        return "\n".join(parts) + "\n"
    if it.summary:
        parts.append(f"<p>{escape(it.summary)}</p>")
    parts.append(route_map(it))
    parts += _transport(it) + _stays(it) + _days(it) + _cost(it) + _checks(it) + _sources(it)
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _points(it: Itinerary) -> tuple[list[tuple[str, float, float]], list[tuple[float, float]]]:
    """The route's airports in travel order, and the day plan's places, as (lat, lon)."""
    from lotara.prefs import airports

    known = airports()
    stops: list[tuple[str, float, float]] = []
    for leg in it.transport:
        segments = leg.flight.segments if leg.flight is not None else []
        codes = [segments[0].origin, *(s.destination for s in segments)] if segments else []
        for code in codes:
            airport = known.get(code)
            if airport and not (stops and stops[-1][0] == code):
                stops.append((code, float(airport["lat"]), float(airport["lon"])))
    places = [
        (float(item.lat), float(item.lon))
        for day in it.days
        for item in day.items
        if item.lat is not None and item.lon is not None
    ]
    return stops, places


def route_map(it: Itinerary, width: int = 900, height: int = 420) -> str:
    """An SVG map: the flights as lines between their airports, the day plan's places as dots
    (a plain equirectangular projection of the trip's own bounding box)."""
    stops, places = _points(it)
    coords = [(lat, lon) for _, lat, lon in stops] + places
    if not coords:
        return ""
    lats, lons = [c[0] for c in coords], [c[1] for c in coords]
    pad = 1.0
    south, north = min(lats) - pad, max(lats) + pad
    west, east = min(lons) - pad, max(lons) + pad
    # Room on the right for the airports' labels; the map is as tall as the trip needs.
    scale = min((width - 100) / (east - west), (height - 60) / (north - south))
    height = max(int((north - south) * scale) + 60, 160)

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return 30 + (lon - west) * scale, 30 + (north - lat) * scale

    out = [
        f'<h2>Route</h2><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"'
        f' role="img" aria-label="Route map">'
    ]
    if len(stops) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(a, b) for _, a, b in stops))
        out.append(
            f'<polyline points="{path}" fill="none" stroke="#2563eb" stroke-width="2.5"'
            ' stroke-dasharray="7 5"/>'
        )
    for lat, lon in places:
        x, y = xy(lat, lon)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#e11d48"/>')
    for code, lat, lon in stops:
        x, y = xy(lat, lon)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#1d4ed8"/>')
        out.append(
            f'<text x="{x + 9:.1f}" y="{y - 8:.1f}" font-size="15" font-weight="600"'
            f' fill="#1d2330">{escape(code)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _table(title: str, head: list[str], rows: list[list[str]], numeric: set[int]) -> list[str]:
    if not rows:
        return []

    def cell(tag: str, i: int, value: str) -> str:
        cls = ' class="n"' if i in numeric else ""
        return f"<{tag}{cls}>{value}</{tag}>"

    lines = [f"<h2>{escape(title)}</h2><table><tr>"]
    lines.append("".join(cell("th", i, escape(h)) for i, h in enumerate(head)) + "</tr>")
    for row in rows:
        lines.append("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>")
    lines.append("</table>")
    return lines


def _price(amount: float, currency: str, source: str) -> str:
    mark = ' <span class="est">estimate</span>' if "estimate" in source else ""
    return escape(_money(amount, currency)) + mark


def _transport(it: Itinerary) -> list[str]:
    rows = []
    for leg in it.transport:
        depart, arrive = leg_clock(leg)
        rows.append(
            [
                escape(leg.kind),
                escape(f"{leg.origin} → {leg.destination}"),
                escape(depart),
                escape(arrive),
                escape(leg_line(leg)),
                _price(leg.cost, leg.currency, leg.source),
            ]
        )
    head = ["kind", "from → to", "depart (local)", "arrive (local)", "what", "cost"]
    return _table("Transport", head, rows, {5})


def _stays(it: Itinerary) -> list[str]:
    rows = [
        [
            escape(f"{s.stay.name} ({s.stay.room_type})"),
            escape(s.city),
            f"{s.check_in:%a %d %b}",
            f"{s.check_out:%a %d %b}",
            str(s.nights),
            _price(s.cost, s.currency, s.stay.source),
        ]
        for s in it.stays
    ]
    head = ["name", "city", "check in", "check out", "nights", "cost"]
    return _table("Stays", head, rows, {4, 5})


def _days(it: Itinerary) -> list[str]:
    if not it.days:
        return []
    out = ["<h2>Day by day</h2>"]
    currency = it.cost.currency
    for number, day in enumerate(it.days, start=1):
        zone = f" ({escape(day.timezone)} time)" if day.timezone else ""
        out.append(
            f'<div class="day"><h3>Day {number}: {day.date:%A %d %B}, {escape(day.city)}'
            f"{zone}</h3><ul>"
        )
        for item in day_items(it, day):
            when = "–".join(t for t in (item.start, item.end) if t)
            cost = f" · {escape(_money(item.cost, currency))}" if item.cost else ""
            kind = "" if item.kind in {"activity", "transfer"} else f"{escape(item.kind)}: "
            out.append(f"<li><b>{escape(when)}</b> {kind}{escape(item.name)}{cost}</li>")
        if not day.items:
            out.append("<li>free day</li>")
        out.append("</ul></div>")
    return out


def _cost(it: Itinerary) -> list[str]:
    c = it.cost
    rows = [[escape(label), escape(_money(amount, c.currency))] for label, amount in cost_parts(c)]
    rows.append(["<b>total</b>", f"<b>{escape(_money(c.total, c.currency))}</b>"])
    note = budget_note(c)
    if note is not None:
        rows.append(["budget", escape(note)])
    return _table("Cost", ["", "amount"], rows, {1})


def _checks(it: Itinerary) -> list[str]:
    rows = []
    for check in it.checks:
        mark = '<span class="ok">ok</span>'
        if not check.ok:
            hard = '<span class="fail">FAIL</span>'
            mark = hard if check.hard else '<span class="warn">warn</span>'
        rows.append([mark, escape(check.name), escape(check.detail or "")])
    return _table("Checks", ["", "check", "detail"], rows, set())


def _sources(it: Itinerary) -> list[str]:
    rows = [
        [
            escape(src.what),
            escape(src.source),
            "estimate, not a quote" if src.estimate else "quoted",
            escape(str(src.observed_at or "")),
        ]
        for src in it.sources
    ]
    return _table("Where the prices come from", ["what", "source", "kind", "observed"], rows, set())
