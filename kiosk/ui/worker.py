"""The one helper for background work (Orange3's pattern): a pool runs a callable, its answer
comes back to the GUI thread as a queued signal, and a failure comes back as the exception."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


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
    """Runs ``fn`` on the pool and calls ``on_done(result, error)`` on this object's thread."""

    _finished = Signal(object, object, object)  # callback, result, error

    def __init__(self, max_threads: int = 4, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self.in_flight = 0
        self._closed = False
        self._finished.connect(self._deliver)

    def submit(self, fn: Callable[[], Any], on_done: Callable[[object, object], None]) -> None:
        if self._closed:
            return
        self.in_flight += 1
        self.pool.start(_Task(fn, lambda r, e: self._finished.emit(on_done, r, e)))

    def _deliver(
        self, on_done: Callable[[object, object], None], result: object, error: object
    ) -> None:
        self.in_flight -= 1
        if not self._closed:
            on_done(result, error)

    def close(self, timeout_ms: int = 30000) -> bool:
        """Stop taking work and wait for the running tasks; answers after this are dropped."""
        self._closed = True
        return bool(self.pool.waitForDone(timeout_ms))
