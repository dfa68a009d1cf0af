"""The smartphone's 利用者証明用 certificate (スマホ用電子証明書, issue 17) over the NFC reader:
:class:`PhoneJpkiSession` over any transport, :class:`PcscPhoneReader` on a PC/SC reader.

What is public and what is not is in docs/card.md ("Smartphone"). In short: no public source
gives the APDUs a clinic's reader sends to a phone. The nearest documented mechanism is the
card's own JPKI application (ISO 7816-4 over ISO 14443-4), which the Android certificate is a
copy of (written into the phone's GlobalPlatform secure element) and which the iPhone's Wallet
also holds. So the phone here answers the card's JPKI APDUs — SELECT the JPKI AP, READ BINARY
of EF 0006 / 000A / 000B, VERIFY on EF 0018, COMPUTE DIGITAL SIGNATURE on EF 0017 — and [U]:

- the token in EF 0006 tells a phone (and its kind) from a card: :data:`PHONE_TOKENS`;
- Android: the key needs the phone certificate's own 4-digit PIN (VERIFY, its own counter);
- iPhone: no VERIFY; the phone asks its holder (Face ID / Touch ID) when the signature is
  asked for and answers only then (ISO 14443-4 waiting-time extensions keep the reader waiting);
  a decline answers ``6985`` (conditions of use not satisfied) → CANCELLED_ON_PHONE.

Every failure is a :class:`kiosk.ports.PhoneError`; the PIN is checked (4 ASCII digits) before
any APDU, so our own mistake never costs the phone a try.
"""

from __future__ import annotations

import logging
import re

from kiosk.card import myna, tlv
from kiosk.card.apdu import (
    SHORT_LE_MAX,
    SW,
    ApduError,
    Command,
    Ins,
    Response,
    compute_signature,
    is_verify_failed,
    read_binary,
    select_df,
    select_ef,
)
from kiosk.card.myna import JpkiFile
from kiosk.card.session import Closeable, Transport, pin_result
from kiosk.ports import (
    CardError,
    CardErrorKind,
    CardIdentity,
    PhoneError,
    PhoneErrorKind,
    PhoneKind,
    PinResult,
)

log = logging.getLogger(__name__)

# The phones' JPKI tokens as real phones answer (kiosk.card.myna: JPKIAPGPSETOKEN for Android,
# JPKIAPIOSTOKEN for the iPhone). The card's and the 住基カード's tokens are refused as NOT_A_PHONE;
# the card path refuses these as NOT_MYNACARD.
PHONE_TOKENS: dict[bytes, PhoneKind] = {
    myna.TOKEN_PHONE_ANDROID: PhoneKind.ANDROID,
    myna.TOKEN_PHONE_IPHONE: PhoneKind.IPHONE,
}
TOKEN_OF: dict[PhoneKind, bytes] = {kind: token for token, kind in PHONE_TOKENS.items()}
# What a PC/SC contactless reader reports for an ISO 14443-4 Type A device without historical
# bytes (PC/SC part 3: 3B 8n 80 01 + historical bytes + TCK). [U] what a real phone reports.
PHONE_ATR = bytes.fromhex("3B80800101")
PHONE_PIN_TRIES = 3  # [U] the phone certificate's PIN: 3 tries like the card's (not stated)
DECLINED_SW = SW.CONDITIONS_NOT_SATISFIED  # [U] the holder declined on the iPhone
MAX_CERT_SIZE = 0x8000
_TRIES_QUERY = Command(0x00, Ins.VERIFY, 0x00, 0x80)
_PIN = re.compile(rb"[0-9]{4}")


def _error(kind: PhoneErrorKind, detail: str) -> PhoneError:
    return PhoneError(kind, detail)


def _unreadable(detail: str) -> PhoneError:
    return PhoneError(PhoneErrorKind.UNREADABLE, detail)


def phone_error_of(error: CardError) -> PhoneError:
    """The transport's CardError (PC/SC) as the phone path's PhoneError."""
    kinds = {CardErrorKind.REMOVED: PhoneErrorKind.REMOVED,
             CardErrorKind.NO_READER: PhoneErrorKind.NO_READER}  # fmt: skip
    return PhoneError(kinds.get(error.kind, PhoneErrorKind.UNREADABLE), error.detail)


def check_pin(pin: bytearray) -> None:
    """The phone certificate's PIN is 4 ASCII digits; anything else is refused before VERIFY."""
    if _PIN.fullmatch(bytes(pin)) is None:
        raise ValueError("the phone certificate's PIN is 4 digits")


class PhoneJpkiSession:
    """Implements :class:`kiosk.ports.PhoneSession` over a transport (bytes in, bytes out).
    :meth:`identify` (called by the readers' ``connect``) reads the token and sets ``kind``."""

    kind: PhoneKind

    def __init__(self, transport: Transport, *, extended_length: bool = False) -> None:
        self._transport = transport
        self._extended = extended_length
        self._df_selected = False
        self._ef: int | None = None
        self.apdu_count = 0

    # --- transport ---------------------------------------------------------------------

    def _send(self, command: Command | bytearray) -> Response:
        raw = command if isinstance(command, bytearray) else command.to_bytes()
        self.apdu_count += 1
        try:
            answer = self._transport.transmit(raw)
        except CardError as exc:
            raise phone_error_of(exc) from exc
        try:
            return Response.parse(answer)
        except ApduError as exc:
            raise _unreadable(str(exc)) from exc

    def _ok(self, command: Command) -> bytes:
        response = self._send(command)
        if response.sw not in (SW.OK, SW.END_OF_FILE):
            raise _unreadable(f"{Ins(command.ins).name} answered {response.sw:04X}")
        return response.data

    def _select(self, fid: int) -> None:
        if not self._df_selected:
            response = self._send(select_df(myna.JPKI_AID))
            if response.sw == SW.FILE_NOT_FOUND:
                raise _error(PhoneErrorKind.NOT_A_PHONE, "no JPKI application")
            if response.sw != SW.OK:
                raise _unreadable(f"SELECT JPKI answered {response.sw:04X}")
            self._df_selected = True
        if self._ef != fid:
            self._ef = None
            self._ok(select_ef(fid))
            self._ef = fid

    # --- what is on the reader -----------------------------------------------------------

    def identify(self) -> PhoneKind:
        """Read the JPKI token: the phone's kind, or NOT_A_PHONE (a My Number Card, a 住基カード,
        anything else)."""
        self._select(JpkiFile.TOKEN)
        token = self._ok(read_binary(0, myna.TOKEN_SIZE)).rstrip(b" \x00\xff")
        if token in (myna.TOKEN_MYNACARD, myna.TOKEN_JUKINET):
            raise _error(PhoneErrorKind.NOT_A_PHONE, "a card's JPKI token: not a phone")
        kind = PHONE_TOKENS.get(token)
        if kind is None:
            shown = token.decode("ascii", errors="replace")[:32]
            raise _error(PhoneErrorKind.NOT_A_PHONE, f"JPKI token {shown!r}")
        self.kind = kind
        return kind

    # --- the certificate -----------------------------------------------------------------

    def _read_der(self, fid: int) -> bytes:
        """A DER certificate: the first chunk, its length from the header, then the rest."""
        self._select(fid)
        head = self._ok(read_binary(0, 65536 if self._extended else SHORT_LE_MAX))
        try:
            total = tlv.read_header(head).total
        except tlv.TlvError as exc:
            raise _unreadable(f"EF {fid:04X}: {exc}") from exc
        if total > MAX_CERT_SIZE:
            raise _unreadable(f"EF {fid:04X} claims {total} bytes")
        data = bytearray(head[:total])
        while len(data) < total:
            want = min(SHORT_LE_MAX, total - len(data))
            chunk = self._ok(read_binary(len(data), want))
            if not chunk:
                raise _unreadable(f"EF {fid:04X} ended after {len(data)} of {total} bytes")
            data += chunk
        return bytes(data[:total])

    def read_identity(self) -> CardIdentity:
        return CardIdentity(
            user_cert_der=self._read_der(JpkiFile.AUTH_CERT),
            ca_cert_der=self._read_der(JpkiFile.AUTH_CA_CERT),
        )

    # --- Android: the phone certificate's PIN ---------------------------------------------

    def _android_only(self, what: str) -> None:
        if self.kind is not PhoneKind.ANDROID:
            raise ValueError(f"{what}: an iPhone's holder is verified on the phone, not here")

    def pin_tries_left(self) -> int:
        self._android_only("pin_tries_left")
        self._select(JpkiFile.AUTH_PIN)
        sw = self._send(_TRIES_QUERY).sw
        if sw == SW.OK:
            return PHONE_PIN_TRIES
        if sw == SW.AUTH_METHOD_BLOCKED:
            return 0
        if is_verify_failed(sw):
            return sw & 0x0F
        raise _unreadable(f"VERIFY (tries) answered {sw:04X}")

    def verify_pin(self, pin: bytearray) -> PinResult:
        self._android_only("verify_pin")
        check_pin(pin)
        self._select(JpkiFile.AUTH_PIN)
        apdu = bytearray(b"\x00\x20\x00\x80\x04") + pin
        try:
            sw = self._send(apdu).sw
        finally:
            apdu[:] = bytes(len(apdu))
        try:
            return pin_result(sw)
        except CardError as exc:
            raise phone_error_of(exc) from exc

    # --- the signature -------------------------------------------------------------------

    def sign(self, challenge: bytes) -> bytes:
        """Android: after the PIN. iPhone: the phone asks its holder and answers once they
        approve (this call waits that long); a decline is CANCELLED_ON_PHONE."""
        self._select(JpkiFile.AUTH_KEY)
        response = self._send(compute_signature(myna.sha256_digest_info(challenge)))
        if response.sw == DECLINED_SW and self.kind is PhoneKind.IPHONE:
            raise _error(PhoneErrorKind.CANCELLED_ON_PHONE, "the holder declined on the phone")
        if response.sw == SW.SECURITY_NOT_SATISFIED:
            raise _unreadable("signature refused: the phone certificate's PIN was not verified")
        if response.sw != SW.OK or len(response.data) != myna.SIGNATURE_SIZE:
            raise _unreadable(f"signature of {len(response.data)} bytes, SW {response.sw:04X}")
        return response.data

    def close(self) -> None:
        self._df_selected, self._ef = False, None
        if isinstance(self._transport, Closeable):
            self._transport.close()


class PcscPhoneReader:
    """Implements :class:`kiosk.ports.PhoneReader` on the first PC/SC reader whose name matches
    ``pattern`` (config: the NFC reader; the card reader's own name where one reader serves
    both). ``connect`` reads the token at once: a card on it is NOT_A_PHONE."""

    def __init__(self, pattern: str, *, extended_length: bool = False) -> None:
        from kiosk.card.pcsc import PcscReader  # pyscard: only where a PC/SC reader is used

        self._reader = PcscReader(pattern, extended_length=extended_length)
        self.extended_length = extended_length

    @property
    def pattern(self) -> re.Pattern[str]:
        return self._reader.pattern

    def reader_names(self) -> list[str]:
        try:
            return self._reader.reader_names()
        except CardError as exc:
            raise phone_error_of(exc) from exc

    def connect(self) -> PhoneJpkiSession:
        try:
            transport = self._reader.open_transport()
        except CardError as exc:
            raise phone_error_of(exc) from exc
        session = PhoneJpkiSession(transport, extended_length=self.extended_length)
        try:
            session.identify()
        except BaseException:
            session.close()
            raise
        return session
