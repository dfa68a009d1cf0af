"""Re-query receptions recorded while the eligibility service was down, and update their records
once it answers. The kept certificate is dropped as soon as a reception is resolved."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from kiosk.ports import EligibilityError, EligibilityErrorKind, EligibilityPort, ReceptionOutcome
from kiosk.records.store import RecordStore
from kiosk.records.summary import VALID_CODES

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


@dataclass(frozen=True)
class RequeryReport:
    resolved: int = 0
    still_pending: int = 0
    replayed: int = 0  # journal entries written on the way


class PendingRequery:
    def __init__(
        self,
        store: RecordStore,
        eligibility: EligibilityPort,
        *,
        on_resolved: Callable[[], object] | None = None,
    ) -> None:
        self.store = store
        self.eligibility = eligibility
        # Called after a round that resolved receptions: their result files are due now.
        self._on_resolved = on_resolved
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> RequeryReport:
        replayed = self.store.flush_journal()  # journalled pending receptions first
        resolved = waiting = 0
        for item in self.store.pending():
            try:
                qualification = self.eligibility.confirm_deferred(
                    item.cert_der, item.method, item.verified_at, key=f"{item.reception_id}:requery"
                )
            except EligibilityError as exc:
                if exc.kind in DEFINITE:
                    self.store.resolve_pending(
                        item.reception_id, ReceptionOutcome.INELIGIBLE, None,
                        f"re-query: {exc.kind.value}", datetime.now(UTC),
                    )  # fmt: skip
                    resolved += 1
                    continue
                self.store.note_requery_failure(item.reception_id, exc.kind.value)
                waiting += 1
                if exc.kind in RETRY_LATER:
                    break  # the service is still down; no point asking for the others now
                continue
            outcome = (
                ReceptionOutcome.COMPLETE
                if qualification.validity in VALID_CODES
                else ReceptionOutcome.INELIGIBLE
            )
            self.store.resolve_pending(
                item.reception_id, outcome, qualification.document,
                f"re-query: validity {qualification.validity}", datetime.now(UTC),
            )  # fmt: skip
            resolved += 1
        remaining = len(self.store.pending()) if waiting else 0
        if resolved and self._on_resolved is not None:
            self._on_resolved()
        return RequeryReport(resolved=resolved, still_pending=remaining, replayed=replayed)

    def start(self, interval_s: float = 60.0) -> None:
        """Re-query in a background thread every ``interval_s`` until :meth:`stop`."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._loop, args=(interval_s,), name="pending-requery", daemon=True
        )
        self._thread.start()

    def _loop(self, interval_s: float) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # a bad round must not end re-querying for the day
                log.exception("pending re-query round failed")
            self._stop.wait(interval_s)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
