"""The 照合番号B reader on the card-front camera (kiosk.ports.CardFrontSource).

The camera, which ``card_front.source`` picks, is in kiosk.face.front_camera, beside the face
camera: a device above the card tray, image files, the face camera itself (one camera for both)
or a simulator's entry point.

``OcrCardFront.number_b()`` grabs frames and reads them (kiosk.card.front_ocr) field by field:
a field is taken when two reads of two different frames agree and no other value comes close
(its value leads every other read of it by two); a field with two different values read twice
each stops it (the OCR is not reliable on this capture). A field already taken is not read
again. What a frame gives is already past the OCR's own guards (kiosk.card.front_ocr: per-field
confidence floors, two of its readers agreeing and none disagreeing, a date line whose two dates
are one card's). The whole number must pass ``kiosk.card.number_b.check`` (among others: a
Japanese national's card expires on a birthday, 5 or 10 birthdays after an issue since 2016).
Otherwise it gives up (None) within its budget: a bad read never becomes a VERIFY.

A next-generation front (次期個人番号カード) prints no 照合番号B: its easy-to-read 6-digit 照合番号
alone opens the face data, and that is what is returned for it (two agreeing frames, as any
field). A capture giving fields of both fronts is not one card: nothing is returned.

A glare spot stays where it is on a card lying still: when a missing field is under glare on
two frames in a row, the patient is asked to tilt or move the card (the ``card_glare`` hint on
the screen, and ``prompt`` on the camera, which a simulated patient answers) and the reader
gives them time to do it. Frames and values live in local variables only; logs carry only
counts.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date

from kiosk.card.front_ocr import CURRENT_FIELDS, FIELDS, FrontOcr, Unreadable, Value
from kiosk.card.number_b import (
    FrontValues,
    Implausible,
    PrintedDate,
    check_check_number,
    number_b,
)
from kiosk.face.front_camera import FrontCamera
from kiosk.face.hints import Hint

log = logging.getLogger(__name__)

AGREEING_READS = 2  # and a lead of as many over any other value of the field
MAX_FRAMES = 8
BUDGET_S = 8.0  # a loaded 2-core kiosk reads a frame in ~0.2-0.5 s; well inside the watchdog
GLARE = Hint.CARD_GLARE.value  # the hint: tilt or move the card (kiosk.ui.texts.HINTS)
GLARE_TRAY = Hint.CARD_GLARE_TRAY.value  # on the tray: keep the card on the reader, slide it
SHOW_FRONT = Hint.SHOW_CARD_FRONT.value  # one camera for both: hold the card's front up to it
GLARE_FRAMES = 2  # frames in a row with a missing field under glare before asking
MAX_ASKS = 2
ASK_WAIT_S = 5.0  # more time after each ask, for the patient to move the card


class OcrCardFront:
    """kiosk.ports.CardFrontSource: 照合番号B read from the printed front by OCR."""

    def __init__(
        self,
        camera: FrontCamera,
        today: Callable[[], date],
        *,
        ocr: FrontOcr | None = None,
        max_frames: int = MAX_FRAMES,
        budget_s: float = BUDGET_S,
    ) -> None:
        self.camera = camera
        self._today = today
        self._ocr = ocr
        self._own_ocr = ocr is None
        self._ocr_lock = threading.Lock()
        self.max_frames = max_frames
        self.budget_s = budget_s

    @property
    def held_up(self) -> bool:
        """One camera for both: the patient takes the card off the reader to show its front."""
        return self.camera.held_up

    def _engine(self) -> FrontOcr:
        with self._ocr_lock:  # loaded on the first read, on a worker: it takes ~0.3 s
            if self._ocr is None:
                self._ocr = FrontOcr()
            return self._ocr

    def number_b(self, on_hint: Callable[[str], None] | None = None) -> str | None:
        ocr = self._engine()
        if not self.camera.held_up:
            return self._read(ocr, on_hint)
        self._ask(SHOW_FRONT, on_hint)
        try:
            return self._read(ocr, on_hint)
        finally:
            # The screen moves on to the face check, which asks them to look at the camera.
            self.camera.prompt(Hint.LOOK_AT_CAMERA.value)

    def _read(self, ocr: FrontOcr, on_hint: Callable[[str], None] | None) -> str | None:
        deadline = time.monotonic() + self.budget_s
        tally = _Tally()
        frames, limit, glare_run, asks = 0, self.max_frames, 0, 0
        while frames < limit and time.monotonic() < deadline:
            frame = self.camera.grab()
            frames += 1
            if frame is None:
                continue
            try:
                read = ocr.read_fields(frame, tally.open_fields())
            except Unreadable:
                glare_run = 0
                if self.camera.held_up:
                    frames -= 1  # no card in view yet: the patient is still raising it
                continue
            finally:
                del frame
            tally.add(read.values)
            conflicting = tally.conflicting()
            if conflicting and not (conflicting <= read.glare and asks < MAX_ASKS):
                # One card cannot print two values of a field: the OCR is unreliable on this
                # capture (or the card moved under another), so nothing it reads is trusted.
                log.info("card front: reads disagree after %d frames", frames)
                return None
            values = tally.settled()
            if values is not None:
                return self._checked(values, frames)
            missing_under_glare = read.glare - read.values.keys()
            glare_run = glare_run + 1 if missing_under_glare else 0
            if conflicting or (glare_run >= GLARE_FRAMES and asks < MAX_ASKS):
                # Glare misreads as well as hides: what was read of those fields under it is
                # forgotten, and read again once the patient has moved the card.
                tally.forget(conflicting | missing_under_glare)
                asks, glare_run = asks + 1, 0
                # On the tray the card must stay on the reader: slide it, do not lift or tilt.
                self._ask(GLARE if self.camera.held_up else GLARE_TRAY, on_hint)
                limit = frames + self.max_frames
                deadline = max(deadline, time.monotonic() + ASK_WAIT_S)
        log.info("card front unreadable: %d frames, %d asks, fields read %d of %d",
                 frames, asks, len(FIELDS) - len(tally.open_fields()), len(FIELDS))  # fmt: skip
        return None

    def _checked(self, values: FrontValues | str, frames: int) -> str | None:
        try:
            if isinstance(values, str):
                value = check_check_number(values)  # the next card's 照合番号
            else:
                value = number_b(values, self._today())
        except Implausible as exc:
            log.info("card front: implausible after %d frames (%s)", frames, exc)
            return None
        log.info("card front read: %d frames", frames)
        return value

    def _ask(self, hint: str, on_hint: Callable[[str], None] | None) -> None:
        log.info("card front: asking the patient: %s", hint)
        if on_hint is not None:
            on_hint(hint)
        self.camera.prompt(hint)

    def close(self) -> None:
        self.camera.close()
        if self._own_ocr and self._ocr is not None:
            self._ocr.close()


class _Tally:
    """Each field's reads over the frames; a field is taken when its value has been read
    AGREEING_READS times and leads every other value of it by as many."""

    def __init__(self) -> None:
        self._reads: dict[str, Counter[Value]] = {name: Counter() for name in FIELDS}
        self._taken: dict[str, Value] = {}

    def open_fields(self) -> list[str]:
        return [name for name in FIELDS if name not in self._taken]

    def add(self, values: dict[str, Value]) -> None:
        for name, value in values.items():
            reads = self._reads[name]
            reads[value] += 1
            ranked = reads.most_common(2)
            best, n = ranked[0]
            runner_up = ranked[1][1] if len(ranked) > 1 else 0
            if n >= AGREEING_READS and n - runner_up >= AGREEING_READS:
                self._taken[name] = best

    def conflicting(self) -> frozenset[str]:
        """The fields with two different values read AGREEING_READS times each; and fields of
        both fronts read as many times (one card has one front: the current card's fields and
        the next card's 照合番号 are never both taken)."""
        twice = {name for name, reads in self._reads.items() if max(reads.values(), default=0)
                 >= AGREEING_READS}  # fmt: skip
        current = twice & set(CURRENT_FIELDS)
        if "check" in twice and current:
            return frozenset(current | {"check"})
        return frozenset(
            name
            for name, reads in self._reads.items()
            if sum(1 for n in reads.values() if n >= AGREEING_READS) > 1
        )

    def forget(self, names: Iterable[str]) -> None:
        for name in names:
            if name not in self._taken:
                self._reads[name].clear()

    def settled(self) -> FrontValues | str | None:
        """The current front's three values, the next front's 照合番号, or None yet."""
        check = self._taken.get("check")
        if isinstance(check, str) and not set(self._taken) & set(CURRENT_FIELDS):
            return check
        if any(name not in self._taken for name in CURRENT_FIELDS):
            return None
        birth, expiry, code = self._taken["birth"], self._taken["expiry"], self._taken["code"]
        assert isinstance(birth, PrintedDate) and isinstance(expiry, date)
        assert isinstance(code, str)
        return FrontValues(birth, expiry, code)
