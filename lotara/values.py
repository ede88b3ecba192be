"""Checks at the edge: every value a person or a machine hands lotara, before it is stored.

Each check returns the value, or raises ``InvalidValue`` (exit 2) with one sentence that
names what was wrong: a number that is not finite (``nan``, ``inf``, ``1e309``) or out of
range, a whole number of the wrong type, a day too far ahead to plan, text that is not
UTF-8. Nothing invalid reaches the store, so no later run trips over it.
"""

from __future__ import annotations

import math
import os
from datetime import date, timedelta
from typing import Any

from lotara.errors import InvalidValue

MAX_AMOUNT = 1e12
"""No trip, budget or fare is a trillion of anything: above it is a typo or an attack."""
MAX_DAYS_AHEAD = 731
"""Fares and plans go two years ahead at most; a day beyond that is refused."""


def amount(what: str, value: Any, *, positive: bool = False) -> float:
    """A finite amount of money from 0 (above 0 when ``positive``) to ``MAX_AMOUNT``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValue(f"{what} must be a number, not {value!r}.")
    number = float(value) if not isinstance(value, int) or abs(value) < 10**15 else math.inf
    if not math.isfinite(number):
        raise InvalidValue(f"{what} must be a finite amount, not {value!r}.")
    if number < 0 or (positive and number == 0):
        raise InvalidValue(
            f"{what} must be {'above' if positive else 'at least'} 0, not {value!r}."
        )
    if number > MAX_AMOUNT:
        raise InvalidValue(f"{what} must be at most {MAX_AMOUNT:,.0f}, not {value!r}.")
    return number


def whole(what: str, value: Any, low: int, high: int) -> int:
    """A whole number (not a bool, not a string) from ``low`` to ``high``."""
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise InvalidValue(
                f"{what} must be a whole number from {low} to {high}, not {value!r}."
            )
    if not low <= value <= high:
        raise InvalidValue(f"{what} must be from {low} to {high}, not {value}.")
    return value


def day_ahead(what: str, day: date, today: date) -> date:
    """A day from ``today`` to ``MAX_DAYS_AHEAD`` days after it."""
    if day < today:
        raise InvalidValue(f"{what} {day} is in the past (today is {today}).")
    if day > today + timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidValue(f"{what} {day} is more than two years ahead; plan nearer to it.")
    return day


def text(what: str, value: str) -> str:
    """Text that is valid UTF-8 (a terminal may hand over undecodable bytes) with no NUL."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidValue(
            f"{what} is not valid UTF-8 text; check your terminal's encoding."
        ) from None
    if "\x00" in value:
        raise InvalidValue(f"{what} contains a NUL character.")
    return value


def env_setting(name: str, default: float, low: float, high: float, unit: str = "") -> float:
    """A number from the environment variable ``name`` within ``[low, high]`` (``nan`` and
    ``inf`` refused), or ``default`` when it is unset or empty."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:  # also refuses nan and inf
        raise InvalidValue(f"{name} must be between {low:g} and {high:g}{unit}, not {raw!r}.")
    return value
