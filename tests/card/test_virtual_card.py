"""The emulator itself: robust to any command, and its command-line entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.card import myna
from kiosk.card.apdu import Response
from kiosk.sim.card import VirtualCard
from kiosk.sim.card_cli import main
from kiosk.sim.personas import Persona, load_personas


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.binary(max_size=60), max_size=8))
def test_any_command_gets_a_status_word(card: VirtualCard, commands: list[bytes]) -> None:
    for command in [bytes.fromhex("00a4040c0a") + myna.JPKI_AID, *commands]:
        answer = Response.parse(card.transmit(command))
        assert answer.sw >> 8 in (0x90, 0x62, 0x63, 0x67, 0x69, 0x6A, 0x6B, 0x6D, 0x6E)


def test_unknown_instruction_and_class(card: VirtualCard) -> None:
    assert card.transmit(bytes.fromhex("00ca000000"))[-2:] == b"\x6d\x00"
    assert card.transmit(bytes.fromhex("a0a4000000"))[-2:] == b"\x6e\x00"


def test_read_before_select_and_beyond_the_file(card: VirtualCard) -> None:
    assert card.transmit(bytes.fromhex("00b0000010"))[-2:] == b"\x69\x86"
    card.transmit(bytes.fromhex("00a4040c0a") + myna.JPKI_AID)
    card.transmit(bytes.fromhex("00a4020c020006"))
    assert card.transmit(bytes.fromhex("00b07f0010"))[-2:] == b"\x6b\x00"


def test_list_prints_every_persona(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list"]) == 0
    assert capsys.readouterr().out.split() == sorted(load_personas())


def test_reset_writes_the_fixture_counters(hanako: Persona, tmp_path: Path) -> None:
    (tmp_path / f"{hanako.id}.json").write_text('{"auth_pin": 0}')
    assert main(["--persona", hanako.id, "--state-dir", str(tmp_path), "--reset"]) == 0
    saved = json.loads((tmp_path / f"{hanako.id}.json").read_text())
    assert saved["auth_pin"] == hanako.card.pin_tries_left


def test_unknown_persona_and_no_vpcd_fail_with_a_message(
    tmp_path: Path,
    pki_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KIOSK_PKI_DIR", str(pki_dir))
    assert main(["--persona", "nobody"]) == 2
    assert "no persona" in capsys.readouterr().err
    assert main(["--persona", "juki_card", "--port", "1", "--state-dir", str(tmp_path)]) == 1
    assert "no vpcd" in capsys.readouterr().err
