"""Per-frame analysis: find the face to match, or the coaching hint that explains why not."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.face.detect import Box, Image, detect, landmarks
from kiosk.face.hints import Hint
from kiosk.face.liveness import Measures, measures

DETECT_WIDTH = 480  # HOG at 0.75 x 640: 26 ms instead of 46 ms; finds faces from ~107 px wide
# Face width / frame width. 15 % at 640x480 (96 px) is a normal arm's length: on real people's
# photos such a face matched its chip photo as well as a 23 % one (docs/face.md, calibration).
# Below ~12 % HOG at full size no longer finds the face (its window is 80 px); a smaller one is
# looked for at 2x in the middle of the picture only to say "come closer".
TOO_FAR = 0.12
TOO_CLOSE = 0.55
TOO_DARK = 45  # mean luma of the face (or the frame centre when no face is found)
TOO_BRIGHT = 210
SECOND_FACE = 0.3  # a second face this large (area ratio) makes the frame ambiguous
LOOK_AWAY_YAW = 0.35
ROI_FACE_PX = 100  # HOG's window is 80 px: a little margin keeps the detection stable


@dataclass(frozen=True)
class FrameAnalysis:
    hint: Hint | None  # None: a single good face, ready to match
    box: Box | None = None  # the face to match, full-resolution coordinates
    measures: Measures | None = None


def _luma(image: Image, box: Box | None) -> float:
    h, w = image.shape[:2]
    if box is None:
        region = image[h // 4 : 3 * h // 4, w // 4 : 3 * w // 4]
    else:
        region = image[max(box.top, 0) : box.bottom, max(box.left, 0) : box.right]
    grey = cv2.cvtColor(region, cv2.COLOR_RGB2GRAY) if region.size else region
    return float(np.mean(grey)) if grey.size else 0.0


def _light_hint(luma: float) -> Hint | None:
    if luma < TOO_DARK:
        return Hint.TOO_DARK
    if luma > TOO_BRIGHT:
        return Hint.TOO_BRIGHT
    return None


def _pick(boxes: list[Box], width: int, height: int) -> Box:
    """The largest face, favouring the centre of the picture."""

    def score(b: Box) -> float:
        cx, cy = b.centre
        off = abs(cx / width - 0.5) + abs(cy / height - 0.5)
        return b.area * (1.0 - off)

    return max(boxes, key=score)


def _nothing_found(image: Image, weak: int) -> FrameAnalysis:
    luma = _light_hint(_luma(image, None))
    if luma is not None:
        return FrameAnalysis(luma)
    return FrameAnalysis(Hint.MASK_SUSPECTED if weak else Hint.NO_FACE)


def _full_frame(image: Image, detect_width: int) -> tuple[list[Box], int]:
    """Faces in the whole frame, largest first: on a reduced copy, then (if none) at full size,
    which finds faces too small for the copy (too far) or that the copy blurred (turned)."""
    w = image.shape[1]
    scale = min(1.0, detect_width / w)
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    found = detect(np.ascontiguousarray(small) if scale < 1.0 else image, upsample=0)
    boxes = [b.scaled(1 / scale) for b in found.faces]
    weak = found.weak
    if not boxes and scale < 1.0:
        full = detect(image, upsample=0)
        boxes, weak = full.faces, weak + full.weak
    return sorted(boxes, key=lambda b: -b.area), weak


def _near(image: Image, near: Box) -> Box | None:
    """Look for the face again only around where it was, shrunk to just above HOG's 80 px.
    For following the face only: HOG's box sizes step with its image pyramid, so this search
    can measure the same face a step smaller or larger than the full-frame pass does."""
    h, w = image.shape[:2]
    top, bottom = max(near.top - near.height // 2, 0), min(near.bottom + near.height // 2, h)
    left, right = max(near.left - near.width // 2, 0), min(near.right + near.width // 2, w)
    scale = min(1.0, ROI_FACE_PX / max(near.width, 1))
    roi = cv2.resize(image[top:bottom, left:right], None, fx=scale, fy=scale)
    faces = detect(np.ascontiguousarray(roi), upsample=0).faces
    if len(faces) != 1:
        return None
    return faces[0].scaled(1 / scale).shifted(left, top)


def _small_face(image: Image) -> Box | None:
    """A face too small for HOG at full size (someone standing back), in the middle half of the
    picture at twice the size: only run when nothing else was found."""
    h, w = image.shape[:2]
    top, left = h // 4, w // 4
    middle = np.ascontiguousarray(image[top : top + h // 2, left : left + w // 2])
    faces = detect(middle, upsample=1).faces
    if not faces:
        return None
    return max(faces, key=lambda b: b.area).shifted(left, top)


def _size_hint(box: Box, frame_width: int) -> Hint | None:
    if box.width < TOO_FAR * frame_width:
        return Hint.TOO_FAR
    if box.width > TOO_CLOSE * frame_width:
        return Hint.TOO_CLOSE
    return None


def _find(
    image: Image, near: Box | None, detect_width: int
) -> tuple[Box | None, FrameAnalysis | None]:
    """The face to analyse, or the analysis that says why there is none. The search around
    ``near`` only follows the face: when its box would send the patient closer or back, the
    full-frame pass measures the face instead, so both passes judge the distance alike."""
    h, w = image.shape[:2]
    if near is not None:
        box = _near(image, near)
        if box is not None and _size_hint(box, w) is None:
            return box, None
    boxes, weak = _full_frame(image, detect_width)
    if not boxes:
        small = _small_face(image)
        if small is not None and small.width < TOO_FAR * w:
            return None, FrameAnalysis(Hint.TOO_FAR, small)
        return None, _nothing_found(image, weak)
    if len(boxes) > 1 and boxes[1].area >= SECOND_FACE * boxes[0].area:
        return None, FrameAnalysis(Hint.SEVERAL_FACES)
    return _pick(boxes, w, h), None


def analyse(
    image: Image, *, near: Box | None = None, detect_width: int = DETECT_WIDTH
) -> FrameAnalysis:
    """Analyse one frame; with ``near`` (the face's last box) search only around it first."""
    box, why_not = _find(image, near, detect_width)
    if box is None:
        assert why_not is not None
        return why_not
    light = _light_hint(_luma(image, box))
    if light is not None:
        return FrameAnalysis(light, box)
    size = _size_hint(box, image.shape[1])
    if size is not None:
        return FrameAnalysis(size, box)
    grey = np.asarray(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY), np.uint8)
    face = grey[max(box.top, 0) : box.bottom, max(box.left, 0) : box.right]
    measured = measures(landmarks(image, box), grey, float(face.std()) if face.size else 0.0)
    if measured is None:
        return FrameAnalysis(Hint.LOOK_AT_CAMERA, box)
    return FrameAnalysis(None, box, measured)
