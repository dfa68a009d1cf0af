"""Genuine pairs (a photo vs its card-style crop, and augmented frames) match; impostors do not."""

from __future__ import annotations

import itertools

import cv2
import numpy as np

from kiosk.config import CameraConfig
from kiosk.face.detect import distance, encode, find_faces
from kiosk.face.verifier import decode_chip_photo
from kiosk.sim import photos

SOURCES = ["astronaut", "tom_hanks", *(f"t1:{i}" for i in range(6))]
THRESHOLD = CameraConfig().match_threshold


def _encoding(image: np.ndarray) -> np.ndarray:
    boxes = find_faces(image, upsample=1)
    assert boxes
    return encode(image, max(boxes, key=lambda b: b.area))


def _augment(image: np.ndarray) -> np.ndarray:
    """A webcam-ish view: a little rotation, darker, noisy."""
    pad = image.shape[0] // 4  # room around tightly cropped photos (tom_hanks is 112x112)
    image = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), 4, 1.0)
    moved = cv2.warpAffine(image, m, (w, h), borderMode=cv2.BORDER_REPLICATE)
    dim = cv2.convertScaleAbs(moved, alpha=0.8, beta=5)
    noise = np.random.default_rng(1).normal(0, 5, dim.shape)
    return np.clip(dim + noise, 0, 255).astype(np.uint8)


def test_genuine_pairs_match_and_impostors_do_not() -> None:
    chips = {s: _encoding(decode_chip_photo(photos.chip_photo_jp2(s))) for s in SOURCES}
    lives = {s: _encoding(_augment(photos.load_photo(s))) for s in SOURCES}
    for source in SOURCES:
        assert distance(chips[source], lives[source]) < THRESHOLD, source
    impostor = [distance(chips[a], lives[b]) for a, b in itertools.permutations(SOURCES, 2)]
    assert min(impostor) > THRESHOLD
