"""`kiosk config`: check a configuration file, or make a staff PIN hash for it."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import ConfigError, load_config
from kiosk.staff_auth import WeakPinError, legacy_count, new_pin_hash, renew_message

# Setting names whose values `kiosk config` never prints. The staff PIN hashes are secret too:
# a short PIN is found from its hash by trying every one (docs/security.md).
SECRET_KEYS = frozenset({"secret", "password", "key", "token", "pin_hashes"})


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk config")
    parser.add_argument("--config", type=Path, help="TOML file (default: built-in defaults)")
    parser.add_argument(
        "--hash-pin",
        action="store_true",
        help="read a staff PIN of 6 to 12 digits (not echoed) and print its hash for "
        "staff.pin_hashes",
    )
    args = parser.parse_args(argv)
    if args.hash_pin:
        pin = getpass.getpass("staff PIN: ") if sys.stdin.isatty() else sys.stdin.readline()
        try:
            print(new_pin_hash(pin.strip()))
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
    if old := legacy_count(config.staff.pin_hashes):
        # A warning, not a refusal: the kiosk still starts with them (docs/security.md).
        print(f"kiosk config: warning: {renew_message(old)}", file=sys.stderr)
    return 0


def redacted(value: Any) -> Any:
    """The effective settings with anything secret-named hidden and the password of any URL
    masked (``database.url`` holds PostgreSQL's); the kiosk's credential is a key file that this
    never reads."""
    if isinstance(value, dict):
        return {k: "<hidden>" if k in SECRET_KEYS else redacted(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redacted(v) for v in value]
    if isinstance(value, str) and "://" in value:
        return _without_password(value)
    return value


def _without_password(url: str) -> str:
    """SQLAlchemy's own URL parser masks the password (``***``): the URL forms it accepts are
    exactly the ones a database setting can hold. Anything it cannot parse is hidden whole."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if "@" not in url:
        return url
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "<hidden>"
