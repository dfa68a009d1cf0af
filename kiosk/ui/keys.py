"""The USB numeric keypad: a patient who cannot see the screen finishes a reception with a
12-key tactile pad (its 5 raised) and the voice (docs/ui.md, "Without the screen").

A USB keypad is a keyboard: it sends the keypad's keys (Key_0..Key_9 with KeypadModifier,
Enter, Backspace, "+", "-", "*", "/"; with NumLock off the digits arrive as arrows, Clear, Insert
and Delete). ``KEYS`` maps them to what they do, in one table:

- on the PIN screens the digits type the PIN (never said: the voice says only how many there
  are), Backspace/Delete deletes one, Escape clears, Enter submits;
- on every other patient screen a spoken focus moves through the visible buttons in reading
  order ("+"/"-", 6/4 and the arrows) and Enter presses the focused one;
- "*" (and 5 off the PIN screen) says the screen again, as 「もう一度聞く」 does.

Staff-only screens get nothing from the pad: staff use the touch screen there, and a key must
not reach the staff PIN or Number B fields by surprise."""

from __future__ import annotations

import enum
import logging
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.flow import events as ev
from kiosk.flow.session import Session
from kiosk.ui import texts as T
from kiosk.ui.screens.base import STAFF_ONLY, Screen
from kiosk.ui.screens.pin import PinScreen
from kiosk.ui.texts import sentences, tr

log = logging.getLogger("kiosk.ui.keys")

PIN_LENGTH = 4


class Do(enum.Enum):
    NEXT = "next"
    PREVIOUS = "previous"
    PRESS = "press"
    DELETE = "delete"
    CLEAR = "clear"
    REPEAT = "repeat"


K = Qt.Key
# One table for the clinic's pad (docs/ui.md lists it). Digits are handled apart: on the PIN
# screens they are the PIN; elsewhere DIGIT_MOVES gives 4/6 (and 5) their meaning.
KEYS: dict[Qt.Key, Do] = {
    K.Key_Plus: Do.NEXT,
    K.Key_Minus: Do.PREVIOUS,
    K.Key_Right: Do.NEXT,  # NumLock off: 6 arrives as →, 4 as ←, 2 as ↓, 8 as ↑
    K.Key_Down: Do.NEXT,
    K.Key_Left: Do.PREVIOUS,
    K.Key_Up: Do.PREVIOUS,
    K.Key_Enter: Do.PRESS,  # the pad's Enter
    K.Key_Return: Do.PRESS,
    K.Key_NumberSign: Do.PRESS,  # a telephone-style 12-key pad's "#" is its Enter
    K.Key_Backspace: Do.DELETE,
    K.Key_Delete: Do.DELETE,  # the pad's "." with NumLock off
    K.Key_Escape: Do.CLEAR,
    K.Key_Asterisk: Do.REPEAT,
    K.Key_Clear: Do.REPEAT,  # 5 with NumLock off
}
DIGITS = {getattr(K, f"Key_{d}"): d for d in "0123456789"}
DIGIT_MOVES = {"6": Do.NEXT, "2": Do.NEXT, "4": Do.PREVIOUS, "8": Do.PREVIOUS, "5": Do.REPEAT}

# For the test control's ``key NAME`` (kiosk_dev/control.py): the pad's keys by name.
KEY_NAMES: dict[str, Qt.Key] = {
    **{d: k for k, d in DIGITS.items()},
    "plus": K.Key_Plus,
    "minus": K.Key_Minus,
    "star": K.Key_Asterisk,
    "slash": K.Key_Slash,
    "enter": K.Key_Enter,
    "backspace": K.Key_Backspace,
    "escape": K.Key_Escape,
}


def key_event(name: str) -> QKeyEvent:
    """The press a pad's key makes (digits and operators carry KeypadModifier, as a pad's do)."""
    key = KEY_NAMES[name]
    text = {"plus": "+", "minus": "-", "star": "*", "slash": "/"}.get(name, name)
    text = text if len(text) == 1 else ("\r" if name == "enter" else "")
    modifier = Qt.KeyboardModifier.KeypadModifier
    return QKeyEvent(QEvent.Type.KeyPress, key, modifier, text)


def reading_order(screen: QWidget) -> list[QPushButton]:
    """The screen's visible, enabled buttons top to bottom, left to right (as a sighted
    patient reads them), the PIN keypad's own keys left out (the digits type those)."""
    found = [
        b
        for b in screen.findChildren(QPushButton)
        if b.isVisible() and b.isEnabled() and not b.objectName().startswith("key_")
    ]

    def place(b: QPushButton) -> tuple[int, int]:
        at = b.mapTo(screen, QPoint(0, 0))
        return (at.y(), at.x())

    return sorted(found, key=place)


class Window(Protocol):
    """What the keypad needs from the kiosk window (kiosk.ui.window imports this module)."""

    @property
    def current(self) -> Screen: ...

    @property
    def exit_screen(self) -> Screen: ...

    def post(self, event: ev.Event) -> None: ...

    def session(self) -> Session: ...

    def say(self, words: str) -> None: ...

    def say_again(self) -> None: ...

    def isAncestorOf(self, child: QWidget) -> bool: ...


class KeyControl(QObject):
    """The application's key filter for the window: turns pad keys into PIN digits, focus
    moves and presses. The focus is ours, not Qt's (the buttons take no keyboard focus, so a
    stray key never presses one), and it starts afresh on every screen."""

    def __init__(self, window: Window) -> None:
        super().__init__()  # the window keeps it (``window.keys``) as long as it lives
        self.window = window
        self.focus: QPushButton | None = None

    def reset(self) -> None:
        self._set_focus(None)

    def _set_focus(self, button: QPushButton | None) -> None:
        """Move the focus and draw it (theme: ``keyfocus``): the frame goes with it."""
        for b, on in ((self.focus, False), (button, True)):
            if b is not None and bool(b.property("keyfocus")) != on:
                b.setProperty("keyfocus", on)
                b.style().unpolish(b)  # a dynamic property is styled only when re-polished
                b.style().polish(b)
        self.focus = button

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        # The window itself or a widget in it (isAncestorOf is true for the window too).
        if not (isinstance(watched, QWidget) and self.window.isAncestorOf(watched)):
            return False
        return self.handle(event)

    def handle(self, event: QKeyEvent) -> bool:
        """True when the key was ours (it goes no further)."""
        screen = self.window.current
        if self._staff_only(screen):
            return False
        if event.isAutoRepeat():
            return True  # a key held down is one press: a finger resting on the pad types once
        key = Qt.Key(event.key())
        digit = DIGITS.get(key)
        pin = isinstance(screen, PinScreen)
        action = KEYS.get(key) if digit is None or pin else DIGIT_MOVES.get(digit)
        if digit is None and action is None:
            return False
        self.window.post(ev.Touch())  # a key is the patient being there, as a touch is
        if isinstance(screen, PinScreen) and digit is not None:
            self._pin_digit(screen, digit)
        elif action is not None:
            self._do(screen, action)
        return True

    def _staff_only(self, screen: Screen) -> bool:
        return screen is self.window.exit_screen or screen.state in STAFF_ONLY

    def _do(self, screen: Screen, action: Do) -> None:
        if action is Do.REPEAT:
            self.window.say_again()
        elif action in (Do.NEXT, Do.PREVIOUS):
            self._move(screen, 1 if action is Do.NEXT else -1)
        elif action is Do.PRESS:
            self._press(screen)
        elif isinstance(screen, PinScreen) and action in (Do.DELETE, Do.CLEAR):
            screen.key_delete() if action is Do.DELETE else screen.key_clear()
            self._say_length()

    def _pin_digit(self, screen: PinScreen, digit: str) -> None:
        self._set_focus(None)  # typing again: Enter submits, not the button last focused
        screen.key_digit(digit)
        self._say_length()

    def _say_length(self) -> None:
        n = self.window.session().pin_length
        words = [tr(T.KEY_DIGITS).format(n=n)]
        if n == PIN_LENGTH:
            words.append(tr(T.KEY_PRESS_ENTER))
        self.window.say(sentences(words))

    def _move(self, screen: Screen, step: int) -> None:
        buttons = reading_order(screen)
        if not buttons:
            return
        at = buttons.index(self.focus) if self.focus in buttons else (-1 if step > 0 else 0)
        focus = buttons[(at + step) % len(buttons)]
        self._set_focus(focus)
        log.info("keypad focus %s", focus.objectName())  # the choice's name, no more
        self.window.say(focus.text())

    def _press(self, screen: Screen) -> None:
        focus = self.focus
        if focus is not None and focus.isVisible() and focus.isEnabled():
            # Its name only: it says which choice, never anything the patient typed.
            log.info("keypad pressed %s", focus.objectName())
            self._set_focus(None)
            focus.click()
        elif isinstance(screen, PinScreen):
            if self.window.session().pin_length == PIN_LENGTH:
                screen.key_submit()
            else:
                self._say_length()  # not yet four: say how many, so the patient knows
        else:
            self._move(screen, 1)  # nothing chosen yet: Enter says the first choice
