"""`kiosk export --date D --dir DIR`: a day's receptions as OQSsiquc01res XML files."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from kiosk.cli import os_error_text
from kiosk.config import ConfigError, load_config
from kiosk.records.export import export_day
from kiosk.records.store import UNAVAILABLE, open_store


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk export", description=__doc__)
    parser.add_argument("--config", type=Path, help="configuration file (TOML)")
    parser.add_argument("--date", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
    parser.add_argument("--dir", type=Path, required=True, help="where the XML files go")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"kiosk export: {exc}", file=sys.stderr)
        return 2
    try:
        store = open_store(config.database)
    except UNAVAILABLE as exc:
        print(f"kiosk export: database unavailable: {exc.orig or exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"kiosk export: cannot open the database: {os_error_text(exc)}", file=sys.stderr)
        return 1
    try:
        result = export_day(store, args.date, args.dir, clinic_code=config.clinic.code)
    except UNAVAILABLE as exc:
        print(f"kiosk export: database unavailable: {exc.orig or exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a read-only or full export folder
        print(f"kiosk export: cannot write to {args.dir}: {os_error_text(exc)}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"wrote {len(result.written)} files to {args.dir / 'face'}")
    if result.unreadable:
        ids = ", ".join(result.unreadable)
        print(f"kiosk export: receptions with a malformed result, not exported: {ids}",
              file=sys.stderr)  # fmt: skip
        return 1
    return 0
