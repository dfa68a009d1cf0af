"""The 券面AP signed as real cards (research/real-card-evidence.md §3.4, §8.2): EF 0004's
card-verifiable certificate checked against an issuer the kiosk trusts, DF28 over three SHA-256
digests, DF29/DF2A unsigned; a tampered photo or birth date is refused and nothing of it logged."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from kiosk.card import myna, surface_sig, tlv
from kiosk.card.myna import KenmenFile, KenmenTag
from kiosk.card.session import FaceSignatureError, MynaCardSession
from kiosk.config import load_config
from kiosk.ports import CardErrorKind
from kiosk.sim.card import InProcessReader, VirtualCard, _Data, number_b_of
from kiosk.sim.personas import Persona
from kiosk.sim.pki import MockPki
from kiosk.wiring import trust_surface_issuers


def _face_ef(card: VirtualCard) -> bytes:
    ef: bytes = card._kenmen_ef
    return ef


def _with_face(card: VirtualCard, ef: bytes) -> None:
    """Put other bytes in the card's EF 0002 (a forged or altered card)."""
    card.__dict__["_kenmen_ef"] = ef


def _altered(card: VirtualCard, tag: KenmenTag, change: bytes) -> bytes:
    """EF 0002 with ``change`` written over the start of ``tag``'s value (same length: the
    offset table still holds)."""
    ef = bytearray(_face_ef(card))
    start, _ = myna.layout_of(bytes(ef), tuple(KenmenTag)).span(tag)
    value_at = start + tlv.read_header(bytes(ef), start).header_size
    ef[value_at : value_at + len(change)] = change
    return bytes(ef)


class _Direct:
    def __init__(self, card: VirtualCard) -> None:
        self.transmit = card.transmit


def _read(
    card: VirtualCard, hanako: Persona, issuers: dict[bytes, rsa.RSAPublicKey] | None = None
) -> None:
    """Read the face with the reader's trust (the card's issuer), or only ``issuers``."""
    card.reset()
    if issuers is None:
        session = InProcessReader(card).connect()
    else:
        session = MynaCardSession(_Direct(card), issuers=issuers)
    session.read_card_face(number_b_of(hanako))


def test_ef_0002_carries_the_real_cards_signature_layout(card: VirtualCard, pki: MockPki) -> None:
    items = myna.item_tlvs(_face_ef(card), tuple(KenmenTag))
    public = myna.item_value(items[KenmenTag.PUBLIC_KEY], KenmenTag.PUBLIC_KEY)
    assert public.startswith(bytes.fromhex("9003010001" + "91820100"))
    assert len(public) == 5 + 4 + 256
    cert = surface_sig.parse_cv_certificate(pki.ap_credentials("surface")[1])
    assert len(cert.body) == 297  # 16 + 16 + a 265-byte RSA-2048 key, as a real EF 0004
    assert cert.issuer == surface_sig.key_id("9000023")  # never a real (5…) or test (6…) id
    signature = myna.item_value(items[KenmenTag.SIGNATURE], KenmenTag.SIGNATURE)
    recovered = cert.public_key.recover_data_from_signature(signature, padding.PKCS1v15(), None)
    assert recovered[:2] == bytes.fromhex("3071") and recovered[17:19] == bytes.fromhex("0460")
    assert recovered == surface_sig.digest_info(items)


def test_a_genuine_card_face_is_accepted(card: VirtualCard, hanako: Persona) -> None:
    face = InProcessReader(card).connect().read_card_face(number_b_of(hanako))
    assert face.birth_date == hanako.birth_date


@pytest.mark.parametrize(
    ("tag", "change"),
    [(KenmenTag.PHOTO, b"\xfe\xfd"), (KenmenTag.BIRTH_DATE, b"1950"), (KenmenTag.SEX, b"1")],
    ids=["photo", "birth_date", "sex"],
)
def test_an_altered_item_is_refused_with_a_clear_error_and_nothing_logged(
    card: VirtualCard,
    hanako: Persona,
    caplog: pytest.LogCaptureFixture,
    tag: KenmenTag,
    change: bytes,
) -> None:
    _with_face(card, _altered(card, tag, change))
    caplog.set_level(logging.DEBUG)
    with pytest.raises(FaceSignatureError) as err:
        _read(card, hanako)
    assert err.value.kind is CardErrorKind.UNREADABLE
    assert "not genuine" in str(err.value) and "do not match" in str(err.value)
    photo = myna.item_value(myna.item_tlvs(_face_ef(card), (*KenmenTag,))[KenmenTag.PHOTO], 0xDF27)
    text = caplog.text + str(err.value)
    for secret in (
        photo[:16].hex(),
        photo[:16].hex().upper(),
        hanako.birth_date.strftime("%Y%m%d"),
    ):
        assert secret not in text


def test_expiry_and_code_image_are_not_signed_as_on_real_cards(
    card: VirtualCard, hanako: Persona
) -> None:
    _with_face(card, _altered(card, KenmenTag.EXPIRY, b"2031"))
    face = InProcessReader(card).connect().read_card_face(number_b_of(hanako))
    assert face.expiry.year == 2031


def test_an_issuer_the_kiosk_does_not_trust_is_refused(card: VirtualCard, hanako: Persona) -> None:
    with pytest.raises(FaceSignatureError, match="9000023/001, not trusted"):
        _read(card, hanako, issuers={surface_sig.PRODUCTION_5000023: _production()})
    with pytest.raises(FaceSignatureError):
        _read(card, hanako, issuers={})


def test_a_certificate_not_signed_by_the_named_issuer_is_refused(
    card: VirtualCard, hanako: Persona
) -> None:
    """A forger's EF 0004 naming the trusted issuer (here the production 5000023) but signed by
    the forger's own key."""
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    signer, _ = card._mock_pki.ap_credentials("surface")
    body = surface_sig.cv_body(surface_sig.PRODUCTION_5000023, surface_sig.key_id("9999921", "000"),
                               signer.public_key())  # fmt: skip
    forged = surface_sig.encode_cv_certificate(
        body, forger.sign(body, padding.PKCS1v15(), hashes.SHA256())
    )
    card._apps[myna.KENMEN_AID][KenmenFile.CERTIFICATE] = _Data(lambda: forged)
    with pytest.raises(FaceSignatureError, match="not signed by issuer 5000023/001"):
        _read(card, hanako, issuers={surface_sig.PRODUCTION_5000023: _production()})


def _production() -> rsa.RSAPublicKey:
    return surface_sig.trusted()[surface_sig.PRODUCTION_5000023]


def test_the_production_issuer_is_trusted_by_default() -> None:
    key = _production()
    modulus = key.public_numbers().n.to_bytes(256, "big")
    assert modulus[:8] == bytes.fromhex("B2F740F0AD86D17C")  # evidence §8.2
    assert modulus[-12:] == bytes.fromhex("5C13D13B8E7AB226F5F51F87")
    assert key.public_numbers().e == 65537


def test_the_configuration_adds_the_virtual_cards_issuer(pki: MockPki, tmp_path: Path) -> None:
    anchor = pki.issuer_anchor_path("surface")
    config = load_config(environ={}, overrides={"card": {"surface_issuers": [str(anchor)]}})
    trust_surface_issuers(config)
    assert surface_sig.key_id("9000023") in surface_sig.trusted()
    bad = load_config(environ={}, overrides={"card": {"surface_issuers": [str(tmp_path / "no")]}})
    with pytest.raises(surface_sig.SurfaceSignatureError):
        trust_surface_issuers(bad)
    card_cert = tmp_path / "card.cvc"
    card_cert.write_bytes(pki.ap_credentials("surface")[1])  # issuer != subject: no anchor
    with pytest.raises(surface_sig.SurfaceSignatureError, match="not a self-signed"):
        surface_sig.trust_file(card_cert)


def test_the_environment_names_the_issuers_as_the_stack_sets_them(pki: MockPki) -> None:
    anchor = pki.issuer_anchor_path("surface")
    environ = {"KIOSK_CARD__SURFACE_ISSUERS": f'["{anchor}"]'}
    assert load_config(environ=environ).card.surface_issuers == (str(anchor),)
