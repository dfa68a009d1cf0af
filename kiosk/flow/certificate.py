"""The dates around the card's user-authentication certificate (利用者証明用電子証明書), as the
public rules give them (docs/eligibility.md "Certificate expiry"):

- from 3 months before its expiry the reader tells the holder to renew it at the city office;
- once expired, the card still works as a health insurance card for 3 months from the end of
  the month the expiry falls in, for the qualification only: no 診療情報・薬剤情報 are shared,
  so the kiosk asks no data consent;
- after that the service refuses the certificate (CERT_ERROR, as before).

The kiosk reads notAfter off the certificate the card gives it; the flow decides with the
instant the eligibility answer came. The grace starts at notAfter itself, to the second, as the
service decides: by the day alone, on the expiry day after that time the kiosk would ask data
consents the service refuses (issue 25, F6). The notice and the grace's end are whole days in
Japan, as the public rules state them.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from kiosk.flow.clock import JST


@dataclass(frozen=True)
class Renewal:
    """One card generation's dates around its certificate's expiry."""

    notice_months: int  # the renewal notice starts this many months before the expiry
    grace_months: int  # ... and the card keeps working this many months after its month ends


# The current card: renewal from 3 months before, a 3-month grace (docs/eligibility.md). The next
# card (kiosk.card.next_card): renewal from 1 year before ([F], research/field-2026-12.md
# §1.2-1.3); [U] its grace: the current card's until a source says otherwise.
RENEWAL = {"current": Renewal(notice_months=3, grace_months=3),
           "next": Renewal(notice_months=12, grace_months=3)}  # fmt: skip
NOTICE_MONTHS = RENEWAL["current"].notice_months
GRACE_MONTHS = RENEWAL["current"].grace_months


class CertStatus(Enum):
    VALID = "valid"
    EXPIRING = "expiring"  # renew soon: everything still works
    GRACE = "grace"  # expired: qualification only, no data consents
    EXPIRED = "expired"  # past the grace: the service refuses it


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or that month's last day where it has fewer days."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def grace_end(expires: date, generation: str = "current") -> date:
    """The last day the expired certificate still confirms the qualification: 3 months from the
    end of its expiry month (expiry 2026-10-15 → month end 10-31 → 2027-01-31)."""
    later = _add_months(expires.replace(day=1), RENEWAL[generation].grace_months)
    return _month_end(later.year, later.month)


def notice_from(expires: date, generation: str = "current") -> date:
    """The first day the renewal notice is shown."""
    return _add_months(expires, -RENEWAL[generation].notice_months)


def day_of(instant: datetime) -> date:
    """The calendar day in Japan that ``instant`` falls on."""
    return instant.astimezone(JST).date()


def status(expires: datetime, at: datetime, generation: str = "current") -> CertStatus:
    """Where ``at`` falls for a certificate of the card ``generation`` ("current" or "next")."""
    expiry_day, today = day_of(expires), day_of(at)
    if today > grace_end(expiry_day, generation):
        return CertStatus.EXPIRED
    if at > expires:
        return CertStatus.GRACE
    if today >= notice_from(expiry_day, generation):
        return CertStatus.EXPIRING
    return CertStatus.VALID
