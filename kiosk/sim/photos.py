"""Face photos for the demo personas and the tests, and card-style chip photos made from them.

Sources (the ``photo`` field of kiosk/sim/data/personas.toml):
- ``astronaut``: scikit-image's public-domain NASA portrait (ships with scikit-image);
- ``tom_hanks``: ``Tom_Hanks_54745.png`` from the insightface 2.1 wheel;
- ``t1:N``: face N (0..5, left to right) of the six people in the wheel's ``t1.jpg``;
- ``mask:COLOUR``: a surgical-mask texture (black, blue, green, white) from the same wheel, which
  the synthetic camera lays over a face.

The insightface images have an unclear licence, so they are never committed: the 1.1 MB wheel is
fetched at run time with ``pip download --no-deps`` into a cache directory (``KIOSK_CACHE_DIR``,
else ``~/.cache/kiosk``) and the images are read straight out of the zip. These are fixtures, not
patient data, so caching them on disk is allowed; live frames and chip photos never are.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from kiosk.face.detect import Box, find_faces

Image = npt.NDArray[np.uint8]

INSIGHTFACE_VERSION = "2.1"  # the first wheel that carries insightface/data/images/
WHEEL_NAME = f"insightface-{INSIGHTFACE_VERSION}-py3-none-any.whl"
IMAGES_IN_WHEEL = "insightface/data/images/"
T1_PEOPLE = 6
MASK_COLOURS = ("black", "blue", "green", "white")
CHIP_SIZE = (160, 200)  # width, height: roughly passport proportions
CHIP_JP2_RATE_X1000 = 150  # JPEG 2000 compression: a few kB, like the 券面AP photo


class PhotoError(ValueError):
    """The photo source is not one we know, or its face cannot be found."""


class PhotoUnavailable(RuntimeError):
    """The sample images could not be fetched (no network and nothing in the cache)."""


def cache_dir() -> Path:
    configured = os.environ.get("KIOSK_CACHE_DIR")
    return Path(configured) if configured else Path.home() / ".cache" / "kiosk"


def _fetch_wheel() -> Path:
    target = cache_dir() / WHEEL_NAME
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # Download into a private temp dir, then rename: parallel test runs never see half a file.
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet"]
        cmd += ["--disable-pip-version-check", "-d", tmp, f"insightface=={INSIGHTFACE_VERSION}"]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
        fetched = Path(tmp) / WHEEL_NAME
        if done.returncode != 0 or not fetched.is_file():
            raise PhotoUnavailable(f"pip download insightface failed: {done.stderr.strip()[-400:]}")
        os.replace(fetched, target)
    return target


@functools.lru_cache(maxsize=16)
def _wheel_image(name: str) -> Image:
    with zipfile.ZipFile(_fetch_wheel()) as wheel:
        data = wheel.read(IMAGES_IN_WHEEL + name)
    bgr = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if bgr is None:
        raise PhotoUnavailable(f"{name} in {WHEEL_NAME} is not a readable image")
    return np.ascontiguousarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))


@functools.lru_cache(maxsize=1)
def _t1_boxes() -> tuple[Box, ...]:
    boxes = find_faces(_wheel_image("t1.jpg"), upsample=1)
    if len(boxes) != T1_PEOPLE:
        raise PhotoError(f"expected {T1_PEOPLE} faces in t1.jpg, found {len(boxes)}")
    return tuple(sorted(boxes, key=lambda b: b.left + b.right))


def _portrait_crop(image: Image, box: Box, margin: float) -> Image:
    """Cut a head-and-shoulders portrait around ``box``, clamped to the image."""
    h, w = image.shape[:2]
    pad_x = int(box.width * margin)
    pad_y = int(box.height * margin)
    top, bottom = max(0, box.top - pad_y), min(h, box.bottom + pad_y)
    left, right = max(0, box.left - pad_x), min(w, box.right + pad_x)
    return np.ascontiguousarray(image[top:bottom, left:right])


@functools.lru_cache(maxsize=16)
def _decoded(source: str) -> Image:
    kind, _, arg = source.partition(":")
    if source == "astronaut":
        from skimage import data

        return np.ascontiguousarray(data.astronaut(), dtype=np.uint8)  # type: ignore[no-untyped-call]
    if source == "tom_hanks":
        return _wheel_image("Tom_Hanks_54745.png")
    if kind == "t1" and arg.isdigit() and int(arg) < T1_PEOPLE:
        return _portrait_crop(_wheel_image("t1.jpg"), _t1_boxes()[int(arg)], margin=0.7)
    if kind == "mask" and arg in MASK_COLOURS:
        return _wheel_image(f"mask_{arg}.jpg")
    known = "astronaut, tom_hanks, t1:0..t1:5, mask:" + "|".join(MASK_COLOURS)
    raise PhotoError(f"unknown photo source {source!r} (known: {known})")


def load_photo(source: str) -> Image:
    """The RGB uint8 photo for ``source``; a fresh copy each call, decoded once per process."""
    return _decoded(source).copy()


def _largest_face(image: Image) -> Box:
    boxes = find_faces(image, upsample=1)
    if not boxes:
        raise PhotoError("no face found in the photo")
    return max(boxes, key=lambda b: b.width * b.height)


def card_crop(image: Image) -> Image:
    """A passport-style grey crop (CHIP_SIZE) of the largest face, edges replicated if needed."""
    box = _largest_face(image)
    out_w, out_h = CHIP_SIZE
    crop_h = int(box.height * 1.9)  # HOG boxes span brow to chin; leave room for hair and neck
    crop_w = crop_h * out_w // out_h
    cx = (box.left + box.right) // 2
    cy = (box.top + box.bottom) // 2 - box.height // 10
    top, left = cy - crop_h // 2, cx - crop_w // 2
    pad = max(crop_h, crop_w)
    padded = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    crop = padded[top + pad : top + pad + crop_h, left + pad : left + pad + crop_w]
    grey = cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY)
    return np.ascontiguousarray(cv2.resize(grey, CHIP_SIZE, interpolation=cv2.INTER_AREA))


def encode_jp2(grey: Image, rate_x1000: int = CHIP_JP2_RATE_X1000) -> bytes:
    params = [cv2.IMWRITE_JPEG2000_COMPRESSION_X1000, rate_x1000]
    ok, buf = cv2.imencode(".jp2", grey, params)
    if not ok:
        raise PhotoError("JPEG 2000 encoding failed")
    return buf.tobytes()


def encode_jp2_size(grey: Image, target_bytes: int) -> bytes:
    """The JPEG 2000 file closest to ``target_bytes`` without going over (the 券面AP photo's
    real size is not published: the calibration tries several)."""
    low, high = 1, 1000
    best = encode_jp2(grey, low)
    while low <= high:
        rate = (low + high) // 2
        data = encode_jp2(grey, rate)
        if len(data) <= target_bytes:
            best, low = data, rate + 1
        else:
            high = rate - 1
    return best


def chip_photo_jp2(source: str) -> bytes:
    """The card-style photo (monochrome JPEG 2000, 160x200) the virtual card's chip carries."""
    return encode_jp2(card_crop(load_photo(source)))
