"""Eight processes acting as kiosks write at once: exact counts, nothing doubled, nothing lost."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.config import DatabaseConfig
from kiosk.records.models import AuditEntry, Consent, Reception
from kiosk.records.store import open_store
from kiosk.sim.records import write_receptions

KIOSKS = 8
EACH = 500


@pytest.mark.integration
@pytest.mark.slow
def test_eight_kiosk_processes_write_500_receptions_each(
    db_config: DatabaseConfig, tmp_path: Path
) -> None:
    jobs = [
        (db_config.url, str(tmp_path / f"journal-{k}"), f"kiosk-{k}", EACH) for k in range(KIOSKS)
    ]
    with multiprocessing.get_context("spawn").Pool(KIOSKS) as pool:
        results = pool.starmap(write_receptions, jobs)
    assert [len(r.latencies) for r in results] == [EACH] * KIOSKS
    # Every save reached the database, none waits in a journal.
    assert all(not list((tmp_path / f"journal-{k}").glob("*.json")) for k in range(KIOSKS))

    store = open_store(db_config, upgrade=False)
    with store.engine.connect() as conn:
        receptions = conn.execute(select(func.count(Reception.id))).scalar_one()
        distinct = conn.execute(select(func.count(func.distinct(Reception.id)))).scalar_one()
        per_kiosk = dict(
            conn.execute(
                select(Reception.kiosk_id, func.count()).group_by(Reception.kiosk_id)
            ).all()
        )
        audit = conn.execute(select(func.count(AuditEntry.id))).scalar_one()
        consents = conn.execute(select(func.count(Consent.id))).scalar_one()
    store.close()
    assert receptions == distinct == KIOSKS * EACH
    assert per_kiosk == {f"kiosk-{k}": EACH for k in range(KIOSKS)}
    assert audit == KIOSKS * EACH * 11
    assert consents == KIOSKS * EACH * 2
