"""What the patient may do on most screens: stop (やめる, asked to confirm), call staff, go back to
the method choice, or just touch the screen (which restarts the state's clock)."""

from __future__ import annotations

from dataclasses import replace

from kiosk.flow import events as ev
from kiosk.flow.codes import Code
from kiosk.flow.model import FlowSettings, Model, State
from kiosk.flow.steps import Step, abandon, alert, deadline_for, enter, stop_face
from kiosk.ports import AlertReason


def on_call_staff(m: Model, e: ev.CallStaff, now: float, s: FlowSettings) -> Step:
    stop = stop_face(m)
    effects = (*stop, *alert(AlertReason.CALL, m.state.value))
    return enter(
        m, State.STAFF_CALLED, now, s, effects, "staff called", needs_staff=True, staff_seen=False
    )


def on_ask_cancel(m: Model, e: ev.AskCancel, now: float, s: FlowSettings) -> Step:
    stop = stop_face(m)
    step = enter(m, State.CONFIRM_CANCEL, now, s, stop, "やめる: asking to confirm")
    return replace(step, model=replace(step.model, resume=m.state))


def on_cancel(m: Model, e: ev.Cancel, now: float, s: FlowSettings) -> Step:
    stop = stop_face(m)
    where = m.resume.value if m.state is State.CONFIRM_CANCEL and m.resume else m.state.value
    step = abandon(m, now, s, Code.CANCELLED, f"cancelled by the patient in {where}")
    return replace(step, effects=(*stop, *step.effects))


def on_back(m: Model, e: ev.Back, now: float, s: FlowSettings) -> Step:
    return enter(m, State.CHOOSE_METHOD, now, s, reason="back to the method choice", error=None)


def on_touch(m: Model, e: ev.Touch, now: float, s: FlowSettings) -> Step:
    deadline = deadline_for(m.state, now, s, m.ctx.more_time)
    return Step(replace(m, deadline=deadline), (), "touch", handled=True)
