"""Reading back what a test's kiosk just recorded, whatever the hour.

A clinic day is a Japanese calendar day (``store.receptions_on``): a test that asks for "today"
finds nothing of what it recorded a minute before Japanese midnight (15:00 UTC), and a test that
asks with the machine's own date asks for yesterday from 15:00 to 24:00 UTC. Tests run for
minutes, so yesterday and today in Japan hold everything they recorded."""

from __future__ import annotations

from datetime import datetime, timedelta

from kiosk.records.store import CLINIC_TZ, ReceptionRow


def recent_receptions(store: object) -> list[ReceptionRow]:
    """Yesterday's and today's receptions (Japan time), newest first."""
    today = datetime.now(CLINIC_TZ).date()
    days = (today, today - timedelta(days=1))
    return [row for day in days for row in store.receptions_on(day)]  # type: ignore[attr-defined]
