"""What the kiosk image holds: the product and what it needs to start on a clinic's displays,
and none of the simulators, development parts or test tools (the bundle's own archive is read,
not the spec)."""

from __future__ import annotations

import re
import socket
import subprocess
import tarfile
import time
from pathlib import Path

import httpx
import pytest
from PyInstaller.archive.readers import CArchiveReader

# The first test to need the image may build it (a few minutes on a loaded 2-core machine).
pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

LEFT_OUT = ("kiosk.sim", "kiosk_dev", "tests", "bench", "pytest", "_pytest", "pytestqt",
            "hypothesis", "mypy", "ruff", "importlinter", "schemathesis", "playwright",
            "skimage", "PyInstaller")  # fmt: skip
PRODUCT = ("kiosk.ui.app", "kiosk.desk.cli", "kiosk.desk.app", "kiosk.records.cli",
           "kiosk.records.export_cli", "kiosk.config_cli", "kiosk.card.pcsc",
           "kiosk.face.verifier", "kiosk.eligibility.client", "kiosk.records.store",
           "fastapi", "uvicorn", "jinja2")  # fmt: skip
# What the image may weigh. On the clinic's disk it is the release's squashfs image (what
# install mounts): at most 350 MB (issue 25), with the second face model (an ONNX file of up
# to 40 MB) to come inside it. The bundle folder it is made from may not grow past today's
# measure plus that model either (packaging/README.md, "What the image holds").
INSTALLED_LIMIT_BYTES = 350 * 10**6
BUNDLE_LIMIT_MB = 630  # MiB, as du -sm: 586 measured + 40 for the ONNX model
# Data files the frozen kiosk opened in a traced PIN reception (the face models load at every
# start) and the one Mandarin speech reads.
NEEDED_FILES = (
    "face_recognition_models/models/shape_predictor_68_face_landmarks.dat",  # liveness
    "face_recognition_models/models/shape_predictor_5_face_landmarks.dat",  # alignment
    "face_recognition_models/models/dlib_face_recognition_resnet_model_v1.dat",  # encodings
    "face_recognition_models/models/mmod_human_face_detector.dat",  # face_recognition's import
    "espeakng_loader/espeak-ng-data/cmn_dict",  # Mandarin speech
    "espeakng_loader/espeak-ng-data/phontab",
    "espeakng_loader/espeak-ng-data/lang/sit/cmn",
    "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
)
DESK_FILES = ("templates/desk.html", "templates/login.html", "templates/_alerts.html",
              "static/desk.js", "static/desk.css")  # fmt: skip


def _modules(image: Path) -> set[str]:
    archive = CArchiveReader(str(image / "kiosk"))
    pyz = archive.open_embedded_archive("PYZ.pyz")
    return set(pyz.toc)


def _files(image: Path) -> list[str]:
    return [str(p.relative_to(image)) for p in image.rglob("*") if p.is_file()]


def _size_mb(image: Path) -> float:
    """Bytes on disk of the bundle's files (a symlink counts once, as its target)."""
    files = (p for p in image.rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.stat().st_size for p in files) / 2**20


def _elf_files(image: Path) -> list[Path]:
    found = []
    for path in image.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def _system_libraries() -> set[str]:
    listing = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True)
    return set(re.findall(r"^\s+(\S+) \(", listing.stdout, re.MULTILINE))


def test_the_image_holds_no_simulator_dev_or_test_module(frozen_image: Path) -> None:
    modules = _modules(frozen_image)
    leaked = sorted(m for m in modules if m.split(".")[0] in LEFT_OUT or m.startswith(LEFT_OUT))
    assert leaked == []
    files = _files(frozen_image)
    assert [f for f in files if "/kiosk/sim/" in f or "/kiosk_dev/" in f] == []
    assert [f for f in files if f.endswith("personas.toml")] == []


def test_the_image_holds_the_product_and_its_runtime_parts(frozen_image: Path) -> None:
    modules = _modules(frozen_image)
    assert set(PRODUCT) <= modules
    files = _files(frozen_image)
    platforms = {Path(f).name for f in files if "/plugins/platforms/" in f}
    assert {"libqxcb.so", "libqwayland.so", "libqoffscreen.so"} <= platforms
    assert any(f.endswith("shape_predictor_68_face_landmarks.dat") for f in files)
    assert any(f.endswith("dlib_face_recognition_resnet_model_v1.dat") for f in files)
    # OpenCV stays whole: its dnn module is to run the second face model (an ONNX file).
    assert any(f.endswith("cv2/cv2.abi3.so") for f in files)
    assert any(f.endswith("kiosk_ja.qm") for f in files)
    assert any(f.endswith("migrations/env.py") for f in files)
    assert any("budoux/models/" in f and f.endswith(".json") for f in files)
    assert any(f.endswith("pyopenjtalk/htsvoice/mei_normal.htsvoice") for f in files)
    # The web desk (kiosk-desk.service): its pages, script and style beside kiosk/desk.
    for name in DESK_FILES:
        assert any(f.endswith(f"kiosk/desk/{name}") for f in files), name


def test_the_frozen_desk_serves_its_pages_over_https(frozen_image: Path, tmp_path: Path) -> None:
    """`kiosk desk` as kiosk-desk.service runs it: its own certificate, the sign-in page, the
    script and style (data files of the bundle)."""
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{tmp_path / "k.sqlite3"}"\n'
                      f'journal_dir = "{tmp_path / "journal"}"\n', encoding="utf-8")  # fmt: skip
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    proc = subprocess.Popen(
        [str(frozen_image / "kiosk"), "desk", "serve", "--config", str(config), "--host",
         "127.0.0.1", "--port", str(port), "--tls-dir", str(tmp_path / "tls")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        with httpx.Client(base_url=f"https://127.0.0.1:{port}", verify=False, timeout=5) as web:
            deadline = time.monotonic() + 60
            while True:
                try:
                    page = web.get("/login")
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline and proc.poll() is None
                    time.sleep(0.3)
            assert page.status_code == 200 and 'name="csrf"' in page.text
            for name in ("desk.js", "desk.css"):
                assert web.get(f"/static/{name}").status_code == 200, name
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    log = proc.stderr.read() if proc.stderr else ""
    assert "Traceback" not in log, log
    assert (tmp_path / "tls" / "desk-cert.pem").is_file()


def test_the_image_stays_within_its_size(frozen_image: Path, good_release: Path) -> None:
    with tarfile.open(good_release) as tar:
        image = next(m for m in tar.getmembers() if m.name.endswith("/kiosk.squashfs"))
    assert image.size <= INSTALLED_LIMIT_BYTES, f"installed: {image.size / 1e6:.0f} MB"
    size = _size_mb(frozen_image)
    assert size <= BUNDLE_LIMIT_MB, f"the bundle grew to {size:.0f} MB (bench/image.py: by part)"


def test_the_image_lacks_no_library_or_file_the_kiosk_needs(frozen_image: Path) -> None:
    """Every shared library a binary of the bundle names is in the bundle or on the system
    (what was dropped as unused was really unneeded), and the traced data files are there."""
    internal = frozen_image / "_internal"
    shipped = {p.name for p in frozen_image.rglob("*")}
    system = _system_libraries()
    missing: dict[str, list[str]] = {}
    for elf in _elf_files(frozen_image):
        dynamic = subprocess.run(["readelf", "-d", str(elf)], capture_output=True, text=True)
        for name in re.findall(r"Shared library: \[([^\]]+)\]", dynamic.stdout):
            if name not in shipped and name not in system:
                missing.setdefault(name, []).append(str(elf.relative_to(frozen_image)))
    assert missing == {}
    assert [f for f in NEEDED_FILES if not (internal / f).is_file()] == []
