"""Two card generations behind one session: the next-generation card (次期個人番号カード) told
by SELECT, read through its own application map (認証AP, 券面等AP), its ECDSA P-384 key and
certificate from the mock PKI's second CA, its 6-digit 照合番号; the current card unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.card import myna, next_card
from kiosk.card.apdu import SW, select_df
from kiosk.card.generations import CURRENT, NEXT, Generation, SignatureError
from kiosk.card.session import PinRejectedError
from kiosk.ports import CardError, CardErrorKind, PinStatus
from kiosk.sim.card import Counter, CounterStore, InProcessReader, VirtualCard, number_b_of
from kiosk.sim.personas import Persona, get_persona
from kiosk.sim.pki import MockPki, PkiError

AOI = get_persona("nishimura_aoi")


@pytest.fixture
def next_card_on(
    tmp_path: Path, pki: MockPki, small_photo: bytes
) -> Iterator[tuple[VirtualCard, InProcessReader]]:
    card = VirtualCard(AOI, tmp_path / "cards", pki=pki, photo_jp2=lambda: small_photo)
    yield card, InProcessReader(card)


def test_the_persona_file_has_cards_of_both_generations() -> None:
    assert AOI.card.is_next and len(AOI.card.check_number) == next_card.CHECK_NUMBER_LENGTH
    assert get_persona("morita_kei").card.is_next
    assert not get_persona("sato_hanako").card.is_next


def test_the_next_card_is_told_by_select_and_gives_its_ecdsa_certificate(
    next_card_on: tuple[VirtualCard, InProcessReader], pki: MockPki
) -> None:
    _card, reader = next_card_on
    session = reader.connect()
    identity = session.read_identity()
    assert identity.generation == "next" and session.generation == "next"
    cert = x509.load_der_x509_certificate(identity.user_cert_der)
    key = cert.public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp384r1"
    assert identity.ca_cert_der == pki.next_ca_cert_der() != pki.ca_cert_der()
    cert.verify_directly_issued_by(pki.next_ca_cert())
    assert isinstance(cert.signature_hash_algorithm, hashes.SHA384)
    # [F] 10 years: the certificate lives as long as the card (5 years on the current card).
    assert (cert.not_valid_after_utc - cert.not_valid_before_utc).days > 9 * 365
    # SELECT current JPKI AP (6A82), SELECT 認証AP, then SELECT + READ per certificate: no
    # token EF to read on the next card.
    assert session.apdu_count == 2 + 2 * (1 + -(-len(identity.user_cert_der) // 256))


def test_the_current_card_costs_no_extra_apdu_and_says_current(
    card: VirtualCard, pki: MockPki, hanako: Persona
) -> None:
    session = InProcessReader(card, extended_length=True).connect()
    identity = session.read_identity()
    assert identity.generation == "current" and session.apdu_count == 7
    assert identity.user_cert_der == pki.user_cert_der(hanako.id)


def test_pin_then_an_ecdsa_p384_sha384_signature_the_certificate_verifies(
    next_card_on: tuple[VirtualCard, InProcessReader],
) -> None:
    _card, reader = next_card_on
    session = reader.connect()
    cert = x509.load_der_x509_certificate(session.read_identity().user_cert_der)
    with pytest.raises(CardError, match="PIN was not verified"):
        session.sign(b"nonce before the PIN")
    assert session.verify_pin(bytearray(AOI.card.pin.encode())).status is PinStatus.OK
    nonce = bytes(range(32))
    signature = session.sign(nonce)
    key = cert.public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey)
    key.verify(signature, nonce, ec.ECDSA(hashes.SHA384()))
    with pytest.raises(InvalidSignature):
        key.verify(signature, nonce + b"x", ec.ECDSA(hashes.SHA384()))


def test_wrong_pin_counts_down_on_the_next_cards_counter(
    next_card_on: tuple[VirtualCard, InProcessReader],
) -> None:
    card, reader = next_card_on
    session = reader.connect()
    assert session.pin_tries_left() == next_card.PIN_TRIES
    result = session.verify_pin(bytearray(b"0000"))
    assert (result.status, result.tries_left) == (PinStatus.WRONG, 2)
    assert card.counters.load()[Counter.AUTH_PIN] == 2
    assert session.verify_pin(bytearray(AOI.card.pin.encode())).tries_left == 3


def test_the_six_digit_number_opens_the_signed_face_data(
    next_card_on: tuple[VirtualCard, InProcessReader], small_photo: bytes
) -> None:
    _card, reader = next_card_on
    session = reader.connect()
    assert session.number_b_tries_left() == next_card.CHECK_NUMBER_TRIES
    face = session.read_card_face(number_b_of(AOI))
    assert number_b_of(AOI) == AOI.card.check_number
    assert face.photo_jp2 == small_photo
    assert (face.birth_date, face.sex, face.expiry) == (
        AOI.birth_date,
        AOI.sex,
        AOI.card.card_expiry,
    )


def test_a_wrong_six_digit_number_uses_one_try(
    next_card_on: tuple[VirtualCard, InProcessReader],
) -> None:
    card, reader = next_card_on
    with pytest.raises(PinRejectedError) as err:
        reader.connect().read_card_face("000000")
    assert err.value.result.tries_left == next_card.CHECK_NUMBER_TRIES - 1
    assert card.counters.load()[Counter.CHECK_NUMBER] == next_card.CHECK_NUMBER_TRIES - 1


def test_a_number_of_the_other_generation_never_reaches_either_card(
    next_card_on: tuple[VirtualCard, InProcessReader], card: VirtualCard, hanako: Persona
) -> None:
    """The two numbers are never confused: a 14-digit 照合番号B for the next card and a 6-digit
    照合番号 for the current one are refused before any VERIFY, and no counter moves."""
    new, reader = next_card_on
    session = reader.connect()
    with pytest.raises(CardError, match="照合番号 must be 6 digits"):
        session.read_card_face(number_b_of(hanako))
    old = InProcessReader(card).connect()
    with pytest.raises(CardError, match="照合番号B must be 14 digits"):
        old.read_card_face(AOI.card.check_number)
    assert new.counters.load()[Counter.CHECK_NUMBER] == next_card.CHECK_NUMBER_TRIES
    assert card.counters.load()[Counter.KENMEN_B] == myna.NUMBER_B_TRIES


def test_the_face_data_alone_tells_the_generation_without_an_extra_apdu(
    next_card_on: tuple[VirtualCard, InProcessReader], card: VirtualCard, hanako: Persona
) -> None:
    _new, reader = next_card_on
    session = reader.connect()
    session.number_b_tries_left()
    assert session.generation == "next"
    old = InProcessReader(card).connect()
    old.number_b_tries_left()  # SELECT 券面AP, SELECT EF, VERIFY: as before
    assert old.apdu_count == 3 and old.generation == "current"


def test_the_next_card_has_none_of_the_current_cards_applications(
    next_card_on: tuple[VirtualCard, InProcessReader],
) -> None:
    card, _reader = next_card_on
    for aid in (myna.JPKI_AID, myna.KENMEN_AID, myna.INPUT_AID):
        assert card.transmit(select_df(aid).to_bytes())[-2:] == bytes.fromhex("6A82")
    for aid in (next_card.AUTH_AID, next_card.FACE_AID):
        assert card.transmit(select_df(aid).to_bytes())[-2:] == SW.OK.to_bytes(2, "big")


def test_the_face_data_needs_the_number_and_the_key_needs_the_pin(
    next_card_on: tuple[VirtualCard, InProcessReader],
) -> None:
    card, _reader = next_card_on
    card.transmit(select_df(next_card.FACE_AID).to_bytes())
    card.transmit(bytes.fromhex("00A4020C020002"))
    assert card.transmit(bytes.fromhex("00B0000010"))[-2:] == bytes.fromhex("6982")


def test_a_card_with_neither_generations_application_is_not_a_mynacard() -> None:
    class Blank:
        def transmit(self, apdu: bytes | bytearray) -> bytes:
            return bytes.fromhex("6A82")

    from kiosk.card.session import MynaCardSession

    with pytest.raises(CardError) as err:
        MynaCardSession(Blank()).read_identity()
    assert err.value.kind is CardErrorKind.NOT_MYNACARD


def test_the_basic_info_ap_is_not_on_the_next_card(
    next_card_on: tuple[VirtualCard, InProcessReader],
) -> None:
    _card, reader = next_card_on
    with pytest.raises(CardError) as err:
        reader.connect().read_basic_info(bytearray(AOI.card.pin.encode()))
    assert err.value.kind is CardErrorKind.NOT_MYNACARD


def test_the_maps_sign_and_check_per_generation() -> None:
    assert CURRENT.generation is Generation.CURRENT and NEXT.generation is Generation.NEXT
    assert len(CURRENT.signing_input(b"n")) == len(myna.SHA256_DIGEST_INFO_PREFIX) + 32
    assert len(NEXT.signing_input(b"n")) == next_card.HASH_SIZE
    with pytest.raises(SignatureError):
        NEXT.signature(bytes(95))
    with pytest.raises(SignatureError):
        NEXT.signature(bytes(96))  # r = s = 0 is no signature
    with pytest.raises(SignatureError):
        CURRENT.signature(bytes(96))


def test_the_mock_pki_keeps_the_generations_apart(pki: MockPki) -> None:
    with pytest.raises(PkiError):
        pki.user_credentials(AOI.id)
    with pytest.raises(PkiError):
        pki.next_user_credentials("sato_hanako")
    _key, der = pki.card_credentials(AOI.id)
    assert pki.persona_for_cert(der) == AOI.id
    assert not pki.is_revoked(x509.load_der_x509_certificate(der))


def test_counters_of_the_next_card_persist(tmp_path: Path) -> None:
    store = CounterStore(AOI, tmp_path)
    counters = store.load()
    counters[Counter.CHECK_NUMBER] = 4
    store.save(counters)
    assert CounterStore(AOI, tmp_path).load()[Counter.CHECK_NUMBER] == 4


def test_certificate_rules_per_generation(pki: MockPki) -> None:
    from kiosk.card.certificate import generation_of, rules_for

    _key, new = pki.card_credentials(AOI.id)
    _key, old = pki.card_credentials("sato_hanako")
    assert generation_of(new) == "next" and generation_of(old) == "current"
    assert generation_of(b"not a certificate") is None
    assert (rules_for("current").validity_years, rules_for("current").notice_months) == (5, 3)
    assert (rules_for("next").validity_years, rules_for("next").notice_months) == (10, 12)
    with pytest.raises(ValueError):
        rules_for("juki")


def test_the_mock_service_verifies_an_ecdsa_proof_as_an_rsa_one(
    next_card_on: tuple[VirtualCard, InProcessReader], card: VirtualCard
) -> None:
    """The service's check (kiosk.sim.service.server) on what each generation's card signs."""
    from kiosk.sim.service.server import Service, ServiceError

    cards = ((next_card_on[1].connect(), AOI.card.pin), (InProcessReader(card).connect(), "1234"))
    for session, pin in cards:
        cert = x509.load_der_x509_certificate(session.read_identity().user_cert_der)
        session.verify_pin(bytearray(pin.encode()))
        signature = session.sign(b"the service's nonce")
        Service._check_signature(cert, b"the service's nonce", signature)
        with pytest.raises(ServiceError):
            Service._check_signature(cert, b"another nonce", signature)
