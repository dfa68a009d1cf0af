"""The sound of a new call at the desk."""

from __future__ import annotations

import logging
import math
import shutil
import struct
import tempfile
import wave
from pathlib import Path

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import QApplication

log = logging.getLogger("kiosk.staff")  # one logger for the whole desk


class Chime:
    """The sound of a new call: a short two-tone WAV written once to a private temp file and
    played with ALSA's aplay (alsa-utils; PySide6-Essentials has no QtMultimedia). Where aplay
    is missing or fails (no sound card), the system beep, and the log says so once."""

    def __init__(self) -> None:
        self.player = shutil.which("aplay")
        self._dir = tempfile.TemporaryDirectory(prefix="kiosk-staff-")
        self.path = Path(self._dir.name) / "call.wav"
        _write_chime(self.path)
        self._process: QProcess | None = None
        self.last = ""  # "aplay" or "beep": how the last call sounded
        self._warned = False

    def play(self) -> None:
        if self.player is None:
            self._beep("aplay is not installed")
            return
        if self._process is not None and self._process.state() != QProcess.ProcessState.NotRunning:
            return  # still chiming for the previous call
        process = QProcess()
        process.finished.connect(self._finished)
        process.errorOccurred.connect(lambda _error: self._beep("aplay could not start"))
        process.start(self.player, ["-q", str(self.path)])
        self._process = process
        self.last = "aplay"

    def _finished(self, code: int, _status: QProcess.ExitStatus) -> None:
        if code != 0:
            self._beep("aplay could not play (no sound card?)")

    def _beep(self, why: str) -> None:
        if not self._warned:
            log.warning("staff desk: %s; using the system beep for calls", why)
            self._warned = True
        QApplication.beep()
        self.last = "beep"

    def close(self) -> None:
        if self._process is not None:
            self._process.waitForFinished(2000)
        self._dir.cleanup()


def _write_chime(path: Path, rate: int = 22050) -> None:
    frames = bytearray()
    for freq, seconds in ((880.0, 0.18), (660.0, 0.28)):
        n = int(rate * seconds)
        for i in range(n):
            fade = min(1.0, (n - i) / (0.05 * rate))
            frames += struct.pack("<h", int(12000 * fade * math.sin(2 * math.pi * freq * i / rate)))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
