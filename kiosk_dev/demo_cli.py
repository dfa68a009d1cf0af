"""`kiosk demo`: scripted patients, end to end, with no screen: by default the real kiosk window
runs offscreen and the patient's taps are clicks on its buttons; `--headless` feeds the flow
directly. Exit 0 only if every scenario reaches its expected end and its record says so."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

# The command sits in kiosk_dev, above both drivers (kiosk.sim.demo.headless and
# kiosk_dev.demo_driver), which it hands to kiosk.sim.demo.runner: kiosk.sim imports nothing
# of kiosk_dev, so the two packages import one way only.
from kiosk.sim.demo.scenarios import SCENARIOS, scenario


def run_headless(names: list[str], card: str, workdir: Path | None) -> int:
    from kiosk.sim.demo.headless import HeadlessDriver
    from kiosk.sim.demo.runner import run_all

    return run_all(names, card, workdir, HeadlessDriver, "headless")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk demo", description=__doc__)
    parser.add_argument("scenarios", nargs="*", help="scenario names (default: all)")
    parser.add_argument("--list", action="store_true", help="name the scenarios and exit")
    parser.add_argument("--card", default="auto", choices=["auto", "pcsc", "inprocess"],
                        help="virtual card through pcscd+vpcd, or in process (auto: pcscd if "
                             "installed and running as root)")  # fmt: skip
    parser.add_argument(
        "--headless",
        action="store_true",
        help="feed the flow events directly instead of clicking the real kiosk window "
        "(offscreen), which is the default",
    )
    parser.add_argument("--ui", action="store_true", help=argparse.SUPPRESS)  # the default
    parser.add_argument(
        "--screenshots",
        type=Path,
        metavar="DIR",
        help="write one PNG per screen per language and exit",
    )
    parser.add_argument("--workdir", type=Path, help="keep the service data, DB and logs here")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")  # fmt: skip
    if args.list:
        for s in SCENARIOS:
            print(f"{s.name:<28} {s.title}")
        return 0
    names = args.scenarios or [s.name for s in SCENARIOS]
    try:
        for name in names:
            scenario(name)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    if args.screenshots:
        from kiosk_dev.screenshots import write_screenshots

        paths = write_screenshots(args.screenshots)  # every screen, every language, both sizes
        paths += write_screenshots(args.screenshots, large_text=True)
        print(f"{len(paths)} screenshots in {args.screenshots}")
        return 0
    if not args.headless:
        if not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a demo needs no display
        from kiosk_dev.demo_driver import run_demo_in_window

        return int(run_demo_in_window(names, card=args.card, workdir=args.workdir))
    return run_headless(names, args.card, args.workdir)
