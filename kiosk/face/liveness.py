"""Active liveness on the 68-point landmarks: a blink (eye aspect ratio) or a head turn (yaw).

Both only deter a still photo or a frozen screen held up to the camera. A video replay of the
person blinking or turning, a 3-D mask or a deepfake pass them; they are not certified
presentation-attack detection (ISO/IEC 30107-3). See docs/face.md for the measured rates.
"""

from __future__ import annotations

import enum
import math
from collections import deque
from collections.abc import Sequence

from kiosk.face.detect import Point
from kiosk.face.hints import Hint

EAR_CLOSED = 0.2  # below this the eye is closed (Soukupová & Čech 2016)
# Yaw is the nose-tip offset from the eye midpoint in inter-ocular distances, taken relative to
# the person's own frontal pose (faces and cameras are rarely symmetric).
YAW_TURNED = 0.10
YAW_FRONTAL = 0.05


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


def measures(marks: dict[str, list[Point]]) -> tuple[float, float] | None:
    """(mean eye aspect ratio, yaw) from grouped landmarks, or None if any group is missing."""
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
    return ear, (tip_x - (lx + rx) / 2) / interocular


class BlinkCheck:
    """Passes on open -> closed -> open, relative to this person's own open-eye ratio."""

    prompt = Hint.BLINK

    def __init__(self) -> None:
        self._open: deque[float] = deque(maxlen=15)
        self._closed_seen = False
        self.passed = False

    def feed(self, ear: float, yaw: float) -> None:
        if self.passed:
            return
        if len(self._open) < 2:
            self._open.append(ear)
            return
        baseline = max(self._open)
        if ear < min(EAR_CLOSED, 0.7 * baseline):
            self._closed_seen = True
        elif ear > 0.85 * baseline:
            self.passed = self._closed_seen
            self._open.append(ear)


class TurnCheck:
    """Passes when the head turns the asked way and comes back to face the camera."""

    def __init__(self, direction: Hint) -> None:
        self.prompt = direction
        self._sign = 1.0 if direction is Hint.TURN_LEFT else -1.0
        self._turned = False
        self._frontal: list[float] = []
        self.passed = False

    def feed(self, ear: float, yaw: float) -> None:
        if self.passed:
            return
        if len(self._frontal) < 3:
            self._frontal.append(yaw)
            return
        offset = yaw - sorted(self._frontal)[1]
        if self._sign * offset > YAW_TURNED:
            self._turned = True
        elif abs(offset) < YAW_FRONTAL and self._turned:
            self.passed = True


class NoCheck:
    prompt = Hint.HOLD_STILL
    passed = True

    def feed(self, ear: float, yaw: float) -> None:
        return


LivenessCheck = BlinkCheck | TurnCheck | NoCheck


def new_check(mode: Liveness, turn_direction: Hint = Hint.TURN_LEFT) -> LivenessCheck:
    if mode is Liveness.BLINK:
        return BlinkCheck()
    if mode is Liveness.TURN:
        return TurnCheck(turn_direction)
    return NoCheck()
