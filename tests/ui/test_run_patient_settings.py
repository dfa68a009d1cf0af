"""`kiosk run` as its own offscreen process, a real card behind pcscd+vpcd, the buttons tapped
through the test control: a patient who chose English and large text on the idle screen keeps
them through the reception (やめる asks first), and the next patient finds the clinic's Japanese
and normal text again once the card is taken and the closing screen is over."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.sim.card import reset_card
from kiosk.sim.personas import get_persona
from kiosk.sim.pki import MockPki
from kiosk.sim.reader_stack import VirtualReaderStack, missing_parts
from tests.ui.test_staff_calls import Process

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(bool(missing_parts()), reason=f"needs {', '.join(missing_parts())}"),
]

HANAKO = get_persona("sato_hanako")


def test_the_next_patient_starts_with_the_clinics_language_and_text_size(
    tmp_path: Path, kiosk_credential: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pki_dir = tmp_path / "pki"
    MockPki(pki_dir)
    monkeypatch.setenv("KIOSK_PKI_DIR", str(pki_dir))
    stack = VirtualReaderStack(pki_dir=pki_dir, state_dir=tmp_path / "cards").start()
    control = tmp_path / "control"
    control.write_text("")
    config = tmp_path / "kiosk.toml"
    config.write_text(
        kiosk_credential
        + f"""
[database]
url = "sqlite:///{tmp_path / "k.sqlite3"}"
journal_dir = "{tmp_path / "journal"}"
[card]
reader = '{stack.reader_pattern}'
[camera]
source = "file:{tmp_path / "no-camera.png"}"
[ui]
language = "ja"
large_text = false
voice = false
test_control = "file:{control}"
""",
        encoding="utf-8",
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    kiosk = Process(["run", "--windowed", "--config", str(config)], env, "kiosk")

    def tap(name: str) -> None:
        at = kiosk.mark()
        with control.open("a") as out:
            out.write(f"click {name}\n")
        kiosk.wait_for(rf"test control: clicked {name}\b", at)

    try:
        kiosk.wait_for(r"ready: idle screen shown")
        tap("lang_en")
        tap("large_text")
        kiosk.wait_for(r"patient chose large text on")
        at = kiosk.mark()
        reset_card(HANAKO, stack.state_dir)
        stack.insert(HANAKO.id)
        kiosk.wait_for(r"-> choose_method", at)
        tap("cancel")  # やめる asks first …
        kiosk.wait_for(r"-> confirm_cancel", at)
        tap("cancel_yes")  # … and ends only when the patient says so
        kiosk.wait_for(r"-> ended", at)
        assert not any("patient settings reset" in line for line in kiosk.lines[at:])
        stack.remove()
        kiosk.wait_for(r"-> closing", at)
        kiosk.wait_for(r"closing -> idle", at)
        kiosk.wait_for(r"patient settings reset: ja, large text off", at)

        at = kiosk.mark()  # the next patient: nothing of the first one's choices
        reset_card(HANAKO, stack.state_dir)
        stack.insert(HANAKO.id)
        kiosk.wait_for(r"-> choose_method", at)
        assert not any("patient chose" in line for line in kiosk.lines[at:])
    finally:
        kiosk.stop()
        stack.stop()
