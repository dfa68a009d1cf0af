"""A face reception through the real entry point: `kiosk run` (its own offscreen process) with
the virtual card behind pcscd + vpcd, the mock service's process, a synthetic card-front camera
whose frames go through the OCR for 照合番号B, and the synthetic face camera on the real face
pipeline. Nothing hands the kiosk the card's printed values."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from PIL import Image

from kiosk.card import myna
from kiosk.config import DatabaseConfig
from kiosk.ports import ReceptionOutcome, VerificationMethod
from kiosk.sim.card import Counter, CounterStore, reset_card
from kiosk.sim.personas import Persona, get_persona
from kiosk.sim.reader_stack import VirtualReaderStack, missing_parts
from tests.recent import recorded

from .test_staff_calls import (  # noqa: F401  (world: the shared fixture)
    HANAKO,
    Process,
    Taps,
    agree_provide_and_take,
    world,
)

ICHIRO = get_persona("suzuki_ichiro")  # another patient's card

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.skipif(bool(missing_parts()), reason=f"needs {', '.join(missing_parts())}"),
]


def _config(
    tmp_path: Path,
    stack: VirtualReaderStack,
    service_settings: str,
    front: str,
    camera: str = f"synthetic:{HANAKO.photo}",
) -> Path:
    db = DatabaseConfig(url=f"sqlite:///{tmp_path / 'k.sqlite3'}",
                        journal_dir=str(tmp_path / "journal"))  # fmt: skip
    path = tmp_path / "kiosk.toml"
    path.write_text(f"""
[database]
url = "{db.url}"
journal_dir = "{db.journal_dir}"
[ui]
voice = false
test_control = "file:{tmp_path / "kiosk.taps"}"
{service_settings}
[card]
reader = '{stack.reader_pattern}'
[camera]
source = "{camera}"
[card_front]
source = "{front}"
""", encoding="utf-8")  # fmt: skip
    return path


# 照合番号B takes the birth year as the front prints it: 平成3年, 昭和63年 and 令和元年 (a card
# wanting the Gregorian year would refuse the first VERIFY and face could never start).
BORN_IN_EACH_ERA = [HANAKO, get_persona("tanaka_yumi"), get_persona("kondo_hina")]


@pytest.mark.parametrize("persona", BORN_IN_EACH_ERA, ids=lambda p: p.id)
def test_kiosk_run_completes_a_face_reception_with_the_number_read_from_the_front(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
    persona: Persona,
) -> None:
    _root, stack, service_settings = world
    config = _config(tmp_path, stack, service_settings, f"synthetic:{persona.id}:tilted",
                     camera=f"synthetic:{persona.photo}")  # fmt: skip
    taps = Taps(tmp_path / "kiosk.taps")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    kiosk = Process(["run", "--windowed", "--config", str(config)], env, "kiosk")
    try:
        kiosk.wait_for("ready: idle screen shown")
        # Both cameras open in the background; a card placed before that is offered the PIN.
        kiosk.wait_for("face camera ready")
        kiosk.wait_for("card-front camera ready")
        reset_card(persona, stack.state_dir)
        stack.insert(persona.id)
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
    counters = json.loads((stack.state_dir / f"{persona.id}.json").read_text())
    assert counters[Counter.KENMEN_B] == myna.NUMBER_B_TRIES  # no try was spent
    log = "".join(kiosk.lines)
    assert persona.card.security_code not in log and str(persona.birth_date.year) not in log


def _face_reception(kiosk: Process, taps: Taps, stack: VirtualReaderStack, *waits: str) -> None:
    """Card in, 顔認証, what ``waits`` says the card-front reading shows, then to the end."""
    reset_card(HANAKO, stack.state_dir)
    stack.insert(HANAKO.id)
    kiosk.wait_for(r"-> choose_method")
    taps("click face")
    for line in waits:
        kiosk.wait_for(line)
    kiosk.wait_for(r"card front read: \d+ frames")
    kiosk.wait_for(r"-> face_verifying")
    agree_provide_and_take(kiosk, taps, stack)


def _one_face_reception_recorded(tmp_path: Path, stack: VirtualReaderStack) -> None:
    [row], _ = recorded(tmp_path)
    assert row.method is VerificationMethod.FACE and row.outcome is ReceptionOutcome.COMPLETE
    counters = json.loads((stack.state_dir / f"{HANAKO.id}.json").read_text())
    assert counters[Counter.KENMEN_B] == myna.NUMBER_B_TRIES  # no try was spent


def test_kiosk_run_asks_to_move_a_card_under_glare_and_reads_it_once_moved(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The card front has a lamp's reflection over the birth date: the preparing screen asks
    the patient to tilt or move the card; the simulated patient does, and the number is read."""
    _root, stack, service_settings = world
    config = _config(tmp_path, stack, service_settings, f"synthetic:{HANAKO.id}:glare")
    taps = Taps(tmp_path / "kiosk.taps")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    kiosk = Process(["run", "--windowed", "--config", str(config)], env, "kiosk")
    try:
        kiosk.wait_for("ready: idle screen shown")
        kiosk.wait_for("face camera ready")
        kiosk.wait_for("card-front camera ready")
        _face_reception(kiosk, taps, stack, r"hint shown: card_glare_tray on face_preparing")
    finally:
        kiosk.stop()
    _one_face_reception_recorded(tmp_path, stack)


def test_kiosk_run_sends_a_patient_who_leaves_the_card_under_glare_to_the_pin_or_staff(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The same glare, a patient who does not move the card: asked twice, then the face-failed
    screen (PIN or staff); nothing reached the card's 照合番号B counter."""
    _root, stack, service_settings = world
    config = _config(tmp_path, stack, service_settings, f"synthetic:{HANAKO.id}:glare:still")
    taps = Taps(tmp_path / "kiosk.taps")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    kiosk = Process(["run", "--windowed", "--config", str(config)], env, "kiosk")
    try:
        kiosk.wait_for("ready: idle screen shown")
        kiosk.wait_for("face camera ready")
        kiosk.wait_for("card-front camera ready")
        reset_card(HANAKO, stack.state_dir)
        stack.insert(HANAKO.id)
        kiosk.wait_for(r"-> choose_method")
        taps("click face")
        kiosk.wait_for(r"face_preparing -> face_failed")
        stack.remove()
        kiosk.wait_for(r"-> idle")
    finally:
        kiosk.stop()
    shown = [x for x in kiosk.lines if "hint shown: card_glare_tray on face_preparing" in x]
    assert len(shown) == 2, shown
    counters = json.loads((stack.state_dir / f"{HANAKO.id}.json").read_text())
    assert counters[Counter.KENMEN_B] == myna.NUMBER_B_TRIES


def test_kiosk_run_with_one_camera_reads_the_front_held_up_then_the_face(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    """card_front.source = "face-camera": the patient holds the card's front up to the face
    camera when the screen asks, then looks at it; one camera gives both."""
    _root, stack, service_settings = world
    camera = f"synthetic:{HANAKO.photo}:card:{HANAKO.id}"
    config = _config(tmp_path, stack, service_settings, "face-camera", camera)
    taps = Taps(tmp_path / "kiosk.taps")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    kiosk = Process(["run", "--windowed", "--config", str(config)], env, "kiosk")
    try:
        kiosk.wait_for("ready: idle screen shown")
        kiosk.wait_for("card-front camera ready: the face camera")
        _face_reception(kiosk, taps, stack, r"hint shown: show_card_front on face_preparing")
    finally:
        kiosk.stop()
    _one_face_reception_recorded(tmp_path, stack)
    log = "".join(kiosk.lines)
    assert HANAKO.card.security_code not in log and "1991" not in log


def test_without_a_card_front_camera_face_is_not_offered(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    _root, stack, service_settings = world
    config = _config(tmp_path, stack, service_settings, "none")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    kiosk = Process(["run", "--windowed", "--config", str(config)], env, "kiosk")
    taps = Taps(tmp_path / "kiosk.taps")
    try:
        kiosk.wait_for("ready: idle screen shown")
        kiosk.wait_for("no card-front camera")
        kiosk.wait_for("face camera ready")  # the face camera works: the front is missing
        reset_card(HANAKO, stack.state_dir)
        stack.insert(HANAKO.id)
        kiosk.wait_for(r"-> choose_method")
        at = kiosk.mark()
        taps("click face")
        kiosk.wait_for(r"no visible, enabled button face", at)
        stack.remove()
        kiosk.wait_for(r"-> idle")
    finally:
        kiosk.stop()


def _lock_the_pin(stack: VirtualReaderStack) -> None:
    reset_card(HANAKO, stack.state_dir)
    store = CounterStore(HANAKO, stack.state_dir)
    store.save({**store.load(), Counter.AUTH_PIN: 0})


def test_kiosk_run_offers_a_pin_locked_patient_face_then_staff_never_the_lock_again(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    """PIN locked → 顔認証 offered; the front cannot be read (a blank image) → the PIN button is
    dead on FACE_FAILED (no loop back to the lock screen) → 係員を呼ぶ."""
    _root, stack, service_settings = world
    blank = tmp_path / "blank.png"
    Image.new("RGB", (640, 480), (128, 128, 128)).save(blank)  # a frame with no card in it
    config = _config(tmp_path, stack, service_settings, f"file:{blank}")
    taps = Taps(tmp_path / "kiosk.taps")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    kiosk = Process(["run", "--windowed", "--config", str(config)], env, "kiosk")
    try:
        kiosk.wait_for("ready: idle screen shown")
        kiosk.wait_for("face camera ready")
        kiosk.wait_for("card-front camera ready")
        _lock_the_pin(stack)
        stack.insert(HANAKO.id)
        kiosk.wait_for(r"-> choose_method")
        taps("click pin")
        kiosk.wait_for(r"pin_checking -> pin_locked")
        taps("click face")
        kiosk.wait_for(r"face_preparing -> face_failed")
        at = kiosk.mark()
        taps("click pin")
        kiosk.wait_for(r"no visible, enabled button pin", at)
        taps("click call_staff")
        kiosk.wait_for(r"face_failed -> staff_called")
        stack.remove()
        kiosk.wait_for(r"-> idle")
    finally:
        kiosk.stop()
    into_lock = [x for x in kiosk.lines if re.search(r"runtime (?!pin_locked)\w+ -> pin_locked", x)]
    assert len(into_lock) == 1, into_lock
    counters = json.loads((stack.state_dir / f"{HANAKO.id}.json").read_text())
    assert counters[Counter.KENMEN_B] == myna.NUMBER_B_TRIES  # the blank front never reached it


def _lift_the_card(kiosk: Process, taps: Taps, stack: VirtualReaderStack) -> None:
    """One camera for both, a contactless pad: the patient takes the card off the reader when
    the screen asks for its front, and holds it up (the synthetic face camera's ``card:``)."""
    reset_card(HANAKO, stack.state_dir)
    stack.insert(HANAKO.id)
    kiosk.wait_for(r"-> choose_method")
    taps("click face")
    kiosk.wait_for(r"-> face_preparing")
    stack.remove()
    kiosk.wait_for(r"hint shown: show_card_front on face_preparing")
    # Usually "card lifted to show its front" then the front read; if the front is read before
    # the kiosk hears of the lift, the check that starts then finds no card: "lifted again".
    kiosk.wait_for(r"(face_preparing|card_checking) -> card_return")


def _one_camera_kiosk(tmp_path: Path, stack: VirtualReaderStack, service_settings: str) -> Process:
    camera = f"synthetic:{HANAKO.photo}:card:{HANAKO.id}"
    config = _config(tmp_path, stack, service_settings, "face-camera", camera)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    kiosk = Process(["run", "--windowed", "--config", str(config)], env, "kiosk")
    kiosk.wait_for("ready: idle screen shown")
    kiosk.wait_for("card-front camera ready: the face camera")
    return kiosk


def test_kiosk_run_with_one_camera_takes_the_card_lifted_then_the_same_card_back(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The card leaves the reader to show its front: the reception goes on, asks for the card
    back, checks it is the same card, then reads the photo with the number and does the face."""
    _root, stack, service_settings = world
    taps = Taps(tmp_path / "kiosk.taps")
    kiosk = _one_camera_kiosk(tmp_path, stack, service_settings)
    try:
        _lift_the_card(kiosk, taps, stack)
        stack.insert(HANAKO.id)  # the same card back
        kiosk.wait_for(r"card_return -> card_checking")
        kiosk.wait_for(r"card_checking -> face_verifying")
        agree_provide_and_take(kiosk, taps, stack)
    finally:
        kiosk.stop()
    assert not [x for x in kiosk.lines if "-> card_removed" in x]
    _one_face_reception_recorded(tmp_path, stack)
    log = "".join(kiosk.lines)
    assert HANAKO.card.security_code not in log and "1991" not in log


def test_kiosk_run_with_one_camera_never_mixes_patients_when_another_card_comes_back(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    """Hanako's front was read; Ichiro's card is placed: the reception ends (recorded, staff
    told), nothing goes to either card's 照合番号B counter, no face check."""
    _root, stack, service_settings = world
    taps = Taps(tmp_path / "kiosk.taps")
    kiosk = _one_camera_kiosk(tmp_path, stack, service_settings)
    try:
        _lift_the_card(kiosk, taps, stack)
        reset_card(ICHIRO, stack.state_dir)
        stack.insert(ICHIRO.id)
        kiosk.wait_for(r"card_return -> card_checking")
        kiosk.wait_for(r"card_checking -> card_error")
        stack.remove()
        kiosk.wait_for(r"-> idle")
    finally:
        kiosk.stop()
    assert not [x for x in kiosk.lines if "-> face_verifying" in x]
    [row], alerts = recorded(tmp_path)
    assert row.outcome is ReceptionOutcome.ABANDONED and row.end_code == "different_card"
    assert row.needs_staff and row.qualification is None
    assert [a.detail for a in alerts if a.reception_id == row.reception_id] == ["different_card"]
    for persona in (HANAKO, ICHIRO):
        counters = json.loads((stack.state_dir / f"{persona.id}.json").read_text())
        assert counters[Counter.KENMEN_B] == myna.NUMBER_B_TRIES, persona.id


def test_kiosk_run_with_one_camera_lets_a_patient_with_the_card_in_hand_call_staff_and_stop(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The front was read and the card is in the patient's hand: 係員を呼ぶ reaches the desk and
    the screen stays (no clock ends it), やめる ends it on the card-removed screen (nothing waits
    for a card to be taken), recorded once."""
    _root, stack, service_settings = world
    taps = Taps(tmp_path / "kiosk.taps")
    kiosk = _one_camera_kiosk(tmp_path, stack, service_settings)
    try:
        _lift_the_card(kiosk, taps, stack)
        taps("click call_staff")
        kiosk.wait_for(r"card_return -> card_return \(CallStaff: staff called\)")
        taps("click cancel")
        kiosk.wait_for(r"card_return -> confirm_cancel")
        taps("click cancel_yes")
        kiosk.wait_for(r"confirm_cancel -> card_removed")
        kiosk.wait_for(r"-> idle")
    finally:
        kiosk.stop()
    [row], alerts = recorded(tmp_path)
    assert row.outcome is ReceptionOutcome.ABANDONED and row.end_code == "cancelled"
    assert row.needs_staff
    assert [a.detail for a in alerts if a.reception_id == row.reception_id] == ["card_return"]
