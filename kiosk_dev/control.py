"""A remote control for tests: taps a real window's buttons from outside, through a file.

`kiosk run` and `kiosk staff` run offscreen in their own processes in the tests; nothing outside
can touch an offscreen window. With ``ui.test_control = "file:PATH"`` (registered as the
``kiosk.controls`` entry point ``file``; a kiosk image has no such entry point, so the setting is
refused there) the window reads commands appended to PATH, one a line:

    click NAME          press the visible, enabled button with that object name
    type NAME TEXT      put TEXT into the line edit with that object name
    stats               log the interpreter's counts (bench/soak.py samples them)

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

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

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
        elif verb == "type":
            name, _, text = rest.partition(" ")
            self._type(name, text)
        elif verb == "shown":
            log.info("test control: shown %s", " ".join(self._shown()))
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
