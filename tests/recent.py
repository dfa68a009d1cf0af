"""Reading back what a test's kiosk just recorded, whatever the hour.

A clinic day is a Japanese calendar day (``store.receptions_on``): a test that asks for "today"
finds nothing of what it recorded a minute before Japanese midnight (15:00 UTC), and a test that
asks with the machine's own date asks for yesterday from 15:00 to 24:00 UTC. Tests run for
minutes, so yesterday and today in Japan hold everything they recorded."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from kiosk.config import DatabaseConfig
from kiosk.ports import StaffAlert
from kiosk.records.rows import CLINIC_TZ, ReceptionRow
from kiosk.records.store import open_store


def recent_receptions(store: object) -> list[ReceptionRow]:
    """Yesterday's and today's receptions (Japan time), newest first."""
    today = datetime.now(CLINIC_TZ).date()
    days = (today, today - timedelta(days=1))
    return [row for day in days for row in store.receptions_on(day)]  # type: ignore[attr-defined]


def recorded(folder: Path) -> tuple[list[ReceptionRow], list[StaffAlert]]:
    """What a `kiosk run` whose ``[database]`` is ``folder``/k.sqlite3 (journal ``folder``/journal)
    recorded lately, and the staff alerts still open."""
    db = DatabaseConfig(
        url=f"sqlite:///{folder / 'k.sqlite3'}", journal_dir=str(folder / "journal")
    )
    store = open_store(db)
    try:
        return recent_receptions(store), store.alerts.open_alerts()
    finally:
        store.close()
