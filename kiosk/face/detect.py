"""Thin typed wrappers over dlib/face_recognition: HOG detector, 68-point landmarks, encoder.

Every call into dlib goes through ``_DLIB``: face_recognition keeps one detector, one landmark
model and one encoder network per process, and dlib's objects keep scratch buffers inside them,
so two threads running one at once crash the process (seen: the face camera's first poses and
the card front's photo detected at once at start-up, SIGSEGV; three threads detecting with
upsampling crash it every time, tests/face/test_threads.py). dlib releases the GIL while it
works, which is what let them meet; they are CPU-bound, so serialising them costs nothing on
the kiosk's two cores.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import face_recognition
import numpy as np
import numpy.typing as npt
from face_recognition import api as fr_api

Image = npt.NDArray[np.uint8]
Encoding = npt.NDArray[np.float64]
Point = tuple[int, int]

_DLIB = threading.Lock()

# A partly covered face (a mask, a hand) still gives the HOG detector a weak, sub-threshold
# response; anything above this score but below 0 counts as "someone is there".
WEAK_FACE_SCORE = -0.6


@dataclass(frozen=True)
class Box:
    top: int
    right: int
    bottom: int
    left: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def area(self) -> int:
        return self.width * self.height

    @property
    def centre(self) -> tuple[float, float]:
        return ((self.left + self.right) / 2, (self.top + self.bottom) / 2)

    def scaled(self, factor: float) -> Box:
        return Box(*(round(v * factor) for v in (self.top, self.right, self.bottom, self.left)))

    def shifted(self, dx: int, dy: int) -> Box:
        return Box(self.top + dy, self.right + dx, self.bottom + dy, self.left + dx)

    def as_css(self) -> tuple[int, int, int, int]:
        return (self.top, self.right, self.bottom, self.left)


@dataclass(frozen=True)
class Detections:
    faces: list[Box]  # confident detections
    weak: int  # sub-threshold responses (partly covered faces)


def detect(image: Image, *, upsample: int = 0) -> Detections:
    """HOG detection in ``image`` (RGB); boxes in its own pixel coordinates."""
    h, w = image.shape[:2]
    with _DLIB:
        rects, scores, _ = fr_api.face_detector.run(image, upsample, WEAK_FACE_SCORE)
    faces, weak = [], 0
    for rect, score in zip(rects, scores, strict=True):
        if score < 0:
            weak += 1
            continue
        top, bottom = max(rect.top(), 0), min(rect.bottom(), h)
        faces.append(Box(top, min(rect.right(), w), bottom, max(rect.left(), 0)))
    return Detections(faces, weak)


def find_faces(image: Image, *, upsample: int = 0) -> list[Box]:
    return detect(image, upsample=upsample).faces


def landmarks(image: Image, box: Box) -> dict[str, list[Point]]:
    """The 68-point landmarks of the face in ``box``, grouped by feature (left_eye, nose_tip...)."""
    with _DLIB:
        found = face_recognition.face_landmarks(image, [box.as_css()], model="large")
    return found[0] if found else {}


def encode(image: Image, box: Box) -> Encoding:
    """The 128-d descriptor of the face in ``box`` (one jitter: the encoder's ~95 ms cost)."""
    with _DLIB:
        found = face_recognition.face_encodings(image, [box.as_css()], num_jitters=1)
    return np.asarray(found[0], dtype=np.float64)


def distance(a: Encoding, b: Encoding) -> float:
    return float(np.linalg.norm(a - b))
