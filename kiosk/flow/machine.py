"""The reception flow: ``step(model, event, now, settings) -> Step``.

Read TRANSITIONS at the bottom to see every state, the events it answers and where each leads.
Three things apply in every state and are handled before the table: time (Tick against the
state's deadline), the card leaving the reader, and a card error mid-reception. An event a state
does not list is ignored (the Step says so), which keeps late answers from workers harmless.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from kiosk.config import ConsentMode
from kiosk.flow import certificate
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.certificate import CertStatus
from kiosk.flow.model import (
    AFTER_STATES,
    BUSY_STATES,
    CHECKUP_MIN_AGE,
    CONSENT_STATES,
    END_STATES,
    PATIENT_STATES,
    PRESCRIPTION_ELECTRONIC,
    PRESCRIPTION_PAPER,
    STAFF_WAIT_STATES,
    Context,
    FlowSettings,
    Model,
    State,
)
from kiosk.ports import (
    AlertReason,
    CardErrorKind,
    ConsentKind,
    EligibilityErrorKind,
    FaceOutcome,
    PinStatus,
    ReceptionOutcome,
    VerificationMethod,
)

VALID_CODES = frozenset({"1", "6"})  # 有効, 有効（未登録）(medical aid)


@dataclass(frozen=True)
class Step:
    model: Model
    effects: tuple[fx.Effect, ...] = ()
    reason: str = ""
    handled: bool = True
    # An event to step with at once, after this step's effects (a card placed during a phone
    # choice: the phone reception is recorded, then the card's starts).
    follow: ev.Event | None = None


Handler = Callable[[Model, Any, float, FlowSettings], Step]


# --- entering states ---------------------------------------------------------------------


def _deadline(state: State, now: float, s: FlowSettings) -> float | None:
    if state in STAFF_WAIT_STATES:  # a patient told to wait for staff is never timed out
        return None
    if state in PATIENT_STATES or state is State.DONE:
        return now + s.inactivity_s
    if state is State.CARD_RETURN:
        return now + s.card_return_s
    if state is State.FACE_VERIFYING:
        return now + s.face_budget_s + s.watchdog_s
    if state in BUSY_STATES:
        return now + s.watchdog_s
    if state in END_STATES:
        return now + s.card_left_reminder_s
    if state is State.TIMEOUT_WARNING:
        return now + s.warning_s
    if state is State.CONFIRM_CANCEL:
        return now + s.inactivity_s
    if state in AFTER_STATES:
        return now + s.closing_s
    return None


def enter(
    m: Model,
    state: State,
    now: float,
    s: FlowSettings,
    effects: tuple[fx.Effect, ...] = (),
    reason: str = "",
    **changes: Any,
) -> Step:
    ctx = replace(m.ctx, **changes) if changes else m.ctx
    return Step(Model(state, ctx, _deadline(state, now, s)), effects, reason)


def finish(
    m: Model,
    state: State,
    now: float,
    s: FlowSettings,
    outcome: ReceptionOutcome,
    reason: str,
    before: tuple[fx.Effect, ...] = (),
    **changes: Any,
) -> Step:
    """End the reception: record it, wipe the secrets, wait for the card to leave."""
    ctx = replace(m.ctx, outcome=outcome, **changes)
    effects = (*before, fx.SaveRecord(outcome, reason, ctx), fx.WipeSession())
    model = Model(state, ctx, _deadline(state, now, s)) if state is not State.IDLE else Model()
    return Step(model, effects, reason)


def _abandon(
    m: Model,
    now: float,
    s: FlowSettings,
    error: str,
    reason: str,
    before: tuple[fx.Effect, ...] = (),
    **kw: Any,
) -> Step:
    outcome = _outcome_so_far(m.ctx)
    return finish(m, State.ENDED, now, s, outcome, reason, before, error=error, **kw)


def _alert(reason: AlertReason, detail: str = "") -> tuple[fx.Effect, ...]:
    return (fx.AlertStaff(reason, detail),)


def _outcome_so_far(ctx: Context) -> ReceptionOutcome:
    # Once eligibility is confirmed the clinic has what it needs: the reception counts.
    if ctx.validity in VALID_CODES:
        return ReceptionOutcome.COMPLETE
    return ReceptionOutcome.ABANDONED


# --- what applies in every state ---------------------------------------------------------


def _on_tick(m: Model, now: float, s: FlowSettings) -> Step:
    if m.deadline is None or now < m.deadline:
        return Step(m, handled=False)
    st = m.state
    if st in PATIENT_STATES:
        step = enter(m, State.TIMEOUT_WARNING, now, s, reason="no answer: 続けますか？")
        return replace(step, model=replace(step.model, resume=st))
    if st in (State.TIMEOUT_WARNING, State.CONFIRM_CANCEL):
        return lift.timed_out_while_asked(m, now, s) or _abandon(
            m, now, s, "timeout", "inactivity timeout"
        )
    if st in AFTER_STATES:
        return Step(Model(), (), "closing screen shown: idle")
    if st is State.DONE:
        return finish(
            m,
            State.FINISHED,
            now,
            s,
            ReceptionOutcome.COMPLETE,
            "no answer on the done screen: limit info not provided",
            before=(fx.Remind(),),
            limit_provided=False,
        )
    if st in END_STATES:
        return enter(
            m, st, now, s, (fx.Remind(),), "card still on the reader", reminders=m.ctx.reminders + 1
        )
    if st is State.CARD_RETURN:
        return lift.not_returned(m, now, s)
    return _on_watchdog(m, now, s)


def _on_watchdog(m: Model, now: float, s: FlowSettings) -> Step:
    st = m.state
    if st in (State.QUERYING, State.REGISTERING):
        return _service_down(m, now, s, "the eligibility service did not answer in time")
    if st is State.SAVING_CONSENTS:
        step = on_consents_saved(m, ev.ConsentsSaved(ok=False), now, s)
        return replace(step, effects=(fx.CancelService(), *step.effects))
    if st is State.SAVING_LIMIT:
        step = on_limit_saved(m, ev.LimitSaved(ok=False), now, s)
        return replace(step, effects=(fx.CancelService(), *step.effects))
    if st is State.FACE_VERIFYING:
        step = on_face_verified(m, ev.FaceVerified(FaceOutcome.TIMEOUT, "watchdog"), now, s)
        return replace(step, effects=(fx.CancelFace(), *step.effects))
    return _abandon(
        m,
        now,
        s,
        "device_timeout",
        f"no answer from the device in {st.value}",
        _alert(AlertReason.DEVICE_TIMEOUT, st.value),
        needs_staff=True,
    )


def _after(step: Step, state: State, now: float, s: FlowSettings) -> Step:
    """The closing / card-removed screen keeps only what it shows, nothing of the patient."""
    old = step.model.ctx
    ctx = Context(outcome=old.outcome, needs_staff=old.needs_staff, phone=old.phone)
    return replace(step, model=Model(state, ctx, _deadline(state, now, s)))


def _on_card_removed(m: Model, now: float, s: FlowSettings) -> Step:
    if m.state in (State.IDLE, State.OUT_OF_SERVICE) or m.state in AFTER_STATES:
        return Step(m, handled=False)
    if lift.expected(m):
        return lift.on_lifted(m, now, s)
    if m.state in END_STATES:
        return _after(Step(m, (), "card taken"), State.CLOSING, now, s)
    before: tuple[fx.Effect, ...] = ()
    if m.state is State.FACE_VERIFYING:
        before = (fx.CancelFace(),)
    outcome = _outcome_so_far(m.ctx)
    if m.state is State.DONE:
        why = "card taken: reception complete, limit info not provided"
        step = finish(m, State.CLOSING, now, s, outcome, why, before, limit_provided=False)
        return _after(step, State.CLOSING, now, s)
    why = f"card removed in {m.state.value}"
    step = finish(m, State.CARD_REMOVED, now, s, outcome, why, before, error="card_removed")
    return _after(step, State.CARD_REMOVED, now, s)


def _on_card_failed(m: Model, e: ev.CardFailed, now: float, s: FlowSettings) -> Step:
    if e.kind is CardErrorKind.REMOVED and lift.expected(m):
        # A card job that found the card gone: the reader's own CardRemoved says what to do.
        return Step(m, handled=False, reason="card off the reader: expected while lifted")
    if e.kind is CardErrorKind.REMOVED:
        return _on_card_removed(m, now, s)
    if not m.in_reception:
        return Step(m, handled=False)
    return finish(
        m,
        State.CARD_ERROR,
        now,
        s,
        ReceptionOutcome.ABANDONED,
        f"card error: {e.kind.value}" + (" (a smartphone)" if e.phone else ""),
        _alert(AlertReason.CARD_ERROR, e.kind.value),
        error="phone_on_card_reader" if e.phone else e.kind.value,
    )


def _on_reader_lost(m: Model, e: ev.ReaderLost, now: float, s: FlowSettings) -> Step:
    """Out of service until the reader is back; a reception in progress ends as if its card
    had left (it did: no reader, no card)."""
    if m.state is State.OUT_OF_SERVICE and m.ctx.error != RECORDS_UNSAVED:
        return Step(m, handled=False)
    alert = fx.AlertStaff(AlertReason.OUT_OF_SERVICE, f"no card reader: {e.reason}")
    ended: tuple[fx.Effect, ...] = ()
    if m.in_reception:
        stop = (fx.CancelFace(),) if m.state is State.FACE_VERIFYING else ()
        why = f"card reader lost in {m.state.value}"
        ended = finish(m, State.IDLE, now, s, _outcome_so_far(m.ctx), why, stop,
                       error="no_reader").effects  # fmt: skip
    return Step(Model(State.OUT_OF_SERVICE), (*ended, alert), f"out of service: {e.reason}")


def on_reader_found(m: Model, e: ev.ReaderFound, now: float, s: FlowSettings) -> Step:
    return Step(Model(), (), "card reader back: in service")


# Out of service because nothing can be saved. The runtime sends SavingStopped only while idle
# (a patient in progress finishes: the store holds that record in memory) and checks again on
# every tick, so after the reader's own out-of-service ends the kiosk goes straight back out if
# saving is still impossible; a lost reader takes over from this reason.
RECORDS_UNSAVED = "records_unsaved"


def on_saving_stopped(m: Model, e: ev.SavingStopped, now: float, s: FlowSettings) -> Step:
    alert = fx.AlertStaff(AlertReason.OUT_OF_SERVICE, f"records cannot be saved: {e.reason}")
    model = Model(State.OUT_OF_SERVICE, Context(error=RECORDS_UNSAVED))
    return Step(model, (alert,), f"out of service: records cannot be saved ({e.reason})")


def on_saving_resumed(m: Model, e: ev.SavingResumed, now: float, s: FlowSettings) -> Step:
    if m.ctx.error != RECORDS_UNSAVED:
        return Step(m, handled=False, reason="out of service for another reason")
    return Step(Model(), (), "records can be saved again: in service")


# --- card and method ---------------------------------------------------------------------


def on_card_inserted(m: Model, e: ev.CardInserted, now: float, s: FlowSettings) -> Step:
    fresh = Model(ctx=Context(reception_id=e.reception_id))
    return enter(fresh, State.READING, now, s, (fx.ReadCard(),), "card placed")


def on_card_read(m: Model, e: ev.CardRead, now: float, s: FlowSettings) -> Step:
    why = "My Number Card read" + ("" if e.face_available else "; no camera: PIN only")
    camera = e.face_available if e.face_camera is None else e.face_camera
    return enter(
        m, State.CHOOSE_METHOD, now, s, reason=why, face_available=e.face_available,
        face_camera=camera, front_held_up=e.front_held_up, cert_expires=e.cert_expires,
    )  # fmt: skip


def on_method(m: Model, e: ev.MethodChosen, now: float, s: FlowSettings) -> Step:
    stop = (fx.CancelFace(),) if m.state is State.FACE_VERIFYING else ()
    if e.method is VerificationMethod.PIN and not m.ctx.pin_offered():
        # The card said 0 tries: back to the lock screen would be a loop (face, staff remain).
        return Step(m, handled=False, reason="the PIN is locked: face or staff only")
    if e.method is VerificationMethod.PIN:
        return enter(
            m, State.PIN_CHECKING, now, s, (*stop, fx.ReadPinTries()), "PIN chosen", error=None
        )
    if e.method is VerificationMethod.FACE and m.ctx.face_offered():
        return _start_face(m, now, s, "face chosen")
    return Step(m, handled=False, reason="face verification is not available")


def _start_face(m: Model, now: float, s: FlowSettings, reason: str) -> Step:
    if m.ctx.photo_read:
        return enter(
            m, State.FACE_VERIFYING, now, s, (fx.VerifyFace(s.face_budget_s),), reason, error=None
        )
    return enter(m, State.FACE_PREPARING, now, s, (fx.PrepareFace(),), reason, error=None)


def on_call_staff(m: Model, e: ev.CallStaff, now: float, s: FlowSettings) -> Step:
    stop = (fx.CancelFace(),) if m.state is State.FACE_VERIFYING else ()
    effects = (*stop, *_alert(AlertReason.CALL, m.state.value))
    return enter(
        m, State.STAFF_CALLED, now, s, effects, "staff called", needs_staff=True, staff_seen=False
    )


def on_ask_cancel(m: Model, e: ev.AskCancel, now: float, s: FlowSettings) -> Step:
    stop = (fx.CancelFace(),) if m.state is State.FACE_VERIFYING else ()
    step = enter(m, State.CONFIRM_CANCEL, now, s, stop, "やめる: asking to confirm")
    return replace(step, model=replace(step.model, resume=m.state))


def on_cancel(m: Model, e: ev.Cancel, now: float, s: FlowSettings) -> Step:
    stop = (fx.CancelFace(),) if m.state is State.FACE_VERIFYING else ()
    where = m.resume.value if m.state is State.CONFIRM_CANCEL and m.resume else m.state.value
    step = _abandon(m, now, s, "cancelled", f"cancelled by the patient in {where}")
    return replace(step, effects=(*stop, *step.effects))


def on_back(m: Model, e: ev.Back, now: float, s: FlowSettings) -> Step:
    return enter(m, State.CHOOSE_METHOD, now, s, reason="back to the method choice", error=None)


def back_allowed(m: Model) -> bool:
    """戻る leads somewhere: the first consent screen has nothing before it."""
    if m.state in CONSENT_STATES:
        return CONSENT_STATES[m.state] is not None and bool(m.ctx.answers)
    return ev.Back in TRANSITIONS.get(m.state, {})


# --- face --------------------------------------------------------------------------------


def on_face_prepared(m: Model, e: ev.FacePrepared, now: float, s: FlowSettings) -> Step:
    return enter(
        m,
        State.FACE_VERIFYING,
        now,
        s,
        (fx.VerifyFace(s.face_budget_s),),
        "chip photo read",
        photo_read=True,
    )


def on_face_prepare_failed(m: Model, e: ev.FacePrepareFailed, now: float, s: FlowSettings) -> Step:
    return enter(
        m,
        State.FACE_FAILED,
        now,
        s,
        _alert(AlertReason.FACE_FAILED, e.reason),
        reason=f"cannot read the chip photo: {e.reason}",
        error=e.reason,
        face_spent=True,
        front_unread=m.ctx.front_unread or e.reason in ("front_unreadable", "front_misread"),
        number_b_allowed=0 if e.reason == "number_b_guard" else m.ctx.number_b_allowed,
    )


def on_face_verified(m: Model, e: ev.FaceVerified, now: float, s: FlowSettings) -> Step:
    if e.outcome is FaceOutcome.MATCH:
        return _query(m, now, s, VerificationMethod.FACE, "face matched")
    if e.outcome is FaceOutcome.CANCELLED:
        return Step(m, handled=False, reason="face verification cancelled")
    if e.outcome is FaceOutcome.CAMERA_UNAVAILABLE:
        return enter(
            m,
            State.FACE_FAILED,
            now,
            s,
            _alert(AlertReason.FACE_FAILED, "camera_unavailable"),
            reason=f"camera unavailable {e.reason}".strip(),
            error="camera_unavailable",
            face_available=False,
            face_camera=False,
        )
    attempts = m.ctx.face_attempts + 1
    why = f"face {e.outcome.value} ({attempts}/{s.face_attempts}) {e.reason}".strip()
    if attempts < s.face_attempts:
        return enter(
            m, State.FACE_RETRY, now, s, reason=why, face_attempts=attempts, error=e.outcome.value
        )
    return enter(
        m,
        State.FACE_FAILED,
        now,
        s,
        _alert(AlertReason.FACE_FAILED, "face_exhausted"),
        reason=why,
        face_attempts=attempts,
        error="face_exhausted",
        face_spent=True,
    )


def on_retry_face(m: Model, e: ev.RetryFace, now: float, s: FlowSettings) -> Step:
    return _start_face(m, now, s, "trying the face again")


# --- PIN ---------------------------------------------------------------------------------


def on_pin_tries(m: Model, e: ev.PinTriesRead, now: float, s: FlowSettings) -> Step:
    if e.tries_left <= 0:
        return enter(
            m,
            State.PIN_LOCKED,
            now,
            s,
            _alert(AlertReason.PIN_LOCKED, "already_locked"),
            reason="PIN already locked",
            pin_tries_left=0,
            error="already_locked",
        )
    return enter(
        m, State.PIN_ENTRY, now, s, reason=f"{e.tries_left} tries left", pin_tries_left=e.tries_left
    )


def on_pin_submitted(m: Model, e: ev.PinSubmitted, now: float, s: FlowSettings) -> Step:
    return enter(m, State.PIN_VERIFYING, now, s, (fx.VerifyPin(),), "PIN entered")


def on_pin_rejected(m: Model, e: ev.PinRejected, now: float, s: FlowSettings) -> Step:
    return enter(m, State.PIN_ENTRY, now, s, reason=f"PIN not sent: {e.reason}", error=e.reason)


def on_pin_verified(m: Model, e: ev.PinVerified, now: float, s: FlowSettings) -> Step:
    if e.status is PinStatus.OK:
        return _query(m, now, s, VerificationMethod.PIN, "PIN correct", pin_tries_left=3)
    if e.status is PinStatus.WRONG and e.tries_left > 0:
        return enter(
            m,
            State.PIN_ENTRY,
            now,
            s,
            reason=f"wrong PIN, {e.tries_left} tries left",
            pin_tries_left=e.tries_left,
            error="wrong_pin",
        )
    code = "already_locked" if e.status is PinStatus.ALREADY_LOCKED else "locked_now"
    return enter(
        m,
        State.PIN_LOCKED,
        now,
        s,
        _alert(AlertReason.PIN_LOCKED, code),
        reason=f"PIN locked ({code})",
        pin_tries_left=0,
        error=code,
    )


# --- staff visual check ------------------------------------------------------------------


def on_staff_acknowledged(m: Model, e: ev.StaffAcknowledged, now: float, s: FlowSettings) -> Step:
    return Step(replace(m, ctx=replace(m.ctx, staff_seen=True)), (), "staff took the call")


def on_staff_authenticated(m: Model, e: ev.StaffAuthenticated, now: float, s: FlowSettings) -> Step:
    if m.ctx.phone:  # a phone has no chip photo: nothing to compare the patient with
        return Step(m, handled=False, reason="no visual check for a smartphone reception")
    stop = (fx.CancelFace(),) if m.state is State.FACE_VERIFYING else ()
    why = f"visual check mode switched on ({e.route})"
    step = enter(
        m, State.STAFF_COMPARE, now, s, stop, why, needs_staff=True, error=None, staff_route=e.route
    )
    if e.route == "kiosk" and m.ctx.front_unread and m.ctx.number_b_typable():
        # The front could not be read: the staff member at the kiosk types the number first.
        typing = _check_number_b(step.model, now, s, "staff at the kiosk: 照合番号B by hand")
        return replace(typing, effects=(*stop, *typing.effects))
    return step


def on_staff_decided(m: Model, e: ev.StaffDecided, now: float, s: FlowSettings) -> Step:
    if e.approved:
        return _query(
            m, now, s, VerificationMethod.VISUAL, f"staff approved the visual check ({e.route})"
        )
    return _abandon(m, now, s, "staff_rejected", f"staff rejected the visual check ({e.route})")


# --- staff type 照合番号B ----------------------------------------------------------------
# When the card front cannot be read, staff at the kiosk type the number (or the printed birth
# date, expiry year and security code); the chip photo is then read and the patient's face is
# matched as after the OCR. A wrong number costs the card one try: the runtime reads the counter
# first without consuming one and submits nothing below its guard.


def _check_number_b(m: Model, now: float, s: FlowSettings, reason: str) -> Step:
    return enter(m, State.NUMBER_B_CHECKING, now, s, (fx.ReadNumberBTries(),), reason, error=None)


def on_number_b_chosen(m: Model, e: ev.NumberBEntryChosen, now: float, s: FlowSettings) -> Step:
    if m.ctx.staff_route != "kiosk" or not m.ctx.number_b_typable():
        return Step(m, handled=False, reason="照合番号B cannot be typed for this reception")
    return _check_number_b(m, now, s, "staff type 照合番号B")


def _number_b_stopped(m: Model, now: float, s: FlowSettings, reason: str, **kw: Any) -> Step:
    """No more typed numbers for this card: staff go on with the visual check."""
    kw = {"error": "number_b_guard", "number_b_allowed": 0, **kw}
    return enter(m, State.STAFF_COMPARE, now, s, reason=reason, **kw)


def on_number_b_tries(m: Model, e: ev.NumberBTriesRead, now: float, s: FlowSettings) -> Step:
    counts: dict[str, Any] = {"number_b_tries_left": e.tries_left, "number_b_allowed": e.allowed}
    if e.allowed <= 0:
        why = f"照合番号B: {e.tries_left} tries left on the card, below the guard"
        return _number_b_stopped(m, now, s, why, **counts)
    why = f"照合番号B: {e.tries_left} tries left on the card, {e.allowed} for the kiosk"
    return enter(m, State.NUMBER_B_ENTRY, now, s, reason=why, **counts)


def on_number_b_submitted(m: Model, e: ev.NumberBSubmitted, now: float, s: FlowSettings) -> Step:
    return enter(m, State.NUMBER_B_VERIFYING, now, s, (fx.VerifyNumberB(),), "照合番号B typed")


def on_number_b_rejected(m: Model, e: ev.NumberBRejected, now: float, s: FlowSettings) -> Step:
    counts: dict[str, Any] = {}
    if e.tries_left is not None:
        counts["number_b_tries_left"] = e.tries_left
    if e.allowed is not None:
        counts["number_b_allowed"] = e.allowed
    left = f" ({e.tries_left} tries left on the card)" if e.tries_left is not None else ""
    if e.reason == "number_b_guard" or e.allowed == 0:
        return _number_b_stopped(m, now, s, f"照合番号B {e.reason}{left}: visual check", **counts)
    return enter(
        m, State.NUMBER_B_ENTRY, now, s, reason=f"照合番号B {e.reason}{left}", error=e.reason,
        **counts,
    )  # fmt: skip


def on_number_b_accepted(m: Model, e: ev.FacePrepared, now: float, s: FlowSettings) -> Step:
    # The patient's face is matched as after the OCR; face is open again for this reception.
    step = on_face_prepared(m, e, now, s)
    ctx = replace(step.model.ctx, face_spent=False, error=None)
    model = replace(step.model, ctx=ctx)
    return replace(step, model=model, reason="照合番号B typed by staff: chip photo read")


def on_number_b_photo_failed(
    m: Model, e: ev.FacePrepareFailed, now: float, s: FlowSettings
) -> Step:
    why = f"照合番号B by hand: {e.reason}: visual check"
    return enter(m, State.STAFF_COMPARE, now, s, reason=why, error=e.reason)


def on_number_b_back(m: Model, e: ev.Back, now: float, s: FlowSettings) -> Step:
    return enter(m, State.STAFF_COMPARE, now, s, reason="staff chose the visual check", error=None)


# --- eligibility -------------------------------------------------------------------------


def _query(
    m: Model, now: float, s: FlowSettings, method: VerificationMethod, reason: str, **kw: Any
) -> Step:
    effects = (fx.ConfirmEligibility(method),)
    return enter(m, State.QUERYING, now, s, effects, reason, method=method, error=None, **kw)


def on_confirmed(m: Model, e: ev.EligibilityConfirmed, now: float, s: FlowSettings) -> Step:
    ctx = replace(m.ctx, validity=e.validity, birth_date=e.birth_date, visit_date=e.visit_date)
    if ctx.cert_expires is not None:  # the renewal notice, or the grace: qualification only
        status = certificate.status(ctx.cert_expires, e.visit_date)
        # The grace is also the record's end code: the desk sees why no consent was asked.
        error = "cert_grace" if status is CertStatus.GRACE else ctx.error
        ctx = replace(ctx, cert_status=status, error=error)
    if e.name_check:  # the name has ● or replaced characters: staff record the correct one
        ctx = replace(ctx, name_check=True, needs_staff=True)
    m = replace(m, ctx=ctx)
    name = _alert(AlertReason.NAME_CHECK) if e.name_check else ()
    if e.validity not in VALID_CODES:
        return finish(
            m,
            State.INELIGIBLE,
            now,
            s,
            ReceptionOutcome.INELIGIBLE,
            f"QualificationValidity {e.validity}",
            (*name, *_alert(AlertReason.INELIGIBLE, f"validity_{e.validity}")),
            error=f"validity_{e.validity}",
            needs_staff=True,
        )
    step = _next_consent(m, now, s, f"eligible (QualificationValidity {e.validity})")
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
            _alert(AlertReason.CERT_ERROR, k.value),
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
            _alert(AlertReason.INELIGIBLE, "no_qualification"),
            error="validity_4",
            needs_staff=True,
        )
    if k in (
        EligibilityErrorKind.UNREACHABLE,
        EligibilityErrorKind.TIMEOUT,
        EligibilityErrorKind.MALFORMED,
    ):
        return _service_down(m, now, s, f"eligibility service: {k.value}")
    if k is EligibilityErrorKind.MISMATCH:
        # Another person's or another request's result: recorded as such, never as the
        # patient's data, and staff are called.
        return _abandon(
            m,
            now,
            s,
            k.value,
            "eligibility answer does not match the card or the request",
            _alert(AlertReason.IDENTITY_MISMATCH),
            needs_staff=True,
        )
    return _abandon(
        m,
        now,
        s,
        k.value,
        f"eligibility refused: {k.value}",
        _alert(AlertReason.OTHER, k.value),
        needs_staff=True,
    )


def _service_down(m: Model, now: float, s: FlowSettings, reason: str) -> Step:
    return finish(
        m,
        State.SERVICE_DOWN,
        now,
        s,
        ReceptionOutcome.PENDING,
        reason,
        _alert(AlertReason.SERVICE_DOWN),
        error="service_down",
        needs_staff=True,
    )


def on_registration_answer(
    m: Model, e: ev.RegistrationAnswered, now: float, s: FlowSettings
) -> Step:
    if not e.accept:
        return _abandon(
            m, now, s, "registration_declined", "registration declined", needs_staff=True
        )
    assert m.ctx.method is not None  # QUERYING is only reached after a verification
    return enter(m, State.REGISTERING, now, s, (fx.Register(m.ctx.method),), "registering")


def on_registered(m: Model, e: ev.Registered, now: float, s: FlowSettings) -> Step:
    assert m.ctx.method is not None
    return _query(m, now, s, m.ctx.method, "registered for insurance use", registered_now=True)


# --- consents ----------------------------------------------------------------------------


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


def _next_consent(m: Model, now: float, s: FlowSettings, reason: str) -> Step:
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
    return _next_consent(m, now, s, f"prescription: {word}")


def on_subsidy(m: Model, e: ev.SubsidyAnswered, now: float, s: FlowSettings) -> Step:
    m = replace(m, ctx=replace(m.ctx, subsidy=e.use))
    return _next_consent(m, now, s, "subsidy certificates: " + ("use" if e.use else "not used"))


def on_consent(m: Model, e: ev.ConsentAnswered, now: float, s: FlowSettings) -> Step:
    kind = CONSENT_STATES[m.state]
    if kind is None:  # combined: one answer for all, limit info provided by default
        new = (*((k, e.agree) for k in combined_kinds(m.ctx)), (ConsentKind.LIMIT, True))
    else:
        new = ((kind, e.agree),)
    m = replace(m, ctx=replace(m.ctx, answers=m.ctx.answers + new))
    word = "agreed" if e.agree else "declined"
    return _next_consent(m, now, s, f"{m.state.value}: {word}")


def on_consent_back(m: Model, e: ev.Back, now: float, s: FlowSettings) -> Step:
    """戻る: undo the previous consent answer and ask it again (a mis-tap on 同意しない)."""
    if not back_allowed(m):
        return Step(m, handled=False, reason="nothing before the first consent")
    m = replace(m, ctx=replace(m.ctx, answers=m.ctx.answers[:-1], error=None))
    return _next_consent(m, now, s, "back to the previous consent")


def on_call_staff_here(m: Model, e: ev.CallStaff, now: float, s: FlowSettings) -> Step:
    """係員を呼ぶ after the eligibility check: staff come to help; the screen stays."""
    effects = _alert(AlertReason.CALL, m.state.value)
    return enter(
        m, m.state, now, s, effects, "staff called", needs_staff=True, error="staff_called"
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


def on_continue(m: Model, e: ev.Continue, now: float, s: FlowSettings) -> Step:
    target = m.resume or State.IDLE
    m = replace(m, resume=None)
    if target is State.FACE_VERIFYING:  # the face check was stopped while asking
        return _start_face(m, now, s, "the patient continues")
    if target is State.PHONE_HOLD:  # the phone may have been held meanwhile
        return phone.hold(m, now, s, "the patient continues")
    return enter(m, target, now, s, reason="the patient continues")


def on_touch(m: Model, e: ev.Touch, now: float, s: FlowSettings) -> Step:
    return Step(replace(m, deadline=_deadline(m.state, now, s)), (), "touch", handled=True)


# --- the table ---------------------------------------------------------------------------

# Wherever the patient may cancel or call staff, staff may also switch on the visual check
# (from the desk, or with the staff-only action at the kiosk).
_LEAVE: dict[type[ev.Event], Handler] = {
    ev.Cancel: on_cancel,
    ev.AskCancel: on_ask_cancel,
    ev.CallStaff: on_call_staff,
    ev.StaffAuthenticated: on_staff_authenticated,
    ev.StaffAcknowledged: on_staff_acknowledged,
}
_CONSENT: dict[type[ev.Event], Handler] = {
    ev.ConsentAnswered: on_consent,
    ev.Back: on_consent_back,
    ev.CallStaff: on_call_staff_here,
    ev.Touch: on_touch,
}

TRANSITIONS: dict[State, dict[type[ev.Event], Handler]] = {
    State.IDLE: {ev.CardInserted: on_card_inserted, ev.SavingStopped: on_saving_stopped},
    State.READING: {ev.CardRead: on_card_read},
    State.CHOOSE_METHOD: {ev.MethodChosen: on_method, ev.Touch: on_touch, **_LEAVE},
    State.FACE_PREPARING: {
        ev.FacePrepared: on_face_prepared,
        ev.FacePrepareFailed: on_face_prepare_failed,
    },
    State.FACE_VERIFYING: {
        ev.FaceVerified: on_face_verified,
        ev.MethodChosen: on_method,
        **_LEAVE,
    },
    State.FACE_RETRY: {
        ev.RetryFace: on_retry_face,
        ev.MethodChosen: on_method,
        ev.Touch: on_touch,
        **_LEAVE,
    },
    State.FACE_FAILED: {ev.MethodChosen: on_method, ev.Touch: on_touch, **_LEAVE},
    State.PIN_CHECKING: {ev.PinTriesRead: on_pin_tries},
    State.PIN_ENTRY: {
        ev.PinSubmitted: on_pin_submitted,
        ev.Back: on_back,
        ev.Touch: on_touch,
        **_LEAVE,
    },
    State.PIN_VERIFYING: {ev.PinVerified: on_pin_verified, ev.PinRejected: on_pin_rejected},
    State.PIN_LOCKED: {ev.MethodChosen: on_method, ev.Touch: on_touch, **_LEAVE},
    State.STAFF_CALLED: {
        ev.StaffAcknowledged: on_staff_acknowledged,
        ev.StaffAuthenticated: on_staff_authenticated,
        ev.Cancel: on_cancel,
        ev.AskCancel: on_ask_cancel,
        ev.Touch: on_touch,
    },
    State.STAFF_COMPARE: {
        ev.StaffDecided: on_staff_decided,
        ev.StaffAcknowledged: on_staff_acknowledged,
        ev.NumberBEntryChosen: on_number_b_chosen,
        ev.Back: on_back,
        ev.Touch: on_touch,
    },
    State.NUMBER_B_CHECKING: {
        ev.NumberBTriesRead: on_number_b_tries,
        ev.FacePrepareFailed: on_number_b_photo_failed,
    },
    State.NUMBER_B_ENTRY: {
        ev.NumberBSubmitted: on_number_b_submitted,
        ev.Back: on_number_b_back,
        ev.StaffAcknowledged: on_staff_acknowledged,
        ev.Touch: on_touch,
    },
    State.NUMBER_B_VERIFYING: {
        ev.FacePrepared: on_number_b_accepted,
        ev.NumberBRejected: on_number_b_rejected,
        ev.FacePrepareFailed: on_number_b_photo_failed,
    },
    State.QUERYING: {
        ev.EligibilityConfirmed: on_confirmed,
        ev.EligibilityFailed: on_eligibility_failed,
    },
    State.REGISTRATION_OFFER: {
        ev.RegistrationAnswered: on_registration_answer,
        ev.Touch: on_touch,
    },
    State.REGISTERING: {ev.Registered: on_registered, ev.EligibilityFailed: on_eligibility_failed},
    State.CONSENT_MEDICATION: _CONSENT,
    State.CONSENT_CHECKUP: _CONSENT,
    State.CONSENT_DIAGNOSIS: _CONSENT,
    State.CONSENT_OPERATION: _CONSENT,
    State.CONSENT_COMBINED: _CONSENT,
    State.PRESCRIPTION_CHOICE: {ev.PrescriptionChosen: on_prescription, ev.Touch: on_touch},
    State.SUBSIDY_QUESTION: {ev.SubsidyAnswered: on_subsidy, ev.Touch: on_touch},
    State.SAVING_CONSENTS: {ev.ConsentsSaved: on_consents_saved},
    State.DONE: {ev.LimitAnswered: on_limit_answer, ev.Touch: on_touch},
    State.SAVING_LIMIT: {ev.LimitSaved: on_limit_saved},
    State.TIMEOUT_WARNING: {ev.Continue: on_continue, ev.Touch: on_continue},
    State.OUT_OF_SERVICE: {ev.ReaderFound: on_reader_found, ev.SavingResumed: on_saving_resumed},
    State.CONFIRM_CANCEL: {
        ev.Cancel: on_cancel,
        ev.Continue: on_continue,
        ev.Touch: on_touch,
    },
    State.CLOSING: {ev.CardInserted: on_card_inserted},
    State.CARD_REMOVED: {ev.CardInserted: on_card_inserted},
    State.FINISHED: {},
    State.INELIGIBLE: {},
    State.CERT_ERROR: {},
    State.SERVICE_DOWN: {},
    State.ENDED: {},
    State.CARD_ERROR: {},
}


def step(m: Model, e: ev.Event, now: float, s: FlowSettings) -> Step:
    """Advance the flow by one event at monotonic time ``now``."""
    device = phone.device_event(m, e, now, s)
    if device is not None:
        return device
    if isinstance(e, ev.Tick):
        return _on_tick(m, now, s)
    if isinstance(e, ev.CardRemoved):
        return _on_card_removed(m, now, s)
    if isinstance(e, ev.CardFailed):
        return _on_card_failed(m, e, now, s)
    if isinstance(e, ev.ReaderLost):
        return _on_reader_lost(m, e, now, s)
    handler = TRANSITIONS[m.state].get(type(e))
    if handler is None:
        return Step(m, handled=False, reason=f"{e.name} ignored in {m.state.value}")
    return handler(m, e, now, s)


# The smartphone's states (kiosk.flow.phone builds on the helpers above).
from kiosk.flow import phone  # noqa: E402

TRANSITIONS.update(phone.PHONE_TRANSITIONS)

# One camera for both: the card lifted off the reader to show its front (kiosk.flow.lift).
from kiosk.flow import lift  # noqa: E402

TRANSITIONS.update(lift.LIFT_TRANSITIONS)
TRANSITIONS[State.FACE_PREPARING][ev.FacePrepareFailed] = lift.on_front_failed
TRANSITIONS[State.FACE_PREPARING][ev.FrontRead] = lift.on_front_read
TRANSITIONS[State.CONFIRM_CANCEL][ev.Cancel] = lift.on_cancel_off_reader
TRANSITIONS[State.CONFIRM_CANCEL][ev.CardInserted] = lift.on_card_back_while_asked
TRANSITIONS[State.IDLE][ev.PhoneChosen] = phone.on_phone_chosen
