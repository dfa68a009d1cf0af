"""The one helper for background work (Orange3's pattern): a pool runs a callable, its answer
comes back to the GUI thread as a queued signal, and a failure comes back as the exception.

Work goes to named lanes, each its own pool: a hung service call holds only the service lane, so
a card read still runs and a record write never queues behind either (issue 10 item 6)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

# Threads per lane; the records lane has one, so writes keep their order.
LANES = {"default": 2, "card": 2, "face": 2, "service": 4, "record": 1, "phone": 1}


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], done: Callable[[object, object], None]) -> None:
        super().__init__()
        self._fn, self._done = fn, done
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result: object = self._fn()
            error: object = None
        except Exception as exc:  # handed to the GUI thread, which maps it to a flow event
            result, error = None, exc
        self._done(result, error)


class Worker(QObject):
    """Runs ``fn`` on a lane's pool and calls ``on_done(result, error)`` on this object's
    thread."""

    _finished = Signal(object, object, object)  # callback, result, error

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pools: dict[str, QThreadPool] = {}
        for lane, threads in LANES.items():
            pool = QThreadPool(self)
            pool.setMaxThreadCount(threads)
            self.pools[lane] = pool
        self.pool = self.pools["default"]
        self.in_flight = 0
        self._closed = False
        self._finished.connect(self._deliver)

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[object, object], None],
        lane: str = "default",
    ) -> None:
        if self._closed:
            return
        self.in_flight += 1
        self.pools[lane].start(_Task(fn, lambda r, e: self._finished.emit(on_done, r, e)))

    def active(self) -> int:
        return sum(pool.activeThreadCount() for pool in self.pools.values())

    def _deliver(
        self, on_done: Callable[[object, object], None], result: object, error: object
    ) -> None:
        self.in_flight -= 1
        if not self._closed:
            on_done(result, error)

    def close(self, timeout_s: float = 30.0, record_timeout_s: float = 60.0) -> bool:
        """Stop taking work and wait for the running tasks; answers after this are dropped.
        Records get their own, longer wait: a reception must not be lost at shutdown."""
        self._closed = True
        done = self.pools["record"].waitForDone(int(record_timeout_s * 1000))
        deadline = time.monotonic() + timeout_s
        for pool in self.pools.values():
            left_ms = max(0, int((deadline - time.monotonic()) * 1000))
            done = bool(pool.waitForDone(left_ms)) and done
        return done
