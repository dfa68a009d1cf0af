"""The kiosk's own credential at the eligibility service: a private key made on the kiosk at
install, and the client certificate the network's CA issues for it.

The real 資格確認端末 reaches the online eligibility system only over the closed network (IP-VPN
or IPsec+IKE) and authenticates with an electronic certificate issued per terminal by the
network's common CA (オンライン請求ネットワーク関連システム共通認証局); see docs/security.md. The
kiosk does the same: ``kiosk enroll`` makes an EC P-256 key (never leaves the kiosk, file 0600)
and a certificate request naming the face-auth account, the clinic code and the kiosk id; the
operator's CA signs it; ``kiosk enroll --install`` checks and installs the certificate. The key
is used for mutual TLS and to sign the login challenge and the face/visual attestations, so the
service keeps only the public key: there is no shared secret anywhere and no default.

The kiosk refuses to start (``load_credential``) when the key or the certificate is missing,
the key is weak or readable by others, the certificate is not for this key, this account, clinic
and kiosk, or is outside its validity.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import ssl
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from kiosk.config import ConfigError, KioskConfig, load_config
from kiosk.private_files import write_private_file

KEY_NAME = "kiosk.key.pem"
REQUEST_NAME = "kiosk.csr.pem"
CERT_NAME = "kiosk.cert.pem"
MIN_RSA_BITS = 2048
MIN_EC_BITS = 256


class CredentialError(ValueError):
    """The kiosk has no usable credential; the message says what to do (never the key)."""


@dataclass(frozen=True)
class Identity:
    """Who a kiosk certificate names: the face-auth account, the clinic and the kiosk."""

    account_id: str
    clinic_code: str
    kiosk_id: str

    def name(self) -> x509.Name:
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, self.account_id),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, self.clinic_code),
                x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, self.kiosk_id),
            ]
        )

    @staticmethod
    def of(name: x509.Name) -> Identity:
        def one(oid: x509.ObjectIdentifier) -> str:
            values = name.get_attributes_for_oid(oid)
            return str(values[0].value) if len(values) == 1 else ""

        return Identity(
            one(NameOID.COMMON_NAME),
            one(NameOID.ORGANIZATION_NAME),
            one(NameOID.ORGANIZATIONAL_UNIT_NAME),
        )


def identity_of(kiosk: KioskConfig, clinic_code: str) -> Identity:
    return Identity(kiosk.account_id, clinic_code, kiosk.id)


@dataclass(frozen=True)
class KioskCredential:
    """The kiosk's key (in memory only while the kiosk runs) and its certificate."""

    identity: Identity
    key_path: Path
    cert_path: Path
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey = field(repr=False)
    cert_pem: bytes = field(repr=False)

    def sign(self, message: bytes) -> bytes:
        if isinstance(self.key, ec.EllipticCurvePrivateKey):
            return self.key.sign(message, ec.ECDSA(hashes.SHA256()))
        from cryptography.hazmat.primitives.asymmetric import padding

        return self.key.sign(message, padding.PKCS1v15(), hashes.SHA256())

    def tls_context(self, ca_file: str | None) -> ssl.SSLContext:
        """Verify the service against ``ca_file`` (system CAs if None) and present this
        kiosk's certificate."""
        return self.present(ssl.create_default_context(cafile=ca_file))

    def present(self, context: ssl.SSLContext) -> ssl.SSLContext:
        """``context`` (which says whom to trust) presenting this kiosk's certificate."""
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(str(self.cert_path), str(self.key_path))
        return context


def _paths(directory: Path) -> tuple[Path, Path, Path]:
    return directory / KEY_NAME, directory / REQUEST_NAME, directory / CERT_NAME


def create_request(directory: Path, identity: Identity) -> Path:
    """Make the kiosk's key and a certificate request for it; refuse to replace a key."""
    key_path, request_path, _ = _paths(directory)
    if key_path.exists():
        raise CredentialError(
            f"{key_path} exists: this kiosk is already enrolled (remove the directory's files"
            " to enroll it again, and have the operator revoke the old certificate)"
        )
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(directory, 0o700)
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    write_private_file(key_path, pem, 0o600)
    csr = x509.CertificateSigningRequestBuilder().subject_name(identity.name())
    request = csr.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)
    write_private_file(request_path, request, 0o644)
    return request_path


def install(directory: Path, identity: Identity, cert_pem: bytes) -> Path:
    """Check the issued certificate against the key and the configuration, then keep it."""
    key_path, _, cert_path = _paths(directory)
    key = _load_key(key_path)
    cert = _parse_cert(cert_pem)
    _check_cert(cert, key, identity, cert_path)
    write_private_file(cert_path, cert_pem, 0o644)
    return cert_path


def load_credential(directory: Path, identity: Identity) -> KioskCredential:
    """The kiosk's credential, or a CredentialError saying why the kiosk must not start."""
    key_path, request_path, cert_path = _paths(directory)
    if not key_path.exists():
        raise CredentialError(f"no kiosk credential in {directory}: run `kiosk enroll` at install")
    if not cert_path.exists():
        raise CredentialError(
            f"no certificate for this kiosk in {directory}: send {request_path.name} to the"
            " operator and install the answer with `kiosk enroll --install CERT`"
        )
    try:
        key = _load_key(key_path)
        cert_pem = cert_path.read_bytes()
    except OSError as exc:
        raise CredentialError(f"cannot read the kiosk credential: {exc.strerror or exc}") from exc
    _check_cert(_parse_cert(cert_pem), key, identity, cert_path)
    return KioskCredential(identity, key_path, cert_path, key, cert_pem)


def _load_key(path: Path) -> ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey:
    if not path.exists():
        raise CredentialError(f"no kiosk key at {path}: run `kiosk enroll` first")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise CredentialError(f"{path} is readable by others (mode {mode:o}): chmod 600 it")
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as exc:
        raise CredentialError(f"{path} is not an unencrypted PEM private key") from exc
    if isinstance(key, ec.EllipticCurvePrivateKey):
        if key.curve.key_size < MIN_EC_BITS:
            raise CredentialError(f"{path}: an EC key of {key.curve.key_size} bits is too weak")
        return key
    if isinstance(key, rsa.RSAPrivateKey):
        if key.key_size < MIN_RSA_BITS:
            raise CredentialError(f"{path}: an RSA key of {key.key_size} bits is too weak")
        return key
    raise CredentialError(f"{path}: only EC and RSA keys are supported")


def _parse_cert(pem: bytes) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(pem)
    except ValueError as exc:
        raise CredentialError("the kiosk certificate is not a PEM certificate") from exc


def _check_cert(
    cert: x509.Certificate,
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
    identity: Identity,
    where: Path,
) -> None:
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    ours = key.public_key().public_bytes(serialization.Encoding.DER, public)
    theirs = cert.public_key().public_bytes(serialization.Encoding.DER, public)
    if ours != theirs:
        raise CredentialError(f"{where} is not the certificate of this kiosk's key")
    named = Identity.of(cert.subject)
    if named != identity:
        raise CredentialError(
            f"{where} names account {named.account_id}, clinic {named.clinic_code}, kiosk"
            f" {named.kiosk_id}; the configuration says {identity.account_id},"
            f" {identity.clinic_code}, {identity.kiosk_id}"
        )
    now = dt.datetime.now(dt.UTC)
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        raise CredentialError(
            f"{where} is valid {cert.not_valid_before_utc:%Y-%m-%d} to"
            f" {cert.not_valid_after_utc:%Y-%m-%d}: ask the operator for a new one"
        )


def verify_signature(public_pem: bytes, message: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is this kiosk public key's over ``message`` (the service side)."""
    public = serialization.load_pem_public_key(public_pem)
    try:
        if isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(signature, message, ec.ECDSA(hashes.SHA256()))
        elif isinstance(public, rsa.RSAPublicKey):
            from cryptography.hazmat.primitives.asymmetric import padding

            public.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
        else:
            return False
    except InvalidSignature:
        return False
    return True


# --- `kiosk enroll` ------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="kiosk enroll",
        description="Create this kiosk's key and certificate request, or install the certificate.",
    )
    parser.add_argument("--config", type=Path, help="TOML configuration file")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--install", type=Path, metavar="CERT", help="install the issued cert")
    group.add_argument("--check", action="store_true", help="check the installed credential")
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
        directory = Path(config.kiosk.credential_dir)
        identity = identity_of(config.kiosk, config.clinic.code)
        if args.check:
            load_credential(directory, identity)
            print(f"kiosk credential in {directory} is valid for {identity.account_id}")
        elif args.install is not None:
            path = install(directory, identity, args.install.read_bytes())
            print(f"installed {path}")
        else:
            path = create_request(directory, identity)
            print(f"key made; send {path} to the eligibility service operator, then run")
            print("  kiosk enroll --install CERT")
    except ConfigError as exc:
        print(f"kiosk enroll: {exc}", file=sys.stderr)
        return 2
    except (CredentialError, OSError) as exc:  # the machine's state, not the operator's words
        print(f"kiosk enroll: {exc}", file=sys.stderr)
        return 1
    return 0
