"""`kiosk db upgrade` and `kiosk db purge --older-than DAYS`."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.cli import os_error_text
from kiosk.config import ConfigError, load_config
from kiosk.records import schema
from kiosk.records.store import UNAVAILABLE, open_store

# A retention longer than this would reach back before year 1 (datetime's range): no clinic keeps
# records for a century, so anything above it is a typing mistake, not a policy.
MAX_DAYS = 36500


def _parser() -> argparse.ArgumentParser:
    # --config is accepted before or after the action; SUPPRESS keeps one from erasing the other.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config", type=Path, default=argparse.SUPPRESS, help="configuration file (TOML)"
    )
    parser = argparse.ArgumentParser(
        prog="kiosk db", description="reception database", parents=[common]
    )
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser(
        "upgrade", parents=[common], help="migrate the database to this version's schema"
    )
    purge = sub.add_parser("purge", parents=[common], help="delete receptions older than DAYS days")
    purge.add_argument("--older-than", type=int, required=True, metavar="DAYS")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        config = load_config(getattr(args, "config", None)).database
    except ConfigError as exc:
        print(f"kiosk db: {exc}", file=sys.stderr)
        return 2
    try:
        if args.action == "upgrade":
            engine = schema.make_engine(config.url)
            schema.upgrade(engine)
            print(f"database at revision {schema.current_revision(engine)}")
            engine.dispose()
            return 0
        if not 1 <= args.older_than <= MAX_DAYS:
            print(f"kiosk db purge: --older-than is from 1 to {MAX_DAYS} days", file=sys.stderr)
            return 2
        store = open_store(config)
        cutoff = datetime.now(UTC) - timedelta(days=args.older_than)
        removed = store.purge(cutoff)
        store.close()
        print(f"purged {removed} receptions that started before {cutoff:%Y-%m-%d %H:%M} UTC")
        return 0
    except UNAVAILABLE as exc:
        print(f"kiosk db: database unavailable: {exc.orig or exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the SQLite file or its directory cannot be made or written
        print(f"kiosk db: cannot open the database: {os_error_text(exc)}", file=sys.stderr)
        return 1
