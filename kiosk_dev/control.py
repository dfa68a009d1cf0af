"""A remote control for tests: taps a real window's buttons from outside, through a file.

`kiosk run` runs offscreen (or on Xvfb, under cage) in its own process in the tests; nothing outside
can touch an offscreen window. With ``ui.test_control = "file:PATH"`` (registered as the
``kiosk.controls`` entry point ``file``; a kiosk image has no such entry point, so the setting is
refused there) the window reads commands appended to PATH, one a line:

    click NAME          press the visible, enabled button with that object name
    key NAME            a key of the USB keypad pressed (kiosk.ui.keys.KEY_NAMES: 0-9, plus,
                        minus, star, slash, enter, backspace, escape), posted to the window as a
                        real QKeyEvent, so it goes the way a pad's key goes
    type NAME TEXT      put TEXT into the line edit with that object name
    stats               log the interpreter's counts (bench/soak.py samples them)
    shown               log the object names of the widgets on screen (names only)
    layout [LANG ...]   show every screen in each language (all six by default), normal and
                        large text, and log what is wrong with each (kiosk_dev/layout.py):
                        ``layout: <state> <lang> <size>: <problem>`` lines, then
                        ``layout: done, N problems``; the screen the flow is on comes back
    show STATE LANG SIZE  show one screen (a sample of it) for a screenshot; SIZE is normal or
                        large; ``show off`` gives the flow's screen back

and logs what it did (``test control: clicked NAME``) or why it could not. Clicks go through
QTest, so the button's own signal runs, exactly as a finger's tap would.
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRect, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QWidget

from kiosk.flow.model import State
from kiosk.ui.i18n import LANGUAGES

log = logging.getLogger("kiosk.dev")
POLL_MS = 100


class FileControl(QObject):
    def __init__(self, path: Path, window: QWidget) -> None:
        super().__init__(window)
        self.path = path
        self.window = window
        self._offset = 0
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._read)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _read(self) -> None:
        try:
            with self.path.open("rb") as f:
                f.seek(self._offset)
                chunk = f.read()
        except FileNotFoundError:
            return
        complete = chunk[: chunk.rfind(b"\n") + 1]  # a line still being written waits
        self._offset += len(complete)
        for line in complete.decode("utf-8").splitlines():
            if line.strip():
                self.run(line.strip())

    def run(self, line: str) -> None:
        verb, _, rest = line.partition(" ")
        if verb == "click":
            self._click(rest)
        elif verb == "key":
            self._key(rest)
        elif verb == "type":
            name, _, text = rest.partition(" ")
            self._type(name, text)
        elif verb == "shown":
            log.info("test control: shown %s", " ".join(self._shown()))
        elif verb == "layout":
            self._layout(rest.split() or list(LANGUAGES))
        elif verb == "show":
            self._show(rest.split())
        elif verb == "stats":
            log.info("test control: stats %s", _stats())
        else:
            log.warning("test control: unknown command %r", verb)

    def _click(self, name: str) -> None:
        for found in self.window.findChildren(QPushButton, name):
            if found.isVisible() and found.isEnabled():
                QTest.mouseClick(found, Qt.MouseButton.LeftButton)
                log.info("test control: clicked %s", name)
                return
        log.warning("test control: no visible, enabled button %s", name)

    def _key(self, name: str) -> None:
        from kiosk.ui.keys import KEY_NAMES, key_event

        if name not in KEY_NAMES:
            log.warning("test control: no key %s", name)
            return
        QApplication.postEvent(self.window, key_event(name))
        # The key's name only, as a pad's own log would (a test's PIN digits are the sample's).
        log.info("test control: key %s", "digit" if name.isdigit() else name)

    def _layout(self, languages: list[str]) -> None:
        from kiosk_dev.layout import problems
        from kiosk_dev.screenshots import sample_model

        window, screen = self.window, self._screen()
        count = 0
        for language in languages:
            for large in (False, True):
                for state in State:
                    self._display(sample_model(state, _now(window)), language, large)
                    for problem in problems(window, screen):
                        size = "large" if large else "normal"
                        log.warning("layout: %s %s %s: %s", state.value, language, size, problem)
                        count += 1
        self._back()
        where = f"{QApplication.platformName()} {screen.width()}x{screen.height()}"
        log.info("layout: done, %d problems (%s)", count, where)

    def _show(self, words: list[str]) -> None:
        from kiosk_dev.screenshots import sample_model

        if words[:1] == ["off"] or len(words) != 3:
            self._back()
            log.info("test control: showing the flow's screen")
            return
        state, language, size = State(words[0]), words[1], words[2]
        self._display(sample_model(state, _now(self.window)), language, size == "large")
        log.info("test control: showing %s %s %s", state.value, language, size)

    def _display(self, model: object, language: str, large: bool) -> None:
        w = self.window
        w.show_model(model)  # type: ignore[attr-defined]
        # After the model (the idle screen resets them); only when they differ: restyling and
        # retranslating every screen is what takes the time.
        if w.language() != language:  # type: ignore[attr-defined]
            w.set_language(language)  # type: ignore[attr-defined]
        if w.large_text != large:  # type: ignore[attr-defined]
            w.set_large_text(large)  # type: ignore[attr-defined]
        QApplication.processEvents()

    def _back(self) -> None:
        w = self.window
        w.reset_patient_settings()  # type: ignore[attr-defined]
        w.show_model(w.controller.model)  # type: ignore[attr-defined]

    def _screen(self) -> QRect:
        screen = self.window.screen()
        return screen.geometry() if screen is not None else QRect(0, 0, 1 << 16, 1 << 16)

    def _shown(self) -> list[str]:
        """The names of the widgets on screen now (names only: never what they show)."""
        names = {w.objectName() for w in self.window.findChildren(QWidget) if w.isVisible()}
        return sorted(n for n in names if n and not n.startswith("qt_"))

    def _type(self, name: str, text: str) -> None:
        found = self.window.findChild(QLineEdit, name)
        if found is None:
            log.warning("test control: no line edit %s", name)
            return
        found.setText(text)
        log.info("test control: typed into %s", name)


def _now(window: QWidget) -> float:
    return float(window.controller.clock.monotonic())  # type: ignore[attr-defined]


def _stats() -> str:
    """What a leak would show: references to True (the PySide6 6.12.0 bug), Python threads,
    objects the collector tracks."""
    gc.collect()
    counts = {
        "true_refs": sys.getrefcount(True),
        "py_threads": threading.active_count(),
        "gc_objects": len(gc.get_objects()),
    }
    return " ".join(f"{k}={v}" for k, v in counts.items())


def attach_file_control(arg: str, window: QWidget) -> Callable[[], None]:
    """The ``kiosk.controls`` entry point ``file``: returns the closer."""
    control = FileControl(Path(arg), window)
    return control.stop
