"""Staff type 照合番号B when the card front cannot be read (issue 11 item 3): the flow's part,
without Qt or I/O."""

from __future__ import annotations

from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.codes import Code
from kiosk.flow.model import State
from kiosk.ports import FaceOutcome, ReceptionOutcome
from kiosk.ports import VerificationMethod as VM

from .test_flow import Run, S


def front_unread(face_camera: bool = True) -> Run:
    run = Run()(ev.CardInserted("r1"), ev.CardRead(face_available=True, face_camera=face_camera))
    return run(ev.MethodChosen(VM.FACE), ev.FacePrepareFailed(Code.FRONT_UNREADABLE))


def typing(tries: int = 10, allowed: int = 3) -> Run:
    run = front_unread()(ev.CallStaff(), ev.StaffAuthenticated())
    return run(ev.NumberBTriesRead(tries, allowed))


def test_staff_at_the_kiosk_after_an_unread_front_go_straight_to_typing_the_number() -> None:
    run = front_unread()
    assert run.state is State.FACE_FAILED and run.m.ctx.front_unread
    run(ev.CallStaff(), ev.StaffAuthenticated())
    assert run.state is State.NUMBER_B_CHECKING
    assert isinstance(run.effects[-1], fx.ReadNumberBTries)  # tries first, none consumed
    run(ev.NumberBTriesRead(10, 3))
    assert run.state is State.NUMBER_B_ENTRY
    assert (run.m.ctx.number_b_tries_left, run.m.ctx.number_b_allowed) == (10, 3)
    assert run.m.deadline is None  # staff are at the kiosk: never timed out


def test_the_corner_gesture_over_the_failed_face_screen_also_leads_to_typing() -> None:
    run = front_unread()(ev.StaffAuthenticated())
    assert run.state is State.NUMBER_B_CHECKING


def test_a_staff_member_sent_from_the_desk_types_the_number_once_at_the_kiosk() -> None:
    run = front_unread()(ev.CallStaff(), ev.StaffSent())
    assert run.state is State.STAFF_CALLED  # nothing of the card until they authenticate here
    run(ev.StaffAuthenticated())
    assert run.state is State.NUMBER_B_CHECKING


def test_a_typed_number_reads_the_photo_and_the_face_match_runs_as_after_the_ocr() -> None:
    run = typing()(ev.NumberBSubmitted())
    assert run.state is State.NUMBER_B_VERIFYING
    assert isinstance(run.effects[-1], fx.VerifyNumberB)
    run(ev.FacePrepared())
    assert run.state is State.FACE_VERIFYING and run.m.ctx.photo_read
    assert isinstance(run.effects[-1], fx.VerifyFace)
    run(ev.FaceVerified(FaceOutcome.MATCH))
    assert run.state is State.QUERYING and run.m.ctx.method is VM.FACE


def test_a_wrong_number_goes_back_to_the_keypad_with_the_tries_left() -> None:
    run = typing()(ev.NumberBSubmitted(), ev.NumberBRejected(Code.WRONG_NUMBER_B, 9, 2))
    assert run.state is State.NUMBER_B_ENTRY and run.m.ctx.error == "wrong_number_b"
    assert (run.m.ctx.number_b_tries_left, run.m.ctx.number_b_allowed) == (9, 2)


def test_a_number_not_sent_costs_nothing_and_asks_again() -> None:
    run = typing()(ev.NumberBSubmitted(), ev.NumberBRejected(Code.NUMBER_B_IMPLAUSIBLE))
    assert run.state is State.NUMBER_B_ENTRY and run.m.ctx.error == "number_b_implausible"
    assert (run.m.ctx.number_b_tries_left, run.m.ctx.number_b_allowed) == (10, 3)


def test_the_last_try_the_guard_allows_ends_typing_for_this_card() -> None:
    run = typing(8, 1)(ev.NumberBSubmitted(), ev.NumberBRejected(Code.WRONG_NUMBER_B, 7, 0))
    assert run.state is State.STAFF_COMPARE and run.m.ctx.error == "number_b_guard"
    assert not run.m.ctx.number_b_typable()
    run(ev.NumberBEntryChosen())
    assert run.state is State.STAFF_COMPARE and not run.last.handled
    run(ev.StaffDecided(True))  # the visual check remains
    assert run.state is State.QUERYING and run.m.ctx.method is VM.VISUAL


def test_a_card_already_below_the_guard_is_never_offered_the_keypad() -> None:
    run = front_unread()(ev.CallStaff(), ev.StaffAuthenticated(), ev.NumberBTriesRead(7, 0))
    assert run.state is State.STAFF_COMPARE and run.m.ctx.error == "number_b_guard"
    run = typing()(ev.NumberBSubmitted(), ev.NumberBRejected(Code.NUMBER_B_GUARD, 7, 0))
    assert run.state is State.STAFF_COMPARE and run.m.ctx.number_b_allowed == 0


def test_staff_can_leave_the_keypad_for_the_visual_check_and_come_back() -> None:
    run = typing()(ev.Back())
    assert run.state is State.STAFF_COMPARE
    run(ev.NumberBEntryChosen())
    assert run.state is State.NUMBER_B_CHECKING


def test_on_the_staff_route_generally_the_number_can_be_typed_while_a_face_check_is_possible() -> (
    None
):
    # A clinic without a card-front camera: face is not offered to the patient, but the face
    # camera works, so staff who type the number give the patient the face check.
    run = Run()(ev.CardInserted("r1"), ev.CardRead(face_available=False, face_camera=True))
    run(ev.CallStaff(), ev.StaffAuthenticated())
    assert run.state is State.STAFF_COMPARE  # no unread front: the visual check first
    run(ev.NumberBEntryChosen())
    assert run.state is State.NUMBER_B_CHECKING
    run = Run()(ev.CardInserted("r1"), ev.CardRead(face_available=False, face_camera=False))
    run(ev.CallStaff(), ev.StaffAuthenticated(), ev.NumberBEntryChosen())
    assert run.state is State.STAFF_COMPARE and not run.last.handled


def test_a_photo_that_cannot_be_read_after_the_number_leaves_staff_the_visual_check() -> None:
    run = typing()(ev.NumberBSubmitted(), ev.FacePrepareFailed(Code.PHOTO_UNREADABLE))
    assert run.state is State.STAFF_COMPARE and run.m.ctx.error == "photo_unreadable"


def test_taking_the_card_while_staff_type_ends_the_reception_and_wipes() -> None:
    run = typing()(ev.CardRemoved())
    assert run.state is State.CARD_REMOVED
    assert run.record().outcome is ReceptionOutcome.ABANDONED
    assert run.names()[-1] == "WipeSession"


def test_a_face_that_does_not_match_after_a_typed_number_can_be_retried() -> None:
    run = typing()(ev.NumberBSubmitted(), ev.FacePrepared(), ev.FaceVerified(FaceOutcome.NO_MATCH))
    assert run.state is State.FACE_RETRY
    run(ev.RetryFace())
    assert run.state is State.FACE_VERIFYING  # the photo is read: no second number
    assert not any(isinstance(e, fx.PrepareFace) for e in run.effects[-1:])


def test_the_watchdog_ends_a_hung_number_check() -> None:
    run = typing()(ev.NumberBSubmitted()).wait(S.watchdog_s + 1)
    assert run.state is State.ENDED and run.m.ctx.error == "device_timeout"
