"""The card-front camera port and the 照合番号B reader on it (kiosk.ports.CardFrontSource).

``card_front.source`` in the config picks the camera:
  none            no card-front camera: face recognition is not offered
  device:N        an OpenCV camera (index or /dev/videoN) above the card tray, separate from
                  the face camera
  file:PATH       an image, or a folder of images taken in turn (tests, a scanner's drop folder)
  NAME:ARGS       an adapter registered under the ``kiosk.card_fronts`` entry points (the
                  simulators' ``synthetic:PERSONA[:VARIATION]``; the kiosk image has none)

``OcrCardFront.number_b()`` grabs frames and reads them (kiosk.card.front_ocr) until two reads
of two different frames agree; a second, different plausible read stops it (the OCR is not
reliable on this capture); every value must pass ``kiosk.card.number_b.check``. Otherwise it
gives up (None) within its budget: a bad read never becomes a VERIFY. Frames and values live
in local variables only; logs carry only counts.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from kiosk.card.front_ocr import FrontOcr, Image, Unreadable
from kiosk.card.number_b import Implausible, number_b
from kiosk.plugins import CARD_FRONTS, load_adapter

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".webp")
AGREEING_READS = 2
MAX_FRAMES = 8
BUDGET_S = 8.0  # a loaded 2-core kiosk reads a frame in ~0.2-0.5 s; well inside the watchdog


class FrontCameraError(RuntimeError):
    """The card-front camera could not be opened."""


class FrontCamera(Protocol):
    def grab(self) -> Image | None:
        """A fresh RGB frame of the card tray, or None if the camera gave none."""
        ...

    def close(self) -> None: ...


class DeviceFront:
    """An OpenCV camera, opened once, read on demand (the buffered frames are skipped, so the
    picture is of the card as it lies now)."""

    STALE_FRAMES = 3

    def __init__(self, spec: str, width: int = 1280, height: int = 960) -> None:
        device: int | str = int(spec) if spec.isdigit() else spec
        self._cap = cv2.VideoCapture(device)
        if not self._cap.isOpened():
            raise FrontCameraError(f"no card-front camera at {spec!r}")
        self._cap.set(cv2.CAP_PROP_FRAME_WIDTH, width)
        self._cap.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
        self._lock = threading.Lock()

    def grab(self) -> Image | None:
        with self._lock:
            for _ in range(self.STALE_FRAMES):
                self._cap.grab()
            ok, bgr = self._cap.read()
        if not ok or bgr is None:
            return None
        return np.ascontiguousarray(bgr[:, :, ::-1])

    def close(self) -> None:
        with self._lock:
            self._cap.release()


class FileFront:
    """An image file, or the images of a folder in name order, one per grab, round and round."""

    def __init__(self, path: str) -> None:
        p = Path(path)
        files = sorted(f for f in p.iterdir() if f.suffix.lower() in IMAGE_SUFFIXES) if (
            p.is_dir()
        ) else [p]  # fmt: skip
        if not files or not all(f.is_file() for f in files):
            raise FrontCameraError(f"no card-front images at {path!r}")
        self._files = files
        self._next = 0
        self._lock = threading.Lock()

    def grab(self) -> Image | None:
        with self._lock:
            path = self._files[self._next % len(self._files)]
            self._next += 1
        bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
        return None if bgr is None else np.ascontiguousarray(bgr[:, :, ::-1])

    def close(self) -> None:
        return


def open_front_camera(source: str) -> FrontCamera | None:
    """The camera ``card_front.source`` names; None for "none"."""
    kind, _, arg = source.partition(":")
    if kind == "none":
        return None
    if kind == "device":
        return DeviceFront(arg)
    if kind == "file":
        return FileFront(arg)
    opener = load_adapter(CARD_FRONTS, kind)
    camera: FrontCamera = opener(arg)
    return camera


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

    def _engine(self) -> FrontOcr:
        with self._ocr_lock:  # loaded on the first read, on a worker: it takes ~0.3 s
            if self._ocr is None:
                self._ocr = FrontOcr()
            return self._ocr

    def number_b(self) -> str | None:
        ocr = self._engine()
        deadline = time.monotonic() + self.budget_s
        reads: Counter[str] = Counter()
        frames = 0
        while frames < self.max_frames and time.monotonic() < deadline:
            frame = self.camera.grab()
            frames += 1
            if frame is None:
                continue
            try:
                value = number_b(ocr.read_values(frame), self._today())
            except (Unreadable, Implausible):
                continue
            finally:
                del frame
            reads[value] += 1
            if len(reads) > 1:
                # One card cannot print two plausible numbers: the OCR is unreliable on this
                # capture (or the card moved under another), so nothing it reads is trusted.
                log.info("card front: reads disagree after %d frames", frames)
                return None
            if reads[value] >= AGREEING_READS:
                log.info("card front read: %d frames", frames)
                return value
        log.info(
            "card front unreadable: %d frames, %d plausible reads", frames, sum(reads.values())
        )
        return None

    def close(self) -> None:
        self.camera.close()
        if self._own_ocr and self._ocr is not None:
            self._ocr.close()
