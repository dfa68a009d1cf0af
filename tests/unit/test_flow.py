"""Every transition of the reception flow, without Qt or I/O."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kiosk.config import ConsentMode
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.codes import Code
from kiosk.flow.machine import TRANSITIONS, back_allowed, step
from kiosk.flow.model import AFTER_STATES, END_STATES, Context, FlowSettings, Model, State
from kiosk.ports import (
    AlertReason,
    CardErrorKind,
    ConsentKind,
    EligibilityErrorKind,
    FaceOutcome,
    PinStatus,
    ReceptionOutcome,
    StaffActionKind,
)
from kiosk.ports import VerificationMethod as VM

S = FlowSettings()
VISIT = date(2026, 11, 23)
UNDER_40 = date(1991, 6, 3)
OVER_40 = date(1972, 2, 14)
TURNS_40_TOMORROW = date(1986, 11, 24)


class Run:
    """Feeds events and keeps the model, time and every effect seen."""

    def __init__(self, settings: FlowSettings = S, model: Model | None = None) -> None:
        self.s, self.m, self.now, self.effects = settings, model or Model(), 0.0, []

    def __call__(self, *events: ev.Event) -> Run:
        for e in events:
            result = step(self.m, e, self.now, self.s)
            self.m = result.model
            self.effects += list(result.effects)
            self.last = result
        return self

    def wait(self, seconds: float) -> Run:
        self.now += seconds
        return self(ev.Tick())

    @property
    def state(self) -> State:
        return self.m.state

    def names(self) -> list[str]:
        return [e.name for e in self.effects]

    def record(self) -> fx.SaveRecord:
        saves = [e for e in self.effects if isinstance(e, fx.SaveRecord)]
        assert len(saves) == 1, saves
        return saves[0]


def at_method(face: bool = True) -> Run:
    return Run()(ev.CardInserted("r1"), ev.CardRead(face_available=face))


def verified_by_pin(run: Run | None = None) -> Run:
    run = run or at_method()
    return run(ev.MethodChosen(VM.PIN), ev.PinTriesRead(3), ev.PinSubmitted(),
               ev.PinVerified(PinStatus.OK, 3))  # fmt: skip


def eligible(birth: date = UNDER_40, settings: FlowSettings = S) -> Run:
    run = verified_by_pin(Run(settings)(ev.CardInserted("r1"), ev.CardRead(True)))
    return run(ev.EligibilityConfirmed("1", birth, VISIT))


# --- card ----------------------------------------------------------------------------------


def test_placing_a_card_starts_a_reception_and_reads_it() -> None:
    run = Run()(ev.CardInserted("r1"))
    assert run.state is State.READING
    assert run.m.ctx.reception_id == "r1"
    assert run.names() == ["ReadCard"]


def test_a_read_card_offers_the_method_choice_with_or_without_face() -> None:
    assert at_method(face=True).m.ctx.face_available
    run = at_method(face=False)
    assert run.state is State.CHOOSE_METHOD and not run.m.ctx.face_available


@pytest.mark.parametrize(
    "kind", [CardErrorKind.NOT_MYNACARD, CardErrorKind.JUKI_CARD, CardErrorKind.UNREADABLE]
)
def test_a_card_that_is_not_usable_ends_in_the_card_error_screen(kind: CardErrorKind) -> None:
    run = Run()(ev.CardInserted("r1"), ev.CardFailed(kind))
    assert run.state is State.CARD_ERROR
    assert run.m.ctx.error == kind.value
    assert run.names()[-2:] == ["SaveRecord", "WipeSession"]


def test_a_card_pulled_while_reading_says_so_then_returns_to_idle_and_wipes() -> None:
    run = Run()(ev.CardInserted("r1"), ev.CardFailed(CardErrorKind.REMOVED))
    assert run.state is State.CARD_REMOVED
    assert run.record().outcome is ReceptionOutcome.ABANDONED
    assert run.names()[-1] == "WipeSession"


def test_a_second_card_event_while_busy_is_ignored() -> None:
    run = Run()(ev.CardInserted("r1"), ev.CardInserted("r2"))
    assert run.m.ctx.reception_id == "r1" and not run.last.handled


# --- face ----------------------------------------------------------------------------------


def test_face_path_reads_the_photo_then_verifies() -> None:
    run = at_method()(ev.MethodChosen(VM.FACE))
    assert run.state is State.FACE_PREPARING and run.names()[-1] == "PrepareFace"
    run(ev.FacePrepared())
    assert run.state is State.FACE_VERIFYING and run.m.ctx.photo_read
    assert isinstance(run.effects[-1], fx.VerifyFace)
    run(ev.FaceVerified(FaceOutcome.MATCH))
    assert run.state is State.QUERYING and run.m.ctx.method is VM.FACE
    assert run.effects[-1] == fx.ConfirmEligibility(VM.FACE)


def test_face_is_refused_when_no_camera_works() -> None:
    run = at_method(face=False)(ev.MethodChosen(VM.FACE))
    assert run.state is State.CHOOSE_METHOD and not run.last.handled


def test_no_card_front_sends_the_patient_to_pin_or_staff() -> None:
    run = at_method()(ev.MethodChosen(VM.FACE), ev.FacePrepareFailed(Code.NO_CARD_FRONT))
    assert run.state is State.FACE_FAILED and run.m.ctx.error == "no_card_front"


def test_a_failed_face_with_tries_left_offers_a_retry_without_rereading_the_photo() -> None:
    run = at_method()(ev.MethodChosen(VM.FACE), ev.FacePrepared(),
                      ev.FaceVerified(FaceOutcome.NO_MATCH))  # fmt: skip
    assert run.state is State.FACE_RETRY and run.m.ctx.face_attempts == 1
    run(ev.RetryFace())
    assert run.state is State.FACE_VERIFYING and run.names().count("PrepareFace") == 1


def test_face_attempts_exhausted_leads_to_face_failed() -> None:
    run = at_method()(ev.MethodChosen(VM.FACE), ev.FacePrepared())
    for _ in range(S.face_attempts - 1):
        run(ev.FaceVerified(FaceOutcome.LIVENESS_FAILED), ev.RetryFace())
    run(ev.FaceVerified(FaceOutcome.TIMEOUT))
    assert run.state is State.FACE_FAILED and run.m.ctx.error == "face_exhausted"


def test_a_camera_failing_mid_verification_disables_face() -> None:
    run = at_method()(ev.MethodChosen(VM.FACE), ev.FacePrepared(),
                      ev.FaceVerified(FaceOutcome.CAMERA_UNAVAILABLE))  # fmt: skip
    assert run.state is State.FACE_FAILED and not run.m.ctx.face_available
    run(ev.MethodChosen(VM.FACE))
    assert run.state is State.FACE_FAILED


def test_switching_to_pin_during_face_cancels_the_camera_work() -> None:
    run = at_method()(ev.MethodChosen(VM.FACE), ev.FacePrepared(), ev.MethodChosen(VM.PIN))
    assert run.state is State.PIN_CHECKING
    assert run.names()[-2:] == ["CancelFace", "ReadPinTries"]
    run(ev.FaceVerified(FaceOutcome.CANCELLED))  # the late answer changes nothing
    assert run.state is State.PIN_CHECKING


# --- PIN -----------------------------------------------------------------------------------


def test_pin_ok_goes_to_eligibility_with_a_pin_proof() -> None:
    run = verified_by_pin()
    assert run.state is State.QUERYING and run.effects[-1] == fx.ConfirmEligibility(VM.PIN)


def test_a_wrong_pin_shows_the_tries_left() -> None:
    run = at_method()(ev.MethodChosen(VM.PIN), ev.PinTriesRead(3), ev.PinSubmitted(),
                      ev.PinVerified(PinStatus.WRONG, 2))  # fmt: skip
    assert run.state is State.PIN_ENTRY
    assert run.m.ctx.pin_tries_left == 2 and run.m.ctx.error == "wrong_pin"


def test_the_locking_try_and_an_already_locked_card_both_lead_to_pin_locked() -> None:
    run = at_method()(ev.MethodChosen(VM.PIN), ev.PinTriesRead(1), ev.PinSubmitted(),
                      ev.PinVerified(PinStatus.LOCKED_NOW, 0))  # fmt: skip
    assert run.state is State.PIN_LOCKED and run.m.ctx.error == "locked_now"
    run = at_method()(ev.MethodChosen(VM.PIN), ev.PinTriesRead(0))
    assert run.state is State.PIN_LOCKED and run.m.ctx.error == "already_locked"
    run = at_method()(ev.MethodChosen(VM.PIN), ev.PinTriesRead(2), ev.PinSubmitted(),
                      ev.PinVerified(PinStatus.ALREADY_LOCKED, 0))  # fmt: skip
    assert run.m.ctx.error == "already_locked"


def test_a_locked_pin_can_still_use_face_or_staff() -> None:
    run = at_method()(ev.MethodChosen(VM.PIN), ev.PinTriesRead(0), ev.MethodChosen(VM.FACE))
    assert run.state is State.FACE_PREPARING
    run = at_method()(ev.MethodChosen(VM.PIN), ev.PinTriesRead(0), ev.CallStaff())
    assert run.state is State.STAFF_CALLED


def test_a_pin_locked_patient_is_offered_face_then_staff_never_the_lock_screen_again() -> None:
    run = at_method()(ev.MethodChosen(VM.PIN), ev.PinTriesRead(0))
    assert run.state is State.PIN_LOCKED
    assert run.m.ctx.face_offered() and not run.m.ctx.pin_offered()
    run(ev.MethodChosen(VM.PIN))  # a stale 暗証番号 tap: not a way back to the lock screen
    assert run.state is State.PIN_LOCKED and not run.last.handled
    run(ev.MethodChosen(VM.FACE), ev.FacePrepareFailed(Code.FRONT_UNREADABLE))
    assert run.state is State.FACE_FAILED
    assert not run.m.ctx.face_offered() and not run.m.ctx.pin_offered()
    run(ev.MethodChosen(VM.PIN))
    assert run.state is State.FACE_FAILED and not run.last.handled
    run(ev.CallStaff())
    assert run.state is State.STAFF_CALLED


def test_a_patient_whose_face_failed_and_then_pin_locked_is_not_sent_back_to_face() -> None:
    run = at_method()(ev.MethodChosen(VM.FACE), ev.FacePrepared())
    for _ in range(S.face_attempts):
        run(ev.FaceVerified(FaceOutcome.NO_MATCH))
        if run.state is State.FACE_RETRY:
            run(ev.RetryFace())
    assert run.state is State.FACE_FAILED and run.m.ctx.pin_offered()
    run(ev.MethodChosen(VM.PIN), ev.PinTriesRead(1), ev.PinSubmitted(),
        ev.PinVerified(PinStatus.LOCKED_NOW, 0))  # fmt: skip
    assert run.state is State.PIN_LOCKED and not run.m.ctx.face_offered()
    run(ev.MethodChosen(VM.FACE))
    assert run.state is State.PIN_LOCKED and not run.last.handled
    assert run(ev.CallStaff()).state is State.STAFF_CALLED


def test_every_path_from_the_lock_screen_ends_with_staff_without_revisiting_it() -> None:
    """Walk every patient choice from PIN_LOCKED: none re-enters PIN_LOCKED."""
    choices = (ev.MethodChosen(VM.PIN), ev.MethodChosen(VM.FACE), ev.RetryFace(),
               ev.FacePrepared(), ev.FacePrepareFailed(Code.FRONT_UNREADABLE),
               ev.FaceVerified(FaceOutcome.NO_MATCH), ev.PinTriesRead(0))  # fmt: skip
    start = at_method()(ev.MethodChosen(VM.PIN), ev.PinTriesRead(0)).m
    seen, todo = set(), [start]
    while todo:
        m = todo.pop()
        for e in choices:
            nxt = step(m, e, 0.0, S)
            if not nxt.handled or nxt.model == m:
                continue
            assert nxt.model.state is not State.PIN_LOCKED, (m.state, e)
            if nxt.model not in seen:
                seen.add(nxt.model)
                todo.append(nxt.model)
    assert {m.state for m in seen} >= {State.FACE_PREPARING, State.FACE_FAILED}
    assert all(ev.CallStaff in TRANSITIONS[m.state] for m in seen if m.state in
               (State.FACE_FAILED, State.FACE_RETRY, State.FACE_VERIFYING))  # fmt: skip


def test_back_from_the_keypad_returns_to_the_method_choice() -> None:
    run = at_method()(ev.MethodChosen(VM.PIN), ev.PinTriesRead(3), ev.Back())
    assert run.state is State.CHOOSE_METHOD


# --- staff ---------------------------------------------------------------------------------


def test_staff_visual_check_approved_queries_eligibility_as_visual() -> None:
    run = at_method()(ev.CallStaff())
    assert run.state is State.STAFF_CALLED and run.names()[-1] == "AlertStaff"
    run(ev.StaffDecided(True))  # not before staff authenticate
    assert run.state is State.STAFF_CALLED
    run(ev.StaffAuthenticated(), ev.StaffDecided(True))
    assert run.state is State.QUERYING and run.m.ctx.method is VM.VISUAL


def test_staff_rejecting_the_visual_check_ends_the_reception() -> None:
    run = at_method()(ev.CallStaff(), ev.StaffAuthenticated(), ev.StaffDecided(False))
    assert run.state is State.ENDED and run.m.ctx.error == "staff_rejected"
    assert run.record().outcome is ReceptionOutcome.ABANDONED


def test_a_patient_waiting_for_staff_is_never_timed_out() -> None:
    run = at_method()(ev.CallStaff())
    assert run.m.deadline is None
    run.wait(S.inactivity_s * 100)
    assert run.state is State.STAFF_CALLED and "SaveRecord" not in run.names()
    run(ev.StaffSent()).wait(S.inactivity_s * 100)
    assert run.state is State.STAFF_CALLED and "SaveRecord" not in run.names()
    run(ev.StaffAuthenticated()).wait(S.inactivity_s * 100)
    assert run.state is State.STAFF_COMPARE and "SaveRecord" not in run.names()
    run(ev.CardRemoved())  # taking the card still ends it
    assert run.state is State.CARD_REMOVED and run.record().outcome is ReceptionOutcome.ABANDONED


def test_staff_taking_the_call_is_shown_and_keeps_the_patient_waiting() -> None:
    run = at_method()(ev.CallStaff())
    assert not run.m.ctx.staff_seen
    run(ev.StaffAcknowledged())
    assert run.state is State.STAFF_CALLED and run.m.ctx.staff_seen and run.last.reason


def test_staff_can_switch_on_the_visual_check_where_the_patient_is_stuck() -> None:
    run = at_method()(ev.MethodChosen(VM.PIN), ev.PinTriesRead(0))
    run(ev.StaffAuthenticated(), ev.StaffDecided(True))
    assert run.state is State.QUERYING and run.m.ctx.method is VM.VISUAL
    assert fx.AuditStaff(StaffActionKind.APPROVE) in run.effects  # the desk shows who and when


def test_the_desk_sends_staff_and_only_staff_at_the_kiosk_see_the_card_and_decide() -> None:
    run = at_method()(ev.StaffSent())
    assert run.state is State.STAFF_CALLED and run.m.ctx.staff_seen  # 「係員がまいります」
    run(ev.StaffDecided(True))  # nobody authenticated here: no decision
    assert run.state is State.STAFF_CALLED and not run.last.handled
    run(ev.StaffAuthenticated(), ev.StaffDecided(False))
    assert run.state is State.ENDED and run.m.ctx.error == "staff_rejected"
    assert fx.AuditStaff(StaffActionKind.REJECT) in run.effects


def test_no_desk_action_can_approve_a_person() -> None:
    from kiosk.runtime.loop import DESK_EVENTS

    events = set(map(type, DESK_EVENTS.values()))
    assert ev.StaffDecided not in events and ev.StaffAuthenticated not in events


def _alerts(run: Run) -> list[AlertReason]:
    return [e.reason for e in run.effects if isinstance(e, fx.AlertStaff)]


@pytest.mark.parametrize(
    ("events", "reason"),
    [
        ((ev.CallStaff(),), AlertReason.CALL),
        ((ev.MethodChosen(VM.PIN), ev.PinTriesRead(0)), AlertReason.PIN_LOCKED),
        (
            (ev.MethodChosen(VM.FACE), ev.FacePrepareFailed(Code.NO_CARD_FRONT)),
            AlertReason.FACE_FAILED,
        ),
        ((ev.CardFailed(CardErrorKind.UNREADABLE),), AlertReason.CARD_ERROR),
    ],
)
def test_every_state_that_needs_staff_alerts_them(
    events: tuple[ev.Event, ...], reason: AlertReason
) -> None:
    assert _alerts(at_method()(*events)) == [reason]


def test_service_down_ineligible_and_odd_names_alert_staff() -> None:
    run = verified_by_pin()(ev.EligibilityFailed(EligibilityErrorKind.UNREACHABLE))
    assert _alerts(run) == [AlertReason.SERVICE_DOWN]
    run = verified_by_pin()(ev.EligibilityConfirmed("2", UNDER_40, VISIT))
    assert _alerts(run) == [AlertReason.INELIGIBLE]
    run = verified_by_pin()(ev.EligibilityConfirmed("1", UNDER_40, VISIT, name_check=True))
    assert _alerts(run) == [AlertReason.NAME_CHECK]
    assert run.state is State.CONSENT_MEDICATION and run.m.ctx.name_check and run.m.ctx.needs_staff
    assert _alerts(eligible()) == []


# --- eligibility ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["2", "3", "4", "5"])
def test_each_invalid_qualification_code_ends_ineligible(code: str) -> None:
    run = verified_by_pin()(ev.EligibilityConfirmed(code, UNDER_40, VISIT))
    assert run.state is State.INELIGIBLE and run.m.ctx.error == f"validity_{code}"
    assert run.record().outcome is ReceptionOutcome.INELIGIBLE and run.m.ctx.needs_staff


@pytest.mark.parametrize("code", ["1", "6"])
def test_valid_codes_go_on_to_the_consents(code: str) -> None:
    run = verified_by_pin()(ev.EligibilityConfirmed(code, UNDER_40, VISIT))
    assert run.state is State.CONSENT_MEDICATION


def test_not_registered_offers_registration_then_queries_again() -> None:
    run = verified_by_pin()(ev.EligibilityFailed(EligibilityErrorKind.NOT_REGISTERED))
    assert run.state is State.REGISTRATION_OFFER
    run(ev.RegistrationAnswered(True))
    assert run.state is State.REGISTERING and run.effects[-1] == fx.Register(VM.PIN)
    run(ev.Registered())
    assert run.state is State.QUERYING and run.m.ctx.registered_now
    run(ev.EligibilityFailed(EligibilityErrorKind.NOT_REGISTERED))  # no second offer
    assert run.state is State.ENDED


def test_declining_registration_ends_with_a_staff_flag() -> None:
    run = verified_by_pin()(ev.EligibilityFailed(EligibilityErrorKind.NOT_REGISTERED),
                            ev.RegistrationAnswered(False))  # fmt: skip
    assert run.state is State.ENDED and run.m.ctx.error == "registration_declined"


@pytest.mark.parametrize(
    "kind", [EligibilityErrorKind.CERT_EXPIRED, EligibilityErrorKind.CERT_REVOKED]
)
def test_an_expired_or_revoked_certificate_ends_in_cert_error(kind: EligibilityErrorKind) -> None:
    run = verified_by_pin()(ev.EligibilityFailed(kind))
    assert run.state is State.CERT_ERROR and run.m.ctx.error == kind.value


@pytest.mark.parametrize(
    "kind",
    [EligibilityErrorKind.UNREACHABLE, EligibilityErrorKind.TIMEOUT,
     EligibilityErrorKind.MALFORMED],
)  # fmt: skip
def test_service_trouble_records_a_pending_reception(kind: EligibilityErrorKind) -> None:
    run = verified_by_pin()(ev.EligibilityFailed(kind))
    assert run.state is State.SERVICE_DOWN
    assert run.record().outcome is ReceptionOutcome.PENDING


def test_a_rejected_proof_ends_the_reception() -> None:
    run = verified_by_pin()(ev.EligibilityFailed(EligibilityErrorKind.PROOF_REJECTED))
    assert run.state is State.ENDED and run.m.ctx.error == "proof_rejected"


def test_no_qualification_is_shown_as_ineligible() -> None:
    run = verified_by_pin()(ev.EligibilityFailed(EligibilityErrorKind.NO_QUALIFICATION))
    assert run.state is State.INELIGIBLE


def test_a_service_that_never_answers_is_cut_by_the_watchdog_into_pending() -> None:
    run = verified_by_pin().wait(S.watchdog_s + 1)
    assert run.state is State.SERVICE_DOWN


# --- consents ------------------------------------------------------------------------------


def test_under_40_skips_the_checkup_consent() -> None:
    run = eligible(UNDER_40)(ev.ConsentAnswered(True))
    assert run.state is State.SAVING_CONSENTS
    assert run.effects[-1] == fx.SaveConsents(((ConsentKind.MEDICATION, True),))


def test_40_and_over_is_asked_the_checkup_consent() -> None:
    run = eligible(OVER_40)(ev.ConsentAnswered(True))
    assert run.state is State.CONSENT_CHECKUP
    run(ev.ConsentAnswered(False))
    assert run.effects[-1] == fx.SaveConsents(
        ((ConsentKind.MEDICATION, True), (ConsentKind.CHECKUP, False))
    )


def test_age_is_counted_on_the_visit_date() -> None:
    run = eligible(TURNS_40_TOMORROW)(ev.ConsentAnswered(True))
    assert run.state is State.SAVING_CONSENTS


def test_the_clinic_can_add_the_diagnosis_and_operation_screens() -> None:
    settings = replace(S, ask_diagnosis=True, ask_operation=True)
    run = eligible(UNDER_40, settings)(ev.ConsentAnswered(True))
    assert run.state is State.CONSENT_DIAGNOSIS
    run(ev.ConsentAnswered(True))
    assert run.state is State.CONSENT_OPERATION
    run(ev.ConsentAnswered(False))
    assert run.state is State.SAVING_CONSENTS


def test_combined_mode_asks_once_and_provides_the_limit_info_by_default() -> None:
    settings = replace(S, consent_mode=ConsentMode.COMBINED)
    run = eligible(OVER_40, settings)
    assert run.state is State.CONSENT_COMBINED
    run(ev.ConsentAnswered(True))
    answers = dict(run.effects[-1].answers)  # type: ignore[attr-defined]
    assert answers[ConsentKind.LIMIT] is True and answers[ConsentKind.CHECKUP] is True
    run(ev.ConsentsSaved(True))
    assert run.state is State.FINISHED and run.m.ctx.limit_provided is True


def test_combined_mode_never_includes_checkup_under_40() -> None:
    settings = replace(S, consent_mode=ConsentMode.COMBINED)
    run = eligible(UNDER_40, settings)(ev.ConsentAnswered(True))
    assert ConsentKind.CHECKUP not in dict(run.effects[-1].answers)  # type: ignore[attr-defined]


# --- done and the limit offer --------------------------------------------------------------


def at_done() -> Run:
    return eligible()(ev.ConsentAnswered(True), ev.ConsentsSaved(True))


def test_done_offers_the_limit_info_and_providing_it_finishes() -> None:
    run = at_done()
    assert run.state is State.DONE
    run(ev.LimitAnswered(True))
    assert run.state is State.SAVING_LIMIT and run.names()[-1] == "SaveLimit"
    run(ev.LimitSaved(True))
    assert run.state is State.FINISHED and run.m.ctx.limit_provided is True
    assert run.record().outcome is ReceptionOutcome.COMPLETE


def test_declining_the_limit_info_finishes_without_it() -> None:
    run = at_done()(ev.LimitAnswered(False))
    assert run.state is State.FINISHED and run.m.ctx.limit_provided is False


def test_taking_the_card_on_the_done_screen_completes_without_limit_info() -> None:
    run = at_done()(ev.CardRemoved())
    assert run.state is State.CLOSING
    rec = run.record()
    assert rec.outcome is ReceptionOutcome.COMPLETE and rec.ctx.limit_provided is False


def test_consents_the_service_did_not_record_are_flagged_for_staff() -> None:
    run = eligible()(ev.ConsentAnswered(True), ev.ConsentsSaved(False))
    assert run.state is State.DONE and run.m.ctx.needs_staff


def test_a_card_left_on_the_reader_is_reminded_until_taken() -> None:
    run = at_done()(ev.LimitAnswered(False))
    run.wait(S.card_left_reminder_s + 0.1)
    assert run.names().count("Remind") == 1 and run.state is State.FINISHED
    run(ev.CardRemoved())
    assert run.state is State.CLOSING and run.m.ctx == Context(outcome=ReceptionOutcome.COMPLETE)
    run.wait(S.closing_s + 0.1)
    assert run.state is State.IDLE and run.m == Model()


def test_a_card_left_behind_alerts_the_desk_once_and_stops_sounding_at_the_clinics_limit() -> None:
    s = replace(S, card_left_alert_at=2, card_left_reminders=4)
    run = Run(s)(ev.CardInserted("r1"), ev.CardRead(face_available=True), ev.CallStaff(),
                 ev.StaffAuthenticated(), ev.StaffDecided(False))  # fmt: skip
    assert run.state in END_STATES
    for _ in range(10):
        run.wait(s.card_left_reminder_s + 0.1)
    assert run.names().count("Remind") == 4  # then silent: the screen keeps saying it
    assert _alerts(run).count(AlertReason.CARD_LEFT) == 1 and run.m.ctx.walked_away
    assert run.m.deadline is not None  # still waiting for the card, at the clinic's pace
    run(ev.CardRemoved())  # the kiosk starts the next person afresh (docs/ui.md)
    assert run.state is State.CLOSING and run.m.ctx.walked_away
    assert run.effects[-1] == fx.ResolveAlert(AlertReason.CARD_LEFT, "card_taken")  # desk told


def test_no_answer_on_the_done_screen_finishes_without_limit_info() -> None:
    run = at_done().wait(S.inactivity_s + 1)
    assert run.state is State.FINISHED and run.m.ctx.limit_provided is False


# --- time and removal everywhere -----------------------------------------------------------


def test_inactivity_warns_then_continue_resumes_the_same_screen() -> None:
    run = at_method().wait(S.inactivity_s + 0.1)
    assert run.state is State.TIMEOUT_WARNING
    run(ev.Continue())
    assert run.state is State.CHOOSE_METHOD


def test_inactivity_after_the_warning_ends_and_wipes() -> None:
    run = at_method().wait(S.inactivity_s + 0.1).wait(S.warning_s + 0.1)
    assert run.state is State.ENDED and run.m.ctx.error == "timeout"
    assert run.names()[-2:] == ["SaveRecord", "WipeSession"]


def test_a_touch_postpones_the_inactivity_timeout() -> None:
    run = at_method()
    run.now += S.inactivity_s - 1
    run(ev.Touch())
    run.wait(2)
    assert run.state is State.CHOOSE_METHOD


def test_a_hung_card_is_cut_by_the_watchdog() -> None:
    run = Run()(ev.CardInserted("r1")).wait(S.watchdog_s + 1)
    assert run.state is State.ENDED and run.m.ctx.error == "device_timeout"


# Out of service there is no card to remove (tests/unit/test_out_of_service.py).
@pytest.mark.parametrize("state", [s for s in State if s not in (State.IDLE, State.OUT_OF_SERVICE)])
def test_card_removal_in_any_state_says_goodbye_then_idles(state: State) -> None:
    model = Model(state, Context(reception_id="r1", birth_date=OVER_40), deadline=None)
    result = step(model, ev.CardRemoved(), 0.0, S)
    if state in AFTER_STATES:
        assert not result.handled and result.model == model
        return
    after = State.CLOSING if state in END_STATES or state is State.DONE else State.CARD_REMOVED
    assert result.model.state is after
    assert result.model.ctx.birth_date is None and result.model.ctx.reception_id is None
    if state not in END_STATES:
        assert [e.name for e in result.effects][-2:] == ["SaveRecord", "WipeSession"]
    later = step(result.model, ev.Tick(), S.closing_s + 0.1, S)
    assert later.model == Model()


def test_a_new_card_on_the_closing_screen_starts_the_next_reception() -> None:
    run = at_done()(ev.CardRemoved())
    assert run.state is State.CLOSING
    run(ev.CardInserted("r2"))
    assert run.state is State.READING and run.m.ctx.reception_id == "r2"


def test_cancel_asks_first_and_no_keeps_the_reception() -> None:
    run = at_method()(ev.AskCancel())
    assert run.state is State.CONFIRM_CANCEL and "SaveRecord" not in run.names()
    run(ev.Continue())
    assert run.state is State.CHOOSE_METHOD
    run(ev.AskCancel(), ev.Cancel())
    assert run.state is State.ENDED and run.m.ctx.error == "cancelled"
    assert "choose_method" in run.record().reason


def test_cancel_asked_during_the_face_check_stops_it_and_no_restarts_it() -> None:
    run = at_method()(ev.MethodChosen(VM.FACE), ev.FacePrepared(), ev.AskCancel())
    assert run.state is State.CONFIRM_CANCEL and run.names()[-1] == "CancelFace"
    run(ev.Continue())
    assert run.state is State.FACE_VERIFYING and isinstance(run.effects[-1], fx.VerifyFace)


def test_an_unanswered_cancel_question_ends_the_reception() -> None:
    run = at_method()(ev.AskCancel()).wait(S.inactivity_s + 0.1)
    assert run.state is State.ENDED and run.m.ctx.error == "timeout"


def test_back_on_a_consent_undoes_the_previous_answer() -> None:
    run = eligible(OVER_40)(ev.ConsentAnswered(False))
    assert run.state is State.CONSENT_CHECKUP and back_allowed(run.m)
    run(ev.Back())
    assert run.state is State.CONSENT_MEDICATION and run.m.ctx.answers == ()
    assert not back_allowed(run.m)
    run(ev.Back())
    assert not run.last.handled and run.state is State.CONSENT_MEDICATION
    run(ev.ConsentAnswered(True), ev.ConsentAnswered(True))
    assert run.m.ctx.answers == ((ConsentKind.MEDICATION, True), (ConsentKind.CHECKUP, True))


def test_call_staff_on_a_consent_calls_them_and_keeps_the_screen() -> None:
    run = eligible()(ev.CallStaff())
    assert run.state is State.CONSENT_MEDICATION and run.names()[-1] == "AlertStaff"
    assert run.m.ctx.needs_staff and run.m.ctx.error == "staff_called"


def test_the_table_covers_every_state() -> None:
    assert set(TRANSITIONS) == set(State)


def test_removal_after_eligibility_counts_as_complete() -> None:
    run = eligible()(ev.CardRemoved())
    assert run.record().outcome is ReceptionOutcome.COMPLETE


def test_a_call_that_reached_no_desk_tells_the_patient_to_ask_at_the_desk() -> None:
    run = at_method()(ev.CallStaff())
    run(ev.StaffCallUndelivered())
    assert run.state is State.STAFF_CALLED and run.m.ctx.error == Code.CALL_UNDELIVERED
    assert run.m.deadline is None  # still waiting: staff may come by
    run(ev.StaffAcknowledged())  # the held call reached a desk once the database was back
    assert run.m.ctx.staff_seen and run.m.ctx.error is None
    run(ev.StaffCallUndelivered())  # a late answer changes nothing now
    assert run.m.ctx.error is None and not run.last.handled


def test_more_time_on_the_warning_doubles_this_patients_waits() -> None:
    run = at_method().wait(S.inactivity_s + 0.1)
    assert run.state is State.TIMEOUT_WARNING
    run(ev.MoreTime())
    assert run.state is State.CHOOSE_METHOD and run.m.ctx.more_time
    run.wait(S.inactivity_s + 0.1)
    assert run.state is State.CHOOSE_METHOD  # once would have warned here
    run.wait(S.inactivity_s)
    assert run.state is State.TIMEOUT_WARNING
