"""`kiosk staff`: the front desk. Calls from every kiosk of the clinic at the top — highlighted,
with a sound, the kiosk and the reason in plain Japanese (and English) — and today's receptions
below, newest first, with filters (today, needs action, pending).

Staff answer a call here: 対応する (take it: the kiosk shows that staff have seen it), and for a
patient stuck on identity 目視確認を開始 (the kiosk switches into the visual check for that
patient), then 本人と確認 / 本人と確認できない. Every action needs the staff member's name and is
written to the staff audit trail; nothing a patient does at a kiosk can lock the desk.

Nothing here blocks the window: the alert feed waits on its own thread (LISTEN/NOTIFY on
PostgreSQL, a 250 ms poll on SQLite), list reads and desk actions run on one worker thread, and
results come back as queued signals.
"""

from __future__ import annotations

import argparse
import logging
import math
import shutil
import struct
import sys
import tempfile
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QProcess,
    Qt,
    QThread,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QCloseEvent, QColor
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
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

from kiosk.cli import os_error_text
from kiosk.config import Config, ConfigError, load_config
from kiosk.eligibility.client import EligibilityClient, InsuredNumbers
from kiosk.enroll import CredentialError
from kiosk.ports import EligibilityError, ReceptionOutcome, StaffActionKind
from kiosk.records.alerts import ALERT_CHANNEL, ChangeWatcher, InvalidStaffName
from kiosk.records.manual import LookupInputError, lookup_and_record, parse_lookup
from kiosk.records.staff_view import (
    HEADERS,
    AlertLine,
    StaffLine,
    alert_line,
    staff_line,
)
from kiosk.records.store import CLINIC_TZ, InvalidCorrection, RecordStore, open_store
from kiosk.ui import theme

log = logging.getLogger("kiosk.staff")

HIGHLIGHT = QColor("#ffe0b2")
ModelIndex = QModelIndex | QPersistentModelIndex
FEED_REFRESH_S = 2.0  # the alert feed reloads at least this often (to see receptions end)

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


class Filter:
    TODAY = "today"  # every reception of the day
    ACTION = "action"  # those that need staff
    PENDING = "pending"  # recorded while the service was down

    LABELS: ClassVar[dict[str, str]] = {TODAY: "本日すべて", ACTION: "要対応", PENDING: "照会待ち"}

    @staticmethod
    def keep(kind: str, line: StaffLine) -> bool:
        if kind == Filter.ACTION:
            return line.needs_staff
        if kind == Filter.PENDING:
            return line.pending
        return True


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


@dataclass(frozen=True)
class Lookup:
    numbers: InsuredNumbers
    staff: str


@dataclass(frozen=True)
class NameCorrection:
    reception_id: str
    name: str
    staff: str


@dataclass(frozen=True)
class DeskRequest:
    """One desk action: what, on which alert, by whom."""

    kind: StaffActionKind
    alert: AlertLine
    staff: str


class ListLoader(QObject):
    """Lives on the worker thread; one read or write at a time."""

    loaded = Signal(object)  # list[StaffLine]
    failed = Signal(str)
    acted = Signal(str)  # a sentence for the status bar

    def __init__(
        self,
        store: RecordStore,
        today: Callable[[], date],
        client: EligibilityClient | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.today = today
        self.client = client

    @Slot(object)
    def lookup(self, request: Lookup) -> None:
        if self.client is None:
            return
        try:
            record = lookup_and_record(self.client, self.store, request.numbers, request.staff)
        except InvalidStaffName:
            self.acted.emit("担当者名を入力してください（Enter your name）")
            return
        except EligibilityError as exc:
            self.acted.emit(f"資格確認システムに照会できませんでした（{exc.kind.value}）")
            return
        except Exception as exc:
            self.acted.emit(
                f"記録できませんでした（{type(exc).__name__}）。もう一度押してください。"
            )
            return
        log.info("desk lookup recorded as reception %s", record.reception_id)
        found = record.outcome is ReceptionOutcome.COMPLETE
        self.acted.emit(
            "照会結果：資格あり（一覧に記録しました）"
            if found
            else "照会結果：該当資格なし（一覧に記録しました）"
        )
        self.load()

    @Slot()
    def load(self) -> None:
        try:
            rows = self.store.receptions_on(self.today())
        except Exception as exc:  # shown in the status bar; the last good list stays up
            self.failed.emit(type(exc).__name__)
            return
        self.loaded.emit([staff_line(r) for r in rows])

    @Slot(object)
    def correct(self, request: NameCorrection) -> None:
        try:
            self.store.correct_name(request.reception_id, request.name, request.staff)
        except InvalidStaffName:
            self.acted.emit("担当者名を入力してください（Enter your name）")
            return
        except InvalidCorrection:
            self.acted.emit("正しい氏名を入力してください（1〜100文字）")
            return
        except Exception as exc:
            self.acted.emit(
                f"記録できませんでした（{type(exc).__name__}）。もう一度押してください。"
            )
            return
        self.acted.emit("正しい氏名を記録しました")
        self.load()

    @Slot(object)
    def act(self, request: DeskRequest) -> None:
        alerts, a = self.store.alerts, request.alert
        try:
            if request.kind is StaffActionKind.TAKE:
                alerts.take_alert(a.alert_id, request.staff)
            else:
                alerts.record_action(a.kiosk_id, request.kind, request.staff, "desk",
                                     reception_id=a.reception_id, alert_id=a.alert_id)  # fmt: skip
        except InvalidStaffName:
            self.acted.emit("担当者名を入力してください（Enter your name）")
            return
        except Exception as exc:
            self.acted.emit(
                f"記録できませんでした（{type(exc).__name__}）。もう一度押してください。"
            )
            return
        log.info("desk action %s on alert %d", request.kind.value, a.alert_id)
        self.acted.emit(f"{DESK_BUTTONS[request.kind][0]}：{a.kiosk_id}")


class AlertFeed(QObject):
    """Reloads the desk's alerts whenever the watcher says they may have changed; lives on the
    watcher's thread, answers with a queued signal."""

    loaded = Signal(object)  # list[AlertLine]

    def __init__(self, store: RecordStore) -> None:
        super().__init__()
        self.store = store
        self._version: object = object()  # matches nothing: the first look loads
        self._loaded_at = 0.0
        self.watcher = ChangeWatcher(store.engine, ALERT_CHANNEL, self.look)

    def look(self) -> None:  # the watcher's thread
        version = self.store.alerts.alerts_version()
        stale = time.monotonic() - self._loaded_at >= FEED_REFRESH_S
        if version == self._version and not stale:
            return
        self._version, self._loaded_at = version, time.monotonic()
        alerts = self.store.alerts.desk_alerts()
        ended = self.store.names_of([a.reception_id for a in alerts if a.reception_id])
        lines = [
            alert_line(a, running=a.reception_id not in ended, name=ended.get(a.reception_id or ""))
            for a in alerts
        ]
        self.loaded.emit(lines)


DESK_BUTTONS: dict[StaffActionKind, tuple[str, str]] = {
    StaffActionKind.TAKE: ("対応する", "take"),
    StaffActionKind.VISUAL_CHECK: ("目視確認を開始", "visual"),
    StaffActionKind.APPROVE: ("本人と確認", "approve"),
    StaffActionKind.REJECT: ("本人と確認できない", "reject"),
}


class Chime:
    """The sound of a new call: a short two-tone WAV written once to a private temp file and
    played with ALSA's aplay (alsa-utils; PySide6-Essentials has no QtMultimedia). Where aplay
    is missing or fails (no sound card), the system beep, and the log says so once."""

    def __init__(self) -> None:
        self.player = shutil.which("aplay")
        self._dir = tempfile.TemporaryDirectory(prefix="kiosk-staff-")
        self.path = Path(self._dir.name) / "call.wav"
        _write_chime(self.path)
        self._process: QProcess | None = None
        self.last = ""  # "aplay" or "beep": how the last call sounded
        self._warned = False

    def play(self) -> None:
        if self.player is None:
            self._beep("aplay is not installed")
            return
        if self._process is not None and self._process.state() != QProcess.ProcessState.NotRunning:
            return  # still chiming for the previous call
        process = QProcess()
        process.finished.connect(self._finished)
        process.errorOccurred.connect(lambda _error: self._beep("aplay could not start"))
        process.start(self.player, ["-q", str(self.path)])
        self._process = process
        self.last = "aplay"

    def _finished(self, code: int, _status: QProcess.ExitStatus) -> None:
        if code != 0:
            self._beep("aplay could not play (no sound card?)")

    def _beep(self, why: str) -> None:
        if not self._warned:
            log.warning("staff desk: %s; using the system beep for calls", why)
            self._warned = True
        QApplication.beep()
        self.last = "beep"

    def close(self) -> None:
        if self._process is not None:
            self._process.waitForFinished(2000)
        self._dir.cleanup()


def _write_chime(path: Path, rate: int = 22050) -> None:
    frames = bytearray()
    for freq, seconds in ((880.0, 0.18), (660.0, 0.28)):
        n = int(rate * seconds)
        for i in range(n):
            fade = min(1.0, (n - i) / (0.05 * rate))
            frames += struct.pack("<h", int(12000 * fade * math.sin(2 * math.pi * freq * i / rate)))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))


class AlertPanel(QWidget):
    """One framed row per alert: the words, and the buttons that answer it."""

    def __init__(self, on_action: Callable[[StaffActionKind, AlertLine], None]) -> None:
        super().__init__()
        self.on_action = on_action
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.rows: dict[int, QFrame] = {}

    def show_lines(self, lines: list[AlertLine]) -> None:
        for frame in self.rows.values():
            frame.deleteLater()
        self.rows = {}
        for line in lines:
            frame = self._row(line)
            self.rows[line.alert_id] = frame
            self.layout_.addWidget(frame)
        self.setVisible(bool(lines))

    def _row(self, line: AlertLine) -> QFrame:
        frame = QFrame()
        frame.setObjectName("alert_open" if line.open else "alert_taken")
        frame.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(frame)
        text = QLabel(line.text)
        text.setWordWrap(True)
        text.setObjectName(f"alert_text_{line.alert_id}")
        row.addWidget(text, 1)
        kinds = [StaffActionKind.TAKE] if line.open else []
        if line.can_check:
            kinds += [StaffActionKind.VISUAL_CHECK, StaffActionKind.APPROVE, StaffActionKind.REJECT]
        for kind in kinds:
            words, name = DESK_BUTTONS[kind]
            b = QPushButton(words)
            b.setObjectName(f"{name}_{line.alert_id}")
            b.clicked.connect(partial(self.on_action, kind, line))
            row.addWidget(b)
        return frame


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


def _desk_client(config: Config) -> EligibilityClient | None:
    """The desk's own client for the 被保険者番号 lookup: only with this desk's credential
    (`kiosk enroll`, docs/security.md); without one the list works and the lookup is off."""
    try:
        return EligibilityClient(config.service, config.kiosk, config.clinic)
    except CredentialError as exc:
        log.warning("manual lookup off: %s", exc)
        return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk staff", description="the front desk, live")
    parser.add_argument("--config", type=Path, help="configuration file (TOML)")
    parser.add_argument("--interval", type=float, default=2.0, help="refresh every N seconds")
    parser.add_argument(
        "--once", action="store_true", help="load the list once, print its status line and exit"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
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
    try:
        client = _desk_client(config)
    except OSError as exc:  # service.ca_file missing or not a CA bundle
        store.close()
        print(f"kiosk staff: cannot set up the service client: {os_error_text(exc)}",
              file=sys.stderr)  # fmt: skip
        return 1
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = StaffWindow(store, interval_ms=int(args.interval * 1000), client=client)
    closers: list[Callable[[], None]] = [client.close] if client is not None else []
    if config.ui.test_control:
        from kiosk.plugins import attach_control

        closers.append(attach_control(config.ui.test_control, window))
    if args.once:
        got: dict[str, int] = {}

        def report(code: int) -> None:
            got.setdefault("code", code)
            if "alerts" in got or code:
                print(window.status.text())
                app.exit(got["code"])

        def alerts_in(_count: int) -> None:
            got["alerts"] = 1
            if "code" in got:
                report(got["code"])

        window.refreshed.connect(lambda _count: report(0))
        window.load_failed.connect(lambda _reason: report(1))
        window.alerts_shown.connect(alerts_in)
    window.show()
    log.info("staff desk ready")
    try:
        return int(app.exec())
    finally:
        window.shutdown()  # its worker may still be using the client
        for close in closers:
            close()
        store.close()
