"""The staff list, offscreen, against a real store on both databases."""

from __future__ import annotations

import os
import subprocess
import sys
import wave
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QProcess, Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from kiosk.config import DatabaseConfig
from kiosk.ports import AlertReason, ReceptionOutcome, StaffActionKind
from kiosk.records.alerts import InvalidStaffName
from kiosk.records.reading import InvalidCorrection
from kiosk.records.store import RecordStore, open_store
from kiosk.sim.records import JST, sample_record
from kiosk.ui.staff.chime import Chime
from kiosk.ui.staff.table import HIGHLIGHT
from kiosk.ui.staff.window import StaffWindow

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
    assert _cell(window, 0, 1) == "kiosk-01"
    assert _cell(window, 0, 3) == "照会待ち（システム停止中に受付）"
    assert _cell(window, 1, 2) == "山田 花子"
    assert _cell(window, 1, 3).startswith("有効 06139993 ")
    assert _cell(window, 1, 5) == "薬剤○ 健診×"
    assert _cell(window, 1, 6) == "区分ウ"
    # The pending reception needs staff and stands out; the complete one does not.
    assert _cell(window, 0, 0, Qt.ItemDataRole.BackgroundRole).color() == HIGHLIGHT
    assert _cell(window, 1, 0, Qt.ItemDataRole.BackgroundRole) is None
    assert "要対応 1 件" in window.status.text()

    store.save(sample_record("c", started_at=NINE + timedelta(minutes=10), name="佐藤 次郎"))
    qtbot.wait_until(lambda: window.table.rowCount() == 3, timeout=10000)
    assert _cell(window, 0, 2) == "佐藤 次郎"


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


class CountingChime(Chime):
    def __init__(self) -> None:
        super().__init__()
        self.played = 0

    def play(self) -> None:
        self.played += 1


@pytest.fixture
def desk(store: RecordStore, qtbot: QtBot) -> Iterator[StaffWindow]:
    win = StaffWindow(store, interval_ms=200, chime=CountingChime())
    qtbot.add_widget(win)
    win.show()
    qtbot.wait_until(lambda: win._seen_alerts is not None, timeout=10000)  # first load: silent
    yield win
    win.shutdown()


def _button(win: StaffWindow, name: str) -> QPushButton:
    found = win.findChild(QPushButton, name)
    assert isinstance(found, QPushButton), name
    return found


def test_a_call_reaches_every_desk_with_a_sound_and_clears_when_taken(
    store: RecordStore, desk: StaffWindow, qtbot: QtBot
) -> None:
    other = StaffWindow(store, interval_ms=200, chime=CountingChime())
    qtbot.add_widget(other)
    try:
        qtbot.wait_until(lambda: other._seen_alerts is not None, timeout=10000)
        with (
            qtbot.wait_signal(desk.chimed, timeout=10000) as heard,
            qtbot.wait_signal(other.chimed, timeout=10000),
        ):
            alert = store.raise_alert("kiosk-01", AlertReason.CALL, reception_id="r1")
        assert heard.args == [alert]
        assert isinstance(desk.chime, CountingChime) and desk.chime.played == 1
        text = desk.findChild(QLabel, f"alert_text_{alert}")
        assert isinstance(text, QLabel)
        assert "kiosk-01" in text.text() and "患者さんが係員を呼んでいます" in text.text()
        assert "呼び出し 1 件" in desk.status.text()
        # Staff name first: without it nothing is recorded.
        qtbot.mouseClick(_button(desk, f"take_{alert}"), Qt.MouseButton.LeftButton)
        qtbot.wait_until(lambda: "担当者名" in desk.statusBar().currentMessage(), timeout=10000)
        assert [a.id for a in store.alerts.open_alerts()] == [alert]
        desk.staff_name.setText("佐藤")
        qtbot.mouseClick(_button(desk, f"take_{alert}"), Qt.MouseButton.LeftButton)
        # Every desk sees it taken: no longer highlighted, the taker named.
        for win in (desk, other):
            qtbot.wait_until(
                lambda w=win: not any(line.open for line in w._alert_lines), timeout=10000
            )
        assert "対応：佐藤" in other.alerts.rows[alert].findChild(QLabel).text()
        assert store.alerts.open_alerts() == []
        [took] = store.alerts.staff_actions("r1")
        assert (took.action, took.staff_name, took.route) == (StaffActionKind.TAKE, "佐藤", "desk")
    finally:
        other.shutdown()


def test_the_desk_sends_staff_for_the_visual_check_and_cannot_decide_it(
    store: RecordStore, desk: StaffWindow, qtbot: QtBot
) -> None:
    alert = store.raise_alert("kiosk-02", AlertReason.PIN_LOCKED, reception_id="r7")
    qtbot.wait_until(lambda: alert in desk.alerts.rows, timeout=10000)
    desk.staff_name.setText("鈴木")
    start = store.alerts.last_action_id("kiosk-02")
    for name in ("take", "visual"):
        qtbot.wait_until(lambda n=name: desk.findChild(QPushButton, f"{n}_{alert}") is not None)
        qtbot.mouseClick(_button(desk, f"{name}_{alert}"), Qt.MouseButton.LeftButton)
        qtbot.wait_until(lambda: "kiosk-02" in desk.statusBar().currentMessage(), timeout=10000)
    qtbot.wait_until(lambda: len(store.alerts.actions_for("kiosk-02", start)) == 2, timeout=10000)
    assert [
        (a.action, a.reception_id, a.staff_name)
        for a in store.alerts.actions_for("kiosk-02", start)
    ] == [
        (StaffActionKind.TAKE, "r7", "鈴木"),
        (StaffActionKind.VISUAL_CHECK, "r7", "鈴木"),
    ]
    for name in ("approve", "reject"):  # decided at the kiosk, by the person looking
        assert desk.findChild(QPushButton, f"{name}_{alert}") is None
    # Once the reception has its record, it is over: no visual check buttons any more.
    store.save(sample_record("r7", started_at=datetime.now(JST)))
    qtbot.wait_until(lambda: desk.findChild(QPushButton, f"visual_{alert}") is None, timeout=10000)


def test_the_desk_fields_are_stored_and_a_correct_name_is_recorded_and_audited(
    store: RecordStore,
) -> None:
    store.save(replace(sample_record("p", name="髙●　一郎"), end_code="card_removed", partial=True))
    row = store.reception("p")
    assert row is not None and row.end_code == "card_removed" and row.partial and row.name_check
    with pytest.raises(InvalidStaffName):
        store.correct_name("p", "髙橋　一郎", " ")
    with pytest.raises(InvalidCorrection):
        store.correct_name("p", "   ", "佐藤")
    store.correct_name("p", "髙橋　一郎", "佐藤")
    row = store.reception("p")
    assert row is not None and (row.corrected_name, row.corrected_by) == ("髙橋　一郎", "佐藤")
    assert row.summary.name == "髙●　一郎"  # the received name is kept as it came
    [action] = store.alerts.staff_actions("p")
    assert (action.action, action.staff_name) == (StaffActionKind.CORRECT_NAME, "佐藤")
    # A replay of the same reception (the journal) keeps what the desk recorded.
    store.save(replace(sample_record("p", name="髙●　一郎"), end_code="card_removed", partial=True))
    again = store.reception("p")
    assert again is not None and again.corrected_name == "髙橋　一郎"


def test_the_filters_and_the_name_field_at_the_desk(store: RecordStore, qtbot: QtBot) -> None:
    now = datetime.now(JST)
    store.save(sample_record("plain", started_at=now - timedelta(minutes=3)))
    store.save(
        sample_record(
            "wait", started_at=now - timedelta(minutes=2), outcome=ReceptionOutcome.PENDING
        )
    )
    store.save(sample_record("odd", started_at=now - timedelta(minutes=1), name="●田　花子"))
    win = StaffWindow(store, interval_ms=200, chime=CountingChime())
    qtbot.add_widget(win)
    try:
        qtbot.wait_until(lambda: win.table.rowCount() == 3, timeout=10000)
        shown = lambda: [line.reception_id for line in win.table.lines]  # noqa: E731
        qtbot.mouseClick(_button(win, "filter_action"), Qt.MouseButton.LeftButton)
        assert shown() == ["odd", "wait"]
        qtbot.mouseClick(_button(win, "filter_pending"), Qt.MouseButton.LeftButton)
        assert shown() == ["wait"]
        qtbot.mouseClick(_button(win, "filter_today"), Qt.MouseButton.LeftButton)
        assert shown() == ["odd", "wait", "plain"]
        assert not win.correct_name.isVisibleTo(win)
        win.view.selectRow(0)
        assert win.correct_name.isVisibleTo(win)
        win.staff_name.setText("佐藤")
        win.correct_name.setText("山田　花子")
        qtbot.mouseClick(win.correct_save, Qt.MouseButton.LeftButton)
        qtbot.wait_until(lambda: "山田　花子（訂正：佐藤" in str(_cell(win, 0, 2)), timeout=10000)
        assert win.correct_name.isVisibleTo(win)  # the refresh kept the row staff work on
    finally:
        win.shutdown()


def test_the_chime_is_a_real_wav_and_falls_back_to_the_beep_where_aplay_fails(
    qtbot: QtBot,
) -> None:
    chime = Chime()
    try:
        with wave.open(str(chime.path), "rb") as w:
            assert w.getnchannels() == 1 and 0.3 < w.getnframes() / w.getframerate() < 1.0
        chime.player = "/bin/true"  # a player that plays
        chime.play()
        qtbot.wait_until(
            lambda: (
                chime._process is not None
                and chime._process.state() is QProcess.ProcessState.NotRunning
            )
        )
        assert chime.last == "aplay"
        chime.player = "/bin/false"  # aplay without a sound card exits 1
        chime.play()
        qtbot.wait_until(lambda: chime.last == "beep", timeout=5000)
    finally:
        chime.close()


def test_kiosk_staff_once_counts_the_open_calls(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    store = open_store(DatabaseConfig(url=url, journal_dir=str(tmp_path / "journal")))
    store.raise_alert("kiosk-01", AlertReason.CALL, reception_id="r1")
    store.close()
    env = {**os.environ, "KIOSK_DATABASE__URL": url, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "staff", "--once"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "0 件（要対応 0 件）　呼び出し 1 件" in done.stdout
