"""The My Number Card's applications, files and data layouts (facts: shared/spec/mynacard.md).

Shared by the reader side (:mod:`kiosk.card.session`) and the emulator (:mod:`kiosk.sim.card`)
so both speak exactly the same byte formats. Items the public sources do not confirm are marked
[U] here and in docs/card.md. The parsers raise :class:`LayoutError` or :class:`tlv.TlvError`
for any bytes that are not what they read, nothing else (bench/fuzz.py holds them to it).
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from kiosk.card import tlv

JPKI_AID = bytes.fromhex("D392F000260100000001")
INPUT_AID = bytes.fromhex("D3921000310001010408")  # 券面事項入力補助AP
KENMEN_AID = bytes.fromhex("D3921000310001010402")  # 券面事項確認AP (券面AP)

TOKEN_MYNACARD = b"JPKIAPICCTOKEN2"
TOKEN_JUKINET = b"JPKIAPICCTOKEN"  # the old 住基カード
TOKEN_SIZE = 32
# The smartphones' JPKI tokens, as software that reads real phones knows them (a Rust card library
# and jpki/myna; research/real-card-evidence.md §1.2): Android's JPKI applet on the phone's secure
# element, and the iPhone's. The card path refuses them (kiosk.card.phone reads phones).
TOKEN_PHONE_ANDROID = b"JPKIAPGPSETOKEN"
TOKEN_PHONE_IPHONE = b"JPKIAPIOSTOKEN"
PHONE_TOKENS = (TOKEN_PHONE_ANDROID, TOKEN_PHONE_IPHONE)


class JpkiFile(enum.IntEnum):
    TOKEN = 0x0006
    AUTH_CERT = 0x000A
    AUTH_CA_CERT = 0x000B
    SIGN_CERT = 0x0001
    SIGN_CA_CERT = 0x0002
    AUTH_KEY = 0x0017
    AUTH_PIN = 0x0018
    SIGN_KEY = 0x001A
    SIGN_PASSWORD = 0x001B


class InputFile(enum.IntEnum):
    MY_NUMBER = 0x0001
    BASIC_INFO = 0x0002
    SIGNATURE = 0x0003
    CERTIFICATE = 0x0004  # card-verifiable certificate (7F21), free
    AP_BASIC_DATA = 0x0005  # FF40 { DF41 .. DF43 }, free
    SESSION_KEY = 0x0006  # A1 { 90, 91 }: the session-key public key
    KEY_RECORD = 0x0007  # FF50 { DF51 key, DF52 signature }
    PIN = 0x0011
    NUMBER_A = 0x0014
    NUMBER_B = 0x0015


class KenmenFile(enum.IntEnum):
    FACE = 0x0002
    AP_BASIC_DATA = 0x0003  # FF30 { DF31 .. DF35 }, free
    CERTIFICATE = 0x0004  # card-verifiable certificate (7F21) of the key that signs DF28, free
    NUMBER_B = 0x0012
    NUMBER_A = 0x0013


ROOT_TAG = 0xFF20
OFFSETS_TAG = 0xDF21
MY_NUMBER_TAG = 0xFF10  # 入力補助AP EF 0001: FF 10 0C <12 ASCII digits> (a real card's bytes)
MY_NUMBER_DIGITS = 12
# What a physical EF holds after its TLV up to the file's end (research/real-card-evidence.md
# §3.1): 00 in the JPKI AP's certificate files, FF in the 入力補助AP's. A reader stops at the
# TLV's end, never at the file's.
FILLER_JPKI = 0x00
FILLER_TEXT = 0xFF


class InputTag(enum.IntEnum):
    """EF 0002 of the 券面入力補助AP."""

    NAME = 0xDF22
    ADDRESS = 0xDF23
    BIRTH_DATE = 0xDF24
    SEX = 0xDF25


class InputSignatureTag(enum.IntEnum):
    """EF 0003 of the 入力補助AP as real cards lay it out (research/real-card-evidence.md §3.3):
    FF30 { DF31 SHA-256 of EF 0001 (all 17 physical bytes), DF32 SHA-256 of EF 0002's root value
    from DF22 on, DF33 a signature by the key EF 0004 certifies }. [U] what DF33 signs."""

    MY_NUMBER_HASH = 0xDF31
    BASIC_INFO_HASH = 0xDF32
    SIGNATURE = 0xDF33


class KenmenTag(enum.IntEnum):
    """EF 0002 of the 券面AP."""

    BIRTH_DATE = 0xDF22
    SEX = 0xDF23
    PUBLIC_KEY = 0xDF24
    NAME_IMAGE = 0xDF25
    ADDRESS_IMAGE = 0xDF26
    PHOTO = 0xDF27
    SIGNATURE = 0xDF28
    EXPIRY = 0xDF29
    CODE_IMAGE = 0xDF2A


PIN_TRIES = 3  # user-auth PIN and 入力補助 PIN
SIGN_PASSWORD_TRIES = 5  # 署名用パスワード (JPKI EF 001B)
SIGN_PASSWORD_LENGTH = (6, 16)  # of A-Z and 0-9
NUMBER_B_TRIES = 10  # [U] the retry limit of 照合番号A/B is not public
# The kiosk submits a 照合番号B only while the card has at least this many tries left: a bad
# read costs a try, and the rest belong to the patient's other readers and to staff.
NUMBER_B_MIN_TRIES = 8
NUMBER_B_LENGTH = 14
SHA256_DIGEST_INFO_PREFIX = bytes.fromhex("3031300D060960864801650304020105000420")
SIGNATURE_SIZE = 256


def sha256_digest_info(message: bytes) -> bytes:
    return SHA256_DIGEST_INFO_PREFIX + hashlib.sha256(message).digest()


# --- EF 0002 layouts: FF20 { DF21 offsets, items... } ------------------------------------
#
# [U] The offset table's format is not public. Here DF21 holds one 2-byte big-endian offset per
# item, in item order, each the position of that item's TLV from the start of the EF. A reader
# can then fetch a single item (the 券面AP photo) without reading the images before it.


class LayoutError(ValueError):
    """An EF 0002 whose structure or values do not make sense."""


@dataclass(frozen=True)
class Layout:
    """Where each item's TLV sits in an EF 0002 (from the DF21 offset table)."""

    offsets: Mapping[int, int]
    ends: Mapping[int, int]

    def span(self, tag: int) -> tuple[int, int]:
        if tag not in self.offsets:
            raise LayoutError(f"no {tag:X} in the offset table")
        return self.offsets[tag], self.ends[tag]


def build_ef(items: Sequence[tuple[int, bytes]]) -> bytes:
    """Encode FF20 { DF21 offsets, items } with the offset table filled in."""
    table_size = 2 * len(items)
    body_prefix = tlv.encode(OFFSETS_TAG, bytes(table_size))
    # The root header's size depends on the total length, which does not depend on the table.
    encoded = [tlv.encode(tag, value) for tag, value in items]
    total = len(body_prefix) + sum(len(e) for e in encoded)
    root_header = len(tlv.encode(ROOT_TAG, bytes(total))) - total
    pos = root_header + len(body_prefix)
    table = b""
    for item in encoded:
        table += pos.to_bytes(2, "big")
        pos += len(item)
    return tlv.encode(ROOT_TAG, tlv.encode(OFFSETS_TAG, table) + b"".join(encoded))


def layout_of(head: bytes, tags: Sequence[int]) -> Layout:
    """Read the offset table from the first bytes of an EF 0002 (``head`` holds at least the
    root header and DF21). ``tags`` are the items in EF order."""
    root = tlv.read_header(head)
    if root.tag != ROOT_TAG:
        raise LayoutError(f"EF starts with tag {root.tag:X}, not FF20")
    table, _ = tlv.parse_one(head, root.header_size)
    if table.tag != OFFSETS_TAG or len(table.value) != 2 * len(tags):
        raise LayoutError("offset table missing or of the wrong size")
    starts = [int.from_bytes(table.value[i : i + 2], "big") for i in range(0, len(table.value), 2)]
    bounds = [*starts[1:], root.total]
    first = root.header_size + len(tlv.encode(OFFSETS_TAG, table.value))
    if not starts or starts[0] != first or any(b <= a for a, b in zip(starts, bounds, strict=True)):
        raise LayoutError("offset table is not increasing within the EF")
    return Layout(dict(zip(tags, starts, strict=True)), dict(zip(tags, bounds, strict=True)))


def item_value(raw: bytes, tag: int) -> bytes:
    """The value of the TLV ``raw`` that must carry ``tag`` and nothing after it."""
    item, end = tlv.parse_one(raw)
    if item.tag != tag or end != len(raw):
        raise LayoutError(f"expected exactly one {tag:X}, got {item.tag:X}")
    return item.value


def parse_yyyymmdd(raw: bytes) -> date:
    text = raw.decode("ascii", errors="replace")
    if len(text) != 8 or not text.isdigit():
        raise LayoutError("date is not YYYYMMDD")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError as exc:
        raise LayoutError(f"date {text} does not exist") from exc


def parse_sex(raw: bytes) -> str:
    if raw not in (b"1", b"2", b"9"):
        raise LayoutError("sex code is not 1, 2 or 9")
    return raw.decode()


@dataclass(frozen=True)
class BasicInfo:
    """The 4 basic items (基本4情報) of the 券面事項入力補助AP. Personal: never log them."""

    name: str = field(repr=False)
    address: str = field(repr=False)
    birth_date: date = field(repr=False)
    sex: str = field(repr=False)


def parse_my_number(ef: bytes) -> str:
    """The 12 digits of the 入力補助AP's EF 0001 (``FF10``; filler after it ignored). The kiosk
    never reads the My Number from a card: this is for tests against real cards' bytes."""
    item, _ = tlv.parse_one(ef)
    if item.tag != MY_NUMBER_TAG:
        raise LayoutError(f"EF starts with tag {item.tag:X}, not FF10")
    if len(item.value) != MY_NUMBER_DIGITS or not (item.value.isascii() and item.value.isdigit()):
        raise LayoutError("the My Number is not 12 ASCII digits")
    return item.value.decode("ascii")


def item_tlvs(ef: bytes, tags: Sequence[int]) -> dict[int, bytes]:
    """Each item of an EF 0002 (tag → its whole TLV as written), placed by the offset table and
    checked to be exactly that one TLV; the filler after the root TLV is not looked at."""
    layout = layout_of(ef, tags)
    out: dict[int, bytes] = {}
    for tag in tags:
        start, end = layout.span(tag)
        if end > len(ef):
            raise LayoutError(f"{tag:X} runs past the end of the data read")
        item_value(ef[start:end], tag)
        out[tag] = ef[start:end]
    return out


def parse_basic_info(ef: bytes) -> BasicInfo:
    """Decode the whole EF 0002 of the 入力補助AP."""
    root, _ = tlv.parse_one(ef)
    if root.tag != ROOT_TAG:
        raise LayoutError(f"EF starts with tag {root.tag:X}, not FF20")
    items = root.children()
    try:
        return BasicInfo(
            name=tlv.find(items, InputTag.NAME).value.decode("utf-8"),
            address=tlv.find(items, InputTag.ADDRESS).value.decode("utf-8"),
            birth_date=parse_yyyymmdd(tlv.find(items, InputTag.BIRTH_DATE).value),
            sex=parse_sex(tlv.find(items, InputTag.SEX).value),
        )
    except UnicodeDecodeError as exc:
        raise LayoutError("name or address is not UTF-8") from exc
