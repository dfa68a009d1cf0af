"""The card-front camera: the frames the 照合番号B reader (kiosk.card.front) reads the printed
front of the My Number Card from. Frames live in memory only.

``card_front.source`` in the config picks the camera (``open_front_camera``):
  none            no card-front camera: face recognition is not offered
  device:N        an OpenCV camera (index or /dev/videoN) above the card tray, separate from
                  the face camera
  file:PATH       an image, or a folder of images taken in turn (tests, a scanner's drop folder)
  face-camera     the face camera (kiosk.face.camera), where a clinic has one camera for both:
                  the patient holds the card's front up to it first (``FaceCameraFront``;
                  the kiosk wires it once the face camera is open), then looks at it
  NAME:ARGS       an adapter registered under the ``kiosk.card_fronts`` entry points (the
                  simulators' ``synthetic:PERSONA[:VARIATION]``; the kiosk image has none)
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Protocol

import cv2
import numpy as np

from kiosk.face.detect import Image
from kiosk.face.hints import Hint
from kiosk.plugins import CARD_FRONTS, load_adapter

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".webp")
FACE_CAMERA = "face-camera"  # card_front.source for one camera for both
HELD_FRAME_WAIT_S = 1.0


class FrontCameraError(RuntimeError):
    """The card-front camera could not be opened."""


class FrontCamera(Protocol):
    # True when the patient holds the card up to it (the face camera): they are asked to.
    held_up: bool

    def grab(self) -> Image | None:
        """A fresh RGB frame of the card tray, or None if the camera gave none."""
        ...

    def prompt(self, hint: str) -> None:
        """What the screen now asks the patient (a simulated patient answers; a device does
        nothing)."""
        ...

    def close(self) -> None: ...


class DeviceFront:
    """An OpenCV camera, opened once, read on demand (the buffered frames are skipped, so the
    picture is of the card as it lies now)."""

    STALE_FRAMES = 3
    held_up = False

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

    def prompt(self, hint: str) -> None:
        return

    def close(self) -> None:
        with self._lock:
            self._cap.release()


class FileFront:
    """An image file, or the images of a folder in name order, one per grab, round and round."""

    held_up = False

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

    def prompt(self, hint: str) -> None:
        return

    def close(self) -> None:
        return


class FaceFrames(Protocol):
    """What FaceCameraFront needs of the face camera (kiosk.face.camera.Camera)."""

    def wait_newer(self, after_index: int, timeout: float) -> Any: ...

    def prompt(self, hint: Hint) -> None: ...


class FaceCameraFront:
    """The face camera as the card-front camera, where a clinic has one camera: the patient
    holds the card's front up to it (asked to by the ``show_card_front`` hint), then looks at
    it. The face camera keeps running for the face check; closing this leaves it open."""

    held_up = True

    def __init__(self, camera: FaceFrames) -> None:
        self._camera = camera
        self._last = -1

    def grab(self) -> Image | None:
        frame = self._camera.wait_newer(self._last, HELD_FRAME_WAIT_S)
        if frame is None:
            return None
        self._last = frame.index
        image: Image = frame.image
        return image

    def prompt(self, hint: str) -> None:
        if hint in Hint.__members__.values():
            self._camera.prompt(Hint(hint))

    def close(self) -> None:
        return


def open_front_camera(source: str) -> FrontCamera | None:
    """The camera ``card_front.source`` names; None for "none" (and for "face-camera", which
    the kiosk wires to its face camera once that is open)."""
    kind, _, arg = source.partition(":")
    if kind in ("none", FACE_CAMERA):
        return None
    if kind == "device":
        return DeviceFront(arg)
    if kind == "file":
        return FileFront(arg)
    opener = load_adapter(CARD_FRONTS, kind)
    camera: FrontCamera = opener(arg)
    return camera
