"""``python -m kiosk.sim.orca`` (also ``kiosk orca-server``): run the mock ORCA API."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from kiosk.cli import PORT, int_in, os_error_text

FAULTS = ("slow", "hang", "5xx", "malformed", "busy")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk orca-server", description="Run the mock ORCA API (日レセ API) server."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=PORT, default=8000, help="1 to 65535 (8000, as ORCA)")
    parser.add_argument("--data", type=Path, default=Path("var/orca"), help="state dir")
    parser.add_argument("--user", default="ormaster")
    parser.add_argument("--password", default="ormaster", help="Basic authentication password")
    parser.add_argument(
        "--faults", action="store_true", help="enable the /_test switches (tests only)"
    )
    parser.add_argument(
        "--fault", choices=FAULTS, default=None, help="answer every call with this fault"
    )
    parser.add_argument(
        "--latency-ms", type=int_in(0, 600_000), default=3000, help="for --fault slow (0 to 600000)"
    )
    parser.add_argument("--log-level", default="warning")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    import uvicorn  # here, so that --help stays fast

    from kiosk.sim.orca.server import Faults, OrcaState, create_app

    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s %(message)s")
    try:
        state = OrcaState.open(args.data)
    except (OSError, ValueError, KeyError) as exc:
        detail = os_error_text(exc) if isinstance(exc, OSError) else str(exc)
        print(f"kiosk orca-server: cannot open the state in {args.data}: {detail}", file=sys.stderr)
        return 2
    fault = Faults(args.fault, args.latency_ms) if args.fault else None
    app = create_app(
        state, user=args.user, password=args.password, faults=args.faults, initial_fault=fault
    )
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=False,
        timeout_graceful_shutdown=2,
    )
    return 0
