"""How far the patient stands: a face at a normal arm's length is matched, not sent closer."""

from __future__ import annotations

from pathlib import Path

import cv2

from kiosk.config import CameraConfig
from kiosk.face.analysis import TOO_FAR, analyse
from kiosk.face.camera import open_camera
from kiosk.face.hints import Hint
from kiosk.face.verifier import FaceVerifierService
from kiosk.ports import FaceOutcome
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


# Issue 27: tom_hanks' face rendered 84 px wide is found by the full-frame pass at 96 px (0.150
# of the width) and by the search around the tracked face at 72 px (0.1125), below TOO_FAR.
TOM = face_sets.Face("tom_hanks", "tom_hanks", photos.load_photo("tom_hanks"))


def _arms_length(seed: int) -> photos.Image:
    return face_sets.camera_frame(TOM, 84, seed=seed, augment=False)


def test_the_search_around_the_face_measures_it_as_the_full_frame_pass_does() -> None:
    frame = _arms_length(0)
    full = analyse(frame)
    assert full.hint is None and full.box is not None
    assert full.box.width >= TOO_FAR * 640
    around = analyse(frame, near=full.box)
    assert around.hint is None, around
    assert around.measures is not None


def test_a_face_at_arms_length_is_encoded_and_matched(tmp_path: Path) -> None:
    # A still-frame camera standing for the patient; before the fix every frame between two
    # full-frame passes said too_far, the face never settled and the session timed out.
    for seed in range(4):
        cv2.imwrite(str(tmp_path / f"{seed}.png"), _arms_length(seed)[:, :, ::-1])
    camera = open_camera(CameraConfig(source=f"file:{tmp_path}", fps=15))
    service = FaceVerifierService(camera, CameraConfig(liveness="off"))
    hints: list[str] = []
    try:
        result = service.verify(
            photos.chip_photo_jp2("tom_hanks"),
            budget_s=15,
            is_cancelled=lambda: False,
            on_hint=hints.append,
        )
    finally:
        service.close()
    assert result.outcome is FaceOutcome.MATCH, result
    assert Hint.TOO_FAR not in hints
