"""User preferences: the keys lotara knows, how each value is read and validated.

A preference fills what neither the query nor a command-line option says (home airport,
currency, travelers...). Values are stored as JSON in the store's ``preferences`` table;
``parse_preference`` turns the text a user typed into that value or raises ``InvalidValue``
with one sentence saying what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lotara import values
from lotara.errors import InvalidValue
from lotara.models import (
    ACCESSIBILITY,
    DIETS,
    INTERESTS,
    PACES,
    ROOM_TYPES,
    TRANSPORT_MODES,
    TRAVEL_CLASSES,
)
from lotara.world.money import ISO_4217, parse_money
from lotara.world.places import airports  # the one airport loader, re-exported

__all__ = ["ISO_4217", "KEYS", "airports", "OPERATOR_KEYS", "TRAVELLER_KEYS", "parse_preference"]


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166 alpha-2 codes of every country with an airport."""
    return frozenset(a["country"] for a in airports().values())


def _iata(value: str) -> str:
    code = value.strip().upper()
    from lotara.world import places

    if not places.is_known_code(code):
        raise InvalidValue(f"{value!r} is not a known IATA airport or city code (try LAX, NYC).")
    return code


def _currency(value: str) -> str:
    code = value.strip().upper()
    if code not in ISO_4217:
        raise InvalidValue(f"{value!r} is not an ISO 4217 currency code (try USD, EUR, JPY).")
    return code


def _country(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 2 or code not in country_codes():
        raise InvalidValue(f"{value!r} is not an ISO 3166 country code (try US, GB, JP).")
    return code


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1 or number > 20:
        raise InvalidValue(f"{value!r} is not a whole number from 1 to 20.")
    return number


def _amount(value: str) -> float:
    """An amount as ``lotara plan --budget`` reads it: 3000, 2.5k, $3,000, 1.5 lakh."""
    try:
        number, _ = parse_money(value)
    except InvalidValue:
        raise InvalidValue(
            f"{value!r} is not an amount of money (a number, 0 or more, e.g. 3000 or 2.5k)."
        ) from None
    return values.amount(repr(value), number)


def _choice(options: tuple[str, ...]) -> Callable[[str], str]:
    def parse(value: str) -> str:
        choice = value.strip().lower()
        if choice not in options:
            raise InvalidValue(f"{value!r} is not one of: {', '.join(options)}.")
        return choice

    return parse


def _choices(options: tuple[str, ...]) -> Callable[[str], list[str]]:
    one = _choice(options)

    def parse(value: str) -> list[str]:
        items = [part for part in value.split(",") if part.strip()]
        if not items:
            raise InvalidValue("Give at least one value, separated by commas.")
        return sorted({one(item) for item in items}, key=options.index)

    return parse


def _words(value: str) -> list[str]:
    items = [part.strip().lower() for part in value.split(",") if part.strip()]
    if not items:
        raise InvalidValue("Give at least one value, separated by commas.")
    return items


def _path(value: str) -> str:
    path = Path(value).expanduser()
    if not path.is_file():
        raise InvalidValue(f"No file at {value!r}.")
    return str(path.resolve())


def _url(value: str) -> str:
    text = value.strip()
    if not text.startswith(("http://", "https://")):
        raise InvalidValue(f"{value!r} is not an http(s) URL.")
    return text


def _model(value: str) -> str:
    text = value.strip()
    if not text:
        raise InvalidValue("A model name cannot be empty; use 'offline' for no LLM.")
    return text


def _text(value: str) -> str:
    text = value.strip()
    if not text:
        raise InvalidValue("The value cannot be empty.")
    return text


@dataclass(frozen=True)
class PrefKey:
    name: str
    help: str
    parse: Callable[[str], Any]
    # An operator key names a file, URL, model or tracing target on the server's machine: only
    # the operator sets it (`lotara prefs set` there, or the environment), never the HTTP API.
    operator: bool = False


KEYS: dict[str, PrefKey] = {
    k.name: k
    for k in (
        PrefKey("home_airport", "IATA airport or city code you usually leave from", _iata),
        PrefKey("currency", "ISO 4217 currency for budgets and prices", _currency),
        PrefKey("passport_country", "ISO 3166 country of your passport (entry checks)", _country),
        PrefKey("home_country", "ISO 3166 country whose public holidays you get", _country),
        PrefKey("travelers", "how many people usually travel (1-20)", _positive_int),
        PrefKey("interests", f"comma-separated, from: {', '.join(INTERESTS)}", _choices(INTERESTS)),
        PrefKey("pace", f"one of: {', '.join(PACES)}", _choice(PACES)),
        PrefKey("room_type", f"one of: {', '.join(ROOM_TYPES)}", _choice(ROOM_TYPES)),
        PrefKey("cuisines", "comma-separated cuisines you like", _words),
        PrefKey(
            "avoid_transport",
            f"comma-separated, from: {', '.join(TRANSPORT_MODES)}",
            _choices(TRANSPORT_MODES),
        ),
        PrefKey("diets", f"comma-separated, from: {', '.join(DIETS)}", _choices(DIETS)),
        PrefKey(
            "accessibility",
            f"comma-separated, from: {', '.join(ACCESSIBILITY)}",
            _choices(ACCESSIBILITY),
        ),
        PrefKey("travel_class", f"one of: {', '.join(TRAVEL_CLASSES)}", _choice(TRAVEL_CLASSES)),
        PrefKey("budget", "default budget for a trip, in your currency", _amount),
        PrefKey("travel_budget_yearly", "money for travel per year (budget surplus)", _amount),
        PrefKey("travel_budget_monthly", "money for travel per month (budget surplus)", _amount),
        PrefKey("calendar", "path of an .ics calendar with free windows", _path, operator=True),
        PrefKey("notify_url", "URL that receives new suggestions as JSON", _url, operator=True),
        PrefKey("model", "offline, a Gemini model, or a LiteLLM model id", _model, operator=True),
        PrefKey("opik_url", "self-hosted Opik URL (turns tracing on)", _url, operator=True),
        PrefKey("opik_workspace", "Opik workspace", _text, operator=True),
        PrefKey("opik_project", "Opik project name", _text, operator=True),
    )
}

# The traveller's own keys are settable through the API; the operator's are not.
OPERATOR_KEYS: frozenset[str] = frozenset(k for k, spec in KEYS.items() if spec.operator)
TRAVELLER_KEYS: frozenset[str] = frozenset(KEYS) - OPERATOR_KEYS


def parse_preference(key: str, value: str) -> Any:
    """The stored value for ``key`` typed as ``value``, or ``InvalidValue``."""
    spec = KEYS.get(key)
    if spec is None:
        import difflib

        close = difflib.get_close_matches(key, KEYS, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise InvalidValue(f"Unknown preference {key!r}.{hint} `lotara prefs keys` lists them.")
    return spec.parse(value)
