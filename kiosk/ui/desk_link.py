"""The kiosk's line to the desk: staff actions written by `kiosk desk` (took the call, sent
someone for a visual check) reach the controller as queued signals. A
:class:`kiosk.records.alerts.ChangeWatcher` wakes on PostgreSQL NOTIFY or polls on SQLite; the
cheap query and everything else run on its thread, never on the GUI thread."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from kiosk.records.alerts import ACTION_CHANNEL, ChangeWatcher, StaffAction
from kiosk.records.store import RecordStore

log = logging.getLogger("kiosk.ui")


class DeskLink(QObject):
    action = Signal(object)  # StaffAction, on the GUI thread

    def __init__(self, store: RecordStore, kiosk_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.kiosk_id = kiosk_id
        self._last: int | None = None
        self._watcher = ChangeWatcher(store.engine, ACTION_CHANNEL, self._look)

    def start(self) -> None:
        self._watcher.start()

    def stop(self) -> None:
        self._watcher.stop()

    def _look(self) -> None:  # the watcher's thread
        if self._last is None:  # what happened before this kiosk started is history
            self._last = self.store.alerts.last_action_id(self.kiosk_id)
            return
        for found in self.store.alerts.actions_for(self.kiosk_id, self._last):
            self._last = found.id
            if found.route == "desk":
                self.action.emit(found)


__all__ = ["DeskLink", "StaffAction"]
