"""Forged, replayed and expired proofs are rejected; attested face/visual/deferred checks pass."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding

from kiosk.config import ClinicConfig, KioskConfig
from kiosk.eligibility.client import EligibilityClient
from kiosk.enroll import identity_of
from kiosk.ports import EligibilityError, EligibilityErrorKind, Proof, VerificationMethod
from kiosk.sim.personas import get_persona
from kiosk.sim.pki import MockPki
from kiosk.sim.service.kiosks import enroll_local
from kiosk.sim.service.process import ServerProcess

from .helpers import NONCE_TTL, make_client, pin_proof

pytestmark = pytest.mark.integration
REJECTED = EligibilityErrorKind.PROOF_REJECTED
FACE = VerificationMethod.FACE


def _rejected(call: Callable[[], object]) -> EligibilityError:
    with pytest.raises(EligibilityError) as caught:
        call()
    assert caught.value.kind is REJECTED, caught.value
    return caught.value


def test_signature_by_another_key_is_rejected(client: EligibilityClient, pki: MockPki) -> None:
    nonce = client.new_nonce()
    cert = pki.user_cert_der("sato_hanako")
    other_key, _ = pki.user_credentials("tanaka_yumi")
    forged = other_key.sign(nonce, padding.PKCS1v15(), hashes.SHA256())
    proof = Proof(VerificationMethod.PIN, nonce, forged)
    _rejected(lambda: client.confirm(cert, proof, key="forged"))


def test_signature_over_another_nonce_is_rejected(client: EligibilityClient, pki: MockPki) -> None:
    cert, old = pin_proof(pki, "sato_hanako", client.new_nonce())
    fresh = client.new_nonce()
    proof = Proof(VerificationMethod.PIN, fresh, old.signature)
    _rejected(lambda: client.confirm(cert, proof, key="other-nonce"))


def test_replayed_nonce_is_rejected(client: EligibilityClient, pki: MockPki) -> None:
    cert, proof = pin_proof(pki, "sato_hanako", client.new_nonce())
    assert client.confirm(cert, proof, key="replay:1").validity == "1"
    # Same proof under a new key is a replay, not a retry.
    _rejected(lambda: client.confirm(cert, proof, key="replay:2"))
    _rejected(lambda: client.register(cert, proof, key="replay:3"))


def test_retry_with_same_key_returns_the_first_answer(
    client: EligibilityClient, pki: MockPki
) -> None:
    cert, proof = pin_proof(pki, "sato_hanako", client.new_nonce())
    first = client.confirm(cert, proof, key="retry:1")
    again = client.confirm(cert, proof, key="retry:1")
    assert again.document == first.document
    # The flow asking again later, with a fresh proof under the same key, gets a fresh answer.
    cert, proof = pin_proof(pki, "sato_hanako", client.new_nonce())
    assert client.confirm(cert, proof, key="retry:1").validity == "1"


def test_expired_nonce_is_rejected(
    client: EligibilityClient, pki: MockPki, server: ServerProcess
) -> None:
    cert, proof = pin_proof(pki, "sato_hanako", client.new_nonce())
    server.set_fault(clock_offset_s=NONCE_TTL + 1)
    error = _rejected(lambda: client.confirm(cert, proof, key="expired-nonce"))
    assert "expired" in error.detail


def test_certificate_from_a_foreign_ca_is_rejected(
    client: EligibilityClient, tmp_path_factory: pytest.TempPathFactory
) -> None:
    foreign = MockPki(tmp_path_factory.mktemp("foreign-pki"))
    cert, proof = pin_proof(foreign, "sato_hanako", client.new_nonce())
    _rejected(lambda: client.confirm(cert, proof, key="foreign-ca"))


def test_self_signed_copy_of_a_real_certificate_is_rejected(
    client: EligibilityClient, pki: MockPki
) -> None:
    real = x509.load_der_x509_certificate(pki.user_cert_der("sato_hanako"))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    # The forger copies every field but cannot make the CA's signature.
    fake = (
        x509.CertificateBuilder()
        .subject_name(real.subject)
        .issuer_name(real.issuer)
        .public_key(key.public_key())
        .serial_number(real.serial_number)
        .not_valid_before(real.not_valid_before_utc)
        .not_valid_after(real.not_valid_after_utc)
        .sign(key, hashes.SHA256())
    )
    nonce = client.new_nonce()
    proof = Proof(
        VerificationMethod.PIN, nonce, key.sign(nonce, padding.PKCS1v15(), hashes.SHA256())
    )
    _rejected(lambda: client.confirm(fake.public_bytes(Encoding.DER), proof, key="self-signed"))


@pytest.mark.parametrize("method", [VerificationMethod.FACE, VerificationMethod.VISUAL])
def test_face_and_visual_checks_pass_with_the_kiosk_attestation(
    client: EligibilityClient, pki: MockPki, method: VerificationMethod
) -> None:
    cert = pki.user_cert_der("watanabe_aiko")
    q = client.confirm(cert, Proof(method, client.new_nonce()), key=f"attest:{method.value}")
    assert q.name == get_persona("watanabe_aiko").name


def test_attestation_not_signed_by_the_kiosk_key_is_rejected(
    server: ServerProcess, pki: MockPki
) -> None:
    cert = pki.user_cert_der("watanabe_aiko")
    with make_client(server) as good:
        nonce = good.new_nonce()
        body = {
            "certificate": base64.b64encode(cert).decode(),
            "proof": {
                "method": "face",
                "nonce": nonce.hex(),
                "verified_at": dt.datetime.now(dt.UTC).isoformat(),
                "attestation": base64.b64encode(b"0" * 64).decode(),
            },
        }
        token = good._session_token()
        answer = good._http.post(
            "/v1/confirmations",
            json=body,
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "bad-mac"},
        )
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "proof_rejected"


def test_unknown_kiosk_account_is_refused(server: ServerProcess, tmp_path: Path) -> None:
    # A well-made key and a certificate of the network CA, but never enrolled with this service.
    impostor = KioskConfig(account_id="F0999999", credential_dir=str(tmp_path / "cred"))
    other = identity_of(impostor, ClinicConfig().code)
    enroll_local(tmp_path / "other-service", server.network, tmp_path / "cred", other)
    with make_client(server, kiosk=impostor) as client:
        _rejected(client.new_nonce)


def test_deferred_confirmation_minutes_later_and_too_late(
    client: EligibilityClient, pki: MockPki
) -> None:
    cert = pki.user_cert_der("suzuki_ichiro")
    minutes_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=3)
    q = client.confirm_deferred(cert, VerificationMethod.FACE, minutes_ago, key="deferred:1")
    assert q.validity == "1"
    q = client.confirm_deferred(cert, VerificationMethod.PIN, minutes_ago, key="deferred:3")
    assert q.validity == "1"
    # The attack: a check dated 6 days 23 hours ago; and one just past the limit.
    week_old = dt.datetime.now(dt.UTC) - dt.timedelta(days=6, hours=23)
    _rejected(lambda: client.confirm_deferred(cert, FACE, week_old, key="deferred:2"))
    late = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=11)
    _rejected(lambda: client.confirm_deferred(cert, FACE, late, key="deferred:4"))


def test_pin_path_without_signature_is_refused_before_sending(
    client: EligibilityClient, pki: MockPki
) -> None:
    proof = Proof(VerificationMethod.PIN, client.new_nonce())
    _rejected(lambda: client.confirm(pki.user_cert_der("sato_hanako"), proof, key="nosig"))


def test_nothing_but_certificate_and_proof_leaves_the_kiosk(
    client: EligibilityClient, pki: MockPki
) -> None:
    sent: list[bytes] = []
    client._http.event_hooks["request"].append(lambda request: sent.append(request.read()))
    persona = get_persona("suzuki_ichiro")
    cert, proof = pin_proof(pki, persona.id, client.new_nonce())
    client.confirm(cert, proof, key="privacy")
    client.confirm(cert, Proof(VerificationMethod.FACE, client.new_nonce()), key="privacy:face")
    bodies = [json.loads(body) for body in sent if body]
    logins = [body for body in bodies if "account_id" in body]
    login_fields = {"account_id", "clinic_code", "kiosk_id", "challenge", "signature"}
    assert all(set(body) <= login_fields for body in logins)
    bodies = [body for body in bodies if body not in logins]
    assert len(bodies) == 2
    proof_fields = {"method", "nonce", "signature", "verified_at", "deferred", "attestation"}
    for body in bodies:
        assert set(body) == {"certificate", "proof"}
        assert base64.b64decode(body["certificate"]) == cert
        assert set(body["proof"]) <= proof_fields
    payload = b"".join(sent)
    assert persona.card.my_number.encode() not in payload
    assert persona.name.encode() not in payload
