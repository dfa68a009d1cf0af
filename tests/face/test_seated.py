"""A seated patient under a camera mounted above seated eye height (issue 26 item 4): the face
shows low in the frame; the screen says they can stay seated and raise the face, and the match
goes on."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from kiosk.config import CameraConfig
from kiosk.face.camera import open_camera
from kiosk.face.hints import Hint
from kiosk.face.verifier import FaceVerifierService
from kiosk.ports import FaceOutcome, FaceResult
from kiosk.sim import face_sets, photos

pytestmark = pytest.mark.slow

TOM = face_sets.Face("tom_hanks", "tom_hanks", photos.load_photo("tom_hanks"))


def _verify(tmp_path: Path, centre_y: float, mount_height_cm: int) -> tuple[FaceResult, list[str]]:
    for seed in range(4):
        frame = face_sets.camera_frame(TOM, 130, seed=seed, augment=False, centre_y=centre_y)
        cv2.imwrite(str(tmp_path / f"{seed}.png"), frame[:, :, ::-1])
    camera = open_camera(CameraConfig(source=f"file:{tmp_path}", fps=15))
    config = CameraConfig(liveness="off", mount_height_cm=mount_height_cm)
    service = FaceVerifierService(camera, config)
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
    return result, hints


def test_a_seated_patient_under_a_high_camera_is_coached_and_matched(tmp_path: Path) -> None:
    result, hints = _verify(tmp_path, centre_y=0.76, mount_height_cm=150)
    assert result.outcome is FaceOutcome.MATCH, result
    assert Hint.SEATED_LOOK_UP in hints


def test_a_centred_face_is_not_told_it_is_seated(tmp_path: Path) -> None:
    result, hints = _verify(tmp_path, centre_y=0.5, mount_height_cm=150)
    assert result.outcome is FaceOutcome.MATCH, result
    assert Hint.SEATED_LOOK_UP not in hints


def test_a_camera_at_seated_eye_height_does_not_coach_seated(tmp_path: Path) -> None:
    # There a face low in the frame is someone short or stooping, not a seated patient.
    result, hints = _verify(tmp_path, centre_y=0.76, mount_height_cm=115)
    assert result.outcome is FaceOutcome.MATCH, result
    assert Hint.SEATED_LOOK_UP not in hints


def test_the_mounting_height_is_a_clinic_setting_with_limits() -> None:
    assert CameraConfig().mount_height_cm == 140
    with pytest.raises(ValueError):
        CameraConfig(mount_height_cm=20)
