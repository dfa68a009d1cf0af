"""Who is holding the card: the card read, the choice of method, the face match against the chip
photo (照合番号B from the card front first) and the card's 4-digit PIN."""

from __future__ import annotations

from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.codes import Code
from kiosk.flow.eligibility import query
from kiosk.flow.model import Context, FlowSettings, Model, State
from kiosk.flow.steps import Step, alert, enter, stop_face
from kiosk.ports import AlertReason, FaceOutcome, PinStatus, VerificationMethod


def on_card_inserted(m: Model, e: ev.CardInserted, now: float, s: FlowSettings) -> Step:
    fresh = Model(ctx=Context(reception_id=e.reception_id))
    return enter(fresh, State.READING, now, s, (fx.ReadCard(),), "card placed")


def on_card_read(m: Model, e: ev.CardRead, now: float, s: FlowSettings) -> Step:
    why = "My Number Card read" + ("" if e.face_available else "; no camera: PIN only")
    camera = e.face_available if e.face_camera is None else e.face_camera
    return enter(
        m, State.CHOOSE_METHOD, now, s, reason=why, face_available=e.face_available,
        face_camera=camera, front_held_up=e.front_held_up, cert_expires=e.cert_expires,
        card_generation=e.generation,
    )  # fmt: skip


def on_method(m: Model, e: ev.MethodChosen, now: float, s: FlowSettings) -> Step:
    stop = stop_face(m)
    if e.method is VerificationMethod.PIN and not m.ctx.pin_offered():
        # The card said 0 tries: back to the lock screen would be a loop (face, staff remain).
        return Step(m, handled=False, reason="the PIN is locked: face or staff only")
    if e.method is VerificationMethod.PIN:
        return enter(
            m, State.PIN_CHECKING, now, s, (*stop, fx.ReadPinTries()), "PIN chosen", error=None
        )
    if e.method is VerificationMethod.FACE and m.ctx.face_offered():
        return start_face(m, now, s, "face chosen")
    return Step(m, handled=False, reason="face verification is not available")


def start_face(m: Model, now: float, s: FlowSettings, reason: str) -> Step:
    if m.ctx.photo_read:
        return enter(
            m, State.FACE_VERIFYING, now, s, (fx.VerifyFace(s.face_budget_s),), reason, error=None
        )
    return enter(m, State.FACE_PREPARING, now, s, (fx.PrepareFace(),), reason, error=None)


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
        alert(AlertReason.FACE_FAILED, e.reason),
        reason=f"cannot read the chip photo: {e.reason}",
        error=e.reason,
        face_spent=True,
        front_unread=m.ctx.front_unread or e.reason in (Code.FRONT_UNREADABLE, Code.FRONT_MISREAD),
        number_b_allowed=0 if e.reason == Code.NUMBER_B_GUARD else m.ctx.number_b_allowed,
    )


def on_face_verified(m: Model, e: ev.FaceVerified, now: float, s: FlowSettings) -> Step:
    if e.outcome is FaceOutcome.MATCH:
        return query(m, now, s, VerificationMethod.FACE, "face matched")
    if e.outcome is FaceOutcome.CANCELLED:
        return Step(m, handled=False, reason="face verification cancelled")
    if e.outcome is FaceOutcome.CAMERA_UNAVAILABLE:
        return enter(
            m,
            State.FACE_FAILED,
            now,
            s,
            alert(AlertReason.FACE_FAILED, "camera_unavailable"),
            reason=f"camera unavailable {e.reason}".strip(),
            error=Code.CAMERA_UNAVAILABLE,
            face_available=False,
            face_camera=False,
        )
    attempts = m.ctx.face_attempts + 1
    why = f"face {e.outcome.value} ({attempts}/{s.face_attempts}) {e.reason}".strip()
    if attempts < s.face_attempts:
        return enter(
            m,
            State.FACE_RETRY,
            now,
            s,
            reason=why,
            face_attempts=attempts,
            error=Code.of(e.outcome),
        )
    return enter(
        m,
        State.FACE_FAILED,
        now,
        s,
        alert(AlertReason.FACE_FAILED, "face_exhausted"),
        reason=why,
        face_attempts=attempts,
        error=Code.FACE_EXHAUSTED,
        face_spent=True,
    )


def on_retry_face(m: Model, e: ev.RetryFace, now: float, s: FlowSettings) -> Step:
    return start_face(m, now, s, "trying the face again")


def on_pin_tries(m: Model, e: ev.PinTriesRead, now: float, s: FlowSettings) -> Step:
    if e.tries_left <= 0:
        return enter(
            m,
            State.PIN_LOCKED,
            now,
            s,
            alert(AlertReason.PIN_LOCKED, "already_locked"),
            reason="PIN already locked",
            pin_tries_left=0,
            error=Code.ALREADY_LOCKED,
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
        return query(m, now, s, VerificationMethod.PIN, "PIN correct", pin_tries_left=3)
    if e.status is PinStatus.WRONG and e.tries_left > 0:
        return enter(
            m,
            State.PIN_ENTRY,
            now,
            s,
            reason=f"wrong PIN, {e.tries_left} tries left",
            pin_tries_left=e.tries_left,
            error=Code.WRONG_PIN,
        )
    code = Code.ALREADY_LOCKED if e.status is PinStatus.ALREADY_LOCKED else Code.LOCKED_NOW
    return enter(
        m,
        State.PIN_LOCKED,
        now,
        s,
        alert(AlertReason.PIN_LOCKED, code),
        reason=f"PIN locked ({code})",
        pin_tries_left=0,
        error=code,
    )
