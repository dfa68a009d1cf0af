"""The `kiosk` command. Each sub-command lives in the package that owns it and is imported only
when used, so `kiosk virtual-card` never loads Qt and `kiosk run` never loads the mock server."""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
from collections.abc import Callable

# name -> (module with `main(argv: list[str]) -> int`, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("kiosk.ui.app", "run the kiosk full screen (real reader and camera by config)"),
    "enroll": ("kiosk.enroll", "create this kiosk's key and certificate request, or install it"),
    "demo": ("kiosk_dev.demo_cli", "run scripted patient scenarios headless, end to end"),
    "virtual-card": ("kiosk.sim.card_cli", "serve a persona's virtual card to vpcd"),
    "virtual-phone": ("kiosk.sim.phone_cli", "serve a persona's virtual smartphone to vpcd"),
    "eligibility-server": ("kiosk.sim.service.cli", "run the mock eligibility service"),
    "orca-server": ("kiosk.sim.orca.cli", "run the mock ORCA API (日レセ API) server"),
    "db": ("kiosk.records.cli", "database: upgrade, purge"),
    "export": ("kiosk.records.export_cli", "write a day's receptions as OQSsiquc01res XML"),
    "desk": ("kiosk.desk.cli", "the web reception desk (HTTPS) for the clinic's browsers"),
    "config": ("kiosk.config_cli", "check a configuration file and print the effective values"),
}

# Packages the kiosk image leaves out: a command that needs them says so instead of a traceback.
DEV_ONLY = ("kiosk.sim", "kiosk_dev")


def usage() -> str:
    lines = ["usage: kiosk COMMAND [ARGS]", "", "commands:"]
    lines += [f"  {name:<20} {help_}" for name, (_, help_) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        try:
            return _dispatch(args)
        finally:
            sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
    except BrokenPipeError:
        # The reader left early (`kiosk config | head -1`): like any Unix filter, stop quietly.
        # Point stdout at /dev/null so the interpreter's own final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _dispatch(args: list[str]) -> int:
    if not args or args[0] in ("-h", "--help"):
        print(usage())
        return 0 if args else 2
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"kiosk: unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    try:
        module = importlib.import_module(COMMANDS[name][0])
    except ModuleNotFoundError as exc:
        if (exc.name or "").startswith("PySide6"):
            # The environment: Qt is not installed here (a desk or service machine).
            print(f"kiosk: {name!r} needs PySide6, which is not installed here", file=sys.stderr)
            return 1
        if not (exc.name or "").startswith(DEV_ONLY):
            raise
        # The kiosk image leaves the simulators and the demo out (packaging/).
        print(f"kiosk: {name!r} is a development command, not part of this build", file=sys.stderr)
        return 2
    return int(module.main(rest) or 0)


# --- shared by the sub-commands ------------------------------------------------------------


def os_error_text(exc: OSError) -> str:
    """``Permission denied: /var/kiosk.sqlite3``: what an operator can act on, in one line."""
    where = f": {exc.filename}" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


def int_in(low: int, high: int) -> Callable[[str], int]:
    """An argparse ``type`` for whole numbers from ``low`` to ``high``: anything else is a usage
    error (exit 2) naming the range, not a value silently taken to mean something else."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not from {low} to {high}")
        return value

    return parse


def float_in(low: float, high: float) -> Callable[[str], float]:
    """An argparse ``type`` for numbers from ``low`` to ``high``: NaN, infinities and anything
    outside are a usage error (exit 2), never a spinning or aborting process."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not low <= value <= high:  # False for NaN too
            raise argparse.ArgumentTypeError(f"{text} is not from {low:g} to {high:g}")
        return value

    return parse


PORT = int_in(1, 65535)


def stop_on_sigterm_with_0() -> None:
    """For a command serving with uvicorn: a stop asked for by SIGTERM (systemd) exits 0, as the
    README says. uvicorn shuts down, then raises the signal again with the handler found at its
    start, and the default one would end the process by the signal (status -15)."""

    def stopped(signum: int, frame: object) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stopped)


if __name__ == "__main__":
    raise SystemExit(main())
