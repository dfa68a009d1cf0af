"""Helpers for the eligibility tests: an enrolled kiosk and its client with short timeouts, the
card's PIN-path signature, and read-only looks at the service's state."""

from __future__ import annotations

import functools
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding

from kiosk.config import ClinicConfig, KioskConfig, ServiceConfig
from kiosk.eligibility.client import EligibilityClient
from kiosk.enroll import identity_of
from kiosk.ports import Proof, VerificationMethod
from kiosk.sim.pki import MockPki, NetworkCa
from kiosk.sim.service.kiosks import enroll_local
from kiosk.sim.service.process import ServerProcess

NONCE_TTL = 30.0


CLINIC = ClinicConfig()


def enrolled(server: ServerProcess, **kiosk: Any) -> KioskConfig:
    """A kiosk enrolled with ``server`` (once per server and kiosk settings)."""
    fields = {"id": "kiosk-01", "account_id": "F0000001"} | kiosk
    name = "-".join(str(v) for v in fields.values())
    directory = Path(server.data_dir).parent / f"{Path(server.data_dir).name}-kiosk-{name}"
    config = KioskConfig(**fields, credential_dir=str(directory))
    if not (directory / "kiosk.cert.pem").exists():
        server.enroll(config, CLINIC.code)
    return config


def make_client(
    server: ServerProcess | str, *, kiosk: KioskConfig | None = None, **service: Any
) -> EligibilityClient:
    """A client of ``server``, or of a plain-HTTP stand-in at that URL (then with a kiosk
    credential from a throw-away CA: the stand-in checks nothing)."""
    timeouts = {"connect_timeout": 2.0, "read_timeout": 5.0}
    if isinstance(server, str):
        settings, kiosk = {"url": server, **timeouts}, kiosk or throwaway_kiosk()
    else:
        settings, kiosk = server.service_settings(**timeouts), kiosk or enrolled(server)
    return EligibilityClient(
        ServiceConfig(**(settings | service)), kiosk, CLINIC, sleep=lambda _s: None
    )


@functools.cache
def throwaway_kiosk() -> KioskConfig:
    root = Path(tempfile.mkdtemp(prefix="kiosk-cred-"))
    kiosk = KioskConfig(credential_dir=str(root / "credential"))
    ca = NetworkCa(root / "ca")
    enroll_local(root / "service", ca, Path(kiosk.credential_dir), identity_of(kiosk, CLINIC.code))
    return kiosk


def pin_proof(pki: MockPki, persona_id: str, nonce: bytes) -> tuple[bytes, Proof]:
    """What the card does on the PIN path: sign SHA-256 DigestInfo(nonce) with the user key."""
    key, cert = pki.card_credentials(persona_id)  # either generation's
    if isinstance(key, ec.EllipticCurvePrivateKey):
        signature = key.sign(nonce, ec.ECDSA(hashes.SHA384()))  # the next card
    else:
        signature = key.sign(nonce, padding.PKCS1v15(), hashes.SHA256())
    return cert, Proof(VerificationMethod.PIN, nonce, signature)


def consent_events(proc: ServerProcess) -> int:
    db = sqlite3.connect(f"file:{proc.data_dir / 'state.sqlite3'}?mode=ro", uri=True)
    try:
        return int(db.execute("SELECT count(*) FROM consent_events").fetchone()[0])
    finally:
        db.close()


def registrations(proc: ServerProcess) -> int:
    db = sqlite3.connect(f"file:{proc.data_dir / 'state.sqlite3'}?mode=ro", uri=True)
    try:
        return int(db.execute("SELECT count(*) FROM registrations").fetchone()[0])
    finally:
        db.close()
