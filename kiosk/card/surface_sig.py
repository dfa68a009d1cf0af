"""The 券面AP's issuer signature: what proves the photo and birth date the kiosk matches a face
against came from the card's issuer and were not altered.

Real cards (../shared/research/real-card-evidence.md §3.4, §8.2; a reverse-engineered card
library tested against bytes read from cards):

- EF 0004 of the 券面AP holds a card-verifiable certificate, free to read::

      7F21 { 5F4E <16 issuer key id ‖ 16 subject key id ‖ 90 03 <e> 91 82 01 00 <n>> ;
             5F37 <256-byte signature> }

  The issuer's key is **not** on the card: a verifier holds it and looks it up by the issuer key
  id (``"5000023" 08 05 "001" 00 00 00 00`` in production). The 5F37 signature is PKCS#1 v1.5
  with SHA-256 over the 297-byte 5F4E value.
- DF28 in EF 0002 is a PKCS#1 v1.5 signature by the key that certificate certifies, over a
  DigestInfo (SHA-256's algorithm identifier) holding three concatenated SHA-256 digests of the
  items as written (tag, length and value): DF22‖DF23‖DF24, DF25‖DF26, DF27. DF29 (expiry) and
  DF2A (security-code image) come after it and are not covered.

The issuers the kiosk trusts are the production key (5000023, from the same library's CA table)
plus whatever start-up adds with :func:`trust` / :func:`trust_file` (the virtual card's test
issuer, named in the configuration ``card.surface_issuers``): a certificate checked against a
key taken off the same card would prove nothing. Failures raise :class:`SurfaceSignatureError`
with a message that never holds any of the card's data.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from kiosk.card import tlv

CVC_TAG = 0x7F21
CVC_BODY_TAG = 0x5F4E
CVC_SIGNATURE_TAG = 0x5F37
KEY_ID_SIZE = 16
EXPONENT_TAG, MODULUS_TAG = 0x90, 0x91
# The SHA-256 AlgorithmIdentifier of a DigestInfo; DF28's holds 96 bytes (three digests).
_SHA256_ALGORITHM = bytes.fromhex("300D06096086480165030402010500")
SIGNED_GROUPS: tuple[tuple[int, ...], ...] = ((0xDF22, 0xDF23, 0xDF24), (0xDF25, 0xDF26), (0xDF27,))
SIGNATURE_TAG = 0xDF28


class SurfaceSignatureError(ValueError):
    """The 券面AP's data does not carry a valid signature of an issuer the kiosk trusts."""


def key_id(number: str, group: str = "001", tail: bytes = bytes(4)) -> bytes:
    """A 16-byte key id: 7 ASCII digits, ``08 05``, 3 ASCII digits, 4 padding bytes."""
    raw = number.encode("ascii") + b"\x08\x05" + group.encode("ascii") + tail
    if len(raw) != KEY_ID_SIZE or not (number.isdigit() and group.isdigit()):
        raise ValueError("a key id is 7 digits, 08 05, 3 digits and 4 bytes")
    return raw


def shown(identifier: bytes) -> str:
    """``5000023/001``, how a key id is named in messages."""
    if len(identifier) != KEY_ID_SIZE:
        return identifier.hex()
    return (
        f"{identifier[:7].decode('ascii', 'replace')}/{identifier[9:12].decode('ascii', 'replace')}"
    )


# The production issuer of the 券面AP (証明者鍵ID 5000023), RSA-2048, e = 65537: the published
# modulus (research/real-card-evidence.md §8.2). A public key, not a secret.
PRODUCTION_5000023 = key_id("5000023")
_MODULUS_5000023 = int(
    "B2F740F0AD86D17CF3F537D23B4B3C65A3CB58474D857F55D0B9BC0411B1CB08"
    "49068DE332A50D63B3E6921C9CCBE6156496EFB04BE8FFCC74FDE9A228A36AD7"
    "EDCE9793204E35973DC911108365002C40169E0B60018DFB99E1E2310D9A110F"
    "F0FC269F1F220C63B8A1510DE5A6898220C78908FC280D8AA95D5D113B7CF007"
    "00F3FF5AD8B3D6AD2EB53C7D563498B4A938DEFFC9BDA32BF4146C1B07EF870D"
    "99EB35DE5D70AC18715874277A13151D217D04D42E97923923A40FBC7D06FAA8"
    "338CCBE876620F9B8EF4471CD4B9E29D4EA621E0FB8F1DC04B487210097DBAAF"
    "3D8E0550C76A5B97CF202FA47C7A2622F1C084E65C13D13B8E7AB226F5F51F87",
    16,
)


# --- RSA public keys as the card stores them (90 exponent, 91 modulus) ----------------------


def encode_public_key(key: rsa.RSAPublicKey) -> bytes:
    numbers = key.public_numbers()
    size = (key.key_size + 7) // 8
    exponent = numbers.e.to_bytes((numbers.e.bit_length() + 7) // 8, "big")
    return tlv.encode(EXPONENT_TAG, exponent) + tlv.encode(
        MODULUS_TAG, numbers.n.to_bytes(size, "big")
    )


def parse_public_key(raw: bytes) -> rsa.RSAPublicKey:
    """``90 <e> 91 <n>`` → an RSA public key; SurfaceSignatureError for anything else."""
    try:
        items = tlv.parse_all(raw)
        e = int.from_bytes(tlv.find(items, EXPONENT_TAG).value, "big")
        n = int.from_bytes(tlv.find(items, MODULUS_TAG).value, "big")
        return rsa.RSAPublicNumbers(e, n).public_key()
    except (tlv.TlvError, ValueError) as exc:
        raise SurfaceSignatureError(f"not an RSA public key (90/91): {exc}") from exc


# --- card-verifiable certificates --------------------------------------------------------------


@dataclass(frozen=True)
class CvCertificate:
    issuer: bytes  # 証明者鍵ID: the key that signed it
    subject: bytes  # 被証明者鍵ID: the key it certifies
    public_key: rsa.RSAPublicKey = field(repr=False)
    body: bytes = field(repr=False)  # the 5F4E value: what the signature covers
    signature: bytes = field(repr=False)


def cv_body(issuer: bytes, subject: bytes, public_key: rsa.RSAPublicKey) -> bytes:
    return issuer + subject + encode_public_key(public_key)


def encode_cv_certificate(body: bytes, signature: bytes) -> bytes:
    inner = tlv.encode(CVC_BODY_TAG, body) + tlv.encode(CVC_SIGNATURE_TAG, signature)
    return tlv.encode(CVC_TAG, inner)


def parse_cv_certificate(raw: bytes) -> CvCertificate:
    """A 7F21 certificate (filler after it is ignored)."""
    try:
        outer, _ = tlv.parse_one(raw)
        if outer.tag != CVC_TAG:
            raise SurfaceSignatureError(f"EF 0004 starts with tag {outer.tag:X}, not 7F21")
        items = tlv.parse_all(outer.value)
        body = tlv.find(items, CVC_BODY_TAG).value
        signature = tlv.find(items, CVC_SIGNATURE_TAG).value
    except tlv.TlvError as exc:
        raise SurfaceSignatureError(f"card-verifiable certificate: {exc}") from exc
    if len(body) <= 2 * KEY_ID_SIZE:
        raise SurfaceSignatureError("card-verifiable certificate body too short")
    return CvCertificate(
        issuer=body[:KEY_ID_SIZE],
        subject=body[KEY_ID_SIZE : 2 * KEY_ID_SIZE],
        public_key=parse_public_key(body[2 * KEY_ID_SIZE :]),
        body=body,
        signature=signature,
    )


# --- the issuers the kiosk trusts -------------------------------------------------------------

_trusted: dict[bytes, rsa.RSAPublicKey] = {
    PRODUCTION_5000023: rsa.RSAPublicNumbers(65537, _MODULUS_5000023).public_key()
}
_trusted_lock = threading.Lock()


def trust(issuer: bytes, public_key: rsa.RSAPublicKey) -> None:
    """Trust one more issuer key (start-up: configuration; tests: the virtual card's issuer)."""
    with _trusted_lock:
        _trusted[bytes(issuer)] = public_key


def trust_file(path: Path | str) -> bytes:
    """Trust the issuer in a self-signed card-verifiable certificate file (issuer = subject,
    signed by its own key: the form the virtual card's test issuer is published in). Returns
    its key id; SurfaceSignatureError when the file is not one."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise SurfaceSignatureError(f"issuer key file {path}: {exc.strerror}") from exc
    anchor = parse_cv_certificate(raw)
    if anchor.issuer != anchor.subject:
        raise SurfaceSignatureError(f"{path} is not a self-signed issuer certificate")
    check_cv_signature(anchor, anchor.public_key)
    trust(anchor.issuer, anchor.public_key)
    return anchor.issuer


def trusted() -> dict[bytes, rsa.RSAPublicKey]:
    with _trusted_lock:
        return dict(_trusted)


# --- verification ------------------------------------------------------------------------------


def check_cv_signature(cert: CvCertificate, issuer_key: rsa.RSAPublicKey) -> None:
    try:
        issuer_key.verify(cert.signature, cert.body, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as exc:
        raise SurfaceSignatureError(
            f"EF 0004's certificate is not signed by issuer {shown(cert.issuer)}"
        ) from exc


def card_key(cert_raw: bytes, issuers: Mapping[bytes, rsa.RSAPublicKey]) -> rsa.RSAPublicKey:
    """The key EF 0004 certifies, once its certificate checks against a trusted issuer."""
    cert = parse_cv_certificate(cert_raw)
    issuer_key = issuers.get(cert.issuer)
    if issuer_key is None:
        raise SurfaceSignatureError(f"EF 0004 names issuer {shown(cert.issuer)}, not trusted here")
    check_cv_signature(cert, issuer_key)
    return cert.public_key


def digest_info(items: Mapping[int, bytes]) -> bytes:
    """The DigestInfo DF28 signs: SHA-256 of each signed group of TLVs (as written), in one
    OCTET STRING of 96 bytes. ``items`` maps each tag to its whole TLV."""
    try:
        digests = b"".join(
            hashlib.sha256(b"".join(items[tag] for tag in group)).digest()
            for group in SIGNED_GROUPS
        )
    except KeyError as exc:
        raise SurfaceSignatureError(f"券面AP EF 0002 has no {exc.args[0]:X}") from exc
    inner = _SHA256_ALGORITHM + tlv.encode(0x04, digests)
    return tlv.encode(0x30, inner)


def verify_face(
    items: Mapping[int, bytes],
    cert_raw: bytes,
    issuers: Mapping[bytes, rsa.RSAPublicKey],
) -> None:
    """Raise SurfaceSignatureError unless DF28 is the certified card key's signature over the
    signed groups of ``items`` (tag → its whole TLV as read from EF 0002)."""
    key = card_key(cert_raw, issuers)
    signature = items.get(SIGNATURE_TAG)
    if signature is None:
        raise SurfaceSignatureError("券面AP EF 0002 has no signature (DF28)")
    value, _ = tlv.parse_one(signature)
    try:
        signed = key.recover_data_from_signature(value.value, padding.PKCS1v15(), None)
    except (InvalidSignature, ValueError) as exc:
        raise SurfaceSignatureError("券面AP EF 0002: the signature does not verify") from exc
    if signed != digest_info(items):
        raise SurfaceSignatureError(
            "券面AP EF 0002: the signed digests do not match the data (altered photo or items)"
        )
