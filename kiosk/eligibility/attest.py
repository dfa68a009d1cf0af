"""What the kiosk signs with its own key (kiosk/enroll.py): the login challenge, and on the face
and staff visual paths the attestation that it verified the holder.

The card signs nothing on those paths, so the kiosk vouches with its per-kiosk key: a signature
over who (account, clinic, kiosk), how (method, and whether this is a deferred re-query), when
(verified_at), which certificate and which one-time nonce. The service checks it with the public
key it keeps for this kiosk; it never holds anything that could make such a signature.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Signer:
    """Which kiosk signs: the names every signed message carries."""

    account_id: str
    clinic_code: str
    kiosk_id: str


def login_message(who: Signer, challenge: bytes) -> bytes:
    return "|".join(
        ("kiosk-login", "v1", who.account_id, who.clinic_code, who.kiosk_id, challenge.hex())
    ).encode()


def attestation_message(
    who: Signer,
    *,
    method: str,
    deferred: bool,
    nonce: bytes,
    verified_at: str,
    cert_der: bytes,
) -> bytes:
    return "|".join(
        (
            "kiosk-attestation",
            "v1",
            who.account_id,
            who.clinic_code,
            who.kiosk_id,
            method,
            "deferred" if deferred else "live",
            nonce.hex(),
            verified_at,
            hashlib.sha256(cert_der).hexdigest(),
        )
    ).encode()
