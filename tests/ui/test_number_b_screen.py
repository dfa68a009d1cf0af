"""The staff screen that types 照合番号B (issue 11 item 3): the printed values or the 14 digits
become one number in the Session, checked before anything is posted; a mistyped date costs no
try; the tries are on screen; nothing typed outlives the screen or reaches a log."""

from __future__ import annotations

import logging
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt

from kiosk.flow import events as ev
from kiosk.flow.clock import JST, ManualClock
from kiosk.flow.codes import Code
from kiosk.flow.model import Context, Model, State
from kiosk.flow.session import ChipFacts
from kiosk.ui.screens import CompareScreen, NumberBScreen


def _model(state: State, **ctx: object) -> Model:
    ctx = {"reception_id": "r1", "face_camera": True, **ctx}
    return Model(state, Context(**ctx))  # type: ignore[arg-type]


def _screen(kiosk, **ctx: object) -> tuple[NumberBScreen, list[ev.Event]]:  # type: ignore[no-untyped-def]
    posted: list[ev.Event] = []

    def post(event: ev.Event) -> None:  # the flow's answers are tested in tests/unit
        if not isinstance(event, ev.Touch):
            posted.append(event)

    kiosk.controller.post = post
    window = kiosk.window
    window.set_language("en")
    kiosk.controller.reception.model = _model(State.NUMBER_B_ENTRY, **ctx)
    window.show_model(kiosk.controller.model)
    screen = window.current
    assert isinstance(screen, NumberBScreen)
    return screen, posted


def _tap(qtbot, screen, *names: str) -> None:  # type: ignore[no-untyped-def]
    keys = screen.buttons()
    for name in names:
        qtbot.mouseClick(keys[name], Qt.MouseButton.LeftButton)


def _digits(qtbot, screen, digits: str) -> None:  # type: ignore[no-untyped-def]
    _tap(qtbot, screen, *(f"key_{d}" for d in digits))


def test_the_printed_era_date_expiry_and_code_become_number_b(kiosk, qtbot, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    screen, posted = _screen(kiosk, number_b_tries_left=10, number_b_allowed=3)
    assert "10" in screen.tries.text() and "3 more" in screen.tries.text()
    _tap(qtbot, screen, "era_heisei")
    _digits(qtbot, screen, "030603")  # 平成3年6月3日: each box moves on when it is full
    _digits(qtbot, screen, "20296260")
    assert screen.entry.active == "code"
    _tap(qtbot, screen, "nb_ok")
    assert posted == [ev.NumberBSubmitted()]
    taken = kiosk.controller.reception.session.take_number_b()
    assert taken == bytearray(b"03060320296260")  # 平成3年6月3日 (1991), 2029, 6260
    assert all(not buf for buf in screen.entry.parts.values())  # the screen keeps nothing
    assert "0306032029" not in caplog.text and "6260" not in caplog.text


def test_the_fourteen_digits_can_be_typed_as_they_are(kiosk, qtbot) -> None:
    screen, posted = _screen(kiosk, number_b_tries_left=10, number_b_allowed=3)
    _tap(qtbot, screen, "nb_mode")
    assert screen.entry.by_digits and screen.fields["digits"].isVisible()
    assert not screen.fields["year"].isVisible() and not screen.eras[None].isVisible()
    _digits(qtbot, screen, "03060320296260")
    _tap(qtbot, screen, "nb_ok")
    assert posted == [ev.NumberBSubmitted()]
    assert kiosk.controller.reception.session.take_number_b() == bytearray(b"03060320296260")


def test_a_date_no_card_prints_is_refused_on_the_screen_and_nothing_is_posted(kiosk, qtbot) -> None:
    screen, posted = _screen(kiosk, number_b_tries_left=10, number_b_allowed=3)
    _tap(qtbot, screen, "era_heisei")
    _digits(qtbot, screen, "320101")  # 平成32年 never was (令和2年)
    _digits(qtbot, screen, "20296260")
    _tap(qtbot, screen, "nb_ok")
    assert posted == [] and not kiosk.controller.reception.session.has_number_b
    assert "birth date" in screen.alert.text() and "no try" in screen.alert.text()
    _tap(qtbot, screen, "key_clear", "era_western")
    _digits(qtbot, screen, "1991060320006260")  # expiry 2000: before the first cards
    _tap(qtbot, screen, "nb_ok")
    assert posted == [] and "expiry" in screen.alert.text()


def test_a_wrong_number_says_one_try_was_used_and_how_many_are_left(kiosk) -> None:
    screen, _ = _screen(kiosk, number_b_tries_left=9, number_b_allowed=2, error=Code.WRONG_NUMBER_B)
    assert "one try was used" in screen.alert.text()
    assert "9" in screen.tries.text() and "2 more" in screen.tries.text()


def test_typed_values_are_wiped_when_the_screen_goes(kiosk, qtbot) -> None:
    screen, _ = _screen(kiosk, number_b_tries_left=10, number_b_allowed=3)
    _digits(qtbot, screen, "1991")
    assert screen.entry.parts["year"] == bytearray(b"1991")
    kiosk.window.show_model(_model(State.CARD_REMOVED))
    assert all(not buf for buf in screen.entry.parts.values())


def test_staff_can_go_to_the_visual_check_instead(kiosk, qtbot) -> None:
    screen, posted = _screen(kiosk, number_b_tries_left=10, number_b_allowed=3)
    _tap(qtbot, screen, "to_visual")
    assert posted == [ev.Back()]


def test_the_visual_check_offers_the_number_only_while_it_can_still_be_typed(kiosk) -> None:
    window = kiosk.window
    window.set_language("en")
    window.show_model(_model(State.STAFF_COMPARE))
    compare = window.current
    assert isinstance(compare, CompareScreen) and compare.number_b.isVisible()
    window.show_model(_model(State.STAFF_COMPARE, number_b_allowed=0, error=Code.NUMBER_B_GUARD))
    assert not compare.number_b.isVisible()
    assert "no longer" in compare.note.text()
    window.show_model(_model(State.STAFF_COMPARE, photo_read=True))
    assert not compare.number_b.isVisible()  # the photo is read: nothing to type for


def test_the_next_reception_starts_with_the_printed_values_in_western_years(kiosk, qtbot) -> None:
    screen, _ = _screen(kiosk, number_b_tries_left=10, number_b_allowed=3)
    _tap(qtbot, screen, "nb_mode")
    _digits(qtbot, screen, "910603")
    assert screen.fields["digits"].text() == "Number B 910603 ____ ____"  # grouped as printed
    kiosk.window.show_model(_model(State.NUMBER_B_ENTRY))  # the same reception: kept
    assert screen.entry.by_digits
    kiosk.window.show_model(Model(State.IDLE))
    kiosk.window.show_model(Model(State.NUMBER_B_ENTRY, Context(reception_id="r2")))
    assert not screen.entry.by_digits and screen.entry.era is None
    assert screen.fields["year"].isVisible()


# Years from the machine's date: the screens must take the clinic's day from the kiosk's clock
# (Japan's), not date.today(), which is yesterday in Japan from 15:00 to 24:00 UTC.
LATER = ManualClock(datetime(2040, 1, 10, 9, 0, tzinfo=JST))


@pytest.mark.parametrize("clock", [LATER])
def test_the_typed_number_is_checked_against_the_kiosks_day(kiosk, qtbot, clock) -> None:
    screen, posted = _screen(kiosk, number_b_tries_left=10, number_b_allowed=3)
    _tap(qtbot, screen, "nb_mode")
    _digits(qtbot, screen, "91060320496260")  # expires 2049: possible only from 2038 on
    _tap(qtbot, screen, "nb_ok")
    assert posted == [ev.NumberBSubmitted()], screen.alert.text()


@pytest.mark.parametrize("clock", [LATER])
def test_the_visual_check_shows_the_age_on_the_kiosks_day(kiosk, clock) -> None:
    kiosk.window.set_language("en")
    kiosk.controller.reception.session.chip_facts = ChipFacts(date(2000, 1, 1), "1")
    kiosk.window.show_model(_model(State.STAFF_COMPARE))
    compare = kiosk.window.current
    assert isinstance(compare, CompareScreen)
    assert "(age 40)" in compare.facts.text()
