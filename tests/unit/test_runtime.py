"""The runtime keeps every reception to itself (issue 10 item 2): a worker's answer is applied only
to the reception that asked, whatever the latencies and card removals; a PIN set through the
runtime API is normalised or refused, never sent to the card at the wrong length (item 10); a
service step's calls are cancelled when the reception ends or its watchdog fires (item 6)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.model import State
from kiosk.flow.session import PinFormatError, Session
from kiosk.ports import ConsentKind, ReceptionOutcome, VerificationMethod
from kiosk.runtime import JobResult, Lane
from tests.unit.runtime_fakes import BASE, PIN, Rig, persona_of

# --- one patient's answer never reaches the next one -------------------------------------


def _to_querying(rig: Rig) -> None:
    rig.insert()
    rig.finish_kind(fx.ReadCard)
    rig.post(ev.MethodChosen(VerificationMethod.PIN))
    rig.finish_kind(fx.ReadPinTries)
    rig.reception.session.set_pin("1234")
    rig.post(ev.PinSubmitted())
    rig.finish_kind(fx.VerifyPin)
    assert rig.state is State.QUERYING


def _answer_consents(rig: Rig, agree: bool) -> None:
    while rig.state.value.startswith("consent_"):
        rig.post(ev.ConsentAnswered(agree))


def test_a_late_confirmation_does_not_land_in_the_next_patients_record() -> None:
    rig = Rig()
    _to_querying(rig)
    late = next(j for j in rig.pending if isinstance(j.effect, fx.ConfirmEligibility))
    rig.pending.remove(late)
    rig.service.gates["r1:confirm"] = gate = threading.Event()
    answers: list[JobResult] = []
    worker = threading.Thread(target=lambda: answers.append(late.run()))
    worker.start()  # patient 1's confirmation is sent; the service is slow to answer
    rig.remove()
    rig.drain()
    _to_querying(rig)  # patient 2
    rig.finish_kind(fx.ConfirmEligibility)
    _answer_consents(rig, True)
    gate.set()  # patient 1's answer arrives during patient 2's consents
    worker.join()
    rig.pending += rig.reception.deliver(late, answers[0])
    rig.finish_kind(fx.SaveConsents)
    rig.remove()
    rig.drain()
    second = next(r for r in rig.store.records if r.reception_id == "r2")
    assert second.qualification is not None
    assert second.qualification["persona"] == 2
    first = next(r for r in rig.store.records if r.reception_id == "r1")
    assert first.qualification is None and first.outcome is ReceptionOutcome.ABANDONED


def test_a_late_consent_receipt_does_not_land_in_the_next_patients_record() -> None:
    rig = Rig()
    _to_querying(rig)
    rig.finish_kind(fx.ConfirmEligibility)
    _answer_consents(rig, True)
    assert rig.state is State.SAVING_CONSENTS
    late = next(j for j in rig.pending if isinstance(j.effect, fx.SaveConsents))
    rig.pending.remove(late)
    rig.remove()
    rig.drain()
    _to_querying(rig)
    rig.finish_kind(fx.ConfirmEligibility)
    _answer_consents(rig, False)
    rig.pending.append(late)
    rig.finish(len(rig.pending) - 1)  # patient 1's receipts arrive during patient 2's save
    rig.finish_kind(fx.SaveConsents)
    rig.remove()
    rig.drain()
    second = next(r for r in rig.store.records if r.reception_id == "r2")
    assert second.consents and not any(c.agreed for c in second.consents)
    assert all(c.cons_time - BASE == timedelta(minutes=2) for c in second.consents)


def test_a_card_connected_too_late_is_released() -> None:
    rig = Rig()
    rig.insert()
    rig.remove()  # before the read finished
    rig.reader.present = 1  # the same card is back on the reader when the read runs
    rig.drain()
    assert rig.reader.cards and all(card.closed for card in rig.reader.cards)
    assert rig.reception.current.card is None


# Weighted so that receptions get far (consents, the limit offer) as well as cut short.
KINDS = ["insert"] * 2 + ["remove"] + ["finish"] * 8 + ["act"] * 6 + ["tick"]
actions = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 9)), max_size=150)


def _act(rig: Rig, n: int) -> None:
    """What a patient would do on the current screen."""
    s = rig.state
    if s is State.CHOOSE_METHOD:
        rig.post(ev.MethodChosen(VerificationMethod.PIN if n % 2 else VerificationMethod.FACE))
    elif s is State.PIN_ENTRY:
        rig.reception.session.set_pin("1234" if n % 3 else "9999")
        rig.post(ev.PinSubmitted())
    elif s.value.startswith("consent_"):
        rig.post(ev.ConsentAnswered(n % 2 == 0))
    elif s is State.DONE:
        rig.post(ev.LimitAnswered(n % 2 == 0))
    elif s is State.REGISTRATION_OFFER:
        rig.post(ev.RegistrationAnswered(n % 4 != 0))
    elif s is State.FACE_RETRY:
        rig.post(ev.RetryFace())
    elif s in (State.FACE_FAILED, State.PIN_LOCKED):
        rig.post(ev.MethodChosen(VerificationMethod.PIN))
    elif s is State.TIMEOUT_WARNING:
        rig.post(ev.Continue())
    else:
        rig.post(ev.Touch())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions)
def test_no_field_ever_crosses_receptions(steps: list[tuple[str, int]]) -> None:
    rig = Rig()
    for what, n in steps:
        if what == "insert" and rig.reader.present is None:
            rig.insert()
        elif what == "remove" and rig.reader.present is not None:
            rig.remove()
        elif what == "finish" and rig.pending:
            rig.finish(n % len(rig.pending))
        elif what == "act":
            _act(rig, n)
        elif what == "tick":
            rig.tick(n * 10.0)
    if rig.reader.present is not None:
        rig.remove()
    rig.drain()

    # Every reception is recorded exactly once.
    ids = [r.reception_id for r in rig.store.records]
    assert sorted(ids) == sorted(rig.persona_of_reception)
    for record in rig.store.records:
        event(f"{record.outcome.value}: {record.end_reason.split(':')[0]}")  # what the runs cover
        p = rig.persona_of_reception[record.reception_id]
        if record.qualification is not None:
            assert record.qualification["persona"] == p
        for receipt in record.consents:
            assert receipt.cons_time - BASE == timedelta(minutes=p)
        if record.requery_cert_der is not None:
            assert persona_of(record.requery_cert_der) == p
    # The service only ever heard a reception's own certificate under its own key.
    for what, key, p in rig.service.calls:
        assert rig.persona_of_reception[key.split(":")[0]] == p, (what, key, p)
    # The face verifier only ever saw the photo of the card of the reception that asked.
    for rid, photo in rig.face.photos:
        assert rid is not None and persona_of(photo) == rig.persona_of_reception[rid]
    # No card connection outlives its reception.
    assert all(card.closed for card in rig.reader.cards)
    assert rig.reception.session.wiped
    # The service calls of ended receptions were told to stop.
    assert all(cancel.is_set() for cancel in rig.service.cancels)


def test_face_verification_uses_the_photo_of_its_own_reception() -> None:
    rig = Rig()
    rig.insert()
    rig.finish_kind(fx.ReadCard)
    rig.post(ev.MethodChosen(VerificationMethod.FACE))
    late = next(j for j in rig.pending if isinstance(j.effect, fx.PrepareFace))
    rig.pending.remove(late)
    rig.remove()
    rig.drain()
    rig.insert()
    rig.finish_kind(fx.ReadCard)
    rig.post(ev.MethodChosen(VerificationMethod.FACE))
    rig.pending.append(late)
    rig.finish(len(rig.pending) - 1)  # patient 1's photo read arrives (and is dropped)
    rig.finish_kind(fx.PrepareFace)
    rig.finish_kind(fx.VerifyFace)
    assert rig.face.photos == [("r2", b"photo-2")]


# --- the PIN through the runtime API -----------------------------------------------------


@pytest.mark.parametrize("typed", ["1234", "１２３４", "١٢٣٤", "۱۲۳۴", "१२३४"])
def test_any_decimal_digits_reach_the_card_as_ascii(typed: str) -> None:
    rig = Rig()
    rig.insert()
    rig.finish_kind(fx.ReadCard)
    rig.post(ev.MethodChosen(VerificationMethod.PIN))
    rig.finish_kind(fx.ReadPinTries)
    rig.reception.session.set_pin(typed)
    rig.post(ev.PinSubmitted())
    rig.finish_kind(fx.VerifyPin)
    assert rig.state is State.QUERYING
    assert rig.reader.cards[0].pins == [PIN]


@pytest.mark.parametrize("typed", ["123", "12345", "", "12a4", "12 4", "²²²²", "1234\x00"])
def test_a_malformed_pin_is_refused_clearly_and_keeps_no_digits(typed: str) -> None:
    session = Session()
    with pytest.raises(PinFormatError):
        session.set_pin(typed)
    assert session.pin_length == 0


def test_a_pin_of_the_wrong_length_goes_back_to_entry_without_touching_the_card() -> None:
    rig = Rig()
    rig.insert()
    rig.finish_kind(fx.ReadCard)
    rig.post(ev.MethodChosen(VerificationMethod.PIN))
    rig.finish_kind(fx.ReadPinTries)
    for digit in "12":
        rig.reception.session.add_pin_digit(digit)
    rig.post(ev.PinSubmitted())  # a caller that submits 2 digits
    rig.finish_kind(fx.VerifyPin)
    assert rig.state is State.PIN_ENTRY
    assert rig.reception.model.ctx.error == "pin_format"
    assert rig.reader.cards[0].pins == [] and rig.reader.cards[0].tries == 3
    rig.reception.session.set_pin("1234")  # and the patient can go on
    rig.post(ev.PinSubmitted())
    rig.finish_kind(fx.VerifyPin)
    assert rig.state is State.QUERYING


def test_keypad_digits_that_are_not_decimal_are_ignored() -> None:
    session = Session()
    for ch in "²①٣x":
        session.add_pin_digit(ch)
    assert session.pin_length == 1  # only ٣ (Arabic-Indic three)
    assert bytes(session.take_pin()) == b"3"


# --- the service step's calls stop when the reception gives up ---------------------------


def test_the_watchdog_cancels_the_confirmation_and_the_reception_goes_pending() -> None:
    rig = Rig()
    _to_querying(rig)
    rig.tick(rig.reception.settings.watchdog_s + 1)
    assert rig.state is State.SERVICE_DOWN
    calls = len(rig.service.calls)
    cancels = list(rig.service.cancels)
    rig.drain()  # the confirmation waited for a worker all along: it does not start now
    assert len(rig.service.calls) == calls and rig.service.cancels == cancels
    record = rig.store.records[0]
    assert record.outcome is ReceptionOutcome.PENDING
    assert record.requery_cert_der is not None and persona_of(record.requery_cert_der) == 1


def test_the_consent_watchdog_cancels_that_call_but_not_the_next() -> None:
    rig = Rig()
    _to_querying(rig)
    rig.finish_kind(fx.ConfirmEligibility)
    _answer_consents(rig, True)
    stuck = next(j for j in rig.pending if isinstance(j.effect, fx.SaveConsents))
    rig.pending.remove(stuck)
    rig.tick(rig.reception.settings.watchdog_s + 1)
    assert rig.state is State.DONE
    assert stuck.run() is None  # it never started: given up before a worker took it
    assert not [c for c in rig.service.calls if c[0] == "consents"]
    rig.post(ev.LimitAnswered(True))
    rig.finish_kind(fx.SaveLimit)
    assert [c[1] for c in rig.service.calls if c[0] == "consents"] == ["r1:limit"]  # fresh cancel
    assert rig.state is State.FINISHED
    rig.remove()
    rig.drain()
    assert [c.kind for c in rig.store.records[0].consents] == [ConsentKind.LIMIT]


def test_record_writes_have_their_own_lane() -> None:
    rig = Rig()
    rig.insert()
    rig.remove()
    lanes = {type(j.effect).__name__: j.lane for j in rig.pending}
    assert lanes["SaveRecord"] is Lane.RECORD
    assert lanes["ReadCard"] is Lane.CARD
    # A card pulled mid-read shows the "card removed" screen, which goes idle by itself.
    assert rig.state is State.CARD_REMOVED
