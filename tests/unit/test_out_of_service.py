"""No card reader (pcscd stopped, the reader unplugged or never there): the kiosk goes out of
service with a staff alert, ends a reception in progress as if its card had left, and comes back
by itself when the reader returns (issue 10 item 7)."""

from __future__ import annotations

from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.machine import step
from kiosk.flow.model import FlowSettings, Model, State
from kiosk.ports import AlertReason, CardErrorKind, ReceptionOutcome, VerificationMethod
from tests.unit.runtime_fakes import Rig

S = FlowSettings()


def test_no_reader_at_idle_is_out_of_service_with_a_staff_alert() -> None:
    result = step(Model(), ev.ReaderLost("pcscd is not running"), 0.0, S)
    assert result.model.state is State.OUT_OF_SERVICE
    [alert] = result.effects
    assert isinstance(alert, fx.AlertStaff) and alert.reason is AlertReason.OUT_OF_SERVICE
    assert "pcscd is not running" in alert.detail


def test_out_of_service_ignores_cards_ticks_and_a_second_loss() -> None:
    m = Model(State.OUT_OF_SERVICE)
    for event in (ev.CardInserted("r1"), ev.CardRemoved(), ev.Tick(), ev.ReaderLost("again")):
        result = step(m, event, 1e6, S)
        assert result.model.state is State.OUT_OF_SERVICE and not result.effects
    assert not m.in_reception


def test_the_reader_coming_back_returns_to_idle() -> None:
    result = step(Model(State.OUT_OF_SERVICE), ev.ReaderFound(), 0.0, S)
    assert result.model == Model() and result.reason.startswith("card reader back")


def test_a_reception_in_progress_is_recorded_then_the_kiosk_is_out_of_service() -> None:
    rig = Rig()
    rig.insert()
    rig.finish_kind(fx.ReadCard)
    rig.post(ev.MethodChosen(VerificationMethod.PIN))
    rig.reader.present = None
    rig.post(ev.ReaderLost("pcscd stopped"))
    assert rig.state is State.OUT_OF_SERVICE
    assert rig.reception.session.wiped
    rig.drain()
    [record] = rig.store.records
    assert record.outcome is ReceptionOutcome.ABANDONED
    assert record.end_reason == "card reader lost in pin_checking"
    assert all(card.closed for card in rig.reader.cards)
    rig.post(ev.ReaderFound())
    assert rig.state is State.IDLE
    rig.insert()  # and the next patient is served
    rig.finish_kind(fx.ReadCard)
    assert rig.state is State.CHOOSE_METHOD


def test_a_reader_lost_on_an_end_screen_records_nothing_more() -> None:
    rig = Rig()
    rig.insert()
    rig.post(ev.CardFailed(CardErrorKind.UNREADABLE))
    assert rig.state is State.CARD_ERROR
    rig.post(ev.ReaderLost("reader unplugged"))
    assert rig.state is State.OUT_OF_SERVICE
    rig.drain()
    assert len(rig.store.records) == 1
