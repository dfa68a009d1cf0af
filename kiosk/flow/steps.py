"""What every handler of the reception builds on: the Step a handler returns, entering a state
with its deadline, ending a reception (record, wipe), and the small effects many handlers send.

Handlers live in modules by topic (kiosk.flow.identity, .staff, .eligibility, .consent, .phone,
.lift, .devices, .timeouts, .patient); they import what they share from here, never from the
table (kiosk.flow.machine), so the imports run one way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.model import (
    AFTER_STATES,
    BUSY_STATES,
    END_STATES,
    PATIENT_STATES,
    STAFF_WAIT_STATES,
    Context,
    FlowSettings,
    Model,
    State,
)
from kiosk.ports import AlertReason, ReceptionOutcome, StaffActionKind

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


MORE_TIME = 2  # 時間を延長 on 続けますか？ doubles every later wait for that patient


def deadline_for(
    state: State, now: float, s: FlowSettings, more_time: bool = False
) -> float | None:
    if state in STAFF_WAIT_STATES:  # a patient told to wait for staff is never timed out
        return None
    if state in PATIENT_STATES or state is State.DONE:
        return now + s.inactivity_s * (MORE_TIME if more_time else 1)
    if state is State.CARD_RETURN:
        return now + s.card_return_s
    if state is State.FACE_VERIFYING:
        return now + s.face_budget_s + s.watchdog_s
    if state is State.PHONE_READING:  # the phone answers once its holder approved on it
        return now + s.phone_prompt_s
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
    return Step(Model(state, ctx, deadline_for(state, now, s, ctx.more_time)), effects, reason)


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
    model = Model(state, ctx, deadline_for(state, now, s)) if state is not State.IDLE else Model()
    return Step(model, effects, reason)


def abandon(
    m: Model,
    now: float,
    s: FlowSettings,
    error: str,
    reason: str,
    before: tuple[fx.Effect, ...] = (),
    **kw: Any,
) -> Step:
    outcome = outcome_so_far(m.ctx)
    return finish(m, State.ENDED, now, s, outcome, reason, before, error=error, **kw)


def alert(reason: AlertReason, detail: str = "") -> tuple[fx.Effect, ...]:
    return (fx.AlertStaff(reason, detail),)


def audit(action: StaffActionKind) -> tuple[fx.Effect, ...]:
    return (fx.AuditStaff(action),)


def outcome_so_far(ctx: Context) -> ReceptionOutcome:
    # Once eligibility is confirmed the clinic has what it needs: the reception counts.
    if ctx.validity in VALID_CODES:
        return ReceptionOutcome.COMPLETE
    return ReceptionOutcome.ABANDONED


def closing_screen(step: Step, state: State, now: float, s: FlowSettings) -> Step:
    """The closing / card-removed screen keeps only what it shows, nothing of the patient."""
    old = step.model.ctx
    ctx = Context(
        outcome=old.outcome, needs_staff=old.needs_staff, phone=old.phone,
        walked_away=old.walked_away,
    )  # fmt: skip
    return replace(step, model=Model(state, ctx, deadline_for(state, now, s)))


def stop_face(m: Model) -> tuple[fx.Effect, ...]:
    """Leaving FACE_VERIFYING stops the camera's match: nothing else is running elsewhere."""
    return (fx.CancelFace(),) if m.state is State.FACE_VERIFYING else ()
