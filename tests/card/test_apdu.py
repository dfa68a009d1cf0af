from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.card import apdu, myna
from kiosk.card.apdu import ApduError, Command, Response


def test_commands_have_the_spec_bytes() -> None:
    assert apdu.select_df(myna.JPKI_AID).to_bytes().hex() == "00a4040c0ad392f000260100000001"
    assert apdu.select_ef(0x000A).to_bytes().hex() == "00a4020c02000a"
    assert apdu.read_binary(0x0100, 256).to_bytes().hex() == "00b0010000"
    assert apdu.read_binary(0, 65536).to_bytes().hex() == "00b00000000000"
    assert apdu.verify(b"").to_bytes().hex() == "00200080"
    signature = apdu.compute_signature(myna.sha256_digest_info(b"x")).to_bytes()
    assert signature[:5].hex() == "802a008033" and signature[-1] == 0 and len(signature) == 57


def test_verify_data_stays_out_of_repr() -> None:
    assert "1234" not in repr(apdu.verify(b"1234")) and "31323334" not in repr(apdu.verify(b"1234"))


def test_a_response_without_status_word_is_an_apdu_error() -> None:
    with pytest.raises(ApduError):
        Response.parse(b"\x90")


commands = st.builds(
    Command,
    cla=st.integers(0, 255),
    ins=st.integers(0, 255),
    p1=st.integers(0, 255),
    p2=st.integers(0, 255),
    data=st.binary(max_size=300),
    le=st.none() | st.integers(1, 65536),
)


@given(commands)
def test_commands_round_trip_through_bytes(command: Command) -> None:
    parsed = Command.parse(command.to_bytes())
    assert (parsed.data, parsed.le, parsed.ins) == (command.data, command.le, command.ins)


@given(st.binary(max_size=400))
def test_any_bytes_parse_or_raise_apdu_error(raw: bytes) -> None:
    for parse in (Command.parse, Response.parse):
        with contextlib.suppress(ApduError):
            parse(raw)


@given(st.binary(max_size=300), st.integers(0, 0xFFFF))
def test_responses_round_trip(data: bytes, sw: int) -> None:
    assert Response.parse(Response(data, sw).to_bytes()) == Response(data, sw)
