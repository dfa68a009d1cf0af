from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.card import tlv


def test_two_byte_private_tags_and_long_lengths_parse() -> None:
    inner = tlv.encode(0xDF21, b"\x00\x10") + tlv.encode(0xDF27, bytes(300))
    data = tlv.encode(0xFF20, inner)
    (root,) = tlv.parse_all(data)
    assert root.tag == 0xFF20 and root.constructed
    photo = tlv.find(root.children(), 0xDF27)
    assert len(photo.value) == 300
    assert data[2:5] == b"\x82\x01\x36"  # (2+1+2) + (2+3+300) = 310, long form


def test_header_is_read_without_the_value() -> None:
    header = tlv.read_header(bytes.fromhex("308203e8"))
    assert (header.tag, header.length, header.header_size, header.total) == (0x30, 1000, 4, 1004)


@pytest.mark.parametrize(
    "raw",
    ["", "df", "df21", "df2105aabb", "3081", "3080", "3085ffffffffff00", "ff8f8f8f8f01"],
)
def test_truncated_or_inconsistent_data_is_rejected(raw: str) -> None:
    with pytest.raises(tlv.TlvError):
        tlv.parse_all(bytes.fromhex(raw)) if raw else tlv.read_header(b"")


def test_a_missing_tag_is_a_tlv_error() -> None:
    with pytest.raises(tlv.TlvError):
        tlv.find(tlv.parse_all(tlv.encode(0xDF22, b"x")), 0xDF27)


tags = st.sampled_from([0x04, 0x30, 0xDF21, 0xDF27, 0xFF20, 0x5F1F, 0x9F8101])


@given(st.lists(st.tuples(tags, st.binary(max_size=600)), max_size=5))
def test_encode_then_parse_round_trips(items: list[tuple[int, bytes]]) -> None:
    data = b"".join(tlv.encode(tag, value) for tag, value in items)
    assert [(t.tag, t.value) for t in tlv.parse_all(data)] == items


@given(st.binary(max_size=300))
def test_any_bytes_give_items_or_a_tlv_error(data: bytes) -> None:
    try:
        items = tlv.parse_all(data)
    except tlv.TlvError:
        return
    assert sum(len(i.value) for i in items) <= len(data)
