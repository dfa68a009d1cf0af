"""Run the mock ORCA API as a real separate process (tests, demo)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from kiosk.sim.serving import ServerStartError, free_port, spawn, stop

__all__ = ["OrcaProcess", "ServerStartError"]
USER = "ormaster"
PASSWORD = "mock-orca"


class OrcaProcess:
    """``python -m kiosk.sim.orca`` on a loopback port with its test switches; a context
    manager. ``url`` is the base URL; stop() ends it by its PID ("ORCA down")."""

    def __init__(self, data_dir: Path, port: int | None = None, *, fault: str | None = None):
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.data_dir / "orca.log"
        self.fault = fault
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> OrcaProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = [sys.executable, "-m", "kiosk.sim.orca", "--host", "127.0.0.1"]
        args += ["--port", str(self.port), "--data", str(self.data_dir), "--faults"]
        args += ["--user", USER, "--password", PASSWORD]
        if self.fault:
            args += ["--fault", self.fault]
        self._proc = spawn(
            args, self.log_path, lambda: httpx.get(f"{self.url}/healthz", timeout=1.0), "mock ORCA"
        )

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        stop(proc)

    def settings(self, **more: Any) -> dict[str, Any]:
        """The ``[checkin.orca]`` settings of a kiosk that uses this server."""
        return {"url": self.url, "user": USER, "password": PASSWORD, **more}

    def set_fault(
        self,
        mode: str,
        *,
        latency_ms: int = 3000,
        count: int | None = None,
        after: bool = False,
        path: str | None = None,
    ) -> None:
        """The next ``count`` calls (to ``path`` only, if given) meet the fault ``mode``."""
        body = {"mode": mode, "latency_ms": latency_ms, "count": count, "after": after}
        body["path"] = path
        httpx.put(f"{self.url}/_test/faults", json=body, timeout=5.0).raise_for_status()

    def clear_faults(self) -> None:
        httpx.delete(f"{self.url}/_test/faults", timeout=5.0).raise_for_status()

    def state(self) -> dict[str, Any]:
        """What the mock ORCA registered: new patients and acceptances."""
        answer = httpx.get(f"{self.url}/_test/state", timeout=5.0)
        answer.raise_for_status()
        data: dict[str, Any] = answer.json()
        return data
