"""The mock service's durable state: registrations, consents, confirmations, idempotency keys.

SQLite in the service's data directory, so a restart keeps what was recorded. Every change and the
answer stored under its idempotency key commit in one transaction: a retried request finds the
stored answer and records nothing a second time.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk.eligibility.codes import ConsentFlag
from kiosk.ports import ConsentKind
from kiosk.sim.service.document import ConsentState

_SCHEMA = """
CREATE TABLE IF NOT EXISTS registrations (
    persona_id TEXT PRIMARY KEY, registered_at TEXT NOT NULL, account_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS consents (
    persona_id TEXT NOT NULL, clinic_code TEXT NOT NULL, kind TEXT NOT NULL,
    flag TEXT NOT NULL, cons_time TEXT NOT NULL,
    PRIMARY KEY (persona_id, clinic_code, kind));
CREATE TABLE IF NOT EXISTS consent_events (
    id INTEGER PRIMARY KEY, persona_id TEXT NOT NULL, clinic_code TEXT NOT NULL,
    kind TEXT NOT NULL, flag TEXT NOT NULL, cons_time TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS confirmations (
    account_id TEXT NOT NULL, fingerprint TEXT NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (account_id, fingerprint));
CREATE TABLE IF NOT EXISTS answers (
    account_id TEXT NOT NULL, key TEXT NOT NULL, endpoint TEXT NOT NULL,
    request_hash TEXT NOT NULL, status INTEGER NOT NULL, body BLOB NOT NULL,
    fingerprint TEXT NOT NULL, session TEXT NOT NULL, replay_until TEXT NOT NULL,
    PRIMARY KEY (account_id, key));
"""


@dataclass(frozen=True)
class StoredAnswer:
    """An answer kept under its idempotency key, with what a retry must show to get it back:
    the same certificate, and either the same session and spent nonce before ``replay_until``
    or a fresh proof."""

    endpoint: str
    request_hash: str
    status: int
    body: bytes
    fingerprint: str
    session: str  # SHA-256 of the session token that asked
    replay_until: datetime


# The state holds who registered and consented at which clinic: readable by the service's user
# only. SQLite gives a new -wal and -shm the database file's mode; files of an older run are
# tightened too. Modes are set explicitly, so the process umask does not matter.
PRIVATE_FILE = 0o600
SIDE_FILES = ("-wal", "-shm", "-journal")


def _make_private(path: Path) -> None:
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE))
    for name in (str(path), *(f"{path}{suffix}" for suffix in SIDE_FILES)):
        if os.path.exists(name):
            os.chmod(name, PRIVATE_FILE)


class ServiceStore:
    def __init__(self, path: Path) -> None:
        _make_private(path)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def answer(self, account_id: str, key: str) -> StoredAnswer | None:
        with self._lock:
            row = self._db.execute(
                "SELECT endpoint, request_hash, status, body, fingerprint, session, replay_until"
                " FROM answers WHERE account_id = ? AND key = ?",
                (account_id, key),
            ).fetchone()
        if row is None:
            return None
        return StoredAnswer(
            row[0], row[1], int(row[2]), bytes(row[3]), row[4], row[5],
            datetime.fromisoformat(row[6]),
        )  # fmt: skip

    @staticmethod
    def keep_answer(
        db: sqlite3.Connection, account_id: str, key: str, answer: StoredAnswer
    ) -> None:
        a = answer
        db.execute(
            "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (account_id, key, a.endpoint, a.request_hash, a.status, a.body, a.fingerprint,
             a.session, a.replay_until.isoformat()),
        )  # fmt: skip

    def is_registered(self, persona_id: str) -> bool:
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM registrations WHERE persona_id = ?", (persona_id,)
            ).fetchone()
        return row is not None

    @staticmethod
    def register(db: sqlite3.Connection, persona_id: str, account_id: str, at: datetime) -> None:
        db.execute(
            "INSERT OR IGNORE INTO registrations VALUES (?, ?, ?)",
            (persona_id, at.isoformat(), account_id),
        )

    @staticmethod
    def note_confirmation(
        db: sqlite3.Connection, account_id: str, fingerprint: str, at: datetime
    ) -> None:
        db.execute(
            "INSERT OR REPLACE INTO confirmations VALUES (?, ?, ?)",
            (account_id, fingerprint, at.isoformat()),
        )

    def confirmed_at(self, account_id: str, fingerprint: str) -> datetime | None:
        with self._lock:
            row = self._db.execute(
                "SELECT at FROM confirmations WHERE account_id = ? AND fingerprint = ?",
                (account_id, fingerprint),
            ).fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    @staticmethod
    def record_consent(
        db: sqlite3.Connection, persona_id: str, clinic_code: str, state: ConsentState
    ) -> None:
        values = (persona_id, clinic_code, state.kind.value, state.flag.value)
        db.execute(
            "INSERT OR REPLACE INTO consents VALUES (?, ?, ?, ?, ?)",
            (*values, state.cons_time.isoformat()),
        )
        db.execute(
            "INSERT INTO consent_events (persona_id, clinic_code, kind, flag, cons_time)"
            " VALUES (?, ?, ?, ?, ?)",
            (*values, state.cons_time.isoformat()),
        )

    def consents(self, persona_id: str, clinic_code: str) -> dict[ConsentKind, ConsentState]:
        with self._lock:
            rows = self._db.execute(
                "SELECT kind, flag, cons_time FROM consents"
                " WHERE persona_id = ? AND clinic_code = ?",
                (persona_id, clinic_code),
            ).fetchall()
        return {
            ConsentKind(kind): ConsentState(
                ConsentKind(kind), ConsentFlag(flag), datetime.fromisoformat(at)
            )
            for kind, flag, at in rows
        }
