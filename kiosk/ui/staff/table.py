"""The desk's list of today's receptions: its filters and its table model."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from kiosk.records.staff_view import HEADERS, StaffLine

HIGHLIGHT = QColor("#ffe0b2")
ModelIndex = QModelIndex | QPersistentModelIndex


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
