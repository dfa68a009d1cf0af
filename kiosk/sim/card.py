"""A virtual My Number Card: the JPKI AP (both its user-auth and its 署名用 side), the
券面入力補助AP and the 券面AP with the real byte formats, status words and PIN counters, built
from a persona of kiosk/sim/data/personas.toml. A persona whose card is of the next generation
(``generation = "next"``) gets the next card's two applications instead (the 認証AP and the
券面等AP, at the ids kiosk.card.next_card sets), an ECDSA P-384 key and certificate from the mock
PKI's second CA, and its printed 6-digit 照合番号 guarding the face data.

The user-auth key and certificate come from the mock PKI (:class:`kiosk.sim.pki.MockPki`), so the
mock eligibility service trusts the card's signatures; the signature key and certificate come
from the mock PKI's separate signature CA. The kiosk never uses the 署名用 side: it is there so
that JPKI software written for real cards accepts this one. The 券面AP and 入力補助AP records are
signed as real cards sign them, by keys the mock PKI's own 券面 issuers certify (EF 0004), and the
files carry filler after their TLV, as physical EFs do (docs/card.md, "As real cards answer").
PIN counters persist per card as JSON in ``state_dir`` (a fixture's counters, never a PIN). The
card runs in-process (:class:`InProcessReader`) or as a process behind vpcd
(:mod:`kiosk.sim.card_cli`).
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
from functools import cache, cached_property
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kiosk.card import myna, next_card, surface_sig, tlv
from kiosk.card.apdu import SW, ApduError, Command, Ins, Response
from kiosk.card.myna import (
    FILLER_JPKI,
    FILLER_TEXT,
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
from kiosk.sim.pki import DEMO_ADDRESS, MockPki, UserKey

# The T=1 ATR of the My Number Card's contact interface (spec); vpcd hands it to pcscd.
ATR = bytes.fromhex("3BE000FF8131FE4514")
# ATRs published for real My Number Cards (research/real-card-evidence.md §1.1, from pcsc-tools'
# list and OpenSC's table): the contact ones vary by chip, the contactless ones are what a PC/SC
# part 3 reader builds from the card's ATQB. The kiosk reads every card the same whatever it is.
ATRS = {
    "contact": ATR,  # C5
    "contact-c1": bytes.fromhex("3BDA13FF8131FB468012392F31C173C601C03B"),
    "contact-c2": bytes.fromhex("3BC5FF8131FB458073C6010000"),
    "contactless": bytes.fromhex("3B888001000005E0B381A1007F"),  # L1
    "contactless-l2": bytes.fromhex("3B888001000041E0B381A1003B"),
    "contactless-l3": bytes.fromhex("3B888001004B51FF0081D100BC"),
    "contactless-l4": bytes.fromhex("3B888001004B51FFB381D1000F"),
}
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def number_b_of(persona: Persona) -> str:
    """The number printed on the card front that opens the face data. A current card's
    照合番号B: birth date YYMMDD + expiry year + security code, the birth year as the front
    prints it — the era year on a Japanese national's 和暦 front (昭和55年2月17日 → 550217, the
    number a real card confirmed), the Gregorian one on a foreign resident's 西暦 front ([U],
    docs/card.md); a real card refuses the other. A next card's: its printed 6-digit 照合番号."""
    if persona.card.is_next:
        return persona.card.check_number
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
    CHECK_NUMBER = "face_check_number"  # the next card's 6-digit 照合番号 (券面等AP)


def fixture_counters(persona: Persona) -> dict[str, int]:
    return {
        Counter.AUTH_PIN: persona.card.pin_tries_left,
        Counter.INPUT_PIN: myna.PIN_TRIES,
        Counter.INPUT_A: myna.NUMBER_B_TRIES,
        Counter.INPUT_B: myna.NUMBER_B_TRIES,
        Counter.KENMEN_B: myna.NUMBER_B_TRIES,
        Counter.KENMEN_A: myna.NUMBER_B_TRIES,
        Counter.SIGN_PASSWORD: myna.SIGN_PASSWORD_TRIES,
        Counter.CHECK_NUMBER: next_card.CHECK_NUMBER_TRIES,
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
    content: Callable[[], bytes]  # the whole physical EF: its TLV, then any filler
    needs: tuple[int, ...] = ()  # PIN EFs of this DF, one of which must be verified


def _padded(data: bytes, filler: int, size: int) -> bytes:
    """A physical EF of ``size`` bytes (at least the data): the TLV, then filler to the end."""
    return data + bytes((filler,)) * max(0, size - len(data))


def _text_size(length: int) -> int:
    """[U] A 入力補助/券面 EF's physical size: real ones carry FF filler after the TLV (EF 0001:
    2 bytes), how much in the others is not public. Here: at least 2 bytes, up to a multiple of
    32."""
    return (length + 2 + 31) // 32 * 32


def _cert_size(length: int, fid: int) -> int:
    """A JPKI certificate EF's physical size: a real EF 0002 is 1900 bytes (00 filler after a
    1304-byte certificate); [U] the others: at least one 00, up to a multiple of 256."""
    if fid == JpkiFile.SIGN_CA_CERT and length < 1900:
        return 1900
    return (length + 1 + 255) // 256 * 256


@dataclass(frozen=True)
class _Pin:
    counter: str
    secret: Callable[[], bytes] = field(repr=False)


@dataclass(frozen=True)
class _Key:
    needs: int  # the PIN EF that unlocks this key
    key: Callable[[], UserKey] = field(repr=False)


_File = _Data | _Pin | _Key


def _text_png(text: str, size: tuple[int, int] = (480, 64)) -> bytes:
    """A 1-bit PNG of printed text, as the card's name/address/code images are (research/
    real-card-evidence.md §6; [U] their pixel sizes, except the code's 24x12)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("1", size, 1)
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
        atr: bytes = ATR,
    ) -> None:
        self.persona = persona
        self.counters = CounterStore(persona, state_dir)
        self._pki = pki
        self._atr = atr
        self._photo_source = photo_jp2
        self._lock = threading.Lock()
        self._df: bytes | None = None
        self._ef: int | None = None
        self._verified: set[int] = set()
        self._apps = self._applications()

    # --- the card's contents (made on first use: key generation and JPEG 2000 take time) ----

    @cached_property
    def _mock_pki(self) -> MockPki:
        return self._pki if self._pki is not None else MockPki()

    @cached_property
    def _credentials(self) -> tuple[UserKey, bytes]:
        return self._mock_pki.card_credentials(self.persona.id)

    @cached_property
    def _sign_credentials(self) -> tuple[rsa.RSAPrivateKey, bytes]:
        return self._mock_pki.sign_credentials(self.persona.id)

    def issuers(self) -> dict[bytes, rsa.RSAPublicKey]:
        """The 券面AP issuer a kiosk must trust to accept this card (key id → public key)."""
        return dict(self._issuer)

    @cached_property
    def _issuer(self) -> dict[bytes, rsa.RSAPublicKey]:
        """Made with the card's 券面 files, and trusted by this process from then on: a process
        that runs a virtual card in-process (tests, the demo, the benches) reads it as a kiosk
        whose configuration names the mock issuer (the kiosk's image has no kiosk/sim)."""
        anchor = self._mock_pki.issuer_anchor_path("surface").read_bytes()
        cert = surface_sig.parse_cv_certificate(anchor)
        surface_sig.trust(cert.issuer, cert.public_key)
        return {cert.issuer: cert.public_key}

    @cached_property  # read on every READ BINARY of EF 0004: loading the key once is enough
    def _surface_certificate(self) -> bytes:
        self._issuer  # noqa: B018  (trusted before a reader can check against it)
        return self._mock_pki.ap_credentials("surface")[1]

    @cached_property
    def _input_certificate(self) -> bytes:
        return self._mock_pki.ap_credentials("input")[1]

    def _jpki_cert(self, fid: int, der: Callable[[], bytes]) -> _Data:
        @cache  # every READ BINARY asks for the file: pad it once
        def physical() -> bytes:
            data = der()
            return _padded(data, FILLER_JPKI, _cert_size(len(data), fid))

        return _Data(physical)

    @cached_property
    def _photo(self) -> bytes:
        if self._photo_source is not None:
            return self._photo_source()
        from kiosk.sim.photos import chip_photo_jp2

        return chip_photo_jp2(self.persona.photo)

    @cached_property
    def _kenmen_ef(self) -> bytes:
        """EF 0002 as real cards sign it (research/real-card-evidence.md §3.4): DF24 the card's
        public key as 90/91 ([U] here the user-auth key's), DF28 the key certified in EF 0004
        over three SHA-256 digests, DF29 and DF2A after it and unsigned; FF filler ([U] how
        much)."""
        p = self.persona
        key, _ = self._credentials
        items = [
            (KenmenTag.BIRTH_DATE, _yyyymmdd(p.birth_date)),
            (KenmenTag.SEX, p.sex.encode()),
            (KenmenTag.PUBLIC_KEY, _public_key_item(key)),
            (KenmenTag.NAME_IMAGE, _text_png(p.name)),
            (KenmenTag.ADDRESS_IMAGE, _text_png(DEMO_ADDRESS)),
            (KenmenTag.PHOTO, self._photo),
        ]
        signer = self._mock_pki.ap_credentials("surface")[0]
        self._issuer  # noqa: B018  (trusted before a reader can check against it)
        written: dict[int, bytes] = {tag: tlv.encode(tag, value) for tag, value in items}
        signature = _raw_pkcs1_sign(signer, surface_sig.digest_info(written))
        items.append((KenmenTag.SIGNATURE, signature))
        items.append((KenmenTag.EXPIRY, _yyyymmdd(p.card.card_expiry)))
        items.append((KenmenTag.CODE_IMAGE, _text_png(p.card.security_code, (160, 64))))
        ef = myna.build_ef(items)
        return _padded(ef, FILLER_TEXT, _text_size(len(ef)))

    def _kenmen_basic(self) -> bytes:
        """[U] EF 0003 (free): FF30 { DF31 layout, DF33 version, DF34 municipality code } — a
        real card's DF32/DF35 key blocks are left out (their meaning is not public)."""
        body = [(0xDF31, bytes.fromhex("06030E01")), (0xDF33, b"\x01"), (0xDF34, b"99999")]
        return tlv.encode(0xFF30, b"".join(tlv.encode(tag, value) for tag, value in body))

    @cached_property
    def _input_ef(self) -> bytes:
        p = self.persona
        ef = myna.build_ef(
            [
                (InputTag.NAME, p.name.encode("utf-8")),
                (InputTag.ADDRESS, DEMO_ADDRESS.encode("utf-8")),
                (InputTag.BIRTH_DATE, _yyyymmdd(p.birth_date)),
                (InputTag.SEX, p.sex.encode()),
            ]
        )
        return _padded(ef, FILLER_TEXT, _text_size(len(ef)))

    def _my_number_ef(self) -> bytes:
        """EF 0001 as a real card's: FF 10 0C + 12 ASCII digits + FF FF, 17 bytes."""
        number = tlv.encode(myna.MY_NUMBER_TAG, self.persona.card.my_number.encode())
        return number + bytes((FILLER_TEXT,)) * 2

    @cached_property
    def _input_signature_ef(self) -> bytes:
        """EF 0003 as real cards lay it out: FF30 { DF31 SHA-256 of EF 0001 (all 17 physical
        bytes), DF32 SHA-256 of EF 0002's root value from DF22 on (the offset table skipped),
        DF33 a signature by the key EF 0004 certifies }. [U] what DF33 signs: here PKCS#1 v1.5
        SHA-256 over the DF31 and DF32 TLVs."""
        root, _ = tlv.parse_one(self._input_ef)
        _table, after_table = tlv.parse_one(root.value)
        written = tlv.encode(InputSignatureTag.MY_NUMBER_HASH,
                             hashlib.sha256(self._my_number_ef()).digest())  # fmt: skip
        written += tlv.encode(InputSignatureTag.BASIC_INFO_HASH,
                              hashlib.sha256(root.value[after_table:]).digest())  # fmt: skip
        signer, _ = self._mock_pki.ap_credentials("input")
        signature = signer.sign(written, padding.PKCS1v15(), hashes.SHA256())
        ef = tlv.encode(0xFF30, written + tlv.encode(InputSignatureTag.SIGNATURE, signature))
        return _padded(ef, FILLER_TEXT, _text_size(len(ef)))

    def _input_extras(self) -> dict[int, _File]:
        """[U] contents of the 入力補助AP's EF 0005-0007: their outer tags as real cards have them
        (FF40, A1 90/91, FF50), nothing anyone reads."""
        key, _ = self._credentials
        public = _public_key_item(key)
        basic = tlv.encode(0xFF40, tlv.encode(0xDF41, bytes.fromhex("01030E01"))
                           + tlv.encode(0xDF42, surface_sig.key_id("9999921", "000"))
                           + tlv.encode(0xDF43, bytes(32) + b"\xff" * 96))  # fmt: skip
        record = tlv.encode(0xFF50, tlv.encode(0xDF51, public) + tlv.encode(0xDF52, bytes(256)))
        anyone = (InputFile.PIN, InputFile.NUMBER_A, InputFile.NUMBER_B)
        return {
            InputFile.CERTIFICATE: _Data(lambda: self._input_certificate),
            InputFile.AP_BASIC_DATA: _Data(lambda: basic),
            InputFile.SESSION_KEY: _Data(lambda: tlv.encode(0xA1, public), anyone),
            InputFile.KEY_RECORD: _Data(lambda: record, anyone),
        }

    def _token(self) -> bytes:
        kind = self.persona.card.kind
        token = myna.TOKEN_MYNACARD if kind == "mynacard" else myna.TOKEN_JUKINET
        return token.ljust(myna.TOKEN_SIZE, b" ")

    def _applications(self) -> dict[bytes, dict[int, _File]]:
        pin = self.persona.card.pin.encode
        sign_password = sign_password_of(self.persona)
        jpki: dict[int, _File] = {
            JpkiFile.TOKEN: _Data(self._token),
            JpkiFile.AUTH_CERT: self._jpki_cert(JpkiFile.AUTH_CERT, lambda: self._credentials[1]),
            JpkiFile.AUTH_CA_CERT: self._jpki_cert(
                JpkiFile.AUTH_CA_CERT, self._mock_pki.ca_cert_der
            ),
            JpkiFile.AUTH_PIN: _Pin(Counter.AUTH_PIN, pin),
            JpkiFile.AUTH_KEY: _Key(JpkiFile.AUTH_PIN, lambda: self._credentials[0]),
            # The 署名用 side. The signature certificate names the holder: readable only after
            # the signature password, as the spec lists it; its CA certificate is free.
            JpkiFile.SIGN_CERT: _Data(
                self._jpki_cert(JpkiFile.SIGN_CERT, lambda: self._sign_credentials[1]).content,
                (JpkiFile.SIGN_PASSWORD,),
            ),
            JpkiFile.SIGN_CA_CERT: self._jpki_cert(
                JpkiFile.SIGN_CA_CERT, self._mock_pki.sign_ca_cert_der
            ),
            JpkiFile.SIGN_PASSWORD: _Pin(Counter.SIGN_PASSWORD, sign_password.encode),
            JpkiFile.SIGN_KEY: _Key(JpkiFile.SIGN_PASSWORD, lambda: self._sign_credentials[0]),
        }
        if self.persona.card.kind != "mynacard":
            return {myna.JPKI_AID: jpki}  # a 住基カード has no 券面 applications
        if self.persona.card.is_next:
            return {next_card.AUTH_AID: self._auth_ap(), next_card.FACE_AID: self._face_ap()}
        return {
            myna.JPKI_AID: jpki,
            myna.INPUT_AID: self._input_ap(),
            myna.KENMEN_AID: self._kenmen_ap(),
        }

    def _input_ap(self) -> dict[int, _File]:
        """What opens what, as real cards (research/real-card-evidence.md §4.2): 照合番号A opens
        EF 0001 and not 0002, 照合番号B 0002 and not 0001, only the PIN both; 0003/0006/0007
        the PIN or either 照合番号; 0004/0005 free."""
        pin = self.persona.card.pin.encode
        number_b = number_b_of(self.persona).encode
        either = (InputFile.PIN, InputFile.NUMBER_A, InputFile.NUMBER_B)
        return {
            InputFile.PIN: _Pin(Counter.INPUT_PIN, pin),
            InputFile.NUMBER_A: _Pin(Counter.INPUT_A, self.persona.card.my_number.encode),
            InputFile.NUMBER_B: _Pin(Counter.INPUT_B, number_b),
            InputFile.MY_NUMBER: _Data(self._my_number_ef, (InputFile.PIN, InputFile.NUMBER_A)),
            InputFile.BASIC_INFO: _Data(
                lambda: self._input_ef, (InputFile.PIN, InputFile.NUMBER_B)
            ),
            InputFile.SIGNATURE: _Data(lambda: self._input_signature_ef, either),
            **self._input_extras(),
        }

    def _kenmen_ap(self) -> dict[int, _File]:
        number_b = number_b_of(self.persona).encode
        return {
            KenmenFile.NUMBER_B: _Pin(Counter.KENMEN_B, number_b),
            KenmenFile.NUMBER_A: _Pin(Counter.KENMEN_A, self.persona.card.my_number.encode),
            KenmenFile.FACE: _Data(
                lambda: self._kenmen_ef, (KenmenFile.NUMBER_B, KenmenFile.NUMBER_A)
            ),
            KenmenFile.AP_BASIC_DATA: _Data(self._kenmen_basic),
            KenmenFile.CERTIFICATE: _Data(lambda: self._surface_certificate),
        }

    def _auth_ap(self) -> dict[int, _File]:
        """The next card's 認証AP ([U] its files: the JPKI AP's user-auth side, no token EF;
        the signing password is there as the second PIN, its certificate side is [U])."""
        f = next_card.AuthFile
        sign_password = sign_password_of(self.persona)
        return {
            f.AUTH_CERT: self._jpki_cert(f.AUTH_CERT, lambda: self._credentials[1]),
            f.AUTH_CA_CERT: self._jpki_cert(f.AUTH_CA_CERT, self._mock_pki.next_ca_cert_der),
            f.AUTH_PIN: _Pin(Counter.AUTH_PIN, self.persona.card.pin.encode),
            f.AUTH_KEY: _Key(f.AUTH_PIN, lambda: self._credentials[0]),
            f.SIGN_PASSWORD: _Pin(Counter.SIGN_PASSWORD, sign_password.encode),
        }

    def _face_ap(self) -> dict[int, _File]:
        """The next card's 券面等AP: the face data (the current 券面AP's layout, [U]) behind
        the printed 6-digit 照合番号, and the certificate of the key that signed it."""
        f = next_card.FaceFile
        return {
            f.CHECK_NUMBER: _Pin(Counter.CHECK_NUMBER, self.persona.card.check_number.encode),
            f.FACE: _Data(lambda: self._kenmen_ef, (f.CHECK_NUMBER,)),
            f.CERTIFICATE: _Data(lambda: self._surface_certificate),
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
        return self._atr

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

    def _by_short_id(self, sfi: int) -> bool:
        """Make the EF with short id ``sfi`` (its FID's low 5 bits, 1-30) of the current DF the
        current EF, as a short-EF reference in P1/P2 does on real cards; False if none."""
        if self._df is None or not 1 <= sfi <= 30 or sfi not in self._apps[self._df]:
            return False
        self._ef = sfi
        return True

    def _read_binary(self, c: Command) -> Response:
        if c.p1 & 0x80:  # P1 = 80|SFI, P2 = the offset (0-255)
            if c.p1 & 0x60 or not self._by_short_id(c.p1 & 0x1F):
                return _sw(SW.FILE_NOT_FOUND if not c.p1 & 0x60 else SW.WRONG_P1P2)
            offset = c.p2
        else:
            offset = (c.p1 << 8) | c.p2
        item = self._current()
        if not isinstance(item, _Data):
            return _sw(SW.NO_CURRENT_EF)
        if item.needs and not self._verified.intersection(item.needs):
            return _sw(SW.SECURITY_NOT_SATISFIED)
        content = item.content()
        if offset >= len(content):
            return _sw(SW.WRONG_OFFSET)
        # At the end of the file a real card answers what is left with 9000 (fewer bytes than
        # Le), and 6B00 only for an offset past it.
        want = c.le if c.le is not None else 256
        return Response(content[offset : offset + want], SW.OK)

    def _key_reference(self, c: Command) -> Response | None:
        """P2 80 = the current EF, 80|SFI = that EF of the current DF (as real cards); the
        refusal, or None when the EF is now current."""
        if c.p1 != 0x00 or c.p2 & 0xE0 != 0x80:
            return _sw(SW.WRONG_P1P2)
        if c.p2 != 0x80 and not self._by_short_id(c.p2 & 0x1F):
            return _sw(SW.FILE_NOT_FOUND)
        return None

    def _verify(self, c: Command) -> Response:
        refused = self._key_reference(c)
        if refused is not None:
            return refused
        item = self._current()
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
        refused = self._key_reference(c)
        if refused is not None:
            return refused
        item = self._current()
        if not isinstance(item, _Key):
            return _sw(SW.NO_CURRENT_EF)
        if item.needs not in self._verified:
            return _sw(SW.SECURITY_NOT_SATISFIED)
        key = item.key()
        if isinstance(key, ec.EllipticCurvePrivateKey):
            return _ecdsa_sign(key, c.data)
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
    if counter == Counter.CHECK_NUMBER:
        return next_card.CHECK_NUMBER_TRIES
    return myna.NUMBER_B_TRIES


def _public_key_item(key: UserKey) -> bytes:
    """The card's public key as the face data carries it (DF24): the current card's 90/91
    (modulus, exponent); [U] the next card's: 86 with the uncompressed P-384 point."""
    if isinstance(key, ec.EllipticCurvePrivateKey):
        point = key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        return tlv.encode(0x86, point)
    return surface_sig.encode_public_key(key.public_key())


def _ecdsa_sign(key: ec.EllipticCurvePrivateKey, data: bytes) -> Response:
    """The next card's COMPUTE DIGITAL SIGNATURE: a SHA-384 hash in, r ‖ s out ([U] the
    format: kiosk.card.next_card)."""
    if len(data) != next_card.HASH_SIZE:
        return _sw(SW.WRONG_DATA)
    der = key.sign(data, ec.ECDSA(utils.Prehashed(hashes.SHA384())))
    r, s = utils.decode_dss_signature(der)
    half = next_card.SIGNATURE_SIZE // 2
    return Response(r.to_bytes(half, "big") + s.to_bytes(half, "big"), SW.OK)


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
        # The kiosk trusts this card's mock issuer as it trusts 5000023 for real cards.
        return MynaCardSession(
            _InProcessTransport(self, card),
            extended_length=self.extended_length,
            issuers={**surface_sig.trusted(), **card.issuers()},
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
