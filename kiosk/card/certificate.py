"""The one fact the kiosk itself reads from the card's user-authentication certificate: the
instant it expires (kiosk.flow.certificate decides what that means for the reception); and the
rules that differ per card generation (the next card's certificates last 10 years, and are
renewed from a year before).
The certificate carries no name and no My Number; it is parsed, never stored or logged."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from kiosk.card import next_card

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


@dataclass(frozen=True)
class CertRules:
    """One card generation's rules for its user-auth certificate (docs/card.md, "Certificate
    expiry per generation")."""

    validity_years: int  # from issue to notAfter
    notice_months: int  # the renewal can be done (and is announced) this long before notAfter
    grace_months: int  # after the expiry month, the card still confirms the qualification


# The current card: 5 years, renewal from 3 months before, a 3-month grace (docs/eligibility.md).
# The next card: 10 years and renewal from 1 year before ([F], research/field-2026-12.md §1.2-1.3);
# [U] its grace: the current card's until a source says otherwise.
RULES = {
    "current": CertRules(validity_years=5, notice_months=3, grace_months=3),
    "next": CertRules(validity_years=next_card.CERT_VALIDITY_YEARS, notice_months=12,
                      grace_months=3),
}  # fmt: skip


def generation_of(cert_der: bytes) -> str | None:
    """Which card generation issued this user-auth certificate, by its key: RSA on the current
    card, ECDSA P-384 on the next one; None for bytes that are not such a certificate."""
    try:
        key = x509.load_der_x509_certificate(cert_der).public_key()
    except (ValueError, TypeError):
        return None
    if isinstance(key, rsa.RSAPublicKey):
        return "current"
    if isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp384r1":
        return "next"
    return None


def rules_for(generation: str) -> CertRules:
    """The rules of a generation ("current" or "next"); ValueError for another."""
    try:
        return RULES[generation]
    except KeyError:
        raise ValueError(f"no card generation {generation!r}") from None
