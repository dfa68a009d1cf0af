"""`kiosk run` as its own process, offscreen: it reaches the idle screen with the configured
store, client, PC/SC reader and synthetic camera, and SIGTERM closes it cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.enroll import Identity
from kiosk.sim.pki import NetworkCa
from kiosk.sim.service.kiosks import enroll_local

pytestmark = pytest.mark.integration


def test_kiosk_run_starts_and_stops_on_sigterm(tmp_path: Path) -> None:
    credential = tmp_path / "credential"
    identity = Identity("F0000001", "1312345678", "kiosk-01")  # the config's defaults
    enroll_local(tmp_path / "service", NetworkCa(tmp_path / "ca"), credential, identity)
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f"""
[kiosk]
credential_dir = "{credential}"
[database]
url = "sqlite:///{tmp_path / "kiosk.sqlite3"}"
journal_dir = "{tmp_path / "journal"}"
[camera]
source = "synthetic:astronaut"
[ui]
voice = false
""",
        encoding="utf-8",
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--windowed", "--config", str(config)],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stderr is not None
    try:
        deadline = time.monotonic() + 60
        lines = []
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            lines.append(line)
            if "ready: idle screen shown" in line or not line:
                break
        assert any("ready: idle screen shown" in x for x in lines), "".join(lines)
        time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        rest = proc.stderr.read()
        assert "Traceback" not in rest, rest
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
