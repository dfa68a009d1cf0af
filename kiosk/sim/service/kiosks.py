"""The kiosks the mock service knows: one ``kiosks.toml`` in its data directory.

Each entry binds a face-auth account (``F0…``) to one clinic code and one kiosk id, and keeps
the kiosk's *public* key: a verifier, nothing that could log in. Entries are written only by
enrolment (``kiosk eligibility-server enroll``: the operator signs the kiosk's certificate
request with the network CA and records it here). There is no default kiosk: a fresh service
lets nobody in. A file still holding a shared ``secret`` is refused.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import re
import tempfile
import tomllib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from kiosk.enroll import Identity, create_request, install
from kiosk.sim.pki import NetworkCa, PkiError

FILE_NAME = "kiosks.toml"
# Revoked kiosk keys, one SHA-256 of the public key (SubjectPublicKeyInfo DER) per line with the
# account and when: a stolen or retired kiosk's key never logs in again, even re-enrolled.
REVOKED_FILE = "revoked-kiosks.txt"
_ACCOUNT = re.compile(r"^F0[0-9A-Za-z]{1,30}$")
_CLINIC = re.compile(r"^\d{10}$")
_KIOSK = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class KioskFileError(ValueError):
    """kiosks.toml is malformed, or a kiosk cannot be enrolled."""


@dataclass(frozen=True)
class KioskAccount:
    account_id: str
    clinic_code: str
    kiosk_id: str
    public_key_pem: bytes = field(repr=False)


def load_kiosks(data_dir: Path) -> dict[str, KioskAccount]:
    """account_id -> its binding and public key; empty when nobody was enrolled yet."""
    path = data_dir / FILE_NAME
    if not path.exists():
        return {}
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("kiosk", [])
        if any("secret" in entry for entry in entries):
            raise KioskFileError(
                f"{path} holds a shared secret: re-enrol each kiosk (docs/security.md)"
            )
        kiosks = [
            KioskAccount(
                str(e["account_id"]),
                str(e["clinic_code"]),
                str(e["kiosk_id"]),
                str(e["public_key"]).encode(),
            )
            for e in entries
        ]
    except (tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise KioskFileError(f"{path} is malformed: {exc}") from exc
    for kiosk in kiosks:
        _check_identity(Identity(kiosk.account_id, kiosk.clinic_code, kiosk.kiosk_id), path)
    revoked = revoked_keys(data_dir)
    return {k.account_id: k for k in kiosks if key_digest(k.public_key_pem) not in revoked}


def key_digest(public_key_pem: bytes) -> str:
    key = serialization.load_pem_public_key(public_key_pem)
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()


def revoked_keys(data_dir: Path) -> set[str]:
    path = data_dir / REVOKED_FILE
    if not path.exists():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.split()[0] for line in lines if line.strip() and not line.startswith("#")}


def revoke(data_dir: Path, account_id: str) -> str:
    """The operator revokes a kiosk: its key goes on the revocation list (read at every login
    and on every request: its sessions end at once) and its enrolment is removed. Returns the
    key's digest; raises KioskFileError for an unknown account."""
    with _locked(data_dir):
        kiosks = load_kiosks(data_dir)
        account = kiosks.pop(account_id, None)
        if account is None:
            raise KioskFileError(f"no enrolled kiosk {account_id!r}")
        digest = key_digest(account.public_key_pem)
        stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with open(data_dir / REVOKED_FILE, "a", encoding="utf-8") as out:
            out.write(f"{digest} {account_id} {stamp}\n")
            out.flush()
            os.fsync(out.fileno())
        _rewrite(data_dir / FILE_NAME, kiosks.values(), f"revoked {account_id}")
    return digest


def _check_identity(identity: Identity, where: object) -> None:
    if not _ACCOUNT.match(identity.account_id):
        raise KioskFileError(f"{where}: account id {identity.account_id!r} must look like F0…")
    if not _CLINIC.match(identity.clinic_code):
        raise KioskFileError(f"{where}: clinic code {identity.clinic_code!r} is not 10 digits")
    if not _KIOSK.match(identity.kiosk_id):
        raise KioskFileError(f"{where}: kiosk id {identity.kiosk_id!r} is not a plain name")


def enroll(data_dir: Path, ca: NetworkCa, csr_pem: bytes) -> bytes:
    """The operator's side of ``kiosk enroll``: issue the kiosk's certificate from its request
    and record its binding and public key (replacing an earlier enrolment of that account)."""
    try:
        csr = x509.load_pem_x509_csr(csr_pem)
    except ValueError as exc:
        raise KioskFileError("not a PEM certificate request") from exc
    identity = Identity.of(csr.subject)
    _check_identity(identity, "the certificate request")
    try:
        cert_pem = ca.issue_kiosk(csr_pem)
    except PkiError as exc:
        raise KioskFileError(str(exc)) from exc
    public = csr.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    if key_digest(public) in revoked_keys(data_dir):
        raise KioskFileError("this key was revoked: the kiosk needs a new key (kiosk enroll)")
    data_dir.mkdir(parents=True, exist_ok=True)
    with _locked(data_dir):
        kept = {k: v for k, v in load_kiosks(data_dir).items() if k != identity.account_id}
        kept[identity.account_id] = KioskAccount(
            identity.account_id, identity.clinic_code, identity.kiosk_id, public
        )
        _write(data_dir / FILE_NAME, kept.values(), cert_pem)
    return cert_pem


def _write(path: Path, kiosks: Iterable[KioskAccount], latest_cert: bytes) -> None:
    _rewrite(path, kiosks, f"last enrolment, certificate sha256 {_digest(latest_cert)}")


def _rewrite(path: Path, kiosks: Iterable[KioskAccount], note: str) -> None:
    lines = ["# Kiosks enrolled with this mock eligibility service: public keys only.\n"]
    for kiosk in kiosks:
        lines += [
            "\n[[kiosk]]\n",
            f'account_id = "{kiosk.account_id}"\n',
            f'clinic_code = "{kiosk.clinic_code}"\n',
            f'kiosk_id = "{kiosk.kiosk_id}"\n',
            f'public_key = """\n{kiosk.public_key_pem.decode().strip()}\n"""\n',
        ]
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    lines.append(f"\n# {stamp}: {note}\n")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kiosks.")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.writelines(lines)
    os.replace(tmp, path)


def _digest(cert_pem: bytes) -> str:
    der = x509.load_pem_x509_certificate(cert_pem).public_bytes(serialization.Encoding.DER)
    return hashlib.sha256(der).hexdigest()


@contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    with open(data_dir / ".kiosks.lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def enroll_local(data_dir: Path, ca: NetworkCa, credential_dir: Path, identity: Identity) -> None:
    """Tests and the demo: make a kiosk's key, have the mock operator issue its certificate
    and install it, as ``kiosk enroll`` + the operator + ``kiosk enroll --install`` would."""
    request = create_request(credential_dir, identity)
    install(credential_dir, identity, enroll(data_dir, ca, request.read_bytes()))
