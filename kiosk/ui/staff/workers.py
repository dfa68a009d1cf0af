"""What the desk asks of the database and the eligibility service, off the window's thread: the
list loader and desk actions (one worker thread), and the alert feed (the watcher's thread)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, Signal, Slot

from kiosk.eligibility.client import EligibilityClient, InsuredNumbers
from kiosk.ports import EligibilityError, ReceptionOutcome, StaffActionKind
from kiosk.records.alerts import ALERT_CHANNEL, ChangeWatcher, InvalidStaffName
from kiosk.records.manual import lookup_and_record
from kiosk.records.reading import InvalidCorrection
from kiosk.records.staff_view import AlertLine, alert_line, staff_line
from kiosk.records.store import RecordStore
from kiosk.ui.staff.alert_panel import DESK_BUTTONS

log = logging.getLogger("kiosk.staff")  # one logger for the whole desk

FEED_REFRESH_S = 2.0  # the alert feed reloads at least this often (to see receptions end)


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
