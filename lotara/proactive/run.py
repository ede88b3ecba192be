"""One proactive pass, as cron runs it (``lotara watch run --once``), and the loop around it.

A pass, as of ``clock.now()``:

1. finishes suggestions an earlier run claimed but never finished (it crashed or was killed);
2. checks every active watch: one observation each, committed as taken; a trigger when the
   fare meets the watch's condition; watches whose travel dates are past are retired;
3. looks for calendar gaps (with a calendar) and budget surpluses (with a travel budget),
   for the chosen user or every user whose preferences ask for them;
4. turns each trigger into a suggestion (claimed first, so it fires once across runs);
5. POSTs every suggestion still waiting for its notify URL.

One part failing (a watch the provider cannot price, a calendar that cannot be read, a
workflow that breaks) is reported and the others still run. ``RunReport.exit_code`` says how
it went: 0 it worked (whether or not anything fired), 1 some part failed, 5 it worked but a
notification could not be delivered yet (it is retried next run).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lotara import clock
from lotara.errors import ExitCode, LotaraError
from lotara.proactive import calendar_gaps, notify, suggestions, surplus, watches
from lotara.proactive.triggers import Trigger

if TYPE_CHECKING:
    import httpx

    from lotara.jobs.store import JobStore
    from lotara.world.provider import TravelProvider

OnSuggestion = Callable[[dict[str, Any]], None]


@dataclass
class RunOptions:
    """What a pass looks at, beyond the watches."""

    user_id: str | None = None  # only this user's watches, calendar and budget
    calendar: Path | None = None  # an .ics for ``calendar_user`` (else the `calendar` pref)
    calendar_user: str | None = None
    min_days: int = calendar_gaps.DEFAULT_MIN_DAYS
    months: int = calendar_gaps.DEFAULT_MONTHS
    notify_url: str | None = None  # where new suggestions go (else each user's notify_url)


@dataclass
class RunReport:
    """What one pass did."""

    observations: int = 0
    triggers: int = 0
    suggestions: list[dict[str, Any]] = field(default_factory=list)
    duplicates: int = 0
    failures: list[str] = field(default_factory=list)
    deliveries: list[notify.Delivery] = field(default_factory=list)

    @property
    def undelivered(self) -> list[notify.Delivery]:
        return [d for d in self.deliveries if not d.ok]

    @property
    def exit_code(self) -> ExitCode:
        if self.failures:
            return ExitCode.FAILED
        if self.undelivered:
            return ExitCode.UNAVAILABLE
        return ExitCode.OK


def _users_with_prefs(store: JobStore, keys: tuple[str, ...]) -> list[str]:
    return store.users_with_preferences(keys)


def check_watches(
    store: JobStore,
    provider: TravelProvider,
    report: RunReport,
    *,
    user_id: str | None,
    notify_for: Callable[[str], str | None],
) -> list[Trigger]:
    """Observe every active watch once; the triggers of those whose condition is met."""
    moment = clock.now()
    out = []
    for watch in watches.list_watches(store, user_id=user_id, active_only=True):
        if not watch.travel_days(moment.date()):
            watches.deactivate(store, watch.id)
            continue
        try:
            obs = watches.observe(provider, watch, moment)
        except LotaraError as error:
            report.failures.append(f"Watch {watch.id[:8]} ({watch.route}): {error.message}")
            continue
        except Exception as error:  # a provider bug must not stop the other watches
            report.failures.append(
                f"Watch {watch.id[:8]} ({watch.route}): {type(error).__name__}: {error}"
            )
            continue
        if obs is None:
            continue  # no flight offered on those days right now; nothing to record
        watches.record(store, obs)
        report.observations += 1
        current = watches.get_watch(store, watch.id)  # the baseline may just have been set
        try:
            url = notify_for(watch.user_id)
        except LotaraError as error:  # one user's unreadable prefs: suggest, do not notify
            report.failures.append(f"Watch {watch.id[:8]} ({watch.route}): {error.message}")
            url = None
        trigger = watches.price_drop_trigger(current, obs, notify_url=url)
        if trigger is not None:
            out.append(trigger)
    return out


def find_opportunities(
    store: JobStore,
    options: RunOptions,
    report: RunReport,
    *,
    notify_for: Callable[[str], str | None],
) -> list[Trigger]:
    """Calendar gaps and budget surpluses of the users who asked for them."""
    today = clock.today()
    if options.user_id is not None:
        users = [options.user_id]
    else:
        keys = ("calendar", "travel_budget_yearly", "travel_budget_monthly")
        users = _users_with_prefs(store, keys)
        if options.calendar is not None and options.calendar_user not in users:
            users.append(str(options.calendar_user))
    out: list[Trigger] = []
    for user in users:
        try:
            prefs = store.preferences(user)
        except LotaraError as error:  # one user's unreadable preferences stop only theirs
            report.failures.append(f"Preferences of {user}: {error.message}")
            continue
        path = options.calendar if user == (options.calendar_user or options.user_id) else None
        path = path or prefs.get("calendar")
        if path:
            try:
                ics = calendar_gaps.read_calendar(path)
                country = calendar_gaps.home_country(prefs)
                windows = calendar_gaps.find_windows(
                    ics, today=today, country=country, min_days=options.min_days,
                    months=options.months,
                )  # fmt: skip
                out += calendar_gaps.calendar_gap_triggers(
                    windows, user_id=user, prefs=prefs, country=country, notify_url=notify_for(user)
                )
            except Exception as error:  # one user's calendar never stops the others'
                said = error.message if isinstance(error, LotaraError) else _unexpected(error)
                report.failures.append(f"Calendar of {user} ({path}): {said}")
        try:
            found = surplus.budget_surpluses(store, user, prefs, today)
            out += surplus.budget_surplus_triggers(
                found, user_id=user, prefs=prefs, today=today, notify_url=notify_for(user)
            )
        except Exception as error:
            said = error.message if isinstance(error, LotaraError) else _unexpected(error)
            report.failures.append(f"Travel budget of {user}: {said}")
    return out


def _unexpected(error: BaseException) -> str:
    detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"it could not be read ({type(error).__name__}{': ' + detail if detail else ''})."


def fire(
    store: JobStore,
    trigger: Trigger,
    report: RunReport,
    *,
    engine: Any = None,
    on_suggestion: OnSuggestion | None = None,
) -> dict[str, Any] | None:
    """Claim the trigger and run its workflow; the new suggestion, or None (duplicate, failed)."""
    held = suggestions.claim(store, trigger)
    if held is None:
        report.duplicates += 1
        return None
    return _fulfil(store, held, report, engine=engine, on_suggestion=on_suggestion)


def _fulfil(
    store: JobStore,
    held: suggestions.Claim,
    report: RunReport,
    *,
    engine: Any,
    on_suggestion: OnSuggestion | None,
) -> dict[str, Any] | None:
    doc = suggestions.fulfil(store, held, engine=engine)
    if doc is None:
        reason = suggestions.error_of(store, held.suggestion_id)
        report.failures.append(
            f"The {held.trigger.type.replace('_', ' ')} suggestion ({held.trigger.dedupe_key})"
            f" could not be made: {reason}"
        )
        return None
    report.suggestions.append(doc)
    if on_suggestion is not None:
        on_suggestion(doc)
    return doc


def run_once(
    store: JobStore,
    options: RunOptions | None = None,
    *,
    provider: TravelProvider | None = None,
    engine: Any = None,
    transport: httpx.BaseTransport | None = None,
    on_suggestion: OnSuggestion | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> RunReport:
    """One full pass as of ``clock.now()``; see the module docstring."""
    from lotara.jobs.leases import reap

    options = options or RunOptions()
    report = RunReport()
    reap(store)  # jobs whose process died (a killed earlier pass): failed, not running
    if provider is None:
        from lotara.world.provider import default_provider

        provider = default_provider()
    url_cache: dict[str, str | None] = {}

    def notify_for(user: str) -> str | None:
        if options.notify_url:
            return options.notify_url
        if user not in url_cache:
            url_cache[user] = store.preferences(user).get("notify_url")
        return url_cache[user]

    for held in suggestions.reclaim_unfinished(store):
        if should_stop():
            break
        _fulfil(store, held, report, engine=engine, on_suggestion=on_suggestion)
    triggers = check_watches(
        store, provider, report, user_id=options.user_id, notify_for=notify_for
    )
    triggers += find_opportunities(store, options, report, notify_for=notify_for)
    report.triggers = len(triggers)
    for trigger in triggers:
        if should_stop():
            break
        fire(store, trigger, report, engine=engine, on_suggestion=on_suggestion)
    report.deliveries = notify.deliver_pending(store, transport=transport)
    return report


def run_forever(
    pass_once: Callable[[Callable[[], bool]], RunReport],
    *,
    interval: float,
    stop: threading.Event,
    on_report: Callable[[RunReport], None] | None = None,
) -> int:
    """Run passes every ``interval`` seconds until ``stop`` is set; how many passes ran."""
    passes = 0
    while not stop.is_set():
        report = pass_once(stop.is_set)
        passes += 1
        if on_report is not None:
            on_report(report)
        stop.wait(interval)
    return passes
