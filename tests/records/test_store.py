from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from kiosk.config import DatabaseConfig
from kiosk.ports import ConsentKind, ReceptionOutcome
from kiosk.records.store import InvalidRecord, RecordStore, open_store
from kiosk.sim.records import JST, sample_record

DAY = date(2026, 11, 23)
NINE = datetime(2026, 11, 23, 9, 0, tzinfo=JST)


def test_saved_reception_reads_back_with_result_items_and_consents(store: RecordStore) -> None:
    store.save(sample_record("r-1", started_at=NINE, name="山田 花子"))
    [row] = store.receptions_on(DAY)
    assert row.reception_id == "r-1"
    assert row.started_at == NINE
    assert row.outcome is ReceptionOutcome.COMPLETE
    assert row.summary.name == "山田 花子"
    assert row.summary.validity == "1"
    assert row.summary.insurer_number == "06139993"
    assert row.summary.limit_flag == "A03"
    assert [(c.kind, c.agreed) for c in row.consents] == [
        (ConsentKind.MEDICATION, True),
        (ConsentKind.CHECKUP, False),
    ]
    assert row.consents[0].available_time == NINE + timedelta(hours=24)
    assert row.qualification is not None
    assert len(store.audit("r-1")) == 11


def test_saving_the_same_reception_twice_keeps_one_copy(store: RecordStore) -> None:
    record = sample_record("r-1", started_at=NINE)
    store.save(record)
    store.save(record)
    assert store.count() == 1
    assert len(store.audit("r-1")) == len(record.transitions)
    assert len(store.receptions_on(DAY)[0].consents) == 2


def test_day_list_is_newest_first_and_bounded_by_the_japanese_day(store: RecordStore) -> None:
    store.save(sample_record("early", started_at=datetime(2026, 11, 23, 0, 5, tzinfo=JST)))
    store.save(sample_record("late", started_at=datetime(2026, 11, 23, 23, 55, tzinfo=JST)))
    store.save(sample_record("mid", started_at=NINE))
    store.save(sample_record("next", started_at=datetime(2026, 11, 24, 0, 0, tzinfo=JST)))
    assert [r.reception_id for r in store.receptions_on(DAY)] == ["late", "mid", "early"]


def test_pending_reception_keeps_its_certificate_until_resolved(store: RecordStore) -> None:
    store.save(sample_record("p-1", started_at=NINE, outcome=ReceptionOutcome.PENDING))
    [item] = store.pending()
    assert item.reception_id == "p-1"
    assert item.cert_der.startswith(b"\x30\x82")
    assert item.verified_at == NINE + timedelta(seconds=5)  # the step into "querying"
    store.resolve_pending(
        "p-1", ReceptionOutcome.COMPLETE, None, "re-queried", NINE + timedelta(hours=1)
    )
    assert store.pending() == []
    row = store.reception("p-1")
    assert row is not None and row.outcome is ReceptionOutcome.COMPLETE
    assert store.audit("p-1")[-1].event == "Requeried"


def test_purge_deletes_old_receptions_with_their_consents_and_audit(store: RecordStore) -> None:
    store.save(sample_record("old", started_at=NINE - timedelta(days=40)))
    store.save(sample_record("new", started_at=NINE))
    assert store.purge(NINE - timedelta(days=30)) == 1
    assert store.count() == 1
    with store.engine.connect() as conn:
        orphans = conn.execute(
            text("SELECT count(*) FROM audit WHERE reception_id = 'old'")
        ).scalar_one()
        orphans += conn.execute(
            text("SELECT count(*) FROM consent WHERE reception_id = 'old'")
        ).scalar_one()
    assert orphans == 0


def test_reopening_an_upgraded_database_keeps_its_receptions(db_config: DatabaseConfig) -> None:
    first = open_store(db_config)
    first.save(sample_record("r-1", started_at=NINE))
    first.close()
    second = open_store(db_config)
    assert second.count() == 1
    second.close()


def test_a_record_without_an_id_is_refused_with_a_typed_error(store: RecordStore) -> None:
    with pytest.raises(InvalidRecord):
        store.save(sample_record(""))
    assert store.count() == 0
