"""`kiosk db upgrade` and `kiosk db purge --older-than DAYS`."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.config import ConfigError, load_config
from kiosk.records import schema
from kiosk.records.store import UNAVAILABLE, open_store


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
        if args.older_than < 1:
            print("kiosk db purge: --older-than must be at least 1 day", file=sys.stderr)
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
