"""Answers the database would refuse are made storable before saving, and a reception it still
refuses goes to dead-letter/ with a staff alert instead of blocking every later save (issue 10,
item 3). Every test runs on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from kiosk.config import DatabaseConfig
from kiosk.ports import ReceptionRecord
from kiosk.records.checks import CHECK_EVENT
from kiosk.records.journal import DEAD_LETTER
from kiosk.records.models import Reception
from kiosk.records.store import ALERT_REFUSED, RecordStore, StoreHealth, describe, open_store
from kiosk.sim.records import JST, sample_document, sample_record

NINE = datetime(2026, 11, 23, 9, 0, tzinfo=JST)


def _with_item(rid: str, **items: str) -> ReceptionRecord:
    """A reception whose result carries the given (bad) items in its first result."""
    record = sample_record(rid, started_at=NINE)
    document: dict[str, Any] = sample_document()
    document["MessageBody"]["ResultList"]["ResultOfQualificationConfirmation"][0].update(items)
    return replace(record, qualification=document)


def _refuse_in_database(store: RecordStore, rid: str) -> None:
    """Make the database itself refuse reception ``rid`` (a constraint the checks know nothing
    about, as a newer schema or a DBA's rule would be)."""
    with store.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(
                f"ALTER TABLE reception ADD CONSTRAINT refuse_{rid.replace('-', '_')} "
                f"CHECK (id <> '{rid}')"
            )
        else:
            conn.exec_driver_sql(
                f"CREATE TRIGGER refuse_{rid.replace('-', '_')} BEFORE INSERT ON reception "
                f"WHEN NEW.id = '{rid}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )


class Alerts:
    def __init__(self) -> None:
        self.raised: list[tuple[str, str]] = []

    def __call__(self, reason: str, detail: str) -> None:
        self.raised.append((reason, detail))


@pytest.fixture
def alerts() -> Alerts:
    return Alerts()


@pytest.fixture
def alerting_store(db_config: DatabaseConfig, alerts: Alerts) -> Any:
    opened = open_store(db_config, alert=alerts)
    yield opened
    opened.close()


@pytest.mark.parametrize(
    ("items", "column", "expected", "why"),
    [
        ({"InsuredBranchNumber": "001"}, "insured_branch", None, "insured_branch"),
        ({"Name": "長" * 120}, "patient_name", None, "patient_name"),
        # Characters no database can hold become U+FFFD in the document and so in the column.
        ({"Name": "試験\x00太郎"}, "patient_name", "試験\ufffd太郎", "characters replaced"),
        ({"NameKana": "ｼｹﾝ\ud800"}, "patient_name_kana", "ｼｹﾝ\ufffd", "characters replaced"),
    ],
    ids=["branch-3-chars", "name-120-chars", "nul-in-name", "lone-surrogate"],
)
def test_an_item_its_column_cannot_hold_is_left_empty_and_the_reception_flagged(
    alerting_store: RecordStore, items: dict[str, str], column: str, expected: str | None, why: str
) -> None:
    alerting_store.save(_with_item("bad", **items))
    alerting_store.save(sample_record("after", started_at=NINE))
    row = alerting_store.reception("bad")
    assert row is not None, "the reception was lost"
    assert row.needs_staff
    stored = {
        "insured_branch": row.summary.insured_branch,
        "patient_name": row.summary.name,
        "patient_name_kana": row.summary.name_kana,
    }
    assert stored[column] == expected
    assert row.summary.insurer_number == "06139993"  # the other items are kept
    assert row.qualification is not None  # the document is kept
    checked = [t for t in alerting_store.audit("bad") if t.event == CHECK_EVENT]
    assert len(checked) == 1 and why in checked[0].reason
    assert "長長" not in checked[0].reason and "試験" not in checked[0].reason  # names, no values
    assert alerting_store.reception("after") is not None
    assert alerting_store.health is StoreHealth.OK


def test_a_result_nested_5000_deep_is_not_kept_but_the_reception_is(
    alerting_store: RecordStore,
) -> None:
    deep: dict[str, Any] = {"QualificationValidity": "1"}
    for _ in range(5000):
        deep = {"Nested": deep}
    alerting_store.save(replace(sample_record("deep", started_at=NINE), qualification=deep))
    row = alerting_store.reception("deep")
    assert row is not None and row.needs_staff and row.qualification is None
    assert any("nested" in t.reason for t in alerting_store.audit("deep"))


def test_a_reception_the_database_refuses_goes_to_dead_letter_and_the_next_ones_are_stored(
    alerting_store: RecordStore, alerts: Alerts
) -> None:
    _refuse_in_database(alerting_store, "refused")
    alerting_store.save(sample_record("refused", started_at=NINE))
    for i in range(3):
        alerting_store.save(sample_record(f"r-{i}", started_at=NINE))
    assert alerting_store.reception("refused") is None
    assert {alerting_store.reception(f"r-{i}") is not None for i in range(3)} == {True}
    [kept] = alerting_store.journal.dead_letters()
    assert kept.parent.name == DEAD_LETTER and kept.stat().st_mode & 0o777 == 0o600
    assert alerts.raised == [(ALERT_REFUSED, "refused")]
    assert len(alerting_store.journal) == 0


def test_a_refused_entry_in_the_journal_no_longer_blocks_the_later_ones(
    db_config: DatabaseConfig, alerts: Alerts, tmp_path: Path
) -> None:
    # The journal as a database outage leaves it: 8 receptions, the second one refusable.
    store = open_store(db_config, alert=alerts)
    _refuse_in_database(store, "r-1")
    records = [sample_record(f"r-{i}", started_at=NINE) for i in range(8)]
    for record in records:
        store.journal.append(record)
    assert store.flush_journal() == 7
    store.save(sample_record("r-8", started_at=NINE))
    with store.engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(Reception)).scalar_one()
    assert stored == 8
    assert len(store.journal) == 0
    assert len(store.journal.dead_letters()) == 1
    assert alerts.raised == [(ALERT_REFUSED, "r-1")]
    # Put back after a fix, the entry is replayed (here it is still refused: back it goes).
    assert store.journal.retry_dead_letters() == 1
    assert store.flush_journal() == 0
    assert len(store.journal.dead_letters()) == 1
    store.close()


def test_database_errors_and_logs_never_quote_patient_values(
    db_config: DatabaseConfig, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    store = open_store(db_config)
    _refuse_in_database(store, "refused")
    store.save(_with_item("refused", Name="秘密 花子"))
    with pytest.raises(IntegrityError) as raised, store.engine.begin() as conn:
        conn.execute(insert(Reception), {"id": "x", "patient_name": "秘密 花子"})
    store.close()
    # hide_parameters keeps SQLAlchemy's parameters out, but PostgreSQL's DETAIL line quotes the
    # failing row, so the records path logs an error by its class names only.
    assert "[SQL parameters hidden due to hide_parameters=True]" in str(raised.value)
    assert "秘密" not in describe(raised.value)
    assert "refused" in caplog.text
    assert "秘密" not in caplog.text and "06139993" not in caplog.text
