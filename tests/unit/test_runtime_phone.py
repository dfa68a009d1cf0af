"""The runtime's phone reads against an in-memory phone (the PhoneSession port): what is sent to
the phone and when, what the record says, and that the card's reception never mixes in."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.model import State
from kiosk.ports import (
    CardIdentity,
    PhoneError,
    PhoneErrorKind,
    PhoneKind,
    PinResult,
    PinStatus,
    Proof,
    ReceptionOutcome,
    VerificationMethod,
)

from .runtime_fakes import Rig

PHONE_PERSONA = 7


@dataclass
class FakePhone:
    kind: PhoneKind
    pin: bytes = b"5678"
    tries: int = 3
    decline: bool = False
    gone_at: str | None = None  # "identity" | "verify" | "sign": leaves the reader there
    verified: bool = False
    sent_pins: list[bytes] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    closed: int = 0

    def _step(self, what: str) -> None:
        self.calls.append(what)
        if self.gone_at == what:
            raise PhoneError(PhoneErrorKind.REMOVED, "phone moved away")

    def read_identity(self) -> CardIdentity:
        self._step("identity")
        return CardIdentity(f"cert-{PHONE_PERSONA}".encode(), b"phone-ca")

    def pin_tries_left(self) -> int:
        self._step("tries")
        return self.tries

    def verify_pin(self, pin: bytearray) -> PinResult:
        self.sent_pins.append(bytes(pin))
        self._step("verify")
        if bytes(pin) == self.pin:
            self.tries, self.verified = 3, True
            return PinResult(PinStatus.OK, 3)
        self.tries -= 1
        return PinResult(PinStatus.LOCKED_NOW if self.tries == 0 else PinStatus.WRONG, self.tries)

    def sign(self, challenge: bytes) -> bytes:
        self._step("sign")
        if self.kind is PhoneKind.IPHONE and self.decline:
            raise PhoneError(PhoneErrorKind.CANCELLED_ON_PHONE, "declined")
        assert self.kind is PhoneKind.IPHONE or self.verified, "signed without the PIN"
        return f"sig-{PHONE_PERSONA}".encode()

    def close(self) -> None:
        self.closed += 1


@dataclass
class FakePhoneReader:
    phone: FakePhone | None = None
    connects: int = 0

    def connect(self) -> FakePhone:
        self.connects += 1
        if self.phone is None:
            raise PhoneError(PhoneErrorKind.REMOVED, "no phone")
        return self.phone


def rig_with(phone: FakePhone) -> tuple[Rig, FakePhoneReader]:
    rig = Rig()
    reader = FakePhoneReader(phone)
    rig.reception.devices.phone = reader
    return rig, reader


def type_pin(rig: Rig, digits: str) -> None:
    for d in digits:
        rig.reception.session.add_pin_digit(d)
    rig.post(ev.PinSubmitted())


def to_consents(rig: Rig) -> None:
    rig.finish_kind(fx.ReadPhone)
    assert rig.state is State.QUERYING
    rig.finish_kind(fx.ConfirmEligibility)


def test_an_android_reception_verifies_the_pin_signs_and_records_phonepin() -> None:
    rig, reader = rig_with(FakePhone(PhoneKind.ANDROID))
    rig.post(ev.PhoneChosen("p1"))
    rig.post(ev.PhoneKindChosen(PhoneKind.ANDROID))
    type_pin(rig, "5678")
    rig.post(ev.PhoneArrived("x"))
    to_consents(rig)
    assert rig.state is State.CONSENT_MEDICATION
    phone = reader.phone
    assert phone is not None
    assert phone.calls == ["identity", "tries", "verify", "sign"] and phone.closed == 1
    assert rig.reception.session.pin_length == 0  # the PIN went to the phone once, then gone
    assert rig.reception.session.phone_proof is None  # a nonce is spent once
    rig.post(ev.ConsentAnswered(True))
    rig.drain()
    rig.post(ev.LimitAnswered(False))
    rig.drain()
    [record] = rig.store.records
    assert record.method is VerificationMethod.PHONE_PIN and len(record.method.value) <= 8
    assert record.outcome is ReceptionOutcome.COMPLETE
    assert [c[0] for c in rig.service.calls][:1] == ["confirm"]


def test_the_service_gets_the_phones_signature_over_its_nonce() -> None:
    rig, _ = rig_with(FakePhone(PhoneKind.IPHONE))
    proofs: list[Proof] = []
    confirm = rig.service.confirm

    def spy(cert_der: bytes, proof: Proof, **kw: object) -> object:
        proofs.append(proof)
        return confirm(cert_der, proof, **kw)  # type: ignore[arg-type]

    rig.service.confirm = spy  # type: ignore[method-assign]
    rig.post(ev.PhoneChosen("p1"))
    rig.post(ev.PhoneKindChosen(PhoneKind.IPHONE))
    rig.post(ev.PhoneArrived("x"))
    to_consents(rig)
    [proof] = proofs
    assert proof.method is VerificationMethod.PHONE_BIOMETRIC
    assert proof.nonce == b"nonce" and proof.signature == b"sig-7"


def test_a_wrong_pin_then_the_right_one_and_the_tries_are_read_first() -> None:
    rig, reader = rig_with(FakePhone(PhoneKind.ANDROID))
    rig.post(ev.PhoneChosen("p1"))
    rig.post(ev.PhoneKindChosen(PhoneKind.ANDROID))
    type_pin(rig, "1111")
    rig.post(ev.PhoneArrived("x"))
    rig.finish_kind(fx.ReadPhone)
    assert rig.state is State.PHONE_PIN_ENTRY and rig.reception.model.ctx.pin_tries_left == 2
    type_pin(rig, "5678")  # the phone is still held: read again at once
    to_consents(rig)
    assert reader.phone is not None and reader.phone.sent_pins == [b"1111", b"5678"]


def test_the_last_try_is_not_used_before_the_patient_is_told() -> None:
    rig, reader = rig_with(FakePhone(PhoneKind.ANDROID, tries=1))
    rig.post(ev.PhoneChosen("p1"))
    rig.post(ev.PhoneKindChosen(PhoneKind.ANDROID))
    type_pin(rig, "1111")
    rig.post(ev.PhoneArrived("x"))
    rig.finish_kind(fx.ReadPhone)
    phone = reader.phone
    assert phone is not None and phone.sent_pins == [] and phone.tries == 1
    assert rig.state is State.PHONE_PIN_ENTRY and rig.reception.model.ctx.error == "last_try"
    assert rig.reception.session.pin_length == 0  # typed again, knowingly
    type_pin(rig, "1111")
    rig.finish_kind(fx.ReadPhone)
    assert rig.state is State.PHONE_PIN_LOCKED and phone.sent_pins == [b"1111"]


def test_a_locked_phone_pin_is_never_sent() -> None:
    rig, reader = rig_with(FakePhone(PhoneKind.ANDROID, tries=0))
    rig.post(ev.PhoneChosen("p1"))
    rig.post(ev.PhoneKindChosen(PhoneKind.ANDROID))
    type_pin(rig, "5678")
    rig.post(ev.PhoneArrived("x"))
    rig.finish_kind(fx.ReadPhone)
    assert rig.state is State.PHONE_PIN_LOCKED
    assert reader.phone is not None and reader.phone.sent_pins == []


@pytest.mark.parametrize("where", ["identity", "tries"])
def test_a_phone_pulled_before_verify_keeps_the_pin_and_burns_no_try(where: str) -> None:
    phone = FakePhone(PhoneKind.ANDROID, gone_at=where)
    rig, _ = rig_with(phone)
    rig.post(ev.PhoneChosen("p1"))
    rig.post(ev.PhoneKindChosen(PhoneKind.ANDROID))
    type_pin(rig, "5678")
    rig.post(ev.PhoneArrived("x"))
    rig.post(ev.PhoneRemoved())
    rig.finish_kind(fx.ReadPhone)
    assert rig.state is State.PHONE_HOLD and rig.reception.model.ctx.error == "phone_removed"
    assert phone.sent_pins == [] and phone.tries == 3
    assert rig.reception.session.pin_length == 4  # nothing lost: no need to type it again
    phone.gone_at = None
    rig.post(ev.PhoneArrived("x"))
    to_consents(rig)
    assert phone.sent_pins == [b"5678"]
    assert rig.store.records == []  # one reception, still going


def test_a_phone_pulled_during_verify_asks_for_the_pin_again() -> None:
    phone = FakePhone(PhoneKind.ANDROID, gone_at="verify")
    rig, _ = rig_with(phone)
    rig.post(ev.PhoneChosen("p1"))
    rig.post(ev.PhoneKindChosen(PhoneKind.ANDROID))
    type_pin(rig, "5678")
    rig.post(ev.PhoneArrived("x"))
    rig.finish_kind(fx.ReadPhone)
    assert rig.state is State.PHONE_PIN_ENTRY and rig.reception.model.ctx.error == "phone_removed"


def test_an_iphone_declined_on_the_phone_then_confirmed() -> None:
    phone = FakePhone(PhoneKind.IPHONE, decline=True)
    rig, _ = rig_with(phone)
    rig.post(ev.PhoneChosen("p1"))
    rig.post(ev.PhoneKindChosen(PhoneKind.IPHONE))
    rig.post(ev.PhoneArrived("x"))
    rig.finish_kind(fx.ReadPhone)
    assert rig.state is State.PHONE_DECLINED
    phone.decline = False
    rig.post(ev.RetryPhone())
    to_consents(rig)
    assert rig.state is State.CONSENT_MEDICATION


def test_a_card_placed_during_the_phone_choice_gets_its_own_reception() -> None:
    rig, _ = rig_with(FakePhone(PhoneKind.ANDROID))
    rig.post(ev.PhoneChosen("p1"))
    rig.post(ev.PhoneKindChosen(PhoneKind.ANDROID))
    rig.insert()  # persona 1's card
    assert rig.state is State.READING and rig.reception.current.reception_id == "r1"
    rig.drain()
    [phone_record] = rig.store.records
    assert phone_record.reception_id == "p1" and phone_record.end_code == "switched_to_card"
    assert any(t.target == "phone_pin_entry" for t in phone_record.transitions)
    assert rig.state is State.CHOOSE_METHOD


def test_a_card_placed_while_the_phone_is_read_waits_and_its_data_never_mixes_in() -> None:
    rig, _ = rig_with(FakePhone(PhoneKind.IPHONE))
    rig.post(ev.PhoneChosen("p1"))
    rig.post(ev.PhoneKindChosen(PhoneKind.IPHONE))
    rig.post(ev.PhoneArrived("x"))
    rig.insert()
    assert rig.state is State.PHONE_READING and not any(
        isinstance(j.effect, fx.ReadCard) for j in rig.pending
    )
    to_consents(rig)
    assert rig.reception.session.user_cert_der == b"cert-7"
    assert rig.reception.model.ctx.other_device == "card"


def test_the_phone_reader_setting_is_off_by_default_and_checked() -> None:
    from kiosk.config import ConfigError, load_config

    assert load_config(environ={}).phone.reader == ""  # no smartphone reception unless set
    same = load_config(environ={}, overrides={"phone": {"reader": "^RC-S300$"}})
    assert same.phone.reader == "^RC-S300$"
    with pytest.raises(ConfigError, match="phone"):
        load_config(environ={}, overrides={"phone": {"reader": "RC-S[300"}})


def test_a_phone_on_the_card_reader_is_reported_as_a_phone() -> None:
    from kiosk.ports import CardError, CardErrorKind

    class PhoneOnTheCardReader:
        def read_identity(self) -> CardIdentity:
            raise CardError(CardErrorKind.NOT_MYNACARD, "smartphone: a phone's JPKI token")

        def close(self) -> None:
            pass

    rig = Rig()
    rig.reception.devices.reader.connect = PhoneOnTheCardReader  # type: ignore[assignment]
    rig.post(ev.CardInserted("c1"))
    rig.drain()
    assert rig.state is State.CARD_ERROR
    assert rig.reception.model.ctx.error == "phone_on_card_reader"
    assert rig.store.records[0].end_code == "phone_on_card_reader"


def test_the_card_reader_lost_during_a_phone_reception_lets_it_finish_then_stops() -> None:
    """Issue 25 item 5: the phone is on its own reader; losing the card's reader mid-way ends
    nothing. Once the phone reception is over, the kiosk is out of service until it is back."""
    rig, _ = rig_with(FakePhone(PhoneKind.IPHONE))
    rig.post(ev.PhoneChosen("p1"))
    rig.post(ev.PhoneKindChosen(PhoneKind.IPHONE))
    rig.post(ev.PhoneArrived("x"))
    rig.post(ev.ReaderLost("pcscd stopped"))
    to_consents(rig)
    assert rig.state is State.CONSENT_MEDICATION
    rig.post(ev.ConsentAnswered(True))
    rig.drain()
    rig.post(ev.LimitAnswered(False))
    rig.drain()
    [record] = rig.store.records
    assert record.outcome is ReceptionOutcome.COMPLETE
    rig.post(ev.PhoneRemoved())
    rig.clock.advance(60)
    rig.post(ev.Tick())
    rig.post(ev.Tick())
    assert rig.state is State.OUT_OF_SERVICE
    rig.post(ev.ReaderFound())
    assert rig.state is State.IDLE
    rig.post(ev.Tick())
    assert rig.state is State.IDLE  # back for good
