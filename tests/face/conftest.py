from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import CameraConfig
from kiosk.face.camera import Camera, Frame
from kiosk.face.verifier import FaceVerifierService

# The insightface sample photos are fetched once into a cache shared by all test runs.
os.environ.setdefault("KIOSK_CACHE_DIR", str(Path.home() / ".cache" / "kiosk"))


@pytest.fixture(scope="session")
def service() -> Iterator[FaceVerifierService]:
    """One verifier (and one encoder process) for the face tests; each test sets its camera."""
    from kiosk.sim.camera import SyntheticCamera

    svc = FaceVerifierService(SyntheticCamera("astronaut"), CameraConfig(), liveness_window_s=2.5)
    yield svc
    svc.close()


def first_frame(camera: Camera, timeout: float = 10.0) -> Frame:
    camera.start()
    try:
        frame = camera.wait_newer(-1, timeout)
        assert frame is not None, camera.error
        return frame
    finally:
        camera.stop()
