"""Limits on the 被保険者番号 lookup, the one endpoint where a guess can succeed: with a person's
insurance numbers, trying birth dates one by one finds the date and returns her full document
(an adversarial run found one in 2,345 tries, 3.2 s). Sliding windows per kiosk account and per
clinic bound how many lookups are asked; misses on one insured number lock that number for
that clinic; many misses lock the account. A locked lookup answers 403 ``lookup_locked`` with
when it opens again, and the desk tells staff (kiosk.records.manual).
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field

WINDOW_S = 3600.0
LOOKUPS_PER_ACCOUNT = 60  # a desk busy all morning asks a few dozen
LOOKUPS_PER_CLINIC = 200  # several desks and kiosks of one clinic together
MISSES_PER_NUMBER = 5  # wrong birth dates for one insured number (typos: 2 or 3)
MISSES_PER_ACCOUNT = 20
LOCKOUT_S = 3600.0


class LookupLocked(Exception):
    def __init__(self, what: str, seconds: float) -> None:
        super().__init__(f"{what}: too many lookups; try again in {int(seconds // 60) + 1} min")
        self.seconds = seconds


@dataclass
class _Window:
    times: deque[float] = field(default_factory=deque)
    locked_until: float = 0.0

    def count(self, now: float) -> int:
        while self.times and self.times[0] <= now - WINDOW_S:
            self.times.popleft()
        return len(self.times)


class LookupLimits:
    """Thread-safe; ``now`` is the service's monotonic clock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._asked: dict[str, _Window] = {}
        self._missed: dict[str, _Window] = {}

    def ask(self, account: str, clinic: str, number: str, now: float) -> None:
        """A lookup is about to be answered: refuse it (LookupLocked) or count it."""
        with self._lock:
            self._refuse_locked(now, {
                "this insured number": self._missed.get(f"n:{clinic}:{number}"),
                "this kiosk": self._missed.get(f"a:{account}"),
            })  # fmt: skip
            for key, limit in ((f"a:{account}", LOOKUPS_PER_ACCOUNT),
                               (f"c:{clinic}", LOOKUPS_PER_CLINIC)):  # fmt: skip
                window = self._asked.setdefault(key, _Window())
                if window.count(now) >= limit:
                    raise LookupLocked("lookups", window.times[0] + WINDOW_S - now)
                window.times.append(now)

    def missed(self, account: str, clinic: str, number: str, now: float) -> None:
        """Nobody has these numbers and birth date: count the miss, lock past the limits."""
        with self._lock:
            for key, limit in ((f"n:{clinic}:{number}", MISSES_PER_NUMBER),
                               (f"a:{account}", MISSES_PER_ACCOUNT)):  # fmt: skip
                window = self._missed.setdefault(key, _Window())
                window.times.append(now)
                if window.count(now) >= limit:
                    window.locked_until = now + LOCKOUT_S

    @staticmethod
    def _refuse_locked(now: float, windows: dict[str, _Window | None]) -> None:
        for what, window in windows.items():
            if window is not None and window.locked_until > now:
                raise LookupLocked(what, window.locked_until - now)

    def clear(self) -> None:
        with self._lock:
            self._asked.clear()
            self._missed.clear()
