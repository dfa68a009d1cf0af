"""The PIN keypad writes only into the Session and shows dots; the staff exit gesture needs a
staff PIN, and repeated wrong staff PINs lock it."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.flow import events as ev
from kiosk.flow.codes import Code
from kiosk.flow.model import Context, Model, State
from kiosk.ports import AlertReason
from kiosk.staff_auth import hash_pin


def _model(state: State, **ctx: object) -> Model:
    return Model(state, Context(reception_id="r1", **ctx))  # type: ignore[arg-type]


def test_pin_digits_go_to_the_session_and_only_dots_are_shown(kiosk, qtbot, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    window = kiosk.window
    window.show_model(_model(State.PIN_ENTRY, pin_tries_left=3))
    screen = window.current
    keys = screen.buttons()
    assert not keys["ok"].isEnabled()
    for d in "4321":
        qtbot.mouseClick(keys[f"key_{d}"], Qt.MouseButton.LeftButton)
    session = kiosk.controller.reception.session
    assert session.pin_length == 4 and keys["ok"].isEnabled()
    shown = " ".join(w.text() for w in window.findChildren(QLabel))
    assert screen.dots.text().count("●") == 4 and "4321" not in shown
    assert "4321" not in caplog.text
    qtbot.mouseClick(keys["key_delete"], Qt.MouseButton.LeftButton)
    assert session.pin_length == 3
    qtbot.mouseClick(keys["key_clear"], Qt.MouseButton.LeftButton)
    assert session.pin_length == 0


def test_a_pin_typed_but_not_submitted_is_wiped_when_the_screen_goes(kiosk, qtbot) -> None:
    window = kiosk.window
    window.show_model(_model(State.PIN_ENTRY, pin_tries_left=3))
    qtbot.mouseClick(window.current.buttons()["key_7"], Qt.MouseButton.LeftButton)
    assert kiosk.controller.reception.session.pin_length == 1
    window.show_model(_model(State.CHOOSE_METHOD))
    assert kiosk.controller.reception.session.pin_length == 0


def test_wrong_pin_and_last_try_are_said_plainly(kiosk) -> None:
    window = kiosk.window
    window.set_language("en")
    window.show_model(_model(State.PIN_ENTRY, pin_tries_left=1, error=Code.WRONG_PIN))
    text = window.current.alert.text()
    assert "not correct" in text and "lock" in text


def _staff_window(kiosk, pin_hash: str):  # type: ignore[no-untyped-def]
    kiosk.controller.staff.pin_hashes = (pin_hash,)
    kiosk.controller.staff.max_attempts = 2
    return kiosk.window


def _type(qtbot, screen, digits: str) -> None:  # type: ignore[no-untyped-def]
    keys = screen.buttons()
    for d in digits:
        qtbot.mouseClick(keys[f"key_{d}"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(keys["staff_ok"], Qt.MouseButton.LeftButton)


def test_staff_exit_needs_the_gesture_and_a_staff_pin(kiosk, qtbot) -> None:
    window = _staff_window(kiosk, hash_pin("2468"))
    for _ in range(4):
        qtbot.mouseClick(window.corner, Qt.MouseButton.LeftButton)
    assert window.current is not window.exit_screen
    qtbot.mouseClick(window.corner, Qt.MouseButton.LeftButton)
    assert window.current is window.exit_screen
    with qtbot.wait_signal(kiosk.controller.staff_checked, timeout=5000):
        _type(qtbot, window.exit_screen, "1111")
    assert window.exit_screen.alert.isVisible()
    with qtbot.wait_signal(window.exit_requested, timeout=5000):
        _type(qtbot, window.exit_screen, "2468")


def test_repeated_wrong_staff_pins_lock_staff_functions(kiosk, qtbot, clock) -> None:
    window = _staff_window(kiosk, hash_pin("2468"))
    window.set_language("en")
    for _ in range(5):
        qtbot.mouseClick(window.corner, Qt.MouseButton.LeftButton)
    for _ in range(2):
        with qtbot.wait_signal(kiosk.controller.staff_checked, timeout=5000):
            _type(qtbot, window.exit_screen, "1111")
    assert "locked" in window.exit_screen.alert.text()
    store = kiosk.controller.reception.devices.alerts  # the desk hears that this route locked
    qtbot.wait_until(
        lambda: [a.reason for a in store.alerts.open_alerts()] == [AlertReason.STAFF_PIN_LOCKED],
        timeout=5000,
    )
    with (
        qtbot.assert_not_emitted(window.exit_requested, wait=300),
        qtbot.wait_signal(kiosk.controller.staff_checked, timeout=5000),
    ):
        _type(qtbot, window.exit_screen, "2468")
    clock.advance(kiosk.controller.staff.lockout_s + 1)
    qtbot.wait_until(lambda: window.current is not window.exit_screen)  # gave the kiosk back
    for _ in range(5):
        qtbot.mouseClick(window.corner, Qt.MouseButton.LeftButton)
    with qtbot.wait_signal(window.exit_requested, timeout=5000):
        _type(qtbot, window.exit_screen, "2468")


def test_no_staff_keypad_on_the_patients_staff_called_screen(kiosk) -> None:
    window = kiosk.window
    window.show_model(_model(State.STAFF_CALLED))
    assert not any(name.startswith("key_") for name in window.current.buttons())
    shown = {n for n, b in window.current.buttons().items() if b.isVisibleTo(window.current)}
    assert shown == {"cancel"}
    window.show_model(_model(State.STAFF_CALLED, staff_seen=True))
    window.set_language("en")
    assert "seen your call" in " ".join(w.text() for w in window.current.body)
    window.show_model(_model(State.PIN_LOCKED, staff_seen=True))  # alerted by itself
    assert "seen your call" in " ".join(w.text() for w in window.current.body)
    window.show_model(_model(State.PIN_LOCKED))
    assert "seen your call" not in " ".join(w.text() for w in window.current.body)


def test_the_corner_gesture_and_a_staff_pin_switch_on_the_visual_check(kiosk, qtbot) -> None:
    window = _staff_window(kiosk, hash_pin("2468"))
    posted: list[ev.Event] = []
    kiosk.controller.post = posted.append  # the flow's answer is tested in test_scenarios
    kiosk.controller.reception.model = _model(State.STAFF_CALLED)
    window.show_model(kiosk.controller.model)
    for _ in range(5):
        qtbot.mouseClick(window.corner, Qt.MouseButton.LeftButton)
    assert window.current is window.exit_screen and window.exit_screen.for_visual_check
    with (
        qtbot.assert_not_emitted(window.exit_requested, wait=100),
        qtbot.wait_signal(kiosk.controller.staff_checked, timeout=5000),
    ):
        _type(qtbot, window.exit_screen, "2468")
    assert ev.StaffAuthenticated() in posted
    assert window.current is not window.exit_screen


def test_the_staff_screen_never_covers_a_reception(kiosk, qtbot, clock) -> None:
    window = kiosk.window
    for _ in range(5):
        qtbot.mouseClick(window.corner, Qt.MouseButton.LeftButton)
    assert window.current is window.exit_screen
    kiosk.controller.reception.model = _model(State.READING)  # a card placed meanwhile
    window.show_model(kiosk.controller.model)
    assert window.current is window.screens[State.READING]
    kiosk.controller.reception.model = _model(State.IDLE)
    window.show_model(kiosk.controller.model)
    for _ in range(5):
        qtbot.mouseClick(window.corner, Qt.MouseButton.LeftButton)
    assert window.current is window.exit_screen
    clock.advance(31)  # nobody typed: the kiosk goes back to the patient
    qtbot.wait_until(lambda: window.current is window.screens[State.IDLE], timeout=5000)


def test_a_staff_pin_never_closes_the_kiosk_under_a_patient(kiosk, qtbot) -> None:
    window = _staff_window(kiosk, hash_pin("2468"))
    window.set_language("en")
    kiosk.controller.reception.model = _model(State.CONSENT_MEDICATION)  # no visual check here
    window.show_model(kiosk.controller.model)
    for _ in range(5):
        qtbot.mouseClick(window.corner, Qt.MouseButton.LeftButton)
    assert window.current is window.exit_screen and not window.exit_screen.for_visual_check
    assert "in progress" in window.exit_screen.body.text()
    with (
        qtbot.assert_not_emitted(window.exit_requested, wait=300),
        qtbot.wait_signal(kiosk.controller.staff_checked, timeout=5000),
    ):
        _type(qtbot, window.exit_screen, "2468")
    assert window.current is window.screens[State.CONSENT_MEDICATION]  # the patient's screen back
    kiosk.controller.reception.model = _model(State.CLOSING)  # the card was taken: closable
    window.show_model(kiosk.controller.model)
    for _ in range(5):
        qtbot.mouseClick(window.corner, Qt.MouseButton.LeftButton)
    assert "in progress" not in window.exit_screen.body.text()
    with qtbot.wait_signal(window.exit_requested, timeout=5000):
        _type(qtbot, window.exit_screen, "2468")
