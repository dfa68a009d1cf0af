"""Every application, file and PIN EF of the spec is on the virtual card, with its own counter."""

from __future__ import annotations

import hashlib

import pytest

from kiosk.card import myna, tlv
from kiosk.card.apdu import SW, select_df
from kiosk.card.myna import InputFile, InputSignatureTag, JpkiFile, KenmenFile
from kiosk.sim.card import VirtualCard, number_b_of
from kiosk.sim.personas import Persona
from tests.card.jpki_reader import JpkiSignReader

SPEC_FILES = {
    myna.JPKI_AID: [0x0006, 0x000A, 0x000B, 0x0001, 0x0002, 0x0017, 0x0018, 0x001A, 0x001B],
    myna.INPUT_AID: [0x0001, 0x0002, 0x0003, 0x0011, 0x0014, 0x0015],
    myna.KENMEN_AID: [0x0002, 0x0012, 0x0013],
}


@pytest.fixture
def raw(card: VirtualCard) -> JpkiSignReader:
    return JpkiSignReader(card.transmit)


def _enter(raw: JpkiSignReader, aid: bytes) -> None:
    assert raw.send(select_df(aid)).sw == SW.OK


@pytest.mark.parametrize("aid", list(SPEC_FILES), ids=["jpki", "input", "kenmen"])
def test_every_file_of_the_spec_is_there(raw: JpkiSignReader, aid: bytes) -> None:
    _enter(raw, aid)
    for fid in SPEC_FILES[aid]:
        assert raw.select(fid) == SW.OK, f"EF {fid:04X}"
    assert raw.select(0x0FFF) == SW.FILE_NOT_FOUND


def test_myna_names_every_file_of_the_spec() -> None:
    assert sorted(JpkiFile) == sorted(SPEC_FILES[myna.JPKI_AID])
    assert sorted(InputFile) == sorted(SPEC_FILES[myna.INPUT_AID])
    assert sorted(KenmenFile) == sorted(SPEC_FILES[myna.KENMEN_AID])


def test_input_ap_numbers_a_and_b_have_their_own_counters(
    raw: JpkiSignReader, hanako: Persona, card: VirtualCard
) -> None:
    _enter(raw, myna.INPUT_AID)
    limit = myna.NUMBER_B_TRIES
    assert raw.tries_left(InputFile.NUMBER_A) == SW.VERIFY_FAILED | limit
    assert raw.verify(InputFile.NUMBER_B, b"00000000000000") == SW.VERIFY_FAILED | (limit - 1)
    assert raw.tries_left(InputFile.NUMBER_A) == SW.VERIFY_FAILED | limit
    assert raw.tries_left(InputFile.PIN) == SW.VERIFY_FAILED | myna.PIN_TRIES
    _enter(raw, myna.KENMEN_AID)
    assert raw.tries_left(KenmenFile.NUMBER_B) == SW.VERIFY_FAILED | limit
    _enter(raw, myna.INPUT_AID)
    assert raw.verify(InputFile.NUMBER_B, number_b_of(hanako).encode()) == SW.OK
    assert card.counters.load()["input_number_b"] == limit


def test_number_b_opens_the_basic_items_but_never_the_my_number(
    raw: JpkiSignReader, hanako: Persona
) -> None:
    _enter(raw, myna.INPUT_AID)
    assert raw.read_tlv(InputFile.BASIC_INFO)[0] == SW.SECURITY_NOT_SATISFIED
    assert raw.verify(InputFile.NUMBER_B, number_b_of(hanako).encode()) == SW.OK
    sw, basic = raw.read_tlv(InputFile.BASIC_INFO)
    assert sw == SW.OK and myna.parse_basic_info(basic).name == hanako.name
    assert raw.read_tlv(InputFile.MY_NUMBER)[0] == SW.SECURITY_NOT_SATISFIED


def test_input_signature_ef_hashes_the_other_two(raw: JpkiSignReader, hanako: Persona) -> None:
    _enter(raw, myna.INPUT_AID)
    assert raw.read_tlv(InputFile.SIGNATURE)[0] == SW.SECURITY_NOT_SATISFIED
    assert raw.verify(InputFile.PIN, hanako.card.pin.encode()) == SW.OK
    files = {fid: raw.read_tlv(fid) for fid in (0x0001, 0x0002, 0x0003)}
    assert all(sw == SW.OK for sw, _ in files.values())
    items = tlv.parse_one(files[0x0003][1])[0].children()
    assert tlv.find(items, InputSignatureTag.MY_NUMBER_HASH).value == (
        hashlib.sha256(files[0x0001][1]).digest()
    )
    assert tlv.find(items, InputSignatureTag.BASIC_INFO_HASH).value == (
        hashlib.sha256(files[0x0002][1]).digest()
    )
    assert len(tlv.find(items, InputSignatureTag.SIGNATURE).value) == myna.SIGNATURE_SIZE


def test_number_b_takes_the_era_year_as_printed(raw: JpkiSignReader, hanako: Persona) -> None:
    """佐藤 花子's front prints 平成3年6月3日生: the card wants 030603…, and refuses the Gregorian
    910603… as a real card does (research/real-card-evidence.md) — one try used."""
    assert number_b_of(hanako) == "03060320296260"
    _enter(raw, myna.KENMEN_AID)
    limit = myna.NUMBER_B_TRIES
    assert raw.verify(KenmenFile.NUMBER_B, b"91060320296260") == SW.VERIFY_FAILED | (limit - 1)
    assert raw.verify(KenmenFile.NUMBER_B, number_b_of(hanako).encode()) == SW.OK


def test_a_blocked_key_answers_the_query_63c0_and_a_verify_6984(
    raw: JpkiSignReader, hanako: Persona, card: VirtualCard
) -> None:
    """As real cards do (research/real-card-evidence.md §9 row 2); the kiosk reads 0 tries from
    either."""
    counters = card.counters.load()
    card.counters.save({**counters, "auth_pin": 0})
    _enter(raw, myna.JPKI_AID)
    assert raw.tries_left(JpkiFile.AUTH_PIN) == SW.VERIFY_FAILED  # 63C0
    assert raw.verify(JpkiFile.AUTH_PIN, hanako.card.pin.encode()) == SW.AUTH_METHOD_BLOCKED


@pytest.mark.parametrize("le", [1, 8, 255, 256])
def test_get_challenge_draws_le_random_bytes(raw: JpkiSignReader, le: int) -> None:
    apdu = bytes([0x00, 0x84, 0x00, 0x00, le % 256])
    first, second = raw.send_raw(apdu), raw.send_raw(apdu)
    assert first.sw == SW.OK and len(first.data) == le
    assert le == 1 or first.data != second.data


def test_get_challenge_refuses_the_extended_form(raw: JpkiSignReader) -> None:
    assert raw.send_raw(bytes.fromhex("00840000000100")).sw == SW.CONDITIONS_NOT_SATISFIED
