"""Live updates for every open desk page: one :class:`ChangeWatcher` (PostgreSQL LISTEN/NOTIFY,
or SQLite's 250 ms poll) runs the cheap version queries, resolves the alerts whose reception has
ended, and wakes the pages' server-sent event streams through the server's event loop."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from datetime import time as dtime

from sqlalchemy import func, select

from kiosk.records.alerts import ALERT_CHANNEL, ChangeWatcher
from kiosk.records.models import Reception
from kiosk.records.rows import CLINIC_TZ, to_db
from kiosk.records.store import RecordStore

log = logging.getLogger(__name__)

ALERTS = "alerts"
RECEPTIONS = "receptions"
RECEPTIONS_EVERY_S = 1.0  # the list's version query scans the day's rows: not every 250 ms


@dataclass(eq=False)  # each stream is its own: compared and hashed by identity
class Subscriber:
    """One page's event stream: what changed since it last looked, and its wake-up."""

    event: asyncio.Event = field(default_factory=asyncio.Event)
    kinds: set[str] = field(default_factory=set)

    def take(self) -> set[str]:
        out, self.kinds = self.kinds, set()
        self.event.clear()
        return out


class Feed:
    def __init__(self, store: RecordStore) -> None:
        self.store = store
        self.watcher = ChangeWatcher(store.engine, ALERT_CHANNEL, self.look)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._subscribers: set[Subscriber] = set()
        self._lock = threading.Lock()
        self._alerts: object = object()  # matches nothing: the first look publishes
        self._receptions: object = object()
        self._receptions_at = 0.0

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self.watcher.start()

    def stop(self) -> None:
        self.watcher.stop()

    def subscribe(self) -> Subscriber:
        sub = Subscriber()
        with self._lock:
            self._subscribers.add(sub)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        with self._lock:
            self._subscribers.discard(sub)

    def look(self) -> None:  # the watcher's thread
        self._resolve_ended()
        alerts = self.store.alerts.alerts_version()
        receptions = self._receptions
        if time.monotonic() - self._receptions_at >= RECEPTIONS_EVERY_S:
            receptions, self._receptions_at = self._receptions_version(), time.monotonic()
        changed = set()
        if alerts != self._alerts:
            changed.add(ALERTS)
        if receptions != self._receptions:
            changed.add(RECEPTIONS)
        self._alerts, self._receptions = alerts, receptions
        if changed:
            self.publish(changed)

    def _resolve_ended(self) -> None:
        running = self.store.alerts.running_receptions()
        ended = list(self.store.names_of(running)) if running else []
        if ended and self.store.alerts.resolve_ended(ended):
            log.info("%d alert(s) resolved: their receptions ended", len(ended))

    def _receptions_version(self) -> tuple[object, ...]:
        """Today's receptions' newest change and count (an index range on started_at)."""
        start = to_db(datetime.combine(datetime.now(CLINIC_TZ).date(), dtime(), CLINIC_TZ))
        query = select(func.max(Reception.updated_at), func.count()).where(
            Reception.started_at >= start
        )
        with self.store.reader.connect() as conn:
            return tuple(conn.execute(query).one())

    def publish(self, kinds: set[str]) -> None:
        """Wake every stream (any thread)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        loop.call_soon_threadsafe(self._wake, frozenset(kinds))

    def _wake(self, kinds: frozenset[str]) -> None:  # the event loop's thread
        with self._lock:
            subscribers = list(self._subscribers)
        for sub in subscribers:
            sub.kinds |= kinds
            sub.event.set()

    def wake_all(self) -> None:  # the event loop's thread
        self._wake(frozenset())
