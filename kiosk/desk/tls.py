"""The desk's HTTPS certificate: the clinic's own (cert and key files given by configuration),
or a self-signed one made at the first start and kept beside the configuration, 0600.

A self-signed certificate still encrypts the LAN traffic; each desk browser trusts it once (the
fingerprint printed at start-up is what staff compare) — docs/desk.md says how."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.private_files import make_private_dir, write_private_file

CERT_NAME = "desk-cert.pem"
KEY_NAME = "desk-key.pem"
VALID_DAYS = 3 * 365


@dataclass(frozen=True)
class TlsFiles:
    cert: Path
    key: Path
    made_now: bool = False


def fingerprint(cert_file: Path) -> str:
    cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
    return cert.fingerprint(hashes.SHA256()).hex(":").upper()


def _names(hosts: list[str]) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = []
    for host in dict.fromkeys(hosts):
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return names


def make_self_signed(directory: Path, hosts: list[str]) -> TlsFiles:
    """A P-256 key and a certificate for ``hosts`` (names or addresses the desks use)."""
    make_private_dir(directory)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"kiosk desk {hosts[0]}")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(_names(hosts)), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    files = TlsFiles(directory / CERT_NAME, directory / KEY_NAME, made_now=True)
    write_private_file(files.key, key_pem)
    write_private_file(files.cert, cert.public_bytes(serialization.Encoding.PEM))
    return files


def default_hosts(bind: str) -> list[str]:
    hosts = [socket.gethostname(), "localhost", "127.0.0.1"]
    if bind not in ("0.0.0.0", "::", ""):
        hosts.insert(0, bind)
    return hosts


def tls_files(directory: Path, hosts: list[str], cert: Path | None, key: Path | None) -> TlsFiles:
    """The clinic's own pair when given, else the self-signed pair in ``directory`` (made the
    first time)."""
    if cert is not None or key is not None:
        if cert is None or key is None:
            raise ValueError("give both --cert and --key, or neither")
        return TlsFiles(cert, key)
    existing = TlsFiles(directory / CERT_NAME, directory / KEY_NAME)
    if existing.cert.is_file() and existing.key.is_file():
        return existing
    return make_self_signed(directory, hosts)
