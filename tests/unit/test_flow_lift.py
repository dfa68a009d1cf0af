"""One camera for both: the card lifted off the reader to show its front, then put back."""

from __future__ import annotations

from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.codes import Code
from kiosk.flow.model import State
from kiosk.ports import AlertReason, CardErrorKind, FaceOutcome, ReceptionOutcome
from kiosk.ports import VerificationMethod as VM
from tests.unit.test_flow import Run, S


def held_up(tray: bool = False) -> Run:
    """At 顔認証's preparing screen, with the front held up to the face camera (or on a tray)."""
    read = ev.CardRead(face_available=True, front_held_up=not tray)
    return Run()(ev.CardInserted("r1"), read, ev.MethodChosen(VM.FACE))


def lifted_and_read() -> Run:
    return held_up()(ev.CardRemoved(), ev.FrontRead())


def verifies(run: Run) -> list[fx.Effect]:
    """Every effect that could send a VERIFY to a card."""
    kinds = (fx.ReadCardFace, fx.VerifyNumberB, fx.VerifyPin, fx.PrepareFace)
    return [e for e in run.effects if isinstance(e, kinds)]


def test_the_card_lifted_to_show_its_front_does_not_end_the_reception() -> None:
    run = held_up()
    assert run.state is State.FACE_PREPARING and run.names()[-1] == "PrepareFace"
    run(ev.CardRemoved())
    assert run.state is State.FACE_PREPARING and run.m.ctx.card_lifted
    assert "SaveRecord" not in run.names()
    # A card job that finds the card gone says REMOVED too: also not the end.
    run(ev.CardFailed(CardErrorKind.REMOVED))
    assert run.state is State.FACE_PREPARING and "SaveRecord" not in run.names()


def test_the_same_card_back_gets_the_number_b_check_then_the_face() -> None:
    run = lifted_and_read()
    assert run.state is State.CARD_RETURN and run.m.deadline == S.card_return_s
    assert verifies(run) == [fx.PrepareFace()]  # nothing sent to the card off the reader
    run(ev.CardInserted("r2"))
    assert run.state is State.CARD_CHECKING
    assert run.effects[-1] == fx.ReadCardFace(same_card=True, photo=True)
    assert run.m.ctx.reception_id == "r1"  # the same reception goes on
    run(ev.FacePrepared())
    assert run.state is State.FACE_VERIFYING and run.m.ctx.photo_read
    run(ev.FaceVerified(FaceOutcome.MATCH))
    assert run.state is State.QUERYING


def test_a_different_card_back_ends_the_reception_recorded_and_staff_told() -> None:
    run = lifted_and_read()(ev.CardInserted("r2"), ev.CardSwapped())
    assert run.state is State.CARD_ERROR and run.m.ctx.error == "different_card"
    record = run.record()
    assert record.outcome is ReceptionOutcome.ABANDONED and record.ctx.reception_id == "r1"
    assert fx.AlertStaff(AlertReason.CARD_ERROR, "different_card") in run.effects
    assert "WipeSession" in run.names()
    run(ev.CardRemoved())  # the other card taken: the closing screen, nothing recorded again
    assert run.state is State.CLOSING
    run.record()  # still exactly one record


def test_no_card_back_in_time_ends_the_reception_as_abandoned_once() -> None:
    run = lifted_and_read()
    run.wait(S.card_return_s - 1)
    assert run.state is State.CARD_RETURN
    run.wait(1)
    assert run.state is State.CARD_REMOVED
    assert run.record().outcome is ReceptionOutcome.ABANDONED
    assert run.record().reason == "the card was not put back on the reader in time"
    run.wait(S.closing_s)
    assert run.state is State.IDLE
    run.record()  # still one


def test_a_card_lifted_again_while_checked_is_checked_again_when_back() -> None:
    run = lifted_and_read()(ev.CardInserted("r2"), ev.CardRemoved())
    assert run.state is State.CARD_RETURN
    run(ev.FacePrepared())  # the dropped check's late answer is not taken
    assert run.state is State.CARD_RETURN and not run.m.ctx.photo_read
    run(ev.CardInserted("r3"))
    assert run.state is State.CARD_CHECKING


def test_a_front_read_with_the_card_still_on_the_reader_goes_straight_to_the_check() -> None:
    run = held_up()(ev.FrontRead())
    assert run.state is State.CARD_CHECKING
    assert run.effects[-1] == fx.ReadCardFace(same_card=False, photo=True)


def test_an_unread_front_asks_for_the_card_back_before_the_pin_or_staff() -> None:
    run = held_up()(ev.CardRemoved(), ev.FacePrepareFailed(Code.FRONT_UNREADABLE))
    assert run.state is State.CARD_RETURN
    run(ev.CardInserted("r2"))
    assert run.effects[-1] == fx.ReadCardFace(same_card=True, photo=False)
    run(ev.CardBack())
    assert run.state is State.FACE_FAILED and run.m.ctx.error == "front_unreadable"
    assert run.m.ctx.front_unread


def test_on_a_tray_the_card_leaving_still_ends_the_reception() -> None:
    run = held_up(tray=True)(ev.CardRemoved())
    assert run.state is State.CARD_REMOVED
    assert run.record().outcome is ReceptionOutcome.ABANDONED


def test_staff_can_be_called_with_the_card_in_hand_and_no_clock_then_runs() -> None:
    run = lifted_and_read()(ev.CallStaff())
    assert run.state is State.CARD_RETURN and run.m.ctx.error == "staff_called"
    assert fx.AlertStaff(AlertReason.CALL, "card_return") in run.effects
    assert run.m.deadline is None and run.m.ctx.needs_staff
    run.wait(10 * S.card_return_s)  # a patient told to wait for staff is not timed out
    assert run.state is State.CARD_RETURN and "SaveRecord" not in run.names()
    run(ev.CardInserted("r2"))  # the card back, with staff's help: the check goes on
    assert run.state is State.CARD_CHECKING and run.m.ctx.needs_staff


def test_stopping_with_the_card_in_hand_ends_on_the_card_removed_screen_once() -> None:
    run = lifted_and_read()(ev.AskCancel())
    assert run.state is State.CONFIRM_CANCEL
    run(ev.Cancel())
    assert run.state is State.CARD_REMOVED  # nothing waits for a card to be taken
    record = run.record()
    assert record.outcome is ReceptionOutcome.ABANDONED and record.ctx.error == "cancelled"
    assert "WipeSession" in run.names()
    run.wait(S.closing_s)
    assert run.state is State.IDLE
    run.record()  # still one


def test_the_card_placed_while_asked_to_stop_goes_on_with_the_check() -> None:
    run = lifted_and_read()(ev.AskCancel(), ev.CardInserted("r2"))
    assert run.state is State.CARD_CHECKING and run.m.resume is None
    assert run.effects[-1] == fx.ReadCardFace(same_card=True, photo=True)
    assert "SaveRecord" not in run.names()


def test_no_answer_to_stop_with_the_card_in_hand_is_the_card_not_returned() -> None:
    run = lifted_and_read()(ev.AskCancel())
    run.wait(S.inactivity_s)
    assert run.state is State.CARD_REMOVED
    assert run.record().ctx.error == "card_not_returned"


def test_going_on_after_asking_waits_for_the_card_again() -> None:
    run = lifted_and_read()(ev.AskCancel(), ev.Continue())
    assert run.state is State.CARD_RETURN and run.m.deadline == S.card_return_s
    run(ev.CardInserted("r2"))
    assert run.state is State.CARD_CHECKING


def test_a_card_placed_while_asked_to_stop_elsewhere_changes_nothing() -> None:
    run = Run()(ev.CardInserted("r1"), ev.CardRead(face_available=True), ev.AskCancel())
    assert run.state is State.CONFIRM_CANCEL
    run(ev.CardInserted("r2"))
    assert run.state is State.CONFIRM_CANCEL and not run.last.handled
    run(ev.Cancel())
    assert run.state is State.ENDED  # the card is on the reader: take your card
