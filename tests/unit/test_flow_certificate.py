"""The card certificate's expiry in the flow: the renewal notice changes nothing else; in the
3-month grace after it the patient is asked no data consent (none can be shared) and goes on
to the limit information; past it the service refuses (CERT_ERROR, tested in test_flow)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from kiosk.config import ConsentMode
from kiosk.flow import events as ev
from kiosk.flow.certificate import CertStatus
from kiosk.flow.clock import JST
from kiosk.flow.model import FlowSettings, State
from kiosk.ports import ConsentKind, ReceptionOutcome
from tests.unit.test_flow import OVER_40, VISIT, Run, S, verified_by_pin


def _end_of(day: date) -> datetime:
    """A notAfter as J-LIS certificates have them: the last second of a day in Japan."""
    return datetime.combine(day, time(23, 59, 59), JST)


def confirmed(
    expires: date | None,
    settings: FlowSettings = S,
    at: time = time(10),
    generation: str = "current",
) -> Run:
    when = None if expires is None else _end_of(expires)
    read = ev.CardRead(True, cert_expires=when, generation=generation)
    run = verified_by_pin(Run(settings)(ev.CardInserted("r1"), read))
    checked = datetime.combine(VISIT, at, JST)
    return run(ev.EligibilityConfirmed("1", OVER_40, VISIT, checked_at=checked))


def test_a_certificate_in_its_grace_skips_every_data_consent() -> None:
    run = confirmed(VISIT - timedelta(days=20))
    assert run.m.ctx.cert_status is CertStatus.GRACE
    assert run.state is State.DONE and "SaveConsents" not in run.names()
    run(ev.LimitAnswered(True), ev.LimitSaved(True))
    assert run.state is State.FINISHED
    record = run.record()
    assert record.outcome is ReceptionOutcome.COMPLETE and record.ctx.answers == ()
    assert record.ctx.error == "cert_grace"  # the desk is told why no consent was asked


def test_in_the_grace_the_combined_mode_still_asks_for_the_limit_info() -> None:
    run = confirmed(VISIT - timedelta(days=20), replace(S, consent_mode=ConsentMode.COMBINED))
    assert run.state is State.DONE  # the one combined answer would have shared the data
    run(ev.LimitAnswered(False))
    assert run.state is State.FINISHED and run.m.ctx.limit_provided is False


def test_in_the_grace_the_prescription_choice_is_still_saved_alone() -> None:
    run = confirmed(VISIT - timedelta(days=20), replace(S, ask_prescription=True))
    assert run.state is State.PRESCRIPTION_CHOICE
    run(ev.PrescriptionChosen(True))
    assert run.state is State.SAVING_CONSENTS
    assert run.effects[-1].answers == ()  # type: ignore[attr-defined]
    run(ev.ConsentsSaved(True))
    assert run.state is State.DONE


def test_the_renewal_notice_asks_the_consents_as_usual() -> None:
    run = confirmed(VISIT + timedelta(days=40))
    assert run.m.ctx.cert_status is CertStatus.EXPIRING
    assert run.state is State.CONSENT_MEDICATION
    run(ev.ConsentAnswered(True))
    assert run.state is State.CONSENT_CHECKUP  # 40 or over


def test_combined_mode_with_the_notice_asks_once_and_finishes() -> None:
    run = confirmed(VISIT + timedelta(days=40), replace(S, consent_mode=ConsentMode.COMBINED))
    run(ev.ConsentAnswered(True), ev.ConsentsSaved(True))
    assert run.state is State.FINISHED
    assert dict(run.record().ctx.answers)[ConsentKind.LIMIT] is True


def test_a_card_whose_certificate_date_was_not_read_goes_on_as_valid() -> None:
    run = confirmed(None)
    assert run.m.ctx.cert_status is None and run.state is State.CONSENT_MEDICATION
    run = confirmed(VISIT + timedelta(days=400))
    assert run.m.ctx.cert_status is CertStatus.VALID and run.state is State.CONSENT_MEDICATION


def _expiring_at(hour: int) -> datetime:
    return datetime.combine(VISIT, time(hour), JST)


@pytest.mark.parametrize(
    ("checked", "status"),
    [
        (time(0, 0), CertStatus.EXPIRING),
        (time(11, 59, 59), CertStatus.EXPIRING),
        (time(12, 0, 1), CertStatus.GRACE),  # after notAfter, on the expiry day itself
        (time(23, 59), CertStatus.GRACE),
    ],
)
def test_on_the_expiry_day_the_grace_starts_at_the_certificates_instant(
    checked: time, status: CertStatus
) -> None:
    """F6: the kiosk and the service decide by the same instant, not by the day: after noon on
    a noon expiry the service refuses data consents, so the kiosk must not ask them."""
    read = ev.CardRead(True, cert_expires=_expiring_at(12))
    run = verified_by_pin(Run(S)(ev.CardInserted("r1"), read))
    at = datetime.combine(VISIT, checked, JST)
    run(ev.EligibilityConfirmed("1", OVER_40, VISIT, checked_at=at))
    assert run.m.ctx.cert_status is status
    asked = run.state is State.CONSENT_MEDICATION
    assert asked is (status is CertStatus.EXPIRING)


@pytest.mark.parametrize(
    ("generation", "days_left", "expected"),
    [
        ("current", 200, CertStatus.VALID),  # the current card: notice from 3 months before
        ("next", 200, CertStatus.EXPIRING),  # the next card: from 1 year before
        ("current", 60, CertStatus.EXPIRING),
        ("next", 400, CertStatus.VALID),
    ],
)
def test_the_renewal_notice_follows_the_card_generation(
    generation: str, days_left: int, expected: CertStatus
) -> None:
    run = confirmed(VISIT + timedelta(days=days_left), generation=generation)
    assert run.m.ctx.card_generation == generation
    assert run.m.ctx.cert_status is expected
