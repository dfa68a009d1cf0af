"""Staff authentication at the kiosk: scrypt-hashed staff PINs and a lockout after repeated
wrong tries. The configuration holds only salted hashes, never a PIN.

A hash carries its own scrypt cost (``scrypt$ln=16,r=8,p=1$<salt hex>$<hash hex>``), so the cost
can be raised later without making the hashes already in a clinic's configuration unusable. A
hash without it (``scrypt$<salt hex>$<hash hex>``, written before issue 25) was made with the
old, cheaper cost and possibly from a 4-digit PIN: it still opens the staff screen, so an update
never locks staff out of the visual check, but ``kiosk config`` and `kiosk run` say it must be
replaced (docs/security.md "Staff PINs")."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from kiosk.ports import AlertReason, Clock, StaffAlerts

log = logging.getLogger(__name__)

# The cost of a new hash: N = 2**16 (64 MiB), about 0.27 s on the kiosk's CPU, so one million
# guesses (every 6-digit PIN) take about three days of one core (docs/security.md).
LOG2_N, R, P = 16, 8, 1
LEGACY_LOG2_N = 14  # hashes without their parameters were made with N = 2**14
# Bounds for the parameters a stored hash may name: a typo or a hostile value must not make one
# check take more than a few seconds or 256 MiB (ln=18, r=8, p=2).
_LOG2_N_RANGE, _R_RANGE, _P_RANGE = (14, 18), (1, 8), (1, 2)
_HASH = re.compile(
    r"^scrypt\$(?:ln=(?P<ln>\d{1,2}),r=(?P<r>\d{1,2}),p=(?P<p>\d)\$)?"
    r"(?P<salt>[0-9a-f]{32})\$(?P<digest>[0-9a-f]{64})$"
)
# What the staff keypad can enter (kiosk/ui/screens/staff.py StaffPinPad): a hash of anything
# else could never be typed.
KEYPAD_DIGITS = (4, 12)
# A new staff PIN: 6 digits at least, so that recovering one from its hash means a million
# scrypt runs rather than ten thousand (issue 25 F8: a 4-digit PIN fell in about 10 minutes).
PIN_DIGITS = (6, 12)
RENEW_COMMAND = "kiosk config --hash-pin"


class WeakPinError(ValueError):
    """A staff PIN the kiosk will not hash: not 6 to 12 ASCII digits."""


class PinHashError(ValueError):
    """A stored hash that is not one this module writes, or names a cost out of bounds."""


def check_pin(pin: str, digits: tuple[int, int] = PIN_DIGITS) -> None:
    low, high = digits
    if not (low <= len(pin) <= high and pin.isascii() and pin.isdigit()):
        raise WeakPinError(f"a staff PIN is {low} to {high} digits (0-9)")


def new_pin_hash(pin: str) -> str:
    """The hash `kiosk config --hash-pin` prints for staff.pin_hashes: only for a PIN of 6 to
    12 digits (:data:`PIN_DIGITS`)."""
    check_pin(pin)
    return _hashed(pin, None)


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """A hash in the current format of any PIN the keypad can type (4 to 12 digits): for test
    fixtures and the demo's staff member. A clinic's PINs come from :func:`new_pin_hash`,
    which also enforces the 6-digit minimum."""
    check_pin(pin, KEYPAD_DIGITS)
    return _hashed(pin, salt)


def is_legacy(stored: str) -> bool:
    """Made before hashes carried their cost (and before the 6-digit minimum): to be replaced."""
    found = _HASH.fullmatch(stored)
    return found is not None and found["ln"] is None


def legacy_count(stored: Iterable[str]) -> int:
    return sum(1 for item in stored if is_legacy(item))


def renew_message(count: int) -> str:
    """What `kiosk config` and `kiosk run` say about old hashes: the fix, never the hashes."""
    return (
        f"{count} staff PIN hash(es) in staff.pin_hashes predate 6-digit PINs and still work, "
        f"but can be recovered quickly from the file: make new ones with `{RENEW_COMMAND}` "
        "(6 to 12 digits) and replace them"
    )


LEGACY_ALERT = "staff_pin_renew"  # the detail of the desk's alert (kiosk.desk.views words it)


def warn_if_legacy(stored: Iterable[str], alerts: StaffAlerts | None, kiosk_id: str) -> int:
    """At `kiosk run`'s start: old hashes keep working, but the log and every desk say they must
    be replaced (an alert per start, until they are). How many there are."""
    count = legacy_count(stored)
    if count:
        log.warning("%s", renew_message(count))
        if alerts is not None:
            alerts.raise_alert(kiosk_id, AlertReason.OTHER, detail=LEGACY_ALERT)
    return count


def check_hash(stored: str) -> None:
    """Raise PinHashError unless ``stored`` is a hash this module can check at a bounded cost."""
    _parse(stored)


def _parse(stored: str) -> tuple[int, int, int, bytes, str]:
    found = _HASH.fullmatch(stored)
    if found is None:
        raise PinHashError(f"each entry must be a scrypt hash from `{RENEW_COMMAND}`")
    if found["ln"] is None:
        return LEGACY_LOG2_N, R, P, bytes.fromhex(found["salt"]), found["digest"]
    ln, r, p = int(found["ln"]), int(found["r"]), int(found["p"])
    for value, (low, high), name in ((ln, _LOG2_N_RANGE, "ln"), (r, _R_RANGE, "r"),
                                     (p, _P_RANGE, "p")):  # fmt: skip
        if not low <= value <= high:
            raise PinHashError(f"a scrypt hash's {name} is from {low} to {high}")
    return ln, r, p, bytes.fromhex(found["salt"]), found["digest"]


def _scrypt(secret: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    n = 2**log2_n
    # hashlib refuses more than 32 MiB unless told; OpenSSL's scrypt needs 128 * r * (n + p + 2)
    # bytes, and a little more.
    memory = 128 * r * (n + p + 2) + 2**16
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=memory,
                          dklen=32)  # fmt: skip


def _hashed(secret: str, salt: bytes | None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = _scrypt(secret, salt, LOG2_N, R, P)
    return f"scrypt$ln={LOG2_N},r={R},p={P}${salt.hex()}${digest.hex()}"


def _matches(pin: str, stored: str) -> bool:
    log2_n, r, p, salt, digest_hex = _parse(stored)
    digest = _scrypt(pin, salt, log2_n, r, p)
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
    """``scrypt$ln=..,r=..,p=..$<salt hex>$<hash hex>``, as :func:`hash_pin` writes it."""
    check_password(password)
    return _hashed(password, salt)


def password_matches(password: str, stored: str) -> bool:
    """Constant-time comparison; False for a malformed stored hash rather than an error. A desk
    password hashed before hashes carried their cost (N = 2**14) still matches."""
    try:
        return _matches(password, stored)
    except ValueError:
        return False
