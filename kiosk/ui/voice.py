"""Spoken guidance: one utterance at a time, Japanese through Open JTalk, the other languages
through espeak-ng.

espeak-ng has no Japanese dictionary (it reads every kanji as "Chinese letter", in English), so
Japanese goes to Open JTalk: Debian's ``open_jtalk`` with Debian's naist-jdic dictionary and the
HTS voice that pyopenjtalk ships in its wheel (``mei_normal.htsvoice``; Debian packages no voice
for this release). Nothing is downloaded at run time. espeak-ng reads Korean, Vietnamese,
Portuguese and English acceptably. Its Mandarin needs the full cmn dictionary, which Debian's
espeak-ng-data lacks (every character is read as its English block name): Chinese goes to the
same espeak-ng program with the data of the ``espeakng-loader`` wheel (PyPI), whose cmn
dictionary reads characters as pinyin — installed with the kiosk, nothing fetched at run time.

Each utterance is a synthesiser writing a WAV to a player's stdin (``aplay`` by default). With
``ui.voice_headphones`` set, the player gets ``-D <device>`` (aplay's ALSA device option): the
voice goes to the headphones only, so the patient's answers are not heard across the room. A new
screen interrupts the old utterance: the old processes are killed and the new one starts only
once the old player has exited, so two voices never overlap. A reminder is said only when
nothing is being said (it waits for its own end instead of restarting itself)."""

from __future__ import annotations

import importlib.util
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, Signal

from kiosk.ui import linebreak

log = logging.getLogger("kiosk.ui.voice")

NAIST_JDIC = Path("/var/lib/mecab/dic/open-jtalk/naist-jdic")
ESPEAK_VOICES = {"en": "en-gb", "ko": "ko", "vi": "vi", "pt": "pt-br"}
DEFAULT_PLAYER = ("aplay", "-q", "-")


def htsvoice() -> Path | None:
    """The HTS voice inside the installed pyopenjtalk package (found without importing it)."""
    spec = importlib.util.find_spec("pyopenjtalk")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "htsvoice" / "mei_normal.htsvoice"
    return path if path.exists() else None


def japanese_command(*, trace: str | None = None) -> list[str] | None:
    """Open JTalk reading text from stdin and writing a WAV to stdout (``trace``: also write
    the text analysis — every word and its reading — to that file, for tests)."""
    program, voice = shutil.which("open_jtalk"), htsvoice()
    if program is None or voice is None or not NAIST_JDIC.is_dir():
        return None
    cmd = [program, "-x", str(NAIST_JDIC), "-m", str(voice), "-ow", "/dev/stdout"]
    return [*cmd, "-ot", trace] if trace else cmd


def mandarin_data() -> Path | None:
    """The folder holding ``espeak-ng-data`` with a full Mandarin dictionary (the wheel's)."""
    spec = importlib.util.find_spec("espeakng_loader")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations)))
    return folder if (folder / "espeak-ng-data" / "cmn_dict").is_file() else None


def synth_command(language: str) -> list[str] | None:
    """The synthesiser for a language, or None where we have none that speaks it properly."""
    if language == "ja":
        return japanese_command()
    program = shutil.which("espeak-ng")
    if program is None:
        return None
    if language == "zh":
        data = mandarin_data()
        if data is None:
            return None
        return [program, "--path", str(data), "-v", "cmn", "--stdin", "--stdout"]
    if language not in ESPEAK_VOICES:
        return None
    return [program, "-v", ESPEAK_VOICES[language], "--stdin", "--stdout"]


def player_command(player: list[str], device: str) -> list[str]:
    """The player sent to an ALSA device (``aplay -D device``) when one is named."""
    return [player[0], "-D", device, *player[1:]] if device else player


@dataclass
class Utterance:
    text: str
    language: str


class Voice(QObject):
    """Speaks on the GUI thread without blocking it: the work is in two child processes."""

    started = Signal(str)  # the text, when its player starts
    finished = Signal(str)  # the text, when its player exits (done or interrupted)

    def __init__(
        self, enabled: bool, player: list[str] | None = None, *, headphones: str = ""
    ) -> None:
        super().__init__()
        self.enabled = enabled
        self.headphones = headphones
        self.player = player_command(list(player or DEFAULT_PLAYER), headphones)
        self._synth: QProcess | None = None
        self._play: QProcess | None = None
        self._speaking: Utterance | None = None
        self._next: Utterance | None = None

    @property
    def busy(self) -> bool:
        return self._play is not None

    def say(self, text: str, language: str) -> None:
        """Say this now: whatever is being said stops first."""
        text = linebreak.plain(text).strip()
        if not self.enabled or not text:
            return
        self._next = Utterance(text, language)
        if self._play is None:
            self._start_next()
        else:
            self._interrupt()

    def remind(self, text: str, language: str) -> None:
        """Say this unless something is being said (a reminder never cuts itself off)."""
        if not self.busy:
            self.say(text, language)

    def stop(self) -> None:
        self._next = None
        if self._play is not None:
            self._interrupt()

    def close(self) -> None:
        """Stop and wait for the processes (shutdown only)."""
        self.stop()
        for proc in (self._synth, self._play):
            if proc is not None:
                proc.waitForFinished(2000)

    def _interrupt(self) -> None:
        for proc in (self._synth, self._play):
            if proc is not None and proc.state() != QProcess.ProcessState.NotRunning:
                proc.kill()

    def _start_next(self) -> None:
        utterance, self._next = self._next, None
        if utterance is None:
            return
        synth = synth_command(utterance.language)
        if synth is None:
            log.info("no voice for language %s: not spoken", utterance.language)
            return
        self._synth, self._play = QProcess(self), QProcess(self)
        self._synth.setStandardOutputProcess(self._play)
        self._play.finished.connect(self._played)
        self._play.errorOccurred.connect(self._failed)
        self._speaking = utterance
        self._play.start(self.player[0], self.player[1:])
        self._synth.start(synth[0], synth[1:])
        self._synth.write(utterance.text.encode("utf-8") + b"\n")
        self._synth.closeWriteChannel()
        self.started.emit(utterance.text)

    def _failed(self, error: QProcess.ProcessError) -> None:
        if error is QProcess.ProcessError.FailedToStart:
            log.warning("voice player %s did not start", self.player[0])
            self._played()

    def _played(self, *_: object) -> None:
        if self._play is None:
            return
        done = self._speaking
        for proc in (self._synth, self._play):
            if proc is None:
                continue
            if proc.state() == QProcess.ProcessState.NotRunning:
                proc.deleteLater()
            else:  # the synthesiser, cut off: gone once it has exited (it makes no sound)
                proc.finished.connect(proc.deleteLater)
                proc.kill()
        self._synth = self._play = None
        self._speaking = None
        if done is not None:
            self.finished.emit(done.text)
        self._start_next()
