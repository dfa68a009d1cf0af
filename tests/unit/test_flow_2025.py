"""The 2025 items after the consents: 電子処方箋 / 紙 and the 医療費助成 受給者証 question, each
only where the clinic turns it on; the answers reach the saving effects and the record."""

from __future__ import annotations

from dataclasses import replace

from kiosk.config import ConsentMode
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.machine import back_allowed
from kiosk.flow.model import FlowSettings, State
from kiosk.ports import ConsentKind

from .test_flow import UNDER_40, Run, eligible

BOTH = FlowSettings(ask_prescription=True, ask_subsidy=True)


def _saves(run: Run) -> list[fx.SaveConsents]:
    return [e for e in run.effects if isinstance(e, fx.SaveConsents)]


def test_off_by_default_the_consents_go_straight_to_saving() -> None:
    run = eligible()(ev.ConsentAnswered(True))
    assert run.state is State.SAVING_CONSENTS
    assert _saves(run)[0].prescription is None


def test_prescription_then_subsidy_come_after_the_last_consent() -> None:
    run = eligible(settings=BOTH)(ev.ConsentAnswered(True))
    assert run.state is State.PRESCRIPTION_CHOICE
    assert not _saves(run)  # nothing is sent before the patient chose
    run(ev.PrescriptionChosen(electronic=True))
    assert run.state is State.SUBSIDY_QUESTION
    run(ev.SubsidyAnswered(use=False))
    assert run.state is State.SAVING_CONSENTS
    assert _saves(run)[0] == fx.SaveConsents(((ConsentKind.MEDICATION, True),), "1")


def test_paper_is_code_2_and_reaches_the_limit_save_and_the_record() -> None:
    run = eligible(settings=replace(BOTH, ask_subsidy=False))(ev.ConsentAnswered(False))
    run(ev.PrescriptionChosen(electronic=False), ev.ConsentsSaved(ok=True))
    assert run.state is State.DONE
    run(ev.LimitAnswered(provide=True))
    assert [e for e in run.effects if isinstance(e, fx.SaveLimit)] == [fx.SaveLimit("2")]
    run(ev.LimitSaved(ok=True), ev.CardRemoved())
    ctx = run.record().ctx
    assert (ctx.prescription, ctx.subsidy) == ("2", None)


def test_only_the_subsidy_question_when_only_it_is_on() -> None:
    run = eligible(settings=FlowSettings(ask_subsidy=True))(ev.ConsentAnswered(True))
    assert run.state is State.SUBSIDY_QUESTION
    run(ev.SubsidyAnswered(use=True))
    assert run.state is State.SAVING_CONSENTS
    assert run.m.ctx.subsidy is True


def test_combined_mode_asks_them_after_the_single_consent() -> None:
    settings = replace(BOTH, consent_mode=ConsentMode.COMBINED)
    run = eligible(UNDER_40, settings)(ev.ConsentAnswered(True))
    assert run.state is State.PRESCRIPTION_CHOICE
    run(ev.PrescriptionChosen(True), ev.SubsidyAnswered(True))
    assert run.state is State.SAVING_CONSENTS
    assert (ConsentKind.LIMIT, True) in _saves(run)[0].answers


def test_the_questions_time_out_like_every_patient_screen() -> None:
    run = eligible(settings=BOTH)(ev.ConsentAnswered(True))
    run.wait(BOTH.inactivity_s + 1)
    assert run.state is State.TIMEOUT_WARNING
    run(ev.Continue())
    assert run.state is State.PRESCRIPTION_CHOICE


def test_back_on_the_limit_question_asks_the_last_question_again_and_saves_again() -> None:
    run = eligible(settings=BOTH)(ev.ConsentAnswered(True))
    run(ev.PrescriptionChosen(electronic=True), ev.SubsidyAnswered(use=True))
    run(ev.ConsentsSaved(ok=True))
    assert run.state is State.DONE and back_allowed(run.m)
    run(ev.Back())  # a mis-tap on 受給者証: asked again, the other answers kept
    assert run.state is State.SUBSIDY_QUESTION and run.m.ctx.subsidy is None
    assert run.m.ctx.prescription == "1"
    run(ev.SubsidyAnswered(use=False))
    assert run.state is State.SAVING_CONSENTS  # the answers saved again, with the new one
    assert _saves(run)[-1] == fx.SaveConsents(((ConsentKind.MEDICATION, True),), "1")
    run(ev.ConsentsSaved(ok=True))
    assert run.state is State.DONE
    run(ev.LimitAnswered(provide=False), ev.CardRemoved())
    assert run.record().ctx.subsidy is False


def test_back_on_the_limit_question_without_the_2025_items_undoes_the_last_consent() -> None:
    run = eligible()(ev.ConsentAnswered(False), ev.ConsentsSaved(ok=True))
    assert run.state is State.DONE and back_allowed(run.m)
    run(ev.Back())
    assert run.state is State.CONSENT_MEDICATION and run.m.ctx.answers == ()
    run(ev.ConsentAnswered(True), ev.ConsentsSaved(ok=True))
    assert run.state is State.DONE
    assert _saves(run)[-1] == fx.SaveConsents(((ConsentKind.MEDICATION, True),), None)
