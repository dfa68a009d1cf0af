"""`kiosk eligibility-server`: run the mock online eligibility service, or, as its operator,
enrol a kiosk (`kiosk eligibility-server enroll --csr kiosk.csr.pem --out kiosk.cert.pem`)."""

from __future__ import annotations

import argparse
import logging
import ssl
import sys
from pathlib import Path

from kiosk.cli import PORT, float_in, os_error_text, stop_on_sigterm_with_0
from kiosk.sim.pki import MockPki, NetworkCa, PkiError
from kiosk.sim.service.kiosks import KioskFileError, enroll, revoke


def network_ca(pki: MockPki) -> NetworkCa:
    """The network CA lives next to the mock JPKI: one directory the tests and demo share."""
    return NetworkCa(pki.directory / "network")


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
    parser.add_argument("--nonce-ttl", type=float_in(1, 3600), default=120.0,
                        help="seconds a nonce lives (1 to 3600)")  # fmt: skip
    parser.add_argument(
        "--faults", action="store_true", help="enable the /_test/faults switches (tests only)"
    )
    parser.add_argument(
        "--tls", action="store_true", help="serve HTTPS with the network CA's certificate"
    )
    parser.add_argument("--tls-cert", type=Path, default=None, help="serve HTTPS: PEM cert")
    parser.add_argument("--tls-key", type=Path, default=None, help="serve HTTPS: PEM key")
    # A client that stalls mid-handshake or trickles its request is dropped after these.
    parser.add_argument("--handshake-timeout", type=float_in(0.5, 300), default=15.0,
                        help="seconds for a TLS handshake (0.5 to 300; 15)")  # fmt: skip
    parser.add_argument("--request-timeout", type=float_in(0.5, 300), default=15.0,
                        help="seconds for a whole request to arrive (0.5 to 300; 15)")  # fmt: skip
    parser.add_argument("--log-level", default="warning")
    return parser


def _enroll(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="kiosk eligibility-server enroll",
        description="Issue a kiosk's certificate from its request and record its public key.",
    )
    parser.add_argument("--data", type=Path, default=Path("var/eligibility"), help="state dir")
    parser.add_argument("--pki", type=Path, default=None, help="mock PKI dir")
    parser.add_argument("--csr", type=Path, required=True, help="the kiosk's kiosk.csr.pem")
    parser.add_argument("--out", type=Path, required=True, help="where to write the cert")
    args = parser.parse_args(argv)
    try:
        cert = enroll(args.data, network_ca(MockPki(args.pki)), args.csr.read_bytes())
        args.out.write_bytes(cert)
    except (PkiError, KioskFileError, OSError) as exc:
        print(f"kiosk eligibility-server enroll: {exc}", file=sys.stderr)
        return 1 if isinstance(exc, OSError) else 2  # a file that cannot be read or written
    print(f"enrolled; give {args.out} to the kiosk: kiosk enroll --install {args.out}")
    return 0


def _revoke(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="kiosk eligibility-server revoke",
        description="Revoke a kiosk: its key never logs in again and its sessions end now.",
    )
    parser.add_argument("--data", type=Path, default=Path("var/eligibility"), help="state dir")
    parser.add_argument("--account", required=True, help="the kiosk's account (F0…)")
    args = parser.parse_args(argv)
    try:
        digest = revoke(args.data, args.account)
    except (KioskFileError, OSError) as exc:
        print(f"kiosk eligibility-server revoke: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, KioskFileError) else 1
    print(f"revoked {args.account} (key sha256 {digest})")
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["enroll"]:
        return _enroll(argv[1:])
    if argv[:1] == ["revoke"]:
        return _revoke(argv[1:])
    parser = _parser()
    args = parser.parse_args(argv)
    if (args.tls_cert is None) != (args.tls_key is None):
        parser.error("--tls-cert and --tls-key go together")
    if args.tls_cert is not None and (problem := _tls_problem(args.tls_cert, args.tls_key)):
        code, text = problem
        print(f"kiosk eligibility-server: {text}", file=sys.stderr)
        return code
    # Imported here so `kiosk --help` stays fast.
    from kiosk.sim.service.server import Service, create_app

    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s %(message)s")
    try:
        pki = MockPki(args.pki)
        service = Service(args.data, pki, nonce_ttl=args.nonce_ttl)
        ca = network_ca(pki)
    except (PkiError, KioskFileError, OSError) as exc:
        print(f"kiosk eligibility-server: {exc}", file=sys.stderr)
        return 2
    tls: dict[str, object] = {}
    if args.tls or args.tls_cert:
        # Mutual TLS: only a client holding a certificate of the network CA gets a connection,
        # as on the real closed network; the account key is checked again at login.
        tls = {
            "ssl_certfile": args.tls_cert or ca.server_cert_path,
            "ssl_keyfile": args.tls_key or ca.server_key_path,
            "ssl_cert_reqs": ssl.CERT_REQUIRED,
            "ssl_ca_certs": str(ca.ca_path),
        }
    return _serve(create_app(service, faults=args.faults), args, tls)


def _serve(app: object, args: argparse.Namespace, tls: dict[str, object]) -> int:
    """uvicorn on uvloop and httptools, with the handshake and request deadlines of
    kiosk.sim.service.transport (uvicorn.run has no way to set either)."""
    import asyncio
    import functools

    import uvicorn

    from kiosk.sim.service.transport import guarded_loop, guarded_protocol

    config = uvicorn.Config(
        app,  # type: ignore[arg-type]
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=False,
        loop="none",  # the runner below makes the loop
        http=guarded_protocol(args.request_timeout),
        # A hung test request must not hold a stopping server for long.
        timeout_graceful_shutdown=2,
        **tls,  # type: ignore[arg-type]
    )
    server = uvicorn.Server(config)
    loop = functools.partial(guarded_loop, args.handshake_timeout)
    stop_on_sigterm_with_0()
    try:
        with asyncio.Runner(loop_factory=loop) as runner:
            runner.run(server.serve())
    except KeyboardInterrupt:
        pass  # Ctrl+C: uvicorn has shut down and raises it again (as uvicorn.run, quietly)
    except SystemExit as exc:
        # uvicorn exits 3 when it cannot start (a port in use, logged in one line): that is
        # the environment, 1 as the README says; 3 is only kiosk run's PySide6 guard.
        if exc.code == uvicorn.config.STARTUP_FAILURE:
            return 1
        raise
    return 0


def _tls_problem(cert: Path, key: Path) -> tuple[int, str] | None:
    """Why the certificate and key cannot serve HTTPS, with the exit code, checked before the
    server starts (uvicorn would only fail inside its start-up, with a traceback): files that
    are not a certificate and its key are a wrong argument (2), files that are missing or
    unreadable the environment (1), as the README's exit codes say."""
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(cert, key)
    except ssl.SSLError as exc:
        return 2, f"{cert} and {key} are not a PEM certificate and its key: {exc.reason or exc}"
    except OSError as exc:
        return 1, f"cannot read the TLS certificate or key: {os_error_text(exc)}"
    return None
