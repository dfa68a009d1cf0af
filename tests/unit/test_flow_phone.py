"""The smartphone reception's transitions (kiosk.flow.phone), without Qt or I/O."""

from __future__ import annotations

from datetime import date

from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.model import Context, Model, State
from kiosk.ports import (
    AlertReason,
    CardErrorKind,
    EligibilityErrorKind,
    PhoneErrorKind,
    PhoneKind,
    PinStatus,
    ReceptionOutcome,
)
from kiosk.ports import VerificationMethod as VM

from .test_flow import UNDER_40, VISIT, Run, S

ANDROID, IPHONE = PhoneKind.ANDROID, PhoneKind.IPHONE


def chosen(kind: PhoneKind) -> Run:
    return Run()(ev.PhoneChosen("p1"), ev.PhoneKindChosen(kind))


def android_held() -> Run:
    return chosen(ANDROID)(ev.PinSubmitted(), ev.PhoneArrived("x"))


def reads(run: Run) -> list[fx.ReadPhone]:
    return [e for e in run.effects if isinstance(e, fx.ReadPhone)]


def test_the_phone_choice_starts_a_reception_and_asks_the_kind() -> None:
    run = Run()(ev.PhoneChosen("p1"))
    assert run.state is State.PHONE_KIND
    assert run.m.ctx.reception_id == "p1" and run.m.ctx.phone and run.effects == []


def test_android_asks_the_phone_pin_first_then_the_phone() -> None:
    run = chosen(ANDROID)
    assert run.state is State.PHONE_PIN_ENTRY
    run(ev.PinSubmitted())
    assert run.state is State.PHONE_HOLD and reads(run) == []  # nothing is sent without a phone
    run(ev.PhoneArrived("ignored"))
    assert run.state is State.PHONE_READING
    assert reads(run) == [fx.ReadPhone(ANDROID, 1, last_try_shown=False)]
    assert run.m.ctx.reception_id == "p1"  # the arrival's id starts nothing here


def test_a_read_android_phone_queries_with_the_phone_pin_method() -> None:
    run = android_held()(ev.PhoneRead(1))
    assert run.state is State.QUERYING and run.m.ctx.method is VM.PHONE_PIN
    assert run.effects[-1] == fx.ConfirmEligibility(VM.PHONE_PIN)
    run(ev.EligibilityConfirmed("1", UNDER_40, VISIT))
    assert run.state is State.CONSENT_MEDICATION


def test_iphone_goes_straight_to_the_hold_and_queries_with_the_biometric_method() -> None:
    run = chosen(IPHONE)
    assert run.state is State.PHONE_HOLD
    run(ev.PhoneArrived("x"), ev.PhoneRead(1))
    assert run.m.ctx.method is VM.PHONE_BIOMETRIC
    assert reads(run) == [fx.ReadPhone(IPHONE, 1)]


def test_a_wrong_phone_pin_shows_the_tries_and_asks_again() -> None:
    run = android_held()(ev.PhonePinChecked(1, PinStatus.WRONG, 2))
    assert run.state is State.PHONE_PIN_ENTRY
    assert run.m.ctx.pin_tries_left == 2 and run.m.ctx.error == "wrong_pin"
    run(ev.PinSubmitted())  # the phone is still held: read again at once
    assert run.state is State.PHONE_READING and reads(run)[-1].attempt == 2


def test_one_try_left_is_told_before_the_pin_is_sent_then_used_knowingly() -> None:
    run = android_held()(ev.PhoneTriesRead(1, 1))
    assert run.state is State.PHONE_PIN_ENTRY
    assert run.m.ctx.pin_tries_left == 1 and run.m.ctx.error == "last_try"
    run(ev.PinSubmitted())
    assert reads(run)[-1] == fx.ReadPhone(ANDROID, 2, last_try_shown=True)


def test_a_locked_phone_pin_says_so_and_alerts_staff() -> None:
    run = android_held()(ev.PhonePinChecked(1, PinStatus.ALREADY_LOCKED, 0))
    assert run.state is State.PHONE_PIN_LOCKED and run.m.ctx.error == "already_locked"
    assert fx.AlertStaff(AlertReason.PIN_LOCKED, "phone_already_locked") in run.effects
    run = android_held()(ev.PhonePinChecked(1, PinStatus.LOCKED_NOW, 0))
    assert run.state is State.PHONE_PIN_LOCKED and run.m.ctx.error == "locked_now"


def test_use_the_card_ends_the_phone_reception_back_at_idle() -> None:
    run = android_held()(ev.PhonePinChecked(1, PinStatus.LOCKED_NOW, 0), ev.UseCard())
    assert run.state is State.IDLE
    record = run.record()
    assert record.outcome is ReceptionOutcome.ABANDONED and record.ctx.error == "use_card"
    assert run.names()[-1] == "WipeSession"


def test_an_iphone_declined_on_the_phone_offers_retry_card_and_staff() -> None:
    run = chosen(IPHONE)(ev.PhoneArrived("x"), ev.PhoneFailed(1, PhoneErrorKind.CANCELLED_ON_PHONE))
    assert run.state is State.PHONE_DECLINED
    run(ev.RetryPhone())  # still held: read again at once (the phone asks its holder again)
    assert run.state is State.PHONE_READING and reads(run)[-1].attempt == 2
    run(ev.PhoneFailed(2, PhoneErrorKind.CANCELLED_ON_PHONE), ev.CallStaff())
    assert run.state is State.STAFF_CALLED


def test_staff_cannot_switch_a_phone_reception_to_the_visual_check() -> None:
    run = chosen(IPHONE)(ev.CallStaff(), ev.StaffAuthenticated())
    assert run.state is State.STAFF_CALLED and not run.last.handled
    run(ev.StaffSent())  # nor can the desk send someone to compare a photo the phone lacks
    assert run.state is State.STAFF_CALLED and not run.last.handled


def test_a_phone_pulled_away_mid_read_asks_again_and_keeps_everything() -> None:
    run = android_held()(ev.PhoneRemoved())
    assert run.state is State.PHONE_HOLD and run.m.ctx.error == "phone_removed"
    assert run.names().count("SaveRecord") == 0  # nothing ended, nothing lost
    run(ev.PhoneFailed(1, PhoneErrorKind.REMOVED))  # the read's own answer, later
    assert run.state is State.PHONE_HOLD
    run(ev.PhoneArrived("x"))
    assert run.state is State.PHONE_READING and reads(run)[-1].attempt == 2
    run(ev.PhoneFailed(1, PhoneErrorKind.UNREADABLE))  # an earlier read's answer: ignored
    assert run.state is State.PHONE_READING and not run.last.handled


def test_a_read_that_finished_as_the_phone_left_is_still_used() -> None:
    run = android_held()(ev.PhoneRemoved(), ev.PhoneRead(1))
    assert run.state is State.QUERYING


def test_the_phone_leaving_during_verify_asks_for_the_pin_again() -> None:
    run = android_held()(ev.PhoneFailed(1, PhoneErrorKind.REMOVED, pin_used=True))
    assert run.state is State.PHONE_PIN_ENTRY and run.m.ctx.error == "phone_removed"


def test_a_phone_held_before_choosing_starts_and_is_read_once_the_kind_is_known() -> None:
    run = Run()(ev.PhoneArrived("p2"))
    assert run.state is State.PHONE_KIND and run.m.ctx.reception_id == "p2"
    run(ev.PhoneKindChosen(IPHONE))
    assert run.state is State.PHONE_READING


def test_a_phone_certificate_past_its_expiry_ends_with_its_own_screen_no_grace() -> None:
    run = chosen(IPHONE)(ev.PhoneArrived("x"), ev.PhoneRead(1))
    run(ev.EligibilityFailed(EligibilityErrorKind.CERT_EXPIRED))
    assert run.state is State.CERT_ERROR and run.m.ctx.phone
    assert run.m.ctx.error == "cert_expired"
    assert run.record().outcome is ReceptionOutcome.ABANDONED


def test_a_phone_whose_card_is_not_registered_is_not_offered_registration() -> None:
    run = chosen(ANDROID)(ev.PinSubmitted(), ev.PhoneArrived("x"), ev.PhoneRead(1))
    run(ev.EligibilityFailed(EligibilityErrorKind.NOT_REGISTERED))
    assert run.state is State.ENDED and run.m.ctx.error == "not_registered"


def test_the_service_down_before_the_phone_signs_leaves_a_pending_reception() -> None:
    run = android_held()(ev.PhoneNonceFailed(1, EligibilityErrorKind.UNREACHABLE))
    assert run.state is State.SERVICE_DOWN
    assert run.record().outcome is ReceptionOutcome.PENDING
    assert run.record().ctx.method is VM.PHONE_PIN


def test_after_a_phone_reception_the_phone_taken_closes_and_a_lingering_phone_is_reminded() -> None:
    run = Run(model=Model(State.FINISHED, Context(reception_id="p", phone=True, phone_present=True),
                          deadline=S.card_left_reminder_s))  # fmt: skip
    run.wait(S.card_left_reminder_s)
    assert run.state is State.FINISHED and "Remind" in run.names()
    run(ev.PhoneRemoved())
    assert run.state is State.CLOSING and run.m.ctx.phone
    gone = Run(model=Model(State.FINISHED, Context(reception_id="p", phone=True),
                           deadline=S.card_left_reminder_s))  # fmt: skip
    gone.wait(S.card_left_reminder_s)
    assert gone.state is State.CLOSING and "Remind" not in gone.names()


# --- a phone and a card ----------------------------------------------------------------------


def test_a_card_placed_before_the_phone_takes_over_after_the_choice_is_recorded() -> None:
    run = chosen(ANDROID)(ev.CardInserted("c1"))
    step = run.last
    assert step.model.state is State.IDLE and step.follow == ev.CardInserted("c1")
    assert run.record().ctx.error == "switched_to_card"
    run(step.follow)
    assert run.state is State.READING and run.m.ctx.reception_id == "c1" and not run.m.ctx.phone


def test_a_card_placed_once_the_phone_is_held_waits_and_never_mixes_in() -> None:
    run = android_held()(ev.CardInserted("c1"))
    assert run.state is State.PHONE_READING and run.m.ctx.other_device == "card"
    assert run.m.ctx.reception_id == "p1" and run.last.follow is None
    run(ev.PhoneRead(1), ev.CardRemoved())  # taking the card does not end the phone's reception
    assert run.state is State.QUERYING and run.m.ctx.other_device is None
    run(ev.CardFailed(CardErrorKind.REMOVED))
    assert run.state is State.QUERYING


def test_a_phone_held_during_a_card_reception_is_told_to_wait() -> None:
    run = Run()(ev.CardInserted("c1"), ev.CardRead(face_available=False), ev.PhoneArrived("p9"))
    assert run.state is State.CHOOSE_METHOD and run.m.ctx.reception_id == "c1"
    assert run.m.ctx.other_device == "phone" and reads(run) == []
    run(ev.PhoneRemoved())
    assert run.m.ctx.other_device is None and run.state is State.CHOOSE_METHOD


def test_the_card_reception_still_ends_when_its_card_is_pulled() -> None:
    run = Run()(ev.CardInserted("c1"), ev.CardRead(face_available=False), ev.CardRemoved())
    assert run.state is State.CARD_REMOVED


def test_back_from_the_kind_choice_returns_to_idle_recorded() -> None:
    run = Run()(ev.PhoneChosen("p1"), ev.Back())
    assert run.state is State.IDLE and run.record().ctx.error == "phone_back"
    run = chosen(ANDROID)(ev.PinSubmitted(), ev.Back())
    assert run.state is State.PHONE_PIN_ENTRY


def test_continuing_after_the_warning_reads_a_phone_held_meanwhile() -> None:
    run = chosen(IPHONE).wait(S.inactivity_s)
    assert run.state is State.TIMEOUT_WARNING
    run(ev.PhoneArrived("x"), ev.Continue())
    assert run.state is State.PHONE_READING


def test_an_eligible_phone_patient_gets_the_usual_consents() -> None:
    run = chosen(IPHONE)(ev.PhoneArrived("x"), ev.PhoneRead(1))
    run(ev.EligibilityConfirmed("1", date(1960, 1, 1), VISIT))
    assert run.state is State.CONSENT_MEDICATION


def test_every_way_a_phone_reception_ends_is_said_in_words_at_the_desk() -> None:
    from kiosk.records.staff_view import END_TEXT

    ends = [
        chosen(ANDROID)(ev.CardInserted("c1")),
        chosen(IPHONE)(ev.UseCard()),
        Run()(ev.PhoneChosen("p1"), ev.Back()),
        android_held()(ev.PhoneFailed(1, PhoneErrorKind.NO_READER)),
        android_held()(ev.PhoneRead(1), ev.EligibilityFailed(EligibilityErrorKind.NOT_REGISTERED)),
        android_held()(ev.PhoneRead(1), ev.KioskStopping()),
    ]
    codes = [run.record().ctx.error for run in ends]
    assert codes == ["switched_to_card", "use_card", "phone_back", "phone_no_reader",
                     "not_registered", "kiosk_stopped"]  # fmt: skip
    assert all(code in END_TEXT for code in codes)


def test_a_smartphone_on_the_card_reader_is_told_how_phones_are_used() -> None:
    run = Run()(ev.CardInserted("c1"), ev.CardFailed(CardErrorKind.NOT_MYNACARD, phone=True))
    assert run.state is State.CARD_ERROR and run.m.ctx.error == "phone_on_card_reader"
    run = Run()(ev.CardInserted("c1"), ev.CardFailed(CardErrorKind.NOT_MYNACARD))
    assert run.m.ctx.error == "not_mynacard"


def test_the_nfc_reader_lost_while_the_phone_is_awaited_ends_and_says_so() -> None:
    run = chosen(IPHONE)(ev.PhoneReaderLost("unplugged"))
    assert run.state is State.ENDED and run.m.ctx.error == "phone_no_reader"
    assert fx.AlertStaff(AlertReason.CARD_ERROR, "nfc_reader") in run.effects
    run = chosen(IPHONE)(ev.PhoneArrived("x"), ev.PhoneRead(1), ev.PhoneReaderLost("unplugged"))
    assert run.state is State.QUERYING and not run.last.handled  # the phone's part was done


def test_an_iphone_waiting_for_face_id_has_its_own_budget_not_the_watchdog() -> None:
    """Issue 25 item 5: the read waits for the holder's approval on the phone; a patient who
    takes longer than the watchdog is not a device timeout, one past the budget is."""
    run = chosen(IPHONE)(ev.PhoneArrived("p1"))
    assert run.state is State.PHONE_READING
    run.wait(S.watchdog_s + 5)
    assert run.state is State.PHONE_READING and "AlertStaff" not in run.names()
    run.wait(S.phone_prompt_s)
    assert run.state is not State.PHONE_READING and run.m.ctx.error == "device_timeout"
