"""Live flight prices from Amadeus Self-Service, opt-in, with the offline world behind it.

Configured by ``AMADEUS_CLIENT_ID`` and ``AMADEUS_CLIENT_SECRET`` (a free key from
developers.amadeus.com) and optionally ``AMADEUS_HOST`` (``https://test.api.amadeus.com``
by default; ``https://api.amadeus.com`` for production keys). Flights come from the
Flight Offers Search API after an OAuth2 client-credentials token; everything else (stays,
activities, restaurants, ground legs, facts, place names) from the offline world.

Every request has a timeout and is retried with exponential backoff on timeouts, network
errors, 429 and 5xx. When Amadeus still cannot answer, the offline estimate answers instead
and says so in its ``source``: ``offline-estimate (live provider unavailable: timeout)``.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from lotara import clock
from lotara.errors import Unavailable
from lotara.models import (
    Activity,
    DestinationFacts,
    FlightOption,
    FlightSegment,
    GroundLeg,
    LocalTransport,
    Place,
    Restaurant,
    Stay,
    Transfer,
)
from lotara.world import noise
from lotara.world.labels import OFFLINE_SOURCE
from lotara.world.money import convert, known_currency
from lotara.world.offline import OfflineWorld

if TYPE_CHECKING:
    import httpx

AMADEUS_SOURCE = "amadeus"
DEFAULT_HOST = "https://test.api.amadeus.com"
TOKEN_PATH = "/v1/security/oauth2/token"
OFFERS_PATH = "/v2/shopping/flight-offers"
TIMEOUT_SECONDS = 10.0
CONNECT_SECONDS = 5.0
ATTEMPTS = 3
MAX_OFFERS = 10


class LiveError(Exception):
    """Amadeus did not answer usefully; ``reason`` is the few words a result will show."""

    def __init__(self, reason: str, *, retryable: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable


def configured() -> bool:
    """True when the environment asks for Amadeus (its keys, or ``LOTARA_PROVIDER=amadeus``)."""
    chosen = os.environ.get("LOTARA_PROVIDER", "").strip().lower()
    if chosen == "offline":
        return False
    has_keys = bool(os.environ.get("AMADEUS_CLIENT_ID") and os.environ.get("AMADEUS_CLIENT_SECRET"))
    return chosen == "amadeus" or has_keys


class AmadeusProvider:
    """Live flights from Amadeus; every other answer, and every failure, from the offline world."""

    name = "amadeus"

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        host: str = DEFAULT_HOST,
        transport: httpx.BaseTransport | None = None,
        timeout: float = TIMEOUT_SECONDS,
        attempts: int = ATTEMPTS,
        backoff: float = 0.5,
        offline: OfflineWorld | None = None,
    ) -> None:
        import httpx

        self.offline = offline or OfflineWorld.shared()
        self._client_id = client_id
        self._client_secret = client_secret
        self._attempts = attempts
        self._backoff = backoff
        self._http = httpx.Client(
            base_url=host.rstrip("/"),
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_SECONDS)),
        )
        self._token: str | None = None
        self._token_expires = 0.0

    @classmethod
    def from_env(cls, **kwargs: Any) -> AmadeusProvider:
        """The provider the environment configures; ``Unavailable`` when a key is missing."""
        client_id = os.environ.get("AMADEUS_CLIENT_ID", "").strip()
        secret = os.environ.get("AMADEUS_CLIENT_SECRET", "").strip()
        if not client_id or not secret:
            raise Unavailable(
                "LOTARA_PROVIDER=amadeus needs AMADEUS_CLIENT_ID and AMADEUS_CLIENT_SECRET; "
                "set both, or unset LOTARA_PROVIDER to plan offline."
            )
        host = os.environ.get("AMADEUS_HOST", "").strip() or DEFAULT_HOST
        return cls(client_id, secret, host=host, **kwargs)

    def close(self) -> None:
        self._http.close()

    # --- HTTP --------------------------------------------------------------------------

    def _send(self, request: httpx.Request) -> dict[str, Any]:
        """One request with retries; the decoded JSON, or ``LiveError`` saying why not."""
        from tenacity import (
            RetryError,
            Retrying,
            retry_if_exception,
            stop_after_attempt,
            wait_exponential,
        )

        retrying = Retrying(
            stop=stop_after_attempt(self._attempts),
            wait=wait_exponential(multiplier=self._backoff, max=8),
            retry=retry_if_exception(lambda e: isinstance(e, LiveError) and e.retryable),
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self._send_once(request)
        except RetryError as exc:  # pragma: no cover - reraise=True hands back the LiveError
            raise LiveError("retries exhausted", retryable=False) from exc
        raise LiveError("no attempt made", retryable=False)  # pragma: no cover

    def _send_once(self, request: httpx.Request) -> dict[str, Any]:
        import httpx

        try:
            response = self._http.send(request)
        except httpx.TimeoutException as exc:
            raise LiveError("timeout", retryable=True) from exc
        except httpx.TransportError as exc:
            raise LiveError("network error", retryable=True) from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise LiveError(f"HTTP {response.status_code}", retryable=True)
        if response.status_code >= 400:
            raise LiveError(f"HTTP {response.status_code}", retryable=False)
        try:
            return response.json()
        except ValueError as exc:
            raise LiveError("unreadable response", retryable=False) from exc

    def _bearer(self) -> str:
        if self._token and time.monotonic() < self._token_expires:
            return self._token
        body = self._send(
            self._http.build_request(
                "POST",
                TOKEN_PATH,
                data={
                    "grant_type": "client_credentials",
                    "client_id": self._client_id,
                    "client_secret": self._client_secret,
                },
            )
        )
        token = body.get("access_token")
        if not token:
            raise LiveError("no access token", retryable=False)
        # Renew a minute early so a token never expires mid-search.
        self._token = str(token)
        self._token_expires = time.monotonic() + float(body.get("expires_in", 1799)) - 60
        return self._token

    # --- flights -----------------------------------------------------------------------

    def flights(
        self,
        origin: str,
        destination: str,
        day: date,
        *,
        travelers: int = 1,
        currency: str = "USD",
        observed: date | None = None,
    ) -> list[FlightOption]:
        """Live offers from Amadeus; the offline estimate, saying why, when it cannot answer."""
        try:
            token = self._bearer()
            body = self._send(
                self._http.build_request(
                    "GET",
                    OFFERS_PATH,
                    params={
                        "originLocationCode": origin.upper(),
                        "destinationLocationCode": destination.upper(),
                        "departureDate": day.isoformat(),
                        "adults": travelers,
                        "currencyCode": currency.upper(),
                        "max": MAX_OFFERS,
                    },
                    headers={"Authorization": f"Bearer {token}"},
                )
            )
            options = parse_offers(body, origin, destination, day, travelers, currency)
        except LiveError as exc:
            return self._fallback(
                exc.reason, origin, destination, day, travelers, currency, observed
            )
        return sorted(options, key=lambda f: (f.price, f.duration_minutes, f.id))

    def _fallback(
        self,
        reason: str,
        origin: str,
        destination: str,
        day: date,
        travelers: int,
        currency: str,
        observed: date | None,
    ) -> list[FlightOption]:
        source = f"{OFFLINE_SOURCE} (live provider unavailable: {reason})"
        found = self.offline.flights(
            origin, destination, day, travelers=travelers, currency=currency, observed=observed
        )
        return [f.model_copy(update={"source": source}) for f in found]

    # --- everything else comes from the offline world ----------------------------------

    def resolve(self, text: str) -> Place:
        return self.offline.resolve(text)

    def stays(
        self,
        city: str,
        check_in: date,
        check_out: date,
        *,
        travelers: int = 1,
        currency: str = "USD",
        room_type: str | None = None,
        house_rules: Sequence[str] = (),
        max_price_per_night: float | None = None,
        min_rating: float | None = None,
        observed: date | None = None,
    ) -> list[Stay]:
        return self.offline.stays(
            city,
            check_in,
            check_out,
            travelers=travelers,
            currency=currency,
            room_type=room_type,
            house_rules=house_rules,
            max_price_per_night=max_price_per_night,
            min_rating=min_rating,
            observed=observed,
        )

    def activities(
        self, city: str, *, interests: Sequence[str] = (), currency: str = "USD"
    ) -> list[Activity]:
        return self.offline.activities(city, interests=interests, currency=currency)

    def restaurants(
        self,
        city: str,
        *,
        cuisines: Sequence[str] = (),
        max_cost: float | None = None,
        currency: str = "USD",
    ) -> list[Restaurant]:
        return self.offline.restaurants(
            city, cuisines=cuisines, max_cost=max_cost, currency=currency
        )

    def ground_legs(
        self, origin_city: str, destination_city: str, *, travelers: int = 1, currency: str = "USD"
    ) -> list[GroundLeg]:
        return self.offline.ground_legs(
            origin_city, destination_city, travelers=travelers, currency=currency
        )

    def facts(
        self,
        city: str,
        *,
        passport: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> DestinationFacts:
        return self.offline.facts(city, passport=passport, start=start, end=end)

    def transfers(self, city: str, *, currency: str = "USD") -> list[Transfer]:
        return self.offline.transfers(city, currency=currency)

    def local_transport(
        self, city: str, *, currency: str = "USD", car: bool = False
    ) -> LocalTransport | None:
        return self.offline.local_transport(city, currency=currency, car=car)


_DURATION = re.compile(r"P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?")


def iso_minutes(text: str) -> int:
    """Minutes in an ISO 8601 duration such as ``PT11H35M`` or ``P1DT2H``."""
    match = _DURATION.fullmatch(text or "")
    if not match:
        raise LiveError(f"unreadable duration {text!r}", retryable=False)
    days, hours, minutes = (int(g or 0) for g in match.groups())
    return days * 1440 + hours * 60 + minutes


def parse_offers(
    body: dict[str, Any],
    origin: str,
    destination: str,
    day: date,
    travelers: int,
    currency: str,
) -> list[FlightOption]:
    """FlightOptions from a Flight Offers Search response (its first, outbound itinerary)."""
    carriers = (body.get("dictionaries") or {}).get("carriers") or {}
    today = clock.today()
    out: list[FlightOption] = []
    try:
        for offer in body.get("data") or []:
            itinerary = offer["itineraries"][0]
            segments = [
                FlightSegment(
                    carrier=str(carriers.get(s["carrierCode"], s["carrierCode"])).title(),
                    flight_number=f"{s['carrierCode']} {s['number']}",
                    origin=s["departure"]["iataCode"],
                    destination=s["arrival"]["iataCode"],
                    depart=s["departure"]["at"][:16],
                    arrive=s["arrival"]["at"][:16],
                    duration_minutes=iso_minutes(s.get("duration", "PT0M")),
                )
                for s in itinerary["segments"]
            ]
            price = offer["price"]
            total = float(price.get("grandTotal") or price["total"])
            quoted = str(price.get("currency") or currency).upper()
            if quoted != currency.upper() and known_currency(quoted):
                total = convert(total, quoted, currency)
            out.append(
                FlightOption(
                    id=noise.short_id("am", day.isoformat(), *(s.flight_number for s in segments)),
                    origin=origin.upper(),
                    destination=destination.upper(),
                    date=day,
                    segments=segments,
                    stops=len(segments) - 1,
                    duration_minutes=iso_minutes(itinerary["duration"]),
                    price=round(total, 2),
                    price_per_person=round(total / max(travelers, 1), 2),
                    currency=currency.upper(),
                    source=AMADEUS_SOURCE,
                    observed_at=today,
                )
            )
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise LiveError("unexpected response shape", retryable=False) from exc
    return out


_shared: dict[tuple[str, str, str], AmadeusProvider] = {}


def shared_from_env() -> AmadeusProvider:
    """One provider per configured key and host, so its token is reused across searches."""
    key = (
        os.environ.get("AMADEUS_CLIENT_ID", ""),
        os.environ.get("AMADEUS_CLIENT_SECRET", ""),
        os.environ.get("AMADEUS_HOST", ""),
    )
    if key not in _shared:
        _shared[key] = AmadeusProvider.from_env()
    return _shared[key]
