"""Pending receptions are re-queried when the service is back (fake EligibilityPort here; the
store is real)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from kiosk.eligibility.requery import PendingRequery
from kiosk.ports import (
    ConsentKind,
    ConsentReceipt,
    EligibilityError,
    EligibilityErrorKind,
    Proof,
    Qualification,
    ReceptionOutcome,
    VerificationMethod,
)
from kiosk.records.store import RecordStore
from kiosk.sim.records import JST, sample_document, sample_record

NINE = datetime(2026, 11, 23, 9, 0, tzinfo=JST)


class FakeService:
    """Answers confirm_deferred from a script: a Qualification or an error per certificate."""

    def __init__(self, answers: dict[bytes, Qualification | EligibilityErrorKind]) -> None:
        self.answers = answers
        self.calls: list[tuple[bytes, VerificationMethod, datetime, str]] = []

    def confirm_deferred(
        self, cert_der: bytes, method: VerificationMethod, verified_at: datetime, *, key: str
    ) -> Qualification:
        self.calls.append((cert_der, method, verified_at, key))
        answer = self.answers[cert_der]
        if isinstance(answer, EligibilityErrorKind):
            raise EligibilityError(answer)
        return answer

    def new_nonce(self) -> bytes:
        raise AssertionError("not used by re-query")

    def confirm(self, cert_der: bytes, proof: Proof, *, key: str) -> Qualification:
        raise AssertionError("not used by re-query")

    def register(self, cert_der: bytes, proof: Proof, *, key: str) -> None:
        raise AssertionError("not used by re-query")

    def record_consents(
        self, cert_der: bytes, answers: Mapping[ConsentKind, bool], *, key: str
    ) -> list[ConsentReceipt]:
        raise AssertionError("not used by re-query")


def _qualification(validity: str) -> Qualification:
    return Qualification(
        validity=validity,
        name="試験 花子",
        birth_date=date(1980, 4, 1),
        has_limit_certificate=True,
        document=sample_document("試験 花子", validity=validity),
    )


def _pending(store: RecordStore, rid: str, cert: bytes) -> None:
    store.save(sample_record(rid, started_at=NINE, outcome=ReceptionOutcome.PENDING, cert_der=cert))


def test_requery_resolves_pending_receptions_and_drops_their_certificates(
    store: RecordStore,
) -> None:
    _pending(store, "ok", b"cert-ok")
    _pending(store, "void", b"cert-void")
    _pending(store, "unknown", b"cert-unknown")
    service = FakeService(
        {
            b"cert-ok": _qualification("1"),
            b"cert-void": _qualification("2"),
            b"cert-unknown": EligibilityErrorKind.NO_QUALIFICATION,
        }
    )
    report = PendingRequery(store, service).run_once()
    assert report.resolved == 3
    assert store.pending() == []
    rows = {r.reception_id: r for r in store.receptions_on(NINE.date())}
    # Eligible, but the patient left without seeing the consents: staff finish it.
    assert rows["ok"].outcome is ReceptionOutcome.RESOLVED
    assert rows["ok"].summary.name == "試験 花子"
    assert rows["ok"].needs_staff
    assert rows["ok"].end_reason == "re-query: validity 1; consents not asked"
    assert rows["void"].outcome is ReceptionOutcome.INELIGIBLE
    assert rows["void"].needs_staff
    assert rows["unknown"].outcome is ReceptionOutcome.INELIGIBLE
    assert rows["unknown"].end_reason == "re-query: no_qualification"
    # Attested as verified when the flow entered the query, with a stable idempotency key.
    call = next(c for c in service.calls if c[0] == b"cert-ok")
    assert call[1] is VerificationMethod.PIN
    assert call[2] == datetime(2026, 11, 23, 9, 0, 5, tzinfo=JST)
    assert call[3] == "ok:requery"


def test_service_still_down_keeps_the_reception_pending_and_counts_the_try(
    store: RecordStore,
) -> None:
    _pending(store, "p", b"cert-p")
    service = FakeService({b"cert-p": EligibilityErrorKind.UNREACHABLE})
    requery = PendingRequery(store, service)
    assert requery.run_once().still_pending == 1
    [item] = store.pending()
    assert (item.attempts, item.last_error) == (1, "unreachable")
    row = store.reception("p")
    assert row is not None and row.outcome is ReceptionOutcome.PENDING

    service.answers[b"cert-p"] = _qualification("1")
    assert requery.run_once().resolved == 1
    assert store.pending() == []
