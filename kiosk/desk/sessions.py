"""Server-side desk sessions: a random id in a cookie, everything else here, in memory (one desk
server per clinic; a restart signs everyone out, which is safe). A session expires after
:data:`IDLE_S` without a request or :data:`ABSOLUTE_S` after sign-in, whichever comes first.
A session also holds its CSRF token and the messages for the next page."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

COOKIE = "__Host-kiosk-desk"  # __Host-: Secure, Path=/, no Domain (the browser enforces it)
IDLE_S = 15 * 60
ABSOLUTE_S = 12 * 60 * 60
MAX_SESSIONS = 2000  # sign-in pages opened by anyone on the LAN must not fill the memory


@dataclass(frozen=True)
class Message:
    """A sentence for the next page, shown next to what it concerns (``where``)."""

    where: str  # "login", "alerts", "lookup", "lookup:<field>", "receptions"
    text: str
    ok: bool = False


@dataclass
class DeskSession:
    sid: str
    csrf: str
    staff: str | None  # None: the sign-in page's session, before sign-in
    created: float
    seen: float
    messages: list[Message] = field(default_factory=list)
    form: dict[str, str] = field(default_factory=dict)  # kept only after a refused lookup

    def take_messages(self) -> list[Message]:
        out, self.messages = self.messages, []
        return out


class SessionBook:
    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        idle_s: float = IDLE_S,
        absolute_s: float = ABSOLUTE_S,
    ) -> None:
        self.clock = clock
        self.idle_s = idle_s
        self.absolute_s = absolute_s
        self._sessions: dict[str, DeskSession] = {}
        self._lock = threading.Lock()

    def create(self, staff: str | None) -> DeskSession:
        now = self.clock()
        session = DeskSession(secrets.token_urlsafe(32), secrets.token_urlsafe(32), staff, now, now)
        with self._lock:
            self._prune(now)
            self._sessions[session.sid] = session
        return session

    def get(self, sid: str | None, *, touch: bool = True) -> DeskSession | None:
        """The live session for this cookie value, None when unknown or expired (then gone)."""
        if not sid:
            return None
        now = self.clock()
        with self._lock:
            session = self._sessions.get(sid)
            if session is None:
                return None
            if self._expired(session, now):
                del self._sessions[sid]
                return None
            if touch:
                session.seen = now
            return session

    def drop(self, sid: str) -> None:
        with self._lock:
            self._sessions.pop(sid, None)

    def _expired(self, session: DeskSession, now: float) -> bool:
        return now - session.seen > self.idle_s or now - session.created > self.absolute_s

    def _prune(self, now: float) -> None:
        for sid in [s.sid for s in self._sessions.values() if self._expired(s, now)]:
            del self._sessions[sid]
        while len(self._sessions) >= MAX_SESSIONS:
            # Signed-out sessions go first: opening sign-in pages cannot sign staff out.
            oldest = min(self._sessions.values(), key=lambda s: (s.staff is not None, s.seen))
            del self._sessions[oldest.sid]

    def __len__(self) -> int:
        return len(self._sessions)
