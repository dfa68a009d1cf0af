"""The desk's window: the staff member's name, the calls, today's receptions, the correct-name
row and the manual 被保険者番号 lookup."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from functools import partial

from PySide6.QtCore import QModelIndex, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.eligibility.client import EligibilityClient
from kiosk.ports import StaffActionKind
from kiosk.records.manual import LookupInputError, parse_lookup
from kiosk.records.rows import CLINIC_TZ
from kiosk.records.staff_view import AlertLine, StaffLine
from kiosk.records.store import RecordStore
from kiosk.ui import theme
from kiosk.ui.staff.alert_panel import AlertPanel
from kiosk.ui.staff.chime import Chime
from kiosk.ui.staff.table import Filter, ReceptionTable
from kiosk.ui.staff.workers import AlertFeed, DeskRequest, ListLoader, Lookup, NameCorrection

log = logging.getLogger("kiosk.staff")  # one logger for the whole desk

STYLE = f"""
QWidget {{ font-family: "{theme.FONT_FAMILY}"; font-size: 20px; color: {theme.INK}; }}
QTableView {{ font-size: 22px; }}
QHeaderView::section {{ font-size: 20px; font-weight: bold; padding: 6px; }}
QFrame#alert_open {{ background: {theme.ALERT_BG}; border: 3px solid {theme.ALERT}; }}
QFrame#alert_open QLabel {{ color: {theme.ALERT}; font-size: 26px; font-weight: bold;
    background: {theme.ALERT_BG}; }}
QFrame#alert_taken {{ background: {theme.SECONDARY_BG}; border: 1px solid {theme.MUTED}; }}
QFrame#alert_taken QLabel {{ font-size: 22px; background: {theme.SECONDARY_BG}; }}
QPushButton {{ font-size: 22px; padding: 8px 16px; min-height: 44px; }}
QPushButton:checked {{ background: {theme.PRIMARY}; color: {theme.PRIMARY_TEXT}; }}
"""


def clinic_today() -> date:
    return datetime.now(CLINIC_TZ).date()


class StaffWindow(QMainWindow):
    load_requested = Signal()
    act_requested = Signal(object)  # DeskRequest
    correct_requested = Signal(object)  # NameCorrection
    lookup_requested = Signal(object)  # Lookup
    refreshed = Signal(int)  # number of receptions now listed
    load_failed = Signal(str)  # why the database could not be read
    alerts_shown = Signal(int)  # number of open alerts now shown
    chimed = Signal(int)  # the id of a newly arrived alert the desk sounded for

    def __init__(
        self,
        store: RecordStore,
        *,
        interval_ms: int = 2000,
        today: Callable[[], date] = clinic_today,
        chime: Chime | None = None,
        client: EligibilityClient | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle("受付一覧（本日）")
        self.setStyleSheet(STYLE)
        self.chime = chime or Chime()
        self._seen_alerts: set[int] | None = None  # None until the first load: no sound then
        self._filter = Filter.TODAY
        self._lines: list[StaffLine] = []
        self._alert_lines: list[AlertLine] = []
        self._checkable: dict[int, bool] = {}  # alert id -> visual check buttons shown

        central = QWidget()
        root = QVBoxLayout(central)
        root.addLayout(self._top_bar())
        self.alerts = AlertPanel(self._desk_action)
        self.alerts.hide()
        root.addWidget(self.alerts)
        self.table = ReceptionTable(self)
        view = QTableView(self)
        view.setModel(self.table)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setWordWrap(True)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.verticalHeader().hide()
        root.addWidget(view, 1)
        self.view = view
        view.selectionModel().currentRowChanged.connect(self._row_chosen)
        root.addLayout(self._correction_row())
        root.addLayout(self._lookup_row(client is not None))
        self.setCentralWidget(central)
        # The window's size is the screen's: no minimum pushed to the platform window.
        frame = self.layout()
        if frame is not None:
            frame.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.status = QLabel("読み込み中…")
        self.statusBar().addWidget(self.status)
        self.resize(1400, 800)

        self._busy = False
        self._thread = QThread(self)
        self._loader = ListLoader(store, today, client)
        self._loader.moveToThread(self._thread)
        self.load_requested.connect(self._loader.load)
        self.act_requested.connect(self._loader.act)
        self.correct_requested.connect(self._loader.correct)
        self.lookup_requested.connect(self._loader.lookup)
        self._loader.loaded.connect(self._show)
        self._loader.failed.connect(self._show_failure)
        self._loader.acted.connect(self._acted)
        self._thread.finished.connect(self._loader.deleteLater)
        self._thread.start()

        self._feed = AlertFeed(store)
        self._feed.loaded.connect(self._show_alerts)
        self._feed.watcher.start()

        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def _top_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("担当者"))
        self.staff_name = QLineEdit()
        self.staff_name.setObjectName("staff_name")
        self.staff_name.setPlaceholderText("名前（必須・記録されます）")
        bar.addWidget(self.staff_name, 1)
        self.filters = QButtonGroup(self)
        for kind, words in Filter.LABELS.items():
            b = QPushButton(words)
            b.setObjectName(f"filter_{kind}")
            b.setCheckable(True)
            b.setChecked(kind == Filter.TODAY)
            b.clicked.connect(partial(self.set_filter, kind))
            self.filters.addButton(b)
            bar.addWidget(b)
        return bar

    def _correction_row(self) -> QHBoxLayout:
        """For a name with ● or replaced characters: record the correct one (the received name
        is kept as it came)."""
        row = QHBoxLayout()
        self.correct_label = QLabel("正しい氏名")
        self.correct_name = QLineEdit()
        self.correct_name.setObjectName("correct_name")
        self.correct_save = QPushButton("正しい氏名を記録")
        self.correct_save.setObjectName("save_name")
        self.correct_save.clicked.connect(self._save_name)
        for w in (self.correct_label, self.correct_name, self.correct_save):
            row.addWidget(w)
            w.hide()
        self._chosen: StaffLine | None = None
        return row

    def _lookup_row(self, available: bool) -> QHBoxLayout:
        """手入力照会: 保険者番号, 記号・番号・枝番 and the birth date from a 資格確認書, an expired
        card or a 資格情報のお知らせ."""
        row = QHBoxLayout()
        self.lookup_open = QPushButton("手入力で資格確認")
        self.lookup_open.setObjectName("manual_open")
        self.lookup_open.setCheckable(True)
        self.lookup_open.setVisible(available)
        row.addWidget(self.lookup_open)
        self.lookup_fields: dict[str, QLineEdit] = {}
        self._lookup_widgets: list[QWidget] = []
        for key, words in (("insurer", "保険者番号"), ("symbol", "記号"), ("number", "番号"),
                           ("branch", "枝番"), ("birth", "生年月日 1980-04-01")):  # fmt: skip
            edit = QLineEdit()
            edit.setObjectName(f"lookup_{key}")
            edit.setPlaceholderText(words)
            self.lookup_fields[key] = edit
            self._lookup_widgets.append(edit)
        go = QPushButton("照会する")
        go.setObjectName("lookup_go")
        go.clicked.connect(self._lookup)
        self._lookup_widgets.append(go)
        for w in self._lookup_widgets:
            row.addWidget(w)
            w.hide()
        self.lookup_open.toggled.connect(self._show_lookup)
        return row

    def _show_lookup(self, on: bool) -> None:
        for w in self._lookup_widgets:
            w.setVisible(on)

    def _lookup(self) -> None:
        f = self.lookup_fields
        try:
            numbers = parse_lookup(f["insurer"].text(), f["symbol"].text(), f["number"].text(),
                                   f["branch"].text(), f["birth"].text())  # fmt: skip
        except LookupInputError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return
        self.lookup_requested.emit(Lookup(numbers, self.staff_name.text()))

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        lines = self.table.lines
        self._chosen = lines[current.row()] if 0 <= current.row() < len(lines) else None
        show = self._chosen is not None and self._chosen.name_check
        for w in (self.correct_label, self.correct_name, self.correct_save):
            w.setVisible(show)

    def _save_name(self) -> None:
        if self._chosen is None:
            return
        self.correct_requested.emit(
            NameCorrection(
                self._chosen.reception_id, self.correct_name.text(), self.staff_name.text()
            )
        )

    # --- the list ------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        if self._busy:  # a slow database: do not queue reads behind each other
            return
        self._busy = True
        self.load_requested.emit()

    def set_filter(self, kind: str) -> None:
        self._filter = kind
        self._apply()

    @Slot(object)
    def _show(self, lines: list[StaffLine]) -> None:
        self._busy = False
        self._lines = lines
        self._apply()
        self.refreshed.emit(len(lines))

    def _apply(self) -> None:
        lines = self._lines
        chosen = self._chosen.reception_id if self._chosen is not None else None
        shown = [line for line in lines if Filter.keep(self._filter, line)]
        self.table.set_lines(shown)
        # A refresh must not lose the row staff are working on.
        for i, line in enumerate(shown):
            if line.reception_id == chosen:
                self.view.selectRow(i)
        waiting = sum(line.needs_staff for line in lines)
        calls = sum(1 for line in self._alert_lines if line.open)
        text = f"{len(lines)} 件（要対応 {waiting} 件）"
        if calls:
            text += f"　呼び出し {calls} 件"
        self.status.setText(text)

    @Slot(str)
    def _show_failure(self, reason: str) -> None:
        self._busy = False
        self.status.setText(f"データベースに接続できません（{reason}）。再試行します。")
        self.load_failed.emit(reason)

    # --- alerts --------------------------------------------------------------------------

    @Slot(object)
    def _show_alerts(self, lines: list[AlertLine]) -> None:
        self._alert_lines = lines
        self.alerts.show_lines(lines)
        open_ids = {line.alert_id for line in lines if line.open}
        new = open_ids - (self._seen_alerts or set())
        for line in lines:
            if line.alert_id in new:
                log.info("staff desk: alert %d shown (%s)", line.alert_id, line.kiosk_id)
            if self._checkable.get(line.alert_id) != line.can_check:
                self._checkable[line.alert_id] = line.can_check
                log.info("staff desk: alert %d visual check %s", line.alert_id,
                         "on offer" if line.can_check else "off")  # fmt: skip
        if self._seen_alerts is not None and new:
            self.chime.play()
            for alert_id in sorted(new):
                self.chimed.emit(alert_id)
        self._seen_alerts = (self._seen_alerts or set()) | open_ids
        self._apply()
        self.alerts_shown.emit(len(open_ids))

    def _desk_action(self, kind: StaffActionKind, line: AlertLine) -> None:
        self.act_requested.emit(DeskRequest(kind, line, self.staff_name.text()))

    @Slot(str)
    def _acted(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def shutdown(self) -> None:
        self._timer.stop()
        self._feed.watcher.stop()
        self._thread.quit()
        self._thread.wait()
        self.chime.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
