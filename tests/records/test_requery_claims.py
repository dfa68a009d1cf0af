"""Kiosks sharing one database never confirm or resolve a pending reception twice, and one bad
answer does not stop the others being re-queried (issue 10, item 4). SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from kiosk.config import DatabaseConfig
from kiosk.eligibility.requery import PendingRequery
from kiosk.ports import Qualification, ReceptionOutcome, VerificationMethod
from kiosk.records.pending import REQUERIED
from kiosk.records.store import RecordStore, open_store
from kiosk.sim.records import JST, sample_document, sample_record
from tests.records.test_requery import FakeService

NINE = datetime(2026, 11, 23, 9, 0, tzinfo=JST)


def _qualification(document: dict[str, Any] | None = None) -> Qualification:
    return Qualification(
        validity="1",
        name="試験 花子",
        birth_date=date(1980, 4, 1),
        has_limit_certificate=True,
        document=document or sample_document("試験 花子"),
    )


def _pend(store: RecordStore, count: int) -> list[str]:
    ids = [f"p-{i}" for i in range(count)]
    for i, rid in enumerate(ids):
        record = sample_record(rid, started_at=NINE + timedelta(minutes=i),
                               outcome=ReceptionOutcome.PENDING, cert_der=rid.encode())  # fmt: skip
        store.save(record)
    return ids


class OverlappingService(FakeService):
    """Every answer is a valid qualification; the first call of each kiosk waits until the other
    kiosk is asking too, so the two rounds really run at the same time."""

    def __init__(self, kiosks: int) -> None:
        super().__init__({})
        self.asked: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._threads: set[int] = set()
        self._all_in = threading.Event()
        self._kiosks = kiosks

    def confirm_deferred(
        self, cert_der: bytes, method: VerificationMethod, verified_at: datetime, *, key: str
    ) -> Qualification:
        with self._lock:
            self.asked[key] += 1
            self._threads.add(threading.get_ident())
            if len(self._threads) == self._kiosks:
                self._all_in.set()
        assert self._all_in.wait(30), "the other kiosk never asked"
        return _qualification()


def test_two_kiosks_on_one_database_resolve_each_pending_reception_once(
    db_config: DatabaseConfig,
) -> None:
    stores = [open_store(db_config), open_store(db_config)]  # two kiosks: two engines
    ids = _pend(stores[0], 6)
    service = OverlappingService(kiosks=2)
    reports = []
    threads = [
        threading.Thread(
            target=lambda s=s, n=n: reports.append(
                PendingRequery(s, service, claimer=f"kiosk-{n}").run_once()
            )
        )
        for n, s in enumerate(stores)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(service.asked) == sorted(f"{rid}:requery" for rid in ids)
    assert set(service.asked.values()) == {1}  # 6 confirmations for 6, not 12
    assert sum(r.resolved for r in reports) == 6
    assert all(r.resolved > 0 for r in reports)
    for rid in ids:
        assert [t.event for t in stores[0].audit(rid)].count(REQUERIED) == 1
    assert stores[0].pending() == []
    for s in stores:
        s.close()


def test_a_claim_left_by_a_dead_kiosk_is_taken_over_and_its_late_answer_changes_nothing(
    store: RecordStore,
) -> None:
    _pend(store, 1)
    dead = store.claim_pending("dead-kiosk")
    assert dead is not None
    assert store.claim_pending("other") is None  # still claimed
    taken = store.claim_pending("other", lease=timedelta(0))  # the lease has run out
    assert taken is not None and taken.reception_id == dead.reception_id
    assert store.resolve_pending(taken.reception_id, ReceptionOutcome.INELIGIBLE, None,
                                 "re-query: no_qualification", NINE, claimer="other")  # fmt: skip
    # The dead kiosk wakes up with its answer: nothing changes, nothing is doubled.
    assert not store.resolve_pending(dead.reception_id, ReceptionOutcome.RESOLVED, None,
                                     "late", NINE, claimer="dead-kiosk")  # fmt: skip
    row = store.reception(dead.reception_id)
    assert row is not None and row.outcome is ReceptionOutcome.INELIGIBLE
    assert [t.event for t in store.audit(dead.reception_id)].count(REQUERIED) == 1


class OneBadAnswer(FakeService):
    def __init__(self, bad: bytes, answer: Qualification | Exception) -> None:
        super().__init__({})
        self.bad, self.answer = bad, answer

    def confirm_deferred(
        self, cert_der: bytes, method: VerificationMethod, verified_at: datetime, *, key: str
    ) -> Qualification:
        self.calls.append((cert_der, method, verified_at, key))
        if cert_der != self.bad:
            return _qualification()
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def _deep(levels: int) -> dict[str, Any]:
    document: dict[str, Any] = {"QualificationValidity": "1"}
    for _ in range(levels):
        document = {"Nested": document}
    return document


def test_a_5000_deep_answer_is_resolved_without_its_document_and_the_others_too(
    store: RecordStore,
) -> None:
    ids = _pend(store, 4)  # the bad one is the oldest: asked first in every round
    service = OneBadAnswer(b"p-0", _qualification(_deep(5000)))
    report = PendingRequery(store, service).run_once()
    assert report.resolved == 4
    assert store.pending() == []
    bad = store.reception("p-0")
    assert bad is not None and bad.qualification is None and bad.needs_staff
    assert "nested" in store.audit("p-0")[-1].reason
    for rid in ids[1:]:
        row = store.reception(rid)
        assert row is not None and row.summary.name == "試験 花子"


def test_an_answer_that_breaks_the_client_keeps_that_reception_pending_not_the_others(
    store: RecordStore,
) -> None:
    _pend(store, 4)
    requery = PendingRequery(store, OneBadAnswer(b"p-0", RecursionError("deep")))
    for _ in range(2):  # every round: the others are asked, the bad one counted
        requery.run_once()
    [left] = store.pending()
    assert left.reception_id == "p-0"
    assert (left.attempts, left.last_error) == (2, "RecursionError")
    assert store.claim_pending("someone") is not None  # released, not stuck on a claim
