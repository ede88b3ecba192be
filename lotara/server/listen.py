"""Streams across servers: on PostgreSQL, a server LISTENs for the events any process appends.

``PgJobStore.append_event`` sends ``NOTIFY lotara_events, '<job id>'`` in the event's own
transaction, so the notice arrives at commit, when the event is readable, on every server
listening. ``EventListener`` holds one asynchronous psycopg connection per server process,
on the event loop, and wakes the ``EventFeed`` streams of that job at once: a client on
server A sees what a worker or server B wrote without waiting for a poll.

The feed's polling stays as the fallback, slowed to ``POLL_WHILE_LISTENING_S`` while the
listener is connected. When the connection drops, polling returns to its own pace, every
stream is woken (a notice may have been missed), and the listener reconnects; streams read
by seq from the store, so nothing is lost or doubled either way.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from lotara.jobs.store_pg import notified_jobs

if TYPE_CHECKING:
    from lotara.server.stream import EventFeed

log = logging.getLogger("lotara.serve")

POLL_WHILE_LISTENING_S = 2.0
RECONNECT_S = 1.0


class EventListener:
    """Wakes ``feed``'s streams on the NOTIFYs of the PostgreSQL at ``url``."""

    def __init__(self, feed: EventFeed, url: str) -> None:
        self.feed = feed
        self.url = url
        self.poll_s = feed.poll_s
        self.connected = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._listen(), name="lotara-event-listener")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _listen(self) -> None:
        while True:
            try:
                async for job_id in notified_jobs(self.url, lambda: self._listening(True)):
                    self.feed.wake(job_id)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the database restarted, the network dropped
                log.warning("event listener: %s; polling until it reconnects", error)
            self._listening(False)
            await asyncio.sleep(RECONNECT_S)

    def _listening(self, on: bool) -> None:
        if on:
            self.connected.set()
            self.feed.poll_s = max(self.poll_s, POLL_WHILE_LISTENING_S)
        else:
            self.connected.clear()
            self.feed.poll_s = self.poll_s
        self.feed.wake_all()  # what happened while not listening is read now
