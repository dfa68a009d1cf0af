from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.face.detect import find_faces
from kiosk.sim import photos


def test_sources_decode_to_rgb_portraits_with_one_face() -> None:
    for source in ["astronaut", "tom_hanks", *(f"t1:{i}" for i in range(6))]:
        image = photos.load_photo(source)
        assert image.dtype == np.uint8 and image.ndim == 3 and image.shape[2] == 3
        assert find_faces(image, upsample=1), source


def test_t1_people_are_six_different_crops_left_to_right() -> None:
    crops = [photos.load_photo(f"t1:{i}") for i in range(6)]
    means = {round(float(c.mean()), 3) for c in crops}
    assert len(means) == 6


def test_load_photo_returns_a_copy_the_caller_may_change() -> None:
    first = photos.load_photo("astronaut")
    first[:] = 0
    assert photos.load_photo("astronaut").any()


def test_unknown_source_is_a_typed_error() -> None:
    with pytest.raises(photos.PhotoError):
        photos.load_photo("t1:6")
    with pytest.raises(photos.PhotoError):
        photos.load_photo("nobody")


def test_chip_photo_is_a_small_monochrome_jpeg2000_portrait() -> None:
    jp2 = photos.chip_photo_jp2("t1:2")
    assert jp2[:12] == b"\x00\x00\x00\x0cjP  \r\n\x87\n"  # JP2 signature box
    assert 1_000 < len(jp2) < 12_000
    grey = cv2.imdecode(np.frombuffer(jp2, np.uint8), cv2.IMREAD_UNCHANGED)
    assert grey.shape == (200, 160)
    rgb = cv2.cvtColor(grey, cv2.COLOR_GRAY2RGB)
    assert len(find_faces(rgb, upsample=1)) == 1


@pytest.mark.parametrize("person", ["astronaut", "tom_hanks"])
def test_the_synthetic_head_turn_grows_steadily_like_a_real_one(person: str) -> None:
    # The former nose slide saturated and then read as frontal again at its strongest: the
    # verifier must meet what a real head does, yaw growing with the turn.
    from kiosk.face.analysis import analyse
    from kiosk.sim.camera import TURN_LEVELS, SyntheticCamera

    camera = SyntheticCamera(person, seed=1)
    camera._open()
    try:
        frontal = analyse(camera._poses["open"]).measures
        assert frontal is not None
        for side, sign in (("left", 1.0), ("right", -1.0)):
            offsets = []
            for level in range(1, TURN_LEVELS + 1):
                m = analyse(camera._poses[f"{side}{level}"]).measures
                assert m is not None, (side, level)
                offsets.append(sign * (m.yaw - frontal.yaw))
            assert offsets == sorted(offsets) and offsets[-1] > 0.10, (side, offsets)
    finally:
        camera.stop()


def test_the_frames_camera_plays_its_frames_in_a_loop() -> None:
    from kiosk.sim.camera import FramesCamera

    frames = [np.full((48, 64, 3), v, np.uint8) for v in (10, 20, 30)]
    camera = FramesCamera(frames, fps=60)
    camera.start()
    try:
        seen, last = [], -1
        while len(seen) < 5:
            frame = camera.wait_newer(last, 2.0)
            assert frame is not None
            seen.append(int(frame.image[0, 0, 0]))
            last = frame.index
    finally:
        camera.stop()
    assert set(seen) <= {10, 20, 30} and len(set(seen)) > 1


def test_a_frames_camera_needs_a_frame() -> None:
    from kiosk.sim.camera import FramesCamera

    with pytest.raises(ValueError):
        FramesCamera([])


def test_a_camera_frame_can_put_the_face_low_as_a_seated_patient_shows() -> None:
    from kiosk.sim import face_sets

    face = face_sets.Face("astronaut", "astronaut", photos.load_photo("astronaut"))
    low = face_sets.camera_frame(face, 120, seed=0, augment=False, centre_y=0.75)
    (box,) = find_faces(low)
    assert box.centre[1] > 0.65 * 480
