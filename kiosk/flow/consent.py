"""The consents of the leaflet (past treatment and drug data; specific health-checkup data only at
40 or over; the clinic's optional items), the 2025 questions after them (電子処方箋 or 紙, the
医療費助成 受給者証), saving them at the service, and the high-cost limit information question."""

from __future__ import annotations

from dataclasses import replace

from kiosk.config import ConsentMode
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.certificate import CertStatus
from kiosk.flow.codes import Code
from kiosk.flow.model import (
    CHECKUP_MIN_AGE,
    CONSENT_STATES,
    PRESCRIPTION_ELECTRONIC,
    PRESCRIPTION_PAPER,
    Context,
    FlowSettings,
    Model,
    State,
)
from kiosk.flow.steps import Step, alert, enter, finish
from kiosk.ports import AlertReason, ConsentKind, ReceptionOutcome


def consent_plan(ctx: Context, s: FlowSettings) -> list[State]:
    """The consent screens this patient sees, in the leaflet's order: none while the card's
    certificate is in its grace (no 診療情報・薬剤情報 can be shared then)."""
    if ctx.cert_status is CertStatus.GRACE:
        return []
    if s.consent_mode is ConsentMode.COMBINED:
        return [State.CONSENT_COMBINED]
    plan = [State.CONSENT_MEDICATION]
    age = ctx.age()
    if age is not None and age >= CHECKUP_MIN_AGE:
        plan.append(State.CONSENT_CHECKUP)
    if s.ask_diagnosis:
        plan.append(State.CONSENT_DIAGNOSIS)
    if s.ask_operation:
        plan.append(State.CONSENT_OPERATION)
    return plan


def combined_kinds(ctx: Context) -> tuple[ConsentKind, ...]:
    age = ctx.age()
    kinds = [ConsentKind.MEDICATION, ConsentKind.DIAGNOSIS, ConsentKind.OPERATION]
    if age is not None and age >= CHECKUP_MIN_AGE:
        kinds.insert(1, ConsentKind.CHECKUP)
    return tuple(kinds)


def next_consent(m: Model, now: float, s: FlowSettings, reason: str) -> Step:
    answered = {k for k, _ in m.ctx.answers}
    for state in consent_plan(m.ctx, s):
        kind = CONSENT_STATES[state]
        if (kind is None and not answered) or (kind is not None and kind not in answered):
            return enter(m, state, now, s, reason=reason)
    # The 2025 items come after the consents, each only where the clinic turned it on.
    if s.ask_prescription and m.ctx.prescription is None:
        return enter(m, State.PRESCRIPTION_CHOICE, now, s, reason=reason)
    if s.ask_subsidy and m.ctx.subsidy is None:
        return enter(m, State.SUBSIDY_QUESTION, now, s, reason=reason)
    if not m.ctx.answers and m.ctx.prescription is None:  # nothing was asked: nothing to save
        why = f"{reason}; certificate expired (grace): no data consents"
        return enter(m, State.DONE, now, s, reason=why)
    save = fx.SaveConsents(m.ctx.answers, m.ctx.prescription)
    return enter(m, State.SAVING_CONSENTS, now, s, (save,), reason)


def on_prescription(m: Model, e: ev.PrescriptionChosen, now: float, s: FlowSettings) -> Step:
    code = PRESCRIPTION_ELECTRONIC if e.electronic else PRESCRIPTION_PAPER
    m = replace(m, ctx=replace(m.ctx, prescription=code))
    word = "electronic" if e.electronic else "paper"
    return next_consent(m, now, s, f"prescription: {word}")


def on_subsidy(m: Model, e: ev.SubsidyAnswered, now: float, s: FlowSettings) -> Step:
    m = replace(m, ctx=replace(m.ctx, subsidy=e.use))
    return next_consent(m, now, s, "subsidy certificates: " + ("use" if e.use else "not used"))


def on_consent(m: Model, e: ev.ConsentAnswered, now: float, s: FlowSettings) -> Step:
    kind = CONSENT_STATES[m.state]
    if kind is None:  # combined: one answer for all, limit info provided by default
        new = (*((k, e.agree) for k in combined_kinds(m.ctx)), (ConsentKind.LIMIT, True))
    else:
        new = ((kind, e.agree),)
    m = replace(m, ctx=replace(m.ctx, answers=m.ctx.answers + new))
    word = "agreed" if e.agree else "declined"
    return next_consent(m, now, s, f"{m.state.value}: {word}")


def back_allowed(m: Model) -> bool:
    """戻る on a consent screen leads somewhere: the first one has nothing before it."""
    return CONSENT_STATES.get(m.state) is not None and bool(m.ctx.answers)


def on_consent_back(m: Model, e: ev.Back, now: float, s: FlowSettings) -> Step:
    """戻る: undo the previous consent answer and ask it again (a mis-tap on 同意しない)."""
    if not back_allowed(m):
        return Step(m, handled=False, reason="nothing before the first consent")
    m = replace(m, ctx=replace(m.ctx, answers=m.ctx.answers[:-1], error=None))
    return next_consent(m, now, s, "back to the previous consent")


def limit_back_allowed(m: Model) -> bool:
    """戻る on the limit question leads somewhere: a question was asked before it."""
    ctx = m.ctx
    return bool(ctx.answers) or ctx.prescription is not None or ctx.subsidy is not None


def on_limit_back(m: Model, e: ev.Back, now: float, s: FlowSettings) -> Step:
    """戻る on the limit question: the question before it again, its answer undone (a mis-tap
    on the last consent, 電子処方箋 or 受給者証). The answers were already saved at the service;
    they are saved again, with the new one, once it is answered (the service keeps the last)."""
    if not limit_back_allowed(m):
        return Step(m, handled=False, reason="no question before the limit question")
    ctx = m.ctx
    if ctx.subsidy is not None:  # the questions' order: consents, 電子処方箋, 受給者証
        ctx = replace(ctx, subsidy=None)
    elif ctx.prescription is not None:
        ctx = replace(ctx, prescription=None)
    else:
        ctx = replace(ctx, answers=ctx.answers[:-1])
    m = replace(m, ctx=replace(ctx, error=None))
    return next_consent(m, now, s, "back from the limit question")


def on_call_staff_here(m: Model, e: ev.CallStaff, now: float, s: FlowSettings) -> Step:
    """係員を呼ぶ after the eligibility check: staff come to help; the screen stays."""
    effects = alert(AlertReason.CALL, m.state.value)
    return enter(
        m, m.state, now, s, effects, "staff called", needs_staff=True, error=Code.STAFF_CALLED
    )


def on_consents_saved(m: Model, e: ev.ConsentsSaved, now: float, s: FlowSettings) -> Step:
    why = "consents recorded" if e.ok else "consents NOT recorded by the service"
    # Combined: the one answer also provided the limit info; in the grace nothing was asked.
    if s.consent_mode is ConsentMode.COMBINED and m.ctx.answers:
        return finish(
            m,
            State.FINISHED,
            now,
            s,
            ReceptionOutcome.COMPLETE,
            why,
            consents_saved=e.ok,
            limit_provided=e.ok,
            needs_staff=m.ctx.needs_staff or not e.ok,
        )
    return enter(
        m,
        State.DONE,
        now,
        s,
        reason=why,
        consents_saved=e.ok,
        needs_staff=m.ctx.needs_staff or not e.ok,
    )


def on_limit_answer(m: Model, e: ev.LimitAnswered, now: float, s: FlowSettings) -> Step:
    if e.provide:
        save = fx.SaveLimit(m.ctx.prescription)
        return enter(m, State.SAVING_LIMIT, now, s, (save,), "limit info: provide")
    return finish(
        m,
        State.FINISHED,
        now,
        s,
        ReceptionOutcome.COMPLETE,
        "limit info: not provided",
        limit_provided=False,
    )


def on_limit_saved(m: Model, e: ev.LimitSaved, now: float, s: FlowSettings) -> Step:
    why = "limit info provided" if e.ok else "limit info NOT recorded by the service"
    return finish(
        m,
        State.FINISHED,
        now,
        s,
        ReceptionOutcome.COMPLETE,
        why,
        limit_provided=e.ok,
        needs_staff=m.ctx.needs_staff or not e.ok,
    )
