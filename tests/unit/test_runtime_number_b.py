"""The runtime's part of 照合番号B typed by staff (issue 11 item 3): the counter is read without
consuming a try, nothing implausible or below the guard reaches the card, a wrong number costs
exactly one try and says how many are left, and the digits are in no event, log or record."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

import pytest

from kiosk.card import myna
from kiosk.card.session import PinRejectedError
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.model import State
from kiosk.ports import CardFace, PinResult, PinStatus, VerificationMethod
from kiosk.runtime import number_b_allowed
from tests.unit.runtime_fakes import FakeCard, FakeReader, Rig

RIGHT = "03060320296260"  # 平成3年6月3日 (1991), expires 2029, code 6260
WRONG = "03060320296261"  # plausible, one digit off


class NumberBCard(FakeCard):
    """A card with a 照合番号B counter that VERIFY uses up, as the real one does."""

    def __init__(self, reader: FakeReader, persona: int, tries: int) -> None:
        super().__init__(reader, persona)
        self.b_tries = tries
        self.verifies = 0

    def number_b_tries_left(self) -> int:
        self._present()
        return self.b_tries

    def read_card_face(self, number_b: str) -> CardFace:
        self._present()
        self.verifies += 1
        if number_b != RIGHT:
            self.b_tries -= 1
            status = PinStatus.WRONG if self.b_tries else PinStatus.LOCKED_NOW
            raise PinRejectedError(PinResult(status, self.b_tries), "照合番号B")
        self.b_tries = myna.NUMBER_B_TRIES
        return CardFace(f"photo-{self.persona}".encode(), date(1991, 6, 3), "2", date(2029, 6, 3))


class NoFront:
    held_up = False  # a tray camera: the card stays on the reader

    def number_b(self, on_hint: Callable[[str], None] | None = None) -> str | None:
        return None  # the front cannot be read


def _rig(tries: int = myna.NUMBER_B_TRIES) -> tuple[Rig, list[NumberBCard]]:
    rig = Rig()
    rig.reception.devices.card_front = NoFront()
    cards: list[NumberBCard] = []

    def connect() -> NumberBCard:
        card = NumberBCard(rig.reader, rig.reader.present or 0, tries)
        cards.append(card)
        return card

    rig.reader.connect = connect  # type: ignore[method-assign]
    return rig, cards


def _at_keypad(rig: Rig, cards: list[NumberBCard]) -> NumberBCard:
    rig.insert()
    rig.finish_kind(fx.ReadCard)
    rig.post(ev.MethodChosen(VerificationMethod.FACE))
    rig.finish_kind(fx.PrepareFace)
    assert rig.state is State.FACE_FAILED and rig.reception.model.ctx.error == "front_unreadable"
    rig.post(ev.CallStaff())
    rig.post(ev.StaffAuthenticated())
    rig.finish_kind(fx.ReadNumberBTries)
    return cards[-1]


def _type(rig: Rig, digits: str) -> None:
    rig.reception.session.set_number_b(digits)
    rig.post(ev.NumberBSubmitted())
    rig.finish_kind(fx.VerifyNumberB)


def test_the_right_number_reads_the_photo_and_the_face_match_starts() -> None:
    rig, cards = _rig()
    card = _at_keypad(rig, cards)
    assert rig.state is State.NUMBER_B_ENTRY and card.verifies == 0
    _type(rig, RIGHT)
    assert rig.state is State.FACE_VERIFYING
    assert rig.reception.session.chip_photo_jp2 == b"photo-1"
    assert not rig.reception.session.has_number_b  # taken once, kept nowhere
    rig.finish_kind(fx.VerifyFace)
    assert rig.face.photos == [("r1", b"photo-1")]
    assert rig.state is State.QUERYING


def test_a_wrong_number_costs_exactly_one_try_and_says_how_many_are_left() -> None:
    rig, cards = _rig()
    card = _at_keypad(rig, cards)
    _type(rig, WRONG)
    ctx = rig.reception.model.ctx
    assert rig.state is State.NUMBER_B_ENTRY and ctx.error == "wrong_number_b"
    assert card.verifies == 1 and card.b_tries == myna.NUMBER_B_TRIES - 1
    assert ctx.number_b_tries_left == myna.NUMBER_B_TRIES - 1
    assert ctx.number_b_allowed == number_b_allowed(myna.NUMBER_B_TRIES - 1)


def test_wrong_numbers_stop_at_the_guard_long_before_the_counter_is_low() -> None:
    rig, cards = _rig()
    card = _at_keypad(rig, cards)
    while rig.state is State.NUMBER_B_ENTRY:
        _type(rig, WRONG)
    assert rig.state is State.STAFF_COMPARE and rig.reception.model.ctx.error == "number_b_guard"
    assert card.b_tries == myna.NUMBER_B_MIN_TRIES - 1  # the card keeps 7 of its 10 tries
    assert card.verifies == myna.NUMBER_B_TRIES - myna.NUMBER_B_MIN_TRIES + 1


@pytest.mark.parametrize(
    "digits",
    [
        "91130320296260",  # month 13
        "91023020296260",  # 30 February
        "91060320106260",  # expiry 2010, before the first cards
        "91060321006260",  # expiry 2100
    ],
)
def test_an_implausible_number_never_reaches_the_card(digits: str) -> None:
    rig, cards = _rig()
    card = _at_keypad(rig, cards)
    for _ in range(100):
        _type(rig, digits)
        assert rig.reception.model.ctx.error == "number_b_implausible"
    assert rig.state is State.NUMBER_B_ENTRY and card.verifies == 0
    assert card.b_tries == myna.NUMBER_B_TRIES


def test_a_card_already_below_the_guard_is_read_but_never_verified() -> None:
    rig, cards = _rig(tries=myna.NUMBER_B_MIN_TRIES - 1)
    rig.insert()
    rig.finish_kind(fx.ReadCard)
    rig.post(ev.MethodChosen(VerificationMethod.FACE))
    rig.finish_kind(fx.PrepareFace)
    assert rig.reception.model.ctx.error == "number_b_guard"  # the OCR path's own guard
    rig.post(ev.StaffAuthenticated())
    rig.post(ev.NumberBEntryChosen())  # not offered: the flow knows the guard stopped it
    assert rig.state is State.STAFF_COMPARE and not rig.pending
    assert cards[0].verifies == 0


def test_a_counter_used_up_elsewhere_before_staff_came_stops_typing_before_the_keypad() -> None:
    rig, cards = _rig()
    rig.insert()
    rig.finish_kind(fx.ReadCard)
    rig.post(ev.MethodChosen(VerificationMethod.FACE))
    rig.finish_kind(fx.PrepareFace)
    cards[0].b_tries = myna.NUMBER_B_MIN_TRIES - 1
    rig.post(ev.StaffAuthenticated())
    rig.finish_kind(fx.ReadNumberBTries)
    assert rig.state is State.STAFF_COMPARE and rig.reception.model.ctx.error == "number_b_guard"
    assert cards[0].verifies == 0


def test_a_counter_that_dropped_since_the_keypad_opened_is_checked_again() -> None:
    rig, cards = _rig()
    card = _at_keypad(rig, cards)
    card.b_tries = myna.NUMBER_B_MIN_TRIES - 1  # another reader used some meanwhile
    _type(rig, RIGHT)
    assert rig.state is State.STAFF_COMPARE and card.verifies == 0


def test_the_digits_reach_no_log_no_transition_and_no_record(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    rig, cards = _rig()
    _at_keypad(rig, cards)
    _type(rig, WRONG)
    rig.reception.session.set_number_b(RIGHT)  # typed, then the card is taken
    rig.remove()
    rig.drain()
    assert not rig.reception.session.has_number_b
    [record] = rig.store.records
    seen = [caplog.text, repr(record), *(repr(e) for e in record.transitions)]
    for digits in (RIGHT, WRONG, "910603", "6260", "6261"):
        assert not any(digits in s for s in seen), digits


class MisreadFront:
    held_up = False  # a tray camera: the card stays on the reader

    def number_b(self, on_hint: Callable[[str], None] | None = None) -> str | None:
        return WRONG  # two reads agreed on a plausible number that is not the card's


def test_a_front_misread_by_the_ocr_is_said_as_unread_and_staff_go_straight_to_typing() -> None:
    rig, cards = _rig()
    rig.reception.devices.card_front = MisreadFront()
    rig.insert()
    rig.finish_kind(fx.ReadCard)
    rig.post(ev.MethodChosen(VerificationMethod.FACE))
    rig.finish_kind(fx.PrepareFace)
    assert rig.state is State.FACE_FAILED and rig.reception.model.ctx.error == "front_misread"
    assert cards[0].b_tries == myna.NUMBER_B_TRIES - 1  # the OCR's wrong number cost one
    rig.post(ev.StaffAuthenticated())
    rig.finish_kind(fx.ReadNumberBTries)
    ctx = rig.reception.model.ctx
    assert rig.state is State.NUMBER_B_ENTRY
    assert (ctx.number_b_tries_left, ctx.number_b_allowed) == (9, number_b_allowed(9))
    _type(rig, RIGHT)
    assert rig.state is State.FACE_VERIFYING
