"""Start and stop a mock server as a real separate process (the eligibility service, ORCA):
spawn it, wait until its own /healthz answers with its PID, end it by that PID."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx

READY_TIMEOUT_S = 30.0


class ServerStartError(RuntimeError):
    """The server process did not come up."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def spawn(
    args: list[str], log_path: Path, healthz: Callable[[], httpx.Response], name: str
) -> subprocess.Popen[bytes]:
    """Run ``args`` with its output appended to ``log_path``; return once ``healthz()`` says
    200 with this process's PID (not a stale server on the same port)."""
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ))
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerStartError(f"{name} exited with {proc.returncode}; see {log_path}")
        try:
            answer = healthz()
            if answer.status_code == 200 and answer.json().get("pid") == proc.pid:
                return proc
        except (httpx.TransportError, ValueError):
            pass
        time.sleep(0.05)
    stop(proc)
    raise ServerStartError(f"{name} not ready in {READY_TIMEOUT_S}s")


def stop(proc: subprocess.Popen[bytes] | None) -> None:
    """SIGTERM, then SIGKILL after 10 s; nothing if it has already ended."""
    if proc is None or proc.poll() is not None:
        return
    os.kill(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
