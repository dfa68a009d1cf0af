"""Staff type 照合番号B at a real `kiosk run` (issue 11 item 3): its own offscreen process, the
virtual card behind pcscd + vpcd, the mock service's process, a card-front camera whose frame
has no card in it (the OCR cannot read it) and the synthetic face camera on the real face
pipeline. The staff member authenticates at the kiosk with the staff PIN, types the card's
printed values, and the face reception completes; a wrong number costs the card exactly one
try and is reported; the guard stops typing long before the counter is low."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PIL import Image

from kiosk.card import myna
from kiosk.ports import ReceptionOutcome, VerificationMethod
from kiosk.sim.card import Counter, CounterStore, reset_card
from kiosk.sim.reader_stack import VirtualReaderStack, missing_parts
from kiosk.staff_auth import hash_pin
from tests.recent import recorded

from .test_staff_calls import (  # noqa: F401  (world: the shared fixture)
    HANAKO,
    STAFF_PIN,
    Process,
    Taps,
    agree_provide_and_take,
    world,
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.skipif(bool(missing_parts()), reason=f"needs {', '.join(missing_parts())}"),
]


def _config(tmp_path: Path, stack: VirtualReaderStack, service_settings: str) -> Path:
    blank = tmp_path / "blank.png"
    Image.new("RGB", (640, 480), (128, 128, 128)).save(blank)  # a frame with no card in it
    path = tmp_path / "kiosk.toml"
    path.write_text(f"""
[database]
url = "sqlite:///{tmp_path / "k.sqlite3"}"
journal_dir = "{tmp_path / "journal"}"
[ui]
voice = false
test_control = "file:{tmp_path / "kiosk.taps"}"
{service_settings}
[card]
reader = '{stack.reader_pattern}'
[camera]
source = "synthetic:{HANAKO.photo}"
[card_front]
source = "file:{blank}"
[staff]
pin_hashes = ["{hash_pin(STAFF_PIN)}"]
""", encoding="utf-8")  # fmt: skip
    return path


def _printed(taps: Taps, code: str) -> None:
    """Hanako's card as printed: 平成3年6月3日生 (the era year is what the card wants), valid
    until 2029, the code."""
    card = HANAKO.card
    digits = "030603" + f"{card.card_expiry.year:04d}" + code
    taps("click era_heisei", *(f"click key_{d}" for d in digits), "click nb_ok")


def _tries(stack: VirtualReaderStack) -> int:
    counters = json.loads((stack.state_dir / f"{HANAKO.id}.json").read_text())
    return int(counters[Counter.KENMEN_B])


def _staff_types_after_an_unread_front(kiosk: Process, taps: Taps) -> None:
    kiosk.wait_for(r"-> choose_method")
    taps("click face")
    kiosk.wait_for(r"face_preparing -> face_failed \(FacePrepareFailed: .*front_unreadable")
    taps("click call_staff")
    kiosk.wait_for(r"face_failed -> staff_called")
    taps(*["click staff_corner"] * 5, *(f"click key_{d}" for d in STAFF_PIN), "click staff_ok")
    kiosk.wait_for(r"staff_called -> number_b_checking")


def _start(tmp_path: Path, stack: VirtualReaderStack, settings: str) -> tuple[Process, Taps]:
    config = _config(tmp_path, stack, settings)
    taps = Taps(tmp_path / "kiosk.taps")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    kiosk = Process(["run", "--windowed", "--config", str(config)], env, "kiosk")
    kiosk.wait_for("ready: idle screen shown")
    kiosk.wait_for("face camera ready")
    kiosk.wait_for("card-front camera ready")
    return kiosk, taps


def test_staff_type_the_printed_number_and_the_face_reception_completes(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    _root, stack, service_settings = world
    kiosk, taps = _start(tmp_path, stack, service_settings)
    try:
        reset_card(HANAKO, stack.state_dir)
        stack.insert(HANAKO.id)
        _staff_types_after_an_unread_front(kiosk, taps)
        kiosk.wait_for(r"number_b_checking -> number_b_entry .*10 tries left on the card, 3 for")
        wrong = f"{(int(HANAKO.card.security_code) + 1) % 10000:04d}"
        _printed(taps, wrong)
        kiosk.wait_for(r"number_b_verifying -> number_b_entry .*wrong_number_b \(9 tries left")
        assert _tries(stack) == myna.NUMBER_B_TRIES - 1  # exactly one try, and it is said
        _printed(taps, HANAKO.card.security_code)
        kiosk.wait_for(r"number_b_verifying -> face_verifying")
        kiosk.wait_for(r"face_verifying -> querying")
        agree_provide_and_take(kiosk, taps, stack)
    finally:
        kiosk.stop()
    [row], _ = recorded(tmp_path)
    assert row.method is VerificationMethod.FACE and row.outcome is ReceptionOutcome.COMPLETE
    assert _tries(stack) == myna.NUMBER_B_TRIES  # the right number resets the card's counter
    log = "".join(kiosk.lines)
    for secret in ("1991", "030603", HANAKO.card.security_code, wrong):
        assert secret not in log, secret


def test_the_guard_stops_typing_and_leaves_the_visual_check(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    """A card with 8 tries left (the guard's floor): one wrong number may be sent, then the
    kiosk stops with 7 left and staff decide by the visual check."""
    _root, stack, service_settings = world
    kiosk, taps = _start(tmp_path, stack, service_settings)
    try:
        reset_card(HANAKO, stack.state_dir)
        counters = CounterStore(HANAKO, stack.state_dir)
        counters.save({**counters.load(), Counter.KENMEN_B: myna.NUMBER_B_MIN_TRIES})
        stack.insert(HANAKO.id)
        _staff_types_after_an_unread_front(kiosk, taps)
        kiosk.wait_for(r"number_b_checking -> number_b_entry .*8 tries left on the card, 1 for")
        _printed(taps, f"{(int(HANAKO.card.security_code) + 1) % 10000:04d}")
        kiosk.wait_for(r"number_b_verifying -> staff_compare .*wrong_number_b \(7 tries left")
        assert _tries(stack) == myna.NUMBER_B_MIN_TRIES - 1
        at = kiosk.mark()
        taps("click type_number_b")  # not offered any more
        kiosk.wait_for(r"no visible, enabled button type_number_b", at)
        taps("click approve")
        kiosk.wait_for(r"staff_compare -> querying")
        stack.remove()
        kiosk.wait_for(r"-> idle")
    finally:
        kiosk.stop()
    assert _tries(stack) == myna.NUMBER_B_MIN_TRIES - 1
