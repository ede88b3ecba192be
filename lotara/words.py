"""How lotara words a count ("1 night", "2 nights", never "1 nights" or "stop(s)") and a
season ("October to March", "January, May, September")."""

from __future__ import annotations

import calendar
from collections.abc import Sequence


def counted(n: int, unit: str, plural: str | None = None) -> str:
    """``n`` and its unit, singular for one: counted(1, "night") == "1 night"."""
    return f"{n} {unit if n == 1 else plural or unit + 's'}"


def months_said(months: Sequence[int]) -> str:
    """A season as months (1-12) in the order the data lists them: a run that may wrap the
    year end as "October to March", else each month named."""
    first, last = months[0], months[-1]
    run = [(first - 1 + n) % 12 + 1 for n in range(len(months))]
    if len(months) > 1 and list(months) == run:
        return f"{calendar.month_name[first]} to {calendar.month_name[last]}"
    return ", ".join(calendar.month_name[m] for m in months)
