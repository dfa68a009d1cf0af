"""`kiosk staff`: today's receptions, live, newest first, for the front-desk staff.

Database reads run on one worker thread (results come back as queued signals), so a slow or
unreachable database never freezes the window; the list refreshes on a timer. Receptions that
need staff (ineligible, pending, visual check) are highlighted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QThread,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QCloseEvent, QColor
from PySide6.QtWidgets import QApplication, QHeaderView, QLabel, QMainWindow, QTableView

from kiosk.cli import os_error_text
from kiosk.config import ConfigError, load_config
from kiosk.records.staff_view import HEADERS, StaffLine, staff_line
from kiosk.records.store import CLINIC_TZ, RecordStore, open_store

HIGHLIGHT = QColor("#ffe0b2")
ModelIndex = QModelIndex | QPersistentModelIndex


def clinic_today() -> date:
    return datetime.now(CLINIC_TZ).date()


class ReceptionTable(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lines: list[StaffLine] = []

    def set_lines(self, lines: list[StaffLine]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return line.cells[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and line.needs_staff:
            return QBrush(HIGHLIGHT)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None


class ListLoader(QObject):
    """Lives on the worker thread; one read at a time."""

    loaded = Signal(object)  # list[StaffLine]
    failed = Signal(str)

    def __init__(self, store: RecordStore, today: Callable[[], date]) -> None:
        super().__init__()
        self.store = store
        self.today = today

    @Slot()
    def load(self) -> None:
        try:
            rows = self.store.receptions_on(self.today())
        except Exception as exc:  # shown in the status bar; the last good list stays up
            self.failed.emit(type(exc).__name__)
            return
        self.loaded.emit([staff_line(r) for r in rows])


class StaffWindow(QMainWindow):
    load_requested = Signal()
    refreshed = Signal(int)  # number of receptions now listed
    load_failed = Signal(str)  # why the database could not be read

    def __init__(
        self,
        store: RecordStore,
        *,
        interval_ms: int = 2000,
        today: Callable[[], date] = clinic_today,
    ) -> None:
        super().__init__()
        self.setWindowTitle("受付一覧（本日）")
        self.table = ReceptionTable(self)
        view = QTableView(self)
        view.setModel(self.table)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.verticalHeader().hide()
        self.setCentralWidget(view)
        self.status = QLabel("読み込み中…")
        self.statusBar().addWidget(self.status)
        self.resize(1100, 600)

        self._busy = False
        self._thread = QThread(self)
        self._loader = ListLoader(store, today)
        self._loader.moveToThread(self._thread)
        self.load_requested.connect(self._loader.load)
        self._loader.loaded.connect(self._show)
        self._loader.failed.connect(self._show_failure)
        self._thread.finished.connect(self._loader.deleteLater)
        self._thread.start()

        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        if self._busy:  # a slow database: do not queue reads behind each other
            return
        self._busy = True
        self.load_requested.emit()

    @Slot(object)
    def _show(self, lines: list[StaffLine]) -> None:
        self._busy = False
        self.table.set_lines(lines)
        waiting = sum(line.needs_staff for line in lines)
        self.status.setText(f"{len(lines)} 件（要対応 {waiting} 件）")
        self.refreshed.emit(len(lines))

    @Slot(str)
    def _show_failure(self, reason: str) -> None:
        self._busy = False
        self.status.setText(f"データベースに接続できません（{reason}）。再試行します。")
        self.load_failed.emit(reason)

    def shutdown(self) -> None:
        self._timer.stop()
        self._thread.quit()
        self._thread.wait()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk staff", description="today's receptions, live")
    parser.add_argument("--config", type=Path, help="configuration file (TOML)")
    parser.add_argument("--interval", type=float, default=2.0, help="refresh every N seconds")
    parser.add_argument(
        "--once", action="store_true", help="load the list once, print its status line and exit"
    )
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"kiosk staff: {exc}", file=sys.stderr)
        return 2
    try:
        store = open_store(config.database)
    except OSError as exc:  # the SQLite file or the journal folder cannot be made
        print(f"kiosk staff: cannot open the database: {os_error_text(exc)}", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = StaffWindow(store, interval_ms=int(args.interval * 1000))
    if args.once:

        def report(code: int) -> None:
            print(window.status.text())
            app.exit(code)

        window.refreshed.connect(lambda _count: report(0))
        window.load_failed.connect(lambda _reason: report(1))
    window.show()
    try:
        return int(app.exec())
    finally:
        window.shutdown()
        store.close()
