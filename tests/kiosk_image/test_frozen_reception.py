"""The frozen image completes a reception: the bundle packaging/build makes (or the test build
of the same spec) runs `kiosk run` on a real X server against pcscd + vpcd with a virtual card
and the mock eligibility service started from the source tree. A patient's taps arrive through
the accessibility bus (AT-SPI), from outside the kiosk's process, as assistive technology sends
them; the reception is then read back from the kiosk's database."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.ports import VerificationMethod
from kiosk.records.store import open_store
from kiosk.ui import texts
from tests.kiosk_image import displays
from tests.kiosk_image.conftest import Rig
from tests.kiosk_image.kiosk_process import KioskProcess
from tests.recent import recent_receptions

# The first test to need the image may build it (a few minutes on a loaded 2-core machine).
pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

PRESS = Path(__file__).with_name("a11y_press.py")
PERSONA, PIN = "sato_hanako", "1234"
# What the patient taps on each screen of a PIN reception (English, the kiosk's source texts).
TAPS = {
    "choose_method": [texts.USE_PIN],
    "pin_entry": [*PIN, texts.OK],
    "consent_medication": [texts.AGREE],
    "consent_checkup": [texts.AGREE],
    "done": [texts.PROVIDE],
}
STATE = re.compile(r" -> (\w+) \(")


def _press(names: list[str], env: dict[str, str]) -> None:
    run = subprocess.run(["/usr/bin/python3", str(PRESS), "30", *names], env=env,
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr


def _drive_until_finished(kiosk: KioskProcess, env: dict[str, str], start: int) -> list[str]:
    seen: list[str] = []
    while True:
        at = kiosk.wait_log(STATE.pattern, timeout=60, start=start)
        state = STATE.search(kiosk.lines[at])
        assert state is not None
        seen.append(state.group(1))
        start = at + 1
        if seen[-1] == "finished":
            return seen
        if seen[-1] in ("ended", "card_error", "service_down", "ineligible", "pin_locked"):
            raise AssertionError(f"the reception ended early: {seen}\n{kiosk.text()[-3000:]}")
        if seen[-1] in TAPS:
            _press(TAPS[seen[-1]], env)


def test_the_frozen_kiosk_completes_a_pin_reception(
    rig: Rig, frozen_image: Path, tmp_path: Path
) -> None:
    config = rig.config(ui={"voice": False, "language": "en"})
    with displays.xvfb() as display, displays.accessibility_bus() as bus:
        env = {**os.environ, **bus, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        kiosk = KioskProcess([str(frozen_image / "kiosk"), "run", "--config", str(config)], env,
                             tmp_path / "kiosk.log")  # fmt: skip
        try:
            kiosk.wait_log("ready: idle screen shown")
            start = len(kiosk.lines)
            rig.stack.insert(PERSONA)
            states = _drive_until_finished(kiosk, env, start)
            rig.stack.remove()
            kiosk.wait_log(r"-> idle \(", start=len(kiosk.lines) - 1)
        finally:
            code = kiosk.stop()
        text = kiosk.text()
    assert code == 0, text[-3000:]
    for failure in ("Traceback", "Could not load the Qt platform plugin", "ModuleNotFoundError"):
        assert failure not in text
    assert "pin_entry" in states and "querying" in states
    store = open_store(load_config(config).database)
    try:
        rows = recent_receptions(store)
    finally:
        store.close()
    assert len(rows) == 1
    assert rows[0].method is VerificationMethod.PIN
    assert rows[0].limit_provided is True
    assert {c.kind.name for c in rows[0].consents} >= {"MEDICATION"}
