"""The smartphone's certificate and proof through the real service process: the phone (the
virtual phone, spoken to with kiosk.card.phone) signs the service's nonce; the service accepts
it with the phone methods only, refuses a card certificate presented as a phone's and the
reverse, and refuses an expired phone certificate with no grace."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from kiosk.eligibility.client import EligibilityClient
from kiosk.ports import (
    ConsentKind,
    EligibilityError,
    EligibilityErrorKind,
    Proof,
    VerificationMethod,
)
from kiosk.sim.personas import get_persona
from kiosk.sim.phone import InProcessPhoneReader, VirtualPhone
from kiosk.sim.pki import MockPki

from .helpers import pin_proof

pytestmark = pytest.mark.integration
PHONE_PIN, PHONE_BIO = VerificationMethod.PHONE_PIN, VerificationMethod.PHONE_BIOMETRIC
PIN_CODES = {"sato_hanako": b"4321", "yoshida_makoto": b"8642", "saito_jun": b"1357"}


def phone_proof(pki: MockPki, persona_id: str, nonce: bytes, tmp_path: Path) -> tuple[bytes, Proof]:
    """What the kiosk sends after the phone signed: its certificate and the proof."""
    phone = VirtualPhone(get_persona(persona_id), tmp_path / "phones", pki=pki)
    session = InProcessPhoneReader(phone).connect()
    try:
        cert = session.read_identity().user_cert_der
        method = PHONE_BIO
        if persona_id in PIN_CODES:
            session.verify_pin(bytearray(PIN_CODES[persona_id]))
            method = PHONE_PIN
        return cert, Proof(method, nonce, session.sign(nonce))
    finally:
        session.close()


def _error(call) -> EligibilityError:  # type: ignore[no-untyped-def]
    with pytest.raises(EligibilityError) as caught:
        call()
    return caught.value


@pytest.mark.parametrize(("persona", "method"), [("sato_hanako", PHONE_PIN),
                                                 ("suzuki_ichiro", PHONE_BIO)])  # fmt: skip
def test_a_phone_completes_a_confirmation(  # type: ignore[no-untyped-def]
    client: EligibilityClient, pki: MockPki, tmp_path: Path, persona, method
) -> None:
    cert, proof = phone_proof(pki, persona, client.new_nonce(), tmp_path)
    assert proof.method is method
    qualification = client.confirm(cert, proof, key=f"phone-ok:{persona}")
    assert qualification.validity == "1"
    assert qualification.name == get_persona(persona).name
    receipts = client.record_consents(
        cert, {ConsentKind.MEDICATION: True}, key=f"phone-consent:{persona}"
    )
    assert [r.agreed for r in receipts] == [True]
    final = client.final_result(cert, prescription="1", key=f"phone-final:{persona}")
    assert final.validity == "1"


def test_a_card_certificate_presented_as_a_phones_is_refused(
    client: EligibilityClient, pki: MockPki
) -> None:
    cert, card_proof = pin_proof(pki, "sato_hanako", client.new_nonce())
    proof = Proof(PHONE_PIN, card_proof.nonce, card_proof.signature)  # a valid card signature
    error = _error(lambda: client.confirm(cert, proof, key="card-as-phone"))
    assert error.kind is EligibilityErrorKind.PROOF_REJECTED
    assert error.detail.startswith("cert_kind_mismatch")


@pytest.mark.parametrize("method", [VerificationMethod.PIN, VerificationMethod.FACE])
def test_a_phone_certificate_presented_as_a_cards_is_refused(  # type: ignore[no-untyped-def]
    client: EligibilityClient, pki: MockPki, tmp_path: Path, method
) -> None:
    cert, phone = phone_proof(pki, "sato_hanako", client.new_nonce(), tmp_path)
    proof = Proof(
        method, phone.nonce, phone.signature if method is VerificationMethod.PIN else None
    )
    error = _error(lambda: client.confirm(cert, proof, key=f"phone-as-card:{method.value}"))
    assert error.kind is EligibilityErrorKind.PROOF_REJECTED
    assert error.detail.startswith("cert_kind_mismatch")


def test_a_phone_method_without_the_phones_signature_is_refused(
    client: EligibilityClient, pki: MockPki, tmp_path: Path
) -> None:
    cert, phone = phone_proof(pki, "suzuki_ichiro", client.new_nonce(), tmp_path)
    card_key, _ = pki.user_credentials("suzuki_ichiro")  # the same person's card key
    forged = card_key.sign(phone.nonce, padding.PKCS1v15(), hashes.SHA256())
    error = _error(lambda: client.confirm(cert, Proof(PHONE_BIO, phone.nonce, forged), key="f"))
    assert error.kind is EligibilityErrorKind.PROOF_REJECTED
    error = _error(lambda: client.confirm(cert, Proof(PHONE_BIO, client.new_nonce()), key="g"))
    assert error.kind is EligibilityErrorKind.PROOF_REJECTED  # no signature at all


@pytest.mark.parametrize("persona", ["yoshida_makoto", "hayashi_toshiko"])
def test_an_expired_phone_certificate_is_refused_with_no_grace(  # type: ignore[no-untyped-def]
    client: EligibilityClient, pki: MockPki, tmp_path: Path, persona
) -> None:
    cert, proof = phone_proof(pki, persona, client.new_nonce(), tmp_path)
    ended = x509.load_der_x509_certificate(cert).not_valid_after_utc
    # Well inside the 3 months a card's expired certificate would still be accepted for.
    assert dt.timedelta(0) < dt.datetime.now(dt.UTC) - ended < dt.timedelta(days=60)
    error = _error(lambda: client.confirm(cert, proof, key=f"expired-phone:{persona}"))
    assert error.kind is EligibilityErrorKind.CERT_EXPIRED
    assert "no grace" in error.detail


def test_the_card_still_works_when_the_phone_certificate_expired(
    client: EligibilityClient, pki: MockPki
) -> None:
    cert, proof = pin_proof(pki, "yoshida_makoto", client.new_nonce())
    assert client.confirm(cert, proof, key="expired-phone-card-ok").validity == "1"


def test_a_phone_not_registered_for_insurance(
    client: EligibilityClient, pki: MockPki, tmp_path: Path
) -> None:
    cert, proof = phone_proof(pki, "saito_jun", client.new_nonce(), tmp_path)
    error = _error(lambda: client.confirm(cert, proof, key="phone-unregistered"))
    assert error.kind is EligibilityErrorKind.NOT_REGISTERED


def test_a_pending_phone_reception_is_requeried_with_its_method(
    client: EligibilityClient, pki: MockPki, tmp_path: Path
) -> None:
    cert, _ = phone_proof(pki, "suzuki_ichiro", client.new_nonce(), tmp_path)
    verified_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2)
    answer = client.confirm_deferred(cert, PHONE_BIO, verified_at, key="phone-deferred")
    assert answer.validity == "1"
    error = _error(
        lambda: client.confirm_deferred(cert, VerificationMethod.PIN, verified_at, key="x")
    )
    assert error.detail.startswith("cert_kind_mismatch")
