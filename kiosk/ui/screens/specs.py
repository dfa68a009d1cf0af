"""What the simple screens say and offer, one row of SPECS per flow state: the card and the
choice of method, the waits, the consents, the questions, the smartphone's steps and the end
screens. ``SpecScreen`` (kiosk/ui/screens/simple.py) shows a row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from kiosk.flow import events as ev
from kiosk.flow.certificate import CertStatus, day_of, grace_end
from kiosk.flow.codes import Code
from kiosk.flow.devices import RECORDS_UNSAVED
from kiosk.flow.model import Context, State
from kiosk.ports import PhoneKind, ReceptionOutcome, VerificationMethod
from kiosk.ui import texts as T
from kiosk.ui.screens.base import Act, Spec
from kiosk.ui.texts import tr

FACE, PIN = VerificationMethod.FACE, VerificationMethod.PIN


def _said(words: dict[Code, str], code: Code | None, default: str) -> str:
    """The words for a reception's code, or ``default``."""
    return words.get(code, default) if code is not None else default


def _card_error_title(ctx: Context) -> str:
    return _said(
        {
            Code.NOT_MYNACARD: T.NOT_MYNACARD_TITLE,
            Code.JUKI_CARD: T.JUKI_CARD_TITLE,
            Code.PHONE_ON_CARD_READER: T.PHONE_ON_CARD_READER_TITLE,
            Code.DIFFERENT_CARD: T.DIFFERENT_CARD_TITLE,
        },
        ctx.error,
        T.CARD_ERROR_TITLE,
    )


def _card_error_body(ctx: Context) -> str:
    if ctx.error == Code.PHONE_ON_CARD_READER:
        return T.PHONE_ON_CARD_READER_BODY
    if ctx.error == Code.DIFFERENT_CARD:
        return T.DIFFERENT_CARD_BODY
    return (
        T.NOT_MYNACARD_BODY
        if ctx.error in (Code.JUKI_CARD, Code.NOT_MYNACARD)
        else T.CARD_ERROR_BODY
    )


def _preparing_body(ctx: Context) -> str:
    # One camera for both: the card comes off the reader (the hint says so), not "leave it".
    return "" if ctx.front_held_up else T.WAIT_BODY


def _card_return_body(ctx: Context) -> str:
    # An unread front also brings the card back (the PIN and staff need it): say it was not read.
    return T.CARD_RETURN_UNREAD_BODY if ctx.lift_failed else T.CARD_RETURN_BODY


def _day(day: date) -> str:
    return tr(T.DATE_FORMAT).format(year=day.year, month=day.month, day=day.day)


def _cert_notice(ctx: Context) -> str:
    """The renewal notice readers give from 3 months before the card's certificate expires to
    3 months after. Returned in the patient's language already, with its dates filled in
    (tr() finds no entry for the filled-in words and leaves them as they are)."""
    if ctx.cert_expires is None:
        return ""
    expires = day_of(ctx.cert_expires)
    if ctx.cert_status is CertStatus.EXPIRING:
        return tr(T.CERT_EXPIRING_NOTE).format(date=_day(expires))
    if ctx.cert_status is CertStatus.GRACE:
        until = _day(grace_end(expires, ctx.card_generation))
        return tr(T.CERT_GRACE_NOTE).format(date=_day(expires), until=until)
    return ""


def _face_failed_body(ctx: Context) -> str:
    return _said(
        {
            Code.CAMERA_UNAVAILABLE: T.FACE_CAMERA_BODY,
            Code.NO_CARD_FRONT: T.FACE_PHOTO_BODY,
            Code.PHOTO_UNREADABLE: T.FACE_PHOTO_BODY,
            Code.FRONT_UNREADABLE: T.FACE_FRONT_BODY,
            Code.FRONT_MISREAD: T.FACE_FRONT_BODY,  # the card refused what was read
            Code.NUMBER_B_GUARD: T.FACE_GUARD_BODY,
        },
        ctx.error,
        T.FACE_FAILED_BODY,
    )


def _ended_reason(ctx: Context) -> str:
    if ctx.phone and ctx.error in PHONE_ENDED:
        return PHONE_ENDED[ctx.error]
    return _said(
        {
            Code.TIMEOUT: T.ENDED_TIMEOUT,
            Code.CANCELLED: T.ENDED_CANCELLED,
            Code.STAFF_REJECTED: T.ENDED_REJECTED,
            Code.REGISTRATION_DECLINED: T.ENDED_DECLINED,
            Code.DEVICE_TIMEOUT: T.ENDED_DEVICE,
            Code.PROOF_REJECTED: T.ENDED_REFUSED,
        },
        ctx.error,
        "",
    )


def _phone_or(phone: str, card: str) -> Callable[[Context], str]:
    """The smartphone reception's words where the card's would say "your card"."""
    return lambda ctx: phone if ctx.phone else card


PHONE_ENDED = {
    Code.NOT_REGISTERED: T.PHONE_NOT_REGISTERED,
    Code.PHONE_NO_READER: T.PHONE_NO_READER,
}


def _cert_body(ctx: Context) -> str:
    if not ctx.phone:
        return T.CERT_BODY
    return (
        T.PHONE_CERT_REVOKED_BODY if ctx.error == Code.CERT_REVOKED else T.PHONE_CERT_EXPIRED_BODY
    )


def _phone_hold_title(ctx: Context) -> str:
    return T.PHONE_HOLD_IPHONE_TITLE if ctx.phone_kind is PhoneKind.IPHONE else T.PHONE_HOLD_TITLE


def _phone_hold_body(ctx: Context) -> str:
    return T.PHONE_HOLD_IPHONE_BODY if ctx.phone_kind is PhoneKind.IPHONE else T.PHONE_HOLD_BODY


def _phone_hold_alert(ctx: Context) -> str:
    return _said(
        {
            Code.PHONE_REMOVED: T.PHONE_REMOVED,
            Code.NOT_A_PHONE: T.PHONE_NOT_A_PHONE,
            Code.UNREADABLE: T.PHONE_UNREADABLE,
        },
        ctx.error,
        "",
    )


def _out_of_service_body(ctx: Context) -> str:
    if ctx.error == RECORDS_UNSAVED:
        return T.OUT_OF_SERVICE_RECORDS_BODY
    return T.OUT_OF_SERVICE_BODY


def _finished_note(ctx: Context) -> str:
    if ctx.consents_saved is False or (ctx.limit_provided is False and ctx.needs_staff):
        return T.FINISHED_STAFF
    return T.FINISHED_LIMIT if ctx.limit_provided else ""


def _staff_wait(ctx: Context) -> str:
    """Wait here, staff were called — unless the call could not be delivered (the database
    down: it is held and sent later, but nobody knows yet): then the desk, in person."""
    return T.CALL_UNDELIVERED if ctx.error == Code.CALL_UNDELIVERED else T.STAFF_WAIT_BODY


def _staff_seen(ctx: Context) -> str:
    return T.STAFF_SEEN if ctx.staff_seen else ""


def _closing_take(ctx: Context) -> str:
    return T.PHONE_CLOSING if ctx.phone else T.CLOSING_CARD


def _closing_body(ctx: Context) -> str:
    """Wait to be called when the reception counts; otherwise the desk must help."""
    done = ctx.outcome is ReceptionOutcome.COMPLETE and not ctx.needs_staff
    return T.CLOSING_BODY if done else T.CLOSING_STAFF


def _face_ok(ctx: Context) -> bool:
    return ctx.face_offered()


def _pin_ok(ctx: Context) -> bool:
    return ctx.pin_offered()


def _pin_also_locked(ctx: Context) -> str:
    """After a failed face: say so when the PIN is out too, rather than offer a dead button."""
    return "" if ctx.pin_offered() else T.PIN_ALSO_LOCKED


def _face_also_unusable(ctx: Context) -> str:
    return "" if ctx.face_offered() else T.FACE_ALSO_UNUSABLE


def _pin_locked_body(ctx: Context) -> str:
    # 0 tries at the first look may also be a card issued without a PIN ([U] in docs/card.md):
    # do not tell that patient they typed it wrongly 3 times.
    return T.PIN_UNUSABLE_BODY if ctx.error == Code.ALREADY_LOCKED else T.PIN_LOCKED_BODY


def _no_camera(ctx: Context) -> str:
    return "" if ctx.face_available else T.NO_CAMERA_NOTE


def _staff_coming(ctx: Context) -> str:
    if ctx.error == Code.CALL_UNDELIVERED:  # held while the database is down: the desk, in person
        return T.CALL_UNDELIVERED
    return T.STAFF_ON_THE_WAY if ctx.error == Code.STAFF_CALLED else ""


def _consent(title: str, body: str) -> Spec:
    return Spec(title, (body,), AGREE, alert=_staff_coming)


AGREE = (
    Act("agree", T.AGREE, lambda c: ev.ConsentAnswered(True), "primary"),
    Act("disagree", T.DISAGREE, lambda c: ev.ConsentAnswered(False)),
)
USE_PIN = Act("pin", T.SWITCH_TO_PIN, lambda c: ev.MethodChosen(PIN), enabled=_pin_ok)
ONLY_PIN = Act("pin", T.SWITCH_TO_PIN, lambda c: ev.MethodChosen(PIN), "primary", _pin_ok)
USE_FACE = Act("face", T.USE_FACE, lambda c: ev.MethodChosen(FACE), "primary", _face_ok)
CARD, FACE_PIC, KEYPAD = "card_on_reader", "face_in_frame", "keypad"
PHONE_PIC = "phone_over_reader"
PHONE_USE_CARD = Act("use_card", T.USE_CARD, lambda c: ev.UseCard())
TAKEN, STAFF = "card_taken", "staff_coming"


def _identity_confirmed(ctx: Context) -> bool:
    """The patient's own face or PIN proved who they are (staff checks and phones say
    nothing here: the patient did not just do it)."""
    return ctx.method in (VerificationMethod.FACE, VerificationMethod.PIN)


def _querying_title(ctx: Context) -> str:
    return T.IDENTITY_CONFIRMED if _identity_confirmed(ctx) else T.QUERYING_TITLE


def _querying_body(ctx: Context) -> str:
    return T.QUERYING_TITLE if _identity_confirmed(ctx) else ""


def _wait(title: str, picture: str = CARD) -> Spec:
    return Spec(title, (T.WAIT_BODY,), picture=picture)


SPECS: dict[State, Spec] = {
    State.IDLE: Spec(T.IDLE_TITLE, (T.IDLE_BODY,), picture=CARD),
    State.OUT_OF_SERVICE: Spec(T.OUT_OF_SERVICE_TITLE, (_out_of_service_body,), picture=STAFF),
    State.READING: _wait(T.READING_TITLE),
    State.CARD_ERROR: Spec(_card_error_title, (_card_error_body,), picture=TAKEN),
    State.CHOOSE_METHOD: Spec(
        T.CHOOSE_TITLE,
        (T.CHOOSE_BODY,),
        (USE_FACE, Act("pin", T.USE_PIN, lambda c: ev.MethodChosen(PIN), "primary", _pin_ok)),
        alert=_no_camera,
        picture="face_or_pin",
    ),
    State.FACE_PREPARING: Spec(T.FACE_PREPARING_TITLE, (_preparing_body,), picture=CARD),
    State.CARD_RETURN: Spec(
        T.CARD_RETURN_TITLE, (_card_return_body,), alert=_staff_coming, picture=CARD
    ),
    State.CARD_CHECKING: _wait(T.NUMBER_B_CHECKING_TITLE),
    State.FACE_RETRY: Spec(
        T.FACE_RETRY_TITLE,
        (T.FACE_RETRY_BODY,),
        (Act("retry", T.TRY_AGAIN, lambda c: ev.RetryFace(), "primary"), USE_PIN),
        picture=FACE_PIC,
    ),
    State.FACE_FAILED: Spec(
        T.FACE_FAILED_TITLE,
        (_face_failed_body, _pin_also_locked, _staff_seen),
        (ONLY_PIN,),
        picture=KEYPAD,
    ),
    State.PIN_CHECKING: _wait(T.PIN_CHECKING_TITLE),
    State.PIN_VERIFYING: _wait(T.PIN_VERIFYING_TITLE),
    State.PIN_LOCKED: Spec(
        T.PIN_LOCKED_TITLE,
        (_pin_locked_body, _face_also_unusable, _staff_seen),
        (USE_FACE,),
        picture=STAFF,
    ),
    # No staff keypad here: staff answer from the desk or with the staff-only corner gesture.
    State.STAFF_CALLED: Spec(T.STAFF_CALLED_TITLE, (_staff_wait, _staff_seen), picture=STAFF),
    State.NUMBER_B_CHECKING: _wait(T.NUMBER_B_CHECKING_TITLE),
    State.NUMBER_B_VERIFYING: _wait(T.FACE_PREPARING_TITLE),
    State.QUERYING: Spec(_querying_title, (_querying_body, T.WAIT_BODY), picture=CARD),
    State.REGISTRATION_OFFER: Spec(
        T.REGISTRATION_TITLE,
        (T.REGISTRATION_BODY,),
        (
            Act("register", T.REGISTER, lambda c: ev.RegistrationAnswered(True), "primary"),
            Act("not_register", T.NOT_REGISTER, lambda c: ev.RegistrationAnswered(False)),
        ),
        terms=T.REGISTRATION_TERMS,
    ),
    State.REGISTERING: _wait(T.REGISTERING_TITLE),
    State.CONSENT_MEDICATION: _consent(T.CONSENT_MEDICATION_TITLE, T.CONSENT_MEDICATION_BODY),
    State.CONSENT_CHECKUP: _consent(T.CONSENT_CHECKUP_TITLE, T.CONSENT_CHECKUP_BODY),
    State.CONSENT_DIAGNOSIS: _consent(T.CONSENT_DIAGNOSIS_TITLE, T.CONSENT_DIAGNOSIS_BODY),
    State.CONSENT_OPERATION: _consent(T.CONSENT_OPERATION_TITLE, T.CONSENT_OPERATION_BODY),
    State.CONSENT_COMBINED: _consent(T.CONSENT_COMBINED_TITLE, T.CONSENT_COMBINED_BODY),
    State.PRESCRIPTION_CHOICE: Spec(
        T.PRESCRIPTION_TITLE,
        (T.PRESCRIPTION_BODY,),
        (
            Act(
                "electronic",
                T.PRESCRIPTION_ELECTRONIC,
                lambda c: ev.PrescriptionChosen(True),
                "primary",
            ),
            Act("paper", T.PRESCRIPTION_PAPER, lambda c: ev.PrescriptionChosen(False), "primary"),
        ),
    ),
    State.SUBSIDY_QUESTION: Spec(
        T.SUBSIDY_TITLE,
        (T.SUBSIDY_BODY,),
        (
            Act("use_subsidy", T.USE, lambda c: ev.SubsidyAnswered(True), "primary"),
            Act("no_subsidy", T.NOT_USE, lambda c: ev.SubsidyAnswered(False)),
        ),
    ),
    State.SAVING_CONSENTS: _wait(T.SAVING_TITLE),
    State.DONE: Spec(
        T.DONE_TITLE,
        (_phone_or(T.DONE_LIMIT_PHONE, T.DONE_LIMIT), _phone_or("", T.DONE_THEN)),
        (
            Act("provide", T.PROVIDE, lambda c: ev.LimitAnswered(True), "primary"),
            Act("not_provide", T.NOT_PROVIDE, lambda c: ev.LimitAnswered(False)),
        ),
        alert=lambda ctx: _staff_coming(ctx) or _cert_notice(ctx),
    ),
    State.PHONE_KIND: Spec(
        T.PHONE_KIND_TITLE,
        (T.PHONE_KIND_BODY,),
        (
            Act(
                "iphone",
                T.PHONE_KIND_NAMES["iphone"],
                lambda c: ev.PhoneKindChosen(PhoneKind.IPHONE),
                "primary",
            ),
            Act(
                "android",
                T.PHONE_KIND_NAMES["android"],
                lambda c: ev.PhoneKindChosen(PhoneKind.ANDROID),
                "primary",
            ),
        ),
        picture=PHONE_PIC,
    ),
    State.PHONE_HOLD: Spec(
        _phone_hold_title, (_phone_hold_body,), (PHONE_USE_CARD,), _phone_hold_alert, PHONE_PIC
    ),
    State.PHONE_READING: Spec(T.PHONE_READING_TITLE, (T.PHONE_READING_BODY,), picture=PHONE_PIC),
    State.PHONE_DECLINED: Spec(
        T.PHONE_DECLINED_TITLE,
        (T.PHONE_DECLINED_BODY, _staff_seen),
        (Act("retry", T.TRY_AGAIN, lambda c: ev.RetryPhone(), "primary"), PHONE_USE_CARD),
        picture=PHONE_PIC,
    ),
    State.PHONE_PIN_LOCKED: Spec(
        T.PHONE_LOCKED_TITLE,
        (T.PHONE_LOCKED_BODY, _staff_seen),
        (Act("use_card", T.USE_CARD, lambda c: ev.UseCard(), "primary"),),
        picture=CARD,
    ),
    State.SAVING_LIMIT: _wait(T.SAVING_TITLE),
    State.FINISHED: Spec(
        _phone_or(T.PHONE_FINISHED_TITLE, T.FINISHED_TITLE),
        (T.FINISHED_BODY, _finished_note),
        alert=_cert_notice,
        picture=TAKEN,
        phone_picture=PHONE_PIC,
    ),
    State.INELIGIBLE: Spec(
        T.INELIGIBLE_TITLE, (_phone_or(T.PHONE_INELIGIBLE_BODY, T.INELIGIBLE_BODY),), picture=TAKEN
    ),
    State.CERT_ERROR: Spec(
        _phone_or(T.PHONE_CERT_TITLE, T.CERT_TITLE), (_cert_body,), picture=TAKEN
    ),
    State.SERVICE_DOWN: Spec(
        T.SERVICE_DOWN_TITLE,
        (_phone_or(T.PHONE_SERVICE_DOWN_BODY, T.SERVICE_DOWN_BODY),),
        picture=TAKEN,
    ),
    State.ENDED: Spec(
        T.ENDED_TITLE, (_ended_reason, _phone_or(T.PHONE_ENDED_BODY, T.ENDED_BODY)), picture=TAKEN
    ),
    State.CONFIRM_CANCEL: Spec(
        T.CONFIRM_CANCEL_TITLE,
        (T.CONFIRM_CANCEL_BODY,),
        (
            Act("keep_going", T.KEEP_GOING, lambda c: ev.Continue(), "primary"),
            Act("cancel_yes", T.CANCEL_YES, lambda c: ev.Cancel()),
        ),
    ),
    State.CLOSING: Spec(
        T.CLOSING_TITLE, (_closing_body, _closing_take), picture=TAKEN, phone_picture=PHONE_PIC
    ),
    State.CARD_REMOVED: Spec(T.CARD_REMOVED_TITLE, (T.CARD_REMOVED_BODY,), picture=CARD),
}
