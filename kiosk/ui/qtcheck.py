"""A start-up check for the Qt binding's reference counting.

PySide6 6.12.0 dropped one reference to ``True`` on every Python-side ``Signal.emit()``; on
Python 3.11 ``True`` is not immortal, so the kiosk (a tick every 200 ms) aborted after about 49
minutes idle. pyproject.toml excludes that release; this check refuses to start on a binding
that still does it (a distribution package, a hand-installed wheel) instead of crashing later."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

PROBES = 64


class _Probe(QObject):
    fired = Signal()


def leaks_true(emit: Callable[[], object] | None = None, probes: int = PROBES) -> bool:
    """True if calling ``emit`` (by default a no-argument Signal.emit()) loses references to
    ``True``: half the probes is far above noise and far below a count that could reach zero."""
    probe = _Probe()
    fire = emit or probe.fired.emit
    before = sys.getrefcount(True)
    for _ in range(probes):
        fire()
    return before - sys.getrefcount(True) >= probes // 2
