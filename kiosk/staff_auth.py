"""Staff authentication at the kiosk: scrypt-hashed staff PINs and a lockout after repeated
wrong tries. The configuration holds only salted hashes, never a PIN."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

from kiosk.ports import Clock

_N, _R, _P = 2**14, 8, 1
# What the staff keypad can enter (kiosk/ui/screens/staff.py StaffPinPad): a hash of anything else
# could never be typed, and a PIN of fewer than 4 digits is guessed within the lockout's tries.
PIN_DIGITS = (4, 12)


class WeakPinError(ValueError):
    """A staff PIN the kiosk will not hash: not 4 to 12 ASCII digits."""


def check_pin(pin: str) -> None:
    low, high = PIN_DIGITS
    if not (low <= len(pin) <= high and pin.isascii() and pin.isdigit()):
        raise WeakPinError(f"a staff PIN is {low} to {high} digits (0-9)")


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """``scrypt$<salt hex>$<hash hex>`` as the configuration's staff.pin_hashes expects."""
    check_pin(pin)
    return _hashed(pin, salt)


def _hashed(secret: str, salt: bytes | None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${salt.hex()}${digest.hex()}"


def _matches(pin: str, stored: str) -> bool:
    _, salt_hex, digest_hex = stored.split("$")
    salt = bytes.fromhex(salt_hex)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return hmac.compare_digest(digest.hex(), digest_hex)


@dataclass
class StaffAuth:
    pin_hashes: tuple[str, ...]
    clock: Clock
    max_attempts: int = 5
    lockout_s: float = 300.0
    _failures: int = field(default=0, init=False)
    _locked_until: float = field(default=0.0, init=False)

    def locked_for(self) -> float:
        """Seconds left in the lockout, 0 when staff may try."""
        return max(0.0, self._locked_until - self.clock.monotonic())

    def check(self, pin: str) -> bool:
        if self.locked_for() > 0 or not self.pin_hashes:
            return False
        if any(_matches(pin, h) for h in self.pin_hashes):
            self._failures = 0
            return True
        self._failures += 1
        if self._failures >= self.max_attempts:
            self._failures = 0
            self._locked_until = self.clock.monotonic() + self.lockout_s
        return False


# --- web desk passwords (kiosk.desk): the same scrypt, a longer secret ---------------------

PASSWORD_LENGTH = (10, 128)


class WeakPasswordError(ValueError):
    """A desk password the desk will not hash: too short or too long."""


def check_password(password: str) -> None:
    low, high = PASSWORD_LENGTH
    if not low <= len(password) <= high:
        raise WeakPasswordError(f"a desk password has {low} to {high} characters")


def hash_password(password: str, salt: bytes | None = None) -> str:
    """``scrypt$<salt hex>$<hash hex>``, as :func:`hash_pin` writes it, for a desk password."""
    check_password(password)
    return _hashed(password, salt)


def password_matches(password: str, stored: str) -> bool:
    """Constant-time comparison; False for a malformed stored hash rather than an error."""
    try:
        return _matches(password, stored)
    except ValueError:
        return False
