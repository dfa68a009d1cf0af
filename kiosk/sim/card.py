"""A virtual My Number Card: the JPKI AP (both its user-auth and its 署名用 side), the
券面入力補助AP and the 券面AP with the real byte formats, status words and PIN counters, built
from a persona of kiosk/sim/data/personas.toml.

The user-auth key and certificate come from the mock PKI (:class:`kiosk.sim.pki.MockPki`), so the
mock eligibility service trusts the card's signatures; the signature key and certificate come
from the mock PKI's separate signature CA. The kiosk never uses the 署名用 side: it is there so
that JPKI software written for real cards accepts this one. PIN counters persist per card as JSON in
``state_dir`` (a fixture's counters, never a PIN). The card runs in-process
(:class:`InProcessReader`) or as a process behind vpcd (:mod:`kiosk.sim.card_cli`).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils

from kiosk.card import myna, tlv
from kiosk.card.apdu import SW, ApduError, Command, Ins, Response
from kiosk.card.myna import (
    InputFile,
    InputSignatureTag,
    InputTag,
    JpkiFile,
    KenmenFile,
    KenmenTag,
)
from kiosk.card.number_b import PrintedDate, birth_yy
from kiosk.card.session import MynaCardSession
from kiosk.ports import CardError, CardErrorKind
from kiosk.sim.personas import Persona
from kiosk.sim.pki import DEMO_ADDRESS, MockPki

# The T=1 ATR of the My Number Card's contact interface (spec); vpcd hands it to pcscd.
ATR = bytes.fromhex("3BE000FF8131FE4514")
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def number_b_of(persona: Persona) -> str:
    """照合番号B as printed on the card front: birth date YYMMDD + expiry year + security code,
    the birth year as the front prints it — the era year on a Japanese national's 和暦 front
    (昭和55年2月17日 → 550217, the number a real card confirmed), the Gregorian one on a
    foreign resident's 西暦 front ([U], docs/card.md). A real card refuses the other."""
    birth = PrintedDate(persona.birth_date, wareki=persona.card.calendar != "seireki")
    return (
        f"{birth_yy(birth)}{persona.birth_date.month:02d}{persona.birth_date.day:02d}"
        f"{persona.card.card_expiry.year:04d}{persona.card.security_code}"
    )


def sign_password_of(persona: Persona) -> str:
    """The virtual card's 署名用パスワード (6-16 of A-Z 0-9). The personas file has none: a
    fixture value made from the persona's PIN, e.g. "SIGN1234PW"."""
    return f"SIGN{persona.card.pin}PW"


# --- PIN counters --------------------------------------------------------------------------


class Counter:
    AUTH_PIN = "auth_pin"
    INPUT_PIN = "input_pin"
    INPUT_A = "input_number_a"
    INPUT_B = "input_number_b"
    KENMEN_B = "kenmen_number_b"
    KENMEN_A = "kenmen_number_a"
    SIGN_PASSWORD = "sign_password"
    PHONE_PIN = "phone_pin"  # the virtual phone's (kiosk.sim.phone): its own certificate's PIN


def fixture_counters(persona: Persona) -> dict[str, int]:
    return {
        Counter.AUTH_PIN: persona.card.pin_tries_left,
        Counter.INPUT_PIN: myna.PIN_TRIES,
        Counter.INPUT_A: myna.NUMBER_B_TRIES,
        Counter.INPUT_B: myna.NUMBER_B_TRIES,
        Counter.KENMEN_B: myna.NUMBER_B_TRIES,
        Counter.KENMEN_A: myna.NUMBER_B_TRIES,
        Counter.SIGN_PASSWORD: myna.SIGN_PASSWORD_TRIES,
    }


class CounterStore:
    """Tries left per PIN of one card, in ``state_dir/<persona>.json``, written atomically so a
    card process killed mid-write (a pulled card) never leaves a broken file."""

    def __init__(self, persona: Persona, state_dir: Path) -> None:
        self._persona = persona
        self.path = Path(state_dir) / f"{persona.id}.json"

    def fixture(self) -> dict[str, int]:
        return fixture_counters(self._persona)

    def load(self) -> dict[str, int]:
        counters = self.fixture()
        try:
            saved = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return counters
        except (OSError, ValueError):
            return counters  # a damaged state file: start from the fixture again
        if isinstance(saved, dict):
            for name in counters:
                if isinstance(saved.get(name), int):
                    counters[name] = max(0, min(saved[name], fixture_max(name)))
        return counters

    def save(self, counters: dict[str, int]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(counters, out, sort_keys=True)
        os.replace(tmp, self.path)

    def reset(self) -> None:
        """Back to the persona's fixture, for a fresh demo run."""
        self.save(self.fixture())


def reset_card(persona: Persona, state_dir: Path) -> None:
    CounterStore(persona, state_dir).reset()


# --- files ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Data:
    content: Callable[[], bytes]
    needs: tuple[int, ...] = ()  # PIN EFs of this DF, one of which must be verified


@dataclass(frozen=True)
class _Pin:
    counter: str
    secret: Callable[[], bytes] = field(repr=False)


@dataclass(frozen=True)
class _Key:
    needs: int  # the PIN EF that unlocks this key
    key: Callable[[], rsa.RSAPrivateKey] = field(repr=False)


_File = _Data | _Pin | _Key


def _text_png(text: str, size: tuple[int, int] = (480, 64)) -> bytes:
    """A grey PNG of printed text, like the card's name/address images."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    font = ImageFont.truetype(str(CJK_FONT), 32) if CJK_FONT.exists() else ImageFont.load_default()
    draw.text((8, 12), text, fill=0, font=font)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _yyyymmdd(day: date) -> bytes:
    return day.strftime("%Y%m%d").encode()


class VirtualCard:
    """A card that answers command APDUs through :meth:`transmit` (bytes in, bytes out)."""

    def __init__(
        self,
        persona: Persona,
        state_dir: Path,
        *,
        pki: MockPki | None = None,
        photo_jp2: Callable[[], bytes] | None = None,
    ) -> None:
        self.persona = persona
        self.counters = CounterStore(persona, state_dir)
        self._pki = pki
        self._photo_source = photo_jp2
        self._lock = threading.Lock()
        self._df: bytes | None = None
        self._ef: int | None = None
        self._verified: set[int] = set()
        self._apps = self._applications()

    # --- the card's contents (made on first use: key generation and JPEG 2000 take time) ----

    @cached_property
    def _credentials(self) -> tuple[rsa.RSAPrivateKey, bytes]:
        pki = self._pki if self._pki is not None else MockPki()
        return pki.user_credentials(self.persona.id)

    @cached_property
    def _ca_cert(self) -> bytes:
        pki = self._pki if self._pki is not None else MockPki()
        return pki.ca_cert_der()

    @cached_property
    def _sign_credentials(self) -> tuple[rsa.RSAPrivateKey, bytes]:
        pki = self._pki if self._pki is not None else MockPki()
        return pki.sign_credentials(self.persona.id)

    @cached_property
    def _sign_ca_cert(self) -> bytes:
        pki = self._pki if self._pki is not None else MockPki()
        return pki.sign_ca_cert_der()

    @cached_property
    def _photo(self) -> bytes:
        if self._photo_source is not None:
            return self._photo_source()
        from kiosk.sim.photos import chip_photo_jp2

        return chip_photo_jp2(self.persona.photo)

    @cached_property
    def _kenmen_ef(self) -> bytes:
        p = self.persona
        key, _ = self._credentials
        public = key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        items = [
            (KenmenTag.BIRTH_DATE, _yyyymmdd(p.birth_date)),
            (KenmenTag.SEX, p.sex.encode()),
            (KenmenTag.PUBLIC_KEY, public),  # [U] we reuse the user-auth public key
            (KenmenTag.NAME_IMAGE, _text_png(p.name)),
            (KenmenTag.ADDRESS_IMAGE, _text_png(DEMO_ADDRESS)),
            (KenmenTag.PHOTO, self._photo),
        ]
        signed = b"".join(value for _, value in items)
        items.append((KenmenTag.SIGNATURE, key.sign(signed, padding.PKCS1v15(), hashes.SHA256())))
        items.append((KenmenTag.EXPIRY, _yyyymmdd(p.card.card_expiry)))
        items.append((KenmenTag.CODE_IMAGE, _text_png(p.card.security_code, (160, 64))))
        return myna.build_ef(items)

    @cached_property
    def _input_ef(self) -> bytes:
        p = self.persona
        return myna.build_ef(
            [
                (InputTag.NAME, p.name.encode("utf-8")),
                (InputTag.ADDRESS, DEMO_ADDRESS.encode("utf-8")),
                (InputTag.BIRTH_DATE, _yyyymmdd(p.birth_date)),
                (InputTag.SEX, p.sex.encode()),
            ]
        )

    def _my_number_ef(self) -> bytes:
        return bytes(tlv.encode(0xDF10, self.persona.card.my_number.encode()))

    @cached_property
    def _input_signature_ef(self) -> bytes:
        """[U] EF 0003: the hashes of EF 0001 and EF 0002 and a signature over them (with the
        user-auth key, as the 券面AP's DF28: the real signer is not public)."""
        key, _ = self._credentials
        hashes_ = [
            (InputSignatureTag.MY_NUMBER_HASH, hashlib.sha256(self._my_number_ef()).digest()),
            (InputSignatureTag.BASIC_INFO_HASH, hashlib.sha256(self._input_ef).digest()),
        ]
        signed = b"".join(value for _, value in hashes_)
        signature = key.sign(signed, padding.PKCS1v15(), hashes.SHA256())
        return myna.build_ef([*hashes_, (InputSignatureTag.SIGNATURE, signature)])

    def _token(self) -> bytes:
        kind = self.persona.card.kind
        token = myna.TOKEN_MYNACARD if kind == "mynacard" else myna.TOKEN_JUKINET
        return token.ljust(myna.TOKEN_SIZE, b" ")

    def _applications(self) -> dict[bytes, dict[int, _File]]:
        pin = self.persona.card.pin.encode
        sign_password = sign_password_of(self.persona)
        jpki: dict[int, _File] = {
            JpkiFile.TOKEN: _Data(self._token),
            JpkiFile.AUTH_CERT: _Data(lambda: self._credentials[1]),
            JpkiFile.AUTH_CA_CERT: _Data(lambda: self._ca_cert),
            JpkiFile.AUTH_PIN: _Pin(Counter.AUTH_PIN, pin),
            JpkiFile.AUTH_KEY: _Key(JpkiFile.AUTH_PIN, lambda: self._credentials[0]),
            # The 署名用 side. The signature certificate names the holder: readable only after
            # the signature password, as the spec lists it; its CA certificate is free.
            JpkiFile.SIGN_CERT: _Data(lambda: self._sign_credentials[1], (JpkiFile.SIGN_PASSWORD,)),
            JpkiFile.SIGN_CA_CERT: _Data(lambda: self._sign_ca_cert),
            JpkiFile.SIGN_PASSWORD: _Pin(Counter.SIGN_PASSWORD, sign_password.encode),
            JpkiFile.SIGN_KEY: _Key(JpkiFile.SIGN_PASSWORD, lambda: self._sign_credentials[0]),
        }
        if self.persona.card.kind != "mynacard":
            return {myna.JPKI_AID: jpki}  # a 住基カード has no 券面 applications
        my_number = self.persona.card.my_number.encode
        number_b = number_b_of(self.persona).encode
        input_unlock = (InputFile.PIN, InputFile.NUMBER_A, InputFile.NUMBER_B)
        return {
            myna.JPKI_AID: jpki,
            myna.INPUT_AID: {
                InputFile.PIN: _Pin(Counter.INPUT_PIN, pin),
                # [U] What 照合番号A/B open in this AP is not public: here the basic 4 items and
                # EF 0003, never the My Number (EF 0001), which only the PIN opens.
                InputFile.NUMBER_A: _Pin(Counter.INPUT_A, my_number),
                InputFile.NUMBER_B: _Pin(Counter.INPUT_B, number_b),
                InputFile.MY_NUMBER: _Data(self._my_number_ef, (InputFile.PIN,)),
                InputFile.BASIC_INFO: _Data(lambda: self._input_ef, input_unlock),
                InputFile.SIGNATURE: _Data(lambda: self._input_signature_ef, input_unlock),
            },
            myna.KENMEN_AID: {
                KenmenFile.NUMBER_B: _Pin(Counter.KENMEN_B, number_b),
                KenmenFile.NUMBER_A: _Pin(Counter.KENMEN_A, my_number),
                KenmenFile.FACE: _Data(
                    lambda: self._kenmen_ef, (KenmenFile.NUMBER_B, KenmenFile.NUMBER_A)
                ),
            },
        }

    def prepare(self) -> None:
        """Build every file now, so the first reads are as fast as the later ones."""
        for files in self._apps.values():
            for item in files.values():
                if isinstance(item, _Data):
                    item.content()

    # --- the card's behaviour ------------------------------------------------------------

    @property
    def atr(self) -> bytes:
        return ATR

    def reset(self) -> None:
        """Power cycle: selection and security status are lost, PIN counters are not."""
        with self._lock:
            self._df, self._ef = None, None
            self._verified.clear()

    def reset_counters(self) -> None:
        self.counters.reset()

    def transmit(self, apdu: bytes | bytearray) -> bytes:
        with self._lock:
            try:
                command = Command.parse(bytes(apdu))
            except ApduError:
                return Response(b"", SW.WRONG_LENGTH).to_bytes()
            if command.ins == Ins.GET_CHALLENGE:
                return _challenge(command, extended=len(apdu) > 5).to_bytes()
            return self._dispatch(command).to_bytes()

    def _dispatch(self, c: Command) -> Response:
        if c.cla not in (0x00, 0x80):
            return _sw(SW.CLA_NOT_SUPPORTED)
        handlers: dict[int, Callable[[Command], Response]] = {
            Ins.SELECT: self._select,
            Ins.READ_BINARY: self._read_binary,
            Ins.VERIFY: self._verify,
            Ins.COMPUTE_DIGITAL_SIGNATURE: self._sign,
        }
        handler = handlers.get(c.ins)
        return handler(c) if handler is not None else _sw(SW.INS_NOT_SUPPORTED)

    def _current(self) -> _File | None:
        if self._df is None or self._ef is None:
            return None
        return self._apps[self._df].get(self._ef)

    def _select(self, c: Command) -> Response:
        if c.p2 != 0x0C or c.p1 not in (0x02, 0x04):
            return _sw(SW.WRONG_P1P2)
        if c.p1 == 0x04:
            if c.data not in self._apps:
                return _sw(SW.FILE_NOT_FOUND)
            if c.data != self._df:
                self._verified.clear()  # security status belongs to the DF we leave
            self._df, self._ef = c.data, None
            return _sw(SW.OK)
        if len(c.data) != 2 or self._df is None:
            return _sw(SW.FILE_NOT_FOUND)
        fid = int.from_bytes(c.data, "big")
        if fid not in self._apps[self._df]:
            return _sw(SW.FILE_NOT_FOUND)
        self._ef = fid
        return _sw(SW.OK)

    def _read_binary(self, c: Command) -> Response:
        item = self._current()
        if not isinstance(item, _Data):
            return _sw(SW.NO_CURRENT_EF)
        if item.needs and not self._verified.intersection(item.needs):
            return _sw(SW.SECURITY_NOT_SATISFIED)
        if c.p1 & 0x80:
            return _sw(SW.WRONG_P1P2)  # short-EF addressing is not used by this card
        content = item.content()
        offset = (c.p1 << 8) | c.p2
        if offset >= len(content):
            return _sw(SW.WRONG_OFFSET)
        want = c.le if c.le is not None else 256
        return Response(content[offset : offset + want], SW.OK)

    def _verify(self, c: Command) -> Response:
        item = self._current()
        if c.p1 != 0x00 or c.p2 != 0x80:
            return _sw(SW.WRONG_P1P2)
        if not isinstance(item, _Pin):
            return _sw(SW.NO_CURRENT_EF)
        assert self._ef is not None
        counters = self.counters.load()
        tries = counters[item.counter]
        if tries == 0:
            # A blocked key answers the query 63C0 and only a VERIFY with data 6984, as real
            # cards do (research/real-card-evidence.md §9 row 2); OpenSC needs the 63C0.
            return _sw(SW.AUTH_METHOD_BLOCKED if c.data else SW.VERIFY_FAILED)
        if not c.data:  # a status query: consumes no try
            # [U] 63Cx even once verified: OpenSC's JPKI driver (written against real cards)
            # accepts nothing else and fails to bind a card that answers 9000 here.
            return _sw(SW.VERIFY_FAILED | tries)
        if c.data == item.secret():
            if tries != fixture_max(item.counter):  # a card writes its counter only on change
                counters[item.counter] = fixture_max(item.counter)
                self.counters.save(counters)
            self._verified.add(self._ef)
            return _sw(SW.OK)
        counters[item.counter] = tries - 1
        self.counters.save(counters)
        self._verified.discard(self._ef)
        return _sw(SW.VERIFY_FAILED | (tries - 1))

    def _sign(self, c: Command) -> Response:
        item = self._current()
        if c.p1 != 0x00 or c.p2 != 0x80:
            return _sw(SW.WRONG_P1P2)
        if not isinstance(item, _Key):
            return _sw(SW.NO_CURRENT_EF)
        if item.needs not in self._verified:
            return _sw(SW.SECURITY_NOT_SATISFIED)
        key = item.key()
        prefix = myna.SHA256_DIGEST_INFO_PREFIX
        if len(c.data) == len(prefix) + 32 and c.data.startswith(prefix):
            digest = c.data[len(prefix) :]
            signature = key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
            return Response(signature, SW.OK)
        if not c.data or len(c.data) > key.key_size // 8 - 11:
            return _sw(SW.WRONG_DATA)
        return Response(_raw_pkcs1_sign(key, c.data), SW.OK)


def fixture_max(counter: str) -> int:
    """What a correct PIN resets a counter to: the card's retry limit."""
    if counter in (Counter.AUTH_PIN, Counter.INPUT_PIN, Counter.PHONE_PIN):
        return myna.PIN_TRIES
    if counter == Counter.SIGN_PASSWORD:
        return myna.SIGN_PASSWORD_TRIES
    return myna.NUMBER_B_TRIES


def _raw_pkcs1_sign(key: rsa.RSAPrivateKey, data: bytes) -> bytes:
    """PKCS#1 v1.5 type-1 padding over arbitrary data, as the card does for any DigestInfo."""
    size = key.key_size // 8
    block = b"\x00\x01" + b"\xff" * (size - 3 - len(data)) + b"\x00" + data
    numbers = key.private_numbers()
    value = pow(int.from_bytes(block, "big"), numbers.d, numbers.public_numbers.n)
    return value.to_bytes(size, "big")


def _sw(sw: int) -> Response:
    return Response(b"", sw)


# --- in-process reader and card front ----------------------------------------------------------


class _InProcessTransport:
    def __init__(self, reader: InProcessReader, card: VirtualCard) -> None:
        self._reader = reader
        self._card = card
        self._open = True

    def transmit(self, apdu: bytes | bytearray) -> bytes:
        if not self._open or self._reader.card is not self._card:
            raise CardError(CardErrorKind.REMOVED, "the card left the reader")
        return self._reader._transmit(self._card, apdu)

    def close(self) -> None:
        if self._open and self._reader.card is self._card:
            self._card.reset()  # like SCARD_RESET_CARD: no verified PIN survives the reception
        self._open = False


class InProcessReader:
    """A reader with a virtual card on it, without pcscd. ``remove()`` simulates the patient
    taking the card: every later transmit of an open session raises CardError(REMOVED).
    ``apdus`` counts the APDUs the card on the reader has received since it was put there."""

    def __init__(self, card: VirtualCard | None = None, *, extended_length: bool = False) -> None:
        self.card = card
        self.extended_length = extended_length
        self.apdus = 0
        self._pull_after: int | None = None
        self._count = threading.Lock()

    def insert(self, card: VirtualCard, *, pull_after: int | None = None) -> None:
        """Put the card on the reader. ``pull_after`` takes it off after answering that many
        APDUs, as ``kiosk virtual-card --pull-after`` does behind vpcd: the next APDU reaches
        the card, but its answer never comes back (CardError(REMOVED)), nor does any later."""
        card.reset()
        with self._count:
            self.apdus, self._pull_after = 0, pull_after
        self.card = card

    def _transmit(self, card: VirtualCard, apdu: bytes | bytearray) -> bytes:
        reply = card.transmit(apdu)
        with self._count:
            self.apdus += 1
            pulled = self._pull_after is not None and self.apdus > self._pull_after
            if pulled and self.card is card:
                self.card = None
        if pulled:
            raise CardError(CardErrorKind.REMOVED, "the card left the reader")
        return reply

    def remove(self) -> None:
        self.card = None

    def connect(self) -> MynaCardSession:
        card = self.card
        if card is None:
            raise CardError(CardErrorKind.REMOVED, "no card on the reader")
        card.reset()
        return MynaCardSession(
            _InProcessTransport(self, card), extended_length=self.extended_length
        )


def _challenge(c: Command, extended: bool) -> Response:
    """GET CHALLENGE (00 84 00 00 Le): Le random bytes, 1..256, anywhere on the card; the
    extended form is refused with 6985, as real cards do (research/real-card-evidence.md §5)."""
    if c.cla != 0x00:
        return _sw(SW.CLA_NOT_SUPPORTED)
    if c.p1 != 0x00 or c.p2 != 0x00:
        return _sw(SW.WRONG_P1P2)
    if c.le is None:
        return _sw(SW.WRONG_LENGTH)
    if extended:
        return _sw(SW.CONDITIONS_NOT_SATISFIED)
    return Response(os.urandom(c.le), SW.OK)
