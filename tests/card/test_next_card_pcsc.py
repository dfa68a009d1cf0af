"""Both card generations through real pcscd + vsmartcard-vpcd, with virtual-card processes: the
same contactless ATR for both (a reader makes it up), told apart by SELECT."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.card import next_card
from kiosk.card.pcsc import PcscReader
from kiosk.card.session import PinRejectedError
from kiosk.ports import CardError, CardErrorKind, PinStatus
from kiosk.sim.card import Counter, CounterStore, number_b_of, reset_card
from kiosk.sim.personas import get_persona
from kiosk.sim.pki import MockPki
from kiosk.sim.reader_stack import VirtualReaderStack, missing_parts

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(bool(missing_parts()), reason=f"needs {', '.join(missing_parts())}"),
]

AOI = get_persona("nishimura_aoi")
HANAKO = get_persona("sato_hanako")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtualReaderStack]:
    pki_dir = tmp_path_factory.mktemp("pki")
    with VirtualReaderStack(pki_dir=pki_dir, state_dir=pki_dir / "cards") as running:
        yield running


@pytest.mark.parametrize("extended", [False, True], ids=["short", "extended"])
def test_a_next_card_reads_signs_and_opens_its_face_data_through_pcscd(
    stack: VirtualReaderStack, extended: bool
) -> None:
    reset_card(AOI, stack.state_dir)
    stack.insert(AOI.id, atr="contactless")
    assert stack.pki_dir is not None
    pki = MockPki(stack.pki_dir)
    session = PcscReader(stack.reader_pattern, extended_length=extended).connect()
    try:
        identity = session.read_identity()
        assert identity.generation == "next"
        assert identity.user_cert_der == pki.user_cert_der(AOI.id)
        assert identity.ca_cert_der == pki.next_ca_cert_der()
        assert session.verify_pin(bytearray(AOI.card.pin.encode())).status is PinStatus.OK
        signature = session.sign(b"service nonce")
        key = x509.load_der_x509_certificate(identity.user_cert_der).public_key()
        assert isinstance(key, ec.EllipticCurvePublicKey)
        key.verify(signature, b"service nonce", ec.ECDSA(hashes.SHA384()))
        face = session.read_card_face(number_b_of(AOI))
        assert face.birth_date == AOI.birth_date and len(face.photo_jp2) > 1000
    finally:
        session.close()
        stack.remove()


def test_the_same_atr_a_current_card_is_still_read_as_one(stack: VirtualReaderStack) -> None:
    reset_card(HANAKO, stack.state_dir)
    stack.insert(HANAKO.id, atr="contactless")
    session = PcscReader(stack.reader_pattern).connect()
    try:
        assert session.read_identity().generation == "current"
        with pytest.raises(CardError, match="照合番号B must be 14 digits"):
            session.read_card_face(AOI.card.check_number)
    finally:
        session.close()
        stack.remove()
    counters = CounterStore(HANAKO, stack.state_dir).load()
    assert counters[Counter.KENMEN_B] == counters[Counter.INPUT_B]  # untouched


def test_a_wrong_number_on_the_next_card_is_kept_across_sessions(
    stack: VirtualReaderStack,
) -> None:
    reset_card(AOI, stack.state_dir)
    stack.insert(AOI.id)
    session = PcscReader(stack.reader_pattern).connect()
    try:
        with pytest.raises(PinRejectedError) as err:
            session.read_card_face("123456")
        assert err.value.result.tries_left == next_card.CHECK_NUMBER_TRIES - 1
    finally:
        session.close()
    again = PcscReader(stack.reader_pattern).connect()
    try:
        assert again.number_b_tries_left() == next_card.CHECK_NUMBER_TRIES - 1
    finally:
        again.close()
        stack.remove()
    reset_card(AOI, stack.state_dir)


def test_a_next_card_pulled_mid_read_is_removed(stack: VirtualReaderStack) -> None:
    reset_card(AOI, stack.state_dir)
    stack.insert(AOI.id, pull_after=3)
    session = PcscReader(stack.reader_pattern).connect()
    with pytest.raises(CardError) as err:
        session.read_identity()
    assert err.value.kind is CardErrorKind.REMOVED
    session.close()
    stack.remove()
