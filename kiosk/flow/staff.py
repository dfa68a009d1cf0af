"""Staff at the reception: a call taken at the desk, a staff member sent from the desk, the
visual check (目視確認) at the kiosk, and 照合番号B typed by staff when the card front cannot
be read.

The visual check happens only where the patient stands: the chip photo and the card's data are
shown after a staff member authenticated at the kiosk itself, and only that staff member can
approve or reject. The desk can send someone (``StaffSent``), never decide: a click at a desk
with nobody looking at the patient must not admit a stranger.

When the card front cannot be read, staff at the kiosk type the number (or the printed birth
date, expiry year and security code); the chip photo is then read and the patient's face is
matched as after the OCR. A wrong number costs the card one try: the runtime reads the counter
first without consuming one and submits nothing below its guard."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.codes import Code
from kiosk.flow.eligibility import query
from kiosk.flow.identity import on_face_prepared
from kiosk.flow.model import FlowSettings, Model, State
from kiosk.flow.steps import Step, abandon, audit, enter, stop_face
from kiosk.ports import StaffActionKind, VerificationMethod


def on_staff_acknowledged(m: Model, e: ev.StaffAcknowledged, now: float, s: FlowSettings) -> Step:
    error = None if m.ctx.error == Code.CALL_UNDELIVERED else m.ctx.error  # it reached one
    ctx = replace(m.ctx, staff_seen=True, error=error)
    return Step(replace(m, ctx=ctx), (), "staff took the call")


def on_call_undelivered(m: Model, e: ev.StaffCallUndelivered, now: float, s: FlowSettings) -> Step:
    if m.ctx.staff_seen:  # a desk answered meanwhile (the database came back)
        return Step(m, handled=False, reason="the call reached a desk after all")
    ctx = replace(m.ctx, error=Code.CALL_UNDELIVERED)
    return Step(replace(m, ctx=ctx), (), "the call could not reach a desk: ask at the desk")


def on_call_undelivered_here(
    m: Model, e: ev.StaffCallUndelivered, now: float, s: FlowSettings
) -> Step:
    """係員を呼ぶ on a screen that stays (the consents, the done screen, the card off the reader
    for the face): the call could not reach a desk, so the screen says so instead of
    「係員がまいります」 (issue 25 item 1)."""
    if m.ctx.error != Code.STAFF_CALLED:  # a desk answered, or another message came since
        return Step(m, handled=False, reason="no call waiting on this screen")
    ctx = replace(m.ctx, error=Code.CALL_UNDELIVERED)
    return Step(replace(m, ctx=ctx), (), "the call could not reach a desk: ask at the desk")


def on_staff_sent(m: Model, e: ev.StaffSent, now: float, s: FlowSettings) -> Step:
    """「係員がまいります」 and nothing personal until the staff member authenticates here."""
    if m.ctx.phone:  # a phone has no chip photo: nothing to compare the patient with
        return Step(m, handled=False, reason="no visual check for a smartphone reception")
    stop = stop_face(m)
    why = "the desk sent a staff member for a visual check"
    return enter(m, State.STAFF_CALLED, now, s, stop, why, needs_staff=True, staff_seen=True)


def on_staff_authenticated(m: Model, e: ev.StaffAuthenticated, now: float, s: FlowSettings) -> Step:
    if m.ctx.phone:  # a phone has no chip photo: nothing to compare the patient with
        return Step(m, handled=False, reason="no visual check for a smartphone reception")
    stop = stop_face(m)
    why = "staff authenticated at the kiosk: visual check"
    step = enter(m, State.STAFF_COMPARE, now, s, stop, why, needs_staff=True, error=None)
    if m.ctx.front_unread and m.ctx.number_b_typable():
        # The front could not be read: the staff member at the kiosk types the number first.
        typing = check_number_b(step.model, now, s, "staff at the kiosk: 照合番号B by hand")
        return replace(typing, effects=(*stop, *typing.effects))
    return step


def on_staff_decided(m: Model, e: ev.StaffDecided, now: float, s: FlowSettings) -> Step:
    # The decision goes to the staff audit trail, where the desk shows who decided and when.
    if e.approved:
        step = query(m, now, s, VerificationMethod.VISUAL, "staff approved the visual check")
        return replace(step, effects=(*audit(StaffActionKind.APPROVE), *step.effects))
    step = abandon(m, now, s, Code.STAFF_REJECTED, "staff rejected the visual check")
    return replace(step, effects=(*audit(StaffActionKind.REJECT), *step.effects))


def check_number_b(m: Model, now: float, s: FlowSettings, reason: str) -> Step:
    return enter(m, State.NUMBER_B_CHECKING, now, s, (fx.ReadNumberBTries(),), reason, error=None)


def on_number_b_chosen(m: Model, e: ev.NumberBEntryChosen, now: float, s: FlowSettings) -> Step:
    if not m.ctx.number_b_typable():
        return Step(m, handled=False, reason="照合番号B cannot be typed for this reception")
    return check_number_b(m, now, s, "staff type 照合番号B")


def _number_b_stopped(m: Model, now: float, s: FlowSettings, reason: str, **kw: Any) -> Step:
    """No more typed numbers for this card: staff go on with the visual check."""
    kw = {"error": Code.NUMBER_B_GUARD, "number_b_allowed": 0, **kw}
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
    if e.reason == Code.NUMBER_B_GUARD or e.allowed == 0:
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
