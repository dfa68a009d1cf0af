"""The reception flow in one table: ``step(model, event, now, settings) -> Step``.

Read this file top to bottom to see every state, every event it answers and the handler that
answers it. The handlers are grouped by topic in their own modules (kiosk.flow.identity: the
card read, the method, face and PIN; .staff: the visual check and 照合番号B typed by staff;
.eligibility; .consent; .phone: the smartphone reception; .lift: one camera for both;
.patient: cancel, call staff, back, touch; .devices: what arrives and leaves; .timeouts: time),
all built on kiosk.flow.steps. Nothing imports this module but the runtime and the screens.

``step`` looks an event up in three rows, first match wins:
1. ``PHONE_RECEPTION``, while a phone reception runs: the card reader's news and the phone
   reader's loss mean other things then;
2. ``EVERY_STATE``: time, the card leaving or failing, the card reader lost, a phone held or
   taken — these apply whatever the state;
3. ``TRANSITIONS[state]``: what the state itself answers.
An event no row lists is ignored (the Step says so), which keeps late answers from workers
harmless.
"""

from __future__ import annotations

from kiosk.flow import consent, devices, eligibility, identity, lift, patient, phone, staff
from kiosk.flow import events as ev
from kiosk.flow.model import CONSENT_STATES, FlowSettings, Model, State
from kiosk.flow.steps import Handler, Step
from kiosk.flow.timeouts import on_continue, on_more_time, on_tick, on_tick_phone

Row = dict[type[ev.Event], Handler]

# --- what applies in every state -----------------------------------------------------------

PHONE_RECEPTION: Row = {
    ev.CardInserted: devices.on_card_during_phone,
    ev.CardRemoved: devices.on_card_taken_during_phone,
    ev.CardFailed: devices.on_card_failed_during_phone,
    ev.PhoneReaderLost: devices.on_phone_reader_lost,
    ev.ReaderLost: devices.on_reader_lost_during_phone,
    ev.KioskStopping: devices.on_kiosk_stopping,
    ev.Tick: on_tick_phone,
}

EVERY_STATE: Row = {
    ev.Tick: on_tick,
    ev.CardRemoved: devices.on_card_removed,
    ev.CardFailed: devices.on_card_failed,
    ev.ReaderLost: devices.on_reader_lost,
    ev.PhoneArrived: devices.on_phone_arrived,
    ev.PhoneRemoved: devices.on_phone_removed,
}

# --- rows several states share -------------------------------------------------------------

# Wherever the patient may cancel or call staff, staff may also start the visual check: the
# desk sends someone, who authenticates at the kiosk (the staff-only action) to see the card.
LEAVE: Row = {
    ev.Cancel: patient.on_cancel,
    ev.AskCancel: patient.on_ask_cancel,
    ev.CallStaff: patient.on_call_staff,
    ev.StaffSent: staff.on_staff_sent,
    ev.StaffAuthenticated: staff.on_staff_authenticated,
    ev.StaffAcknowledged: staff.on_staff_acknowledged,
}
CONSENT: Row = {
    ev.ConsentAnswered: consent.on_consent,
    ev.Back: consent.on_consent_back,
    ev.CallStaff: consent.on_call_staff_here,
    ev.StaffCallUndelivered: staff.on_call_undelivered_here,
    ev.Touch: patient.on_touch,
}
# The smartphone's steps: no visual check (a phone has no chip photo).
PHONE_LEAVE: Row = {
    ev.Cancel: patient.on_cancel,
    ev.AskCancel: patient.on_ask_cancel,
    ev.CallStaff: patient.on_call_staff,
    ev.StaffAcknowledged: staff.on_staff_acknowledged,
    ev.Touch: patient.on_touch,
}
PHONE_ANSWERS: Row = {
    ev.PhoneRead: phone.on_read,
    ev.PhonePinChecked: phone.on_pin_checked,
    ev.PhoneTriesRead: phone.on_tries_read,
    ev.PhonePinRejected: phone.on_pin_rejected,
    ev.PhoneFailed: phone.on_failed,
    ev.PhoneNonceFailed: phone.on_nonce_failed,
    ev.PhoneKindFound: phone.on_kind_found,
}

# --- the table -------------------------------------------------------------------------------

TRANSITIONS: dict[State, Row] = {
    # Waiting for a patient; out of service.
    State.IDLE: {
        ev.CardInserted: identity.on_card_inserted,
        ev.PhoneChosen: phone.on_phone_chosen,
        ev.SavingStopped: devices.on_saving_stopped,
    },
    State.OUT_OF_SERVICE: {
        ev.ReaderFound: devices.on_reader_found,
        ev.SavingResumed: devices.on_saving_resumed,
    },
    # The card and the method.
    State.READING: {ev.CardRead: identity.on_card_read},
    State.CHOOSE_METHOD: {ev.MethodChosen: identity.on_method, ev.Touch: patient.on_touch, **LEAVE},
    # Face: 照合番号B from the card front, the chip photo, the live camera.
    State.FACE_PREPARING: {
        ev.FacePrepared: identity.on_face_prepared,
        ev.FacePrepareFailed: lift.on_front_failed,
        ev.FrontRead: lift.on_front_read,
    },
    State.CARD_RETURN: {
        ev.CardInserted: lift.on_card_back,
        ev.CallStaff: lift.on_call_staff,
        ev.StaffCallUndelivered: staff.on_call_undelivered_here,
        ev.AskCancel: patient.on_ask_cancel,
        ev.Cancel: lift.on_cancel_off_reader,
    },
    State.CARD_CHECKING: {
        ev.FacePrepared: identity.on_face_prepared,
        ev.FacePrepareFailed: identity.on_face_prepare_failed,
        ev.CardBack: lift.on_same_card,
        ev.CardSwapped: lift.on_swapped,
    },
    State.FACE_VERIFYING: {
        ev.FaceVerified: identity.on_face_verified,
        ev.MethodChosen: identity.on_method,
        **LEAVE,
    },
    State.FACE_RETRY: {
        ev.RetryFace: identity.on_retry_face,
        ev.MethodChosen: identity.on_method,
        ev.Touch: patient.on_touch,
        **LEAVE,
    },
    State.FACE_FAILED: {ev.MethodChosen: identity.on_method, ev.Touch: patient.on_touch, **LEAVE},
    # The card's PIN.
    State.PIN_CHECKING: {ev.PinTriesRead: identity.on_pin_tries},
    State.PIN_ENTRY: {
        ev.PinSubmitted: identity.on_pin_submitted,
        ev.Back: patient.on_back,
        ev.Touch: patient.on_touch,
        **LEAVE,
    },
    State.PIN_VERIFYING: {
        ev.PinVerified: identity.on_pin_verified,
        ev.PinRejected: identity.on_pin_rejected,
    },
    State.PIN_LOCKED: {ev.MethodChosen: identity.on_method, ev.Touch: patient.on_touch, **LEAVE},
    # Staff: the call, the visual check, 照合番号B typed by staff.
    State.STAFF_CALLED: {
        ev.StaffCallUndelivered: staff.on_call_undelivered,
        ev.StaffAcknowledged: staff.on_staff_acknowledged,
        ev.StaffSent: staff.on_staff_sent,
        ev.StaffAuthenticated: staff.on_staff_authenticated,
        ev.Cancel: patient.on_cancel,
        ev.AskCancel: patient.on_ask_cancel,
        ev.Touch: patient.on_touch,
    },
    State.STAFF_COMPARE: {
        ev.StaffDecided: staff.on_staff_decided,
        ev.StaffAcknowledged: staff.on_staff_acknowledged,
        ev.NumberBEntryChosen: staff.on_number_b_chosen,
        ev.Back: patient.on_back,
        ev.Touch: patient.on_touch,
    },
    State.NUMBER_B_CHECKING: {
        ev.NumberBTriesRead: staff.on_number_b_tries,
        ev.FacePrepareFailed: staff.on_number_b_photo_failed,
    },
    State.NUMBER_B_ENTRY: {
        ev.NumberBSubmitted: staff.on_number_b_submitted,
        ev.Back: staff.on_number_b_back,
        ev.StaffAcknowledged: staff.on_staff_acknowledged,
        ev.Touch: patient.on_touch,
    },
    State.NUMBER_B_VERIFYING: {
        ev.FacePrepared: staff.on_number_b_accepted,
        ev.NumberBRejected: staff.on_number_b_rejected,
        ev.FacePrepareFailed: staff.on_number_b_photo_failed,
    },
    # The smartphone reception.
    State.PHONE_KIND: {
        ev.PhoneKindChosen: phone.on_phone_kind,
        ev.Back: phone.on_kind_back,
        **PHONE_LEAVE,
    },
    State.PHONE_PIN_ENTRY: {
        ev.PinSubmitted: phone.on_pin_submitted,
        ev.Back: phone.on_pin_back,
        **PHONE_LEAVE,
    },
    # A read's answer is still taken here: the removal may be heard before a read that finished.
    State.PHONE_HOLD: {
        ev.UseCard: phone.on_use_card,
        ev.Back: phone.on_hold_back,
        **PHONE_ANSWERS,
        **PHONE_LEAVE,
    },
    State.PHONE_READING: PHONE_ANSWERS,
    State.PHONE_DECLINED: {
        ev.RetryPhone: phone.on_retry,
        ev.UseCard: phone.on_use_card,
        **PHONE_LEAVE,
    },
    State.PHONE_PIN_LOCKED: {ev.UseCard: phone.on_use_card, **PHONE_LEAVE},
    # The eligibility query; 保険証利用登録 on the spot.
    State.QUERYING: {
        ev.EligibilityConfirmed: eligibility.on_confirmed,
        ev.EligibilityFailed: eligibility.on_eligibility_failed,
    },
    State.REGISTRATION_OFFER: {
        ev.RegistrationAnswered: eligibility.on_registration_answer,
        ev.Touch: patient.on_touch,
    },
    State.REGISTERING: {
        ev.Registered: eligibility.on_registered,
        ev.EligibilityFailed: eligibility.on_eligibility_failed,
    },
    # The consents, the 2025 questions, the limit information.
    State.CONSENT_MEDICATION: CONSENT,
    State.CONSENT_CHECKUP: CONSENT,
    State.CONSENT_DIAGNOSIS: CONSENT,
    State.CONSENT_OPERATION: CONSENT,
    State.CONSENT_COMBINED: CONSENT,
    State.PRESCRIPTION_CHOICE: {
        ev.PrescriptionChosen: consent.on_prescription,
        ev.Touch: patient.on_touch,
    },
    State.SUBSIDY_QUESTION: {ev.SubsidyAnswered: consent.on_subsidy, ev.Touch: patient.on_touch},
    State.SAVING_CONSENTS: {ev.ConsentsSaved: consent.on_consents_saved},
    State.DONE: {
        ev.LimitAnswered: consent.on_limit_answer,
        ev.Back: consent.on_limit_back,  # the question before again; answers saved again
        ev.CallStaff: consent.on_call_staff_here,  # the screen stays, staff come to help
        ev.StaffCallUndelivered: staff.on_call_undelivered_here,
        ev.Touch: patient.on_touch,
    },
    State.SAVING_LIMIT: {ev.LimitSaved: consent.on_limit_saved},
    # 続けますか？ and やめますか？
    State.TIMEOUT_WARNING: {
        ev.Continue: on_continue,
        ev.MoreTime: on_more_time,
        ev.Touch: on_continue,
    },
    State.CONFIRM_CANCEL: {
        ev.Cancel: lift.on_cancel_off_reader,
        ev.Continue: on_continue,
        ev.Touch: patient.on_touch,
        ev.CardInserted: lift.on_card_back_while_asked,
    },
    # The reception is over: waiting for the card (or phone) to be taken; then a closing word.
    State.FINISHED: {},
    State.INELIGIBLE: {},
    State.CERT_ERROR: {},
    State.SERVICE_DOWN: {},
    State.ENDED: {},
    State.CARD_ERROR: {},
    State.CLOSING: {ev.CardInserted: identity.on_card_inserted},
    State.CARD_REMOVED: {ev.CardInserted: identity.on_card_inserted},
}


def step(m: Model, e: ev.Event, now: float, s: FlowSettings) -> Step:
    """Advance the flow by one event at monotonic time ``now``."""
    rows: tuple[Row, ...] = (PHONE_RECEPTION, EVERY_STATE) if m.ctx.phone else (EVERY_STATE,)
    for row in (*rows, TRANSITIONS[m.state]):
        handler: Handler | None = row.get(type(e))
        if handler is not None:
            return handler(m, e, now, s)
    return Step(m, handled=False, reason=f"{e.name} ignored in {m.state.value}")


def back_allowed(m: Model) -> bool:
    """戻る leads somewhere: the first consent screen has nothing before it."""
    if m.state in CONSENT_STATES:
        return consent.back_allowed(m)
    if m.state is State.DONE:
        return consent.limit_back_allowed(m)
    return ev.Back in TRANSITIONS.get(m.state, {})
