"""What the kiosk image holds: the product and what it needs to start on a clinic's displays,
and none of the simulators, development parts or test tools (the bundle's own archive is read,
not the spec)."""

from __future__ import annotations

import socket
import subprocess
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
DESK_FILES = ("templates/desk.html", "templates/login.html", "templates/_alerts.html",
              "static/desk.js", "static/desk.css")  # fmt: skip


def _modules(image: Path) -> set[str]:
    archive = CArchiveReader(str(image / "kiosk"))
    pyz = archive.open_embedded_archive("PYZ.pyz")
    return set(pyz.toc)


def _files(image: Path) -> list[str]:
    return [str(p.relative_to(image)) for p in image.rglob("*") if p.is_file()]


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
