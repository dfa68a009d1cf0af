"""The smartphone's screens in the window: スマートフォン only while a phone reader is there, the
phone PIN kept from the keypad to the hold (and typed afresh each time), the second-device
banner, the smartphone's wording of the end screens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.flow import events as ev
from kiosk.flow.model import Context, Model, State
from kiosk.ports import PhoneKind
from kiosk.ui import texts as T
from kiosk.ui.i18n import LANGUAGES
from kiosk_dev.screenshots import sample_model

from .test_screens import clipped, small_targets, use


def _idle_phone_button(kiosk):  # type: ignore[no-untyped-def]
    return kiosk.window.screens[State.IDLE].buttons()["phone"]


def test_smartphone_is_offered_only_while_a_phone_reader_is_there(kiosk, qtbot) -> None:
    button = _idle_phone_button(kiosk)
    assert not button.isVisible()  # no phone reader configured
    kiosk.controller._on_phone_reader(True, "Virtual PCD 00 01")
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert kiosk.controller.model.state is State.PHONE_KIND
    assert kiosk.controller.model.ctx.phone


def test_the_choice_is_refused_without_a_phone_reader(kiosk) -> None:
    kiosk.controller.choose_phone()
    assert kiosk.controller.model.state is State.IDLE
    kiosk.controller._on_phone_reader(True, "reader")
    kiosk.controller._on_phone_reader(False, "unplugged")
    assert not _idle_phone_button(kiosk).isVisible()
    kiosk.controller.choose_phone()
    assert kiosk.controller.model.state is State.IDLE


def test_the_phone_pin_waits_for_the_phone_and_is_typed_afresh_each_time(kiosk, qtbot) -> None:
    controller = kiosk.controller
    controller._on_phone_reader(True, "reader")
    controller.choose_phone()
    controller.post(ev.PhoneKindChosen(PhoneKind.ANDROID))
    screen = kiosk.window.current
    assert controller.model.state is State.PHONE_PIN_ENTRY
    for digit in "4321":
        qtbot.mouseClick(screen.buttons()[f"key_{digit}"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.buttons()["ok"], Qt.MouseButton.LeftButton)
    assert controller.model.state is State.PHONE_HOLD
    assert controller.reception.session.pin_length == 4  # kept for VERIFY, once held
    controller.post(ev.Back())
    assert controller.model.state is State.PHONE_PIN_ENTRY
    assert controller.reception.session.pin_length == 0  # back on the keypad: typed again


def test_a_second_device_is_told_to_wait_in_a_banner(kiosk) -> None:
    window = kiosk.window
    window.show_model(Model(State.PHONE_READING, Context(phone=True, other_device="card")))
    assert window.other_device.isVisible()
    assert (
        window.other_device.plain()
        == "スマートフォンで受付中です。カードはカードリーダーからお取りください。"
    )
    window.show_model(Model(State.PHONE_READING, Context(phone=True)))
    assert not window.other_device.isVisible()


def test_the_end_screens_speak_of_the_smartphone(kiosk, clock) -> None:
    window = kiosk.window
    window.show_model(sample_model(State.FINISHED, clock.monotonic(), phone=True))
    assert window.current.title.text().replace("\u2060", "").replace("\u200b", "") == (
        "スマートフォンをお取りください"
    )
    window.show_model(sample_model(State.CERT_ERROR, clock.monotonic(), phone=True))
    body = window.current.body[0].plain()
    assert "期限が過ぎると使えません" in body and "マイナンバーカード" in body
    window.set_language("en")
    window.show_model(sample_model(State.FINISHED, clock.monotonic()))
    assert window.current.title.plain() == T.FINISHED_TITLE


def test_iphone_hold_says_to_confirm_on_the_phone_first(kiosk) -> None:
    window = kiosk.window
    window.set_language("en")
    window.show_model(Model(State.PHONE_HOLD, Context(phone=True, phone_kind=PhoneKind.IPHONE)))
    assert window.current.title.plain() == T.PHONE_HOLD_IPHONE_TITLE
    window.show_model(Model(State.PHONE_HOLD, Context(phone=True, phone_kind=PhoneKind.ANDROID)))
    assert window.current.title.plain() == T.PHONE_HOLD_TITLE


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_idle_screen_with_the_smartphone_button_fits(kiosk, language, large) -> None:
    window = kiosk.window
    kiosk.controller._on_phone_reader(True, "reader")
    use(window, language, large)
    window.show_model(Model(State.IDLE))
    QApplication.processEvents()
    assert _idle_phone_button(kiosk).isVisible()
    assert not clipped(window) + small_targets(window)


def test_the_phone_end_screens_show_the_phone_not_the_card(kiosk, clock) -> None:
    window = kiosk.window
    window.show_model(sample_model(State.FINISHED, clock.monotonic(), phone=True))
    screen = window.current
    assert screen.phone_picture.isVisible() and not screen.picture.isVisible()
    window.show_model(sample_model(State.FINISHED, clock.monotonic()))
    assert screen.picture.isVisible() and not screen.phone_picture.isVisible()


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_smartphone_wordings_of_the_card_screens_fit(kiosk, clock, language, large) -> None:
    from kiosk_dev.screenshots import PHONE_CTX

    window = kiosk.window
    problems = []
    for state in PHONE_CTX:
        window.show_model(sample_model(state, clock.monotonic(), phone=True))
        use(window, language, large)
        QApplication.processEvents()
        problems += [f"{state.value}: {p}" for p in clipped(window) + small_targets(window)]
    assert not problems, "\n".join(problems)


def test_the_nfc_reader_unplugged_on_the_hold_screen_tells_the_patient(kiosk) -> None:
    controller = kiosk.controller
    controller._on_phone_reader(True, "reader")
    controller.choose_phone()
    controller.post(ev.PhoneKindChosen(PhoneKind.IPHONE))
    assert controller.model.state is State.PHONE_HOLD
    controller._on_phone_reader(False, "unplugged")
    assert controller.model.state is State.ENDED
    kiosk.window.set_language("en")
    assert T.PHONE_NO_READER in [w.plain() for w in kiosk.window.current.body]
