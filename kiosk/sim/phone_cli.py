"""`kiosk virtual-phone`: serve a persona's virtual smartphone to pcscd's vpcd reader.

    kiosk virtual-phone --persona sato_hanako --port 35964 [--state-dir var/cards]
    kiosk virtual-phone --persona suzuki_ichiro --set-approval decline   # what the holder does
    kiosk virtual-phone --persona sato_hanako --reset    # PIN counter and approval to the fixture
    kiosk virtual-phone --list                           # personas with a phone: id and kind

Holding the phone over the reader = running this process; taking it away = stopping it
(SIGTERM or Ctrl-C). ``--set-approval`` works while the phone is held: an iPhone waiting for its
holder ("wait") answers as soon as the file says approve or decline.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from types import FrameType

from kiosk.cli import PORT, int_in
from kiosk.sim.personas import Persona, PersonaError, get_persona, load_personas
from kiosk.sim.phone import APPROVALS, VirtualPhone, reset_phone, set_approval
from kiosk.sim.vpcd import ConnectionLost, VpcdLink

DEFAULT_PORT = 35964  # vpcd's second slot ("Virtual PCD 00 01"); the card uses the first
DEFAULT_STATE_DIR = Path("var/cards")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk virtual-phone", description=__doc__.split("\n")[0])
    add = parser.add_argument
    add("--persona", help="persona id with a [persona.phone] in kiosk/sim/data/personas.toml")
    add("--list", action="store_true", help="print the personas with a phone and exit")
    add("--host", default="127.0.0.1", help="where pcscd's vpcd listens")
    add("--port", type=PORT, default=DEFAULT_PORT, help="vpcd port (35964: the second slot)")
    add("--state-dir", type=Path, default=DEFAULT_STATE_DIR, help="counters and approval")
    add("--reset", action="store_true", help="PIN counter and approval back to the fixture")
    add("--set-approval", choices=APPROVALS, help="iPhone: what the holder does, then exit")
    add("--pull-after", type=int_in(0, 10**9), metavar="N", help="leave after N APDUs (tests)")
    return parser


def _persona(name: str | None) -> Persona | str:
    if not name:
        return "--persona NAME is required (see --list)"
    try:
        persona = get_persona(name)
    except PersonaError as exc:
        return str(exc)
    if persona.phone is None:
        return f"persona {name!r} has no phone (see --list)"
    return persona


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.list:
        phones = [(p.id, p.phone.kind) for p in load_personas().values() if p.phone is not None]
        print("\n".join(f"{pid} {kind}" for pid, kind in sorted(phones)))
        return 0
    persona = _persona(args.persona)
    if isinstance(persona, str):
        print(f"kiosk virtual-phone: {persona}", file=sys.stderr)
        return 2
    if args.reset:
        reset_phone(persona, args.state_dir)
        return 0
    if args.set_approval:
        set_approval(persona, args.state_dir, args.set_approval)
        return 0
    return _serve(persona, args)


def _serve(persona: Persona, args: argparse.Namespace) -> int:
    phone = VirtualPhone(persona, args.state_dir)
    phone.prepare()
    try:
        link = VpcdLink(phone, args.host, args.port, pull_after=args.pull_after)
    except OSError as exc:
        print(f"kiosk virtual-phone: no vpcd at {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1

    def _stop(signum: int, frame: FrameType | None) -> None:
        phone.take_away()  # an iPhone waiting for its holder stops waiting
        link.stop()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    print(f"virtual {phone.kind.value} {persona.id} on {args.host}:{args.port}", flush=True)
    try:
        link.serve()
    except ConnectionLost as exc:
        print(f"kiosk virtual-phone: {exc}", file=sys.stderr)
        return 1
    return 0
