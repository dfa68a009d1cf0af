"""How good one camera frame of a face is for matching, and what the patient could change.

A session that cannot decide on its encodings (the distances fall between "the holder" and
"someone else") keeps the best-quality encodings rather than the last ones, and asks the
patient to fix what lowers the quality most: face the camera, come closer, more light
(issue 27). Each part scores 0..1; the quality is their product, so one bad part is enough to
make a frame a poor one.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.face.analysis import TOO_BRIGHT, TOO_DARK
from kiosk.face.detect import Box, Image
from kiosk.face.hints import Hint
from kiosk.face.liveness import Measures

FRONTAL_SPAN = 0.15  # yaw away from the person's usual pose at which "frontal" scores 0
OPEN_EYES = 0.26  # eye aspect ratio of a plainly open eye
GOOD_WIDTH = 0.2  # face width / frame width from which a closer face gains nothing more
# Mean grey level of the face: 1 within GOOD_LIGHT (skin tones differ: a fair face under a
# good light measures ~160), down to 0 at the analysis' too dark / too bright limits.
GOOD_LIGHT = (80.0, 175.0)
SHARP_PX = 96  # the face is measured at this width, so sharpness does not depend on distance
SHARP_GOOD = 60.0  # variance of the Laplacian of a sharp 96-px face (synthetic and real photos)
COACH_BELOW = 0.8  # a part scoring less is worth asking the patient to fix


@dataclass(frozen=True)
class Quality:
    frontal: float
    eyes: float
    size: float
    light: float
    sharp: float
    luma: float  # the face's mean grey level, to tell too dark from too bright

    @property
    def score(self) -> float:
        return self.frontal * self.eyes * self.size * self.light * self.sharp

    def coaching(self) -> Hint:
        """The hint for the weakest part: what the patient can do for a better frame."""
        parts = {
            Hint.LOOK_AT_CAMERA: self.frontal,
            Hint.TOO_FAR: self.size,
            Hint.TOO_DARK if self.luma < GOOD_LIGHT[0] else Hint.TOO_BRIGHT: self.light,
            Hint.HOLD_STILL: min(self.sharp, self.eyes),
        }
        weakest = min(parts, key=lambda h: parts[h])
        return weakest if parts[weakest] < COACH_BELOW else Hint.HOLD_STILL


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def _light(luma: float) -> float:
    low, high = GOOD_LIGHT
    return _clamp(
        min((luma - TOO_DARK) / (low - TOO_DARK), (TOO_BRIGHT - luma) / (TOO_BRIGHT - high))
    )


def quality(image: Image, box: Box, m: Measures, usual_yaw: float) -> Quality:
    """The quality of the face in ``box`` with measures ``m``; ``usual_yaw`` is the person's
    own frontal yaw (faces and cameras are rarely symmetric)."""
    h, w = image.shape[:2]
    face = image[max(box.top, 0) : min(box.bottom, h), max(box.left, 0) : min(box.right, w)]
    if face.size == 0:
        return Quality(0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    grey = cv2.cvtColor(face, cv2.COLOR_RGB2GRAY)
    scale = SHARP_PX / max(grey.shape[1], 1)
    sized = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    sharpness = float(cv2.Laplacian(sized, cv2.CV_64F).var())
    luma = float(np.mean(grey))
    return Quality(
        frontal=_clamp(1.0 - abs(m.yaw - usual_yaw) / FRONTAL_SPAN),
        eyes=_clamp(m.ear / OPEN_EYES),
        size=_clamp(box.width / (GOOD_WIDTH * w)),
        light=_light(luma),
        sharp=_clamp(sharpness / SHARP_GOOD),
        luma=luma,
    )
