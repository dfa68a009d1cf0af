"""Re-query receptions recorded while the eligibility service was down, and update their records
once it answers. The kept certificate is dropped as soon as a reception is resolved.

Kiosks sharing one database each claim a pending reception before asking about it
(:meth:`RecordStore.claim_pending`), and resolving deletes the claimed row in the same
transaction, so no reception is confirmed or resolved twice. One reception whose question or
answer fails in a way nobody foresaw is counted and released; the others are still asked.

A reception the service confirms now is ``resolved``, not ``complete``: the patient left
without seeing the consent screens, so staff finish it (it is flagged for them).

It works on the records store through :class:`PendingStore` (the kiosk hands it its
:class:`kiosk.records.store.RecordStore`): the records import this package, never the reverse.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from kiosk.eligibility.codes import VALID_CODES
from kiosk.ports import (
    EligibilityError,
    EligibilityErrorKind,
    EligibilityPort,
    ReceptionOutcome,
    VerificationMethod,
)

log = logging.getLogger(__name__)

# The service is still away: try again later.
RETRY_LATER = frozenset({EligibilityErrorKind.UNREACHABLE, EligibilityErrorKind.TIMEOUT})
# A definite answer about the patient: the reception is resolved as ineligible.
DEFINITE = frozenset(
    {
        EligibilityErrorKind.NOT_REGISTERED,
        EligibilityErrorKind.NO_QUALIFICATION,
        EligibilityErrorKind.CERT_EXPIRED,
        EligibilityErrorKind.CERT_REVOKED,
    }
)
RETRY_S = 5.0  # while receptions wait in the journal or in memory, retry saving this often


class PendingItem(Protocol):
    """One pending reception as the store hands it out (kiosk.records.rows.PendingItem)."""

    @property
    def reception_id(self) -> str: ...

    @property
    def method(self) -> VerificationMethod: ...

    @property
    def verified_at(self) -> datetime: ...

    @property
    def cert_der(self) -> bytes: ...


class PendingStore(Protocol):
    """What the re-query needs of the records store (:class:`kiosk.records.store.RecordStore`;
    kiosk.records.pending has the claims)."""

    def flush_journal(self) -> int: ...

    def healthy(self) -> bool: ...

    def pending(self) -> Sequence[PendingItem]: ...

    def claim_pending(self, claimer: str, exclude: Collection[str] = ()) -> PendingItem | None: ...

    def release_claim(self, reception_id: str, claimer: str, error: str) -> None: ...

    def resolve_pending(
        self,
        reception_id: str,
        outcome: ReceptionOutcome,
        qualification: Mapping[str, Any] | None,
        reason: str,
        at: datetime,
        claimer: str | None = None,
    ) -> bool: ...


def describe(exc: BaseException) -> str:
    """An error as class names only, as the store logs them (kiosk.records.store.describe):
    messages may quote the values that were refused."""
    orig = getattr(exc, "orig", None)
    return type(exc).__name__ + (f"/{type(orig).__name__}" if orig is not None else "")


@dataclass(frozen=True)
class RequeryReport:
    resolved: int = 0
    still_pending: int = 0
    replayed: int = 0  # journal entries written on the way


@dataclass(frozen=True)
class Answer:
    outcome: ReceptionOutcome
    document: dict[str, object] | None
    reason: str


class Unanswered(Exception):
    """The service gave no answer about the patient (proof rejected, malformed answer...)."""


class ServiceAway(Unanswered):
    """The service did not answer: stop this round, the others would not be answered either."""


def default_claimer() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class PendingRequery:
    def __init__(
        self,
        store: PendingStore,
        eligibility: EligibilityPort,
        *,
        claimer: str | None = None,
        on_resolved: Callable[[], object] | None = None,
    ) -> None:
        self.store = store
        self.eligibility = eligibility
        self.claimer = (claimer or default_claimer())[:64]
        # Called after a round that resolved receptions: their result files are due now.
        self._on_resolved = on_resolved
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> RequeryReport:
        replayed = self.store.flush_journal()  # journalled pending receptions first
        resolved = waiting = 0
        tried: set[str] = set()
        while (item := self.store.claim_pending(self.claimer, tried)) is not None:
            tried.add(item.reception_id)
            try:
                answer = self._ask(item)
                done = self.store.resolve_pending(
                    item.reception_id, answer.outcome, answer.document, answer.reason,
                    datetime.now(UTC), claimer=self.claimer,
                )  # fmt: skip
            except ServiceAway as exc:
                self.store.release_claim(item.reception_id, self.claimer, str(exc))
                waiting += 1
                break  # the service is still down; no point asking for the others now
            except Unanswered as exc:
                self.store.release_claim(item.reception_id, self.claimer, str(exc))
                waiting += 1
                continue
            except Exception as exc:  # one bad answer must not stop the others being asked
                log.error("re-query of reception %s failed: %s", item.reception_id, describe(exc))
                self.store.release_claim(item.reception_id, self.claimer, describe(exc))
                waiting += 1
                continue
            if done:
                resolved += 1
        remaining = len(self.store.pending()) if waiting else 0
        if resolved and self._on_resolved is not None:
            try:
                self._on_resolved()
            except Exception as exc:  # the receptions are resolved; a hook failing undoes nothing
                log.error("after resolving receptions: %s", describe(exc))
        return RequeryReport(resolved=resolved, still_pending=remaining, replayed=replayed)

    def _ask(self, item: PendingItem) -> Answer:
        try:
            qualification = self.eligibility.confirm_deferred(
                item.cert_der, item.method, item.verified_at, key=f"{item.reception_id}:requery"
            )
        except EligibilityError as exc:
            if exc.kind in DEFINITE:
                return Answer(ReceptionOutcome.INELIGIBLE, None, f"re-query: {exc.kind.value}")
            if exc.kind in RETRY_LATER:
                raise ServiceAway(exc.kind.value) from exc
            raise Unanswered(exc.kind.value) from exc
        if qualification.validity in VALID_CODES:
            reason = f"re-query: validity {qualification.validity}; consents not asked"
            return Answer(ReceptionOutcome.RESOLVED, dict(qualification.document), reason)
        reason = f"re-query: validity {qualification.validity}"
        return Answer(ReceptionOutcome.INELIGIBLE, dict(qualification.document), reason)

    # --- in the background ---------------------------------------------------------------

    def start(self, interval_s: float = 60.0, retry_s: float = RETRY_S) -> None:
        """Re-query in a background thread every ``interval_s`` until :meth:`stop`; every
        ``retry_s`` in between, retry saving receptions that wait (journal, memory), so a kiosk
        that stopped taking patients starts again soon after the database is back."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._loop, args=(interval_s, retry_s), name="pending-requery", daemon=True
        )
        self._thread.start()

    def _loop(self, interval_s: float, retry_s: float) -> None:
        next_round = time.monotonic()
        while not self._stop.is_set():
            try:
                if time.monotonic() >= next_round:
                    next_round = time.monotonic() + interval_s
                    self.run_once()
                elif not self.store.healthy():
                    self.store.flush_journal()
            except Exception as exc:  # a bad round must not end re-querying for the day
                log.error("pending re-query round failed: %s", describe(exc))
            self._stop.wait(min(retry_s, max(0.0, next_round - time.monotonic())))

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
