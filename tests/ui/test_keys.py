"""The USB keypad on the offscreen window (QTest key events, as a pad sends them): the PIN is
typed, corrected and submitted with the digits never said or logged; on screens with choices a
spoken focus moves through the visible buttons and Enter presses one; "*" says the screen
again; staff screens take nothing from the pad."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest

from kiosk.flow import events as ev
from kiosk.flow.model import Context, Model, State
from kiosk.ui import texts
from kiosk.ui.keys import KEY_NAMES, key_event, reading_order
from kiosk_dev.screenshots import sample_model

PAD = Qt.KeyboardModifier.KeypadModifier


def _model(state: State, **ctx: object) -> Model:
    return Model(state, Context(reception_id="r1", **ctx))  # type: ignore[arg-type]


@pytest.fixture
def said(kiosk) -> list[str]:  # type: ignore[no-untyped-def]
    """What the window would say (the offline kiosk's voice is off)."""
    out: list[str] = []
    kiosk.window.voice.say = lambda text, language: out.append(text)  # type: ignore[method-assign]
    return out


@pytest.fixture
def posted(kiosk, monkeypatch) -> list[ev.Event]:  # type: ignore[no-untyped-def]
    out: list[ev.Event] = []
    monkeypatch.setattr(kiosk.window, "post", out.append)
    return out


def press(window, *names: str) -> None:  # type: ignore[no-untyped-def]
    for name in names:
        QTest.keyClick(window, KEY_NAMES[name], PAD)


def test_the_pin_is_typed_from_the_pad_and_only_its_length_is_said(
    kiosk, said, posted, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    window = kiosk.window
    window.show_model(_model(State.PIN_ENTRY, pin_tries_left=3))
    said.clear()
    session = kiosk.controller.reception.session
    press(window, "4", "3")
    assert session.pin_length == 2
    assert said[-1] == texts.tr(texts.KEY_DIGITS).format(n=2)
    press(window, "backspace")
    assert session.pin_length == 1 and said[-1] == texts.tr(texts.KEY_DIGITS).format(n=1)
    press(window, "enter")  # not four yet: nothing is sent, the count is said again
    assert not any(isinstance(e, ev.PinSubmitted) for e in posted)
    press(window, "3", "2", "1")
    assert session.pin_length == 4 and texts.tr(texts.KEY_PRESS_ENTER) in said[-1]
    press(window, "enter")
    assert any(isinstance(e, ev.PinSubmitted) for e in posted)
    assert any(isinstance(e, ev.Touch) for e in posted)  # a key keeps the reception awake
    spoken_and_logged = " ".join(said) + caplog.text
    assert "4321" not in spoken_and_logged and "4" not in "".join(said).replace("4桁", "")


def test_escape_clears_the_pin(kiosk, said) -> None:
    window = kiosk.window
    window.show_model(_model(State.PIN_ENTRY, pin_tries_left=3))
    press(window, "1", "2", "escape")
    assert kiosk.controller.reception.session.pin_length == 0
    assert said[-1] == texts.tr(texts.KEY_DIGITS).format(n=0)


def test_plus_and_minus_move_a_spoken_focus_and_enter_presses_it(kiosk, said, posted) -> None:
    window = kiosk.window
    window.show_model(_model(State.CHOOSE_METHOD))
    buttons = reading_order(window.current)
    names = [b.objectName() for b in buttons]
    assert "call_staff" in names and "cancel" in names
    assert not any(n.startswith("key_") for n in names)
    said.clear()
    press(window, "plus")
    assert said == [buttons[0].text()]
    press(window, "plus", "minus", "minus")  # back past the first: round to the last
    assert said[-1] == buttons[-1].text()
    posted.clear()
    press(window, "enter")
    assert names[-1] == "cancel" and any(isinstance(e, ev.AskCancel) for e in posted)


def test_four_and_six_move_the_focus_where_no_pin_is_typed(kiosk, said) -> None:
    window = kiosk.window
    window.show_model(_model(State.CONSENT_MEDICATION))
    buttons = reading_order(window.current)
    said.clear()
    press(window, "6", "6")
    assert said == [buttons[0].text(), buttons[1].text()]
    press(window, "4")
    assert said[-1] == buttons[0].text()


def test_enter_with_nothing_chosen_says_the_first_choice(kiosk, said, posted) -> None:
    window = kiosk.window
    window.show_model(_model(State.CHOOSE_METHOD))
    said.clear()
    press(window, "enter")
    assert said == [reading_order(window.current)[0].text()]
    assert not [e for e in posted if not isinstance(e, ev.Touch)]  # nothing pressed yet


def test_a_new_screen_starts_with_no_focus(kiosk, said, posted) -> None:
    window = kiosk.window
    window.show_model(_model(State.CHOOSE_METHOD))
    press(window, "plus", "plus")
    window.show_model(_model(State.CONSENT_MEDICATION))
    said.clear()
    press(window, "plus")
    assert said == [reading_order(window.current)[0].text()]


def test_star_says_the_screen_again(kiosk, said) -> None:
    window = kiosk.window
    window.show_model(_model(State.CONSENT_MEDICATION))
    first = said[-1]
    press(window, "star")
    assert said[-1] == first == window.current.spoken()
    window.show_model(_model(State.IDLE))  # between patients the idle screen is quiet …
    said.clear()
    press(window, "star")  # … but says itself when asked
    assert said == [window.current.spoken()]


def test_staff_screens_take_nothing_from_the_pad(kiosk, clock, said, posted) -> None:
    window = kiosk.window
    window.show_model(sample_model(State.STAFF_COMPARE, clock.monotonic()))
    said.clear()
    press(window, "plus", "enter", "star", "5")
    assert said == [] and posted == []
    for _ in range(5):
        QTest.mouseClick(window.corner, Qt.MouseButton.LeftButton)
    assert window.current is window.exit_screen
    posted.clear()
    press(window, "1", "enter", "plus")
    assert said == [] and posted == []


def test_a_held_key_types_once(kiosk, said) -> None:
    window = kiosk.window
    window.show_model(_model(State.PIN_ENTRY, pin_tries_left=3))
    press(window, "7")
    held = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_7, PAD, "7", True)  # an auto-repeat
    assert window.keys.handle(held)
    assert kiosk.controller.reception.session.pin_length == 1
    assert key_event("7").modifiers() == PAD  # the test control's keys are a pad's


def test_say_again_is_in_the_bar_only_with_the_voice(kiosk) -> None:
    window = kiosk.window
    assert not window.again_button.isVisible()  # the offline kiosk speaks nothing
    assert window.again_button.text() == texts.tr(texts.SAY_AGAIN)


def test_screens_built_after_the_start_take_keys_and_the_language(qtbot, clock) -> None:
    """The window starts with the idle screen only and builds the others after it is shown
    (start-up, docs/ui.md); one asked for sooner is built then, in the patient's language."""
    from kiosk_dev.offline import offline_app

    app = offline_app(clock)
    try:
        window = app.window
        assert list(window.screens) == [State.IDLE]
        said: list[str] = []
        window.voice.say = lambda text, language: said.append(text)  # type: ignore[method-assign]
        window.set_language("en")
        window.show_model(_model(State.CHOOSE_METHOD))
        assert window.current.title.plain() == "Choose face recognition or PIN"
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: len(window.screens) == len(State), timeout=30_000)
        press(window, "plus")
        assert said[-1] == reading_order(window.current)[0].text()
    finally:
        app.close()
