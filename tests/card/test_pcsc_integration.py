"""The card path through real pcscd + vsmartcard-vpcd, with virtual-card processes."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from smartcard import scard

from kiosk.card.apdu import SW, read_binary, read_binary_sfi, verify_sfi
from kiosk.card.myna import JpkiFile
from kiosk.card.pcsc import PcscReader, ReaderMonitor
from kiosk.ports import CardError, CardErrorKind, PinStatus
from kiosk.sim.card import (
    ATRS,
    Counter,
    CounterStore,
    number_b_of,
    reset_card,
    sign_password_of,
)
from kiosk.sim.personas import get_persona
from kiosk.sim.pki import MockPki
from kiosk.sim.reader_stack import StackUnavailable, VirtualReaderStack, missing_parts
from tests.card.jpki_reader import JpkiSignReader

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(bool(missing_parts()), reason=f"needs {', '.join(missing_parts())}"),
]

HANAKO = get_persona("sato_hanako")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtualReaderStack]:
    pki_dir = tmp_path_factory.mktemp("pki")
    with VirtualReaderStack(pki_dir=pki_dir, state_dir=pki_dir / "cards") as running:
        yield running


@pytest.fixture
def hanako_inserted(stack: VirtualReaderStack) -> Iterator[VirtualReaderStack]:
    reset_card(HANAKO, stack.state_dir)
    stack.insert(HANAKO.id)
    yield stack
    stack.remove()


@pytest.fixture(params=[False, True], ids=["short", "extended"])
def reader(request: pytest.FixtureRequest, stack: VirtualReaderStack) -> PcscReader:
    return PcscReader(stack.reader_pattern, extended_length=request.param)


class Events:
    def __init__(self) -> None:
        self.inserted = threading.Event()
        self.removed = threading.Event()


@pytest.fixture
def monitor(stack: VirtualReaderStack) -> Iterator[Events]:
    events = Events()
    watcher = ReaderMonitor(stack.reader_pattern, events.inserted.set, events.removed.set)
    watcher.start()
    yield events
    watcher.stop()


def test_insert_read_identity_and_monitor_events(
    stack: VirtualReaderStack, monitor: Events
) -> None:
    reset_card(HANAKO, stack.state_dir)
    stack.insert(HANAKO.id)
    assert monitor.inserted.wait(5)
    session = PcscReader(stack.reader_pattern).connect()
    identity = session.read_identity()
    assert stack.pki_dir is not None
    pki = MockPki(stack.pki_dir)
    assert identity.user_cert_der == pki.user_cert_der(HANAKO.id)
    assert identity.ca_cert_der == pki.ca_cert_der()
    session.close()
    stack.remove()
    assert monitor.removed.wait(5)


def test_connection_is_exclusive(hanako_inserted: VirtualReaderStack) -> None:
    first = PcscReader(hanako_inserted.reader_pattern).connect()
    with pytest.raises(CardError) as err:
        PcscReader(hanako_inserted.reader_pattern).connect()
    assert err.value.kind is CardErrorKind.UNREADABLE
    first.close()
    PcscReader(hanako_inserted.reader_pattern).connect().close()


def test_pin_wrong_ok_locked_and_persisted(hanako_inserted: VirtualReaderStack) -> None:
    reader = PcscReader(hanako_inserted.reader_pattern)
    session = reader.connect()
    assert session.pin_tries_left() == 3
    assert session.verify_pin(bytearray(b"0000")).status is PinStatus.WRONG
    assert session.verify_pin(bytearray(HANAKO.card.pin.encode())).status is PinStatus.OK
    statuses = [session.verify_pin(bytearray(b"0000")).status for _ in range(4)]
    assert statuses[2:] == [PinStatus.LOCKED_NOW, PinStatus.ALREADY_LOCKED]
    session.close()
    hanako_inserted.remove()
    hanako_inserted.insert(HANAKO.id)  # a new card process: the lock comes from the state file
    session = reader.connect()
    assert session.pin_tries_left() == 0
    session.close()


def test_sign_and_verify_with_the_certificate(
    hanako_inserted: VirtualReaderStack, reader: PcscReader
) -> None:
    session = reader.connect()
    identity = session.read_identity()
    session.verify_pin(bytearray(HANAKO.card.pin.encode()))
    signature = session.sign(b"service nonce 0123456789")
    cert = x509.load_der_x509_certificate(identity.user_cert_der)
    public = cert.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    public.verify(signature, b"service nonce 0123456789", padding.PKCS1v15(), hashes.SHA256())
    cert.verify_directly_issued_by(x509.load_der_x509_certificate(identity.ca_cert_der))
    session.close()


def test_signature_side_read_and_signed_as_jpki_software_does(
    hanako_inserted: VirtualReaderStack,
) -> None:
    transport = PcscReader(hanako_inserted.reader_pattern).open_transport()
    jpki = JpkiSignReader(transport.transmit)
    assert jpki.select_ap() == SW.OK
    assert jpki.read_tlv(JpkiFile.SIGN_CERT)[0] == SW.SECURITY_NOT_SATISFIED
    sw, ca_der = jpki.read_tlv(JpkiFile.SIGN_CA_CERT)
    assert sw == SW.OK
    assert jpki.tries_left(JpkiFile.SIGN_PASSWORD) == SW.VERIFY_FAILED | 5
    assert jpki.verify(JpkiFile.SIGN_PASSWORD, b"WRONG0") == SW.VERIFY_FAILED | 4
    assert jpki.verify(JpkiFile.SIGN_PASSWORD, sign_password_of(HANAKO).encode()) == SW.OK
    sw, cert_der = jpki.read_tlv(JpkiFile.SIGN_CERT)
    assert sw == SW.OK
    sw, signature = jpki.sign(JpkiFile.SIGN_KEY, b"application form")
    transport.close()
    assert sw == SW.OK
    cert = x509.load_der_x509_certificate(cert_der)
    public = cert.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    public.verify(signature, b"application form", padding.PKCS1v15(), hashes.SHA256())
    cert.verify_directly_issued_by(x509.load_der_x509_certificate(ca_der))
    assert hanako_inserted.pki_dir is not None
    assert ca_der == MockPki(hanako_inserted.pki_dir).sign_ca_cert_der()


def _opensc(*args: str) -> subprocess.CompletedProcess[str]:
    # The stack pointed this process's PC/SC client at its pcscd; children inherit it.
    return subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.skipif(shutil.which("pkcs15-crypt") is None, reason="needs opensc")
def test_opensc_jpki_driver_reads_and_signs_with_the_signature_side(
    hanako_inserted: VirtualReaderStack, tmp_path: Path
) -> None:
    """OpenSC's JPKI driver, independent software written for real cards, binds our card,
    reads both counters, signs with the 署名用 key and reads the signature certificate."""
    password = sign_password_of(HANAKO)
    assert "Tries left     : 5" in _opensc("pkcs15-tool", "--list-pins").stdout
    digest = tmp_path / "digest.bin"
    digest.write_bytes(hashlib.sha256(b"application form").digest())
    signed = _opensc(
        "pkcs15-crypt", "--sign", "--key", "02", "--pin", password, "--sha-256", "--pkcs1",
        "-i", str(digest), "-o", str(tmp_path / "signature.bin"),
    )  # fmt: skip
    assert signed.returncode == 0, signed.stderr
    read = _opensc(
        "pkcs15-tool", "--read-certificate", "02", "--verify-pin", "--auth-id", "02",
        "--pin", password, "--output", str(tmp_path / "sign.pem"),
    )  # fmt: skip
    assert read.returncode == 0, read.stderr
    cert = x509.load_pem_x509_certificate((tmp_path / "sign.pem").read_bytes())
    public = cert.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    signature = (tmp_path / "signature.bin").read_bytes()
    public.verify(signature, b"application form", padding.PKCS1v15(), hashes.SHA256())
    assert hanako_inserted.pki_dir is not None
    sign_ca = x509.load_der_x509_certificate(MockPki(hanako_inserted.pki_dir).sign_ca_cert_der())
    cert.verify_directly_issued_by(sign_ca)
    wrong = _opensc(
        "pkcs15-crypt", "--sign", "--key", "02", "--pin", "WRONG0", "--sha-256", "--pkcs1",
        "-i", str(digest), "-o", str(tmp_path / "refused.bin"),
    )  # fmt: skip
    assert wrong.returncode != 0
    pins = _opensc("pkcs15-tool", "--list-pins").stdout
    assert pins.count("Tries left") == 2 and "Tries left     : 4" in pins


@pytest.mark.skipif(shutil.which("pkcs15-tool") is None, reason="needs opensc")
def test_opensc_lists_a_card_whose_pin_is_blocked_and_draws_a_challenge(
    stack: VirtualReaderStack,
) -> None:
    """A real card with a blocked user-auth PIN answers the tries query 63C0 (only a VERIFY
    with data gets 6984): OpenSC still binds it and shows 0 tries; GET CHALLENGE draws random
    bytes through pcscd (research/real-card-evidence.md §9 rows 2 and 3)."""
    reset_card(HANAKO, stack.state_dir)
    counters = CounterStore(HANAKO, stack.state_dir)
    counters.save({**counters.load(), Counter.AUTH_PIN: 0})
    stack.insert(HANAKO.id)
    try:
        listed = _opensc("pkcs15-tool", "--list-pins")
        assert listed.returncode == 0, listed.stderr
        assert "Tries left     : 0" in listed.stdout
        drawn = [_opensc("opensc-tool", "-s", "00 84 00 00 10") for _ in range(2)]
        answers = [line for run in drawn for line in run.stdout.splitlines() if "SW1=" in line]
        assert answers == ["Received (SW1=0x90, SW2=0x00):"] * 2, [d.stdout for d in drawn]
        assert drawn[0].stdout != drawn[1].stdout  # random, not a fixed pattern
    finally:
        stack.remove()
        reset_card(HANAKO, stack.state_dir)


def test_card_face_photo_is_a_monochrome_jpeg2000(
    hanako_inserted: VirtualReaderStack, reader: PcscReader
) -> None:
    session = reader.connect()
    face = session.read_card_face(number_b_of(HANAKO))
    session.close()
    assert face.photo_jp2[:12] == bytes.fromhex("0000000c6a5020200d0a870a")  # JP2 signature box
    image = cv2.imdecode(np.frombuffer(face.photo_jp2, np.uint8), cv2.IMREAD_UNCHANGED)
    assert image is not None and image.ndim == 2
    assert (face.birth_date, face.expiry) == (HANAKO.birth_date, HANAKO.card.card_expiry)


def test_card_pulled_mid_read_is_removed_not_a_hang(stack: VirtualReaderStack) -> None:
    stack.insert(HANAKO.id, pull_after=4)
    session = PcscReader(stack.reader_pattern).connect()
    with pytest.raises(CardError) as err:
        session.read_identity()
    assert err.value.kind is CardErrorKind.REMOVED
    session.close()
    stack.remove()
    with pytest.raises(CardError) as err:
        PcscReader(stack.reader_pattern).connect()
    assert err.value.kind is CardErrorKind.REMOVED


def test_two_cards_one_after_the_other(stack: VirtualReaderStack) -> None:
    seen = []
    for persona_id in ("sato_hanako", "juki_card", "sato_hanako"):
        stack.insert(persona_id)
        session = PcscReader(stack.reader_pattern).connect()
        try:
            seen.append(session.read_identity().user_cert_der)
        except CardError as exc:
            seen.append(exc.kind)
        session.close()
        stack.remove()
    assert seen[1] is CardErrorKind.JUKI_CARD
    assert seen[0] == seen[2] and isinstance(seen[0], bytes)


def test_no_matching_reader_is_no_reader(stack: VirtualReaderStack) -> None:
    with pytest.raises(CardError) as err:
        PcscReader("^No Such Reader$").connect()
    assert err.value.kind is CardErrorKind.NO_READER


@pytest.mark.parametrize("atr", ["contact", "contact-c1", "contactless", "contactless-l4"])
def test_the_kiosk_reads_a_card_the_same_whatever_its_atr(
    stack: VirtualReaderStack, atr: str
) -> None:
    """A contact reader reports the chip's ATR, a contactless one builds 3B 88 80 01 … from the
    ATQB (research/real-card-evidence.md §1.1): the kiosk does not look at it."""
    reset_card(HANAKO, stack.state_dir)
    stack.insert(HANAKO.id, atr=atr)
    try:
        transport = PcscReader(stack.reader_pattern).open_transport()
        code, _name, _state, _protocol, reported = scard.SCardStatus(transport.handle)
        transport.close()
        assert code == scard.SCARD_S_SUCCESS and bytes(reported) == ATRS[atr]
        session = PcscReader(stack.reader_pattern).connect()
        identity = session.read_identity()
        face = session.read_card_face(number_b_of(HANAKO))  # the issuer's signature checked
        session.close()
        assert stack.pki_dir is not None
        assert identity.user_cert_der == MockPki(stack.pki_dir).user_cert_der(HANAKO.id)
        assert face.birth_date == HANAKO.birth_date
    finally:
        stack.remove()


def test_filler_end_of_file_and_short_ef_ids_through_pcscd(
    hanako_inserted: VirtualReaderStack,
) -> None:
    transport = PcscReader(hanako_inserted.reader_pattern).open_transport()
    jpki = JpkiSignReader(transport.transmit)
    try:
        assert jpki.select_ap() == SW.OK
        sw, physical = jpki.read_all(JpkiFile.SIGN_CA_CERT)
        assert sw == SW.OK and len(physical) == 1900  # ends with a short read and 9000
        der_length = int.from_bytes(physical[2:4], "big") + 4  # 30 82 hh ll
        x509.load_der_x509_certificate(physical[:der_length])
        assert set(physical[der_length:]) == {0}
        assert jpki.send(read_binary(1900, 1)).sw == SW.WRONG_OFFSET
        head = jpki.send(read_binary_sfi(JpkiFile.AUTH_CERT, 0, 2))
        assert (head.sw, head.data) == (SW.OK, b"\x30\x82")
        pin = HANAKO.card.pin.encode()
        assert jpki.send(verify_sfi(JpkiFile.AUTH_PIN, pin)).sw == SW.OK
    finally:
        transport.close()


def test_pcscd_stopped_and_restarted_is_seen_by_the_monitor(tmp_path: Path) -> None:
    events = Events()
    first = VirtualReaderStack(pki_dir=tmp_path / "pki").start()
    watcher = ReaderMonitor(first.reader_pattern, events.inserted.set, events.removed.set)
    watcher.start()
    try:
        first.insert("juki_card")
        assert events.inserted.wait(5)
        events.inserted.clear()
        first.stop()  # the reader disappears with its card
        assert events.removed.wait(5)
        with VirtualReaderStack(pki_dir=tmp_path / "pki") as second:
            second.insert("juki_card")
            assert events.inserted.wait(5)
    finally:
        watcher.stop()
        first.stop()


def test_missing_parts_are_reported_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    import kiosk.sim.reader_stack as testing

    monkeypatch.setattr(testing, "VPCD_DRIVER", Path("/nonexistent/libifdvpcd.so"))
    with pytest.raises(StackUnavailable, match="vsmartcard-vpcd"):
        VirtualReaderStack().start()
