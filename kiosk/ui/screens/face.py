"""The face check: the live camera with its guide frame, the coaching hint, the time left."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.flow import events as ev
from kiosk.flow.model import State
from kiosk.ports import VerificationMethod
from kiosk.ui import texts as T
from kiosk.ui.screens.base import Host, Screen
from kiosk.ui.texts import tr
from kiosk.ui.widgets import Preview, button, label

PIN = VerificationMethod.PIN


class FaceScreen(Screen):
    """Live preview with the guide frame, the coaching hint, and the time left."""

    def __init__(self, state: State, host: Host) -> None:
        super().__init__(state, host)
        root = QHBoxLayout(self.content)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(28)
        self.preview = Preview()
        root.addWidget(self.preview, 1)
        side = QVBoxLayout()
        side.setSpacing(6)
        self.title = label("title")
        self.body = label()
        self.hint_label = label("hint")
        self.time_left = label("note")
        for w in (self.title, self.body, self.hint_label, self.time_left):
            side.addWidget(w)
        side.addStretch(1)
        self.pin = button("pin", "secondary", lambda: host.post(ev.MethodChosen(PIN)))
        side.addWidget(self.pin)
        root.addLayout(side, 1)
        self._hint = ""

    def set_hint(self, hint: str) -> None:
        self._hint = hint
        text = T.HINTS.get(hint, "")
        self.hint_label.setText(tr(text) if text else "")

    def set_face(self, box: tuple[float, float, float, float] | None) -> None:
        """Where the face is in the frame (kiosk.ui.widgets.Preview.set_face): the guide
        follows it."""
        self.preview.set_face(box)

    def show_texts(self) -> None:
        self.title.setText(tr(T.FACE_TITLE))
        self.body.setText(tr(T.FACE_BODY))
        self.pin.setText(tr(T.SWITCH_TO_PIN))
        self.set_hint(self._hint)
        self.refresh()

    def refresh(self) -> None:
        self.time_left.setText(tr(T.TIME_LEFT).format(n=self.host.seconds_left(self.model)))

    def hidden(self) -> None:
        self._hint = ""
        self.preview.clear()
