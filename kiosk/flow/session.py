"""The secrets of one reception, in one place, wiped when the reception ends.

Python cannot guarantee that immutable ``bytes`` are erased from memory; what we can do, we do:
mutable buffers (the PIN) are overwritten, every reference is dropped at once, and nothing here
has a repr that shows the values, so they cannot reach a log by accident.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from datetime import date

from kiosk.ports import Proof, Qualification

PIN_LENGTH = 4
NUMBER_B_DIGITS = 14  # 照合番号B, typed by staff when the card front cannot be read
CHECK_NUMBER_DIGITS = 6  # the next card's 照合番号 (kiosk.card.next_card), read or typed


class PinFormatError(ValueError):
    """The PIN is not four decimal digits; the session keeps no PIN and the card sees nothing."""


def ascii_digit(ch: str) -> str | None:
    """'7' for any decimal digit 7 (ASCII, full-width ７, Arabic-Indic ٧ …); None otherwise."""
    value = unicodedata.decimal(ch, None) if len(ch) == 1 else None
    return None if value is None else str(value)


def normalize_pin(digits: str) -> str:
    """Four ASCII digits from any decimal digits; anything else is refused with a clear error."""
    out = [ascii_digit(ch) for ch in digits]
    if any(d is None for d in out):
        raise PinFormatError("the PIN may contain digits only")
    if len(out) != PIN_LENGTH:
        raise PinFormatError(f"the PIN is {PIN_LENGTH} digits, not {len(out)}")
    return "".join(d for d in out if d is not None)


@dataclass(frozen=True)
class ChipFacts:
    """The birth date and sex the card's 券面AP gave with the chip photo: shown to staff in the
    visual check, compared with the eligibility answer. No repr: it is personal."""

    birth: date
    sex: str  # the 券面AP's code: 1, 2, 9 (not applicable)

    def __repr__(self) -> str:
        return "ChipFacts(…)"


class Session:
    """PIN digits, a typed 照合番号B, certificate, chip photo and proofs of one reception."""

    _FIELDS = (
        "user_cert_der", "ca_cert_der", "chip_photo_jp2", "qualification", "chip_facts",
        "phone_proof",
    )  # fmt: skip

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pin = bytearray()
        self._number_b = bytearray()
        self.user_cert_der: bytes | None = None
        self.ca_cert_der: bytes | None = None
        self.chip_photo_jp2: bytes | None = None
        self.qualification: Qualification | None = None  # the result (personal, not secret)
        self.chip_facts: ChipFacts | None = None  # read with the chip photo
        # A phone's signed proof, from its read until the eligibility query spends its nonce.
        self.phone_proof: Proof | None = None
        self.wiped = True

    def __repr__(self) -> str:
        return f"<Session wiped={self.wiped}>"

    def set_pin(self, digits: str) -> None:
        """The whole PIN at once (drivers, tests). Raises PinFormatError, keeping no PIN."""
        with self._lock:
            self._wipe_pin()
            self._pin.extend(normalize_pin(digits).encode("ascii"))
            self.wiped = False

    def add_pin_digit(self, digit: str) -> int:
        with self._lock:
            ascii_ = ascii_digit(digit)
            if len(self._pin) < PIN_LENGTH and ascii_ is not None:
                self._pin.extend(ascii_.encode("ascii"))
                self.wiped = False
            return len(self._pin)

    def delete_pin_digit(self) -> int:
        with self._lock:
            if self._pin:
                self._pin[-1] = 0
                del self._pin[-1]
            return len(self._pin)

    def clear_pin(self) -> None:
        with self._lock:
            self._wipe_pin()

    @property
    def pin_length(self) -> int:
        return len(self._pin)

    def take_pin(self) -> bytearray:
        """Hand the PIN to the card once; the session keeps no copy."""
        with self._lock:
            pin = bytearray(self._pin)
            self._wipe_pin()
            return pin

    def set_number_b(self, digits: str) -> None:
        """The number that opens the card's face data, as read or typed: a current card's
        照合番号B (14 ASCII digits; it holds the birth date) or a next card's 照合番号 (6).
        Raises ValueError, keeping none, for anything else."""
        with self._lock:
            self._wipe(self._number_b)
            wanted = (NUMBER_B_DIGITS, CHECK_NUMBER_DIGITS)
            if len(digits) not in wanted or not digits.isascii() or not digits.isdigit():
                raise ValueError(f"not {NUMBER_B_DIGITS} or {CHECK_NUMBER_DIGITS} digits")
            self._number_b.extend(digits.encode("ascii"))
            self.wiped = False

    @property
    def has_number_b(self) -> bool:
        return bool(self._number_b)

    def take_number_b(self) -> bytearray:
        """Hand the typed 照合番号B to the card once; the session keeps no copy."""
        with self._lock:
            digits = bytearray(self._number_b)
            self._wipe(self._number_b)
            return digits

    def note_secret(self) -> None:
        self.wiped = False

    def wipe(self) -> None:
        with self._lock:
            self._wipe_pin()
            self._wipe(self._number_b)
            for name in self._FIELDS:
                setattr(self, name, None)
            self.wiped = True

    def _wipe_pin(self) -> None:
        self._wipe(self._pin)

    @staticmethod
    def _wipe(buf: bytearray) -> None:
        wipe_buffer(buf)


def wipe_buffer(buf: bytearray) -> None:
    for i in range(len(buf)):
        buf[i] = 0
    del buf[:]
