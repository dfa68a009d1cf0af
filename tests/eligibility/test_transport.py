"""The service process over TLS, and start-up failures that must be reported, not hidden."""

from __future__ import annotations

import datetime as dt
import ipaddress
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from kiosk.ports import EligibilityError, EligibilityErrorKind
from kiosk.sim.pki import MockPki
from kiosk.sim.service.process import ServerProcess, ServerStartError

from .helpers import make_client, pin_proof

pytestmark = pytest.mark.integration


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "tls.crt", directory / "tls.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_client_over_tls_trusts_only_the_configured_ca(tmp_path: Path, pki: MockPki) -> None:
    tls = _self_signed(tmp_path)
    with ServerProcess(tmp_path / "data", pki_dir=pki.directory, tls=tls) as server:
        assert server.url.startswith("https://")
        with make_client(server) as client:
            cert, proof = pin_proof(pki, "sato_hanako", client.new_nonce())
            assert client.confirm(cert, proof, key="tls").validity == "1"
        other_ca = str(server.network.ca_path)  # a real CA, but not this server's
        with (
            make_client(server, retries=0, ca_file=other_ca) as untrusting,
            pytest.raises(EligibilityError) as e,
        ):
            untrusting.new_nonce()
        assert e.value.kind is EligibilityErrorKind.UNREACHABLE


def test_port_in_use_is_a_start_error(server: ServerProcess, tmp_path: Path, pki: MockPki) -> None:
    second = ServerProcess(tmp_path / "data", port=server.port, pki_dir=pki.directory)
    with pytest.raises(ServerStartError):
        second.start()
    assert second.pid is None  # nothing left running
