"""Property: whatever interleaving of saves and database outages, every reception ends up stored
once, and in the order it was saved."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from kiosk.config import DatabaseConfig
from kiosk.records import schema
from kiosk.records.models import Reception
from kiosk.records.store import open_store
from kiosk.sim.records import sample_record

# True = the database is locked by someone else during this save, False = it is free.
OUTAGES = st.lists(st.booleans(), min_size=1, max_size=12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(locked=OUTAGES)
def test_any_outage_pattern_stores_each_reception_once_in_save_order(locked: list[bool]) -> None:
    saved_timeout = schema.BUSY_TIMEOUT_MS
    schema.BUSY_TIMEOUT_MS = 1  # a locked save fails over to the journal at once
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "k.sqlite3"
            store = open_store(
                DatabaseConfig(url=f"sqlite:///{db}", journal_dir=str(Path(tmp) / "journal"))
            )
            blocker = sqlite3.connect(db, isolation_level=None)
            for i, is_locked in enumerate(locked):
                if is_locked:
                    blocker.execute("BEGIN EXCLUSIVE")
                store.save(sample_record(f"r-{i:02d}"))
                if is_locked:
                    blocker.execute("ROLLBACK")
            blocker.close()
            store.flush_journal()
            assert len(store.journal) == 0
            with store.engine.connect() as conn:
                stored = list(
                    conn.execute(select(Reception.id).order_by(Reception.updated_at)).scalars()
                )
            store.close()
    finally:
        schema.BUSY_TIMEOUT_MS = saved_timeout
    assert stored == [f"r-{i:02d}" for i in range(len(locked))]
