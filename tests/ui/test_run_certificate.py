"""The card certificate's expiry through `kiosk run` (its own offscreen process) with the
virtual card behind pcscd + vpcd and the mock service's process: a certificate in its 3-month
grace confirms the qualification and asks no data consent (the service would refuse one); a
certificate about to expire changes nothing but the notice."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.ports import ConsentKind, ReceptionOutcome
from kiosk.sim.card import reset_card
from kiosk.sim.personas import Persona, get_persona
from kiosk.sim.reader_stack import VirtualReaderStack, missing_parts
from tests.recent import recorded

from .test_staff_calls import (  # noqa: F401  (world: the shared fixture)
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

IN_GRACE = get_persona("ogawa_minoru")  # expired 30 days ago, 58 years old
EXPIRING = get_persona("nishida_emi")  # expires in 40 days


def _kiosk(
    tmp_path: Path, stack: VirtualReaderStack, service_settings: str, flow: str = ""
) -> Process:
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
source = "file:{tmp_path / 'no-camera.png'}"
[flow]
{flow}
""", encoding="utf-8")  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    kiosk = Process(["run", "--windowed", "--config", str(config)], env, "kiosk")
    kiosk.wait_for("ready: idle screen shown")
    return kiosk


def _by_pin(kiosk: Process, taps: Taps, stack: VirtualReaderStack, persona: Persona) -> None:
    reset_card(persona, stack.state_dir)
    stack.insert(persona.id)
    kiosk.wait_for(r"-> choose_method")
    taps("click pin")
    kiosk.wait_for(r"-> pin_entry")
    taps(*(f"click key_{d}" for d in persona.card.pin), "click ok")


def test_kiosk_run_confirms_a_card_in_its_grace_without_data_consents(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    _root, stack, service_settings = world
    taps = Taps(tmp_path / "kiosk.taps")
    kiosk = _kiosk(tmp_path, stack, service_settings, "ask_prescription = true")
    try:
        _by_pin(kiosk, taps, stack, IN_GRACE)
        kiosk.wait_for(r"querying -> prescription_choice")
        taps("click electronic")  # not a data consent: still asked, and sent alone
        kiosk.wait_for(r"saving_consents -> done \(ConsentsSaved: consents recorded\)")
        taps("click provide")
        kiosk.wait_for(r"saving_limit -> finished")
        stack.remove()
        kiosk.wait_for(r"-> idle")
    finally:
        kiosk.stop()
    assert not [x for x in kiosk.lines if "-> consent_" in x]
    assert "consents not recorded" not in "".join(kiosk.lines)
    [row], _ = recorded(tmp_path)
    assert row.outcome is ReceptionOutcome.COMPLETE and row.limit_provided is True
    assert not row.needs_staff and row.prescription == "1" and row.end_code == "cert_grace"
    # No data consent asked or claimed: only the limit information's receipt.
    assert [c.kind for c in row.consents] == [ConsentKind.LIMIT]
    assert IN_GRACE.name not in "".join(kiosk.lines)


def test_kiosk_run_asks_the_consents_as_usual_before_the_certificate_expires(
    world: tuple[Path, VirtualReaderStack, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    _root, stack, service_settings = world
    taps = Taps(tmp_path / "kiosk.taps")
    kiosk = _kiosk(tmp_path, stack, service_settings)
    try:
        _by_pin(kiosk, taps, stack, EXPIRING)
        agree_provide_and_take(kiosk, taps, stack)
    finally:
        kiosk.stop()
    [row], _ = recorded(tmp_path)
    assert row.outcome is ReceptionOutcome.COMPLETE and row.consents
