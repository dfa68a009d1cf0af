"""Frame quality: the best frames decide an unsure session, and the patient is told what would
make a better one (issue 27)."""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.face.analysis import analyse
from kiosk.face.hints import Hint
from kiosk.face.liveness import Measures
from kiosk.face.quality import Quality, quality
from kiosk.sim import face_sets, photos

TOM = face_sets.Face("tom_hanks", "tom_hanks", photos.load_photo("tom_hanks"))


def _quality(frame: np.ndarray) -> Quality:
    a = analyse(frame)
    assert a.box is not None and a.measures is not None, a
    return quality(frame, a.box, a.measures, a.measures.yaw)


def test_a_sharp_frontal_well_lit_close_face_scores_best() -> None:
    good = _quality(face_sets.camera_frame(TOM, 150, seed=0, augment=False))
    assert good.score > 0.9
    assert good.coaching() is Hint.HOLD_STILL


def test_a_blurred_face_scores_lower_than_the_same_face_sharp() -> None:
    frame = face_sets.camera_frame(TOM, 150, seed=0, augment=False)
    blurred = np.ascontiguousarray(cv2.GaussianBlur(frame, (0, 0), 2.0))
    assert _quality(blurred).score < 0.5 * _quality(frame).score


def test_a_small_face_is_asked_closer() -> None:
    far = _quality(face_sets.camera_frame(TOM, 84, seed=0, augment=False))
    assert far.coaching() is Hint.TOO_FAR


def test_the_weakest_part_is_what_the_patient_is_asked_to_fix() -> None:
    turned = Quality(frontal=0.3, eyes=1.0, size=1.0, light=1.0, sharp=1.0, luma=120)
    assert turned.coaching() is Hint.LOOK_AT_CAMERA
    dim = Quality(frontal=1.0, eyes=1.0, size=0.9, light=0.4, sharp=1.0, luma=60)
    assert dim.coaching() is Hint.TOO_DARK
    glare = Quality(frontal=1.0, eyes=1.0, size=0.9, light=0.4, sharp=1.0, luma=195)
    assert glare.coaching() is Hint.TOO_BRIGHT


def test_a_face_turned_from_its_usual_pose_scores_lower() -> None:
    frame = face_sets.camera_frame(TOM, 150, seed=0, augment=False)
    a = analyse(frame)
    assert a.box is not None and a.measures is not None
    turned = Measures(a.measures.ear, a.measures.yaw + 0.1, a.measures.eye_contrast)
    assert quality(frame, a.box, turned, a.measures.yaw).frontal < 0.5
