"""One My Number Card on a reader, of either generation: the current card's JPKI AP, 券面AP and
券面入力補助AP, or the next card's 認証AP and 券面等AP, over any transport that sends a command
APDU and returns the response APDU (status word included). The generation is told by which
application answers SELECT (kiosk.card.generations), and each is read through its own map.

Every failure becomes a :class:`kiosk.ports.CardError`: garbage, bad TLV and unexpected status
words are UNREADABLE, a 住基カード's JPKI token is JUKI_CARD, a card without the JPKI AP or with
another token is NOT_MYNACARD, and the
transport itself raises REMOVED when the card leaves. The session remembers the current DF and EF
so it never sends a SELECT the card does not need: fewer APDUs is most of the speed on a
contactless reader.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from cryptography.hazmat.primitives.asymmetric import rsa

from kiosk.card import myna, surface_sig, tlv
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
from kiosk.card.generations import MAPS, AppMap, SignatureError
from kiosk.card.myna import KenmenTag, LayoutError
from kiosk.ports import CardError, CardErrorKind, CardFace, CardIdentity, PinResult, PinStatus

log = logging.getLogger(__name__)

_OK, _END_OF_FILE = int(SW.OK), int(SW.END_OF_FILE)  # plain ints: compared on every APDU
_KENMEN_ITEMS = tuple(KenmenTag)
_TRIES_QUERY = Command(0x00, Ins.VERIFY, 0x00, 0x80)
EXTENDED_READ_LE = 65536  # "up to the end of the EF" in one extended-length READ BINARY
MAX_EF_SIZE = 0x8000  # READ BINARY offsets have 15 bits


class Transport(Protocol):
    def transmit(self, apdu: bytes | bytearray) -> bytes: ...


@runtime_checkable
class Closeable(Protocol):
    def close(self) -> None: ...


class PinRejectedError(CardError):
    """A PIN or 照合番号 the card refused; ``result`` says how many tries are left."""

    def __init__(self, result: PinResult, what: str) -> None:
        super().__init__(CardErrorKind.UNREADABLE, f"{what} rejected ({result.status.value})")
        self.result = result


class FaceSignatureError(CardError):
    """The 券面AP's data does not carry the signature of an issuer the kiosk trusts: an altered
    photo or birth date, or a card that is not genuine. Never matched against a face."""

    def __init__(self, detail: str) -> None:
        super().__init__(CardErrorKind.UNREADABLE, f"券面AP not genuine: {detail}")


def _unreadable(detail: str) -> CardError:
    return CardError(CardErrorKind.UNREADABLE, detail)


def pin_result(sw: int, limit: int = myna.PIN_TRIES) -> PinResult:
    """Map the status word of a VERIFY with data (``limit``: the tries a correct one restores)."""
    if sw == SW.OK:
        return PinResult(PinStatus.OK, limit)
    if sw == SW.AUTH_METHOD_BLOCKED:
        return PinResult(PinStatus.ALREADY_LOCKED, 0)
    if is_verify_failed(sw):
        tries = sw & 0x0F
        return PinResult(PinStatus.WRONG if tries else PinStatus.LOCKED_NOW, tries)
    raise _unreadable(f"VERIFY answered {sw:04X}")


@dataclass
class _Position:
    df: bytes | None = None
    ef: int | None = None


class MynaCardSession:
    """Implements :class:`kiosk.ports.CardSession`. ``extended_length`` lets READ BINARY fetch a
    file in one APDU when the reader and card support extended APDUs. ``issuers`` are the 券面AP
    issuer keys this session trusts (key id → public key); None: the process's
    (:func:`kiosk.card.surface_sig.trusted`, set at start-up from the configuration)."""

    def __init__(
        self,
        transport: Transport,
        *,
        extended_length: bool = False,
        issuers: Mapping[bytes, rsa.RSAPublicKey] | None = None,
    ) -> None:
        self._transport = transport
        self._extended = extended_length
        self._issuers = issuers
        self._at = _Position()
        self._token_checked = False
        self._map: AppMap | None = None
        self.apdu_count = 0

    # --- transport ---------------------------------------------------------------------

    def _send(self, command: Command | bytearray) -> Response:
        raw = command if isinstance(command, bytearray) else command.to_bytes()
        self.apdu_count += 1
        answer = self._transport.transmit(raw)
        try:
            return Response.parse(answer)
        except ApduError as exc:
            raise _unreadable(str(exc)) from exc

    def _ok(self, command: Command) -> bytes:
        response = self._send(command)
        if response.sw != _OK and response.sw != _END_OF_FILE:
            raise _unreadable(f"{Ins(command.ins).name} answered {response.sw:04X}")
        return response.data

    def _select_df(self, aid: bytes) -> None:
        if self._at.df == aid:
            return
        self._at = _Position()
        response = self._send(select_df(aid))
        if response.sw == SW.FILE_NOT_FOUND:
            raise CardError(CardErrorKind.NOT_MYNACARD, f"no application {aid.hex().upper()}")
        if response.sw != SW.OK:
            raise _unreadable(f"SELECT application answered {response.sw:04X}")
        self._at.df = aid

    def _select_ef(self, aid: bytes, fid: int) -> None:
        self._select_df(aid)
        if self._at.ef == fid:
            return
        self._at.ef = None
        self._ok(select_ef(fid))
        self._at.ef = fid

    def app_map(self, *, face: bool = False) -> AppMap:
        """The card's generation, told by SELECT: the current card's application, else the
        next card's — the authentication one (JPKI AP / 認証AP), or with ``face`` the one with
        the face data (券面AP / 券面等AP). On a current card that SELECT is the one the first
        read sends anyway, so telling costs no APDU; neither answering is NOT_MYNACARD."""
        if self._map is not None:
            return self._map
        for candidate in MAPS:
            aid = candidate.face_aid if face else candidate.auth_aid
            response = self._send(select_df(aid))
            if response.sw == SW.OK:
                self._at = _Position(df=aid)
                self._map = candidate
                return candidate
            if response.sw != SW.FILE_NOT_FOUND:
                raise _unreadable(f"SELECT application answered {response.sw:04X}")
        what = "券面AP and no 券面等AP" if face else "JPKI AP and no 認証AP"
        raise CardError(CardErrorKind.NOT_MYNACARD, f"no {what}")

    @property
    def generation(self) -> str:
        return self.app_map().generation.value

    # --- reading files -----------------------------------------------------------------

    def _read(self, offset: int, length: int) -> bytes:
        """Exactly ``length`` bytes of the current EF from ``offset``."""
        if self._extended and length > SHORT_LE_MAX:
            chunks = [self._ok(read_binary(offset, length))]
        else:
            chunks = []
            for start in range(offset, offset + length, SHORT_LE_MAX):
                want = min(SHORT_LE_MAX, offset + length - start)
                chunks.append(self._ok(read_binary(start, want)))
        data = b"".join(chunks)
        if len(data) < length:
            raise _unreadable(f"file ended after {len(data)} of {length} bytes")
        return data[:length]

    def _read_tlv_file(self, aid: bytes, fid: int) -> bytes:
        """A file holding one TLV (a DER certificate, an FF20 EF): its header says how long."""
        self._select_ef(aid, fid)
        le = EXTENDED_READ_LE if self._extended else SHORT_LE_MAX
        head = self._ok(read_binary(0, le))
        try:
            total = tlv.read_header(head).total
        except tlv.TlvError as exc:
            raise _unreadable(f"EF {fid:04X}: {exc}") from exc
        if total > MAX_EF_SIZE:
            raise _unreadable(f"EF {fid:04X} claims {total} bytes")
        if total <= len(head):
            return head[:total]
        return head + self._read(len(head), total - len(head))

    # --- JPKI AP -----------------------------------------------------------------------

    def check_token(self) -> None:
        """Raise JUKI_CARD for a 住基カード, NOT_MYNACARD for any other token than a My Number
        Card's. The next card's 認証AP has no token EF ([U]): its AID says what it is."""
        cards = self.app_map()
        if self._token_checked or cards.token is None:
            return
        self._select_ef(cards.auth_aid, cards.token)
        token = self._ok(read_binary(0, myna.TOKEN_SIZE)).rstrip(b" \x00\xff")
        if token == myna.TOKEN_JUKINET:  # told apart: the patient must hear it cannot be used
            raise CardError(CardErrorKind.JUKI_CARD, "JPKI token of a 住基カード")
        if token in myna.PHONE_TOKENS:  # a smartphone held over the card reader
            raise CardError(CardErrorKind.NOT_MYNACARD, "smartphone: a phone's JPKI token")
        if token != myna.TOKEN_MYNACARD:
            shown = token.decode("ascii", errors="replace")[:32]
            raise CardError(CardErrorKind.NOT_MYNACARD, f"JPKI token {shown!r}")
        self._token_checked = True

    def read_identity(self) -> CardIdentity:
        self.check_token()
        cards = self.app_map()
        return CardIdentity(
            user_cert_der=self.read_user_cert(),
            ca_cert_der=self._read_tlv_file(cards.auth_aid, cards.auth_ca_cert),
            generation=cards.generation.value,
        )

    def read_user_cert(self) -> bytes:
        """The user-authentication certificate (DER) alone, without the token check."""
        cards = self.app_map()
        return self._read_tlv_file(cards.auth_aid, cards.auth_cert)

    def pin_tries_left(self) -> int:
        cards = self.app_map()
        self._select_ef(cards.auth_aid, cards.auth_pin)
        sw = self._send(_TRIES_QUERY).sw
        if sw == SW.OK:  # already verified in this session
            return cards.pin_tries
        if sw == SW.AUTH_METHOD_BLOCKED:
            return 0
        if is_verify_failed(sw):
            return sw & 0x0F
        raise _unreadable(f"VERIFY (tries) answered {sw:04X}")

    def _verify(self, secret: bytearray) -> int:
        """VERIFY against the current EF; the APDU buffer holding the secret is wiped after."""
        apdu = bytearray(b"\x00\x20\x00\x80") + bytearray((len(secret),)) + secret
        try:
            return self._send(apdu).sw
        finally:
            apdu[:] = bytes(len(apdu))

    def verify_pin(self, pin: bytearray) -> PinResult:
        if len(pin) != 4 or not bytes(pin).isdigit():
            raise ValueError("the user-authentication PIN is 4 digits")
        cards = self.app_map()
        self._select_ef(cards.auth_aid, cards.auth_pin)
        return pin_result(self._verify(pin), cards.pin_tries)

    def sign(self, challenge: bytes) -> bytes:
        cards = self.app_map()
        self._select_ef(cards.auth_aid, cards.auth_key)
        response = self._send(compute_signature(cards.signing_input(challenge)))
        if response.sw == SW.SECURITY_NOT_SATISFIED:
            raise _unreadable("signature refused: the PIN was not verified")
        if response.sw != SW.OK:
            raise _unreadable(f"signature of {len(response.data)} bytes, SW {response.sw:04X}")
        try:
            return cards.signature(response.data)
        except SignatureError as exc:
            raise _unreadable(str(exc)) from exc

    # --- 券面AP ------------------------------------------------------------------------

    def number_b_tries_left(self) -> int:
        """The counter of the number that opens the face data (照合番号B, or the next card's
        照合番号), read without consuming a try (VERIFY without data)."""
        cards = self.app_map(face=True)
        self._select_ef(cards.face_aid, cards.face_number)
        sw = self._send(_TRIES_QUERY).sw
        if sw == SW.OK:
            return cards.number_tries
        if sw == SW.AUTH_METHOD_BLOCKED:
            return 0
        if is_verify_failed(sw):
            return sw & 0x0F
        raise _unreadable(f"VERIFY (照合番号B tries) answered {sw:04X}")

    def read_card_face(self, number_b: str) -> CardFace:
        """``number_b``: the number the front prints, 14 digits (照合番号B) for a current card,
        6 (照合番号) for a next one; the other kind never reaches the card (no try used)."""
        cards = self.app_map(face=True)
        if len(number_b) != cards.number_length or not number_b.isascii() or not number_b.isdigit():
            raise _unreadable(f"{cards.number_name} must be {cards.number_length} digits")
        self._select_ef(cards.face_aid, cards.face_number)
        number = bytearray(number_b.encode("ascii"))
        result = pin_result(self._verify(number), cards.number_tries)
        if result.status is not PinStatus.OK:
            raise PinRejectedError(result, cards.number_name)
        return self._signed_face(cards)

    def _signed_face(self, cards: AppMap) -> CardFace:
        """The face data read to its TLV's end, checked against the issuer's signature (the
        certificate EF, then DF28) before any of it is used."""
        ef = self._read_tlv_file(cards.face_aid, cards.face_data)
        cert = self._read_tlv_file(cards.face_aid, cards.face_certificate)
        try:
            items = myna.item_tlvs(ef, _KENMEN_ITEMS)
        except (LayoutError, tlv.TlvError) as exc:
            raise _unreadable(f"券面AP EF 0002: {exc}") from exc
        issuers = self._issuers if self._issuers is not None else surface_sig.trusted()
        try:
            surface_sig.verify_face(items, cert, issuers)
        except (surface_sig.SurfaceSignatureError, tlv.TlvError) as exc:
            raise FaceSignatureError(str(exc)) from exc
        try:
            return _card_face(items)
        except (LayoutError, tlv.TlvError) as exc:
            raise _unreadable(f"券面AP EF 0002: {exc}") from exc

    # --- 券面事項入力補助AP --------------------------------------------------------------

    def read_basic_info(self, pin: bytearray) -> myna.BasicInfo:
        """The 4 basic items (name, address, birth date, sex), unlocked by the 4-digit PIN of
        the 入力補助AP. A wrong PIN raises :class:`PinRejectedError` with the tries left."""
        if len(pin) != 4 or not bytes(pin).isdigit():
            raise ValueError("the 入力補助 PIN is 4 digits")
        # A next card has no 入力補助AP (its SELECT answers 6A82: NOT_MYNACARD); [U] where its
        # signing password opens these items.
        self._select_ef(myna.INPUT_AID, myna.InputFile.PIN)
        result = pin_result(self._verify(pin))
        if result.status is not PinStatus.OK:
            raise PinRejectedError(result, "入力補助 PIN")
        ef = self._read_tlv_file(myna.INPUT_AID, myna.InputFile.BASIC_INFO)
        try:
            return myna.parse_basic_info(ef)
        except (LayoutError, tlv.TlvError, ApduError) as exc:
            raise _unreadable(f"入力補助AP EF 0002: {exc}") from exc

    def close(self) -> None:
        self._at = _Position()
        self._token_checked = False
        self._map = None
        if isinstance(self._transport, Closeable):
            self._transport.close()


def _card_face(items: Mapping[int, bytes]) -> CardFace:
    def value(tag: KenmenTag) -> bytes:
        return myna.item_value(items[tag], tag)

    return CardFace(
        birth_date=myna.parse_yyyymmdd(value(KenmenTag.BIRTH_DATE)),
        sex=myna.parse_sex(value(KenmenTag.SEX)),
        photo_jp2=value(KenmenTag.PHOTO),
        expiry=myna.parse_yyyymmdd(value(KenmenTag.EXPIRY)),
    )
