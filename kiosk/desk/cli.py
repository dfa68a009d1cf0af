"""`kiosk desk`: serve the web desk over HTTPS, or add a staff account.

kiosk desk [serve] --config /etc/kiosk/kiosk.toml [--host 0.0.0.0] [--port 8443]
                   [--tls-dir DIR | --cert FILE --key FILE] [--name HOST ...]
kiosk desk add-staff NAME --config /etc/kiosk/kiosk.toml [--reset]
"""

from __future__ import annotations

import argparse
import getpass
import logging
import ssl
import sys
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from kiosk.cli import PORT, os_error_text, stop_on_sigterm_with_0
from kiosk.config import Config, ConfigError, load_config
from kiosk.records.store import RecordStore, open_store

if TYPE_CHECKING:
    from kiosk.eligibility.client import EligibilityClient

log = logging.getLogger("kiosk.desk")
DEFAULT_PORT = 8443


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk desk", description="the web reception desk")
    sub = parser.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="serve the desk over HTTPS (the default)")
    _serve_options(serve)
    add = sub.add_parser("add-staff", help="add a staff account (asks for the password)")
    add.add_argument("name", help="the staff member's name, as the audit trail records it")
    add.add_argument("--config", type=Path, help="configuration file (TOML)")
    add.add_argument("--reset", action="store_true", help="set a new password, unlock")
    return parser


def _serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="configuration file (TOML)")
    parser.add_argument("--host", default="0.0.0.0", help="address to listen on")
    parser.add_argument("--port", type=PORT, default=DEFAULT_PORT)
    parser.add_argument(
        "--tls-dir", type=Path,
        help="where the self-signed certificate is made and kept (default: beside --config)",
    )  # fmt: skip
    parser.add_argument("--cert", type=Path, help="the clinic's own certificate (PEM)")
    parser.add_argument("--key", type=Path, help="its private key (PEM)")
    parser.add_argument(
        "--name", action="append", default=[],
        help="a host name or address the desks use (in the self-signed certificate)",
    )  # fmt: skip


def main(argv: list[str]) -> int:
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["serve", *argv]
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"kiosk desk: {exc}", file=sys.stderr)
        return 2
    try:
        store = open_store(config.database)
    except OSError as exc:
        print(f"kiosk desk: cannot open the database: {os_error_text(exc)}", file=sys.stderr)
        return 1
    try:
        if args.command == "add-staff":
            return _add_staff(store, args.name, args.reset)
        return _serve(config, store, args)
    finally:
        store.close()


def _add_staff(store: RecordStore, name: str, reset: bool) -> int:
    from kiosk.desk.accounts import AccountExists, Accounts
    from kiosk.records.alerts import InvalidStaffName
    from kiosk.staff_auth import WeakPasswordError, check_password

    password = getpass.getpass(f"password for {name}: ")
    try:
        check_password(password)
    except WeakPasswordError as exc:
        print(f"kiosk desk: {exc}", file=sys.stderr)
        return 2
    if getpass.getpass("again: ") != password:
        print("kiosk desk: the passwords differ", file=sys.stderr)
        return 2
    try:
        staff = Accounts(store).add(name, password, replace=reset)
    except (AccountExists, InvalidStaffName) as exc:
        print(f"kiosk desk: {exc}", file=sys.stderr)
        return 2
    print(f"kiosk desk: account {staff!r} {'reset' if reset else 'added'}")
    return 0


def _serve(config: Config, store: RecordStore, args: argparse.Namespace) -> int:
    import uvicorn

    from kiosk.desk.app import Desk, create_app
    from kiosk.desk.tls import default_hosts, fingerprint, tls_files

    tls_dir = args.tls_dir or (args.config.parent if args.config else Path("var")) / "desk"
    try:
        files = tls_files(tls_dir, [*args.name, *default_hosts(args.host)], args.cert, args.key)
        # Read both now: a missing, unreadable or mismatched pair is this line, not a traceback.
        files.key.read_bytes()
        printed = fingerprint(files.cert)
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(files.cert, files.key)
    except ssl.SSLError as exc:
        print(f"kiosk desk: HTTPS certificate: {files.cert} and {files.key} are not a PEM "
              f"certificate and its key ({exc.reason})", file=sys.stderr)  # fmt: skip
        return 2
    except OSError as exc:  # missing, unreadable, or a folder that cannot be made: 1, as README
        print(f"kiosk desk: HTTPS certificate: {os_error_text(exc)}", file=sys.stderr)
        return 1
    except ValueError as exc:  # what was given is not a certificate the desk can serve
        print(f"kiosk desk: HTTPS certificate: {exc}", file=sys.stderr)
        return 2
    if files.made_now:
        log.info("made a self-signed certificate in %s", tls_dir)
    log.info("certificate SHA-256 fingerprint %s", printed)
    client = _desk_client(config)
    desk = Desk(store, client=client, clinic_name=config.clinic.name)
    log.info("desk at https://%s:%d/", args.name[0] if args.name else args.host, args.port)
    server_config = uvicorn.Config(
        create_app(desk), host=args.host, port=args.port, ssl_certfile=str(files.cert),
        ssl_keyfile=str(files.key), access_log=False, server_header=False,
        timeout_graceful_shutdown=3, log_level="info",
    )  # fmt: skip

    class DeskServer(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            # uvicorn waits for open connections before the application's own shutdown: end
            # the desks' event streams now, or every stop waits for them and cancels them.
            desk.stopping.set()
            desk.feed.publish(set())
            super().handle_exit(sig, frame)

    server = DeskServer(server_config)
    stop_on_sigterm_with_0()
    try:
        server.run()
    except KeyboardInterrupt:
        pass  # Ctrl+C: uvicorn has shut down and raises it again (as uvicorn.run, quietly)
    except SystemExit as exc:
        # uvicorn exits 3 when it cannot start (a port in use, logged in one line): that is
        # the environment, 1 as the README says; 3 is only kiosk run's PySide6 guard.
        if exc.code != uvicorn.config.STARTUP_FAILURE:
            raise
    finally:
        if client is not None:
            client.close()
    # A start that failed (the application's start-up; a port in use exits 1 inside uvicorn)
    # is the environment's: 1, as the README says (3 is only the PySide6 guard of kiosk run).
    return 0 if server.started else 1


def _desk_client(config: Config) -> EligibilityClient | None:
    """The eligibility client for the manual lookup, when this machine has a credential."""
    from kiosk.eligibility.client import EligibilityClient
    from kiosk.enroll import CredentialError

    try:
        return EligibilityClient(config.service, config.kiosk, config.clinic)
    except (CredentialError, OSError) as exc:
        log.warning("manual lookup off: %s", type(exc).__name__)
        return None
