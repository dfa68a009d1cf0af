"""A PIN reception finished from the USB keypad alone, through the real entry point: `kiosk run`
(its own offscreen process, the virtual card behind pcscd + vpcd, the mock service's process),
every key a real QKeyEvent posted to the window by the test control's ``key`` verb; no button
is clicked. No line the kiosk writes names a digit key."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kiosk.sim.card import reset_card
from kiosk.sim.reader_stack import VirtualReaderStack, missing_parts

from .test_staff_calls import HANAKO, Process, Taps, world  # noqa: F401  (the shared fixture)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(bool(missing_parts()), reason=f"needs {', '.join(missing_parts())}"),
]
MOVES = 12  # more than any screen has buttons: a choice never found fails, not loops


def choose(kiosk: Process, taps: Taps, name: str) -> None:
    """Press "+" until the spoken focus is on ``name``, then Enter."""
    for _ in range(MOVES):
        at = kiosk.mark()
        taps("key plus")
        if kiosk.wait_for(r"keypad focus (\S+)", at).group(1) == name:
            at = kiosk.mark()
            taps("key enter")
            kiosk.wait_for(rf"keypad pressed {name}\b", at)
            return
    raise AssertionError(f"the keypad's focus never reached {name}")


def test_a_pin_reception_is_finished_from_the_keypad_alone(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    _root, stack, service_settings = world
    taps = Taps(tmp_path / "kiosk.taps")
    config = tmp_path / "kiosk.toml"
    config.write_text(f"""
[database]
url = "sqlite:///{tmp_path / "k.sqlite3"}"
journal_dir = "{tmp_path / "journal"}"
[ui]
voice = false
test_control = "file:{taps.path}"
{service_settings}
[card]
reader = '{stack.reader_pattern}'
[camera]
source = "file:{tmp_path / "no-camera.png"}"
""", encoding="utf-8")  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    kiosk = Process(["run", "--windowed", "--config", str(config)], env, "kiosk")
    try:
        kiosk.wait_for("ready: idle screen shown")
        reset_card(HANAKO, stack.state_dir)
        stack.insert(HANAKO.id)
        kiosk.wait_for(r"-> choose_method")
        choose(kiosk, taps, "pin")
        kiosk.wait_for(r"-> pin_entry")
        at = kiosk.mark()
        taps(*(f"key {d}" for d in HANAKO.card.pin), "key enter")
        kiosk.wait_for(r"-> consent_medication", at)
        choose(kiosk, taps, "agree")
        kiosk.wait_for(r"-> done")
        choose(kiosk, taps, "provide")
        kiosk.wait_for(r"-> finished")
        stack.remove()
        kiosk.wait_for(r"-> idle")
        assert not any("test control: clicked" in line for line in kiosk.lines)
    finally:
        kiosk.stop()
    # (the PIN itself may turn up in a timestamp or a port: what must not is a key's digit)
    keys = [line for line in kiosk.lines if "test control: key" in line]
    assert len(keys) >= 5 and not any(re.search(r"key \d", line) for line in keys)
