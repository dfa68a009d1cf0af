"""What arrives and leaves, in any state: the card leaving the reader or failing, the card reader
going and coming, saving becoming impossible and possible again, and a smartphone held or taken
(on its own NFC reader or on the card's). During a phone reception the card reader's news mean
other things (``on_card_during_phone`` …): kiosk.flow.machine checks those first.

``arrival_is_phone`` decides, with one reader for both, whether what was just placed on it is
the phone (the patient is in the phone's steps) or a card; ``SharedReader`` keeps what is on
that reader so the event loops (Qt's and the headless one) turn its news into the right events.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow import lift, phone
from kiosk.flow.codes import Code
from kiosk.flow.identity import on_card_inserted
from kiosk.flow.model import AFTER_STATES, END_STATES, Context, FlowSettings, Model, State
from kiosk.flow.steps import (
    Step,
    abandon,
    alert,
    closing_screen,
    enter,
    finish,
    outcome_so_far,
    stop_face,
)
from kiosk.ports import AlertReason, CardErrorKind, ReceptionOutcome

# Out of service because nothing can be saved. The runtime sends SavingStopped only while idle
# (a patient in progress finishes: the store holds that record in memory) and checks again on
# every tick, so after the reader's own out-of-service ends the kiosk goes straight back out if
# saving is still impossible; a lost reader takes over from this reason.
RECORDS_UNSAVED = Code.RECORDS_UNSAVED


# --- the card ------------------------------------------------------------------------------


def on_card_removed(m: Model, e: ev.Event, now: float, s: FlowSettings) -> Step:
    if m.state in (State.IDLE, State.OUT_OF_SERVICE) or m.state in AFTER_STATES:
        return Step(m, handled=False)
    if lift.expected(m):
        return lift.on_lifted(m, now, s)
    if m.state in END_STATES:
        # A card the desk was told was left behind: taken now, so that alert is over.
        left = m.ctx.walked_away
        taken = (fx.ResolveAlert(AlertReason.CARD_LEFT, "card_taken"),) if left else ()
        return closing_screen(Step(m, taken, "card taken"), State.CLOSING, now, s)
    before = stop_face(m)
    outcome = outcome_so_far(m.ctx)
    if m.state is State.DONE:
        why = "card taken: reception complete, limit info not provided"
        step = finish(m, State.CLOSING, now, s, outcome, why, before, limit_provided=False)
        return closing_screen(step, State.CLOSING, now, s)
    why = f"card removed in {m.state.value}"
    step = finish(m, State.CARD_REMOVED, now, s, outcome, why, before, error=Code.CARD_REMOVED)
    return closing_screen(step, State.CARD_REMOVED, now, s)


def on_card_failed(m: Model, e: ev.CardFailed, now: float, s: FlowSettings) -> Step:
    if e.kind is CardErrorKind.REMOVED and lift.expected(m):
        # A card job that found the card gone: the reader's own CardRemoved says what to do.
        return Step(m, handled=False, reason="card off the reader: expected while lifted")
    if e.kind is CardErrorKind.REMOVED:
        return on_card_removed(m, e, now, s)
    if not m.in_reception:
        return Step(m, handled=False)
    return finish(
        m,
        State.CARD_ERROR,
        now,
        s,
        ReceptionOutcome.ABANDONED,
        f"card error: {e.kind.value}" + (" (a smartphone)" if e.phone else ""),
        alert(AlertReason.CARD_ERROR, e.kind.value),
        error=Code.PHONE_ON_CARD_READER if e.phone else e.kind.value,
    )


# --- the card reader and saving ------------------------------------------------------------


def on_reader_lost(m: Model, e: ev.ReaderLost, now: float, s: FlowSettings) -> Step:
    """Out of service until the reader is back; a reception in progress ends as if its card
    had left (it did: no reader, no card)."""
    if m.state is State.OUT_OF_SERVICE and m.ctx.error != RECORDS_UNSAVED:
        return Step(m, handled=False)
    lost = fx.AlertStaff(AlertReason.OUT_OF_SERVICE, f"no card reader: {e.reason}")
    ended: tuple[fx.Effect, ...] = ()
    if m.in_reception:
        why = f"card reader lost in {m.state.value}"
        ended = finish(m, State.IDLE, now, s, outcome_so_far(m.ctx), why, stop_face(m),
                       error=Code.NO_READER).effects  # fmt: skip
    return Step(Model(State.OUT_OF_SERVICE), (*ended, lost), f"out of service: {e.reason}")


def on_reader_lost_during_phone(m: Model, e: ev.ReaderLost, now: float, s: FlowSettings) -> Step:
    """A phone reception needs no card reader (with a reader of its own): it finishes, staff
    are told, and the kiosk is out of service once it is over (the runtime posts ReaderLost
    again at the idle screen)."""
    if not m.in_reception:
        return on_reader_lost(m, e, now, s)
    lost = fx.AlertStaff(AlertReason.OUT_OF_SERVICE, f"no card reader: {e.reason}")
    why = f"card reader lost during a phone reception ({e.reason}): it goes on"
    return Step(m, (lost,), why)


def on_reader_found(m: Model, e: ev.ReaderFound, now: float, s: FlowSettings) -> Step:
    return Step(Model(), (), "card reader back: in service")


def on_saving_stopped(m: Model, e: ev.SavingStopped, now: float, s: FlowSettings) -> Step:
    stopped = fx.AlertStaff(AlertReason.OUT_OF_SERVICE, f"records cannot be saved: {e.reason}")
    model = Model(State.OUT_OF_SERVICE, Context(error=RECORDS_UNSAVED))
    return Step(model, (stopped,), f"out of service: records cannot be saved ({e.reason})")


def on_saving_resumed(m: Model, e: ev.SavingResumed, now: float, s: FlowSettings) -> Step:
    if m.ctx.error != RECORDS_UNSAVED:
        return Step(m, handled=False, reason="out of service for another reason")
    return Step(Model(), (), "records can be saved again: in service")


# --- the smartphone, in any state ------------------------------------------------------------


def on_phone_arrived(m: Model, e: ev.PhoneArrived, now: float, s: FlowSettings) -> Step:
    if m.state is State.IDLE or m.state in AFTER_STATES:
        # Held before スマートフォン was tapped: start, and ask the kind (it decides the PIN).
        fresh = Model(ctx=Context(reception_id=e.reception_id, phone=True, phone_present=True))
        return enter(fresh, State.PHONE_KIND, now, s, reason="a phone was held: which kind?")
    if m.ctx.phone and m.state is State.PHONE_HOLD:
        return phone.on_arrived_to_hold(m, e, now, s)
    if m.ctx.phone:
        return Step(replace(m, ctx=replace(m.ctx, phone_present=True)), (), "")
    if m.in_reception:
        ctx = replace(m.ctx, other_device="phone")
        return Step(
            replace(m, ctx=ctx), (), "a phone was held during a card reception: told to wait"
        )
    return Step(m, handled=False, reason="phone held: no reception can start now")


def on_phone_removed(m: Model, e: ev.PhoneRemoved, now: float, s: FlowSettings) -> Step:
    if not m.ctx.phone:
        if m.ctx.other_device != "phone":
            return Step(m, handled=False, reason="phone removed")
        return Step(replace(m, ctx=replace(m.ctx, other_device=None)), (), "the phone was taken")
    if m.state is State.PHONE_READING:
        return phone.removed(m, now, s)
    if m.state in END_STATES:
        return closing_screen(Step(m, (), "phone taken"), State.CLOSING, now, s)
    return Step(replace(m, ctx=replace(m.ctx, phone_present=False)), (), "")


# --- during a phone reception: the card reader's news, the phone reader's loss ---------------


def on_card_during_phone(m: Model, e: ev.CardInserted, now: float, s: FlowSettings) -> Step:
    if m.state in END_STATES or m.state in AFTER_STATES:
        return on_card_inserted(m, e, now, s)  # the phone reception is over: a new one
    if m.state in phone.CARD_TAKES_OVER and not (
        m.state is State.PHONE_HOLD and m.ctx.phone_present
    ):
        why = "a card was placed before the phone: the card reception takes over"
        done = finish(
            m, State.IDLE, now, s, outcome_so_far(m.ctx), why, error=Code.SWITCHED_TO_CARD
        )
        return replace(done, follow=e)
    ctx = replace(m.ctx, other_device="card")
    return Step(replace(m, ctx=ctx), (), "a card was placed during a phone reception: told to wait")


def on_card_taken_during_phone(m: Model, e: ev.CardRemoved, now: float, s: FlowSettings) -> Step:
    if m.state in AFTER_STATES:
        return on_card_removed(m, e, now, s)
    ctx = replace(m.ctx, other_device=None)
    return Step(replace(m, ctx=ctx), (), "the card was taken; the phone reception goes on")


def on_card_failed_during_phone(m: Model, e: ev.CardFailed, now: float, s: FlowSettings) -> Step:
    if e.kind is CardErrorKind.REMOVED and m.state not in AFTER_STATES:
        return on_card_taken_during_phone(m, ev.CardRemoved(), now, s)
    return on_card_failed(m, e, now, s)


def on_phone_reader_lost(m: Model, e: ev.PhoneReaderLost, now: float, s: FlowSettings) -> Step:
    if m.state not in phone.PHONE_STATES:  # the phone was read already, or nothing waits for it
        return Step(m, handled=False, reason="the NFC reader left: no phone is awaited")
    why = f"the NFC reader is gone: {e.reason}"
    lost = alert(AlertReason.CARD_ERROR, "nfc_reader")
    return abandon(m, now, s, Code.PHONE_NO_READER, why, lost, needs_staff=True)


def on_kiosk_stopping(m: Model, e: ev.KioskStopping, now: float, s: FlowSettings) -> Step:
    if not m.in_reception:
        return Step(m, handled=False, reason="nothing in progress")
    return abandon(m, now, s, Code.KIOSK_STOPPED, f"the kiosk closed in {m.state.value}")


# --- one reader for both -------------------------------------------------------------------

# Where the patient waits to hold the phone: what is placed on the one reader then is the phone
# (its lock screen tells them to use the card: there a card is a card).
PHONE_ARRIVAL_STATES = frozenset(
    {State.PHONE_KIND, State.PHONE_PIN_ENTRY, State.PHONE_HOLD, State.PHONE_DECLINED}
)


def arrival_is_phone(m: Model) -> bool:
    """With one reader for both (``[phone] reader`` = ``[card] reader``): is what was just
    placed on it the phone?"""
    return m.ctx.phone and m.state in PHONE_ARRIVAL_STATES


@dataclass
class SharedReader:
    """What is on the one reader for both, and the flow events its news become. Pure: the event
    loop asks it and posts what it answers."""

    shared: bool = False  # off: the card reader is only the card's
    as_phone: bool = False  # what lies on the reader was taken as the phone

    def placed(self, m: Model, present: bool) -> ev.Event:
        """The reader's monitor saw something arrive (``present``) or leave."""
        if self.shared and (self.as_phone or (present and arrival_is_phone(m))):
            self.as_phone = present
            return ev.PhoneArrived(uuid.uuid4().hex) if present else ev.PhoneRemoved()
        return ev.CardInserted(uuid.uuid4().hex) if present else ev.CardRemoved()

    def after(self, m: Model) -> ev.Event | None:
        """After each step: a phone reception that ended (use the card, back) with something
        still on the one reader took it as the phone; now it is the card the patient chose (a
        phone left lying there is told so by the card path)."""
        if self.shared and self.as_phone and m.state is State.IDLE:
            self.as_phone = False
            return ev.CardInserted(uuid.uuid4().hex)
        return None
