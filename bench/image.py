"""Image benchmark: the kiosk bundle's size on disk (by part), and the cold start of the frozen
`kiosk run` to the idle screen against `kiosk run` from source, started the same way in the same
run (a fresh process each, alternating, median of ``--runs``, 5 by default; offscreen, no
reader, no camera).

    .venv/bin/python bench/image.py [--image dist/kiosk] [--release dist/kiosk-….tar.gz] [--runs 5]

Without --image it uses (or builds) the test image in build/test-image. With --release it also
prints what the release takes on the clinic's disk once installed: its squashfs image. Last line:
image_mb=<n> frozen_start_s=<n> source_start_s=<n> frozen_vs_source=<ratio>
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
READY = "ready: idle screen shown"


# What each part of the bundle is for, by the first match on its path inside _internal
# (packaging/README.md, "What the image holds").
PARTS = (
    (
        "face models (dlib: 68-point liveness, 5-point alignment, encoder)",
        ("face_recognition_models/",),
    ),
    ("OpenCV (cv2 and the libraries it links: FFmpeg, OpenBLAS)", ("cv2/", "opencv_python")),
    ("dlib", ("_dlib_pybind11",)),
    ("Qt (PySide6, ICU)", ("PySide6/", "shiboken6/", "libicu")),
    ("numpy", ("numpy",)),
    ("card-front OCR (tesseract, Pillow)", ("tesserocr", "PIL/", "pillow.libs/")),
    ("speech data (Mandarin, Japanese voice)", ("espeakng_loader/", "pyopenjtalk/")),
    ("Python (interpreter, standard library)", ("libpython", "python3.", "base_library.zip")),
    ("TLS and crypto (cryptography, OpenSSL)", ("cryptography", "libcrypto", "libssl")),
    ("databases (SQLAlchemy, psycopg, SQLite)", ("sqlalchemy/", "psycopg", "libsqlite")),
)


def part_of(rel: str) -> str:
    for name, prefixes in PARTS:
        if any(rel.startswith(p) or f"/{p}" in f"/{rel}" for p in prefixes):
            return name
    return "everything else (the kiosk, the desk, small libraries)"


def size_by_part(image: Path) -> list[tuple[str, int]]:
    internal = image / "_internal"
    parts: dict[str, int] = {}
    for path in image.rglob("*"):
        if path.is_file() and not path.is_symlink():
            rel = path.relative_to(internal if internal in path.parents else image)
            name = part_of(rel.as_posix())
            parts[name] = parts.get(name, 0) + path.stat().st_size
    return sorted(parts.items(), key=lambda kv: -kv[1])


def installed_size(release: Path) -> int:
    """The bytes of the squashfs image install mounts (the bundle, compressed)."""
    with tarfile.open(release) as tar:
        return next(m.size for m in tar.getmembers() if m.name.endswith("/kiosk.squashfs"))


def start_to_idle(command: list[str], config: Path) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    t0 = time.perf_counter()
    args = [*command, "run", "--config", str(config)]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)  # fmt: skip
    assert proc.stderr is not None
    try:
        for line in proc.stderr:
            if READY in line:
                return time.perf_counter() - t0
        raise RuntimeError(f"{command[0]} ended before the idle screen")
    finally:
        proc.kill()  # only the start is measured; the clean stop is tested elsewhere
        proc.wait(timeout=60)


def config_file(folder: Path) -> Path:
    """No reader, no camera, a kiosk credential enrolled at a throw-away service folder."""
    sys.path.insert(0, str(ROOT))
    from kiosk.enroll import Identity
    from kiosk.sim.pki import NetworkCa
    from kiosk.sim.service.kiosks import enroll_local

    credential = folder / "credential"
    identity = Identity("F0000001", "1312345678", "kiosk-01")  # the config's defaults
    enroll_local(folder / "service", NetworkCa(folder / "ca"), credential, identity)
    path = folder / "kiosk.toml"
    path.write_text(
        f'[kiosk]\ncredential_dir = "{credential}"\n'
        f'[database]\nurl = "sqlite:///{folder / "k.sqlite3"}"\njournal_dir = "{folder / "j"}"\n'
        '[card]\nreader = "^no such reader$"\n[camera]\nsource = "device:99"\n'
        "[ui]\nvoice = false\n",
        encoding="utf-8",
    )
    return path


def test_image() -> Path:
    sys.path.insert(0, str(ROOT))
    from tests.kiosk_image.conftest import image_for_tests  # builds once per source state

    return image_for_tests()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--image", type=Path, help="a bundle folder (default: the test build)")
    parser.add_argument("--runs", type=int, default=RUNS, help=f"starts of each ({RUNS})")
    parser.add_argument("--release", type=Path, help="a release tarball packaging/pack made")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    runs = args.runs
    image = args.image or test_image()
    parts = size_by_part(image)
    total = sum(size for _, size in parts)
    for name, size in parts[:12]:
        print(f"  {size / 2**20:7.1f} MB  {name}")
    print(f"  {total / 2**20:7.1f} MB  total on disk ({image})")
    if args.release:
        print(f"  {installed_size(args.release) / 2**20:7.1f} MB  installed: the release's "
              f"squashfs image ({args.release.name})")  # fmt: skip
    frozen, source = [], []
    with tempfile.TemporaryDirectory() as tmp:
        config = config_file(Path(tmp))
        for _ in range(runs):
            frozen.append(start_to_idle([str(image / "kiosk")], config))
            source.append(start_to_idle([sys.executable, "-m", "kiosk"], config))
    f, s = statistics.median(frozen), statistics.median(source)
    print(f"frozen start {f:.2f} s, source start {s:.2f} s (median of {runs}, alternating)")
    print(f"image_mb={total / 2**20:.0f} frozen_start_s={f:.2f} source_start_s={s:.2f} "
          f"frozen_vs_source={f / s:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
