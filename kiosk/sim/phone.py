"""A virtual smartphone (Android or iPhone) holding a persona's スマホ用利用者証明用電子証明書,
speaking the protocol of :mod:`kiosk.card.phone` (the card's JPKI APDUs; the [U] choices are in
docs/card.md, "Smartphone").

It is a :class:`kiosk.sim.card.VirtualCard` with only the JPKI application's user-auth side:
its token says "phone" and its kind, EF 000A / 000B hold the phone certificate and the mock
phone CA's (:meth:`kiosk.sim.pki.MockPki.phone_credentials`), and the key EF 0017 opens

- on Android, after VERIFY of the phone certificate's own PIN (EF 0018, its own counter, kept
  in ``state_dir/<persona>.phone.json``, apart from the card's);
- on iPhone, when the holder approves on the phone: the signature APDU is answered only then,
  or ``6985`` when they decline. What the holder does comes from ``state_dir/<persona>.approval``
  (``kiosk virtual-phone --approval``) or else the persona's ``phone.approval``; "wait" holds
  the answer until that file says approve or decline (or :data:`APPROVAL_TIMEOUT_S` passes,
  which counts as a decline, as a phone gives up on an unanswered Face ID prompt).

It runs in-process (:class:`InProcessPhoneReader`) or behind vpcd (:mod:`kiosk.sim.phone_cli`).
"""

from __future__ import annotations

import threading
import time
from functools import cached_property
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa

from kiosk.card import myna
from kiosk.card.apdu import Command, Response
from kiosk.card.myna import JpkiFile
from kiosk.card.phone import DECLINED_SW, PHONE_ATR, TOKEN_OF, PhoneJpkiSession
from kiosk.ports import CardError, CardErrorKind, PhoneError, PhoneErrorKind, PhoneKind
from kiosk.sim.card import Counter, CounterStore, VirtualCard, _Data, _File, _Key, _Pin
from kiosk.sim.personas import Persona, PhoneFixture
from kiosk.sim.pki import MockPki

APPROVALS = ("approve", "decline", "wait")
APPROVAL_TIMEOUT_S = 60.0
_APPROVAL_POLL_S = 0.05
_APPROVED = -1  # a pseudo "verified EF": the holder approved this one signature on the phone


class PhoneCounters(CounterStore):
    """The phone certificate's PIN counter, in its own file: a wrong phone PIN never touches
    the card's counter, nor the reverse."""

    def __init__(self, persona: Persona, state_dir: Path) -> None:
        super().__init__(persona, state_dir)
        self.path = Path(state_dir) / f"{persona.id}.phone.json"

    def fixture(self) -> dict[str, int]:
        assert self._persona.phone is not None
        return {Counter.PHONE_PIN: self._persona.phone.pin_tries_left}


def approval_path(persona: Persona, state_dir: Path) -> Path:
    return Path(state_dir) / f"{persona.id}.approval"


def set_approval(persona: Persona, state_dir: Path, approval: str) -> None:
    """What the iPhone's holder does at the next (and every later) signature request."""
    if approval not in APPROVALS:
        raise ValueError(f"approval must be one of {', '.join(APPROVALS)}")
    path = approval_path(persona, state_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(approval, "utf-8")
    tmp.replace(path)


def reset_phone(persona: Persona, state_dir: Path) -> None:
    """Counters back to the fixture and the approval back to the persona's."""
    PhoneCounters(persona, state_dir).reset()
    approval_path(persona, state_dir).unlink(missing_ok=True)


def phone_of(persona: Persona) -> PhoneFixture:
    if persona.phone is None:
        raise ValueError(f"persona {persona.id!r} has no phone")
    return persona.phone


class VirtualPhone(VirtualCard):
    """A phone that answers command APDUs through :meth:`transmit` (bytes in, bytes out)."""

    def __init__(
        self,
        persona: Persona,
        state_dir: Path,
        *,
        pki: MockPki | None = None,
        approval_timeout_s: float = APPROVAL_TIMEOUT_S,
    ) -> None:
        self.fixture = phone_of(persona)
        self.kind = PhoneKind(self.fixture.kind)
        self.state_dir = Path(state_dir)
        self.approval_timeout_s = approval_timeout_s
        self.signatures_asked = 0
        self._taken_away = threading.Event()
        super().__init__(persona, state_dir, pki=pki)
        self.counters = PhoneCounters(persona, state_dir)

    @cached_property
    def _phone_pki(self) -> MockPki:
        return self._pki if self._pki is not None else MockPki()

    @cached_property
    def _phone_credentials(self) -> tuple[rsa.RSAPrivateKey, bytes]:
        return self._phone_pki.phone_credentials(self.persona.id)

    @property
    def atr(self) -> bytes:
        return PHONE_ATR

    def _applications(self) -> dict[bytes, dict[int, _File]]:
        token = TOKEN_OF[PhoneKind(phone_of(self.persona).kind)].ljust(myna.TOKEN_SIZE, b" ")
        jpki: dict[int, _File] = {
            JpkiFile.TOKEN: _Data(lambda: token),
            JpkiFile.AUTH_CERT: _Data(lambda: self._phone_credentials[1]),
            JpkiFile.AUTH_CA_CERT: _Data(self._phone_pki.phone_ca_cert_der),
        }
        if PhoneKind(phone_of(self.persona).kind) is PhoneKind.ANDROID:
            pin = phone_of(self.persona).pin.encode
            jpki[JpkiFile.AUTH_PIN] = _Pin(Counter.PHONE_PIN, pin)
            jpki[JpkiFile.AUTH_KEY] = _Key(JpkiFile.AUTH_PIN, lambda: self._phone_credentials[0])
        else:
            jpki[JpkiFile.AUTH_KEY] = _Key(_APPROVED, lambda: self._phone_credentials[0])
        # [U] Only the user-auth side: the sources say the Android phone holds the two
        # certificates and no 券面 data; the kiosk never uses the 署名用 side, so it is left out.
        return {myna.JPKI_AID: jpki}

    # --- the holder's approval (iPhone) --------------------------------------------------

    def approval(self) -> str:
        try:
            text = approval_path(self.persona, self.state_dir).read_text("utf-8").strip()
        except OSError:
            return self.fixture.approval
        return text if text in APPROVALS else self.fixture.approval

    def take_away(self) -> None:
        """The phone leaves the reader: a prompt still waiting for its holder ends now."""
        self._taken_away.set()

    def _await_holder(self) -> bool:
        """True once the holder approves; False on a decline, when nobody answers, or when the
        phone is taken away meanwhile."""
        deadline = time.monotonic() + self.approval_timeout_s
        while (answer := self.approval()) == "wait":
            if time.monotonic() >= deadline:
                return False
            # The phone's prompt is up: its holder simply has not answered yet.
            if self._taken_away.wait(_APPROVAL_POLL_S):
                return False
        return answer == "approve"

    def _sign(self, c: Command) -> Response:
        current = self._current()
        if self.kind is not PhoneKind.IPHONE or not isinstance(current, _Key):
            return super()._sign(c)
        self.signatures_asked += 1
        if not self._await_holder():
            return Response(b"", DECLINED_SW)
        self._verified.add(_APPROVED)
        try:
            return super()._sign(c)
        finally:
            self._verified.discard(_APPROVED)  # one approval, one signature


# --- in-process reader (unit tests, the demo without pcscd) --------------------------------


class _InProcessTransport:
    def __init__(self, reader: InProcessPhoneReader, phone: VirtualPhone) -> None:
        self._reader = reader
        self._phone = phone
        self._open = True

    def transmit(self, apdu: bytes | bytearray) -> bytes:
        if not self._open or self._reader.phone is not self._phone:
            raise CardError(CardErrorKind.REMOVED, "the phone left the reader")
        return self._phone.transmit(apdu)

    def close(self) -> None:
        if self._open and self._reader.phone is self._phone:
            self._phone.reset()
        self._open = False


class InProcessPhoneReader:
    """An NFC reader with a virtual phone on it, without pcscd; ``remove()`` is the patient
    taking the phone away."""

    def __init__(self, phone: VirtualPhone | None = None) -> None:
        self.phone = phone

    def place(self, phone: VirtualPhone) -> None:
        phone.reset()
        self.phone = phone

    def remove(self) -> None:
        self.phone = None

    def connect(self) -> PhoneJpkiSession:
        phone = self.phone
        if phone is None:
            raise PhoneError(PhoneErrorKind.REMOVED, "no phone on the reader")
        phone.reset()
        session = PhoneJpkiSession(_InProcessTransport(self, phone))
        session.identify()
        return session
