"""Price watches: a route and a travel date (or month) whose fares lotara checks every run.

A watch's condition is met when the cheapest fare is at or below ``below`` when a target was
given, else at or below ``baseline * (1 - drop_pct)``, the baseline being the first fare seen
(when the watch was added). It fires the first time the condition is met, then again only
for a new low: a fare at least ``REFIRE_STEP`` (5%) below the last one it fired at (checked
when the suggestion is claimed, inside the claiming transaction).

Every observation is a ``price_history`` row committed as soon as it is taken, one per watch
per minute (the table's UNIQUE (watch_id, observed_at) makes an overlapping run's identical
reading a no-op).
"""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from lotara import clock, values
from lotara.errors import AmbiguousId, InvalidValue, NotFound
from lotara.proactive.store import WatchStore
from lotara.proactive.triggers import Trigger, price_drop_key, price_drop_series

if TYPE_CHECKING:
    from lotara.jobs.store import JobStore
    from lotara.models import Itinerary
    from lotara.world.provider import TravelProvider

DEFAULT_DROP = 0.15
SPARK = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class Watch:
    """One watched route, as stored."""

    id: str
    user_id: str
    origin: str
    destination: str
    travel_date: date | None
    travel_month: str | None
    below: float | None
    drop_pct: float | None
    travelers: int
    currency: str
    baseline: float | None
    active: bool
    created_at: str

    @property
    def target(self) -> str:
        """The travel date (2027-04-10) or month (2027-04) the watch is about."""
        return self.travel_date.isoformat() if self.travel_date else str(self.travel_month)

    @property
    def route(self) -> str:
        return f"{self.origin}->{self.destination}"

    @property
    def threshold(self) -> float | None:
        """The fare at or below which the watch fires (None until a baseline is known)."""
        if self.below is not None:
            return self.below
        if self.baseline is None:
            return None
        return self.baseline * (1 - (self.drop_pct if self.drop_pct is not None else DEFAULT_DROP))

    def condition(self) -> str:
        if self.below is not None:
            return f"at or below {self.below:,.0f} {self.currency}"
        pct = (self.drop_pct if self.drop_pct is not None else DEFAULT_DROP) * 100
        return f"{pct:g}% below the baseline"

    def travel_days(self, today: date) -> list[date]:
        """The departure days still ahead that the watch covers."""
        if self.travel_date is not None:
            return [self.travel_date] if self.travel_date >= today else []
        year, month = (int(p) for p in str(self.travel_month).split("-"))
        last = calendar.monthrange(year, month)[1]
        days = [date(year, month, d) for d in range(1, last + 1)]
        return [d for d in days if d >= today]


@dataclass(frozen=True)
class Observation:
    """The cheapest fare of a watch at one moment."""

    watch_id: str
    observed_at: str
    travel_date: date
    price: float
    currency: str
    source: str


def _watch(row: dict[str, Any]) -> Watch:
    return Watch(
        id=row["id"],
        user_id=row["user_id"],
        origin=row["origin"],
        destination=row["destination"],
        travel_date=date.fromisoformat(row["travel_date"]) if row["travel_date"] else None,
        travel_month=row["travel_month"],
        below=row["below"],
        drop_pct=row["drop_pct"],
        travelers=row["travelers"] or 1,
        currency=row["currency"] or "USD",
        baseline=row["baseline"],
        active=bool(row["active"]),
        created_at=row["created_at"],
    )


# --- reading the inputs of `watch add` ---------------------------------------------------


def parse_drop(text: str) -> float:
    """``15%``, ``15`` or ``0.15`` as the fraction 0.15."""
    raw = text.strip().rstrip("%").strip()
    try:
        value = float(raw)
    except ValueError:
        raise InvalidValue(f"--drop must be a percentage like 15%, not {text!r}.") from None
    fraction = value / 100 if value >= 1 or text.strip().endswith("%") else value
    if not 0 < fraction < 1:
        raise InvalidValue(f"--drop must be between 0% and 100%, not {text!r}.")
    return fraction


def parse_month(text: str) -> str:
    try:
        year, month = (int(p) for p in text.strip().split("-"))
        date(year, month, 1)
    except ValueError:
        raise InvalidValue(f"--month must look like 2027-04, not {text!r}.") from None
    return f"{year:04d}-{month:02d}"


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue(f"--date must look like 2027-04-10, not {text!r}.") from None


# --- observing --------------------------------------------------------------------------


def observed_at(moment: datetime) -> str:
    """Observations are kept per minute: two runs in the same minute see the same fare."""
    return clock.iso(moment.replace(second=0, microsecond=0))


def observe(provider: TravelProvider, watch: Watch, moment: datetime) -> Observation | None:
    """The cheapest fare for the watch as of ``moment``; None when no flight is offered."""
    best = None
    for day in watch.travel_days(moment.date()):
        options = provider.flights(
            watch.origin,
            watch.destination,
            day,
            travelers=watch.travelers,
            currency=watch.currency,
            observed=moment.date(),
        )
        for option in options:
            if best is None or option.price < best.price:
                best = option
    if best is None:
        return None
    return Observation(
        watch_id=watch.id,
        observed_at=observed_at(moment),
        travel_date=best.date,
        price=round(float(best.price), 2),
        currency=best.currency,
        source=best.source,
    )


def record(store: JobStore, obs: Observation) -> bool:
    """Commit one observation now (and the watch's baseline if it had none); False if known."""
    return WatchStore(store).record(
        obs.watch_id,
        observed_at=obs.observed_at,
        travel_date=obs.travel_date.isoformat(),
        price=obs.price,
        currency=obs.currency,
        source=obs.source,
    )


def price_drop_trigger(
    watch: Watch, obs: Observation, *, notify_url: str | None = None
) -> Trigger | None:
    """The trigger a fare makes when it meets the watch's condition, else None."""
    threshold = watch.threshold
    if threshold is None or obs.price > threshold:
        return None
    old = watch.baseline if watch.baseline is not None else obs.price
    context = {
        "route": watch.route,
        "origin": watch.origin,
        "destination": watch.destination,
        "travel_date": obs.travel_date.isoformat(),
        "travelers": watch.travelers,
        "currency": obs.currency,
        "old_price": old,
        "new_price": obs.price,
        "savings": round(old - obs.price, 2),
        "threshold": round(threshold, 2),
        "watch_id": watch.id,
        "observed_at": obs.observed_at,
        "source": obs.source,
    }
    if watch.travel_month:
        context["travel_month"] = watch.travel_month
    key = price_drop_key(watch.id, watch.target, obs.price)
    series = price_drop_series(watch.id, watch.target)
    return Trigger("price_drop", watch.user_id, context, key, notify_url, series, obs.price)


# --- the watches table ------------------------------------------------------------------


def add_watch(
    store: JobStore,
    *,
    user_id: str,
    origin: str,
    destination: str,
    travel_date: date | None = None,
    travel_month: str | None = None,
    below: float | None = None,
    drop_pct: float | None = None,
    travelers: int = 1,
    currency: str = "USD",
) -> Watch:
    """Store a new active watch (its baseline comes with its first observation)."""
    if (travel_date is None) == (travel_month is None):
        raise InvalidValue("Give one of --date and --month.")
    if below is not None and drop_pct is not None:
        raise InvalidValue("Give one of --below and --drop, not both.")
    if below is not None:
        below = values.amount("--below", below, positive=True)
    travelers = values.whole("--travelers", travelers, 1, 20)
    today = clock.today()
    if travel_date is not None:
        values.day_ahead("The travel date", travel_date, today)
    if travel_month is not None:
        if travel_month < today.strftime("%Y-%m"):
            raise InvalidValue(f"The travel month {travel_month} is in the past.")
        first = date.fromisoformat(f"{travel_month}-01")
        values.day_ahead("The travel month starting", max(first, today), today)
    if below is None and drop_pct is None:
        drop_pct = DEFAULT_DROP
    watch = Watch(
        id=str(uuid.uuid4()),
        user_id=user_id,
        origin=origin,
        destination=destination,
        travel_date=travel_date,
        travel_month=travel_month,
        below=below,
        drop_pct=drop_pct,
        travelers=travelers,
        currency=currency,
        baseline=None,
        active=True,
        created_at=clock.iso(),
    )
    WatchStore(store).insert(
        {
            "id": watch.id,
            "user_id": user_id,
            "origin": origin,
            "destination": destination,
            "travel_date": travel_date.isoformat() if travel_date else None,
            "travel_month": travel_month,
            "below": below,
            "drop_pct": drop_pct,
            "travelers": travelers,
            "currency": currency,
            "baseline": None,
            "active": 1,
            "created_at": watch.created_at,
        }
    )
    return watch


def get_watch(store: JobStore, watch_id: str) -> Watch:
    row = WatchStore(store).get(watch_id)
    if row is None:
        raise NotFound(f"No watch {watch_id!r}.")
    return _watch(row)


def list_watches(
    store: JobStore, *, user_id: str | None = None, active_only: bool = False
) -> list[Watch]:
    return [_watch(r) for r in WatchStore(store).rows(user_id=user_id, active_only=active_only)]


def resolve_watch_id(store: JobStore, prefix: str, *, user_id: str | None = None) -> str:
    """The full id of the one watch whose id starts with ``prefix``."""
    text = prefix.strip().lower()
    if not text or any(c not in "0123456789abcdef-" for c in text):
        raise NotFound(f"No watch {prefix!r}: a watch id is hexadecimal, as `watch list` shows.")
    ids = WatchStore(store).ids_starting(text, user_id=user_id)
    if not ids:
        raise NotFound(f"No watch {prefix!r}.")
    if len(ids) > 1:
        shown = ", ".join(i[:8] for i in ids[:5])
        raise AmbiguousId(f"Watch id {prefix!r} matches {shown}; give more of it.")
    return ids[0]


def remove_watch(store: JobStore, watch_id: str) -> None:
    """Delete a watch and its price history (suggestions it made stay)."""
    WatchStore(store).delete(watch_id)


def deactivate(store: JobStore, watch_id: str) -> None:
    WatchStore(store).deactivate(watch_id)


def history(store: JobStore, watch_id: str, *, limit: int | None = None) -> list[Observation]:
    """A watch's observations, oldest first (the last ``limit`` of them when given)."""
    rows = WatchStore(store).history(watch_id, limit=limit)
    return [
        Observation(watch_id, r[0], date.fromisoformat(r[1]), r[2], r[3] or "USD", r[4] or "")
        for r in reversed(rows)
    ]


# --- showing ----------------------------------------------------------------------------


def sparkline(prices: list[float], width: int = 24) -> str:
    """A small unicode chart of prices; long histories are squeezed to ``width`` buckets."""
    if not prices:
        return ""
    if len(prices) > width:
        size = len(prices) / width
        prices = [
            min(prices[int(i * size) : max(int((i + 1) * size), int(i * size) + 1)])
            for i in range(width)
        ]
    low, high = min(prices), max(prices)
    if high - low < 1e-9:
        return SPARK[len(SPARK) // 2] * len(prices)
    steps = len(SPARK) - 1
    return "".join(SPARK[round((p - low) / (high - low) * steps)] for p in prices)


def watch_hint(itinerary: Itinerary) -> str | None:
    """The `lotara watch add` command for a planned trip's outbound flight, if it has one."""
    for leg in itinerary.transport:
        if leg.flight is not None:
            flight = leg.flight
            return f"lotara watch add {flight.origin} {flight.destination} --date {flight.date}"
    return None
