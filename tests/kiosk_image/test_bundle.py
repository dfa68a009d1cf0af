"""What the kiosk image holds: the product and what it needs to start on a clinic's displays,
and none of the simulators, development parts or test tools (the bundle's own archive is read,
not the spec)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PyInstaller.archive.readers import CArchiveReader

# The first test to need the image may build it (a few minutes on a loaded 2-core machine).
pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

LEFT_OUT = ("kiosk.sim", "kiosk_dev", "tests", "bench", "pytest", "_pytest", "pytestqt",
            "hypothesis", "mypy", "ruff", "importlinter", "schemathesis", "fastapi", "uvicorn",
            "starlette", "skimage", "PyInstaller")  # fmt: skip
PRODUCT = ("kiosk.ui.app", "kiosk.ui.staff_app", "kiosk.records.cli", "kiosk.records.export_cli",
           "kiosk.config_cli", "kiosk.card.pcsc", "kiosk.face.verifier",
           "kiosk.eligibility.client", "kiosk.records.store")  # fmt: skip


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
