"""The card certificate's expiry at the service: 3 months from the end of its expiry month it
still confirms the qualification, but no medical or medication data consent; after that it is
refused. The mock's rule and the kiosk's (kiosk.flow.certificate) are written apart and must
agree on every day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.eligibility.client import EligibilityClient
from kiosk.flow.certificate import CertStatus, grace_end, status
from kiosk.flow.clock import JST
from kiosk.ports import ConsentKind, EligibilityError, EligibilityErrorKind
from kiosk.sim.pki import MockPki
from kiosk.sim.service.server import last_grace_day

from .helpers import pin_proof


def _at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), JST)


@given(
    st.dates(min_value=date(2016, 1, 1), max_value=date(2045, 12, 31)),
    st.integers(min_value=0, max_value=23),
)
def test_the_service_and_the_kiosk_end_the_grace_on_the_same_day(expiry: date, hour: int) -> None:
    expires = _at(expiry, hour)  # notAfter at any hour of the day
    assert grace_end(expiry) == last_grace_day(expiry)
    assert status(expires, _at(last_grace_day(expiry), 23)) is CertStatus.GRACE
    assert status(expires, _at(last_grace_day(expiry) + timedelta(days=1), 0)) is CertStatus.EXPIRED
    # The service's rule is "now > notAfter" (kiosk.sim.service.server): the same instant.
    assert status(expires, expires) is CertStatus.EXPIRING
    assert status(expires, expires + timedelta(seconds=1)) is CertStatus.GRACE


@pytest.mark.parametrize(
    ("expires", "last"),
    [
        (date(2026, 10, 15), date(2027, 1, 31)),  # the month's end 10-31, then 3 months
        (date(2026, 11, 30), date(2027, 2, 28)),
        (date(2026, 12, 1), date(2027, 3, 31)),  # across the year
        (date(2027, 11, 30), date(2028, 2, 29)),  # a leap February
    ],
)
def test_the_grace_is_three_months_from_the_end_of_the_expiry_month(
    expires: date, last: date
) -> None:
    assert last_grace_day(expires) == last


def test_the_renewal_notice_starts_three_months_before() -> None:
    expires = _at(date(2027, 5, 31))
    assert status(expires, _at(date(2027, 2, 27), 23)) is CertStatus.VALID
    assert status(expires, _at(date(2027, 2, 28), 0)) is CertStatus.EXPIRING  # no 31 February


@pytest.mark.integration
def test_a_certificate_in_its_grace_confirms_but_shares_no_data(
    client: EligibilityClient, pki: MockPki
) -> None:
    cert, proof = pin_proof(pki, "ogawa_minoru", client.new_nonce())
    q = client.confirm(cert, proof, key="ogawa:confirm")
    assert q.validity == "1" and q.name == "小川　実"
    with pytest.raises(EligibilityError) as refused:
        client.record_consents(cert, {ConsentKind.MEDICATION: True}, key="ogawa:meds")
    assert "consent_unavailable" in str(refused.value)
    assert client.record_consents(cert, {ConsentKind.LIMIT: True}, key="ogawa:limit")


@pytest.mark.integration
def test_past_the_grace_the_certificate_is_refused(client: EligibilityClient, pki: MockPki) -> None:
    cert, proof = pin_proof(pki, "matsumoto_go", client.new_nonce())
    with pytest.raises(EligibilityError) as refused:
        client.confirm(cert, proof, key="matsumoto:confirm")
    assert refused.value.kind is EligibilityErrorKind.CERT_EXPIRED
