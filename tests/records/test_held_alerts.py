"""Staff alerts raised while the database is down are held — on disk where it can, in memory
where it cannot — and sent in order, with their own time, once it is back (issue 25 F4)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.config import DatabaseConfig
from kiosk.ports import AlertReason
from kiosk.records import schema
from kiosk.records.held_alerts import HeldAlert, HeldAlerts
from kiosk.records.store import open_store

AT = datetime(2026, 12, 7, 1, 2, 3, tzinfo=UTC)


def _alert(reason: AlertReason = AlertReason.CALL, rid: str | None = "r-1") -> HeldAlert:
    return HeldAlert("kiosk-01", reason, rid, "choose_method", AT)


def test_held_alerts_survive_a_restart_and_go_in_order(tmp_path: Path) -> None:
    held = HeldAlerts(tmp_path / "held")
    held.hold(_alert())
    held.hold(_alert(AlertReason.OUT_OF_SERVICE, None))
    again = HeldAlerts(tmp_path / "held")  # a restart reads them back
    assert len(again) == 2
    sent: list[AlertReason] = []
    assert again.send(lambda a: None) == 0 and len(again) == 2  # still down: kept
    assert again.send(lambda a: sent.append(a.reason) or 1) == 2
    assert sent == [AlertReason.CALL, AlertReason.OUT_OF_SERVICE]
    assert list((tmp_path / "held").iterdir()) == [] and len(HeldAlerts(tmp_path / "held")) == 0


def test_a_folder_that_cannot_be_written_holds_them_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"")
    held = HeldAlerts(blocker / "held")
    held.hold(_alert())
    assert len(held) == 1
    assert held.send(lambda a: 7) == 1


def test_the_store_holds_a_call_while_the_database_is_locked_then_sends_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 50)
    db = tmp_path / "k.sqlite3"
    store = open_store(DatabaseConfig(url=f"sqlite:///{db}", journal_dir=str(tmp_path / "j")))
    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        assert store.raise_alert("kiosk-01", AlertReason.CALL, reception_id="r-9") is None
        assert len(store.held_alerts) == 1 and store.flush_journal() == 0
        assert len(store.held_alerts) == 1
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    store.flush_journal()
    (alert,) = store.alerts.open_alerts()
    assert (alert.reason, alert.reception_id) == (AlertReason.CALL, "r-9")
    assert len(store.held_alerts) == 0
    store.close()
