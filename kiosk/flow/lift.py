"""One camera for both (``card_front.source = "face-camera"``): the patient takes the card off
the reader to hold its front up to the face camera, then puts it back.

FACE_PREPARING reads 照合番号B from the held-up front; the card leaving the reader there is
expected (``card_lifted``), not the end of the reception. Once the front is read, CARD_RETURN
asks for the card back (カードをもう一度リーダーに置いてください) for ``card_return_s``; the card
placed then goes to CARD_CHECKING, where the runtime reads its user-auth certificate again (no
PIN, no try) and compares it with the one read at the start. Only the same card gets the
照合番号B VERIFY and the photo read; another card ends the reception (recorded, staff alerted,
never a VERIFY on either card); no card back in time ends it as abandoned. The card is never
sent a VERIFY while it is off the reader: the VERIFY runs only in CARD_CHECKING, on the card
that came back.

With the card off the reader the patient may still call staff (the screen stays and, as for
every patient told to wait for staff, no clock runs) or stop (やめる, confirmed; the card placed
while asked is the answer "go on"). A reception that ends with the card in the patient's hand
ends on the card-removed screen, never on one that waits for the card to be taken.
"""

from __future__ import annotations

from dataclasses import replace

from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.codes import Code
from kiosk.flow.consent import on_call_staff_here
from kiosk.flow.identity import on_face_prepare_failed
from kiosk.flow.model import FlowSettings, Model, State
from kiosk.flow.patient import on_cancel
from kiosk.flow.steps import Step, alert, closing_screen, enter, finish
from kiosk.ports import AlertReason, ReceptionOutcome

# Where the card may be off the reader without ending the reception.
_LIFT_STATES = frozenset({State.FACE_PREPARING, State.CARD_RETURN, State.CARD_CHECKING})


def expected(m: Model) -> bool:
    """The card leaving the reader is part of this step (one camera for both)."""
    return m.ctx.front_held_up and m.state in _LIFT_STATES


def on_lifted(m: Model, now: float, s: FlowSettings) -> Step:
    if m.state is State.FACE_PREPARING:  # reading the front: keep the read's watchdog
        model = replace(m, ctx=replace(m.ctx, card_lifted=True))
        return Step(model, (), "card lifted to show its front")
    if m.state is State.CARD_CHECKING:
        # Taken off again before the check ended: whatever that check answers is dropped
        # (CARD_RETURN does not take it), and the card is checked again when it is back.
        return enter(m, State.CARD_RETURN, now, s, (), "card lifted again", card_lifted=True)
    return Step(m, handled=False, reason="card already off the reader")


def on_front_read(m: Model, e: ev.FrontRead, now: float, s: FlowSettings) -> Step:
    if m.ctx.card_lifted:
        return enter(m, State.CARD_RETURN, now, s, (), "card front read: put the card back")
    # The patient held the front up without taking the card out of the reader's field.
    effect = fx.ReadCardFace(same_card=False)
    return enter(m, State.CARD_CHECKING, now, s, (effect,), "card front read; card on the reader")


def on_front_failed(m: Model, e: ev.FacePrepareFailed, now: float, s: FlowSettings) -> Step:
    if not m.ctx.card_lifted:
        return on_face_prepare_failed(m, e, now, s)
    # The PIN and staff need the card: back on the reader first, then the failure is shown.
    why = f"card front not read ({e.reason}): put the card back"
    return enter(m, State.CARD_RETURN, now, s, (), why, lift_failed=e.reason)


def on_card_back(m: Model, e: ev.CardInserted, now: float, s: FlowSettings) -> Step:
    effect = fx.ReadCardFace(same_card=True, photo=m.ctx.lift_failed is None)
    return enter(m, State.CARD_CHECKING, now, s, (effect,), "card placed again", card_lifted=False)


def on_same_card(m: Model, e: ev.CardBack, now: float, s: FlowSettings) -> Step:
    failed = ev.FacePrepareFailed(m.ctx.lift_failed or Code.FRONT_UNREADABLE)
    return on_face_prepare_failed(replace(m, ctx=replace(m.ctx, lift_failed=None)), failed, now, s)


def on_swapped(m: Model, e: ev.CardSwapped, now: float, s: FlowSettings) -> Step:
    """Another card came back: nothing of the first patient reaches it, nothing of it is read."""
    return finish(
        m,
        State.CARD_ERROR,
        now,
        s,
        ReceptionOutcome.ABANDONED,
        "a different card was placed after the card front was shown",
        alert(AlertReason.CARD_ERROR, "different_card"),
        error=Code.DIFFERENT_CARD,
        needs_staff=True,
    )


def not_returned(m: Model, now: float, s: FlowSettings) -> Step:
    return _end_off_reader(m, now, s, "the card was not put back on the reader in time",
                           "card_not_returned")  # fmt: skip


def _end_off_reader(m: Model, now: float, s: FlowSettings, why: str, error: str) -> Step:
    step = finish(m, State.CARD_REMOVED, now, s, ReceptionOutcome.ABANDONED, why, error=error)
    return closing_screen(step, State.CARD_REMOVED, now, s)


def _asked_while_off(m: Model) -> bool:
    return m.state is State.CONFIRM_CANCEL and m.resume is State.CARD_RETURN


def on_call_staff(m: Model, e: ev.CallStaff, now: float, s: FlowSettings) -> Step:
    """係員を呼ぶ with the card in hand: staff come; the card is still awaited, without a clock."""
    step = on_call_staff_here(m, e, now, s)  # as after the eligibility check: the screen stays
    return replace(step, model=replace(step.model, deadline=None))


def on_cancel_off_reader(m: Model, e: ev.Cancel, now: float, s: FlowSettings) -> Step:
    if m.state is not State.CARD_RETURN and not _asked_while_off(m):
        return on_cancel(m, e, now, s)
    return _end_off_reader(m, now, s, "cancelled by the patient while the card was off the reader",
                           "cancelled")  # fmt: skip


def on_card_back_while_asked(m: Model, e: ev.CardInserted, now: float, s: FlowSettings) -> Step:
    """The card placed while やめますか？ is asked: the patient goes on (the card answers)."""
    if not _asked_while_off(m):
        return Step(m, handled=False, reason="card placed: no reception waits for it here")
    return on_card_back(replace(m, resume=None), e, now, s)


def timed_out_while_asked(m: Model, now: float, s: FlowSettings) -> Step | None:
    """No answer to やめますか？ with the card off the reader: as if it never came back."""
    return not_returned(m, now, s) if _asked_while_off(m) else None
