"""The phone protocol (kiosk.card.phone) against the virtual phone (kiosk.sim.phone), in-process:
the APDUs, the PIN counter, the iPhone's approval, what is refused and how."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from kiosk.card import myna
from kiosk.card.apdu import SW, Command, Ins, Response, read_binary, select_df, select_ef
from kiosk.card.myna import JpkiFile
from kiosk.card.phone import PHONE_ATR, PhoneJpkiSession, check_pin
from kiosk.card.session import MynaCardSession
from kiosk.ports import CardError, CardErrorKind, PhoneError, PhoneErrorKind, PhoneKind, PinStatus
from kiosk.sim.card import InProcessReader, VirtualCard
from kiosk.sim.personas import get_persona
from kiosk.sim.phone import (
    InProcessPhoneReader,
    PhoneCounters,
    VirtualPhone,
    reset_phone,
    set_approval,
)
from kiosk.sim.pki import MockPki

HANAKO = get_persona("sato_hanako")  # Android, phone PIN 4321 (her card's is 1234)
ICHIRO = get_persona("suzuki_ichiro")  # iPhone, approves
AIKO = get_persona("watanabe_aiko")  # iPhone, declines
YUMI = get_persona("tanaka_yumi")  # Android, one try left


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "cards"


def _phone(persona, state: Path, pki: MockPki, **kw) -> VirtualPhone:  # type: ignore[no-untyped-def]
    return VirtualPhone(persona, state, pki=pki, **kw)


def _session(phone: VirtualPhone) -> PhoneJpkiSession:
    return InProcessPhoneReader(phone).connect()


def _verifies(cert_der: bytes, challenge: bytes, signature: bytes) -> None:
    key = x509.load_der_x509_certificate(cert_der).public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    key.verify(signature, challenge, padding.PKCS1v15(), hashes.SHA256())


# --- telling a phone from a card ----------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "kind"), [(HANAKO, PhoneKind.ANDROID), (ICHIRO, PhoneKind.IPHONE)]
)
def test_connect_reads_the_kind_from_the_token(persona, kind, state, pki) -> None:  # type: ignore[no-untyped-def]
    assert _session(_phone(persona, state, pki)).kind is kind


def test_a_card_on_the_phone_reader_is_not_a_phone(state: Path, pki: MockPki) -> None:
    card = VirtualCard(HANAKO, state, pki=pki, photo_jp2=lambda: b"")
    session = PhoneJpkiSession(card)
    with pytest.raises(PhoneError) as caught:
        session.identify()
    assert caught.value.kind is PhoneErrorKind.NOT_A_PHONE


def test_an_old_juki_card_on_the_phone_reader_is_not_a_phone(state: Path, pki: MockPki) -> None:
    card = VirtualCard(get_persona("juki_card"), state, pki=pki, photo_jp2=lambda: b"")
    with pytest.raises(PhoneError) as caught:
        PhoneJpkiSession(card).identify()
    assert caught.value.kind is PhoneErrorKind.NOT_A_PHONE


def test_a_phone_on_the_card_reader_is_not_a_my_number_card(state: Path, pki: MockPki) -> None:
    session = MynaCardSession(_phone(ICHIRO, state, pki))
    with pytest.raises(CardError) as caught:
        session.read_identity()
    assert caught.value.kind is CardErrorKind.NOT_MYNACARD
    assert caught.value.detail.startswith("smartphone")


class _Answers:
    """A transport answering a fixed response to everything (what a foreign tag might do)."""

    def __init__(self, answer: bytes) -> None:
        self.answer = answer

    def transmit(self, apdu: bytes | bytearray) -> bytes:
        return self.answer


def test_something_without_the_jpki_application_is_not_a_phone() -> None:
    with pytest.raises(PhoneError) as caught:
        PhoneJpkiSession(_Answers(bytes.fromhex("6A82"))).identify()
    assert caught.value.kind is PhoneErrorKind.NOT_A_PHONE


@pytest.mark.parametrize("garbage", [b"", b"\x90", b"\x6f\x00", b"\x12\x34\x56"])
def test_garbage_is_unreadable(garbage: bytes) -> None:
    with pytest.raises(PhoneError) as caught:
        PhoneJpkiSession(_Answers(garbage)).identify()
    assert caught.value.kind is PhoneErrorKind.UNREADABLE


def test_the_phone_answers_the_contactless_atr(state: Path, pki: MockPki) -> None:
    assert _phone(HANAKO, state, pki).atr == PHONE_ATR == bytes.fromhex("3B80800101")


# --- the certificate ----------------------------------------------------------------------


def test_identity_is_the_phone_certificate_from_the_phone_ca(state: Path, pki: MockPki) -> None:
    identity = _session(_phone(HANAKO, state, pki)).read_identity()
    cert = x509.load_der_x509_certificate(identity.user_cert_der)
    phone_ca = x509.load_der_x509_certificate(identity.ca_cert_der)
    assert identity.ca_cert_der == pki.phone_ca_cert_der() != pki.ca_cert_der()
    cert.verify_directly_issued_by(phone_ca)
    assert identity.user_cert_der != pki.user_cert_der(HANAKO.id)  # not the card's
    assert pki.phone_persona_for_cert(identity.user_cert_der) == HANAKO.id
    assert pki.persona_for_cert(identity.user_cert_der) is None


def test_the_phone_has_no_card_face_application(state: Path, pki: MockPki) -> None:
    phone = _phone(HANAKO, state, pki)
    for aid in (myna.KENMEN_AID, myna.INPUT_AID):
        assert Response.parse(phone.transmit(select_df(aid).to_bytes())).sw == SW.FILE_NOT_FOUND


# --- Android: the phone certificate's own PIN ---------------------------------------------


def test_android_pin_then_signature(state: Path, pki: MockPki) -> None:
    session = _session(_phone(HANAKO, state, pki))
    assert session.pin_tries_left() == 3
    assert session.verify_pin(bytearray(b"4321")).status is PinStatus.OK
    signature = session.sign(b"nonce")
    _verifies(session.read_identity().user_cert_der, b"nonce", signature)


def test_tries_are_read_without_consuming_one(state: Path, pki: MockPki) -> None:
    session = _session(_phone(HANAKO, state, pki))
    assert [session.pin_tries_left() for _ in range(5)] == [3] * 5


def test_a_wrong_pin_costs_the_phones_counter_not_the_cards(state: Path, pki: MockPki) -> None:
    card = VirtualCard(HANAKO, state, pki=pki, photo_jp2=lambda: b"")
    session = _session(_phone(HANAKO, state, pki))
    result = session.verify_pin(bytearray(b"1234"))  # her card's PIN is not her phone's
    assert (result.status, result.tries_left) == (PinStatus.WRONG, 2)
    assert session.pin_tries_left() == 2
    assert InProcessReader(card).connect().pin_tries_left() == 3
    assert session.verify_pin(bytearray(b"4321")).status is PinStatus.OK
    assert PhoneCounters(HANAKO, state).load()["phone_pin"] == 3  # a success resets it


def test_the_last_try_locks_and_stays_locked(state: Path, pki: MockPki) -> None:
    session = _session(_phone(YUMI, state, pki))
    assert session.pin_tries_left() == 1
    assert session.verify_pin(bytearray(b"0000")).status is PinStatus.LOCKED_NOW
    assert session.pin_tries_left() == 0
    assert session.verify_pin(bytearray(b"7777")).status is PinStatus.ALREADY_LOCKED
    with pytest.raises(PhoneError):
        session.sign(b"nonce")
    reset_phone(YUMI, state)
    assert _session(_phone(YUMI, state, pki)).pin_tries_left() == 1


@pytest.mark.parametrize("pin", [b"123", b"12345", b"12a4", b"\xd9\xa1234", b" 123", b""])
def test_a_malformed_pin_never_reaches_the_phone(pin: bytes, state: Path, pki: MockPki) -> None:
    phone = _phone(HANAKO, state, pki)
    session = _session(phone)
    sent = session.apdu_count
    with pytest.raises(ValueError):
        session.verify_pin(bytearray(pin))
    assert session.apdu_count == sent
    assert session.pin_tries_left() == 3


def test_check_pin_takes_four_ascii_digits_only() -> None:
    check_pin(bytearray(b"0123"))
    with pytest.raises(ValueError):
        check_pin(bytearray("１２３４".encode()))


def test_a_signature_before_the_pin_is_refused_and_costs_nothing(state: Path, pki: MockPki) -> None:
    session = _session(_phone(HANAKO, state, pki))
    with pytest.raises(PhoneError) as caught:
        session.sign(b"nonce")
    assert caught.value.kind is PhoneErrorKind.UNREADABLE
    assert session.pin_tries_left() == 3


def test_the_verified_pin_does_not_outlive_the_session(state: Path, pki: MockPki) -> None:
    reader = InProcessPhoneReader(_phone(HANAKO, state, pki))
    first = reader.connect()
    assert first.verify_pin(bytearray(b"4321")).status is PinStatus.OK
    first.close()
    with pytest.raises(PhoneError):
        reader.connect().sign(b"nonce")


# --- iPhone: the holder approves on the phone ----------------------------------------------


def test_iphone_signs_when_the_holder_approves(state: Path, pki: MockPki) -> None:
    phone = _phone(ICHIRO, state, pki)
    session = _session(phone)
    signature = session.sign(b"nonce")
    _verifies(session.read_identity().user_cert_der, b"nonce", signature)
    assert phone.signatures_asked == 1


def test_iphone_decline_is_cancelled_on_phone(state: Path, pki: MockPki) -> None:
    with pytest.raises(PhoneError) as caught:
        _session(_phone(AIKO, state, pki)).sign(b"nonce")
    assert caught.value.kind is PhoneErrorKind.CANCELLED_ON_PHONE


def test_iphone_answers_only_once_the_holder_answers(state: Path, pki: MockPki) -> None:
    set_approval(ICHIRO, state, "wait")
    phone = _phone(ICHIRO, state, pki)
    session = _session(phone)
    result: list[bytes] = []
    signing = threading.Thread(target=lambda: result.append(session.sign(b"nonce")))
    signing.start()
    signing.join(timeout=0.5)
    assert signing.is_alive() and not result  # still waiting for the holder
    set_approval(ICHIRO, state, "approve")
    signing.join(timeout=30)
    assert len(result) == 1 and len(result[0]) == 256


def test_iphone_nobody_answering_counts_as_a_decline(state: Path, pki: MockPki) -> None:
    set_approval(ICHIRO, state, "wait")
    with pytest.raises(PhoneError) as caught:
        _session(_phone(ICHIRO, state, pki, approval_timeout_s=0.2)).sign(b"nonce")
    assert caught.value.kind is PhoneErrorKind.CANCELLED_ON_PHONE


def test_one_approval_is_one_signature(state: Path, pki: MockPki) -> None:
    phone = _phone(ICHIRO, state, pki)
    session = _session(phone)
    session.sign(b"one")
    set_approval(ICHIRO, state, "decline")
    with pytest.raises(PhoneError):
        session.sign(b"two")
    assert phone.signatures_asked == 2


def test_iphone_has_no_pin_on_the_kiosk(state: Path, pki: MockPki) -> None:
    session = _session(_phone(ICHIRO, state, pki))
    sent = session.apdu_count
    with pytest.raises(ValueError):
        session.pin_tries_left()
    with pytest.raises(ValueError):
        session.verify_pin(bytearray(b"1234"))
    assert session.apdu_count == sent
    phone = _phone(ICHIRO, state, pki)
    for command in (select_df(myna.JPKI_AID), select_ef(JpkiFile.AUTH_PIN)):
        last = Response.parse(phone.transmit(command.to_bytes()))
    assert last.sw == SW.FILE_NOT_FOUND


def test_set_approval_refuses_unknown_values(state: Path) -> None:
    with pytest.raises(ValueError):
        set_approval(ICHIRO, state, "maybe")


# --- removal ------------------------------------------------------------------------------


def test_a_phone_taken_away_is_removed(state: Path, pki: MockPki) -> None:
    reader = InProcessPhoneReader(_phone(HANAKO, state, pki))
    session = reader.connect()
    reader.remove()
    with pytest.raises(PhoneError) as caught:
        session.read_identity()
    assert caught.value.kind is PhoneErrorKind.REMOVED
    with pytest.raises(PhoneError) as caught:
        reader.connect()
    assert caught.value.kind is PhoneErrorKind.REMOVED


def test_raw_apdus_match_the_cards_jpki_commands(state: Path, pki: MockPki) -> None:
    """The phone answers the card's JPKI commands byte for byte (docs/card.md, Smartphone)."""
    phone = _phone(HANAKO, state, pki)

    def send(command: Command) -> Response:
        return Response.parse(phone.transmit(command.to_bytes()))

    assert send(select_df(myna.JPKI_AID)).sw == SW.OK
    assert send(select_ef(JpkiFile.TOKEN)).sw == SW.OK
    assert send(read_binary(0, 32)).data.rstrip(b" ") == myna.TOKEN_PHONE_ANDROID
    assert send(select_ef(JpkiFile.AUTH_PIN)).sw == SW.OK
    assert send(Command(0x00, Ins.VERIFY, 0x00, 0x80)).sw == 0x63C3
    assert send(Command(0x00, Ins.VERIFY, 0x00, 0x80, b"4321")).sw == SW.OK


def test_a_phone_taken_away_stops_waiting_for_its_holder(state: Path, pki: MockPki) -> None:
    set_approval(ICHIRO, state, "wait")
    phone = _phone(ICHIRO, state, pki)
    session = _session(phone)
    errors: list[PhoneError] = []

    def sign() -> None:
        try:
            session.sign(b"nonce")
        except PhoneError as exc:
            errors.append(exc)

    signing = threading.Thread(target=sign)
    signing.start()
    signing.join(timeout=0.5)
    assert signing.is_alive()
    phone.take_away()
    signing.join(timeout=30)  # well before the 60 s a phone waits for its holder
    assert not signing.is_alive()
    assert [e.kind for e in errors] == [PhoneErrorKind.CANCELLED_ON_PHONE]


def test_a_phone_certificate_never_outlives_the_card(state: Path, pki: MockPki) -> None:
    for persona in (HANAKO, ICHIRO, AIKO, YUMI):
        cert = x509.load_der_x509_certificate(pki.phone_credentials(persona.id)[1])
        assert cert.not_valid_after_utc.date() <= persona.card.card_expiry


def test_extended_length_reads_each_certificate_in_one_apdu(state: Path, pki: MockPki) -> None:
    short = PhoneJpkiSession(_phone(HANAKO, state, pki))
    extended = PhoneJpkiSession(_phone(HANAKO, state, pki), extended_length=True)
    short.identify(), extended.identify()
    before = (short.apdu_count, extended.apdu_count)
    assert short.read_identity() == extended.read_identity()
    # Each certificate (~1 kB): one SELECT and one READ BINARY, not a header read and the rest.
    assert extended.apdu_count - before[1] == 4  # SELECT + READ, twice
    assert short.apdu_count - before[0] > extended.apdu_count - before[1]


def test_the_phone_tokens_are_the_ones_real_phones_answer() -> None:
    """research/real-card-evidence.md §1.2: a phone that answered anything else was refused."""
    assert myna.TOKEN_PHONE_ANDROID == b"JPKIAPGPSETOKEN"
    assert myna.TOKEN_PHONE_IPHONE == b"JPKIAPIOSTOKEN"
