"""Peak seasons and events that move prices: Mykonos in summer, Kyoto's cherry blossom,
Sapporo's Snow Festival, Rio's Carnival, Oktoberfest, New Year in Tokyo.

Each entry names the city, the event and its days in a year, and how much dearer stays
(``lodging``) and flights into the city (``fares``) get on those days. Dates follow the
rule the organisers use (Carnival ends on Shrove Tuesday, 47 days before Easter;
Oktoberfest opens on the Saturday fifteen days before the first Sunday of October and ends
that Sunday, or on 3 October if later; the Seville Fair
begins two weeks after Easter; Cebu's Sinulog is the weekend of January's third Sunday;
Cologne's street carnival runs from the Thursday before Shrove Tuesday); flowering and
festival weeks that move a few days a year use their usual window. Factors are indicative,
from how far typical published hotel rates rise in those weeks (2024-2025), rounded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from dateutil.easter import easter

Window = Callable[[int], tuple[date, date]]


def _fixed(m1: int, d1: int, m2: int, d2: int) -> Window:
    def window(year: int) -> tuple[date, date]:
        start = date(year, m1, d1)
        end = date(year if (m2, d2) >= (m1, d1) else year + 1, m2, d2)
        return start, end

    return window


def _carnival(days_before: int) -> Window:
    def window(year: int) -> tuple[date, date]:
        tuesday = easter(year) - timedelta(days=47)
        return tuesday - timedelta(days=days_before), tuesday + timedelta(days=1)

    return window


def _oktoberfest(year: int) -> tuple[date, date]:
    first_sunday = date(year, 10, 1) + timedelta(days=(6 - date(year, 10, 1).weekday()) % 7)
    return first_sunday - timedelta(days=15), max(first_sunday, date(year, 10, 3))


def _seville_fair(year: int) -> tuple[date, date]:
    start = easter(year) + timedelta(days=13)
    return start, start + timedelta(days=7)


def _sinulog(year: int) -> tuple[date, date]:
    """Cebu's Sinulog: the weekend of the third Sunday of January."""
    first = date(year, 1, 1)
    sunday = first + timedelta(days=(6 - first.weekday()) % 7 + 14)
    return sunday - timedelta(days=2), sunday


def _holy_week(year: int) -> tuple[date, date]:
    sunday = easter(year)
    return sunday - timedelta(days=7), sunday


LUNAR_NEW_YEAR = {
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
}


def _lunar_new_year(year: int) -> tuple[date, date]:
    day = LUNAR_NEW_YEAR.get(year, date(year, 2, 1))
    return day - timedelta(days=1), day + timedelta(days=3)


@dataclass(frozen=True)
class Event:
    """An event or peak season in one city, and how much dearer it makes the city."""

    city: str
    name: str
    window: Window
    lodging: float
    fares: float


EVENTS: tuple[Event, ...] = (
    Event("Mykonos", "peak summer season", _fixed(7, 1, 8, 31), 1.6, 1.25),
    Event("Santorini", "peak summer season", _fixed(7, 1, 8, 31), 1.5, 1.25),
    Event("Dubrovnik", "peak summer season", _fixed(7, 1, 8, 31), 1.4, 1.15),
    Event("Ibiza", "peak summer season", _fixed(7, 1, 8, 31), 1.6, 1.2),
    Event("Kyoto", "cherry blossom", _fixed(3, 25, 4, 10), 1.6, 1.15),
    Event("Tokyo", "cherry blossom", _fixed(3, 22, 4, 5), 1.25, 1.1),
    Event("Kyoto", "autumn leaves", _fixed(11, 10, 11, 30), 1.4, 1.1),
    Event("Tokyo", "New Year holidays", _fixed(12, 28, 1, 3), 1.3, 1.25),
    Event("Sapporo", "Sapporo Snow Festival", _fixed(2, 4, 2, 11), 1.8, 1.3),
    Event("Rio de Janeiro", "Carnival", _carnival(4), 2.0, 1.4),
    Event("Venice", "Carnival", _carnival(11), 1.4, 1.1),
    Event("Munich", "Oktoberfest", _oktoberfest, 2.0, 1.2),
    Event("Seville", "Holy Week (Semana Santa)", _holy_week, 1.5, 1.15),
    Event("Seville", "April Fair (Feria de Abril)", _seville_fair, 1.6, 1.15),
    Event("Edinburgh", "Edinburgh Festival Fringe", _fixed(8, 1, 8, 25), 1.8, 1.15),
    Event("Pamplona", "San Fermin", _fixed(7, 6, 7, 14), 2.5, 1.2),
    Event("Sydney", "New Year's Eve fireworks", _fixed(12, 30, 1, 1), 1.6, 1.2),
    Event("New York", "New Year's Eve in Times Square", _fixed(12, 29, 1, 1), 1.4, 1.15),
    Event("Hong Kong", "Lunar New Year", _lunar_new_year, 1.3, 1.2),
    Event("Singapore", "Lunar New Year", _lunar_new_year, 1.2, 1.15),
    Event("Taipei", "Lunar New Year", _lunar_new_year, 1.2, 1.2),
    Event("Beijing", "Spring Festival", _lunar_new_year, 1.2, 1.3),
    Event("Shanghai", "Spring Festival", _lunar_new_year, 1.2, 1.3),
    Event("Bangkok", "Songkran", _fixed(4, 12, 4, 16), 1.3, 1.15),
    Event("Chiang Mai", "Songkran", _fixed(4, 12, 4, 16), 1.5, 1.2),
    Event("Phuket", "Songkran", _fixed(4, 12, 4, 16), 1.3, 1.1),
    Event("Vienna", "Christmas markets", _fixed(11, 21, 12, 23), 1.2, 1.05),
    Event("Prague", "Christmas markets", _fixed(11, 29, 1, 6), 1.2, 1.05),
    Event("Bali", "July-August and Christmas high season", _fixed(7, 1, 8, 31), 1.3, 1.15),
    Event("Bali", "July-August and Christmas high season", _fixed(12, 20, 1, 5), 1.4, 1.2),
    Event("Las Vegas", "CES trade show", _fixed(1, 6, 1, 10), 1.8, 1.15),
    Event("New Orleans", "Mardi Gras", _carnival(11), 2.0, 1.3),
    Event("Montreal", "Montreal International Jazz Festival", _fixed(6, 27, 7, 6), 1.3, 1.1),
    Event("Salzburg", "Salzburg Festival", _fixed(7, 20, 8, 31), 1.5, 1.1),
    Event("Valencia", "Las Fallas", _fixed(3, 15, 3, 19), 1.6, 1.2),
    Event("Tenerife", "Carnival of Santa Cruz", _carnival(11), 1.3, 1.15),
    Event("Rovaniemi", "Christmas in Lapland", _fixed(12, 1, 1, 6), 1.8, 1.3),
    Event("Quebec City", "Quebec Winter Carnival", _fixed(2, 5, 2, 15), 1.4, 1.1),
    Event("Goa", "Christmas and New Year high season", _fixed(12, 20, 1, 2), 1.8, 1.3),
    Event("Austin", "SXSW", _fixed(3, 7, 3, 16), 2.0, 1.2),
    Event("Nashville", "CMA Fest", _fixed(6, 4, 6, 8), 1.6, 1.15),
    Event("Monaco", "Monaco Grand Prix", _fixed(5, 22, 5, 25), 3.0, 1.2),
    Event("Edinburgh", "Hogmanay", _fixed(12, 29, 1, 1), 1.8, 1.2),
    Event("Kyoto", "Gion Matsuri", _fixed(7, 14, 7, 17), 1.4, 1.1),
    Event("Tokyo", "Golden Week", _fixed(4, 29, 5, 5), 1.3, 1.3),
    Event("Kyoto", "Golden Week", _fixed(4, 29, 5, 5), 1.4, 1.3),
    Event("Osaka", "Golden Week", _fixed(4, 29, 5, 5), 1.3, 1.3),
    Event("Naha", "Golden Week", _fixed(4, 29, 5, 5), 1.4, 1.4),
    Event("Fukuoka", "Hakata Gion Yamakasa", _fixed(7, 1, 7, 15), 1.2, 1.05),
    Event("Beijing", "National Day Golden Week", _fixed(10, 1, 10, 7), 1.4, 1.3),
    Event("Shanghai", "National Day Golden Week", _fixed(10, 1, 10, 7), 1.3, 1.3),
    Event("Xi'an", "National Day Golden Week", _fixed(10, 1, 10, 7), 1.4, 1.3),
    Event("Hangzhou", "National Day Golden Week", _fixed(10, 1, 10, 7), 1.5, 1.3),
    Event("Guilin", "National Day Golden Week", _fixed(10, 1, 10, 7), 1.5, 1.3),
    Event("Hanoi", "Tet (Lunar New Year)", _lunar_new_year, 1.2, 1.3),
    Event("Oaxaca", "Day of the Dead", _fixed(10, 28, 11, 2), 1.8, 1.25),
    Event("Mexico City", "Day of the Dead", _fixed(10, 31, 11, 2), 1.2, 1.1),
    Event("Oaxaca", "Guelaguetza", _fixed(7, 20, 7, 30), 1.4, 1.15),
    Event("Cusco", "Inti Raymi", _fixed(6, 20, 6, 25), 1.5, 1.2),
    Event("Cebu", "Sinulog festival", _sinulog, 1.6, 1.3),
    Event("Ghent", "Gentse Feesten", _fixed(7, 17, 7, 26), 1.4, 1.05),
    Event("Strasbourg", "Christmas market", _fixed(11, 26, 12, 24), 1.4, 1.1),
    Event("Dresden", "Striezelmarkt Christmas market", _fixed(11, 26, 12, 24), 1.2, 1.05),
    Event("Zagreb", "Advent in Zagreb", _fixed(11, 29, 1, 6), 1.15, 1.05),
    Event("Lyon", "Festival of Lights", _fixed(12, 5, 12, 8), 2.0, 1.2),
    Event("Cologne", "Carnival", _carnival(5), 1.6, 1.1),
    Event("Las Palmas de Gran Canaria", "Carnival of Las Palmas", _carnival(11), 1.3, 1.1),
    Event("Medellin", "Feria de las Flores", _fixed(8, 1, 8, 10), 1.4, 1.15),
    Event("Bariloche", "July winter holidays and ski season", _fixed(7, 10, 7, 31), 1.5, 1.3),
    Event("Zermatt", "Christmas and New Year ski weeks", _fixed(12, 20, 1, 5), 1.6, 1.1),
    Event("Innsbruck", "Christmas and New Year ski weeks", _fixed(12, 20, 1, 5), 1.3, 1.1),
    Event("Verona", "Arena opera festival", _fixed(6, 15, 9, 10), 1.2, 1.05),
    Event("Los Cabos", "Spring break", _fixed(3, 10, 3, 25), 1.4, 1.2),
    Event("Puerto Vallarta", "Christmas and New Year high season", _fixed(12, 20, 1, 5), 1.4, 1.2),
    Event("Maldives", "Christmas and New Year high season", _fixed(12, 20, 1, 5), 1.6, 1.3),
    Event("Mauritius", "Christmas and New Year high season", _fixed(12, 20, 1, 5), 1.5, 1.3),
    Event("Seychelles", "Christmas and New Year high season", _fixed(12, 20, 1, 5), 1.5, 1.3),
    Event("Chania", "peak summer season", _fixed(7, 15, 8, 31), 1.4, 1.2),
    Event("Naxos", "peak summer season", _fixed(7, 15, 8, 31), 1.5, 1.2),
    Event("Paros", "peak summer season", _fixed(7, 15, 8, 31), 1.5, 1.2),
    Event("Zakynthos", "peak summer season", _fixed(7, 15, 8, 31), 1.4, 1.2),
    Event("Bodrum", "peak summer season", _fixed(7, 1, 8, 31), 1.5, 1.2),
    Event("Cagliari", "peak summer season", _fixed(7, 15, 8, 31), 1.3, 1.15),
)


@cache
def _by_city() -> dict[str, tuple[Event, ...]]:
    out: dict[str, list[Event]] = {}
    for event in EVENTS:
        out.setdefault(event.city, []).append(event)
    return {city: tuple(events) for city, events in out.items()}


def on(city: str, day: date) -> list[Event]:
    """The events and peak seasons of ``city`` that ``day`` falls in."""
    found = []
    for event in _by_city().get(city, ()):
        for year in (day.year - 1, day.year):
            start, end = event.window(year)
            if start <= day <= end:
                found.append(event)
                break
    return found


def lodging_factor(city: str, check_in: date, nights: int) -> float:
    """How much dearer the stay's nights are on average, from the events they fall in."""
    total = 0.0
    for n in range(max(nights, 1)):
        factors = [e.lodging for e in on(city, check_in + timedelta(days=n))]
        total += max(factors, default=1.0)
    return total / max(nights, 1)


def fare_factor(city: str, day: date) -> float:
    """How much dearer flights into ``city`` are on ``day`` (1.0 outside any event)."""
    return max((e.fares for e in on(city, day)), default=1.0)


def between(city: str, start: date, end: date) -> dict[str, str]:
    """Each event falling in ``start``..``end``, by name, with the days it covers there."""
    out: dict[str, str] = {}
    day = start
    while day <= end:
        for event in on(city, day):
            first, last = out.get(event.name, f"{day.isoformat()}..").split("..")
            out[event.name] = f"{first}..{day.isoformat()}"
        day += timedelta(days=1)
    return out
