"""`kiosk virtual-card`: serve a persona's virtual My Number Card to pcscd's vpcd reader.

    kiosk virtual-card --persona sato_hanako --port 35963 [--state-dir var/cards] [--host HOST]
    kiosk virtual-card --persona sato_hanako --reset     # counters back to the fixture
    kiosk virtual-card --list                            # persona ids, one a line
    kiosk virtual-card --persona sato_hanako --atr contactless   # a contactless reader's ATR

The card connects to vpcd (which listens inside pcscd) and answers until it is stopped (SIGTERM
or Ctrl-C) or pcscd goes away; taking the card off the reader = stopping this process.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from types import FrameType

from kiosk.cli import PORT, int_in
from kiosk.sim.card import ATRS, VirtualCard, reset_card
from kiosk.sim.personas import PersonaError, get_persona, load_personas
from kiosk.sim.vpcd import ConnectionLost, VpcdLink

DEFAULT_PORT = 35963
DEFAULT_STATE_DIR = Path("var/cards")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk virtual-card", description=__doc__.split("\n")[0])
    parser.add_argument("--persona", help="persona id from kiosk/sim/data/personas.toml")
    parser.add_argument("--list", action="store_true", help="print the persona ids and exit")
    parser.add_argument("--host", default="127.0.0.1", help="where pcscd's vpcd listens")
    parser.add_argument("--port", type=PORT, default=DEFAULT_PORT, help="vpcd port (35963)")
    add = parser.add_argument
    add("--state-dir", type=Path, default=DEFAULT_STATE_DIR, help="PIN counters, a JSON per card")
    add("--reset", action="store_true", help="reset the PIN counters to the fixture and exit")
    add("--pull-after", type=int_in(0, 10**9), metavar="N", help="leave after N APDUs (tests)")
    names = ", ".join(ATRS)
    add("--atr", type=_atr, default=ATRS["contact"], metavar="NAME|HEX",
        help=f"the ATR the reader reports: {names} or hex (default: contact)")  # fmt: skip
    return parser


def _atr(text: str) -> bytes:
    """A named ATR of real My Number Cards, or 2-33 bytes of hex."""
    if text in ATRS:
        return ATRS[text]
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        raw = b""
    if not 2 <= len(raw) <= 33 or raw[0] not in (0x3B, 0x3F):
        raise argparse.ArgumentTypeError(f"not an ATR name ({', '.join(ATRS)}) nor ATR hex")
    return raw


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.list:
        print("\n".join(sorted(load_personas())))
        return 0
    if not args.persona:
        print("kiosk virtual-card: --persona NAME is required (see --list)", file=sys.stderr)
        return 2
    try:
        persona = get_persona(args.persona)
    except PersonaError as exc:
        print(f"kiosk virtual-card: {exc}", file=sys.stderr)
        return 2
    if args.reset:
        reset_card(persona, args.state_dir)
        return 0
    card = VirtualCard(persona, args.state_dir, atr=args.atr)
    card.prepare()
    try:
        link = VpcdLink(card, args.host, args.port, pull_after=args.pull_after)
    except OSError as exc:
        print(f"kiosk virtual-card: no vpcd at {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1

    def _stop(signum: int, frame: FrameType | None) -> None:
        link.stop()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    print(f"virtual card {persona.id} on {args.host}:{args.port}", flush=True)
    try:
        link.serve()
    except ConnectionLost as exc:
        print(f"kiosk virtual-card: {exc}", file=sys.stderr)
        return 1
    return 0
