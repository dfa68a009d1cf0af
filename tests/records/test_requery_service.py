"""Re-query against the real mock eligibility service process, over HTTP."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.config import ClinicConfig, DatabaseConfig, KioskConfig, ServiceConfig
from kiosk.eligibility.client import EligibilityClient
from kiosk.eligibility.requery import PendingRequery
from kiosk.ports import ReceptionOutcome
from kiosk.records.store import open_store
from kiosk.sim.pki import MockPki
from kiosk.sim.records import JST, sample_record
from kiosk.sim.service.process import ServerProcess, free_port


@pytest.mark.integration
def test_pending_reception_is_resolved_once_the_service_is_back(tmp_path: Path) -> None:
    pki = MockPki(tmp_path / "pki")
    cert = pki.user_cert_der("sato_hanako")
    store = open_store(
        DatabaseConfig(
            url=f"sqlite:///{tmp_path / 'kiosk.sqlite3'}", journal_dir=str(tmp_path / "journal")
        )
    )
    started = datetime.now(JST) - timedelta(minutes=2)
    store.save(
        sample_record("p-1", started_at=started, outcome=ReceptionOutcome.PENDING, cert_der=cert)
    )
    server = ServerProcess(tmp_path / "service", free_port(), pki_dir=pki.directory)
    kiosk = KioskConfig(credential_dir=str(tmp_path / "credential"))
    server.enroll(kiosk, ClinicConfig().code)
    service = ServiceConfig(
        **server.service_settings(connect_timeout=1.0, read_timeout=2.0, retries=0)
    )
    with EligibilityClient(service, kiosk, ClinicConfig(), sleep=lambda _s: None) as client:
        requery = PendingRequery(store, client)
        assert requery.run_once().still_pending == 1  # nothing listens on the port yet
        with server:
            report = requery.run_once()
    assert report.resolved == 1
    assert store.pending() == []
    row = store.reception("p-1")
    assert row is not None
    assert row.outcome is ReceptionOutcome.RESOLVED and row.needs_staff
    assert row.summary.name == "佐藤\u3000花子"
    assert row.summary.validity == "1"
    store.close()
