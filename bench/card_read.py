"""Card read speed through real pcscd + vpcd: our MynaCardSession against raw pyscard.

Two paths, as the kiosk uses them:
- face path: token + user-auth certificate + 券面AP (照合番号B, photo, birth date, sex, expiry);
- PIN path: user-auth certificate + tries left + VERIFY + COMPUTE DIGITAL SIGNATURE.

The baseline sends the same minimal APDU sequence with raw ``scard.SCardTransmit`` calls on the
same connection, parsing only the lengths and offsets it must. Runs alternate ours/baseline so
both see the same machine load. Both read modes are measured: short Le (256-byte chunks) and one
extended-length READ BINARY per item.

    .venv/bin/python bench/card_read.py [--rounds 200]

Last line: card_read_ratio=<ours/baseline> apdus=<ours>/<baseline>
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from smartcard import scard

from kiosk.card import myna
from kiosk.card.pcsc import PcscReader, PcscTransport
from kiosk.card.session import MynaCardSession
from kiosk.sim.card import number_b_of, reset_card
from kiosk.sim.personas import get_persona
from kiosk.sim.reader_stack import VirtualReaderStack

PERSONA = get_persona("sato_hanako")
PIN = PERSONA.card.pin.encode()
NUMBER_B = number_b_of(PERSONA)


class Counting:
    """Counts APDUs and bytes on the wire for one path run."""

    def __init__(self, transport: PcscTransport) -> None:
        self.transport = transport
        self.apdus = 0
        self.bytes = 0

    def transmit(self, apdu: bytes | bytearray) -> bytes:
        answer = self.transport.transmit(apdu)
        self.apdus += 1
        self.bytes += len(apdu) + len(answer)
        return answer


# --- ours ----------------------------------------------------------------------------------


def ours_face(link: Counting | PcscTransport, extended: bool) -> None:
    session = MynaCardSession(link, extended_length=extended)
    session.check_token()
    session.read_user_cert()
    session.read_card_face(NUMBER_B)


def ours_pin(link: Counting | PcscTransport, extended: bool) -> None:
    session = MynaCardSession(link, extended_length=extended)
    session.read_user_cert()
    session.pin_tries_left()
    session.verify_pin(bytearray(PIN))
    session.sign(b"bench challenge")


# --- baseline: raw pyscard, same APDUs ----------------------------------------------------


class Raw:
    def __init__(self, transport: PcscTransport) -> None:
        self.handle, self.protocol = transport.handle, transport.protocol
        self.apdus = 0
        self.bytes = 0

    def send(self, apdu: bytes) -> bytes:
        code, answer = scard.SCardTransmit(self.handle, self.protocol, list(apdu))
        self.apdus += 1
        self.bytes += len(apdu) + len(answer)
        if code != scard.SCARD_S_SUCCESS or bytes(answer[-2:]) != b"\x90\x00":
            raise RuntimeError(f"baseline APDU {apdu.hex()} failed")
        return bytes(answer[:-2])

    def read(self, offset: int, length: int, extended: bool) -> bytes:
        if extended and length > 256:
            le = b"\x00" + length.to_bytes(2, "big")
            return self.send(b"\x00\xb0" + offset.to_bytes(2, "big") + le)
        out = b""
        while len(out) < length:
            take = min(256, length - len(out))
            at = offset + len(out)
            out += self.send(b"\x00\xb0" + at.to_bytes(2, "big") + bytes((take % 256,)))
        return out


def _der_length(head: bytes) -> int:
    if head[1] < 0x80:
        return 2 + head[1]
    size = head[1] & 0x7F
    return 2 + size + int.from_bytes(head[2 : 2 + size], "big")


def raw_cert(raw: Raw, extended: bool) -> None:
    raw.send(b"\x00\xa4\x02\x0c\x02\x00\x0a")
    head = raw.send(b"\x00\xb0\x00\x00\x00\x00\x00" if extended else b"\x00\xb0\x00\x00\x00")
    total = _der_length(head)
    if total > len(head):
        raw.read(len(head), total - len(head), extended)


def raw_face(raw: Raw, extended: bool) -> None:
    raw.send(b"\x00\xa4\x04\x0c\x0a" + myna.JPKI_AID)
    raw.send(b"\x00\xa4\x02\x0c\x02\x00\x06")
    raw.send(b"\x00\xb0\x00\x00\x20")
    raw_cert(raw, extended)
    raw.send(b"\x00\xa4\x04\x0c\x0a" + myna.KENMEN_AID)
    raw.send(b"\x00\xa4\x02\x0c\x02\x00\x12")
    raw.send(b"\x00\x20\x00\x80\x0e" + NUMBER_B.encode())
    raw.send(b"\x00\xa4\x02\x0c\x02\x00\x02")
    head = raw.send(b"\x00\xb0\x00\x00\x00")
    table_at = 2 + 1 + (head[2] & 0x7F) if head[2] & 0x80 else 3  # after FF20's header
    table = head[table_at + 3 : table_at + 3 + head[table_at + 2]]
    starts = [int.from_bytes(table[i : i + 2], "big") for i in range(0, len(table), 2)]
    photo, signature, expiry, code_image = starts[5], starts[6], starts[7], starts[8]
    raw.read(photo, signature - photo, extended)
    raw.read(expiry, code_image - expiry, extended)


def raw_pin(raw: Raw, extended: bool) -> None:
    raw.send(b"\x00\xa4\x04\x0c\x0a" + myna.JPKI_AID)
    raw_cert(raw, extended)
    raw.send(b"\x00\xa4\x02\x0c\x02\x00\x18")
    _, answer = scard.SCardTransmit(raw.handle, raw.protocol, [0x00, 0x20, 0x00, 0x80])
    raw.apdus += 1
    raw.bytes += 4 + len(answer)
    raw.send(b"\x00\x20\x00\x80\x04" + PIN)
    raw.send(b"\x00\xa4\x02\x0c\x02\x00\x17")
    digest_info = myna.SHA256_DIGEST_INFO_PREFIX + hashlib.sha256(b"bench challenge").digest()
    raw.send(b"\x80\x2a\x00\x80\x33" + digest_info + b"\x00")


# --- measuring -----------------------------------------------------------------------------


def _time(run: Callable[[], None]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def measure(transport: PcscTransport, rounds: int, extended: bool) -> dict[str, tuple]:
    """{path: (ours_median_s, base_median_s, ours_apdus, base_apdus, ours_bytes, base_bytes)}"""
    raw = Raw(transport)
    results = {}
    for name, ours, base in (("face", ours_face, raw_face), ("pin", ours_pin, raw_pin)):
        link = Counting(transport)
        ours(link, extended)  # counted, and a warm-up
        ours_apdus, ours_bytes = link.apdus, link.bytes
        raw.apdus = raw.bytes = 0
        base(raw, extended)
        base_apdus, base_bytes = raw.apdus, raw.bytes
        timed: dict[str, list[float]] = {"ours": [], "base": []}
        run: dict[str, Callable[[], None]] = {
            "ours": partial(ours, transport, extended),
            "base": partial(base, raw, extended),
        }
        for i in range(rounds):
            # Alternate who goes first, so both sides see the same load on a shared machine.
            for side in ("ours", "base") if i % 2 == 0 else ("base", "ours"):
                timed[side].append(_time(run[side]))
        results[name] = (
            statistics.median(timed["ours"]),
            statistics.median(timed["base"]),
            ours_apdus,
            base_apdus,
            ours_bytes,
            base_bytes,
        )
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp, VirtualReaderStack(pki_dir=Path(tmp)) as stack:
        reset_card(PERSONA, stack.state_dir)
        stack.insert(PERSONA.id)
        transport = PcscReader(stack.reader_pattern).open_transport()
        # Start-up objects (cryptography, pyscard) never die: keep collector passes off them,
        # for both sides alike.
        gc.collect()
        gc.freeze()
        try:
            table = {mode: measure(transport, args.rounds, mode) for mode in (False, True)}
        finally:
            transport.close()
    ours_total = base_total = 0.0
    ours_apdus = base_apdus = 0
    print(f"{'mode':<9}{'path':<6}{'ours ms':>9}{'raw ms':>9}{'ratio':>7}{'apdus':>9}{'bytes':>13}")
    for extended, paths in table.items():
        for path, (o, b, oa, ba, ob, bb) in paths.items():
            mode = "extended" if extended else "short"
            print(f"{mode:<9}{path:<6}{o * 1e3:9.3f}{b * 1e3:9.3f}{o / b:7.3f}"
                  f"{oa:>4}/{ba:<4}{ob:>6}/{bb:<6}")  # fmt: skip
            ours_total += o
            base_total += b
            ours_apdus += oa
            base_apdus += ba
    print(f"card_read_ratio={ours_total / base_total:.3f} apdus={ours_apdus}/{base_apdus}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
