"""Thin typed wrappers over face_recognition (dlib HOG detector, 68-point landmarks, encoder)."""

from __future__ import annotations

from dataclasses import dataclass

import face_recognition
import numpy as np
import numpy.typing as npt

Image = npt.NDArray[np.uint8]
Encoding = npt.NDArray[np.float64]
Point = tuple[int, int]


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

    def scaled(self, factor: float) -> Box:
        return Box(*(round(v * factor) for v in (self.top, self.right, self.bottom, self.left)))

    def as_css(self) -> tuple[int, int, int, int]:
        return (self.top, self.right, self.bottom, self.left)


def find_faces(image: Image, *, upsample: int = 0) -> list[Box]:
    """HOG face boxes in ``image`` (RGB), in its own pixel coordinates."""
    return [Box(*loc) for loc in face_recognition.face_locations(image, upsample, "hog")]


def landmarks(image: Image, box: Box) -> dict[str, list[Point]]:
    """The 68-point landmarks of the face in ``box``, grouped by feature (left_eye, nose_tip...)."""
    found = face_recognition.face_landmarks(image, [box.as_css()], model="large")
    return found[0] if found else {}


def encode(image: Image, box: Box) -> Encoding:
    """The 128-d descriptor of the face in ``box`` (one jitter: the encoder's ~95 ms cost)."""
    return np.asarray(
        face_recognition.face_encodings(image, [box.as_css()], num_jitters=1)[0], dtype=np.float64
    )


def distance(a: Encoding, b: Encoding) -> float:
    return float(np.linalg.norm(a - b))
