"""The next-generation My Number Card through the real entry point: `kiosk run` (its own offscreen
process) with the next card's virtual card behind pcscd + vpcd (its 認証AP and 券面等AP, an
ECDSA P-384 key from the mock PKI's second CA), the mock service's process verifying its ECDSA
proof, and for the face path the synthetic card-front camera showing the new front (西暦, no
性別, the 6-digit 照合番号) whose frames go through the OCR. Nothing hands the kiosk the number."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kiosk.card import next_card
from kiosk.ports import ReceptionOutcome, VerificationMethod
from kiosk.sim.card import Counter, reset_card
from kiosk.sim.personas import get_persona
from kiosk.sim.reader_stack import VirtualReaderStack, missing_parts
from kiosk.staff_auth import hash_pin
from tests.recent import recorded

from .test_staff_calls import (  # noqa: F401  (world: the shared fixture)
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

AOI = get_persona("nishimura_aoi")  # face
KEI = get_persona("morita_kei")  # PIN, one try already used


def _kiosk(tmp_path: Path, stack: VirtualReaderStack, service_settings: str, *,
           camera: str, front: str, extra: str = "") -> Process:  # fmt: skip
    config = tmp_path / "kiosk.toml"
    config.write_text(f"""
[database]
url = "sqlite:///{tmp_path / 'k.sqlite3'}"
journal_dir = "{tmp_path / 'journal'}"
[ui]
voice = false
test_control = "file:{tmp_path / 'kiosk.taps'}"
{service_settings}
[card]
reader = '{stack.reader_pattern}'
[camera]
source = "{camera}"
[card_front]
source = "{front}"
{extra}
""", encoding="utf-8")  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    kiosk = Process(["run", "--windowed", "--config", str(config)], env, "kiosk")
    kiosk.wait_for("ready: idle screen shown")
    return kiosk


def test_kiosk_run_completes_a_pin_reception_with_a_next_generation_card(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    _root, stack, service_settings = world
    taps = Taps(tmp_path / "kiosk.taps")
    kiosk = _kiosk(tmp_path, stack, service_settings,
                   camera=f"file:{tmp_path / 'no-camera.png'}", front="none")  # fmt: skip
    try:
        reset_card(KEI, stack.state_dir)
        stack.insert(KEI.id, atr="contactless")
        kiosk.wait_for(r"-> choose_method")
        taps("click pin")
        kiosk.wait_for(r"-> pin_entry")
        taps(*(f"click key_{d}" for d in KEI.card.pin), "click ok")
        kiosk.wait_for(r"-> consent_medication")
        taps("click agree")
        kiosk.wait_for(r"-> consent_checkup")  # 58 years old: the 特定健診 consent too
        taps("click agree")
        kiosk.wait_for(r"-> done")
        taps("click provide")
        kiosk.wait_for(r"-> finished")
        stack.remove()
        kiosk.wait_for(r"-> idle")
    finally:
        kiosk.stop()
    [row], _ = recorded(tmp_path)
    assert row.method is VerificationMethod.PIN and row.outcome is ReceptionOutcome.COMPLETE
    counters = json.loads((stack.state_dir / f"{KEI.id}.json").read_text())
    assert counters[Counter.AUTH_PIN] == next_card.PIN_TRIES  # the right PIN restored them
    log = "".join(kiosk.lines)
    assert KEI.name not in log and KEI.card.pin not in log


def test_kiosk_run_completes_a_face_reception_with_the_six_digit_number_read_from_the_front(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    _root, stack, service_settings = world
    taps = Taps(tmp_path / "kiosk.taps")
    kiosk = _kiosk(tmp_path, stack, service_settings, camera=f"synthetic:{AOI.photo}",
                   front=f"synthetic:{AOI.id}:tilted")  # fmt: skip
    try:
        kiosk.wait_for("face camera ready")
        kiosk.wait_for("card-front camera ready")
        reset_card(AOI, stack.state_dir)
        stack.insert(AOI.id, atr="contactless")
        kiosk.wait_for(r"-> choose_method")
        taps("click face")
        kiosk.wait_for(r"card front read: \d+ frames")
        kiosk.wait_for(r"face_preparing -> face_verifying")
        kiosk.wait_for(r"face_verifying -> querying")
        agree_provide_and_take(kiosk, taps, stack)
    finally:
        kiosk.stop()
    [row], _ = recorded(tmp_path)
    assert row.method is VerificationMethod.FACE and row.outcome is ReceptionOutcome.COMPLETE
    counters = json.loads((stack.state_dir / f"{AOI.id}.json").read_text())
    assert counters[Counter.CHECK_NUMBER] == next_card.CHECK_NUMBER_TRIES  # no try was spent
    log = "".join(kiosk.lines)
    assert AOI.card.check_number not in log and str(AOI.birth_date.year) not in log


def test_kiosk_run_lets_staff_type_the_six_digit_number_of_a_next_card(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The front cannot be read (a frame with no card): staff type the next card's 照合番号 in
    the digits box; a wrong one costs exactly one try of the 照合番号's counter, the right one
    opens the photo and the face reception completes."""
    from PIL import Image

    _root, stack, service_settings = world
    blank = tmp_path / "blank.png"
    Image.new("RGB", (640, 480), (128, 128, 128)).save(blank)
    taps = Taps(tmp_path / "kiosk.taps")
    kiosk = _kiosk(tmp_path, stack, service_settings, camera=f"synthetic:{AOI.photo}",
                   front=f"file:{blank}",
                   extra=f'[staff]\npin_hashes = ["{hash_pin(STAFF_PIN)}"]')  # fmt: skip
    wrong = f"{(int(AOI.card.check_number) + 1) % 1_000_000:06d}"
    try:
        kiosk.wait_for("face camera ready")
        kiosk.wait_for("card-front camera ready")
        reset_card(AOI, stack.state_dir)
        stack.insert(AOI.id)
        kiosk.wait_for(r"-> choose_method")
        taps("click face")
        kiosk.wait_for(r"face_preparing -> face_failed \(FacePrepareFailed: .*front_unreadable")
        taps("click call_staff")
        kiosk.wait_for(r"face_failed -> staff_called")
        taps(*["click staff_corner"] * 5, *(f"click key_{d}" for d in STAFF_PIN), "click staff_ok")
        kiosk.wait_for(r"number_b_checking -> number_b_entry .*10 tries left on the card")
        taps("click nb_mode", *(f"click key_{d}" for d in wrong), "click nb_ok")
        kiosk.wait_for(r"number_b_verifying -> number_b_entry .*wrong_number_b \(9 tries left")
        counters = json.loads((stack.state_dir / f"{AOI.id}.json").read_text())
        assert counters[Counter.CHECK_NUMBER] == next_card.CHECK_NUMBER_TRIES - 1
        taps(*(f"click key_{d}" for d in AOI.card.check_number), "click nb_ok")
        kiosk.wait_for(r"number_b_verifying -> face_verifying")
        kiosk.wait_for(r"face_verifying -> querying")
        agree_provide_and_take(kiosk, taps, stack)
    finally:
        kiosk.stop()
    [row], _ = recorded(tmp_path)
    assert row.method is VerificationMethod.FACE and row.outcome is ReceptionOutcome.COMPLETE
    counters = json.loads((stack.state_dir / f"{AOI.id}.json").read_text())
    assert counters[Counter.CHECK_NUMBER] == next_card.CHECK_NUMBER_TRIES  # reset by the right one
    log = "".join(kiosk.lines)
    assert AOI.card.check_number not in log and wrong not in log
