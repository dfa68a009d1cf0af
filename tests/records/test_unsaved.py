"""Database away and the journal folder not writable: the reception is held in memory and
retried, staff are alerted, ``health`` says nothing can be saved, and nothing claims it was
journalled (issue 10, item 5)."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from kiosk.config import DatabaseConfig
from kiosk.records import schema
from kiosk.records.store import ALERT_NO_JOURNAL, ALERT_UNSAVED, StoreHealth, open_store
from kiosk.sim.records import PostgresServer, sample_record


class Alerts(list[tuple[str, str]]):
    def __call__(self, reason: str, detail: str) -> None:
        self.append((reason, detail))


def _unwritable_journal(tmp_path: Path) -> tuple[Path, Path]:
    """A journal folder below a regular file: every write fails (ENOTDIR), even for root,
    until the file is removed."""
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"")
    return blocker, blocker / "journal"


def test_sqlite_locked_and_journal_unwritable_holds_then_saves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 50)
    blocker, journal_dir = _unwritable_journal(tmp_path)
    db = tmp_path / "kiosk.sqlite3"
    alerts = Alerts()
    store = open_store(DatabaseConfig(url=f"sqlite:///{db}", journal_dir=str(journal_dir)),
                       alert=alerts)  # fmt: skip
    assert store.health is StoreHealth.OK  # the database takes writes: the journal is spare
    assert alerts == [(ALERT_NO_JOURNAL, "")]  # but staff know no outage could be bridged
    alerts.clear()
    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    caplog.set_level(logging.INFO, logger="kiosk.records")
    store.save(sample_record("r-0"))
    store.save(sample_record("r-1"))
    assert store.health is StoreHealth.UNSAVED
    assert store.held == 2
    assert alerts == [(ALERT_UNSAVED, "r-0"), (ALERT_UNSAVED, "r-1")]
    assert "journalled" not in caplog.text
    assert store.flush_journal() == 0  # still locked: still held, nothing lost
    assert store.held == 2

    locker.execute("ROLLBACK")
    locker.close()
    assert store.flush_journal() == 2
    assert store.held == 0 and store.health is StoreHealth.OK
    assert {store.reception("r-0") is not None, store.reception("r-1") is not None} == {True}
    assert blocker.is_file()  # the journal was never needed
    store.close()


@pytest.mark.integration
def test_postgres_down_and_journal_unwritable_at_start_then_each_comes_back(
    tmp_path: Path,
) -> None:
    blocker, journal_dir = _unwritable_journal(tmp_path)
    with PostgresServer(fast=True) as pg:
        config = DatabaseConfig(url=pg.create_database(), journal_dir=str(journal_dir))
        pg.stop()
        alerts = Alerts()
        store = open_store(config, alert=alerts)
        assert store.health is StoreHealth.UNSAVED  # known at start, before any patient
        assert alerts == [(ALERT_NO_JOURNAL, ""), (ALERT_UNSAVED, "")]
        store.save(sample_record("r-0"))
        assert store.held == 1

        blocker.unlink()  # the folder can be written again: the held reception goes there
        assert store.flush_journal() == 0
        assert store.held == 0 and len(store.journal) == 1
        assert store.health is StoreHealth.JOURNALLING

        pg.start()
        assert store.flush_journal() == 1
        assert store.health is StoreHealth.OK
        store.save(sample_record("r-1"))
        assert store.count() == 2 and store.reception("r-0") is not None
        store.close()


def test_a_journal_that_cannot_be_written_at_start_up_alerts_the_desk(tmp_path: Path) -> None:
    """F5: the probe's alert is written once the store knows its kiosk and has its tables."""
    from kiosk.ports import AlertReason

    _blocker, journal_dir = _unwritable_journal(tmp_path)
    config = DatabaseConfig(url=f"sqlite:///{tmp_path / 'k.sqlite3'}", journal_dir=str(journal_dir))
    store = open_store(config, kiosk_id="kiosk-07")
    try:
        (alert,) = store.alerts.open_alerts()
        assert (alert.kiosk_id, alert.reason, alert.detail) == (
            "kiosk-07", AlertReason.OTHER, ALERT_NO_JOURNAL
        )  # fmt: skip
    finally:
        store.close()
