"""Active liveness on the 68-point landmarks: a blink (eye aspect ratio) or a head turn (yaw).

Both only deter a still photo or a frozen screen held up to the camera. A video replay of the
person blinking or turning, a 3-D mask or a deepfake pass them; they are not certified
presentation-attack detection (ISO/IEC 30107-3). See docs/face.md for the measured rates.
"""

from __future__ import annotations

import enum
import math
import statistics
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from kiosk.face.detect import Point
from kiosk.face.hints import Hint

EAR_CLOSED = 0.2  # below this the eye is closed (Soukupová & Čech 2016)
CONTRAST_CLOSED = 0.72  # eye contrast below this share of the usual level: lids shut
CLOSED_FRAMES = 2
Grey = npt.NDArray[np.uint8]
# Yaw is the nose-tip offset from the eye midpoint in inter-ocular distances, taken relative to
# the person's own frontal pose (faces and cameras are rarely symmetric).
YAW_TURNED = 0.10
YAW_FRONTAL = 0.05
FRONTAL_FRAMES = 2  # back to the camera for this many analysed frames in a row ends a turn


class Liveness(enum.StrEnum):
    OFF = "off"
    BLINK = "blink"
    TURN = "turn"


def eye_aspect_ratio(eye: Sequence[Point]) -> float:
    """(|p1-p5| + |p2-p4|) / (2 |p0-p3|) over the six eye landmarks."""
    p = eye
    width = math.dist(p[0], p[3])
    if width == 0:
        return 0.0
    return (math.dist(p[1], p[5]) + math.dist(p[2], p[4])) / (2 * width)


@dataclass(frozen=True)
class Measures:
    ear: float  # mean eye aspect ratio
    yaw: float  # nose-tip offset from the eye midpoint, in inter-ocular distances
    eye_contrast: float  # grey-level spread inside the eye outlines / spread over the face


def _eye_contrast(grey: Grey, eyes: Sequence[Sequence[Point]], face_std: float) -> float:
    """An open eye (iris, white, lashes) is contrasty; a closed lid is plain skin. Where the
    landmark predictor keeps an eye's outline open on a closed eye, this still drops."""
    spreads = []
    for eye in eyes:
        mask = np.zeros(grey.shape, np.uint8)
        cv2.fillPoly(mask, [np.array(eye, np.int32)], 255)
        inside = grey[mask > 0]
        spreads.append(float(inside.std()) if inside.size > 3 else 0.0)
    return sum(spreads) / len(spreads) / (face_std + 1.0)


def measures(
    marks: dict[str, list[Point]], grey: Grey | None = None, face_std: float = 0.0
) -> Measures | None:
    """Eye and pose measures from grouped landmarks (and the grey frame, for eye contrast)."""
    try:
        left, right, nose = marks["left_eye"], marks["right_eye"], marks["nose_tip"]
    except KeyError:
        return None
    ear = (eye_aspect_ratio(left) + eye_aspect_ratio(right)) / 2
    lx = sum(x for x, _ in left) / len(left)
    rx = sum(x for x, _ in right) / len(right)
    ly = sum(y for _, y in left) / len(left)
    ry = sum(y for _, y in right) / len(right)
    interocular = math.dist((lx, ly), (rx, ry))
    if interocular == 0:
        return None
    tip_x = nose[len(nose) // 2][0]
    contrast = _eye_contrast(grey, (left, right), face_std) if grey is not None else 0.0
    return Measures(ear, (tip_x - (lx + rx) / 2) / interocular, contrast)


class _Dip:
    """Sees a signal fall well below this person's usual open-eye level for at least two
    analysed frames in a row (a real blink lasts 100-400 ms), then come back."""

    def __init__(self, closed_ratio: float, absolute: float = math.inf) -> None:
        self._open: deque[float] = deque(maxlen=15)
        self._closed_ratio = closed_ratio
        self._absolute = absolute
        self._closed_run = 0
        self._closed_seen = False
        self.passed = False

    def feed(self, value: float) -> None:
        if len(self._open) < 3:
            self._open.append(value)
            return
        usual = statistics.median(self._open)  # the median: one noisy frame does not move it
        if value < min(self._absolute, self._closed_ratio * usual):
            self._closed_run += 1
            self._closed_seen = self._closed_seen or self._closed_run >= CLOSED_FRAMES
            return
        self._closed_run = 0
        if value > 0.85 * usual:
            self.passed = self.passed or self._closed_seen
            self._open.append(value)


class BlinkCheck:
    """Passes on open -> closed -> open of the eye aspect ratio or of the eye contrast."""

    prompt = Hint.BLINK
    turning = False

    def __init__(self) -> None:
        self._ear = _Dip(0.6, EAR_CLOSED)
        self._contrast = _Dip(CONTRAST_CLOSED)
        self.passed = False

    def feed(self, m: Measures) -> None:
        if self.passed:
            return
        self._ear.feed(m.ear)
        self._contrast.feed(m.eye_contrast)
        self.passed = self._ear.passed or self._contrast.passed


class TurnCheck:
    """Passes when the head turns the asked way and comes back to face the camera.

    Coming back must last two analysed frames: mid-turn, one frame whose landmarks the predictor
    misfits can read as frontal, and ending the turn there would send a moving face to the
    encoder."""

    def __init__(self, direction: Hint) -> None:
        self.prompt = direction
        self._sign = 1.0 if direction is Hint.TURN_LEFT else -1.0
        self._turned = False
        self._back = 0
        self._frontal: list[float] = []
        self.passed = False

    @property
    def turning(self) -> bool:
        """Turned the asked way and not yet settled back: the face is moving."""
        return self._turned and not self.passed

    def feed(self, m: Measures) -> None:
        if self.passed:
            return
        if len(self._frontal) < 3:
            self._frontal.append(m.yaw)
            return
        offset = m.yaw - sorted(self._frontal)[1]
        if self._sign * offset > YAW_TURNED:
            self._turned, self._back = True, 0
        elif abs(offset) < YAW_FRONTAL and self._turned:
            self._back += 1
            self.passed = self._back >= FRONTAL_FRAMES
        else:
            self._back = 0


class NoCheck:
    prompt = Hint.HOLD_STILL
    passed = True
    turning = False

    def feed(self, m: Measures) -> None:
        return


LivenessCheck = BlinkCheck | TurnCheck | NoCheck


def new_check(mode: Liveness, turn_direction: Hint = Hint.TURN_LEFT) -> LivenessCheck:
    if mode is Liveness.BLINK:
        return BlinkCheck()
    if mode is Liveness.TURN:
        return TurnCheck(turn_direction)
    return NoCheck()
