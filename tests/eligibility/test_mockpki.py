"""The mock user-auth PKI: persisted once, shared between processes, validity by persona."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from kiosk.sim.personas import get_persona
from kiosk.sim.pki import MockPki, PkiError


def _make_and_read(directory: str, queue: multiprocessing.Queue) -> None:
    pki = MockPki(Path(directory))
    queue.put((pki.ca_cert_der(), pki.user_cert_der("sato_hanako")))


def test_two_processes_starting_at_once_share_one_ca_and_key(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue = ctx.Queue()
    procs = [ctx.Process(target=_make_and_read, args=(str(tmp_path), queue)) for _ in range(2)]
    for proc in procs:
        proc.start()
    results = [queue.get(timeout=60) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    assert results[0] == results[1]
    assert MockPki(tmp_path).ca_cert_der() == results[0][0]


def test_certificate_chains_to_ca_and_carries_no_personal_data(tmp_path: Path) -> None:
    pki = MockPki(tmp_path)
    key, cert_der = pki.user_credentials("suzuki_ichiro")
    cert = x509.load_der_x509_certificate(cert_der)
    cert.verify_directly_issued_by(pki.ca_cert())
    persona = get_persona("suzuki_ichiro")
    text = cert.subject.rfc4514_string() + cert.issuer.rfc4514_string()
    assert persona.card.my_number not in cert_der.hex() and persona.card.my_number not in text
    assert "Suzuki" not in text and persona.name not in text
    signature = key.sign(b"nonce", padding.PKCS1v15(), hashes.SHA256())
    public = cert.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    public.verify(signature, b"nonce", padding.PKCS1v15(), hashes.SHA256())


def test_validity_follows_the_persona(tmp_path: Path) -> None:
    pki = MockPki(tmp_path)
    now = dt.datetime.now(dt.UTC)
    valid = x509.load_der_x509_certificate(pki.user_cert_der("sato_hanako"))
    expired = x509.load_der_x509_certificate(pki.user_cert_der("matsumoto_go"))
    revoked = x509.load_der_x509_certificate(pki.user_cert_der("inoue_saki"))
    assert valid.not_valid_before_utc < now < valid.not_valid_after_utc
    assert expired.not_valid_after_utc < now
    assert revoked.not_valid_before_utc < now < revoked.not_valid_after_utc
    assert pki.is_revoked(revoked)
    assert not pki.is_revoked(valid) and not pki.is_revoked(expired)


def test_a_kept_pki_issues_afresh_a_certificate_its_days_no_longer_describe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A demo machine keeps var/pki for months: the "grace" persona must still be in its grace
    and the "expiring" one still before its expiry, the "expired" one past the grace."""
    pki = MockPki(tmp_path)
    first = {p: pki.user_cert_der(p) for p in ("ogawa_minoru", "nishida_emi", "matsumoto_go")}
    assert MockPki(tmp_path).user_cert_der("ogawa_minoru") == first["ogawa_minoru"]  # kept
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=90)
    monkeypatch.setattr("kiosk.sim.pki._utcnow", lambda: later)
    kept = MockPki(tmp_path)
    for persona_id, low, high in (("ogawa_minoru", -60, 0), ("nishida_emi", 1, 80)):
        der = kept.user_cert_der(persona_id)
        assert der != first[persona_id]
        left = (x509.load_der_x509_certificate(der).not_valid_after_utc - later).days
        assert low <= left < high, persona_id
        assert kept.persona_for_cert(der) == persona_id  # the service knows the new one
    assert kept.user_cert_der("matsumoto_go") == first["matsumoto_go"]  # still past the grace


def test_another_instance_finds_certificates_issued_later(tmp_path: Path) -> None:
    server_side = MockPki(tmp_path)
    assert server_side.persona_for_cert(b"not a certificate") is None
    cert_der = MockPki(tmp_path).user_cert_der("inoue_saki")
    assert server_side.persona_for_cert(cert_der) == "inoue_saki"
    assert server_side.is_revoked(x509.load_der_x509_certificate(cert_der))


def test_unknown_persona_is_a_typed_error(tmp_path: Path) -> None:
    pki = MockPki(tmp_path)
    with pytest.raises(PkiError):
        pki.user_credentials("nobody_here")
    with pytest.raises(PkiError):
        pki.user_credentials("../escape")


def test_default_directory_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_PKI_DIR", str(tmp_path / "pki"))
    MockPki()
    assert (tmp_path / "pki" / "ca.cert.der").exists()
    assert oct((tmp_path / "pki" / "ca.key.pem").stat().st_mode & 0o777) == "0o600"
