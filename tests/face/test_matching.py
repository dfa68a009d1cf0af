"""Genuine pairs (a photo vs its card-style crop, and augmented frames) match; impostors do not,
at the smallest and the largest chip photo sizes the calibration uses (docs/face.md)."""

from __future__ import annotations

import itertools

import cv2
import numpy as np
import pytest

from kiosk.config import CameraConfig
from kiosk.face.detect import Box, distance, encode, find_faces
from kiosk.face.encoder import grey_crop
from kiosk.face.verifier import chip_face, decode_chip_photo
from kiosk.sim import photos

SOURCES = ["astronaut", "tom_hanks", *(f"t1:{i}" for i in range(6))]
THRESHOLD = CameraConfig().match_threshold


def _live_encoding(image: np.ndarray) -> np.ndarray:
    boxes = find_faces(image, upsample=1)
    assert boxes
    return encode(*grey_crop(image, max(boxes, key=lambda b: b.area)))


def _chip_encoding(source: str, size: int) -> np.ndarray:
    jp2 = photos.encode_jp2_size(photos.card_crop(photos.load_photo(source)), size)
    assert len(jp2) <= size
    image = decode_chip_photo(jp2)
    assert image is not None
    box = chip_face(image)
    assert box is not None, source
    return encode(*grey_crop(image, box))


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


@pytest.fixture(scope="module")
def lives() -> dict[str, np.ndarray]:
    return {s: _live_encoding(_augment(photos.load_photo(s))) for s in SOURCES}


@pytest.mark.parametrize("size", [1500, 5000])
def test_genuine_pairs_match_and_impostors_do_not(size: int, lives: dict[str, np.ndarray]) -> None:
    chips = {s: _chip_encoding(s, size) for s in SOURCES}
    for source in SOURCES:
        assert distance(chips[source], lives[source]) < THRESHOLD, source
    impostor = [distance(chips[a], lives[b]) for a, b in itertools.permutations(SOURCES, 2)]
    assert min(impostor) > THRESHOLD


def test_the_live_face_is_compared_in_grey_like_the_chip_photo() -> None:
    colour = np.zeros((100, 120, 3), np.uint8)
    colour[..., 0] = 200  # red
    crop, box = grey_crop(colour, Box(top=40, right=90, bottom=80, left=50))
    assert (crop[..., 0] == crop[..., 1]).all() and (crop[..., 1] == crop[..., 2]).all()
    assert box == Box(top=20, right=60, bottom=60, left=20)  # in the crop: margin of half a face


def test_a_chip_photo_is_made_at_the_size_asked() -> None:
    grey = photos.card_crop(photos.load_photo("astronaut"))
    sizes = [len(photos.encode_jp2_size(grey, n)) for n in (1500, 2500, 3500, 5000)]
    assert all(n - 300 < got <= n for got, n in zip(sizes, (1500, 2500, 3500, 5000), strict=True))
