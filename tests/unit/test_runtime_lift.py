"""The runtime's part of one camera for both: the front is read with the card off the reader,
the card put back is checked by its user-auth certificate before any VERIFY, and another card
gets nothing sent to it."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.card import myna
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.model import State
from kiosk.ports import ReceptionOutcome, VerificationMethod
from tests.unit.runtime_fakes import Rig
from tests.unit.test_runtime_number_b import RIGHT, NumberBCard


class HeldUpFront:
    """The face camera's front reader: the patient holds the card up to it."""

    held_up = True

    def __init__(self) -> None:
        self.reads = 0

    def number_b(self, on_hint: Callable[[str], None] | None = None) -> str | None:
        self.reads += 1
        return RIGHT


def _rig() -> tuple[Rig, list[NumberBCard]]:
    rig = Rig()
    rig.reception.devices.card_front = HeldUpFront()
    cards: list[NumberBCard] = []

    def connect() -> NumberBCard:
        if rig.reader.present is None:
            raise AssertionError("connect() with no card on the reader")
        card = NumberBCard(rig.reader, rig.reader.present, myna.NUMBER_B_TRIES)
        cards.append(card)
        return card

    rig.reader.connect = connect  # type: ignore[method-assign]
    return rig, cards


def _front_read_with_the_card_off(rig: Rig) -> None:
    rig.insert()
    rig.finish_kind(fx.ReadCard)
    rig.post(ev.MethodChosen(VerificationMethod.FACE))
    rig.remove()  # lifted to show the front
    rig.finish_kind(fx.PrepareFace)
    assert rig.state is State.CARD_RETURN


def _put_back(rig: Rig, persona: int) -> None:
    rig.reader.present = persona
    rig.post(ev.CardInserted(f"again-{persona}"))
    rig.finish_kind(fx.ReadCardFace)


def test_the_same_card_back_gets_the_number_once_and_its_photo_is_read() -> None:
    rig, cards = _rig()
    _front_read_with_the_card_off(rig)
    assert [c.verifies for c in cards] == [0]  # nothing sent while it was off
    _put_back(rig, 1)
    assert rig.state is State.FACE_VERIFYING
    assert [c.verifies for c in cards] == [0, 1] and cards[0].closed
    assert rig.reception.session.chip_photo_jp2 == b"photo-1"
    assert not rig.reception.session.has_number_b  # sent once, kept nowhere
    assert rig.reception.current.card is cards[1]


def test_another_card_back_gets_nothing_and_the_reception_ends_recorded() -> None:
    rig, cards = _rig()
    _front_read_with_the_card_off(rig)
    _put_back(rig, 2)
    assert rig.state is State.CARD_ERROR
    assert [c.verifies for c in cards] == [0, 0] and all(c.closed for c in cards)
    assert [c.b_tries for c in cards] == [myna.NUMBER_B_TRIES] * 2
    rig.drain()
    [record] = rig.store.records
    assert record.outcome is ReceptionOutcome.ABANDONED and record.end_code == "different_card"
    assert record.needs_staff and record.reception_id == "r1"
    assert not rig.reception.session.has_number_b  # wiped with the session
