"""The smartphone reception (issue 17): the patient chooses スマートフォン on the idle screen, then
iPhone or Android. Android: the phone certificate's own 4-digit PIN on the kiosk keypad, then the
phone held over the NFC reader; iPhone: Face ID / Touch ID on the phone, then the phone held.
The phone is read in one go while it is held (ReadPhone); then the same eligibility query, the
consents and the done screen as with the card.

The phone certificate's own rules (shared/research/readers.md): no 3-month grace after expiry
(the service says CERT_EXPIRED and the screen says to renew the phone's certificate; the card
still works), no chip photo (no face path, no visual check against a photo), its own PIN counter.

Two devices (their comings and goings are in kiosk.flow.devices): the first one that arrived
wins. A card placed before anything came from the phone (the phone never held, or the phone's
reading ended in a decline or a lock) is the patient's choice: the phone reception ends
(recorded) and the card's starts. A card placed once the phone was held, or a phone held during
a card reception, is told to wait: the reception in progress goes on, never two receptions,
never mixed data.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.codes import Code
from kiosk.flow.eligibility import on_eligibility_failed, query
from kiosk.flow.model import Context, FlowSettings, Model, State
from kiosk.flow.steps import Step, abandon, alert, enter, finish, outcome_so_far
from kiosk.ports import AlertReason, PhoneErrorKind, PhoneKind, PinStatus, VerificationMethod

METHOD_OF = {
    PhoneKind.ANDROID: VerificationMethod.PHONE_PIN,
    PhoneKind.IPHONE: VerificationMethod.PHONE_BIOMETRIC,
}


PHONE_STATES = frozenset(
    {
        State.PHONE_KIND,
        State.PHONE_PIN_ENTRY,
        State.PHONE_HOLD,
        State.PHONE_READING,
        State.PHONE_DECLINED,
        State.PHONE_PIN_LOCKED,
    }
)


# Where a card placed is the patient's choice: nothing usable has come from the phone.
CARD_TAKES_OVER = frozenset(
    {State.PHONE_KIND, State.PHONE_PIN_ENTRY, State.PHONE_HOLD, State.PHONE_DECLINED,
     State.PHONE_PIN_LOCKED}
)  # fmt: skip


def on_phone_chosen(m: Model, e: ev.PhoneChosen, now: float, s: FlowSettings) -> Step:
    fresh = Model(ctx=Context(reception_id=e.reception_id, phone=True))
    return enter(fresh, State.PHONE_KIND, now, s, reason="smartphone chosen")


def on_phone_kind(m: Model, e: ev.PhoneKindChosen, now: float, s: FlowSettings) -> Step:
    m = replace(m, ctx=replace(m.ctx, phone_kind=e.kind))
    if e.kind is PhoneKind.ANDROID:
        return enter(m, State.PHONE_PIN_ENTRY, now, s, reason="Android: the phone's PIN first")
    return hold(m, now, s, "iPhone: confirm on the phone, then hold it")


def on_kind_back(m: Model, e: ev.Back, now: float, s: FlowSettings) -> Step:
    """戻る before anything was read: back to the idle screen (recorded, as every reception)."""
    return finish(m, State.IDLE, now, s, outcome_so_far(m.ctx), "smartphone choice withdrawn",
                  error=Code.PHONE_BACK)  # fmt: skip


def on_pin_back(m: Model, e: ev.Back, now: float, s: FlowSettings) -> Step:
    return enter(m, State.PHONE_KIND, now, s, reason="back to iPhone / Android", error=None)


def on_hold_back(m: Model, e: ev.Back, now: float, s: FlowSettings) -> Step:
    if m.ctx.phone_kind is PhoneKind.ANDROID:
        return enter(m, State.PHONE_PIN_ENTRY, now, s, reason="back to the PIN", error=None)
    return enter(m, State.PHONE_KIND, now, s, reason="back to iPhone / Android", error=None)


def on_pin_submitted(m: Model, e: ev.PinSubmitted, now: float, s: FlowSettings) -> Step:
    # The PIN stays in the session until the phone is held: VERIFY needs the phone.
    return hold(replace(m, ctx=replace(m.ctx, error=None)), now, s, "PIN entered: hold the phone")


def on_use_card(m: Model, e: ev.UseCard, now: float, s: FlowSettings) -> Step:
    return finish(m, State.IDLE, now, s, outcome_so_far(m.ctx),
                  "the patient uses the card instead", error=Code.USE_CARD)  # fmt: skip


def on_retry(m: Model, e: ev.RetryPhone, now: float, s: FlowSettings) -> Step:
    return hold(replace(m, ctx=replace(m.ctx, error=None)), now, s, "trying the phone again")


def hold(m: Model, now: float, s: FlowSettings, reason: str, **kw: Any) -> Step:
    """Ask for the phone, or read it at once when it is already held."""
    if m.ctx.phone_present:
        return _read(m, now, s, reason + "; the phone is already held")
    return enter(m, State.PHONE_HOLD, now, s, reason=reason, **kw)


def _read(m: Model, now: float, s: FlowSettings, reason: str) -> Step:
    ctx = m.ctx
    assert ctx.phone_kind is not None  # a read follows the kind's choice
    attempt = ctx.phone_reads + 1
    read = fx.ReadPhone(ctx.phone_kind, attempt, last_try_shown=ctx.pin_tries_left == 1)
    return enter(m, State.PHONE_READING, now, s, (read,), reason, phone_reads=attempt, error=None)


def on_arrived_to_hold(m: Model, e: ev.PhoneArrived, now: float, s: FlowSettings) -> Step:
    return _read(replace(m, ctx=replace(m.ctx, phone_present=True)), now, s, "phone held")


def _current(m: Model, attempt: int) -> bool:
    return attempt == m.ctx.phone_reads


def _stale(m: Model) -> Step:
    return Step(m, handled=False, reason="an earlier read's late answer")


def on_read(m: Model, e: ev.PhoneRead, now: float, s: FlowSettings) -> Step:
    if not _current(m, e.attempt) or m.ctx.phone_kind is None:
        return _stale(m)
    method = METHOD_OF[m.ctx.phone_kind]
    return query(m, now, s, method, f"phone read and verified ({method.value})")


def on_pin_checked(m: Model, e: ev.PhonePinChecked, now: float, s: FlowSettings) -> Step:
    if not _current(m, e.attempt):
        return _stale(m)
    if e.status is PinStatus.WRONG and e.tries_left > 0:
        return enter(m, State.PHONE_PIN_ENTRY, now, s,
                     reason=f"wrong phone PIN, {e.tries_left} tries left",
                     pin_tries_left=e.tries_left, error=Code.WRONG_PIN)  # fmt: skip
    code = Code.LOCKED_NOW if e.status is PinStatus.LOCKED_NOW else Code.ALREADY_LOCKED
    return enter(m, State.PHONE_PIN_LOCKED, now, s, alert(AlertReason.PIN_LOCKED, f"phone_{code}"),
                 reason=f"phone PIN locked ({code})", pin_tries_left=0, error=code)  # fmt: skip


def on_tries_read(m: Model, e: ev.PhoneTriesRead, now: float, s: FlowSettings) -> Step:
    if not _current(m, e.attempt):
        return _stale(m)
    return enter(m, State.PHONE_PIN_ENTRY, now, s,
                 reason="one try left: told before the PIN is sent", pin_tries_left=e.tries_left,
                 error=Code.LAST_TRY)  # fmt: skip


def on_pin_rejected(m: Model, e: ev.PhonePinRejected, now: float, s: FlowSettings) -> Step:
    if not _current(m, e.attempt):
        return _stale(m)
    return enter(m, State.PHONE_PIN_ENTRY, now, s, reason="PIN not sent: pin_format",
                 error=Code.PIN_FORMAT)  # fmt: skip


def on_failed(m: Model, e: ev.PhoneFailed, now: float, s: FlowSettings) -> Step:
    if not _current(m, e.attempt):
        return _stale(m)
    if e.kind is PhoneErrorKind.CANCELLED_ON_PHONE:
        return enter(m, State.PHONE_DECLINED, now, s, reason="declined on the phone",
                     error=Code.CANCELLED_ON_PHONE)  # fmt: skip
    if e.kind is PhoneErrorKind.NO_READER:
        return abandon(m, now, s, Code.PHONE_NO_READER, "the NFC reader is not there",
                        alert(AlertReason.CARD_ERROR, "nfc_reader"), needs_staff=True)  # fmt: skip
    if e.kind is PhoneErrorKind.REMOVED and e.pin_used:
        # VERIFY went out and the phone left: its answer is unknown. The patient types the PIN
        # again; the next hold reads the tries without consuming one, so the count shown is true.
        return enter(m, State.PHONE_PIN_ENTRY, now, s, reason="phone removed during VERIFY",
                     error=Code.PHONE_REMOVED, phone_present=False)  # fmt: skip
    if e.kind is PhoneErrorKind.REMOVED:
        return removed(m, now, s)
    if m.state is State.PHONE_HOLD:  # the removal was heard first: already asking again
        return Step(m, reason=f"phone read: {e.kind.value}")
    return enter(m, State.PHONE_HOLD, now, s, reason=f"phone read: {e.kind.value}",
                 error=Code.of(e.kind))  # fmt: skip


def on_kind_found(m: Model, e: ev.PhoneKindFound, now: float, s: FlowSettings) -> Step:
    """The patient chose the other kind: follow the phone. An Android needs its PIN first; an
    iPhone asks its holder when it is read again."""
    if not _current(m, e.attempt):
        return _stale(m)
    m = replace(m, ctx=replace(m.ctx, phone_kind=e.kind))
    if e.kind is PhoneKind.ANDROID:
        return enter(m, State.PHONE_PIN_ENTRY, now, s, reason="the phone is an Android: its PIN",
                     error=Code.KIND_ANDROID)  # fmt: skip
    return hold(m, now, s, "the phone is an iPhone: no PIN")


def on_nonce_failed(m: Model, e: ev.PhoneNonceFailed, now: float, s: FlowSettings) -> Step:
    if not _current(m, e.attempt):
        return _stale(m)
    assert m.ctx.phone_kind is not None
    m = replace(m, ctx=replace(m.ctx, method=METHOD_OF[m.ctx.phone_kind]))
    return on_eligibility_failed(m, ev.EligibilityFailed(e.kind), now, s)


def removed(m: Model, now: float, s: FlowSettings) -> Step:
    """Pulled away mid-read: say so and ask again. Nothing is lost (the PIN, if not yet sent,
    waits in the session) and no try was used."""
    if m.state is State.PHONE_HOLD:
        return Step(replace(m, ctx=replace(m.ctx, phone_present=False)), (), "phone removed")
    return enter(m, State.PHONE_HOLD, now, s, reason="phone removed mid-read: hold it again",
                 error=Code.PHONE_REMOVED, phone_present=False)  # fmt: skip
