"""The one fact the kiosk itself reads from the card's user-authentication certificate: the
day it expires, in Japan (kiosk.flow.certificate decides what that means for the reception).
The certificate carries no name and no My Number; it is parsed, never stored or logged."""

from __future__ import annotations

import logging
from datetime import date

from cryptography import x509

from kiosk.flow.clock import JST

log = logging.getLogger(__name__)


def expiry_date(cert_der: bytes) -> date | None:
    """notAfter as a Japanese calendar day; None (and the reception goes on without the
    renewal notice) when the card's bytes are not a certificate."""
    try:
        cert = x509.load_der_x509_certificate(cert_der)
        return cert.not_valid_after_utc.astimezone(JST).date()
    except (ValueError, TypeError):
        log.warning("the card's user-auth certificate has no readable expiry date")
        return None
