"""`kiosk config`: check a configuration file, or make a staff PIN hash for it."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import ConfigError, load_config
from kiosk.staff_auth import WeakPinError, hash_pin

# Setting names whose values `kiosk config` never prints.
SECRET_KEYS = frozenset({"secret", "password", "key", "token"})


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk config")
    parser.add_argument("--config", type=Path, help="TOML file (default: built-in defaults)")
    parser.add_argument(
        "--hash-pin",
        action="store_true",
        help="read a staff PIN (not echoed) and print its hash for staff.pin_hashes",
    )
    args = parser.parse_args(argv)
    if args.hash_pin:
        pin = getpass.getpass("staff PIN: ") if sys.stdin.isatty() else sys.stdin.readline()
        try:
            print(hash_pin(pin.strip()))
        except WeakPinError as exc:
            print(f"kiosk config: {exc}", file=sys.stderr)  # never the PIN itself
            return 2
        return 0
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"kiosk config: {exc}", file=sys.stderr)
        return 2
    shown = redacted(config.model_dump(mode="json"))
    print(json.dumps(shown, ensure_ascii=False, indent=2))
    return 0


def redacted(value: Any) -> Any:
    """The effective settings with anything secret-named hidden (the kiosk's credential is a
    key file that this never reads)."""
    if isinstance(value, dict):
        return {k: "<hidden>" if k in SECRET_KEYS else redacted(v) for k, v in value.items()}
    return value
