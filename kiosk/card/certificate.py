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
from kiosk.flow.certificate import RENEWAL

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


# The current card: 5 years; the next card: 10 (kiosk.card.next_card). The renewal notice and
# the grace are the flow's to decide (kiosk.flow.certificate.RENEWAL, which cites them).
RULES = {
    generation: CertRules(years, RENEWAL[generation].notice_months,
                          RENEWAL[generation].grace_months)
    for generation, years in (("current", 5), ("next", next_card.CERT_VALIDITY_YEARS))
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
