"""BER-TLV as the card's files use it: multi-byte private tags (``DF21``, ``FF20``) and definite
long-form lengths. Truncated or inconsistent data raises :class:`TlvError` and nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_LENGTH_BYTES = 4


class TlvError(ValueError):
    """Bytes that are not well-formed BER-TLV."""


@dataclass(frozen=True)
class Tlv:
    tag: int
    value: bytes = field(repr=False)

    @property
    def constructed(self) -> bool:
        return bool(_tag_bytes(self.tag)[0] & 0x20)

    def children(self) -> list[Tlv]:
        if not self.constructed:
            raise TlvError(f"tag {self.tag:X} is primitive")
        return parse_all(self.value)


@dataclass(frozen=True)
class Header:
    """A TLV's tag and length, and where its value starts relative to the header's start."""

    tag: int
    length: int
    header_size: int

    @property
    def total(self) -> int:
        return self.header_size + self.length


def _tag_bytes(tag: int) -> bytes:
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")


def read_header(data: bytes, pos: int = 0) -> Header:
    """Decode the tag and length at ``pos`` without needing the value to be present."""
    start = pos
    if pos >= len(data):
        raise TlvError("no tag")
    tag = data[pos]
    pos += 1
    if tag & 0x1F == 0x1F:
        while True:
            if pos >= len(data):
                raise TlvError("tag truncated")
            if pos - start >= 4:
                raise TlvError("tag longer than 4 bytes")
            tag = (tag << 8) | data[pos]
            pos += 1
            if not data[pos - 1] & 0x80:
                break
    if pos >= len(data):
        raise TlvError("length missing")
    first = data[pos]
    pos += 1
    if first < 0x80:
        return Header(tag, first, pos - start)
    count = first & 0x7F
    if count == 0:
        raise TlvError("indefinite length is not allowed here")
    if count > MAX_LENGTH_BYTES:
        raise TlvError(f"length of {count} bytes")
    if pos + count > len(data):
        raise TlvError("length truncated")
    length = int.from_bytes(data[pos : pos + count], "big")
    return Header(tag, length, pos + count - start)


def parse_one(data: bytes, pos: int = 0) -> tuple[Tlv, int]:
    """The TLV at ``pos`` and the position just after it."""
    header = read_header(data, pos)
    end = pos + header.total
    if end > len(data):
        raise TlvError(f"value of tag {header.tag:X} truncated ({len(data) - pos} of {end - pos})")
    return Tlv(header.tag, bytes(data[pos + header.header_size : end])), end


def parse_all(data: bytes) -> list[Tlv]:
    """Every TLV in ``data``, which must hold nothing else."""
    items: list[Tlv] = []
    pos = 0
    while pos < len(data):
        item, pos = parse_one(data, pos)
        items.append(item)
    return items


def find(items: list[Tlv], tag: int) -> Tlv:
    for item in items:
        if item.tag == tag:
            return item
    raise TlvError(f"tag {tag:X} missing")


def encode_length(length: int) -> bytes:
    if length < 0x80:
        return bytes((length,))
    size = (length.bit_length() + 7) // 8
    return bytes((0x80 | size,)) + length.to_bytes(size, "big")


def encode(tag: int, value: bytes) -> bytes:
    return _tag_bytes(tag) + encode_length(len(value)) + value
