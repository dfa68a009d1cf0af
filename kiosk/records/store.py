"""The reception store: every reception written atomically and idempotently (by reception_id),
journalled locally when the database is locked or down and replayed, in order, once it is back."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from kiosk.config import DatabaseConfig
from kiosk.ports import (
    AlertReason,
    ConsentKind,
    ConsentReceipt,
    ReceptionOutcome,
    ReceptionRecord,
    StaffActionKind,
    Transition,
    VerificationMethod,
)
from kiosk.records import schema
from kiosk.records.alerts import AlertBook
from kiosk.records.journal import Journal
from kiosk.records.models import (
    AuditEntry,
    Consent,
    PendingRequery,
    Reception,
    StaffActionRow,
    StaffAlertRow,
)
from kiosk.records.summary import ResultSummary, summarize

log = logging.getLogger(__name__)

CLINIC_TZ = timezone(timedelta(hours=9), "JST")  # a clinic's day is a Japanese calendar day
# Where the database could not take the write right now; anything else is a bug to surface.
UNAVAILABLE = (OperationalError, InterfaceError)
QUERY_STATE = "querying"  # the flow state entered once the holder is verified


def to_db(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def from_db(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC).astimezone(CLINIC_TZ)


class InvalidRecord(ValueError):
    """A record the store cannot key: it has no reception id (a bug in the caller)."""


@dataclass(frozen=True)
class ReceptionRow:
    """One stored reception as the staff list and the export read it."""

    reception_id: str
    kiosk_id: str
    started_at: datetime
    ended_at: datetime
    outcome: ReceptionOutcome
    method: VerificationMethod | None
    end_reason: str
    needs_staff: bool
    registered_now: bool
    limit_provided: bool | None
    summary: ResultSummary
    consents: tuple[ConsentReceipt, ...]
    qualification: Mapping[str, Any] | None = field(default=None, repr=False)


@dataclass(frozen=True)
class PendingItem:
    reception_id: str
    method: VerificationMethod
    verified_at: datetime
    attempts: int
    last_error: str
    cert_der: bytes = field(repr=False)


def verified_at(record: ReceptionRecord) -> datetime:
    for step in record.transitions:
        if step.target == QUERY_STATE:
            return step.at
    return record.ended_at


def _reception_values(record: ReceptionRecord, now: datetime) -> dict[str, Any]:
    s = summarize(record.qualification)
    return {
        "id": record.reception_id,
        "kiosk_id": record.kiosk_id,
        "started_at": to_db(record.started_at),
        "ended_at": to_db(record.ended_at),
        "outcome": record.outcome.value,
        "method": record.method.value if record.method else None,
        "end_reason": record.end_reason[:200],
        "needs_staff": record.needs_staff,
        "registered_now": record.registered_now,
        "limit_provided": record.limit_provided,
        "qualification": dict(record.qualification) if record.qualification else None,
        "updated_at": to_db(now),
        **_summary_values(s),
    }


def _summary_values(s: ResultSummary) -> dict[str, Any]:
    return {
        "qualification_validity": s.validity,
        "patient_name": s.name,
        "patient_name_kana": s.name_kana,
        "birth_date": s.birth_date,
        "insurer_number": s.insurer_number,
        "insured_card_symbol": s.insured_card_symbol,
        "insured_number": s.insured_number,
        "insured_branch": s.insured_branch,
        "contribution_ratio": s.contribution_ratio,
        "limit_flag": s.limit_flag,
    }


def _row(r: Reception) -> ReceptionRow:
    return ReceptionRow(
        reception_id=r.id,
        kiosk_id=r.kiosk_id,
        started_at=from_db(r.started_at),
        ended_at=from_db(r.ended_at),
        outcome=ReceptionOutcome(r.outcome),
        method=VerificationMethod(r.method) if r.method else None,
        end_reason=r.end_reason,
        needs_staff=r.needs_staff,
        registered_now=r.registered_now,
        limit_provided=r.limit_provided,
        summary=ResultSummary(
            validity=r.qualification_validity,
            name=r.patient_name,
            name_kana=r.patient_name_kana,
            birth_date=r.birth_date,
            insurer_number=r.insurer_number,
            insured_card_symbol=r.insured_card_symbol,
            insured_number=r.insured_number,
            insured_branch=r.insured_branch,
            contribution_ratio=r.contribution_ratio,
            limit_flag=r.limit_flag,
        ),
        consents=tuple(
            ConsentReceipt(
                ConsentKind(c.kind),
                c.agreed,
                from_db(c.cons_time),
                from_db(c.available_time) if c.available_time else None,
            )
            for c in sorted(r.consents, key=lambda c: c.seq)
        ),
        qualification=r.qualification,
    )


def _insert_new(conn: Connection, values: dict[str, Any]) -> bool:
    """Insert the reception unless its id exists; one statement on the common path."""
    insert_ = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    statement = insert_(Reception).on_conflict_do_nothing(index_elements=["id"])
    return conn.execute(statement.returning(Reception.id), values).first() is not None


class RecordStore:
    """Implements :class:`kiosk.ports.ReceptionStore`; thread-safe within one process."""

    def __init__(self, engine: Engine, journal: Journal, sqlite_file: Path | None = None) -> None:
        self.engine = engine
        self.reader = schema.reader(engine)
        self.journal = journal
        self._sqlite_file = sqlite_file
        self._lock = threading.Lock()
        self.alerts = AlertBook(engine, self.reader)

    # --- staff alerts (kiosk.records.alerts) ---------------------------------------------

    def raise_alert(
        self,
        kiosk_id: str,
        reason: AlertReason,
        *,
        reception_id: str | None = None,
        detail: str = "",
    ) -> int | None:
        """Call staff: every open desk sees it. Implements :class:`kiosk.ports.StaffAlerts`;
        returns the alert id, or None (logged) when the database cannot take it now."""
        return self.alerts.raise_alert(kiosk_id, reason, reception_id=reception_id, detail=detail)

    def record_staff_action(
        self,
        kiosk_id: str,
        action: StaffActionKind,
        staff_name: str,
        route: str,
        *,
        reception_id: str | None = None,
        ok: bool = True,
    ) -> None:
        try:
            self.alerts.record_action(
                kiosk_id, action, staff_name, route, reception_id=reception_id, ok=ok
            )
        except SQLAlchemyError as exc:
            log.error("staff action %s at %s not recorded: %s", action.value, kiosk_id,
                      type(exc).__name__)  # fmt: skip

    # --- writing -------------------------------------------------------------------------

    def save(self, record: ReceptionRecord) -> None:
        """Write the reception, or journal it if the database cannot take it now. Entries
        already waiting in the journal go first, so the database sees receptions in order."""
        if not record.reception_id or len(record.reception_id) > 64:
            raise InvalidRecord(f"reception id must be 1-64 characters: {record.reception_id!r}")
        with self._lock:
            try:
                self.journal.replay(self._write_retrying)
                self._write_retrying(record)
            except UNAVAILABLE as exc:
                log.warning(
                    "database unavailable, reception %s journalled: %s",
                    record.reception_id,
                    type(exc).__name__,
                )
                self.journal.append(record)

    def flush_journal(self) -> int:
        """Replay what waits in the journal; returns how many were written (0 if still down)."""
        with self._lock:
            try:
                return self.journal.replay(self._write_retrying)
            except UNAVAILABLE as exc:
                log.info("journal replay postponed, database unavailable: %s", type(exc).__name__)
                return 0

    def _write_retrying(self, record: ReceptionRecord) -> None:
        # A restarted PostgreSQL leaves dead sockets in the pool. The first write that meets one
        # invalidates the whole pool, so one immediate retry is enough; this costs nothing on the
        # normal path, where a ping before every write would cost a round trip.
        try:
            self._write(record)
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
            self._write(record)

    def _write(self, record: ReceptionRecord) -> None:
        now = datetime.now(UTC)
        rid = record.reception_id
        values = _reception_values(record, now)
        with self.engine.begin() as conn:
            if not _insert_new(conn, values):
                # Seen before (a replay, a repeat, a re-save): replace the whole reception, so
                # saving twice leaves one copy. The cascade removes its consents and audit.
                conn.execute(delete(Reception).where(Reception.id == rid))
                conn.execute(insert(Reception), values)
            if record.consents:
                conn.execute(insert(Consent), [
                    {"reception_id": rid, "seq": i, "kind": c.kind.value, "agreed": c.agreed,
                     "cons_time": to_db(c.cons_time),
                     "available_time": to_db(c.available_time) if c.available_time else None}
                    for i, c in enumerate(record.consents)
                ])  # fmt: skip
            if record.transitions:
                conn.execute(insert(AuditEntry), [
                    {"reception_id": rid, "seq": i, "at": to_db(t.at), "source": t.source[:40],
                     "event": t.event[:60], "target": t.target[:40], "reason": t.reason[:400]}
                    for i, t in enumerate(record.transitions)
                ])  # fmt: skip
            pending = record.outcome is ReceptionOutcome.PENDING
            if pending and record.requery_cert_der and record.method is not None:
                conn.execute(insert(PendingRequery), [{
                    "reception_id": rid, "cert_der": record.requery_cert_der,
                    "method": record.method.value, "verified_at": to_db(verified_at(record)),
                    "attempts": 0, "last_error": "",
                }])  # fmt: skip

    # --- pending receptions --------------------------------------------------------------

    def pending(self) -> list[PendingItem]:
        with Session(self.reader) as session:
            rows = session.scalars(select(PendingRequery).order_by(PendingRequery.verified_at))
            return [
                PendingItem(
                    reception_id=p.reception_id,
                    method=VerificationMethod(p.method),
                    verified_at=from_db(p.verified_at),
                    attempts=p.attempts,
                    last_error=p.last_error,
                    cert_der=p.cert_der,
                )
                for p in rows
            ]

    def resolve_pending(
        self,
        reception_id: str,
        outcome: ReceptionOutcome,
        qualification: Mapping[str, Any] | None,
        reason: str,
        at: datetime,
    ) -> None:
        """Record the re-query's answer, log it, and drop the kept certificate."""
        values: dict[str, Any] = {
            "outcome": outcome.value,
            "end_reason": reason[:200],
            "needs_staff": outcome is not ReceptionOutcome.COMPLETE,
            "updated_at": to_db(datetime.now(UTC)),
        }
        if qualification is not None:
            values["qualification"] = dict(qualification)
            values.update(_summary_values(summarize(qualification)))
        with self.engine.begin() as conn:
            conn.execute(update(Reception).where(Reception.id == reception_id).values(**values))
            seq = conn.execute(
                select(func.coalesce(func.max(AuditEntry.seq), -1) + 1).where(
                    AuditEntry.reception_id == reception_id
                )
            ).scalar_one()
            conn.execute(insert(AuditEntry), [{
                "reception_id": reception_id, "seq": seq, "at": to_db(at),
                "source": ReceptionOutcome.PENDING.value, "event": "Requeried",
                "target": outcome.value, "reason": reason[:400],
            }])  # fmt: skip
            conn.execute(delete(PendingRequery).where(PendingRequery.reception_id == reception_id))

    def note_requery_failure(self, reception_id: str, error: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(PendingRequery)
                .where(PendingRequery.reception_id == reception_id)
                .values(attempts=PendingRequery.attempts + 1, last_error=error[:200])
            )

    # --- reading -------------------------------------------------------------------------

    def receptions_on(self, day: date) -> list[ReceptionRow]:
        """The clinic day's receptions (Japan time), newest first."""
        start = to_db(datetime.combine(day, time(), CLINIC_TZ))
        end = start + timedelta(days=1)
        query = (
            select(Reception)
            .where(Reception.started_at >= start, Reception.started_at < end)
            .order_by(Reception.started_at.desc(), Reception.id.desc())
            .options(selectinload(Reception.consents))
        )
        with Session(self.reader) as session:
            return [_row(r) for r in session.scalars(query)]

    def reception(self, reception_id: str) -> ReceptionRow | None:
        query = (
            select(Reception)
            .where(Reception.id == reception_id)
            .options(selectinload(Reception.consents))
        )
        with Session(self.reader) as session:
            found = session.scalars(query).first()
            return _row(found) if found else None

    def audit(self, reception_id: str) -> list[Transition]:
        query = (
            select(AuditEntry)
            .where(AuditEntry.reception_id == reception_id)
            .order_by(AuditEntry.seq)
        )
        with Session(self.reader) as session:
            return [
                Transition(from_db(a.at), a.source, a.event, a.target, a.reason)
                for a in session.scalars(query)
            ]

    def count(self) -> int:
        with Session(self.reader) as session:
            return int(session.scalar(select(func.count()).select_from(Reception)) or 0)

    # --- retention and housekeeping ------------------------------------------------------

    def purge(self, older_than: datetime) -> int:
        """Delete receptions that started before ``older_than`` (consents, audit with them)."""
        cutoff = to_db(older_than)
        with self.engine.begin() as conn:
            result = conn.execute(delete(Reception).where(Reception.started_at < cutoff))
            conn.execute(delete(StaffAlertRow).where(StaffAlertRow.raised_at < cutoff))
            conn.execute(delete(StaffActionRow).where(StaffActionRow.at < cutoff))
            return int(result.rowcount or 0)

    def files(self) -> list[Path]:
        """Every local file this store writes: the SQLite database (+ WAL, shm), the journal."""
        found: list[Path] = []
        if self._sqlite_file is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                path = Path(f"{self._sqlite_file}{suffix}")
                if path.exists():
                    found.append(path)
        return found + self.journal.files()

    def close(self) -> None:
        self.engine.dispose()


def open_store(config: DatabaseConfig, *, upgrade: bool = True) -> RecordStore:
    """Open the configured database; ``upgrade`` migrates it to the packaged head first (the
    embedded default does this on every start). A database that is down at start-up is not
    fatal: receptions go to the journal until it is back."""
    engine = schema.make_engine(config.url)
    store = RecordStore(engine, Journal(Path(config.journal_dir)), schema.sqlite_path(config.url))
    if upgrade:
        try:
            schema.upgrade(engine)
        except UNAVAILABLE as exc:
            log.warning(
                "database unavailable at start-up, journalling until it is back: %s",
                type(exc).__name__,
            )
            return store
    store.flush_journal()
    return store


def store_files(config: DatabaseConfig) -> list[Path]:
    """The files a store with this configuration has written (for privacy checks)."""
    path = schema.sqlite_path(config.url)
    found = []
    if path is not None:
        found = [Path(f"{path}{s}") for s in ("", "-wal", "-shm", "-journal")]
    return [p for p in found if p.exists()] + Journal(Path(config.journal_dir)).files()
