"""`kiosk run` re-queries pending receptions by itself (issue 10, item 4): a reception left
pending by an outage is resolved, flagged for staff, and its certificate dropped, with the real
mock service process and the real entry point."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.config import ClinicConfig, DatabaseConfig, KioskConfig
from kiosk.ports import ReceptionOutcome
from kiosk.records.pending import REQUERIED
from kiosk.records.store import open_store
from kiosk.sim.pki import MockPki
from kiosk.sim.records import JST, sample_record
from kiosk.sim.service.process import ServerProcess

pytestmark = pytest.mark.integration


def _wait_until(condition: object, timeout_s: float, proc: subprocess.Popen[str]) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.2)  # polling a database file from outside; no assertion on the time
    return False


def test_kiosk_run_resolves_a_pending_reception_in_the_background(tmp_path: Path) -> None:
    pki = MockPki(tmp_path / "pki")
    database = DatabaseConfig(url=f"sqlite:///{tmp_path / 'kiosk.sqlite3'}",
                              journal_dir=str(tmp_path / "journal"))  # fmt: skip
    store = open_store(database)
    started = datetime.now(JST) - timedelta(minutes=5)
    store.save(sample_record("p-1", started_at=started, outcome=ReceptionOutcome.PENDING,
                             cert_der=pki.user_cert_der("sato_hanako")))  # fmt: skip
    with ServerProcess(tmp_path / "service", pki_dir=pki.directory) as server:
        kiosk = KioskConfig(credential_dir=str(tmp_path / "credential"))
        server.enroll(kiosk, ClinicConfig().code)  # the kiosk's own key, mutual TLS
        config = tmp_path / "kiosk.toml"
        config.write_text(
            f"""
[database]
url = "{database.url}"
journal_dir = "{database.journal_dir}"
requery_interval = 1
[kiosk]
credential_dir = "{kiosk.credential_dir}"
[service]
url = "{server.url}"
ca_file = "{server.ca_file}"
[camera]
source = "device:99"
[ui]
voice = false
""",
            encoding="utf-8",
        )
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "run", "--windowed", "--config", str(config)],
            stderr=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        assert proc.stderr is not None
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(proc.stderr or ()), daemon=True)
        reader.start()
        try:
            ready = _wait_until(lambda: any("ready: idle screen" in x for x in lines), 90, proc)
            resolved = ready and _wait_until(lambda: store.pending() == [], 90, proc)
            # SIGTERM waits for a camera still opening (dlib loads first): let it finish.
            _wait_until(lambda: any("camera device:99 unavailable" in x for x in lines), 90, proc)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=60) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        reader.join(30)
        stderr = "".join(lines)
    assert resolved, stderr
    row = store.reception("p-1")
    assert row is not None
    assert row.outcome is ReceptionOutcome.RESOLVED and row.needs_staff  # no consents seen
    assert row.summary.name == "佐藤\u3000花子"
    assert [t.event for t in store.audit("p-1")].count(REQUERIED) == 1
    assert "Traceback" not in stderr
    assert "佐藤" not in stderr  # names stay out of the logs
    store.close()
