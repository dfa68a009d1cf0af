"""For any bytes, the response parsers raise only their own errors (hypothesis)."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.card import myna, surface_sig, tlv
from kiosk.card.phone import PhoneJpkiSession
from kiosk.card.session import MynaCardSession
from kiosk.ports import CardError, PhoneError, PhoneKind


@given(st.binary(max_size=300))
def test_layout_and_items_raise_only_layout_or_tlv_errors(data: bytes) -> None:
    for parse in (
        lambda: myna.layout_of(data, list(myna.KenmenTag)),
        lambda: myna.parse_basic_info(data),
        lambda: myna.item_value(data, myna.KenmenTag.PHOTO),
        lambda: myna.parse_yyyymmdd(data),
        lambda: myna.parse_sex(data),
        lambda: myna.parse_my_number(data),
        lambda: myna.item_tlvs(data, list(myna.InputTag)),
    ):
        with contextlib.suppress(myna.LayoutError, tlv.TlvError):
            parse()


# A certificate-shaped prefix, so the generator reaches the key id and public key parsing.
_CVC_HEAD = bytes.fromhex("7F2182") + bytes(2) + bytes.fromhex("5F4E82")


@given(st.binary(max_size=400), st.booleans())
def test_surface_signature_parsers_raise_only_their_error(data: bytes, shaped: bool) -> None:
    raw = _CVC_HEAD + data if shaped else data
    with contextlib.suppress(surface_sig.SurfaceSignatureError):
        surface_sig.parse_cv_certificate(raw)
    with contextlib.suppress(surface_sig.SurfaceSignatureError):
        surface_sig.parse_public_key(data)
    items = {tag: tlv.encode(tag, data[:40]) for tag in myna.KenmenTag}
    with contextlib.suppress(surface_sig.SurfaceSignatureError, tlv.TlvError):
        surface_sig.verify_face(items, raw, surface_sig.trusted())


class _Random:
    def __init__(self, answers: list[bytes]) -> None:
        self.answers = answers
        self.calls = 0

    def transmit(self, apdu: bytes | bytearray) -> bytes:
        self.calls += 1
        return self.answers[self.calls % len(self.answers)]


ok = st.just(b"\x90\x00")
answer = st.one_of(
    ok, st.binary(max_size=40), st.binary(max_size=300).map(lambda b: b + b"\x90\x00")
)


@settings(max_examples=200)
@given(st.lists(answer, min_size=1, max_size=12))
def test_any_card_answers_give_a_result_or_a_card_error(answers: list[bytes]) -> None:
    for call in (
        lambda s: s.read_identity(),
        lambda s: s.read_card_face("91060320296260"),
        lambda s: s.pin_tries_left(),
        lambda s: s.verify_pin(bytearray(b"1234")),
        lambda s: s.sign(b"x"),
        lambda s: s.read_basic_info(bytearray(b"1234")),
    ):
        with contextlib.suppress(CardError):
            call(MynaCardSession(_Random(answers)))


phone_token = st.sampled_from([b"JPKIAPGPSETOKEN", b"JPKIAPIOSTOKEN"]).map(
    lambda t: t.ljust(32, b" ") + b"\x90\x00"
)


@settings(max_examples=200)
@given(st.lists(st.one_of(answer, phone_token), min_size=1, max_size=12))
def test_any_phone_answers_give_a_result_or_a_phone_error(answers: list[bytes]) -> None:
    """The phone path (kiosk.card.phone) turns every answer into a result or a PhoneError."""
    pin_calls = (lambda s: s.pin_tries_left(), lambda s: s.verify_pin(bytearray(b"1234")))
    for call in (lambda s: s.read_identity(), lambda s: s.sign(b"x"), *pin_calls):
        session = PhoneJpkiSession(_Random(answers))
        with contextlib.suppress(PhoneError):
            session.identify()
            if session.kind is PhoneKind.ANDROID or call not in pin_calls:  # no iPhone PIN
                call(session)
