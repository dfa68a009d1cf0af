"""`kiosk staff`: the front desk. Calls from every kiosk of the clinic at the top — highlighted,
with a sound, the kiosk and the reason in plain Japanese (and English) — and today's receptions
below, newest first, with filters (today, needs action, pending).

Staff answer a call here: 対応する (take it: the kiosk shows that staff have seen it), and for a
patient stuck on identity 目視確認を開始 (the kiosk switches into the visual check for that
patient), then 本人と確認 / 本人と確認できない. Every action needs the staff member's name and is
written to the staff audit trail; nothing a patient does at a kiosk can lock the desk.

Nothing here blocks the window: the alert feed waits on its own thread (LISTEN/NOTIFY on
PostgreSQL, a 250 ms poll on SQLite), list reads and desk actions run on one worker thread, and
results come back as queued signals.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.cli import float_in, os_error_text
from kiosk.config import Config, ConfigError, load_config
from kiosk.eligibility.client import EligibilityClient
from kiosk.enroll import CredentialError
from kiosk.records.store import open_store
from kiosk.ui.staff.window import StaffWindow

log = logging.getLogger("kiosk.staff")  # one logger for the whole desk


def _desk_client(config: Config) -> EligibilityClient | None:
    """The desk's own client for the 被保険者番号 lookup: only with this desk's credential
    (`kiosk enroll`, docs/security.md); without one the list works and the lookup is off."""
    try:
        return EligibilityClient(config.service, config.kiosk, config.clinic)
    except CredentialError as exc:
        log.warning("manual lookup off: %s", exc)
        return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk staff", description="the front desk, live")
    parser.add_argument("--config", type=Path, help="configuration file (TOML)")
    parser.add_argument("--interval", type=float_in(0.1, 3600), default=2.0,
                        help="refresh every N seconds (0.1 to 3600)")  # fmt: skip
    parser.add_argument(
        "--once", action="store_true", help="load the list once, print its status line and exit"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"kiosk staff: {exc}", file=sys.stderr)
        return 2
    try:
        store = open_store(config.database)
    except OSError as exc:  # the SQLite file or the journal folder cannot be made
        print(f"kiosk staff: cannot open the database: {os_error_text(exc)}", file=sys.stderr)
        return 1
    try:
        client = _desk_client(config)
    except OSError as exc:  # service.ca_file missing or not a CA bundle
        store.close()
        print(f"kiosk staff: cannot set up the service client: {os_error_text(exc)}",
              file=sys.stderr)  # fmt: skip
        return 1
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = StaffWindow(store, interval_ms=int(args.interval * 1000), client=client)
    closers: list[Callable[[], None]] = [client.close] if client is not None else []
    if config.ui.test_control:
        from kiosk.plugins import attach_control

        closers.append(attach_control(config.ui.test_control, window))
    if args.once:
        got: dict[str, int] = {}

        def report(code: int) -> None:
            got.setdefault("code", code)
            if "alerts" in got or code:
                print(window.status.text())
                app.exit(got["code"])

        def alerts_in(_count: int) -> None:
            got["alerts"] = 1
            if "code" in got:
                report(got["code"])

        window.refreshed.connect(lambda _count: report(0))
        window.load_failed.connect(lambda _reason: report(1))
        window.alerts_shown.connect(alerts_in)
    window.show()
    log.info("staff desk ready")
    try:
        return int(app.exec())
    finally:
        window.shutdown()  # its worker may still be using the client
        for close in closers:
            close()
        store.close()
