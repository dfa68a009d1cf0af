"""Issue 26 item 5: what a patient reads on the way is true and tidy — the step bar lights only
steps that happened, the limit question calls staff and speaks of a phone to a phone user, no
empty photo box, no ASCII space between Japanese sentences."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from kiosk.flow import events as ev
from kiosk.flow.machine import TRANSITIONS
from kiosk.flow.model import Context, Model, State
from kiosk.ports import ConsentKind, ReceptionOutcome, VerificationMethod
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


def test_the_take_card_reminder_does_not_move_the_picture(kiosk) -> None:
    window = kiosk.window
    window.resize(1280, 800)
    window.show()
    window.show_model(Model(State.FINISHED, Context(reception_id="r")))
    screen = window.current
    kiosk_app = QApplication.instance()
    assert kiosk_app is not None
    kiosk_app.processEvents()
    before = screen.geometry(), [w.geometry() for w in screen.findChildren(QWidget)]
    window._remind()
    kiosk_app.processEvents()
    assert window.reminder.isVisible()
    assert (screen.geometry(), [w.geometry() for w in screen.findChildren(QWidget)]) == before
    # Elsewhere the reminder takes no room: the next patient's screens get the whole height.
    window.show_model(Model(State.IDLE))
    kiosk_app.processEvents()
    assert not window.reminder.isVisible()
    assert window.stack.geometry().bottom() == window.height() - 1


def test_the_clinic_name_is_in_the_top_bar(kiosk) -> None:
    window = kiosk.window
    window.show()
    assert window.clinic.plain() == window.clinic_name == "デモ診療所"  # [clinic] name by default
    assert window.clinic.isVisible()


def test_identity_confirmed_is_said_after_a_face_match_or_a_correct_pin(kiosk) -> None:
    window = kiosk.window
    window.set_language("ja")
    for method in (VerificationMethod.FACE, VerificationMethod.PIN):
        window.show_model(Model(State.QUERYING, Context(reception_id="r", method=method)))
        screen = window.current
        assert screen.title.plain() == "本人確認ができました"
        assert "本人確認ができました" in screen.spoken()
        assert "保険の資格を確認しています" in " ".join(w.plain() for w in screen.body)
    # A staff check is not the patient's own doing: the screen just says what is happening.
    window.show_model(
        Model(State.QUERYING, Context(reception_id="s", method=VerificationMethod.VISUAL))
    )
    assert window.current.title.plain() == "保険の資格を確認しています…"


def test_the_limit_question_has_back_once_a_question_came_before_it(kiosk) -> None:
    window = kiosk.window
    answered = Context(reception_id="r", answers=((ConsentKind.MEDICATION, True),))
    window.show_model(Model(State.DONE, answered))
    assert window.current.nav.back.isVisible() and window.current.nav.call.isVisible()
    # Nothing was asked (a certificate in its grace): 戻る would lead nowhere, so it is not there.
    window.show_model(Model(State.DONE, Context(reception_id="s")))
    assert not window.current.nav.back.isVisible()


def test_the_clinic_name_setting_is_shown_and_a_too_long_one_refused(qtbot, clock) -> None:
    import pytest

    from kiosk.config import ConfigError, load_config
    from kiosk_dev.offline import offline_app

    with pytest.raises(ConfigError, match="clinic_name"):
        load_config(environ={}, overrides={"ui": {"clinic_name": "あ" * 25}})
    app = offline_app(clock, ui={"clinic_name": "みなと内科"})
    try:
        assert app.window.clinic.plain() == "みなと内科"
    finally:
        app.close()
