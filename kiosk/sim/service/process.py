"""Run the mock eligibility service as a real separate process (tests, demo, benchmark)."""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

READY_TIMEOUT_S = 30.0


class ServerStartError(RuntimeError):
    """The service process did not come up."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """``kiosk eligibility-server`` on a loopback port, with its test fault switches enabled.

    Use as a context manager; ``url`` is the base URL. The process is stopped by its PID.
    """

    def __init__(
        self,
        data_dir: Path,
        port: int | None = None,
        *,
        pki_dir: Path | None = None,
        nonce_ttl: float = 120.0,
        log_path: Path | None = None,
        tls: tuple[Path, Path] | None = None,
    ) -> None:
        """``tls``: (certificate PEM, key PEM) to serve HTTPS; the certificate is also the CA
        the readiness check trusts."""
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.pki_dir = pki_dir
        self.nonce_ttl = nonce_ttl
        self.log_path = log_path or self.data_dir / "server.log"
        self.tls = tls
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
        if self.pki_dir is not None:
            args += ["--pki", str(self.pki_dir)]
        if self.tls is not None:
            args += ["--tls-cert", str(self.tls[0]), "--tls-key", str(self.tls[1])]
        with open(self.log_path, "ab") as log:
            self._proc = subprocess.Popen(
                args, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ)
            )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self._proc is not None
            if self._proc.poll() is not None:
                code, self._proc = self._proc.returncode, None
                raise ServerStartError(
                    f"eligibility server exited with {code}; see {self.log_path}"
                )
            try:
                answer = self._get("/healthz")
                if answer.status_code == 200 and answer.json().get("pid") == self._proc.pid:
                    return
            except (httpx.TransportError, ValueError):
                pass
            time.sleep(0.05)
        self.stop()
        raise ServerStartError(f"eligibility server not ready in {READY_TIMEOUT_S}s")

    def _verify(self) -> ssl.SSLContext | bool:
        return ssl.create_default_context(cafile=str(self.tls[0])) if self.tls else True

    def _get(self, path: str) -> httpx.Response:
        return httpx.get(f"{self.url}{path}", timeout=1.0, verify=self._verify())

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

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
    ) -> None:
        """Switch a fault on for the next ``count`` /v1 requests (all if None).

        ``after``: process the request first, then lose its answer to the fault.
        ``clock_offset_s``: move the service's clock (expire nonces, certificates, consents).
        """
        body: dict[str, Any] = {
            "latency_ms": latency_ms,
            "status": status,
            "hang": hang,
            "malformed": malformed,
            "after": after,
            "count": count,
            "clock_offset_s": clock_offset_s,
        }
        url = f"{self.url}/_test/faults"
        httpx.put(url, json=body, timeout=5.0, verify=self._verify()).raise_for_status()

    def clear_faults(self) -> None:
        url = f"{self.url}/_test/faults"
        httpx.delete(url, timeout=5.0, verify=self._verify()).raise_for_status()
