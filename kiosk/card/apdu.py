"""ISO/IEC 7816-4 command and response APDUs: encoding, parsing and the status words we meet.

Parsing is strict: a byte string that is not a well-formed APDU raises :class:`ApduError`, never
anything else, so a card answering garbage becomes a typed "unreadable card" outcome.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from typing import NamedTuple

SHORT_LE_MAX = 256
EXTENDED_LE_MAX = 65536


class ApduError(ValueError):
    """Bytes that do not form a valid command or response APDU."""


class SW(enum.IntEnum):
    """Status words of the My Number Card's applications (ISO 7816-4 values)."""

    OK = 0x9000
    END_OF_FILE = 0x6282  # fewer bytes than Le before the end of the EF
    VERIFY_FAILED = 0x63C0  # low nibble = tries left; 63C0 is the try that locked it
    WRONG_LENGTH = 0x6700
    SECURITY_NOT_SATISFIED = 0x6982
    AUTH_METHOD_BLOCKED = 0x6984  # VERIFY after the PIN was locked
    CONDITIONS_NOT_SATISFIED = 0x6985
    NO_CURRENT_EF = 0x6986
    WRONG_DATA = 0x6A80
    FILE_NOT_FOUND = 0x6A82
    WRONG_P1P2 = 0x6A86
    WRONG_OFFSET = 0x6B00
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00


def is_verify_failed(sw: int) -> bool:
    return sw & 0xFFF0 == SW.VERIFY_FAILED


class Ins(enum.IntEnum):
    SELECT = 0xA4
    READ_BINARY = 0xB0
    VERIFY = 0x20
    COMPUTE_DIGITAL_SIGNATURE = 0x2A
    GET_CHALLENGE = 0x84


@dataclass(frozen=True)
class Command:
    """A command APDU. ``le`` is the expected length (1..65536) or None when no data is wanted.

    ``data`` may carry a PIN: it is kept out of repr.
    """

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = field(default=b"", repr=False)
    le: int | None = None

    def __post_init__(self) -> None:
        for name in ("cla", "ins", "p1", "p2"):
            if not 0 <= getattr(self, name) <= 0xFF:
                raise ApduError(f"{name} out of range")
        if len(self.data) > EXTENDED_LE_MAX - 1:
            raise ApduError("command data too long")
        if self.le is not None and not 1 <= self.le <= EXTENDED_LE_MAX:
            raise ApduError("Le out of range")

    @property
    def extended(self) -> bool:
        return len(self.data) > 255 or (self.le is not None and self.le > SHORT_LE_MAX)

    def to_bytes(self) -> bytes:
        return self.encoded

    @cached_property
    def encoded(self) -> bytes:
        header = bytes((self.cla, self.ins, self.p1, self.p2))
        if not self.extended:
            body = bytes((len(self.data),)) + self.data if self.data else b""
            tail = bytes((self.le % SHORT_LE_MAX,)) if self.le is not None else b""
            return header + body + tail
        body = b"\x00" + len(self.data).to_bytes(2, "big") + self.data if self.data else b""
        if self.le is None:
            return header + body
        le = (self.le % EXTENDED_LE_MAX).to_bytes(2, "big")
        return header + body + (le if self.data else b"\x00" + le)

    @classmethod
    def parse(cls, raw: bytes) -> Command:
        """Decode the four ISO 7816-4 cases, short and extended."""
        if len(raw) < 4:
            raise ApduError("command shorter than its header")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, le=body[0] or SHORT_LE_MAX)
        if body[0] != 0:
            return cls._parse_short(cla, ins, p1, p2, body)
        return cls._parse_extended(cla, ins, p1, p2, body)

    @classmethod
    def _parse_short(cls, cla: int, ins: int, p1: int, p2: int, body: bytes) -> Command:
        lc = body[0]
        if len(body) == 1 + lc:
            return cls(cla, ins, p1, p2, body[1:])
        if len(body) == 2 + lc:
            return cls(cla, ins, p1, p2, body[1:-1], le=body[-1] or SHORT_LE_MAX)
        raise ApduError("short command length does not match Lc")

    @classmethod
    def _parse_extended(cls, cla: int, ins: int, p1: int, p2: int, body: bytes) -> Command:
        if len(body) == 3:
            return cls(cla, ins, p1, p2, le=int.from_bytes(body[1:3], "big") or EXTENDED_LE_MAX)
        if len(body) < 3:
            raise ApduError("extended command truncated")
        lc = int.from_bytes(body[1:3], "big")
        if lc == 0:
            raise ApduError("extended Lc of zero")
        if len(body) == 3 + lc:
            return cls(cla, ins, p1, p2, body[3:])
        if len(body) == 5 + lc:
            le = int.from_bytes(body[-2:], "big") or EXTENDED_LE_MAX
            return cls(cla, ins, p1, p2, body[3:-2], le=le)
        raise ApduError("extended command length does not match Lc")


class Response(NamedTuple):
    """A response APDU. A named tuple: one is made per APDU on the hot path of every read."""

    data: bytes
    sw: int

    def __repr__(self) -> str:  # the data may be a photo or a certificate: keep it out of logs
        return f"Response(sw={self.sw:04X}, {len(self.data)} bytes)"

    @classmethod
    def parse(cls, raw: bytes) -> Response:
        if len(raw) < 2:
            raise ApduError(f"response of {len(raw)} byte(s) has no status word")
        data = raw[:-2] if isinstance(raw, bytes) else bytes(raw[:-2])
        return cls(data, (raw[-2] << 8) | raw[-1])

    def to_bytes(self) -> bytes:
        return self.data + self.sw.to_bytes(2, "big")

    @property
    def ok(self) -> bool:
        return self.sw == SW.OK


# --- the commands the kiosk sends ----------------------------------------------------------


@cache  # the same few commands are sent on every read: encode each once
def select_df(aid: bytes) -> Command:
    return Command(0x00, Ins.SELECT, 0x04, 0x0C, aid)


@cache  # the same few commands are sent on every read: encode each once
def select_ef(fid: int) -> Command:
    return Command(0x00, Ins.SELECT, 0x02, 0x0C, fid.to_bytes(2, "big"))


@lru_cache(maxsize=512)  # a card's reads repeat per reception: encode each once
def read_binary(offset: int, le: int) -> Command:
    if not 0 <= offset <= 0x7FFF:
        raise ApduError("READ BINARY offset beyond 15 bits")
    return Command(0x00, Ins.READ_BINARY, offset >> 8, offset & 0xFF, le=le)


def read_binary_sfi(sfi: int, offset: int, le: int) -> Command:
    """READ BINARY by short EF id (P1 = 80|SFI, P2 = offset 0-255): selects that EF of the
    current DF and reads it, one APDU fewer than SELECT + READ (real cards answer it)."""
    if not 1 <= sfi <= 30 or not 0 <= offset <= 0xFF:
        raise ApduError("short EF id 1-30 and an offset of one byte")
    return Command(0x00, Ins.READ_BINARY, 0x80 | sfi, offset, le=le)


def verify_sfi(sfi: int, secret: bytes) -> Command:
    """VERIFY against the PIN EF with short id ``sfi`` (P2 = 80|SFI) of the current DF."""
    if not 1 <= sfi <= 30:
        raise ApduError("short EF id 1-30")
    return Command(0x00, Ins.VERIFY, 0x00, 0x80 | sfi, secret)


def verify(secret: bytes) -> Command:
    """VERIFY against the current PIN EF; with no data it asks for the tries left."""
    return Command(0x00, Ins.VERIFY, 0x00, 0x80, secret)


def compute_signature(digest_info: bytes) -> Command:
    return Command(0x80, Ins.COMPUTE_DIGITAL_SIGNATURE, 0x00, 0x80, digest_info, le=SHORT_LE_MAX)
