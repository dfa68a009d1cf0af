"""Bytes read off a real card, and files laid out as physical ones are (filler after the TLV,
long-form lengths): the card layer reads them by their TLV header, never by a fixed length.

The 入力補助AP EF 0001 and EF 0002 below are a JPKI **test** card's, published byte for byte
as the test constants of a card library that reads real cards (research/real-card-evidence.md
§3.3, §8.4: a synthetic holder, 黒桐　幹也, safe to embed). The physical EF 0001 is these 15
bytes + FF FF; the physical size of EF 0002 is not published, so some FF filler is appended."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk.card import myna
from kiosk.card.myna import InputFile, InputTag
from kiosk.sim.card import InProcessReader, VirtualCard, _Data
from kiosk.sim.personas import Persona
from kiosk.sim.pki import MockPki

REAL_0001 = bytes.fromhex("FF100C" + "353337363836363737313838") + b"\xff\xff"
REAL_0002 = (
    bytes.fromhex(
        "ff2065df2108000e002000590064df22"
        "0fe9bb92e6a190e38080e5b9b9e4b99f"
        "df2336e69db1e4baace983bde6b885e7"
        "80ace5b882e8a6b3e5b883e5ad90e58d"
        "97efbc91efbc92efbc8defbc97efbc8d"
        "efbc92efbc90efbc92df240831393830"
        "30323137df250131"
    )
    + b"\xff" * 24
)
REAL_NAME = "黒桐\u3000幹也"
REAL_ADDRESS = "東京都清瀬市観布子南１２－７－２０２"


def test_the_real_my_number_file_parses() -> None:
    assert len(REAL_0001) == 17
    assert myna.parse_my_number(REAL_0001) == "537686677188"


def test_the_real_basic_info_file_parses_with_its_filler() -> None:
    assert len(REAL_0002) - 24 == 104
    info = myna.parse_basic_info(REAL_0002)
    assert (info.name, info.address) == (REAL_NAME, REAL_ADDRESS)
    assert (info.birth_date, info.sex) == (date(1980, 2, 17), "1")


def test_the_real_offset_table_is_the_one_the_card_layer_reads() -> None:
    """DF21 = 000E 0020 0059 0064: each item's offset from the file's start."""
    items = myna.item_tlvs(REAL_0002, tuple(InputTag))
    assert [REAL_0002.index(raw) for raw in items.values()] == [0x0E, 0x20, 0x59, 0x64]
    assert myna.item_value(items[InputTag.BIRTH_DATE], InputTag.BIRTH_DATE) == b"19800217"


def _card_with_input_files(
    hanako: Persona, tmp_path: Path, pki: MockPki, basic: bytes, my_number: bytes = REAL_0001
) -> VirtualCard:
    """A virtual card whose 入力補助 files hold other (physical) bytes."""
    card = VirtualCard(hanako, tmp_path / "cards", pki=pki)
    card.__dict__["_input_ef"] = basic
    files = card._apps[myna.INPUT_AID]
    files[InputFile.MY_NUMBER] = _Data(lambda: my_number, (InputFile.PIN, InputFile.NUMBER_A))
    return card


@pytest.mark.parametrize("extended", [False, True], ids=["short", "extended"])
def test_the_session_reads_the_real_files_off_a_card(
    hanako: Persona, tmp_path: Path, pki: MockPki, extended: bool
) -> None:
    card = _card_with_input_files(hanako, tmp_path, pki, REAL_0002)
    session = InProcessReader(card, extended_length=extended).connect()
    info = session.read_basic_info(bytearray(hanako.card.pin.encode()))
    assert (info.name, info.address, info.birth_date, info.sex) == (
        REAL_NAME,
        REAL_ADDRESS,
        date(1980, 2, 17),
        "1",
    )


def _basic_of_size(total: int) -> tuple[bytes, int]:
    """The smallest EF 0002 whose TLV has at least ``total`` bytes (its address grown to fit),
    and the address's length."""
    for length in range(1, 400):
        ef = myna.build_ef(
            [
                (InputTag.NAME, REAL_NAME.encode()),
                (InputTag.ADDRESS, b"1" * length),
                (InputTag.BIRTH_DATE, b"19800217"),
                (InputTag.SEX, b"1"),
            ]
        )
        if len(ef) >= total:
            return ef, length
    raise AssertionError(f"no EF of {total} bytes")


@pytest.mark.parametrize(
    ("total", "length_byte"),
    [(131, 0x81), (256, 0x81), (257, 0x81), (260, 0x82)],
    ids=["81-form", "ends-at-256", "one-past-256", "82-form"],
)
@pytest.mark.parametrize("extended", [False, True], ids=["short", "extended"])
def test_long_form_lengths_and_filler_are_read_to_the_tlvs_end(
    hanako: Persona, tmp_path: Path, pki: MockPki, total: int, length_byte: int, extended: bool
) -> None:
    """A name + address over 127 bytes gives ``FF 20 81 xx`` (the "2 extra bytes before FF 20"
    of cards issued around 2023 is most likely this); over 255, ``82 hh ll``. FF filler follows
    up to the file's end, and a TLV ending on a 256-byte boundary needs no further read."""
    ef, address_length = _basic_of_size(total)
    assert ef[2] == length_byte and (total != 256 or len(ef) == 256)
    card = _card_with_input_files(hanako, tmp_path, pki, ef + b"\xff" * 40)
    session = InProcessReader(card, extended_length=extended).connect()
    info = session.read_basic_info(bytearray(hanako.card.pin.encode()))
    assert (info.name, info.address) == (REAL_NAME, "1" * address_length)
