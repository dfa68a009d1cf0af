"""The kiosk's attestation that it verified the holder by face or by a staff visual check.

The card signs nothing on those paths, so the kiosk vouches with its own per-kiosk secret: an
HMAC over who (account), how (method), when (verified_at), which certificate and which one-time
nonce. The service, which knows each kiosk's secret, recomputes it.
"""

from __future__ import annotations

import hashlib
import hmac


def attestation_mac(
    secret: str, *, account_id: str, method: str, nonce: bytes, verified_at: str, cert_der: bytes
) -> str:
    message = "|".join(
        (account_id, method, nonce.hex(), verified_at, hashlib.sha256(cert_der).hexdigest())
    )
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def macs_match(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode(), given.encode())
