"""A small JPKI signature-side reader, written as independent JPKI software reads a real card:
raw APDUs from kiosk/card/apdu.py over any ``transmit`` (bytes in, bytes out), nothing from the
kiosk's session layer. The tests use it against the emulator and through pcscd+vpcd."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.card import myna, tlv
from kiosk.card.apdu import (
    SW,
    Command,
    Response,
    compute_signature,
    read_binary,
    select_df,
    select_ef,
    verify,
)
from kiosk.card.myna import JpkiFile

Transmit = Callable[[bytes], bytes]


class JpkiSignReader:
    def __init__(self, transmit: Transmit) -> None:
        self._transmit = transmit

    def send(self, command: Command) -> Response:
        return Response.parse(self._transmit(command.to_bytes()))

    def send_raw(self, apdu: bytes) -> Response:
        """Bytes as they are (an extended form the Command encoder would not choose)."""
        return Response.parse(self._transmit(apdu))

    def select_ap(self) -> int:
        return self.send(select_df(myna.JPKI_AID)).sw

    def select(self, fid: int) -> int:
        return self.send(select_ef(fid)).sw

    def token(self) -> bytes:
        assert self.select(JpkiFile.TOKEN) == SW.OK
        answer = self.send(read_binary(0, myna.TOKEN_SIZE))
        assert answer.ok, f"{answer.sw:04X}"
        return answer.data

    def read_tlv(self, fid: int) -> tuple[int, bytes]:
        """(status word, bytes) of a TLV EF (a DER certificate, an FF20 EF): read the first
        bytes, decode the BER length, read the rest."""
        sw = self.select(fid)
        if sw != SW.OK:
            return sw, b""
        head = self.send(read_binary(0, 8))
        if not head.ok:
            return head.sw, b""
        total = tlv.read_header(head.data).total
        data = bytearray(head.data)
        while len(data) < total:
            part = self.send(read_binary(len(data), min(256, total - len(data))))
            if not part.ok:
                return part.sw, b""
            data += part.data
        return SW.OK, bytes(data[:total])

    def read_all(self, fid: int) -> tuple[int, bytes]:
        """The whole physical EF, read as a dump tool reads a real card: Le 256 from offset 0
        until a chunk comes back shorter (the file's end, 9000) or 6B00 (just past it); the
        status word of the last READ BINARY and the bytes."""
        sw = self.select(fid)
        data = bytearray()
        while sw == SW.OK:
            part = self.send(read_binary(len(data), 256))
            sw = part.sw
            data += part.data
            if sw != SW.OK or len(part.data) < 256:
                break
        return sw, bytes(data)

    def tries_left(self, pin_fid: int) -> int:
        """VERIFY with no data: 63Cx (also once verified, 63C0 once blocked), consumes no try."""
        assert self.select(pin_fid) == SW.OK
        return self.send(verify(b"")).sw

    def verify(self, pin_fid: int, secret: bytes) -> int:
        assert self.select(pin_fid) == SW.OK
        return self.send(verify(secret)).sw

    def sign(self, key_fid: int, message: bytes) -> tuple[int, bytes]:
        assert self.select(key_fid) == SW.OK
        answer = self.send(compute_signature(myna.sha256_digest_info(message)))
        return answer.sw, answer.data
