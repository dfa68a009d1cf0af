"""Every application, file and PIN EF of the spec is on the virtual card, with its own counter,
laid out and opened as real cards (research/real-card-evidence.md §3, §4)."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from kiosk.card import myna, surface_sig, tlv
from kiosk.card.apdu import SW, read_binary, read_binary_sfi, select_df, verify_sfi
from kiosk.card.myna import InputFile, InputSignatureTag, JpkiFile, KenmenFile
from kiosk.sim.card import ATRS, VirtualCard, number_b_of
from kiosk.sim.personas import Persona
from tests.card.jpki_reader import JpkiSignReader

SPEC_FILES = {
    myna.JPKI_AID: [0x0006, 0x000A, 0x000B, 0x0001, 0x0002, 0x0017, 0x0018, 0x001A, 0x001B],
    myna.INPUT_AID: [
        0x0001,
        0x0002,
        0x0003,
        0x0004,
        0x0005,
        0x0006,
        0x0007,
        0x0011,
        0x0014,
        0x0015,
    ],
    myna.KENMEN_AID: [0x0002, 0x0003, 0x0004, 0x0012, 0x0013],
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


_ANY = (InputFile.PIN, InputFile.NUMBER_A, InputFile.NUMBER_B)
# What each credential opens in the 入力補助AP on real cards (evidence §4.2): A opens EF 0001
# and not 0002, B 0002 and not 0001, only the PIN both; 0003/0006/0007 any of the three.
_OPENS = {
    InputFile.MY_NUMBER: (InputFile.PIN, InputFile.NUMBER_A),
    InputFile.BASIC_INFO: (InputFile.PIN, InputFile.NUMBER_B),
    InputFile.SIGNATURE: _ANY,
    InputFile.SESSION_KEY: _ANY,
    InputFile.KEY_RECORD: _ANY,
}


def _secret(pin_fid: int, persona: Persona) -> bytes:
    if pin_fid == InputFile.PIN:
        return persona.card.pin.encode()
    if pin_fid == InputFile.NUMBER_A:
        return persona.card.my_number.encode()
    return number_b_of(persona).encode()


@pytest.mark.parametrize("credential", _ANY, ids=["pin", "number_a", "number_b"])
def test_input_ap_opens_what_each_credential_opens_on_real_cards(
    raw: JpkiSignReader, hanako: Persona, credential: int
) -> None:
    _enter(raw, myna.INPUT_AID)
    for fid in (InputFile.CERTIFICATE, InputFile.AP_BASIC_DATA):  # free
        assert raw.read_tlv(fid)[0] == SW.OK, f"EF {fid:04X}"
    assert raw.verify(credential, _secret(credential, hanako)) == SW.OK
    for fid, opened_by in _OPENS.items():
        expected = SW.OK if credential in opened_by else SW.SECURITY_NOT_SATISFIED
        assert raw.read_tlv(fid)[0] == expected, f"EF {fid:04X} after {credential:04X}"


def test_my_number_ef_is_the_real_cards_17_bytes(raw: JpkiSignReader, hanako: Persona) -> None:
    """FF 10 0C + 12 ASCII digits + FF FF (evidence §3.3), read by 照合番号A."""
    _enter(raw, myna.INPUT_AID)
    assert raw.verify(InputFile.NUMBER_A, hanako.card.my_number.encode()) == SW.OK
    sw, physical = raw.read_all(InputFile.MY_NUMBER)
    assert sw == SW.OK
    assert physical == b"\xff\x10\x0c" + hanako.card.my_number.encode() + b"\xff\xff"
    assert myna.parse_my_number(physical) == hanako.card.my_number


def test_input_signature_ef_hashes_the_other_two(raw: JpkiSignReader, hanako: Persona) -> None:
    """EF 0003 as real cards: FF30 { DF31 SHA-256 of EF 0001's 17 physical bytes, DF32 SHA-256
    of EF 0002's root value from DF22 on, DF33 by the key EF 0004 certifies }."""
    _enter(raw, myna.INPUT_AID)
    assert raw.read_tlv(InputFile.SIGNATURE)[0] == SW.SECURITY_NOT_SATISFIED
    assert raw.verify(InputFile.PIN, hanako.card.pin.encode()) == SW.OK
    physical_0001 = raw.read_all(InputFile.MY_NUMBER)[1]
    basic = raw.read_tlv(InputFile.BASIC_INFO)[1]
    sw, ef = raw.read_tlv(InputFile.SIGNATURE)
    root = tlv.parse_one(ef)[0]
    assert sw == SW.OK and root.tag == 0xFF30
    items = root.children()
    assert tlv.find(items, InputSignatureTag.MY_NUMBER_HASH).value == (
        hashlib.sha256(physical_0001).digest()
    )
    basic_root = tlv.parse_one(basic)[0]
    after_table = tlv.parse_one(basic_root.value)[1]
    assert tlv.find(items, InputSignatureTag.BASIC_INFO_HASH).value == (
        hashlib.sha256(basic_root.value[after_table:]).digest()
    )
    cert = surface_sig.parse_cv_certificate(raw.read_tlv(InputFile.CERTIFICATE)[1])
    signed = tlv.encode(InputSignatureTag.MY_NUMBER_HASH, hashlib.sha256(physical_0001).digest())
    signed += tlv.encode(InputSignatureTag.BASIC_INFO_HASH, items[1].value)
    signature = tlv.find(items, InputSignatureTag.SIGNATURE).value
    cert.public_key.verify(signature, signed, padding.PKCS1v15(), hashes.SHA256())


@pytest.mark.parametrize(
    ("aid", "fid", "filler"),
    [
        (myna.JPKI_AID, JpkiFile.AUTH_CERT, 0x00),
        (myna.JPKI_AID, JpkiFile.AUTH_CA_CERT, 0x00),
        (myna.JPKI_AID, JpkiFile.SIGN_CA_CERT, 0x00),
        (myna.INPUT_AID, InputFile.BASIC_INFO, 0xFF),
        (myna.KENMEN_AID, KenmenFile.FACE, 0xFF),
    ],
    ids=["jpki-000A", "jpki-000B", "jpki-0002", "input-0002", "kenmen-0002"],
)
def test_files_carry_filler_after_their_tlv(
    raw: JpkiSignReader, hanako: Persona, aid: bytes, fid: int, filler: int
) -> None:
    """00 after the JPKI certificates, FF after the 入力補助/券面 TLVs; the dump ends with a
    short read and 9000 (evidence §3.1)."""
    _enter(raw, aid)
    if aid == myna.INPUT_AID:
        assert raw.verify(InputFile.NUMBER_B, number_b_of(hanako).encode()) == SW.OK
    if aid == myna.KENMEN_AID:
        assert raw.verify(KenmenFile.NUMBER_B, number_b_of(hanako).encode()) == SW.OK
    sw, physical = raw.read_all(fid)
    assert sw in (SW.OK, SW.WRONG_OFFSET)  # a short last chunk, or 6B00 after a full one
    end = tlv.read_header(physical).total
    assert len(physical) > end and set(physical[end:]) == {filler}
    if (aid, fid) == (myna.JPKI_AID, JpkiFile.SIGN_CA_CERT):
        assert len(physical) == 1900  # the size of a real card's EF 0002
    tail = raw.send(read_binary(len(physical) - 3, 256))
    assert (tail.sw, len(tail.data)) == (SW.OK, 3)  # fewer than Le at the end, with 9000
    assert raw.send(read_binary(len(physical), 1)).sw == SW.WRONG_OFFSET  # 6B00 past it


def test_short_ef_addressing_reads_and_verifies(raw: JpkiSignReader, hanako: Persona) -> None:
    """READ BINARY P1 = 80|SFI and VERIFY / COMPUTE SIGNATURE P2 = 80|SFI, as real cards."""
    _enter(raw, myna.JPKI_AID)
    head = raw.send(read_binary_sfi(JpkiFile.AUTH_CERT, 0, 4))
    assert head.sw == SW.OK and head.data[:2] == b"\x30\x82"
    rest = raw.send(read_binary(4, 4))  # the SFI read made EF 000A the current EF
    assert rest.sw == SW.OK and len(rest.data) == 4
    pin = hanako.card.pin.encode()
    assert raw.send(verify_sfi(JpkiFile.AUTH_PIN, b"")).sw == SW.VERIFY_FAILED | myna.PIN_TRIES
    assert raw.send(verify_sfi(JpkiFile.AUTH_PIN, pin)).sw == SW.OK
    digest_info = myna.sha256_digest_info(b"nonce")
    answer = raw.send_raw(bytes([0x80, 0x2A, 0x00, 0x80 | JpkiFile.AUTH_KEY, len(digest_info)])
                          + digest_info + b"\x00")  # fmt: skip
    assert answer.sw == SW.OK and len(answer.data) == myna.SIGNATURE_SIZE
    assert raw.send(read_binary_sfi(0x1D, 0, 4)).sw == SW.FILE_NOT_FOUND  # no such EF here


def test_the_atr_is_chosen_among_real_cards(card: VirtualCard, hanako: Persona) -> None:
    contactless = VirtualCard(hanako, card.counters.path.parent, atr=ATRS["contactless"])
    assert card.atr == bytes.fromhex("3BE000FF8131FE4514")
    assert contactless.atr == bytes.fromhex("3B888001000005E0B381A1007F")


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
