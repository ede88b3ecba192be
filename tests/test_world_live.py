"""Amadeus live flights through httpx.MockTransport: parsing, retries and the offline fallback."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from lotara.errors import Unavailable
from lotara.world import amadeus
from lotara.world.amadeus import AmadeusProvider
from lotara.world.offline import OfflineWorld
from lotara.world.provider import OFFLINE_SOURCE, default_provider

DAY = date(2027, 4, 10)

TOKEN = {
    "type": "amadeusOAuth2Token",
    "username": "dev@example.com",
    "application_name": "lotara-test",
    "client_id": "id",
    "token_type": "Bearer",
    "access_token": "tok-123",
    "expires_in": 1799,
    "state": "approved",
    "scope": "",
}

# Shaped like the Flight Offers Search v2 example in Amadeus's documentation.
OFFERS = {
    "meta": {"count": 2},
    "data": [
        {
            "type": "flight-offer",
            "id": "1",
            "source": "GDS",
            "oneWay": False,
            "numberOfBookableSeats": 9,
            "itineraries": [
                {
                    "duration": "PT11H50M",
                    "segments": [
                        {
                            "departure": {
                                "iataCode": "LAX",
                                "terminal": "B",
                                "at": "2027-04-10T11:05:00",
                            },
                            "arrival": {
                                "iataCode": "HND",
                                "terminal": "3",
                                "at": "2027-04-11T15:55:00",
                            },
                            "carrierCode": "NH",
                            "number": "105",
                            "aircraft": {"code": "77W"},
                            "operating": {"carrierCode": "NH"},
                            "duration": "PT11H50M",
                            "id": "1",
                            "numberOfStops": 0,
                            "blacklistedInEU": False,
                        }
                    ],
                }
            ],
            "price": {
                "currency": "USD",
                "total": "1640.20",
                "base": "1400.00",
                "grandTotal": "1640.20",
            },
            "validatingAirlineCodes": ["NH"],
        },
        {
            "type": "flight-offer",
            "id": "2",
            "source": "GDS",
            "itineraries": [
                {
                    "duration": "P1DT1H20M",
                    "segments": [
                        {
                            "departure": {"iataCode": "LAX", "at": "2027-04-10T08:00:00"},
                            "arrival": {"iataCode": "SFO", "at": "2027-04-10T09:30:00"},
                            "carrierCode": "UA",
                            "number": "512",
                            "duration": "PT1H30M",
                        },
                        {
                            "departure": {"iataCode": "SFO", "at": "2027-04-10T13:00:00"},
                            "arrival": {"iataCode": "NRT", "at": "2027-04-11T16:20:00"},
                            "carrierCode": "UA",
                            "number": "837",
                            "duration": "PT11H20M",
                        },
                    ],
                }
            ],
            "price": {"currency": "USD", "total": "1210.00", "grandTotal": "1210.00"},
        },
    ],
    "dictionaries": {"carriers": {"NH": "ALL NIPPON AIRWAYS", "UA": "UNITED AIRLINES"}},
}


def _provider(handler, **kwargs) -> AmadeusProvider:
    return AmadeusProvider(
        "id",
        "secret",
        host="https://test.api.amadeus.com",
        transport=httpx.MockTransport(handler),
        backoff=0,
        **kwargs,
    )


def test_live_offers_are_parsed_with_the_real_source() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == amadeus.TOKEN_PATH:
            assert b"grant_type=client_credentials" in request.content
            return httpx.Response(200, json=TOKEN)
        assert request.headers["Authorization"] == "Bearer tok-123"
        assert request.url.params["originLocationCode"] == "LAX"
        return httpx.Response(200, json=OFFERS)

    live = _provider(handler)
    options = live.flights("LAX", "TYO", DAY, travelers=2, currency="USD")
    assert seen[-1].url.params["adults"] == "2"
    assert [o.price for o in options] == [1210.0, 1640.2]
    cheap = options[0]
    assert cheap.source == "amadeus" and cheap.stops == 1 and cheap.duration_minutes == 1520
    assert cheap.price_per_person == 605.0
    assert cheap.segments[0].carrier == "United Airlines"
    assert cheap.segments[1].flight_number == "UA 837"
    live.flights("LAX", "TYO", DAY)
    assert sum(1 for r in seen if r.url.path == amadeus.TOKEN_PATH) == 1  # token reused


def test_live_converts_a_quote_in_another_currency() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == amadeus.TOKEN_PATH:
            return httpx.Response(200, json=TOKEN)
        return httpx.Response(200, json=OFFERS)

    options = _provider(handler).flights("LAX", "TYO", DAY, currency="EUR")
    assert all(o.currency == "EUR" for o in options)
    assert options[0].price < 1210.0


def test_timeout_falls_back_to_offline_and_says_so() -> None:
    calls = {"offers": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == amadeus.TOKEN_PATH:
            return httpx.Response(200, json=TOKEN)
        calls["offers"] += 1
        raise httpx.ReadTimeout("slow", request=request)

    options = _provider(handler, attempts=3).flights("LAX", "TYO", DAY)
    assert calls["offers"] == 3  # retried before giving up
    assert options
    assert {o.source for o in options} == {f"{OFFLINE_SOURCE} (live provider unavailable: timeout)"}
    offline = OfflineWorld.shared().flights("LAX", "TYO", DAY)
    assert [o.price for o in options] == [o.price for o in offline]


def test_server_error_falls_back_after_retries_and_recovers_when_it_answers() -> None:
    statuses = iter([503, 502, 200])

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == amadeus.TOKEN_PATH:
            return httpx.Response(200, json=TOKEN)
        status = next(statuses, 500)
        if status == 200:
            return httpx.Response(200, json=OFFERS)
        return httpx.Response(
            status, json={"errors": [{"status": status, "title": "SYSTEM ERROR"}]}
        )

    live = _provider(handler, attempts=3)
    assert {o.source for o in live.flights("LAX", "TYO", DAY)} == {"amadeus"}
    fallen = live.flights("LAX", "TYO", DAY)
    assert {o.source for o in fallen} == {f"{OFFLINE_SOURCE} (live provider unavailable: HTTP 500)"}


def test_rejected_credentials_fall_back_without_retrying() -> None:
    calls = {"token": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        calls["token"] += 1
        return httpx.Response(401, json={"error": "invalid_client"})

    options = _provider(handler).flights("LAX", "TYO", DAY)
    assert calls["token"] == 1
    assert options and options[0].source.endswith("(live provider unavailable: HTTP 401)")


def test_a_malformed_answer_falls_back() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == amadeus.TOKEN_PATH:
            return httpx.Response(200, json=TOKEN)
        return httpx.Response(200, json={"data": [{"id": "1", "itineraries": []}]})

    options = _provider(handler).flights("LAX", "TYO", DAY)
    assert options[0].source.endswith("(live provider unavailable: unexpected response shape)")


def test_other_questions_are_answered_offline() -> None:
    live = _provider(lambda r: httpx.Response(500))
    assert live.resolve("Kyoto").city == "Kyoto"
    assert live.stays("Paris", DAY, date(2027, 4, 12))[0].source == OFFLINE_SOURCE


def test_default_provider_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LOTARA_PROVIDER", "AMADEUS_CLIENT_ID", "AMADEUS_CLIENT_SECRET", "AMADEUS_HOST"):
        monkeypatch.delenv(name, raising=False)
    assert isinstance(default_provider(), OfflineWorld)
    monkeypatch.setenv("LOTARA_PROVIDER", "amadeus")
    with pytest.raises(Unavailable, match="AMADEUS_CLIENT_ID"):
        default_provider()
    monkeypatch.setenv("AMADEUS_CLIENT_ID", "id")
    monkeypatch.setenv("AMADEUS_CLIENT_SECRET", "secret")
    assert isinstance(default_provider(), AmadeusProvider)
    monkeypatch.setenv("LOTARA_PROVIDER", "offline")
    assert isinstance(default_provider(), OfflineWorld)
