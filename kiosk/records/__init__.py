"""Reception records: SQLAlchemy models and migrations, the store (SQLite or PostgreSQL), the
durable journal, pending receptions, retention and export. No Qt here."""

from kiosk.records.rows import PendingItem, ReceptionRow
from kiosk.records.store import InvalidRecord, RecordStore, open_store, store_files

__all__ = [
    "InvalidRecord",
    "PendingItem",
    "ReceptionRow",
    "RecordStore",
    "open_store",
    "store_files",
]
