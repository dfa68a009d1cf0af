"""Issue 26 item 5: what a patient reads on the way is true and tidy — the step bar lights only
steps that happened, the limit question calls staff and speaks of a phone to a phone user, no
empty photo box, no ASCII space between Japanese sentences."""

from __future__ import annotations

from kiosk.flow import events as ev
from kiosk.flow.machine import TRANSITIONS
from kiosk.flow.model import Context, Model, State
from kiosk.ports import ReceptionOutcome
from kiosk.ui.screens.base import step_of
from kiosk.ui.texts import sentences


def test_the_step_bar_lights_only_steps_that_happened() -> None:
    done = Model(State.CLOSING, Context(outcome=ReceptionOutcome.COMPLETE))
    abandoned = Model(State.CLOSING, Context(outcome=ReceptionOutcome.ABANDONED))
    assert step_of(done) == 4 and step_of(abandoned) == 0
    assert step_of(Model(State.INELIGIBLE)) == 2  # no consent was asked
    assert step_of(Model(State.CONSENT_MEDICATION)) == 3


def test_japanese_sentences_are_joined_without_a_space() -> None:
    joined = sentences(["暗証番号が違います。", "あと1回です。"])
    assert joined == "暗証番号が違います。あと1回です。"
    assert sentences(["Wrong PIN.", "", "1 try left."]) == "Wrong PIN. 1 try left."


def test_the_limit_question_can_call_staff_and_speaks_to_a_phone_user(kiosk) -> None:
    assert ev.CallStaff in TRANSITIONS[State.DONE]
    window = kiosk.window
    window.set_language("ja")
    window.show_model(Model(State.DONE, Context(reception_id="r", phone=True)))
    words = " ".join(w.plain() for w in window.current.body)
    assert "カード" not in words and "提供する" in words
    assert window.current.nav.call.isVisible()
    window.show_model(Model(State.DONE, Context(reception_id="r")))
    assert "カードを取らずに" in " ".join(w.plain() for w in window.current.body)


def test_no_empty_photo_box_when_the_chip_photo_was_not_read(kiosk) -> None:
    window = kiosk.window
    window.show_model(Model(State.STAFF_COMPARE, Context(reception_id="r")))
    compare = window.current
    assert not compare.photo.isVisible() and compare.note.isVisible()
