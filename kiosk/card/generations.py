"""The two card generations behind one session: each one's application map (which AIDs and
files the kiosk reads, how long the number opening the face data is, how the user-auth key
signs). The session tells the generation by SELECTing applications, never by ATR (a contactless
reader makes the ATR up: research/field-2026-12.md §4, OpenSC PR #3744)."""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from kiosk.card import myna, next_card
from kiosk.card.myna import JpkiFile, KenmenFile


class Generation(enum.Enum):
    CURRENT = "current"  # issued since 2016: four applications, RSA-2048
    NEXT = "next"  # 次期個人番号カード (FY2028): two applications, ECDSA P-384


class SignatureError(ValueError):
    """The card's answer to COMPUTE DIGITAL SIGNATURE is not a signature of its generation."""


@dataclass(frozen=True)
class AppMap:
    """Where one generation keeps what a reception reads."""

    generation: Generation
    auth_aid: bytes
    token: int | None  # the JPKI token EF (the current card: it tells a 住基カード apart)
    auth_cert: int
    auth_ca_cert: int
    auth_pin: int
    auth_key: int
    pin_tries: int
    face_aid: bytes
    face_number: int  # the PIN-like EF of the number printed on the front
    face_data: int
    face_certificate: int
    number_length: int
    number_tries: int
    number_name: str  # for messages: 照合番号B or 照合番号

    def signing_input(self, challenge: bytes) -> bytes:
        """What COMPUTE DIGITAL SIGNATURE is sent: SHA-256 DigestInfo (RSA), or the SHA-384
        hash itself (ECDSA signs a hash)."""
        if self.generation is Generation.CURRENT:
            return myna.sha256_digest_info(challenge)
        return hashlib.sha384(challenge).digest()

    def signature(self, answer: bytes) -> bytes:
        """The signature the service verifies: the RSA block as the card gives it, or the
        card's r ‖ s as the DER ECDSA-Sig-Value X.509 software expects."""
        if self.generation is Generation.CURRENT:
            if len(answer) != myna.SIGNATURE_SIZE:
                raise SignatureError(f"RSA signature of {len(answer)} bytes")
            return answer
        if len(answer) != next_card.SIGNATURE_SIZE:
            raise SignatureError(f"ECDSA signature of {len(answer)} bytes")
        half = next_card.SIGNATURE_SIZE // 2
        r, s = int.from_bytes(answer[:half], "big"), int.from_bytes(answer[half:], "big")
        if not r or not s:
            raise SignatureError("ECDSA signature with a zero half")
        return encode_dss_signature(r, s)


CURRENT = AppMap(
    generation=Generation.CURRENT,
    auth_aid=myna.JPKI_AID,
    token=JpkiFile.TOKEN,
    auth_cert=JpkiFile.AUTH_CERT,
    auth_ca_cert=JpkiFile.AUTH_CA_CERT,
    auth_pin=JpkiFile.AUTH_PIN,
    auth_key=JpkiFile.AUTH_KEY,
    pin_tries=myna.PIN_TRIES,
    face_aid=myna.KENMEN_AID,
    face_number=KenmenFile.NUMBER_B,
    face_data=KenmenFile.FACE,
    face_certificate=KenmenFile.CERTIFICATE,
    number_length=myna.NUMBER_B_LENGTH,
    number_tries=myna.NUMBER_B_TRIES,
    number_name="照合番号B",
)

NEXT = AppMap(
    generation=Generation.NEXT,
    auth_aid=next_card.AUTH_AID,
    token=None,
    auth_cert=next_card.AuthFile.AUTH_CERT,
    auth_ca_cert=next_card.AuthFile.AUTH_CA_CERT,
    auth_pin=next_card.AuthFile.AUTH_PIN,
    auth_key=next_card.AuthFile.AUTH_KEY,
    pin_tries=next_card.PIN_TRIES,
    face_aid=next_card.FACE_AID,
    face_number=next_card.FaceFile.CHECK_NUMBER,
    face_data=next_card.FaceFile.FACE,
    face_certificate=next_card.FaceFile.CERTIFICATE,
    number_length=next_card.CHECK_NUMBER_LENGTH,
    number_tries=next_card.CHECK_NUMBER_TRIES,
    number_name="照合番号",
)

# SELECTed in this order: the current card first (nearly every card for years; its reads cost
# no extra APDU), then the next one.
MAPS = (CURRENT, NEXT)


def map_of(generation: Generation | str) -> AppMap:
    wanted = Generation(generation)
    return next(m for m in MAPS if m.generation is wanted)
