"""`kiosk demo`: scripted patients, end to end, with no screen: by default the real kiosk window
runs offscreen and the patient's taps are clicks on its buttons; `--headless` feeds the flow
directly. Exit 0 only if every scenario reaches its expected end and its record says so."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from kiosk.flow.model import State
from kiosk.ports import ConsentKind, ReceptionRecord
from kiosk.sim.demo.scenarios import SCENARIOS, Scenario, scenario


def check(s: Scenario, last_state: State | None, states: list[State],
          records: list[ReceptionRecord]) -> list[str]:  # fmt: skip
    """What went differently from the scenario's expectations (empty = passed)."""
    problems = []
    if last_state is not s.last_state:
        got = last_state.value if last_state else "nothing"
        problems.append(f"ended in {got}, expected {s.last_state.value}")
    if len(records) != 1:
        return [*problems, f"{len(records)} records written, expected 1"]
    record = records[0]
    if record.outcome is not s.outcome:
        problems.append(f"recorded {record.outcome.value}, expected {s.outcome.value}")
    asked = State.CONSENT_CHECKUP in states
    if s.expect_checkup_asked is not None and asked != s.expect_checkup_asked:
        problems.append(f"health-checkup consent asked={asked}")
    if s.expect_limit is not None and record.limit_provided != s.expect_limit:
        problems.append(f"limit_provided={record.limit_provided}, expected {s.expect_limit}")
    if s.expect_method is not None and record.method is not s.expect_method:
        problems.append(f"method={record.method}, expected {s.expect_method.value}")
    if s.expect_prescription is not None and record.prescription != s.expect_prescription:
        problems.append(f"prescription={record.prescription}, expected {s.expect_prescription}")
    if (
        any(c.kind is ConsentKind.CHECKUP for c in record.consents)
        and not asked
        and State.CONSENT_COMBINED not in states
    ):
        problems.append("a checkup consent was recorded without being asked")
    return problems


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
        from kiosk.ui.dev.screenshots import write_screenshots

        paths = write_screenshots(args.screenshots)  # every screen, every language, both sizes
        paths += write_screenshots(args.screenshots, large_text=True)
        print(f"{len(paths)} screenshots in {args.screenshots}")
        return 0
    if not args.headless:
        if not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a demo needs no display
        from kiosk.ui.dev.demo_driver import run_demo_in_window

        return int(run_demo_in_window(names, card=args.card, workdir=args.workdir))
    return run_headless(names, args.card, args.workdir)
