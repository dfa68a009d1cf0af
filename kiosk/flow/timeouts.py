"""Time, in any state: a Tick past the state's deadline asks the patient 続けますか？, ends what
the patient walked away from, reminds that a card is still on the reader, or (in a busy state)
is the watchdog of a hung device or service call. ``on_continue`` answers 続けますか？."""

from __future__ import annotations

from dataclasses import replace

from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow import lift, phone
from kiosk.flow.codes import Code
from kiosk.flow.consent import on_consents_saved, on_limit_saved
from kiosk.flow.eligibility import service_down
from kiosk.flow.identity import on_face_verified, start_face
from kiosk.flow.model import AFTER_STATES, END_STATES, PATIENT_STATES, FlowSettings, Model, State
from kiosk.flow.steps import Step, abandon, alert, closing_screen, enter, finish
from kiosk.ports import AlertReason, FaceOutcome, ReceptionOutcome


def on_tick(m: Model, e: ev.Tick, now: float, s: FlowSettings) -> Step:
    if m.deadline is None or now < m.deadline:
        return Step(m, handled=False)
    st = m.state
    if st in PATIENT_STATES:
        step = enter(m, State.TIMEOUT_WARNING, now, s, reason="no answer: 続けますか？")
        return replace(step, model=replace(step.model, resume=st))
    if st in (State.TIMEOUT_WARNING, State.CONFIRM_CANCEL):
        return lift.timed_out_while_asked(m, now, s) or abandon(
            m, now, s, Code.TIMEOUT, "inactivity timeout"
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
        return _card_left(m, now, s)
    if st is State.CARD_RETURN:
        return lift.not_returned(m, now, s)
    return _on_watchdog(m, now, s)


def _card_left(m: Model, now: float, s: FlowSettings) -> Step:
    """The card is still on the reader after an end screen: remind at the clinic's pace, tell
    the desk once the patient seems to have walked away, and stop sounding after the clinic's
    number of reminders (a queue should not hear it forever; the screen keeps saying it)."""
    n = m.ctx.reminders + 1
    effects: tuple[fx.Effect, ...] = (fx.Remind(),) if n <= s.card_left_reminders else ()
    if n == s.card_left_alert_at:
        effects = (*effects, *alert(AlertReason.CARD_LEFT, m.state.value))
    walked_away = m.ctx.walked_away or n >= s.card_left_alert_at
    why = f"card still on the reader (reminder {n})"
    return enter(m, m.state, now, s, effects, why, reminders=n, walked_away=walked_away)


def _on_watchdog(m: Model, now: float, s: FlowSettings) -> Step:
    st = m.state
    if st in (State.QUERYING, State.REGISTERING):
        return service_down(m, now, s, "the eligibility service did not answer in time")
    if st is State.SAVING_CONSENTS:
        step = on_consents_saved(m, ev.ConsentsSaved(ok=False), now, s)
        return replace(step, effects=(fx.CancelService(), *step.effects))
    if st is State.SAVING_LIMIT:
        step = on_limit_saved(m, ev.LimitSaved(ok=False), now, s)
        return replace(step, effects=(fx.CancelService(), *step.effects))
    if st is State.FACE_VERIFYING:
        step = on_face_verified(m, ev.FaceVerified(FaceOutcome.TIMEOUT, "watchdog"), now, s)
        return replace(step, effects=(fx.CancelFace(), *step.effects))
    return abandon(
        m,
        now,
        s,
        Code.DEVICE_TIMEOUT,
        f"no answer from the device in {st.value}",
        alert(AlertReason.DEVICE_TIMEOUT, st.value),
        needs_staff=True,
    )


def on_tick_phone(m: Model, e: ev.Tick, now: float, s: FlowSettings) -> Step:
    """A phone reception's end screen waits for the phone to leave the reader, not a card."""
    if m.state not in END_STATES:
        return on_tick(m, e, now, s)
    if m.deadline is None or now < m.deadline:
        return Step(m, handled=False)
    if m.ctx.phone_present:  # still held over the reader: remind, as for a card left on it
        return enter(m, m.state, now, s, (fx.Remind(),), "phone still on the reader",
                     reminders=m.ctx.reminders + 1)  # fmt: skip
    return closing_screen(Step(m, (), "phone reception over"), State.CLOSING, now, s)


def on_more_time(m: Model, e: ev.MoreTime, now: float, s: FlowSettings) -> Step:
    step = on_continue(replace(m, ctx=replace(m.ctx, more_time=True)), e, now, s)
    return replace(step, reason="the patient asked for more time")


def on_continue(m: Model, e: ev.Event, now: float, s: FlowSettings) -> Step:
    target = m.resume or State.IDLE
    m = replace(m, resume=None)
    if target is State.FACE_VERIFYING:  # the face check was stopped while asking
        return start_face(m, now, s, "the patient continues")
    if target is State.PHONE_HOLD:  # the phone may have been held meanwhile
        return phone.hold(m, now, s, "the patient continues")
    return enter(m, target, now, s, reason="the patient continues")
