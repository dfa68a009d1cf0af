"""The staff list, offscreen, against a real store on both databases."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from kiosk.config import DatabaseConfig
from kiosk.ports import ReceptionOutcome
from kiosk.records.store import RecordStore, open_store
from kiosk.sim.records import JST, sample_record
from kiosk.ui.staff_app import HIGHLIGHT, StaffWindow

DAY = date(2026, 11, 23)
NINE = datetime(2026, 11, 23, 9, 0, tzinfo=JST)


@pytest.fixture
def window(store: RecordStore, qtbot: QtBot) -> Iterator[StaffWindow]:
    store.save(sample_record("a", started_at=NINE, name="山田 花子"))
    store.save(
        sample_record("b", started_at=NINE + timedelta(minutes=3), outcome=ReceptionOutcome.PENDING)
    )
    store.save(sample_record("yesterday", started_at=NINE - timedelta(days=1)))
    win = StaffWindow(store, interval_ms=100, today=lambda: DAY)
    qtbot.add_widget(win)
    yield win
    win.shutdown()


def _cell(
    win: StaffWindow, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole
) -> object:
    return win.table.data(win.table.index(row, column, QModelIndex()), role)


def test_staff_list_shows_todays_receptions_newest_first_and_follows_new_ones(
    window: StaffWindow, store: RecordStore, qtbot: QtBot
) -> None:
    qtbot.wait_until(lambda: window.table.rowCount() == 2, timeout=10000)
    assert _cell(window, 0, 0) == "09:03:00"
    assert _cell(window, 0, 2) == "照会待ち（システム停止中に受付）"
    assert _cell(window, 1, 1) == "山田 花子"
    assert _cell(window, 1, 2) == "有効 06139993 3割"
    assert _cell(window, 1, 4) == "薬剤○ 健診×"
    assert _cell(window, 1, 5) == "ウ"
    # The pending reception needs staff and stands out; the complete one does not.
    assert _cell(window, 0, 0, Qt.ItemDataRole.BackgroundRole).color() == HIGHLIGHT
    assert _cell(window, 1, 0, Qt.ItemDataRole.BackgroundRole) is None
    assert "要対応 1 件" in window.status.text()

    store.save(sample_record("c", started_at=NINE + timedelta(minutes=10), name="佐藤 次郎"))
    qtbot.wait_until(lambda: window.table.rowCount() == 3, timeout=10000)
    assert _cell(window, 0, 1) == "佐藤 次郎"


def test_unreachable_database_is_reported_without_freezing_the_window(
    qtbot: QtBot, tmp_path: Path
) -> None:
    down = open_store(
        DatabaseConfig(
            url="postgresql+psycopg://kiosk@127.0.0.1:9/none?connect_timeout=1",
            journal_dir=str(tmp_path / "journal"),
        )
    )
    win = StaffWindow(down, interval_ms=100, today=lambda: DAY)
    qtbot.add_widget(win)
    qtbot.wait_until(lambda: "接続できません" in win.status.text(), timeout=10000)
    assert win.table.rowCount() == 0
    win.shutdown()
    down.close()


def test_kiosk_staff_command_starts_and_lists_todays_receptions(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    store = open_store(DatabaseConfig(url=url, journal_dir=str(tmp_path / "journal")))
    store.save(sample_record("now", started_at=datetime.now(JST)))
    store.close()
    env = {**os.environ, "KIOSK_DATABASE__URL": url, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "staff", "--once"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "1 件（要対応 0 件）" in done.stdout
