"""`kiosk desk` as staff and the clinic run it: add-staff asks for the password, and the real
server process answers over HTTPS only, with its own certificate, and pushes a kiosk's alert."""

from __future__ import annotations

import re
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kiosk.config import DatabaseConfig
from kiosk.desk import cli
from kiosk.desk.accounts import Accounts, Verdict
from kiosk.ports import AlertReason
from kiosk.records.store import open_store

PASSWORD = "correct horse battery"


def _config(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path / "k.sqlite3"}"\n'
        f'journal_dir = "{tmp_path / "journal"}"\n',
        encoding="utf-8",
    )
    return path


def _store(tmp_path: Path):  # type: ignore[no-untyped-def]
    return open_store(DatabaseConfig(url=f"sqlite:///{tmp_path / 'k.sqlite3'}",
                                     journal_dir=str(tmp_path / "journal")))  # fmt: skip


def test_add_staff_asks_for_the_password_twice_and_refuses_a_short_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path)
    answers = iter(["short", PASSWORD, PASSWORD, PASSWORD, "different one!!"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda _prompt: next(answers))
    assert cli.main(["add-staff", "佐藤", "--config", str(config)]) == 2
    assert "10 to 128 characters" in capsys.readouterr().err
    assert cli.main(["add-staff", "佐藤", "--config", str(config)]) == 0
    assert cli.main(["add-staff", "田中", "--config", str(config)]) == 2
    assert "differ" in capsys.readouterr().err
    store = _store(tmp_path)
    try:
        assert Accounts(store).names() == ["佐藤"]
        assert Accounts(store).verify("佐藤", PASSWORD) is Verdict.OK
    finally:
        store.close()


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.system
def test_the_server_process_speaks_https_only_and_pushes_alerts(tmp_path: Path) -> None:
    config = _config(tmp_path)
    store = _store(tmp_path)
    Accounts(store).add("佐藤", PASSWORD)
    port = _port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "desk", "--config", str(config), "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    base = f"https://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, verify=False, timeout=5) as client:
            deadline = time.monotonic() + 30
            while True:
                try:
                    page = client.get("/login")
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline and proc.poll() is None
                    time.sleep(0.2)
            with pytest.raises(httpx.TransportError):
                httpx.get(f"http://127.0.0.1:{port}/login", timeout=5)  # no plain HTTP
            for name in ("desk-cert.pem", "desk-key.pem"):
                mode = (tmp_path / "desk" / name).stat().st_mode
                assert stat.S_IMODE(mode) == 0o600
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]  # type: ignore[index]
            signed = client.post("/login", data={"csrf": csrf, "name": "佐藤",
                                                 "password": PASSWORD})  # fmt: skip
            assert signed.status_code == 303
            with client.stream("GET", "/events") as events:
                lines = events.iter_lines()
                assert next(lines).startswith("retry:")
                store.raise_alert("kiosk-01", AlertReason.CALL)
                assert "event: alerts" in [next(lines) for _ in range(4)]
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        store.close()
    log = proc.stderr.read() if proc.stderr else ""
    assert "certificate SHA-256 fingerprint" in log
    assert "試験" not in log
