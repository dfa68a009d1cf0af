"""MynaCardSession against the in-process virtual card (short and extended reads)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from kiosk.card import myna
from kiosk.card.session import MynaCardSession, PinRejectedError
from kiosk.ports import CardError, CardErrorKind, PinStatus
from kiosk.sim.card import InProcessReader, VirtualCard, number_b_of
from kiosk.sim.personas import Persona, get_persona
from kiosk.sim.pki import MockPki


def test_identity_is_the_mock_pki_certificate_and_ca(
    reader: InProcessReader, pki: MockPki, hanako: Persona
) -> None:
    identity = reader.connect().read_identity()
    assert identity.user_cert_der == pki.user_cert_der(hanako.id)
    assert identity.ca_cert_der == pki.ca_cert_der()


def test_extended_reads_send_fewer_apdus(card: VirtualCard) -> None:
    short = InProcessReader(card).connect()
    extended = InProcessReader(card, extended_length=True).connect()
    short.read_identity()
    extended.read_identity()
    assert extended.apdu_count == 7  # SELECT AP, token, and SELECT + 1 READ per certificate
    assert short.apdu_count > extended.apdu_count


def test_pin_wrong_ok_then_locked_with_status_words(reader: InProcessReader) -> None:
    session = reader.connect()
    assert session.pin_tries_left() == 3
    assert session.verify_pin(bytearray(b"0000")).tries_left == 2
    assert session.pin_tries_left() == 2  # asking does not consume a try
    assert session.verify_pin(bytearray(b"1234")).status is PinStatus.OK
    assert session.pin_tries_left() == 3
    results = [session.verify_pin(bytearray(b"9999")) for _ in range(4)]
    assert [r.status for r in results] == [
        PinStatus.WRONG,
        PinStatus.WRONG,
        PinStatus.LOCKED_NOW,
        PinStatus.ALREADY_LOCKED,
    ]
    assert [r.tries_left for r in results] == [2, 1, 0, 0]
    assert session.verify_pin(bytearray(b"1234")).status is PinStatus.ALREADY_LOCKED
    assert session.pin_tries_left() == 0


def test_counters_persist_per_card_and_reset_to_the_fixture(
    hanako: Persona, tmp_path: Path, pki: MockPki
) -> None:
    first = VirtualCard(hanako, tmp_path, pki=pki)
    InProcessReader(first).connect().verify_pin(bytearray(b"0000"))
    again = InProcessReader(VirtualCard(hanako, tmp_path, pki=pki)).connect()
    assert again.pin_tries_left() == 2
    saved = (tmp_path / f"{hanako.id}.json").read_text()
    assert hanako.card.pin not in saved
    first.reset_counters()
    assert again.pin_tries_left() == 3


def test_signature_verifies_with_the_card_certificate(reader: InProcessReader) -> None:
    session = reader.connect()
    identity = session.read_identity()
    assert session.verify_pin(bytearray(b"1234")).status is PinStatus.OK
    challenge = b"nonce from the eligibility service"
    signature = session.sign(challenge)
    cert = x509.load_der_x509_certificate(identity.user_cert_der)
    public = cert.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    public.verify(signature, challenge, padding.PKCS1v15(), hashes.SHA256())
    ca = x509.load_der_x509_certificate(identity.ca_cert_der)
    cert.verify_directly_issued_by(ca)


def test_sign_without_pin_is_refused(reader: InProcessReader) -> None:
    with pytest.raises(CardError) as err:
        reader.connect().sign(b"challenge")
    assert err.value.kind is CardErrorKind.UNREADABLE


def test_closing_the_session_forgets_the_verified_pin(reader: InProcessReader) -> None:
    session = reader.connect()
    session.verify_pin(bytearray(b"1234"))
    session.close()
    with pytest.raises(CardError):
        reader.connect().sign(b"challenge")


def test_card_face_items_with_number_b(
    reader: InProcessReader, hanako: Persona, small_photo: bytes
) -> None:
    number_b = number_b_of(hanako)
    assert number_b == "030603" + "2029" + hanako.card.security_code
    face = reader.connect().read_card_face(number_b)
    assert face.photo_jp2 == small_photo
    assert (face.birth_date, face.sex, face.expiry) == (
        hanako.birth_date,
        hanako.sex,
        hanako.card.card_expiry,
    )
    assert "photo" not in repr(face)


def test_card_face_reads_the_signed_file_and_its_certificate(
    card: VirtualCard, hanako: Persona
) -> None:
    session = InProcessReader(card, extended_length=True).connect()
    session.read_card_face(number_b_of(hanako))
    # SELECT AP, SELECT B, VERIFY, SELECT 0002 + one extended READ, SELECT 0004 + one READ: the
    # whole signed file, since the signature covers the name and address images too.
    assert session.apdu_count == 7


def test_wrong_number_b_is_rejected_with_tries(reader: InProcessReader) -> None:
    with pytest.raises(PinRejectedError) as err:
        reader.connect().read_card_face("00000000000000")
    assert err.value.result.status is PinStatus.WRONG
    assert err.value.result.tries_left == myna.NUMBER_B_TRIES - 1


def test_basic_four_items_with_the_pin(reader: InProcessReader, hanako: Persona) -> None:
    info = reader.connect().read_basic_info(bytearray(b"1234"))
    assert (info.name, info.birth_date, info.sex) == (hanako.name, hanako.birth_date, hanako.sex)
    assert info.address
    assert hanako.name not in repr(info)
    with pytest.raises(PinRejectedError):
        reader.connect().read_basic_info(bytearray(b"4321"))


def test_old_juki_card_is_told_apart(tmp_path: Path, pki: MockPki) -> None:
    juki = get_persona("juki_card")
    reader = InProcessReader(VirtualCard(juki, tmp_path, pki=pki))
    with pytest.raises(CardError) as err:
        reader.connect().read_identity()
    assert err.value.kind is CardErrorKind.JUKI_CARD


class _Scripted:
    """A transport that answers every APDU with one fixed response."""

    def __init__(self, answer: bytes) -> None:
        self.answer = answer

    def transmit(self, apdu: bytes | bytearray) -> bytes:
        return self.answer


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (b"\x6a\x82", CardErrorKind.NOT_MYNACARD),  # no JPKI AP: some other card
        (b"\x6f\x00", CardErrorKind.UNREADABLE),
        (b"\x90", CardErrorKind.UNREADABLE),  # garbage, no status word
        (b"", CardErrorKind.UNREADABLE),
    ],
)
def test_bad_answers_map_to_card_error_kinds(answer: bytes, kind: CardErrorKind) -> None:
    with pytest.raises(CardError) as err:
        MynaCardSession(_Scripted(answer)).read_identity()
    assert err.value.kind is kind


def test_a_certificate_with_a_bad_length_is_unreadable() -> None:
    # Every command succeeds, the token is right, but the certificate EF holds junk.
    answers = iter([b"\x90\x00", b"\x90\x00", myna.TOKEN_MYNACARD.ljust(32) + b"\x90\x00",
                    b"\x90\x00", b"\x30\x85\x01\x90\x00"])  # fmt: skip

    class _Sequence:
        def transmit(self, apdu: bytes | bytearray) -> bytes:
            return next(answers)

    with pytest.raises(CardError) as err:
        MynaCardSession(_Sequence()).read_identity()
    assert err.value.kind is CardErrorKind.UNREADABLE


def test_removal_mid_read_gives_removed(card: VirtualCard) -> None:
    reader = InProcessReader(card)
    session = reader.connect()
    session.read_identity()
    reader.remove()
    with pytest.raises(CardError) as err:
        session.pin_tries_left()
    assert err.value.kind is CardErrorKind.REMOVED
    with pytest.raises(CardError) as err:
        reader.connect()
    assert err.value.kind is CardErrorKind.REMOVED
