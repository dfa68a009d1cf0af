"""The smartphone path through real pcscd + vpcd, against the card's PIN path in the same run.

Phone (Android, vpcd's second slot): connect (SELECT JPKI, token) + phone certificate + its CA
+ tries left + VERIFY + COMPUTE DIGITAL SIGNATURE. Card (first slot): the same steps with
MynaCardSession. Rounds alternate phone/card so both see the same machine load; the virtual
iPhone's wait for its holder is not timed (it is the holder's time, not the protocol's).

    .venv/bin/python bench/phone_read.py [--rounds 50]

Last line: phone_read_ratio=<phone/card median> apdus=<phone>/<card>
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kiosk.card.pcsc import PcscReader
from kiosk.card.phone import PcscPhoneReader
from kiosk.sim.card import reset_card
from kiosk.sim.personas import get_persona
from kiosk.sim.phone import reset_phone
from kiosk.sim.reader_stack import VirtualReaderStack

PERSONA = get_persona("sato_hanako")
assert PERSONA.phone is not None
CARD_PIN, PHONE_PIN = PERSONA.card.pin.encode(), PERSONA.phone.pin.encode()


def phone_round(reader: PcscPhoneReader) -> tuple[float, int]:
    start = time.perf_counter()
    session = reader.connect()
    try:
        session.read_identity()
        session.pin_tries_left()
        session.verify_pin(bytearray(PHONE_PIN))
        session.sign(b"nonce")
        return time.perf_counter() - start, session.apdu_count
    finally:
        session.close()


def card_round(reader: PcscReader) -> tuple[float, int]:
    start = time.perf_counter()
    session = reader.connect()
    try:
        session.read_identity()
        session.pin_tries_left()
        session.verify_pin(bytearray(CARD_PIN))
        session.sign(b"nonce")
        return time.perf_counter() - start, session.apdu_count
    finally:
        session.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-phone-"))
    with VirtualReaderStack(pki_dir=work / "pki", state_dir=work / "cards") as stack:
        reset_card(PERSONA, stack.state_dir)
        reset_phone(PERSONA, stack.state_dir)
        stack.insert(PERSONA.id)
        stack.place_phone(PERSONA.id)
        phone, card = PcscPhoneReader(stack.phone_reader_pattern), PcscReader(stack.reader_pattern)
        phone_round(phone), card_round(card)  # warm-up: first reads build nothing, but page in
        phone_ms, card_ms, apdus = [], [], (0, 0)
        for _ in range(args.rounds):
            seconds, phone_apdus = phone_round(phone)
            phone_ms.append(seconds * 1000)
            seconds, card_apdus = card_round(card)
            card_ms.append(seconds * 1000)
            apdus = (phone_apdus, card_apdus)
    p, c = statistics.median(phone_ms), statistics.median(card_ms)
    print(f"phone median {p:.2f} ms, card median {c:.2f} ms ({args.rounds} rounds each)")
    print(f"phone_read_ratio={p / c:.3f} apdus={apdus[0]}/{apdus[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
