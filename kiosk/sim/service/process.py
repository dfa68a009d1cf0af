"""Run the mock eligibility service as a real separate process (tests, demo, benchmark)."""

from __future__ import annotations

import ssl
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from kiosk.config import KioskConfig
from kiosk.enroll import identity_of
from kiosk.sim.pki import MockPki, NetworkCa
from kiosk.sim.service.kiosks import enroll_local
from kiosk.sim.serving import ServerStartError, free_port, spawn, stop

__all__ = ["ServerProcess", "ServerStartError", "free_port"]


class ServerProcess:
    """``kiosk eligibility-server`` on a loopback port, with its test fault switches enabled,
    over mutual TLS with the mock network CA (``tls=False`` for plain HTTP on loopback).

    Use as a context manager; ``url`` is the base URL, ``ca_file`` the CA a client trusts, and
    ``enroll`` gives a kiosk its credential. The process is stopped by its PID.
    """

    def __init__(
        self,
        data_dir: Path,
        port: int | None = None,
        *,
        pki_dir: Path | None = None,
        nonce_ttl: float = 120.0,
        log_path: Path | None = None,
        tls: bool | tuple[Path, Path] = True,
        handshake_timeout: float | None = None,
        request_timeout: float | None = None,
    ) -> None:
        """``tls``: True for the network CA's server certificate, or (certificate PEM, key PEM)
        of another one (then the certificate is also the CA the readiness check trusts).
        ``handshake_timeout`` / ``request_timeout``: the server's own deadlines (seconds) for a
        TLS handshake and for a request to arrive, when not its defaults."""
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.pki_dir = Path(pki_dir) if pki_dir is not None else MockPki().directory
        self.network = NetworkCa(self.pki_dir / "network")
        self.nonce_ttl = nonce_ttl
        self.log_path = log_path or self.data_dir / "server.log"
        self.tls = tls
        self.timeouts = {"--handshake-timeout": handshake_timeout,
                         "--request-timeout": request_timeout}  # fmt: skip
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def __enter__(self) -> ServerProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = [sys.executable, "-m", "kiosk", "eligibility-server", "--host", "127.0.0.1"]
        args += ["--port", str(self.port), "--data", str(self.data_dir), "--faults"]
        args += ["--nonce-ttl", str(self.nonce_ttl)]
        args += ["--pki", str(self.pki_dir)]
        for option, seconds in self.timeouts.items():
            if seconds is not None:
                args += [option, str(seconds)]
        if isinstance(self.tls, tuple):
            args += ["--tls-cert", str(self.tls[0]), "--tls-key", str(self.tls[1])]
        elif self.tls:
            args += ["--tls"]
        self._proc = spawn(args, self.log_path, lambda: self._get("/healthz"), "eligibility server")

    @property
    def ca_file(self) -> str | None:
        """The CA a client verifies this server against (None on plain HTTP)."""
        if isinstance(self.tls, tuple):
            return str(self.tls[0])
        return str(self.network.ca_path) if self.tls else None

    def service_settings(self, **more: Any) -> dict[str, Any]:
        """The ``[service]`` settings of a kiosk that uses this server."""
        return {"url": self.url, "ca_file": self.ca_file, **more}

    def enroll(self, kiosk: KioskConfig, clinic_code: str) -> None:
        """Give ``kiosk`` (its ``credential_dir``) a key and a certificate, and record it here."""
        identity = identity_of(kiosk, clinic_code)
        enroll_local(self.data_dir, self.network, Path(kiosk.credential_dir), identity)

    def _verify(self) -> ssl.SSLContext | bool:
        if not self.tls:
            return True
        context = ssl.create_default_context(cafile=self.ca_file)
        context.load_cert_chain(*map(str, self.network.client_files("harness")))
        return context

    def _get(self, path: str) -> httpx.Response:
        return httpx.get(f"{self.url}{path}", timeout=1.0, verify=self._verify())

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        stop(proc)

    def restart(self) -> None:
        """Stop and start again on the same port and data: in-memory nonces and sessions go."""
        self.stop()
        self.start()

    def set_fault(
        self,
        *,
        latency_ms: int = 0,
        status: int | None = None,
        hang: bool = False,
        malformed: bool = False,
        after: bool = False,
        count: int | None = None,
        clock_offset_s: float = 0.0,
        answer_as: str | None = None,
        header: dict[str, str] | None = None,
    ) -> None:
        """Switch a fault on for the next ``count`` /v1 requests (all if None).

        ``after``: process the request first, then lose its answer to the fault.
        ``clock_offset_s``: move the service's clock (expire nonces, certificates, consents).
        ``answer_as`` / ``header``: answer confirmations with that persona's document, or with
        those MessageHeader values (what a kiosk must refuse to take as its patient's).
        """
        body: dict[str, Any] = {
            "latency_ms": latency_ms,
            "status": status,
            "hang": hang,
            "malformed": malformed,
            "after": after,
            "count": count,
            "clock_offset_s": clock_offset_s,
            "answer_as": answer_as,
            "header": header,
        }
        url = f"{self.url}/_test/faults"
        httpx.put(url, json=body, timeout=5.0, verify=self._verify()).raise_for_status()

    def clear_faults(self) -> None:
        url = f"{self.url}/_test/faults"
        httpx.delete(url, timeout=5.0, verify=self._verify()).raise_for_status()
