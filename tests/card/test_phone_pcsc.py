"""The phone path through real pcscd + vsmartcard-vpcd: virtual-phone processes on the second
vpcd slot (the NFC reader) or the first (one reader for both), beside a virtual card."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from kiosk.card.pcsc import PcscReader, ReaderMonitor
from kiosk.card.phone import PcscPhoneReader
from kiosk.ports import CardError, CardErrorKind, PhoneError, PhoneErrorKind, PhoneKind, PinStatus
from kiosk.sim.card import reset_card
from kiosk.sim.personas import get_persona
from kiosk.sim.phone import reset_phone, set_approval
from kiosk.sim.reader_stack import VirtualReaderStack, missing_parts

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(bool(missing_parts()), reason=f"needs {', '.join(missing_parts())}"),
]

HANAKO = get_persona("sato_hanako")  # Android phone, PIN 4321
ICHIRO = get_persona("suzuki_ichiro")  # iPhone


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtualReaderStack]:
    pki_dir = tmp_path_factory.mktemp("pki")
    with VirtualReaderStack(pki_dir=pki_dir, state_dir=pki_dir / "cards") as running:
        yield running


@pytest.fixture(autouse=True)
def fresh(stack: VirtualReaderStack) -> Iterator[None]:
    for persona in (HANAKO, ICHIRO):
        reset_phone(persona, stack.state_dir)
        reset_card(persona, stack.state_dir)
    yield
    stack.remove_phone()
    stack.remove()


def _verifies(cert_der: bytes, challenge: bytes, signature: bytes) -> None:
    key = x509.load_der_x509_certificate(cert_der).public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    key.verify(signature, challenge, padding.PKCS1v15(), hashes.SHA256())


def test_android_reads_verifies_and_signs(stack: VirtualReaderStack) -> None:
    stack.place_phone(HANAKO.id)
    session = PcscPhoneReader(stack.phone_reader_pattern).connect()
    try:
        assert session.kind is PhoneKind.ANDROID
        assert session.pin_tries_left() == 3
        identity = session.read_identity()
        assert session.verify_pin(bytearray(b"4321")).status is PinStatus.OK
        _verifies(identity.user_cert_der, b"nonce", session.sign(b"nonce"))
    finally:
        session.close()


def test_android_wrong_pin_counts_down_on_the_phone_only(stack: VirtualReaderStack) -> None:
    stack.insert(HANAKO.id)
    stack.place_phone(HANAKO.id)
    phone = PcscPhoneReader(stack.phone_reader_pattern).connect()
    try:
        result = phone.verify_pin(bytearray(b"1234"))
        assert (result.status, result.tries_left) == (PinStatus.WRONG, 2)
    finally:
        phone.close()
    again = PcscPhoneReader(stack.phone_reader_pattern).connect()
    card = PcscReader(stack.reader_pattern).connect()
    try:
        assert again.pin_tries_left() == 2  # kept across sessions, as on the phone
        assert card.pin_tries_left() == 3  # the card's own counter is untouched
    finally:
        again.close()
        card.close()


def test_iphone_waits_for_the_holder_then_signs(stack: VirtualReaderStack) -> None:
    set_approval(ICHIRO, stack.state_dir, "wait")
    stack.place_phone(ICHIRO.id)
    session = PcscPhoneReader(stack.phone_reader_pattern).connect()
    result: list[bytes] = []
    try:
        assert session.kind is PhoneKind.IPHONE
        identity = session.read_identity()
        signing = threading.Thread(target=lambda: result.append(session.sign(b"nonce")))
        signing.start()
        signing.join(timeout=1.0)
        assert signing.is_alive() and not result  # the phone has not answered yet
        set_approval(ICHIRO, stack.state_dir, "approve")
        signing.join(timeout=30)
        assert len(result) == 1
        _verifies(identity.user_cert_der, b"nonce", result[0])
    finally:
        session.close()


def test_iphone_decline_through_the_cli(stack: VirtualReaderStack) -> None:
    command = [sys.executable, "-m", "kiosk", "virtual-phone", "--persona", ICHIRO.id,
               "--state-dir", str(stack.state_dir), "--set-approval", "decline"]  # fmt: skip
    subprocess.run(command, check=True, timeout=60)
    stack.place_phone(ICHIRO.id)
    session = PcscPhoneReader(stack.phone_reader_pattern).connect()
    try:
        with pytest.raises(PhoneError) as caught:
            session.sign(b"nonce")
        assert caught.value.kind is PhoneErrorKind.CANCELLED_ON_PHONE
    finally:
        session.close()


def test_phone_taken_away_while_the_iphone_asks_its_holder(stack: VirtualReaderStack) -> None:
    set_approval(ICHIRO, stack.state_dir, "wait")
    stack.place_phone(ICHIRO.id)
    session = PcscPhoneReader(stack.phone_reader_pattern).connect()
    errors: list[PhoneError] = []

    def sign() -> None:
        try:
            session.sign(b"nonce")
        except PhoneError as exc:
            errors.append(exc)

    signing = threading.Thread(target=sign)
    signing.start()
    signing.join(timeout=1.0)
    assert signing.is_alive()
    assert stack.remove_phone() == 0  # it left at SIGTERM, not killed after waiting on
    signing.join(timeout=30)
    session.close()
    assert [e.kind for e in errors] == [PhoneErrorKind.REMOVED]


@pytest.mark.parametrize("after", [1, 3, 5])
def test_phone_pulled_mid_read_is_removed(stack: VirtualReaderStack, after: int) -> None:
    stack.place_phone(HANAKO.id, pull_after=after)
    with pytest.raises(PhoneError) as caught:
        session = PcscPhoneReader(stack.phone_reader_pattern).connect()
        try:
            session.read_identity()
            session.pin_tries_left()
        finally:
            session.close()
    assert caught.value.kind is PhoneErrorKind.REMOVED


def test_card_on_the_phone_reader_and_phone_on_the_card_reader(stack: VirtualReaderStack) -> None:
    stack.insert(HANAKO.id)
    with pytest.raises(PhoneError) as phone_side:
        PcscPhoneReader(stack.reader_pattern).connect()
    assert phone_side.value.kind is PhoneErrorKind.NOT_A_PHONE
    stack.place_phone(ICHIRO.id)
    card = PcscReader(stack.phone_reader_pattern).connect()
    try:
        with pytest.raises(CardError) as card_side:
            card.read_identity()
        assert card_side.value.kind is CardErrorKind.NOT_MYNACARD
    finally:
        card.close()


def test_phone_and_card_at_the_same_time(stack: VirtualReaderStack) -> None:
    stack.insert(HANAKO.id)
    stack.place_phone(ICHIRO.id)
    card = PcscReader(stack.reader_pattern).connect()
    phone = PcscPhoneReader(stack.phone_reader_pattern).connect()
    try:
        card_cert = card.read_identity().user_cert_der
        phone_cert = phone.read_identity().user_cert_der
        assert card_cert != phone_cert
        assert phone.kind is PhoneKind.IPHONE
        assert len(phone.sign(b"nonce")) == 256
    finally:
        card.close()
        phone.close()


def test_one_reader_for_both(stack: VirtualReaderStack) -> None:
    stack.place_phone(HANAKO.id, slot=0)
    session = PcscPhoneReader(stack.reader_pattern).connect()
    try:
        assert session.kind is PhoneKind.ANDROID
    finally:
        session.close()
    stack.insert(HANAKO.id)  # the phone leaves the single reader first
    with pytest.raises(PhoneError) as caught:
        PcscPhoneReader(stack.reader_pattern).connect()
    assert caught.value.kind is PhoneErrorKind.NOT_A_PHONE


def test_the_monitor_sees_a_phone_arrive_and_leave(stack: VirtualReaderStack) -> None:
    arrived, left = threading.Event(), threading.Event()
    monitor = ReaderMonitor(stack.phone_reader_pattern, arrived.set, left.set, poll_ms=100)
    monitor.start()
    try:
        stack.place_phone(HANAKO.id)
        assert arrived.wait(10)
        stack.remove_phone()
        assert left.wait(10)
    finally:
        monitor.stop()


def test_no_nfc_reader_is_no_reader(tmp_path: Path) -> None:
    with pytest.raises(PhoneError) as caught:
        PcscPhoneReader("^no such reader$").connect()
    assert caught.value.kind is PhoneErrorKind.NO_READER
