"""The simulators live in kiosk.sim, apart from the product: `kiosk run` loads none of them unless
its configuration names a simulated device, and then only through an entry point."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk.config import ConfigError, load_config
from kiosk.face.camera import CameraError, open_camera
from kiosk.plugins import CAMERAS, AdapterUnavailable, load_adapter

PRODUCT_ENTRY_POINTS = ["kiosk.ui.app", "kiosk.desk.cli", "kiosk.desk.app", "kiosk.records.cli",
                        "kiosk.records.export_cli", "kiosk.config_cli"]  # fmt: skip


def test_product_entry_points_load_no_simulator_module() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {PRODUCT_ENTRY_POINTS!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('kiosk.sim', 'kiosk_dev'))))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_a_configured_synthetic_camera_comes_through_its_entry_point() -> None:
    config = load_config(environ={}, overrides={"camera": {"source": "synthetic:astronaut"}})
    camera = open_camera(config.camera)
    assert type(camera).__module__ == "kiosk.sim.camera"


def test_an_adapter_the_build_lacks_is_a_clear_error() -> None:
    with pytest.raises(AdapterUnavailable, match="no 'holo' adapter in this build"):
        load_adapter(CAMERAS, "holo")
    with pytest.raises(ConfigError, match="KIND one of device, file, synthetic"):
        load_config(environ={}, overrides={"camera": {"source": "holo:1"}})
    config = load_config(environ={}, overrides={"camera": {"source": "device:0"}})
    with pytest.raises(CameraError, match="unknown camera source 'holo:1'"):
        open_camera(config.camera.model_copy(update={"source": "holo:1"}))


def test_a_development_command_missing_from_the_build_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk import cli

    def missing(name: str) -> object:
        raise ModuleNotFoundError(f"No module named {name!r}", name="kiosk.sim")

    monkeypatch.setattr(cli.importlib, "import_module", missing)
    assert cli.main(["demo"]) == 2
    assert "development command, not part of this build" in capsys.readouterr().err
