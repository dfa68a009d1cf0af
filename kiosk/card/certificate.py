"""The one fact the kiosk itself reads from the card's user-authentication certificate: the
instant it expires (kiosk.flow.certificate decides what that means for the reception).
The certificate carries no name and no My Number; it is parsed, never stored or logged."""

from __future__ import annotations

import logging
from datetime import datetime

from cryptography import x509

log = logging.getLogger(__name__)


def expiry(cert_der: bytes) -> datetime | None:
    """notAfter, to the second (the service decides by the instant, so the kiosk does too: by
    the day alone, on the expiry day after that time the kiosk would ask consents the service
    refuses); None (and the reception goes on without the renewal notice) when the card's
    bytes are not a certificate."""
    try:
        cert = x509.load_der_x509_certificate(cert_der)
        return cert.not_valid_after_utc
    except (ValueError, TypeError):
        log.warning("the card's user-auth certificate has no readable expiry date")
        return None
