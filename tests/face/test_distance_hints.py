"""How far the patient stands: a face at a normal arm's length is matched, not sent closer."""

from __future__ import annotations

from kiosk.face.analysis import TOO_FAR, analyse
from kiosk.face.hints import Hint
from kiosk.sim import face_sets, photos

ASTRONAUT = face_sets.Face("astronaut", "astronaut", photos.load_photo("astronaut"))


def _frame(face_width: int) -> photos.Image:
    return face_sets.camera_frame(ASTRONAUT, face_width, seed=0, augment=False)


def test_a_face_at_arms_length_is_analysed_not_sent_closer() -> None:
    # 15 % of 640 px is a normal arm's length (issue 11); it used to say too_far below 17 %.
    a = analyse(_frame(96))
    assert a.hint is None and a.box is not None and a.measures is not None


def test_a_face_too_small_for_the_detector_is_asked_to_come_closer() -> None:
    # At ~9 % HOG finds no face at full size: this used to say no_face.
    a = analyse(_frame(56))
    assert a.hint is Hint.TOO_FAR
    assert a.box is not None and a.box.width < TOO_FAR * 640


def test_an_empty_scene_is_still_no_face() -> None:
    blank = _frame(96) * 0 + 150
    assert analyse(blank).hint is Hint.NO_FACE
