"""The 署名用 side of the virtual card's JPKI AP, read as independent JPKI software reads it."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from kiosk.card import myna
from kiosk.card.apdu import SW, select_df
from kiosk.card.myna import JpkiFile
from kiosk.card.session import MynaCardSession
from kiosk.sim.card import VirtualCard, number_b_of, sign_password_of
from kiosk.sim.personas import Persona, get_persona
from kiosk.sim.pki import SIGN_BIRTH_DATE_OID, SIGN_NAME_OID, MockPki
from tests.card.jpki_reader import JpkiSignReader

MESSAGE = "電子申請 2026-12-01".encode()


@pytest.fixture
def jpki(card: VirtualCard) -> JpkiSignReader:
    reader = JpkiSignReader(card.transmit)
    assert reader.select_ap() == SW.OK
    return reader


def _password(persona: Persona) -> bytes:
    return sign_password_of(persona).encode()


def _public_key(cert_der: bytes) -> rsa.RSAPublicKey:
    key = x509.load_der_x509_certificate(cert_der).public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    return key


def test_the_fixture_password_is_a_valid_signature_password(hanako: Persona) -> None:
    password = sign_password_of(hanako)
    low, high = myna.SIGN_PASSWORD_LENGTH
    assert low <= len(password) <= high and password.isalnum() and password.isupper()


def test_every_jpki_file_exists(jpki: JpkiSignReader) -> None:
    assert jpki.token().rstrip(b" ") == myna.TOKEN_MYNACARD
    for fid in JpkiFile:
        assert jpki.select(fid) == SW.OK, f"EF {fid:04X}"
    assert jpki.select(0x0003) == SW.FILE_NOT_FOUND


def test_signature_ca_is_free_and_separate_from_the_user_auth_ca(
    jpki: JpkiSignReader, pki: MockPki
) -> None:
    sw, sign_ca = jpki.read_tlv(JpkiFile.SIGN_CA_CERT)
    assert sw == SW.OK and sign_ca == pki.sign_ca_cert_der()
    _, auth_ca = jpki.read_tlv(JpkiFile.AUTH_CA_CERT)
    assert sign_ca != auth_ca
    assert x509.load_der_x509_certificate(sign_ca).subject != pki.ca_cert().subject


def test_signature_certificate_needs_the_password(jpki: JpkiSignReader, hanako: Persona) -> None:
    assert jpki.read_tlv(JpkiFile.SIGN_CERT) == (SW.SECURITY_NOT_SATISFIED, b"")
    assert jpki.verify(JpkiFile.SIGN_PASSWORD, _password(hanako)) == SW.OK
    sw, cert_der = jpki.read_tlv(JpkiFile.SIGN_CERT)
    assert sw == SW.OK
    names = (
        x509.load_der_x509_certificate(cert_der)
        .extensions.get_extension_for_class(x509.SubjectAlternativeName)
        .value.get_values_for_type(x509.OtherName)
    )
    values = {name.type_id: name.value for name in names}
    assert hanako.name.encode() in values[SIGN_NAME_OID]
    assert hanako.birth_date.strftime("%Y%m%d").encode() in values[SIGN_BIRTH_DATE_OID]


def test_the_user_auth_pin_does_not_open_the_signature_side(
    jpki: JpkiSignReader, hanako: Persona
) -> None:
    assert jpki.verify(JpkiFile.AUTH_PIN, hanako.card.pin.encode()) == SW.OK
    assert jpki.read_tlv(JpkiFile.SIGN_CERT)[0] == SW.SECURITY_NOT_SATISFIED
    assert jpki.sign(JpkiFile.SIGN_KEY, MESSAGE) == (SW.SECURITY_NOT_SATISFIED, b"")


def test_sign_after_the_password_verifies_with_the_certificate_and_its_ca(
    jpki: JpkiSignReader, hanako: Persona
) -> None:
    assert jpki.sign(JpkiFile.SIGN_KEY, MESSAGE) == (SW.SECURITY_NOT_SATISFIED, b"")
    assert jpki.tries_left(JpkiFile.SIGN_PASSWORD) == SW.VERIFY_FAILED | 5
    assert jpki.verify(JpkiFile.SIGN_PASSWORD, _password(hanako)) == SW.OK
    sw, signature = jpki.sign(JpkiFile.SIGN_KEY, MESSAGE)
    assert sw == SW.OK and len(signature) == myna.SIGNATURE_SIZE
    _, cert_der = jpki.read_tlv(JpkiFile.SIGN_CERT)
    _, ca_der = jpki.read_tlv(JpkiFile.SIGN_CA_CERT)
    _public_key(cert_der).verify(signature, MESSAGE, padding.PKCS1v15(), hashes.SHA256())
    cert = x509.load_der_x509_certificate(cert_der)
    cert.verify_directly_issued_by(x509.load_der_x509_certificate(ca_der))
    _, auth_cert = jpki.read_tlv(JpkiFile.AUTH_CERT)
    with pytest.raises(InvalidSignature):  # signed by the 署名用 key, not the user-auth key
        _public_key(auth_cert).verify(signature, MESSAGE, padding.PKCS1v15(), hashes.SHA256())


def test_wrong_password_uses_its_own_counter_and_locks_after_five(
    jpki: JpkiSignReader, hanako: Persona, card: VirtualCard
) -> None:
    answers = [jpki.verify(JpkiFile.SIGN_PASSWORD, b"WRONG0") for _ in range(6)]
    assert answers == [0x63C4, 0x63C3, 0x63C2, 0x63C1, 0x63C0, SW.AUTH_METHOD_BLOCKED]
    # The query on a blocked key answers 63C0, as real cards do (only a VERIFY with data: 6984).
    assert jpki.tries_left(JpkiFile.SIGN_PASSWORD) == SW.VERIFY_FAILED
    assert jpki.tries_left(JpkiFile.AUTH_PIN) == SW.VERIFY_FAILED | hanako.card.pin_tries_left
    # Locked: even the right password is refused, and the key stays shut.
    assert jpki.verify(JpkiFile.SIGN_PASSWORD, _password(hanako)) == SW.AUTH_METHOD_BLOCKED
    assert jpki.sign(JpkiFile.SIGN_KEY, MESSAGE)[0] == SW.SECURITY_NOT_SATISFIED
    assert card.counters.load()["sign_password"] == 0


def test_right_password_resets_the_counter_and_the_state_survives_a_new_card(
    jpki: JpkiSignReader, hanako: Persona, card: VirtualCard, pki: MockPki, tmp_path: Path
) -> None:
    assert jpki.verify(JpkiFile.SIGN_PASSWORD, b"WRONG0") == 0x63C4
    fresh = JpkiSignReader(VirtualCard(hanako, tmp_path / "cards", pki=pki).transmit)
    fresh.select_ap()
    assert fresh.tries_left(JpkiFile.SIGN_PASSWORD) == 0x63C4  # persisted, like the PIN
    assert jpki.verify(JpkiFile.SIGN_PASSWORD, _password(hanako)) == SW.OK
    # Once verified the query still answers 63Cx (OpenSC's JPKI driver needs it), here 63C5.
    assert jpki.tries_left(JpkiFile.SIGN_PASSWORD) == 0x63C5
    assert fresh.tries_left(JpkiFile.SIGN_PASSWORD) == 0x63C5


def test_leaving_the_ap_or_a_reset_drops_the_password(
    jpki: JpkiSignReader, hanako: Persona, card: VirtualCard
) -> None:
    assert jpki.verify(JpkiFile.SIGN_PASSWORD, _password(hanako)) == SW.OK
    card.reset()
    jpki.select_ap()
    assert jpki.sign(JpkiFile.SIGN_KEY, MESSAGE)[0] == SW.SECURITY_NOT_SATISFIED
    assert jpki.verify(JpkiFile.SIGN_PASSWORD, _password(hanako)) == SW.OK
    assert jpki.send(select_df(myna.KENMEN_AID)).ok
    jpki.select_ap()
    assert jpki.sign(JpkiFile.SIGN_KEY, MESSAGE)[0] == SW.SECURITY_NOT_SATISFIED


def test_the_old_juki_card_has_the_signature_side_too(tmp_path: Path, pki: MockPki) -> None:
    juki = get_persona("juki_card")
    reader = JpkiSignReader(VirtualCard(juki, tmp_path / "cards", pki=pki).transmit)
    assert reader.select_ap() == SW.OK
    assert reader.token().rstrip(b" ") == myna.TOKEN_JUKINET
    assert reader.verify(JpkiFile.SIGN_PASSWORD, _password(juki)) == SW.OK
    assert reader.sign(JpkiFile.SIGN_KEY, MESSAGE)[0] == SW.OK


class _Recorder:
    """Every EF the kiosk's session selects, with the application it was in."""

    def __init__(self, card: VirtualCard) -> None:
        self._card = card
        self._df = b""
        self.selected: list[tuple[bytes, int]] = []

    def transmit(self, apdu: bytes | bytearray) -> bytes:
        raw = bytes(apdu)
        if raw[1:4] == bytes.fromhex("a4040c"):
            self._df = raw[5:15]
        elif raw[1:4] == bytes.fromhex("a4020c"):
            self.selected.append((self._df, int.from_bytes(raw[5:7], "big")))
        return self._card.transmit(raw)


def test_the_kiosk_never_touches_the_signature_side(card: VirtualCard, hanako: Persona) -> None:
    recorder = _Recorder(card)
    session = MynaCardSession(recorder, issuers=card.issuers())
    session.read_identity()
    session.pin_tries_left()
    session.verify_pin(bytearray(hanako.card.pin.encode()))
    session.sign(b"nonce")
    session.number_b_tries_left()
    session.read_card_face(number_b_of(hanako))
    session.read_basic_info(bytearray(hanako.card.pin.encode()))
    signature_side = {
        JpkiFile.SIGN_CERT,
        JpkiFile.SIGN_CA_CERT,
        JpkiFile.SIGN_KEY,
        JpkiFile.SIGN_PASSWORD,
    }
    jpki_files = {fid for df, fid in recorder.selected if df == myna.JPKI_AID}
    assert jpki_files and not jpki_files & signature_side
    assert card.counters.load()["sign_password"] == myna.SIGN_PASSWORD_TRIES
