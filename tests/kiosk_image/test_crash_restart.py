"""A kiosk that dies mid-reception (killed: a crash, an abort, a power cut) comes back to the
idle screen when systemd restarts it, and the interrupted reception is in the records, flagged
for staff, with a desk alert — through the real `kiosk run`, a virtual card behind pcscd."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.ports import AlertReason, ReceptionOutcome
from kiosk.records.store import open_store
from tests.kiosk_image.conftest import Rig
from tests.kiosk_image.kiosk_process import KioskProcess
from tests.recent import recent_receptions

pytestmark = pytest.mark.integration


def _kiosk(config: Path, log: Path) -> KioskProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONFAULTHANDLER": "1"}
    return KioskProcess([sys.executable, "-m", "kiosk", "run", "--config", str(config)], env, log)


def test_a_killed_kiosk_records_the_interrupted_reception_at_its_next_start(
    rig: Rig, tmp_path: Path
) -> None:
    config = rig.config()
    first = _kiosk(config, tmp_path / "first.log")
    try:
        first.wait_log("ready: idle screen shown")
        rig.stack.insert("sato_hanako")
        first.wait_log(r"-> pin_entry|-> choose_method")
    finally:
        first.proc.send_signal(signal.SIGKILL)
        first.proc.wait(timeout=30)
    rig.stack.remove()

    second = _kiosk(config, tmp_path / "second.log")
    try:
        second.wait_log("was interrupted at")
        second.wait_log("ready: idle screen shown")
        # SIGTERM waits for a camera still opening (dlib loads first): let that step end.
        second.wait_log("camera device:99 unavailable")
    finally:
        assert second.stop() == 0
    assert "Traceback" not in second.text()

    settings = load_config(config)
    store = open_store(settings.database)
    try:
        (row,) = recent_receptions(store)
        assert row.outcome is ReceptionOutcome.ABANDONED and row.needs_staff
        assert row.end_code == "interrupted"
        alerts = store.alerts.open_alerts()
    finally:
        store.close()
    assert [(a.reason, a.reception_id) for a in alerts] == [
        (AlertReason.INTERRUPTED, row.reception_id)
    ]
