"""The mock user-authentication PKI (利用者証明用電子証明書) shared by the virtual card and the
mock eligibility service.

One mock CA issues one RSA-2048 user-auth certificate per persona. Like a real JPKI user-auth
certificate, it carries no name and no My Number: the service maps the certificate to a person.
Validity follows ``persona.card.certificate``: "valid", "expired" (notAfter 200 days ago: past
the 3-month grace), "grace" (30 days ago: inside it), "expiring" (in 40 days: the renewal
notice) or "revoked" (valid dates, listed on the CA's revocation list).

Everything persists in one directory (``KIOSK_PKI_DIR`` or ``var/pki``) so the card process and
the server process, started separately, agree on the same keys. Files are written atomically
under an exclusive lock file, so two processes starting at once create each item exactly once.
Persona keys are made lazily: a demo pays only for the people it uses.

A separate mock CA issues the smartphone user-auth certificates (スマホ用利用者証明用電子証明書,
issue 17): one per persona with a phone, its own key, serial space (the phone CA's), expiry and
revocation list, kept in ``phone/`` so :meth:`MockPki.persona_for_cert` never takes a phone's
certificate for a card's, nor :meth:`MockPki.phone_persona_for_cert` the reverse.

The 券面 applications' card-verifiable certificates (EF 0004, ``7F21``) come from two mock
issuer keys of their own, one per application ("券面" and "入力補助"), under 証明者鍵ID
``9000023`` / ``9000033``: production ids begin with 5 and the JPKI test cards' with 6, so a
mock id can never name a real issuer. Each issuer certifies one "municipality" key
(``9999921/000``) that signs that application's records, shared by every virtual card; the
issuer is also published as a self-signed certificate (:meth:`MockPki.issuer_anchor_path`), the
file a kiosk configured for the virtual card trusts (``card.surface_issuers``).

The next-generation card (次期個人番号カード, docs/card.md) has a mock CA of its own: ECDSA P-384,
signing with SHA-384, its own revocation list (``next-crl.der``). A persona whose card is of the
next generation gets an ECDSA P-384 user-auth certificate from it, valid 10 years
(:meth:`MockPki.card_credentials` gives either kind; :meth:`MockPki.user_credentials` only the
RSA one). Its certificates sit beside the RSA ones in ``personas/``, so
:meth:`MockPki.persona_for_cert` finds the holder of either.

A second, separate mock CA issues each persona's signature certificate (署名用電子証明書) for
the card's 署名用 side. Unlike the user-auth certificate it carries the holder's 基本4情報
(name, address, birth date, sex), as the real one does; the kiosk never reads it.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import ipaddress
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kiosk.card import surface_sig
from kiosk.private_files import write_private_file
from kiosk.sim.personas import Persona, load_personas

ENV_DIR = "KIOSK_PKI_DIR"
DEFAULT_DIR = Path("var/pki")
KEY_BITS = 2048
NEXT_CURVE = ec.SECP384R1()  # the next card's ECDSA P-384
UserKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
_CA_NAME = x509.Name(
    [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "JPKI MOCK"),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "JPKI for user authentication"),
        x509.NameAttribute(
            NameOID.ORGANIZATIONAL_UNIT_NAME,
            "Mock Certification Authority for User Authentication",
        ),
    ]
)
_SIGN_CA_NAME = x509.Name(
    [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "JPKI MOCK"),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "JPKI for digital signature"),
        x509.NameAttribute(
            NameOID.ORGANIZATIONAL_UNIT_NAME,
            "Mock Certification Authority for Digital Signature",
        ),
    ]
)
# [U] The next card's CA names: the current CA's, with the algorithm added.
_NEXT_CA_NAME = x509.Name(
    [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "JPKI MOCK"),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "JPKI for user authentication"),
        x509.NameAttribute(
            NameOID.ORGANIZATIONAL_UNIT_NAME,
            "Mock Certification Authority for User Authentication ECDSA P-384",
        ),
    ]
)
# [U] Whether the real smartphone certificates come from the card's user-auth CA or one of their
# own is not in our sources; the mock keeps them apart so the service can tell which is which.
_PHONE_CA_NAME = x509.Name(
    [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "JPKI MOCK"),
        x509.NameAttribute(
            NameOID.ORGANIZATIONAL_UNIT_NAME, "JPKI for smartphone user authentication"
        ),
        x509.NameAttribute(
            NameOID.ORGANIZATIONAL_UNIT_NAME,
            "Mock Certification Authority for Smartphone User Authentication",
        ),
    ]
)
# [U] Where the real signature certificate carries the 基本4情報 is not in our sources. The mock
# puts each in a subjectAltName otherName (UTF8String) under these object identifiers.
SIGN_NAME_OID = x509.ObjectIdentifier("1.2.392.200149.8.5.5.1")
SIGN_SEX_OID = x509.ObjectIdentifier("1.2.392.200149.8.5.5.3")
SIGN_BIRTH_DATE_OID = x509.ObjectIdentifier("1.2.392.200149.8.5.5.4")
SIGN_ADDRESS_OID = x509.ObjectIdentifier("1.2.392.200149.8.5.5.5")
# [U] The personas file has no address; the virtual card prints the same fictional one.
DEMO_ADDRESS = "東京都千代田区デモ町一丁目1番1号"
_CRL_OF = {
    "ca": "crl.der",
    "phone-ca": "phone-crl.der",
    "next-ca": "next-crl.der",
}  # CA file prefix -> its CRL file
_PERSONA_ID = re.compile(r"^[a-z0-9_]{1,64}$")


# The mock 券面 issuers, by application: (issuer key id, the certified key's id). [U] how real
# subject ids are chosen (a test card's is 1322121/000: its municipality 13221 and "21").
CV_ISSUERS = {
    "surface": (surface_sig.key_id("9000023"), surface_sig.key_id("9999921", "000")),
    "input": (surface_sig.key_id("9000033"), surface_sig.key_id("9999921", "000")),
}


class PkiError(ValueError):
    """An unknown persona, or PKI files that cannot be read."""


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _key_pem(key: UserKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _load_key(path: Path) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise PkiError(f"{path} is not an RSA key")
    return key


def _load_ec_key(path: Path) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise PkiError(f"{path} is not an EC key")
    return key


def _hash_for(key: UserKey) -> hashes.SHA256 | hashes.SHA384:
    """What a CA key signs with: SHA-256 (RSA, the current card) or SHA-384 (the next card)."""
    return hashes.SHA384() if isinstance(key, ec.EllipticCurvePrivateKey) else hashes.SHA256()


def is_next_card(persona_id: str) -> bool:
    """The persona's card is of the next generation (an unknown id: False)."""
    persona = load_personas().get(persona_id)
    return persona is not None and persona.card.is_next


def fingerprint(cert_der: bytes) -> str:
    return hashlib.sha256(cert_der).hexdigest()


# Days from issue to notAfter for the personas whose certificate is defined by its expiry, and
# the range of days left in which it still is what it was issued as: past the grace (which
# ends at most 123 days after), inside it, inside the 3-month notice before the expiry.
CERT_YEARS = 5  # the current card's user-auth certificate
CERT_YEARS_NEXT = 10  # the next card's (kiosk.card.next_card.CERT_VALIDITY_YEARS)
_ENDED_DAYS = {"expired": -200, "grace": -30, "expiring": 40}
_STILL = {"expired": (-100_000, -150), "grace": (-60, 0), "expiring": (1, 80)}


class MockPki:
    """The mock CA and the personas' user-auth credentials, persisted in ``directory``."""

    def __init__(self, directory: Path | None = None) -> None:
        if directory is None:
            directory = Path(os.environ.get(ENV_DIR) or DEFAULT_DIR)
        self.directory = Path(directory)
        self._people_dir = self.directory / "personas"
        self._crl_path = self.directory / "crl.der"
        self._people_dir.mkdir(parents=True, exist_ok=True)
        self._by_fingerprint: dict[str, str] = {}
        self._crl: x509.CertificateRevocationList | None = None
        self._crl_mtime: int = -1
        self._ensure_ca()
        self._ca_cert_der = (self.directory / "ca.cert.der").read_bytes()
        self._ca_cert = x509.load_der_x509_certificate(self._ca_cert_der)

    # --- files and locking -------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self.directory / ".lock", "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _ensure_ca(self, prefix: str = "ca", name: x509.Name = _CA_NAME) -> None:
        cert_path = self.directory / f"{prefix}.cert.der"
        if cert_path.exists():
            return
        with self._locked():
            if cert_path.exists():
                return
            key: UserKey
            if prefix == "next-ca":
                key = ec.generate_private_key(NEXT_CURVE)
            else:
                key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
            cert = _self_signed_ca(name, key, years=20)
            write_private_file(self.directory / f"{prefix}.key.pem", _key_pem(key))
            if prefix in _CRL_OF:
                self._write_crl(key, cert, [], _CRL_OF[prefix])
            # The certificate is written last: its presence means the CA is complete.
            write_private_file(cert_path, cert.public_bytes(serialization.Encoding.DER))

    def _write_crl(
        self,
        key: UserKey,
        ca: x509.Certificate,
        serials: list[int],
        name: str = "crl.der",
    ) -> None:
        now = _utcnow()
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(ca.subject)
            .last_update(now)
            .next_update(now + dt.timedelta(days=365))
        )
        for serial in serials:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(serial)
                .revocation_date(now - dt.timedelta(days=1))
                .build()
            )
        crl = builder.sign(key, _hash_for(key))
        write_private_file(self.directory / name, crl.public_bytes(serialization.Encoding.DER))

    # --- the CA --------------------------------------------------------------------------

    def ca_cert_der(self) -> bytes:
        return self._ca_cert_der

    def ca_cert(self) -> x509.Certificate:
        return self._ca_cert

    def crl(self) -> x509.CertificateRevocationList:
        """The current revocation list, re-read when another process has updated it."""
        mtime = os.stat(self._crl_path).st_mtime_ns
        if self._crl is None or mtime != self._crl_mtime:
            self._crl = x509.load_der_x509_crl(self._crl_path.read_bytes())
            self._crl_mtime = mtime
        return self._crl

    def is_revoked(self, cert: x509.Certificate) -> bool:
        """On the revocation list of the CA that issued it (the current or the next card's)."""
        if cert.issuer == _NEXT_CA_NAME:
            crl = x509.load_der_x509_crl(self._next_crl_bytes())
        else:
            crl = self.crl()
        return crl.get_revoked_certificate_by_serial_number(cert.serial_number) is not None

    # --- the next-generation card's CA (ECDSA P-384) -------------------------------------

    def next_ca_cert_der(self) -> bytes:
        """The next card's mock user-auth CA (ECDSA P-384), made on first use."""
        self._ensure_ca("next-ca", _NEXT_CA_NAME)
        return (self.directory / "next-ca.cert.der").read_bytes()

    def next_ca_cert(self) -> x509.Certificate:
        return x509.load_der_x509_certificate(self.next_ca_cert_der())

    def _next_crl_bytes(self) -> bytes:
        self.next_ca_cert_der()
        return (self.directory / "next-crl.der").read_bytes()

    def card_ca_cert_der(self, persona_id: str) -> bytes:
        """The user-auth CA certificate the persona's card carries (EF 000B)."""
        return self.next_ca_cert_der() if is_next_card(persona_id) else self.ca_cert_der()

    def card_credentials(self, persona_id: str) -> tuple[UserKey, bytes]:
        """The persona's card's user-auth key and certificate, of its card's generation."""
        if is_next_card(persona_id):
            return self.next_user_credentials(persona_id)
        return self.user_credentials(persona_id)

    def next_user_credentials(self, persona_id: str) -> tuple[ec.EllipticCurvePrivateKey, bytes]:
        """A next-generation card's user-auth key (ECDSA P-384) and certificate, made on first
        use; PkiError for a persona whose card is a current one."""
        if not is_next_card(persona_id):
            raise PkiError(f"persona {persona_id!r} has a current card: user_credentials")
        key_path, cert_path = self._paths(persona_id)
        if not self._current(persona_id, cert_path):
            self._issue(persona_id)
        cert_der = cert_path.read_bytes()
        self._by_fingerprint[fingerprint(cert_der)] = persona_id
        return _load_ec_key(key_path), cert_der

    # --- personas ------------------------------------------------------------------------

    def _paths(self, persona_id: str) -> tuple[Path, Path]:
        if not _PERSONA_ID.match(persona_id):
            raise PkiError(f"not a persona id: {persona_id!r}")
        return (
            self._people_dir / f"{persona_id}.key.pem",
            self._people_dir / f"{persona_id}.cert.der",
        )

    def user_credentials(self, persona_id: str) -> tuple[rsa.RSAPrivateKey, bytes]:
        """The persona's user-auth private key and certificate (DER), made on first use; a
        next-generation card's are :meth:`next_user_credentials` (PkiError here)."""
        if is_next_card(persona_id):
            raise PkiError(f"persona {persona_id!r} has a next-generation card")
        key_path, cert_path = self._paths(persona_id)
        if not self._current(persona_id, cert_path):
            self._issue(persona_id)
        cert_der = cert_path.read_bytes()
        self._by_fingerprint[fingerprint(cert_der)] = persona_id
        return _load_key(key_path), cert_der

    def user_cert_der(self, persona_id: str) -> bytes:
        return self.card_credentials(persona_id)[1]

    def _issue(self, persona_id: str) -> None:
        people = load_personas()
        if persona_id not in people:
            raise PkiError(f"no persona {persona_id!r}")
        persona = people[persona_id]
        key_path, cert_path = self._paths(persona_id)
        if persona.card.is_next:
            self._issue_next(persona, key_path, cert_path)
            return
        with self._locked():
            if self._current(persona_id, cert_path):
                return
            ca_key = _load_key(self.directory / "ca.key.pem")
            key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
            cert = self._user_cert(persona, key, ca_key)
            write_private_file(key_path, _key_pem(key))
            write_private_file(cert_path, cert.public_bytes(serialization.Encoding.DER))
            if persona.card.certificate == "revoked":
                revoked = [entry.serial_number for entry in self.crl()] + [cert.serial_number]
                self._write_crl(ca_key, self._ca_cert, revoked)

    def _issue_next(self, persona: Persona, key_path: Path, cert_path: Path) -> None:
        ca = self.next_ca_cert()
        with self._locked():
            if self._current(persona.id, cert_path):
                return
            ca_key = _load_ec_key(self.directory / "next-ca.key.pem")
            key = ec.generate_private_key(NEXT_CURVE)
            cert = self._user_cert(persona, key, ca_key, ca)
            write_private_file(key_path, _key_pem(key))
            write_private_file(cert_path, cert.public_bytes(serialization.Encoding.DER))
            if persona.card.certificate == "revoked":
                crl = x509.load_der_x509_crl(self._next_crl_bytes())
                revoked = [entry.serial_number for entry in crl] + [cert.serial_number]
                self._write_crl(ca_key, ca, revoked, "next-crl.der")

    @staticmethod
    def _current(persona_id: str, cert_path: Path) -> bool:
        """The persona's certificate exists and its dates still say what the persona is: a
        kept PKI folder outlives the days a "grace" or "expiring" certificate is one (they are
        issued relative to the day they are made), so such a one is issued afresh."""
        if not cert_path.exists():
            return False
        kind = load_personas()[persona_id].card.certificate
        if kind not in _ENDED_DAYS:
            return True
        cert = x509.load_der_x509_certificate(cert_path.read_bytes())
        left = (cert.not_valid_after_utc - _utcnow()).days
        low, high = _STILL[kind]
        return low <= left < high

    def _user_cert(
        self,
        persona: Persona,
        key: UserKey,
        ca_key: UserKey,
        ca: x509.Certificate | None = None,
    ) -> x509.Certificate:
        """Valid 5 years on the current card, 10 on the next one (its certificates' term)."""
        years = CERT_YEARS_NEXT if persona.card.is_next else CERT_YEARS
        now = _utcnow()
        serial = x509.random_serial_number()
        # Past the 3-month grace after the expiry month ("expired"), inside it ("grace"), or
        # inside the 3 months of the renewal notice before it ("expiring").
        ended = _ENDED_DAYS.get(persona.card.certificate)
        if ended is not None:
            not_after = now + dt.timedelta(days=ended)
            not_before = not_after - dt.timedelta(days=years * 365)
        else:
            expiry = dt.datetime.combine(persona.card.card_expiry, dt.time(23, 59, 59), dt.UTC)
            not_after = max(expiry, now)
            not_before = min(
                now - dt.timedelta(days=365), not_after - dt.timedelta(days=years * 365)
            )
            not_before = max(not_before, now - dt.timedelta(days=365))
        unit = "JPKI for user authentication"
        issuer = ca if ca is not None else self._ca_cert
        return _auth_cert(key, issuer, ca_key, serial, unit, not_before, not_after)

    def persona_for_cert(self, cert_der: bytes) -> str | None:
        """Which persona holds this exact certificate, or None if this PKI never issued it."""
        digest = fingerprint(cert_der)
        if digest not in self._by_fingerprint:
            self._index()
        return self._by_fingerprint.get(digest)

    def _index(self) -> None:
        # Another process (the virtual card) may have issued certificates since the last look.
        for path in self._people_dir.glob("*.cert.der"):
            persona_id = path.name.removesuffix(".cert.der")
            self._by_fingerprint[fingerprint(path.read_bytes())] = persona_id

    # --- the signature side (署名用) ---------------------------------------------------------

    def sign_ca_cert_der(self) -> bytes:
        """The mock signature CA's certificate, made on first use."""
        self._ensure_ca("sign-ca", _SIGN_CA_NAME)
        return (self.directory / "sign-ca.cert.der").read_bytes()

    def sign_credentials(self, persona_id: str) -> tuple[rsa.RSAPrivateKey, bytes]:
        """The persona's signature private key and certificate (DER), made on first use.

        Kept in their own folder so :meth:`persona_for_cert` never maps a signature certificate
        to a person: eligibility is keyed by the user-auth certificate only.
        """
        key_path, cert_path = self._paths(persona_id)
        key_path = self._sign_dir / key_path.name
        cert_path = self._sign_dir / cert_path.name
        if not cert_path.exists():
            self._issue_sign(persona_id, key_path, cert_path)
        return _load_key(key_path), cert_path.read_bytes()

    @property
    def _sign_dir(self) -> Path:
        path = self.directory / "signature"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def _issue_sign(self, persona_id: str, key_path: Path, cert_path: Path) -> None:
        people = load_personas()
        if persona_id not in people:
            raise PkiError(f"no persona {persona_id!r}")
        ca_der = self.sign_ca_cert_der()
        with self._locked():
            if cert_path.exists():
                return
            ca_key = _load_key(self.directory / "sign-ca.key.pem")
            ca = x509.load_der_x509_certificate(ca_der)
            key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
            cert = _sign_cert(people[persona_id], key, ca, ca_key)
            write_private_file(key_path, _key_pem(key))
            write_private_file(cert_path, cert.public_bytes(serialization.Encoding.DER))

    # --- the 券面 applications' card-verifiable certificates ----------------------------------

    def _cv_dir(self) -> Path:
        path = self.directory / "cv"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def _cv_paths(self, ap: str) -> tuple[Path, Path, Path, Path]:
        if ap not in CV_ISSUERS:
            raise PkiError(f"no mock issuer for {ap!r}")
        d = self._cv_dir()
        return (d / f"{ap}-issuer.key.pem", d / f"{ap}-issuer.cvc",
                d / f"{ap}-card.key.pem", d / f"{ap}-card.cvc")  # fmt: skip

    def _ensure_cv(self, ap: str) -> None:
        issuer_key_path, anchor_path, card_key_path, cert_path = self._cv_paths(ap)
        if cert_path.exists():
            return
        with self._locked():
            if cert_path.exists():
                return
            issuer_id, subject_id = CV_ISSUERS[ap]
            issuer = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
            card = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
            anchor = _cv_certificate(issuer, issuer_id, issuer_id, issuer.public_key())
            cert = _cv_certificate(issuer, issuer_id, subject_id, card.public_key())
            write_private_file(issuer_key_path, _key_pem(issuer))
            # The anchor is a public certificate: a kiosk running as its own user reads it.
            write_private_file(anchor_path, anchor, mode=0o644)
            write_private_file(card_key_path, _key_pem(card))
            # The card's certificate is written last: its presence means the set is complete.
            write_private_file(cert_path, cert)

    def issuer_anchor_path(self, ap: str = "surface") -> Path:
        """The mock issuer as a self-signed card-verifiable certificate: what a kiosk reading
        virtual cards trusts (``card.surface_issuers``), as it trusts 5000023 for real ones."""
        self._ensure_cv(ap)
        return self._cv_paths(ap)[1]

    def ap_credentials(self, ap: str = "surface") -> tuple[rsa.RSAPrivateKey, bytes]:
        """The application's certified key (it signs the 券面 records) and its card-verifiable
        certificate (EF 0004)."""
        self._ensure_cv(ap)
        _, _, key_path, cert_path = self._cv_paths(ap)
        return _load_key(key_path), cert_path.read_bytes()

    # --- the smartphone certificates (スマホ用電子証明書) ---------------------------------

    def phone_ca_cert_der(self) -> bytes:
        """The mock smartphone CA's certificate, made on first use."""
        self._ensure_ca("phone-ca", _PHONE_CA_NAME)
        return (self.directory / "phone-ca.cert.der").read_bytes()

    def phone_ca_cert(self) -> x509.Certificate:
        return x509.load_der_x509_certificate(self.phone_ca_cert_der())

    @property
    def _phone_dir(self) -> Path:
        path = self.directory / "phone"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def phone_credentials(self, persona_id: str) -> tuple[rsa.RSAPrivateKey, bytes]:
        """The persona's smartphone user-auth key and certificate (DER), made on first use;
        PkiError for a persona without a phone."""
        key_path, cert_path = self._paths(persona_id)
        key_path = self._phone_dir / key_path.name
        cert_path = self._phone_dir / cert_path.name
        if not cert_path.exists():
            self._issue_phone(persona_id, key_path, cert_path)
        return _load_key(key_path), cert_path.read_bytes()

    def _issue_phone(self, persona_id: str, key_path: Path, cert_path: Path) -> None:
        persona = load_personas().get(persona_id)
        if persona is None or persona.phone is None:
            raise PkiError(f"persona {persona_id!r} has no phone")
        ca_der = self.phone_ca_cert_der()
        with self._locked():
            if cert_path.exists():
                return
            ca_key = _load_key(self.directory / "phone-ca.key.pem")
            ca = x509.load_der_x509_certificate(ca_der)
            key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
            cert = _phone_cert(persona, key, ca, ca_key)
            write_private_file(key_path, _key_pem(key))
            write_private_file(cert_path, cert.public_bytes(serialization.Encoding.DER))
            if persona.phone.certificate == "revoked":
                crl = x509.load_der_x509_crl((self.directory / "phone-crl.der").read_bytes())
                revoked = [entry.serial_number for entry in crl] + [cert.serial_number]
                self._write_crl(ca_key, ca, revoked, "phone-crl.der")

    def phone_persona_for_cert(self, cert_der: bytes) -> str | None:
        """Which persona's phone holds this exact certificate, or None (a card's certificate,
        or one this PKI never issued)."""
        digest = fingerprint(cert_der)
        for path in self._phone_dir.glob("*.cert.der"):
            if fingerprint(path.read_bytes()) == digest:
                return path.name.removesuffix(".cert.der")
        return None

    def is_phone_revoked(self, cert: x509.Certificate) -> bool:
        self.phone_ca_cert_der()
        crl = x509.load_der_x509_crl((self.directory / "phone-crl.der").read_bytes())
        return crl.get_revoked_certificate_by_serial_number(cert.serial_number) is not None

    def issue_all(self) -> None:
        """Make every persona's credentials now (the server does this so any card is known)."""
        for persona_id in load_personas():
            self.card_credentials(persona_id)


def _cv_certificate(
    issuer: rsa.RSAPrivateKey, issuer_id: bytes, subject_id: bytes, public_key: rsa.RSAPublicKey
) -> bytes:
    """7F21 { 5F4E issuer id ‖ subject id ‖ 90/91 key ; 5F37 PKCS#1 v1.5 SHA-256 over 5F4E }."""
    body = surface_sig.cv_body(issuer_id, subject_id, public_key)
    signature = issuer.sign(body, padding.PKCS1v15(), hashes.SHA256())
    return surface_sig.encode_cv_certificate(body, signature)


def _der_utf8(text: str) -> bytes:
    """A DER UTF8String, the value of an otherName."""
    value = text.encode("utf-8")
    size = len(value)
    length = bytes([size]) if size < 0x80 else bytes([0x82]) + size.to_bytes(2, "big")
    return b"\x0c" + length + value


def _holder_names(persona: Persona) -> x509.SubjectAlternativeName:
    items = [
        (SIGN_NAME_OID, persona.name),
        (SIGN_SEX_OID, persona.sex),
        (SIGN_BIRTH_DATE_OID, persona.birth_date.strftime("%Y%m%d")),
        (SIGN_ADDRESS_OID, DEMO_ADDRESS),
    ]
    return x509.SubjectAlternativeName([x509.OtherName(oid, _der_utf8(v)) for oid, v in items])


def _phone_cert(
    persona: Persona,
    key: rsa.RSAPrivateKey,
    ca: x509.Certificate,
    ca_key: rsa.RSAPrivateKey,
) -> x509.Certificate:
    """A smartphone user-auth certificate: like the card's (no name, no My Number, an opaque
    serial as subject) but from the phone CA, valid to the phone's own expiry, never beyond the
    card's (the phone cannot be used once the card or its certificate expired: KB article
    3b11e4ee…, docs/card.md). An "expired" one ended yesterday at the latest: the card's 3-month
    grace does not apply to a phone."""
    assert persona.phone is not None
    now = _utcnow()
    serial = x509.random_serial_number()
    last_day = min(persona.phone.cert_expiry, persona.card.card_expiry)
    expiry = dt.datetime.combine(last_day, dt.time(23, 59, 59), dt.UTC)
    if "expired" in (persona.phone.certificate, persona.card.certificate) or (
        persona.card.certificate == "grace"  # the phone ends with the card's certificate
    ):
        not_after = min(expiry, now - dt.timedelta(days=1))
    else:
        not_after = max(expiry, now + dt.timedelta(days=1))
    not_before = min(now - dt.timedelta(days=365), not_after - dt.timedelta(days=365))
    unit = "JPKI for smartphone user authentication"
    return _auth_cert(key, ca, ca_key, serial, unit, not_before, not_after)


def _auth_cert(
    key: UserKey,
    ca: x509.Certificate,
    ca_key: UserKey,
    serial: int,
    unit: str,
    not_before: dt.datetime,
    not_after: dt.datetime,
) -> x509.Certificate:
    """A user-authentication certificate, the card's or the phone's: the subject is an opaque
    serial, as in JPKI (no name, no My Number)."""
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "JPKI MOCK"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{serial:040X}"[-32:]),
        ]
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_SIGNATURE_ONLY, critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(ca_key, _hash_for(ca_key))
    )


# The user-auth key only signs (the service's nonce), as the card's certificate says.
_SIGNATURE_ONLY = x509.KeyUsage(
    digital_signature=True,
    content_commitment=False,
    key_encipherment=False,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=False,
    crl_sign=False,
    encipher_only=False,
    decipher_only=False,
)


def _sign_cert(
    persona: Persona,
    key: rsa.RSAPrivateKey,
    ca: x509.Certificate,
    ca_key: rsa.RSAPrivateKey,
) -> x509.Certificate:
    """A signature certificate: non-repudiation, valid to the card's expiry, naming the holder."""
    now = _utcnow()
    serial = x509.random_serial_number()
    expiry = dt.datetime.combine(persona.card.card_expiry, dt.time(23, 59, 59), dt.UTC)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{serial:040X}"[-32:]),
        ]
    )
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(now - dt.timedelta(days=365))
        .not_valid_after(max(expiry, now + dt.timedelta(days=1)))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(_holder_names(persona), critical=False)
        .sign(ca_key, hashes.SHA256())
    )


# --- the closed network's CA (mock 共通認証局) -------------------------------------------------

_NETWORK_CA_NAME = x509.Name(
    [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ONLINE NETWORK MOCK"),
        x509.NameAttribute(NameOID.COMMON_NAME, "Mock Common Certification Authority"),
    ]
)
KIOSK_CERT_DAYS = 3 * 365 + 90  # the real terminal certificates last 3 years 3 months
SERVER_HOSTS = ("127.0.0.1", "localhost")


class NetworkCa:
    """The mock CA of the eligibility network: it issues the service's TLS certificate and one
    client certificate per kiosk (from the kiosk's own key, sent as a CSR by ``kiosk enroll``).

    Files under ``directory``: ``ca.pem`` (public, what kiosks trust), ``ca.key.pem``,
    ``server.pem`` + ``server.key.pem``. Created once, under the same lock discipline as the
    JPKI mock, so the server process and a test starting together agree.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.ca_path = self.directory / "ca.pem"
        self.server_cert_path = self.directory / "server.pem"
        self.server_key_path = self.directory / "server.key.pem"
        self._ensure()

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self.directory / ".lock", "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _ensure(self) -> None:
        if self.server_cert_path.exists():
            return
        with self._locked():
            if self.server_cert_path.exists():
                return
            key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
            ca = _self_signed_ca(_NETWORK_CA_NAME, key, years=10)
            write_private_file(self.directory / "ca.key.pem", _key_pem(key))
            write_private_file(self.ca_path, ca.public_bytes(serialization.Encoding.PEM))
            server_key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
            server = self._leaf(
                x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, SERVER_HOSTS[0])]),
                server_key.public_key(),
                ExtendedKeyUsageOID.SERVER_AUTH,
                days=365,
                ca=ca,
                ca_key=key,
            )
            write_private_file(self.server_key_path, _key_pem(server_key))
            # The server certificate is written last: its presence means the CA is complete.
            write_private_file(
                self.server_cert_path, server.public_bytes(serialization.Encoding.PEM)
            )

    def ca_cert(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.ca_path.read_bytes())

    def _leaf(
        self,
        subject: x509.Name,
        public_key: rsa.RSAPublicKey | ec.EllipticCurvePublicKey,
        usage: x509.ObjectIdentifier,
        *,
        days: int,
        ca: x509.Certificate,
        ca_key: rsa.RSAPrivateKey,
    ) -> x509.Certificate:
        now = _utcnow()
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(ca.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(cert_sign=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        )
        if usage == ExtendedKeyUsageOID.SERVER_AUTH:
            names: list[x509.GeneralName] = [x509.DNSName("localhost")]
            names.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
            builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
        return builder.sign(ca_key, hashes.SHA256())

    def client_files(self, name: str) -> tuple[Path, Path]:
        """A client certificate and key that pass the TLS handshake but are no kiosk account
        (the test harness's readiness probe and fault switches)."""
        if not _PERSONA_ID.match(name):
            raise PkiError(f"not a plain name: {name!r}")
        cert_path = self.directory / f"{name}.client.pem"
        key_path = self.directory / f"{name}.client.key.pem"
        with self._locked():
            if not cert_path.exists():
                key = ec.generate_private_key(ec.SECP256R1())
                subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
                cert = self._leaf(
                    subject, key.public_key(), ExtendedKeyUsageOID.CLIENT_AUTH, days=365,
                    ca=self.ca_cert(), ca_key=_load_key(self.directory / "ca.key.pem"),
                )  # fmt: skip
                pem = key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
                write_private_file(key_path, pem)
                write_private_file(cert_path, cert.public_bytes(serialization.Encoding.PEM))
        return cert_path, key_path

    def issue_kiosk(self, csr_pem: bytes, *, days: int = KIOSK_CERT_DAYS) -> bytes:
        """Sign a kiosk's certificate request (after the operator checked who asks); PEM."""
        try:
            csr = x509.load_pem_x509_csr(csr_pem)
        except ValueError as exc:
            raise PkiError("not a PEM certificate request") from exc
        if not csr.is_signature_valid:
            raise PkiError("the certificate request's signature does not verify")
        key = csr.public_key()
        if not isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
            raise PkiError("kiosk keys must be RSA or EC")
        with self._locked():
            ca_key = _load_key(self.directory / "ca.key.pem")
            cert = self._leaf(
                csr.subject, key, ExtendedKeyUsageOID.CLIENT_AUTH, days=days,
                ca=self.ca_cert(), ca_key=ca_key,
            )  # fmt: skip
        return cert.public_bytes(serialization.Encoding.PEM)


def _self_signed_ca(name: x509.Name, key: UserKey, *, years: int) -> x509.Certificate:
    """A root CA certificate for ``key``: signs certificates and revocation lists only."""
    now = _utcnow()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(cert_sign=True), critical=True)
        .sign(key, _hash_for(key))
    )


def _usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=False,
        key_encipherment=not cert_sign,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )
