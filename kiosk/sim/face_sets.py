"""Photos of real people that public packages ship, for calibrating the face matcher.

Used by bench/face.py (the genuine/impostor table per chip compression). None of these images
is committed: each package is fetched with its own registry's ordinary client into a cache
(``KIOSK_BENCH_CACHE``, else ``~/.cache/kiosk-bench``) and the images are read out of the archive.

Sets (what each package ships, and what it can honestly be used for):
- ``face_recognition``: the face_recognition 1.3.0 source archive (PyPI, MIT) carries test
  photos: ``obama.jpg``, ``obama2.jpg``, ``obama3.jpg`` (three different photos of one person)
  and ``biden.jpg``. Left out: ``32bit.png`` (the same picture as obama2.jpg, as PNG) and
  ``obama_partial_face*.jpg`` (crops of obama.jpg): pairing them would be a photo against itself.
- ``insightface``: the insightface 2.1 wheel (PyPI): the six people of ``t1.jpg`` and
  ``Tom_Hanks_54745.png``, one photo each (see kiosk/sim/photos.py).
- ``skimage``: scikit-image's ``astronaut`` (NASA, public domain), one photo.
- ``vladmandic``: ``demo/sample1..6.jpg`` of the @vladmandic/face-api 1.7.15 package (npm):
  group photos. The people in one photo are different people; whether the same person appears
  in two photos is not known, so these faces only make impostor pairs within their own photo
  (``group``), never across photos.

Licences: the code of these packages is MIT or BSD; the photos' own licences are not stated
(except the NASA and White House photos, public domain), so they stay in the cache.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from kiosk.face.detect import Box, Image, find_faces
from kiosk.sim import photos

FACE_RECOGNITION_SDIST = "face_recognition-1.3.0.tar.gz"
FACE_RECOGNITION_PHOTOS = {"obama.jpg": "obama", "obama2.jpg": "obama", "obama3.jpg": "obama"}
FACE_RECOGNITION_PHOTOS["biden.jpg"] = "biden"
VLADMANDIC_PACKAGE = "@vladmandic/face-api@1.7.15"
VLADMANDIC_TGZ = "vladmandic-face-api-1.7.15.tgz"
VLADMANDIC_PHOTOS = tuple(f"sample{i}.jpg" for i in range(1, 7))
# The second face descriptor the bench weighs against dlib's (kiosk/face/faceres.py): the
# faceres graph model that @vladmandic/human (npm, MIT) ships in models/.
HUMAN_PACKAGE = "@vladmandic/human@3.3.6"
HUMAN_TGZ = "vladmandic-human-3.3.6.tgz"
FACERES_FILES = ("faceres.json", "faceres.bin")
MARGIN = 0.7  # portrait crop around a face, in face widths (as kiosk.sim.photos does for t1)
MIN_FACE_PX = 100  # smaller faces in group photos are too blurred to stand for a live face


class SetUnavailable(RuntimeError):
    """A package could not be fetched (no registry and nothing in the cache)."""


@dataclass(frozen=True)
class Face:
    """One face in one photo. Same ``identity`` = the same person (known); faces with different
    identities are different people, except that ``group`` faces are only known to differ
    from the other faces of the same photo."""

    identity: str
    photo: str  # set:file, one per source photo (pairs of one photo with itself are never made)
    image: Image  # RGB portrait crop around the face
    group: str | None = None  # set for faces whose identity across photos is unknown

    def __repr__(self) -> str:  # no pixels in reprs
        return f"Face({self.identity!r}, {self.photo!r})"


def cache_dir() -> Path:
    configured = os.environ.get("KIOSK_BENCH_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "kiosk-bench"


def _fetch(name: str, command: list[str]) -> Path:
    """Run ``command`` (a registry client) in a private temp dir and keep the file ``name``."""
    target = cache_dir() / name
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        try:
            done = subprocess.run(
                command, cwd=tmp, capture_output=True, text=True, timeout=300, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SetUnavailable(f"{command[0]}: {exc}") from exc
        fetched = Path(tmp) / name
        if done.returncode != 0 or not fetched.is_file():
            raise SetUnavailable(f"fetching {name} failed: {done.stderr.strip()[-300:]}")
        os.replace(fetched, target)
    return target


def _face_recognition_sdist() -> Path:
    # --no-binary: the wheel has no tests/; --no-build-isolation: nothing else is downloaded
    # for the metadata step.
    pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", "."]
    pip += ["--disable-pip-version-check", "--no-binary", ":all:", "--no-build-isolation"]
    return _fetch(FACE_RECOGNITION_SDIST, [*pip, "face_recognition==1.3.0"])


def _vladmandic_tgz() -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise SetUnavailable("npm is not installed")
    return _fetch(VLADMANDIC_TGZ, [npm, "pack", "--silent", VLADMANDIC_PACKAGE])


def faceres_model_dir() -> Path:
    """A folder with the faceres model files, read out of the npm package into the cache."""
    folder = cache_dir() / "faceres-3.3.6"
    if all((folder / name).is_file() for name in FACERES_FILES):
        return folder
    npm = shutil.which("npm")
    if npm is None:
        raise SetUnavailable("npm is not installed")
    archive = _fetch(HUMAN_TGZ, [npm, "pack", "--silent", HUMAN_PACKAGE])
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive) as tar:
        for name in FACERES_FILES:
            handle = tar.extractfile(f"package/models/{name}")
            if handle is None:
                raise SetUnavailable(f"{HUMAN_TGZ} lacks models/{name}")
            part = folder / f".{name}.part"
            part.write_bytes(handle.read())
            os.replace(part, folder / name)
    return folder


def _decode(data: bytes) -> Image:
    bgr = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if bgr is None:
        raise SetUnavailable("an image in the archive is not readable")
    return np.ascontiguousarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))


def _read_tar(archive: Path, members: dict[str, str]) -> dict[str, Image]:
    """{file name: image} for the archive members whose path ends with /NAME."""
    out: dict[str, Image] = {}
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            name = member.name.rsplit("/", 1)[-1]
            if name in members and member.name.endswith(members[name] + name):
                handle = tar.extractfile(member)
                if handle is not None:
                    out[name] = _decode(handle.read())
    missing = set(members) - set(out)
    if missing:
        raise SetUnavailable(f"{archive.name} lacks {sorted(missing)}")
    return out


def _crop(image: Image, box: Box) -> Image:
    h, w = image.shape[:2]
    pad = int(box.width * MARGIN)
    top, bottom = max(0, box.top - pad), min(h, box.bottom + pad)
    left, right = max(0, box.left - pad), min(w, box.right + pad)
    return np.ascontiguousarray(image[top:bottom, left:right])


def _faces_in(image: Image) -> list[Box]:
    boxes = [b for b in find_faces(image, upsample=1) if b.width >= MIN_FACE_PX]
    return sorted(boxes, key=lambda b: b.left)


def face_recognition_set() -> list[Face]:
    wanted = {name: "tests/test_images/" for name in FACE_RECOGNITION_PHOTOS}
    images = _read_tar(_face_recognition_sdist(), wanted)
    faces = []
    for name, person in FACE_RECOGNITION_PHOTOS.items():
        boxes = _faces_in(images[name])
        if len(boxes) != 1:
            raise SetUnavailable(f"expected one face in {name}, found {len(boxes)}")
        faces.append(
            Face(
                f"face_recognition:{person}",
                f"face_recognition:{name}",
                _crop(images[name], boxes[0]),
            )
        )
    return faces


def single_photo_set() -> list[Face]:
    """The persona photos: one photo per person (insightface's seven, scikit-image's one)."""
    sources = ["astronaut", "tom_hanks", *(f"t1:{i}" for i in range(photos.T1_PEOPLE))]
    return [Face(s, s, photos.load_photo(s)) for s in sources]


def vladmandic_set() -> list[Face]:
    images = _read_tar(_vladmandic_tgz(), {name: "demo/" for name in VLADMANDIC_PHOTOS})
    faces = []
    for name in VLADMANDIC_PHOTOS:
        for i, box in enumerate(_faces_in(images[name])):
            photo, crop = f"vladmandic:{name}", _crop(images[name], box)
            if len(find_faces(crop, upsample=1)) == 1:  # a face the crop still shows clearly
                faces.append(Face(f"{photo}#{i}", f"{photo}#{i}", crop, photo))
    return faces


@functools.lru_cache(maxsize=1)
def all_faces() -> tuple[tuple[Face, ...], tuple[str, ...]]:
    """Every face of every set that could be had, and a note per set that could not."""
    faces: list[Face] = []
    missing: list[str] = []
    for name, load in (
        ("face_recognition", face_recognition_set),
        ("insightface+skimage", single_photo_set),
        ("vladmandic", vladmandic_set),
    ):
        try:
            faces += load()
        except (SetUnavailable, photos.PhotoUnavailable) as exc:
            missing.append(f"{name}: {exc}")
    return tuple(faces), tuple(missing)


def different_people(a: Face, b: Face) -> bool:
    """True when the two faces are known (or, across packages, assumed) to be different people."""
    if a.identity == b.identity:
        return False
    if a.group is not None and b.group is not None:
        return a.group == b.group  # across two group photos: unknown, so not used
    return True


def same_person_other_photo(a: Face, b: Face) -> bool:
    return a.group is None and a.identity == b.identity and a.photo != b.photo


FRAME_SIZE = (640, 480)


def _face_box(image: Image) -> Box:
    boxes = find_faces(image, upsample=1)
    if not boxes:
        raise SetUnavailable("no face found in a set photo")
    return max(boxes, key=lambda b: b.area)


def camera_frame(
    face: Face, face_width: int, *, seed: int, augment: bool, centre_y: float = 0.5
) -> Image:
    """``face`` as the kiosk's 640x480 camera sees it: scaled so its face is ``face_width`` px
    wide, its centre at the middle of the width and ``centre_y`` of the height (0.5: centred;
    more: lower, as a seated patient under a high camera), with frame-to-frame jitter (±2°,
    ±4 % light) and sensor noise (σ 4).
    ``augment`` adds a stronger change of view for people with one photo only (±6°, light
    0.75-1.2, a slight blur): a weaker stand-in for a second photo, reported as such."""
    rng = np.random.default_rng(seed)
    box = _face_box(face.image)
    scale = face_width / box.width
    small = cv2.resize(face.image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    cx, cy = (int(v * scale) for v in box.centre)
    w, h = FRAME_SIZE
    pad = max(w, h)
    padded = cv2.copyMakeBorder(small, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    top, left = cy + pad - round(centre_y * h), cx + pad - w // 2
    frame: npt.NDArray[np.float64] = padded[top : top + h, left : left + w].astype(np.float64)
    angle, gain = rng.uniform(-2, 2), rng.uniform(0.96, 1.04)
    if augment:
        angle += rng.choice((-1.0, 1.0)) * rng.uniform(3, 6)
        gain *= rng.uniform(0.75, 1.2)
        frame = np.asarray(cv2.GaussianBlur(frame, (0, 0), 0.8), np.float64)
    rot = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    frame = np.asarray(
        cv2.warpAffine(frame, rot, (w, h), borderMode=cv2.BORDER_REPLICATE), np.float64
    )
    frame = frame * gain + rng.normal(0, 4, frame.shape)
    out: Image = np.ascontiguousarray(np.clip(frame, 0, 255).astype(np.uint8))
    return out
