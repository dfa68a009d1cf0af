"""The online eligibility query and what its answer means: eligible (on to the consents),
資格無効, not registered for insurance use (registration on the spot), a certificate expired or
revoked, an answer for someone else, or the service down (a pending reception, re-queried)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time
from typing import Any

from kiosk.flow import certificate
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.certificate import CertStatus
from kiosk.flow.clock import JST
from kiosk.flow.codes import Code
from kiosk.flow.consent import next_consent
from kiosk.flow.model import FlowSettings, Model, State
from kiosk.flow.steps import VALID_CODES, Step, abandon, alert, enter, finish
from kiosk.ports import AlertReason, EligibilityErrorKind, ReceptionOutcome, VerificationMethod


def query(
    m: Model, now: float, s: FlowSettings, method: VerificationMethod, reason: str, **kw: Any
) -> Step:
    effects = (fx.ConfirmEligibility(method),)
    return enter(m, State.QUERYING, now, s, effects, reason, method=method, error=None, **kw)


def on_confirmed(m: Model, e: ev.EligibilityConfirmed, now: float, s: FlowSettings) -> Step:
    ctx = replace(m.ctx, validity=e.validity, birth_date=e.birth_date, visit_date=e.visit_date)
    if ctx.cert_expires is not None:  # the renewal notice, or the grace: qualification only
        at = e.checked_at or datetime.combine(e.visit_date, time(0), JST)
        status = certificate.status(ctx.cert_expires, at, ctx.card_generation)
        # The grace is also the record's end code: the desk sees why no consent was asked.
        error = Code.CERT_GRACE if status is CertStatus.GRACE else ctx.error
        ctx = replace(ctx, cert_status=status, error=error)
    if e.name_check:  # the name has ● or replaced characters: staff record the correct one
        ctx = replace(ctx, name_check=True, needs_staff=True)
    m = replace(m, ctx=ctx)
    name = alert(AlertReason.NAME_CHECK) if e.name_check else ()
    if e.validity not in VALID_CODES:
        return finish(
            m,
            State.INELIGIBLE,
            now,
            s,
            ReceptionOutcome.INELIGIBLE,
            f"QualificationValidity {e.validity}",
            (*name, *alert(AlertReason.INELIGIBLE, f"validity_{e.validity}")),
            error=Code.validity(e.validity),
            needs_staff=True,
        )
    step = next_consent(m, now, s, f"eligible (QualificationValidity {e.validity})")
    return replace(step, effects=(*name, *step.effects))


def on_eligibility_failed(m: Model, e: ev.EligibilityFailed, now: float, s: FlowSettings) -> Step:
    k = e.kind
    # A phone cannot sign a second time (registration) once it has left the reader: the card
    # registers; the phone reception ends with that said.
    if k is EligibilityErrorKind.NOT_REGISTERED and not m.ctx.registered_now and not m.ctx.phone:
        return enter(m, State.REGISTRATION_OFFER, now, s, reason="not registered for insurance use")
    if k in (EligibilityErrorKind.CERT_EXPIRED, EligibilityErrorKind.CERT_REVOKED):
        return finish(
            m,
            State.CERT_ERROR,
            now,
            s,
            ReceptionOutcome.ABANDONED,
            f"certificate: {k.value}",
            alert(AlertReason.CERT_ERROR, k.value),
            error=k.value,
            needs_staff=True,
        )
    if k is EligibilityErrorKind.NO_QUALIFICATION:
        return finish(
            m,
            State.INELIGIBLE,
            now,
            s,
            ReceptionOutcome.INELIGIBLE,
            "no qualification data",
            alert(AlertReason.INELIGIBLE, "no_qualification"),
            error=Code.VALIDITY_4,
            needs_staff=True,
        )
    if k in (
        EligibilityErrorKind.UNREACHABLE,
        EligibilityErrorKind.TIMEOUT,
        EligibilityErrorKind.MALFORMED,
    ):
        return service_down(m, now, s, f"eligibility service: {k.value}")
    if k is EligibilityErrorKind.MISMATCH:
        # Another person's or another request's result: recorded as such, never as the
        # patient's data, and staff are called.
        return abandon(
            m,
            now,
            s,
            k.value,
            "eligibility answer does not match the card or the request",
            alert(AlertReason.IDENTITY_MISMATCH),
            needs_staff=True,
        )
    return abandon(
        m,
        now,
        s,
        k.value,
        f"eligibility refused: {k.value}",
        alert(AlertReason.OTHER, k.value),
        needs_staff=True,
    )


def service_down(m: Model, now: float, s: FlowSettings, reason: str) -> Step:
    return finish(
        m,
        State.SERVICE_DOWN,
        now,
        s,
        ReceptionOutcome.PENDING,
        reason,
        alert(AlertReason.SERVICE_DOWN),
        error=Code.SERVICE_DOWN,
        needs_staff=True,
    )


def on_registration_answer(
    m: Model, e: ev.RegistrationAnswered, now: float, s: FlowSettings
) -> Step:
    if not e.accept:
        return abandon(
            m, now, s, Code.REGISTRATION_DECLINED, "registration declined", needs_staff=True
        )
    assert m.ctx.method is not None  # QUERYING is only reached after a verification
    return enter(m, State.REGISTERING, now, s, (fx.Register(m.ctx.method),), "registering")


def on_registered(m: Model, e: ev.Registered, now: float, s: FlowSettings) -> Step:
    assert m.ctx.method is not None
    return query(m, now, s, m.ctx.method, "registered for insurance use", registered_now=True)
