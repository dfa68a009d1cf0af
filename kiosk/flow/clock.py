"""The one clock the flow's timeouts come from, injectable so tests never sleep."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

JST = timezone(timedelta(hours=9), "JST")


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(JST)


class ManualClock:
    """A clock that moves only when told to (unit tests)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._mono = 1000.0
        self._wall = start or datetime(2026, 11, 23, 9, 0, tzinfo=JST)

    def monotonic(self) -> float:
        return self._mono

    def now(self) -> datetime:
        return self._wall

    def advance(self, seconds: float) -> None:
        self._mono += seconds
        self._wall += timedelta(seconds=seconds)


class OffsetClock:
    """Real time plus a jump the demo can add, so a 60 s inactivity timeout takes no 60 s."""

    def __init__(self) -> None:
        self._offset = 0.0
        self._lock = threading.Lock()

    def monotonic(self) -> float:
        return time.monotonic() + self._offset

    def now(self) -> datetime:
        return datetime.now(JST) + timedelta(seconds=self._offset)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._offset += seconds
