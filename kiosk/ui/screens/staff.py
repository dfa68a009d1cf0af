"""The staff's PIN: the keypad that keeps it in a wiped buffer, the login screen the patient
waits on, and the staff-only screen behind the corner gesture."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.flow.model import State
from kiosk.ui import texts as T
from kiosk.ui.screens.base import Host, Screen
from kiosk.ui.screens.specs import STAFF
from kiosk.ui.texts import tr
from kiosk.ui.widgets import Keypad, Picture, button, label


class StaffPinPad(QWidget):
    """A staff PIN entry: kept in a local buffer, wiped once checked."""

    def __init__(self, on_pin: Callable[[str], None]) -> None:
        super().__init__()
        self._buf = bytearray()
        self._on_pin = on_pin
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.dots = label("mask", wrap=False)
        lay.addWidget(self.dots)
        self.keypad = Keypad(self._digit, self._delete, self.wipe)
        lay.addWidget(self.keypad)
        self.ok = button("staff_ok", "primary", self._submit)
        lay.addWidget(self.ok)
        self.wipe()

    def _digit(self, d: str) -> None:
        if len(self._buf) < 12:
            self._buf.extend(d.encode("ascii"))
        self._show()

    def _delete(self) -> None:
        if self._buf:
            del self._buf[-1]
        self._show()

    def wipe(self) -> None:
        for i in range(len(self._buf)):
            self._buf[i] = 0
        del self._buf[:]
        self._show()

    def _show(self) -> None:
        self.dots.setText("● " * len(self._buf) or "—")
        self.ok.setEnabled(len(self._buf) >= 4)

    def _submit(self) -> None:
        pin = self._buf.decode("ascii")
        self.wipe()
        self._on_pin(pin)

    def retranslate(self) -> None:
        self.keypad.clear.setText(tr(T.CLEAR))
        self.keypad.delete.setText(tr(T.DELETE))
        self.ok.setText(tr(T.OK))


class StaffLoginScreen(Screen):
    """係員を呼びました: the patient waits; the staff member authenticates here."""

    def __init__(self, state: State, host: Host, title: str = T.STAFF_CALLED_TITLE) -> None:
        super().__init__(state, host)
        self._title = title
        root = QHBoxLayout(self.content)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(32)
        left = QVBoxLayout()
        self.title = label("title")
        self.body = label()
        self.alert = label("alert")
        for w in (self.title, self.body, self.alert):
            left.addWidget(w)
        left.addStretch(1)
        self.picture = Picture(STAFF)
        left.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignLeft)
        root.addLayout(left, 3)
        self.pad = StaffPinPad(host.check_staff)
        root.addWidget(self.pad, 2)
        self._problem = ""
        self._locked_s = 0.0

    def staff_answer(self, accepted: bool, locked_s: float) -> None:
        if accepted:
            self._problem = ""
        elif locked_s > 0:
            self._problem, self._locked_s = T.STAFF_LOCKED, locked_s
        else:
            self._problem = T.STAFF_PIN_WRONG
        self.show_texts()

    def show_texts(self) -> None:
        self.title.setText(tr(self._title))
        self.body.setText(tr(T.STAFF_CALLED_BODY))
        n = max(1, round(self._locked_s / 60))
        self.alert.setText(tr(self._problem).format(n=n) if self._problem else "")
        self.alert.setVisible(bool(self._problem))
        self.pad.retranslate()

    def hidden(self) -> None:
        self.pad.wipe()
        self._problem = ""


class StaffExitScreen(StaffLoginScreen):
    """The staff-only screen behind the corner gesture; not a flow state (shown over any screen).
    Over a reception waiting for staff its PIN switches on the visual check; with no reception
    in progress it closes the kiosk; otherwise it says why it will not."""

    def __init__(self, host: Host, on_back: Callable[[], None]) -> None:
        self.for_visual_check = False
        self.busy = False  # a reception is in progress: the PIN does not close the kiosk
        super().__init__(State.IDLE, host, T.STAFF_EXIT_TITLE)
        self.setObjectName("screen_staff_exit")
        self.steps.hide()
        self.picture.hide()
        self.leave = button("cancel", "secondary", on_back)
        self.nav.layout().addWidget(self.leave)  # type: ignore[union-attr]

    def spoken(self) -> str:
        return ""  # staff only

    def show_texts(self) -> None:
        super().show_texts()
        visual = self.for_visual_check
        self.title.setText(tr(T.STAFF_COMPARE_TITLE if visual else T.STAFF_EXIT_TITLE))
        body = T.STAFF_EXIT_BUSY if self.busy else T.STAFF_EXIT
        self.body.setText(tr(T.STAFF_VISUAL_LOGIN if visual else body))
        self.leave.setText(tr(T.BACK))
