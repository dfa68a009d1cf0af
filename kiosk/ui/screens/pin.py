"""The patient's PIN keypad (the card's, and the smartphone certificate's on Android): the
digits go straight into the reception's Session and the screen posts only PinSubmitted."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.flow import events as ev
from kiosk.flow.codes import Code
from kiosk.flow.model import State
from kiosk.ui import texts as T
from kiosk.ui.screens.base import Host, Screen
from kiosk.ui.texts import sentences, tr
from kiosk.ui.widgets import Keypad, button, label


class PinScreen(Screen):
    """The patient's PIN: digits go straight into the Session; the screen shows only dots."""

    def __init__(self, state: State, host: Host) -> None:
        super().__init__(state, host)
        root = QHBoxLayout(self.content)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(32)
        left = QVBoxLayout()
        left.setSpacing(14)
        self.title = label("title")
        self.body = label("note")
        self.dots = label("mask", wrap=False)
        self.tries = label()
        self.alert = label("alert")
        for w in (self.title, self.body, self.dots, self.tries, self.alert):
            left.addWidget(w)
        left.addStretch(1)
        root.addLayout(left, 3)
        right = QVBoxLayout()
        self.keypad = Keypad(self._digit, self._delete, self._clear)
        right.addWidget(self.keypad)
        self.ok = button("ok", "primary", self._submit)
        right.addWidget(self.ok)
        root.addLayout(right, 2)

    def _digit(self, d: str) -> None:
        self.host.session().add_pin_digit(d)
        self._show_length()

    def _delete(self) -> None:
        self.host.session().delete_pin_digit()
        self._show_length()

    def _clear(self) -> None:
        self.host.session().clear_pin()
        self._show_length()

    def _submit(self) -> None:
        if self.host.session().pin_length == 4:
            self.host.post(ev.PinSubmitted())

    # The USB keypad's hooks (kiosk.ui.keys): the same as the touch keys.
    def key_digit(self, d: str) -> None:
        self._digit(d)

    def key_delete(self) -> None:
        self._delete()

    def key_clear(self) -> None:
        self._clear()

    def key_submit(self) -> None:
        self._submit()

    def _show_length(self) -> None:
        n = self.host.session().pin_length
        self.dots.setText("● " * n + "○ " * (4 - n))
        self.ok.setEnabled(n == 4)

    def alerts(self) -> list[str]:
        ctx = self.model.ctx
        alerts = []
        if ctx.error == Code.WRONG_PIN:
            alerts.append(tr(T.WRONG_PIN))
        if ctx.error == Code.PIN_FORMAT:  # not sent to the card: no try used
            alerts.append(tr(T.PIN_FORMAT))
        if ctx.pin_tries_left == 1:
            alerts.append(tr(T.LAST_TRY))
        return alerts

    def spoken(self) -> str:
        # An error is said first: a patient looking at the keypad must hear that the PIN was wrong.
        return sentences([*self.alerts(), self.title.plain()])

    def show_texts(self) -> None:
        ctx = self.model.ctx
        self.title.setText(tr(T.PIN_TITLE))
        self.body.setText(tr(T.PIN_BODY))
        left = ctx.pin_tries_left
        self.tries.setText(tr(T.TRIES_LEFT).format(n=left) if left is not None else "")
        alerts = self.alerts()
        self.alert.setText(sentences(alerts))
        self.alert.setVisible(bool(alerts))
        self.keypad.clear.setText(tr(T.CLEAR))
        self.keypad.delete.setText(tr(T.DELETE))
        self.ok.setText(tr(T.OK))
        self._show_length()

    def hidden(self) -> None:
        # A PIN typed but not submitted must not survive the screen (a submitted one is
        # taken by the worker, which wipes it).
        if self.host.state() is not State.PIN_VERIFYING:
            self.host.session().clear_pin()


class PhonePinScreen(PinScreen):
    """Android: the phone certificate's own PIN. The digits wait in the Session until the phone
    is held (VERIFY needs it); each time this screen appears the PIN is typed afresh."""

    def alerts(self) -> list[str]:
        ctx = self.model.ctx
        alerts = {
            "wrong_pin": [tr(T.WRONG_PIN)],
            "pin_format": [tr(T.PIN_FORMAT)],
            "phone_removed": [tr(T.PHONE_REMOVED_PIN)],
            "kind_android": [tr(T.PHONE_IS_ANDROID)],
        }.get(ctx.error or "", [])
        if ctx.pin_tries_left == 1:
            alerts.append(tr(T.PHONE_LAST_TRY))
        return alerts

    def show_texts(self) -> None:
        super().show_texts()
        self.title.setText(tr(T.PHONE_PIN_TITLE))
        self.body.setText(tr(T.PHONE_PIN_BODY))

    def shown(self) -> None:
        self.host.session().clear_pin()
        self._show_length()

    def hidden(self) -> None:
        # The PIN goes on to the hold and the read; anywhere else it must not survive.
        if self.host.state() not in (State.PHONE_HOLD, State.PHONE_READING):
            self.host.session().clear_pin()
