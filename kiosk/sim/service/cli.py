"""`kiosk eligibility-server`: run the mock online eligibility service."""

from __future__ import annotations

import argparse
import logging
import ssl
import sys
from pathlib import Path

from kiosk.cli import PORT, os_error_text
from kiosk.sim.pki import MockPki, PkiError
from kiosk.sim.service.kiosks import KioskFileError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk eligibility-server", description="Run the mock online eligibility service."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=PORT, default=8800, help="1 to 65535 (8800)")
    parser.add_argument("--data", type=Path, default=Path("var/eligibility"), help="state dir")
    parser.add_argument(
        "--pki", type=Path, default=None, help="mock PKI dir (default: $KIOSK_PKI_DIR or var/pki)"
    )
    parser.add_argument("--nonce-ttl", type=float, default=120.0, help="seconds a nonce lives")
    parser.add_argument(
        "--faults", action="store_true", help="enable the /_test/faults switches (tests only)"
    )
    parser.add_argument("--tls-cert", type=Path, default=None, help="serve HTTPS: PEM cert")
    parser.add_argument("--tls-key", type=Path, default=None, help="serve HTTPS: PEM key")
    parser.add_argument("--log-level", default="warning")
    return parser


def main(argv: list[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if (args.tls_cert is None) != (args.tls_key is None):
        parser.error("--tls-cert and --tls-key go together")
    if args.tls_cert is not None and (problem := _tls_problem(args.tls_cert, args.tls_key)):
        print(f"kiosk eligibility-server: {problem}", file=sys.stderr)
        return 2
    # Imported here so `kiosk --help` stays fast.
    import uvicorn

    from kiosk.sim.service.server import Service, create_app

    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s %(message)s")
    try:
        pki = MockPki(args.pki)
        service = Service(args.data, pki, nonce_ttl=args.nonce_ttl)
    except (PkiError, KioskFileError, OSError) as exc:
        print(f"kiosk eligibility-server: {exc}", file=sys.stderr)
        return 2
    app = create_app(service, faults=args.faults)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=False,
        loop="uvloop",
        http="httptools",
        # A hung test request must not hold a stopping server for long.
        timeout_graceful_shutdown=2,
        ssl_certfile=args.tls_cert,
        ssl_keyfile=args.tls_key,
    )
    return 0


def _tls_problem(cert: Path, key: Path) -> str | None:
    """Why the certificate and key cannot serve HTTPS, checked before the server starts (uvicorn
    would only fail inside its start-up, with a traceback)."""
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(cert, key)
    except ssl.SSLError as exc:
        return f"{cert} and {key} are not a PEM certificate and its key: {exc.reason or exc}"
    except OSError as exc:
        return f"cannot read the TLS certificate or key: {os_error_text(exc)}"
    return None
