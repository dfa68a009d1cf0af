"""The calls at the top of the desk: one framed row per alert, with the buttons that answer it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.ports import StaffActionKind
from kiosk.records.staff_view import AlertLine

# The desk takes a call and sends someone for a visual check; who the patient is, is decided
# at the kiosk by the staff member looking at them (so no approve or reject here).
DESK_BUTTONS: dict[StaffActionKind, tuple[str, str]] = {
    StaffActionKind.TAKE: ("対応する", "take"),
    StaffActionKind.VISUAL_CHECK: ("受付機で目視確認（係員が向かう）", "visual"),
}


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
            kinds.append(StaffActionKind.VISUAL_CHECK)
        for kind in kinds:
            words, name = DESK_BUTTONS[kind]
            b = QPushButton(words)
            b.setObjectName(f"{name}_{line.alert_id}")
            b.clicked.connect(partial(self.on_action, kind, line))
            row.addWidget(b)
        return frame
