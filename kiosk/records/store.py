"""The reception store: every reception written atomically and idempotently (by reception_id),
journalled locally when the database is locked or down and replayed, in order, once it is back."""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, selectinload

from kiosk.config import DatabaseConfig
from kiosk.eligibility.names import name_needs_check
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
from kiosk.records.alerts import AlertBook, staff_name_of
from kiosk.records.checks import (
    CHECK_EVENT,
    check_document,
    check_items,
    check_record,
    clean_text,
    column_length,
)
from kiosk.records.journal import DEAD_LETTER, Journal, Refused
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
# What the database says about one record's content: it will refuse that record every time.
# Any other database error (a missing table, an internal error) is about the database, not the
# record: the record waits in the journal like in an outage, so later ones are not refused too.
RECORD_REFUSED = (DataError, IntegrityError)
QUERY_STATE = "querying"  # the flow state entered once the holder is verified
REQUERIED = "Requeried"  # the audit event of a re-query's answer
# Longer than any re-query can take (HTTP time stays under the 45 s watchdog): a claim this old
# is a kiosk that died mid-question.
CLAIM_LEASE = timedelta(minutes=10)
CLAIM_BATCH = 8  # candidates read per claim attempt (others may take some first)


def to_db(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def from_db(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC).astimezone(CLINIC_TZ)


class InvalidCorrection(ValueError):
    """A name correction the desk cannot record (empty, too long, no such reception)."""


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
    prescription: str | None = None
    subsidy_certificates: bool | None = None
    result_file_due: bool = False
    result_file: str | None = None  # the name written into the clinic's folder
    result_file_error: str | None = None  # why the last attempt failed, for staff
    end_code: str | None = None  # why it ended, as a code (kiosk.records.staff_view says it)
    partial: bool = False  # complete, but the consents were not all answered and recorded
    name_check: bool = False  # ● or replaced characters in the name: staff check it
    corrected_name: str | None = None  # the correct name staff recorded, and who
    corrected_by: str | None = None


@dataclass(frozen=True)
class PendingItem:
    reception_id: str
    method: VerificationMethod
    verified_at: datetime
    attempts: int
    last_error: str
    cert_der: bytes = field(repr=False)


def _pending_item(p: Any) -> PendingItem:
    return PendingItem(
        reception_id=p.reception_id,
        method=VerificationMethod(p.method),
        verified_at=from_db(p.verified_at),
        attempts=p.attempts,
        last_error=p.last_error,
        cert_der=p.cert_der,
    )


def verified_at(record: ReceptionRecord) -> datetime:
    for step in record.transitions:
        if step.target == QUERY_STATE:
            return step.at
    return record.ended_at


def _reception_values(record: ReceptionRecord, now: datetime) -> tuple[dict[str, Any], list[str]]:
    """The reception row, and which result items its columns could not hold (left empty)."""
    s = summarize(record.qualification)  # check_record bounded the document's depth
    values = {
        "id": record.reception_id,
        "kiosk_id": record.kiosk_id,
        "started_at": to_db(record.started_at),
        "ended_at": to_db(record.ended_at),
        "outcome": record.outcome.value,
        "method": record.method.value if record.method else None,
        "end_reason": record.end_reason,
        "needs_staff": record.needs_staff,
        "registered_now": record.registered_now,
        "limit_provided": record.limit_provided,
        "qualification": dict(record.qualification) if record.qualification else None,
        "updated_at": to_db(now),
        "prescription": record.prescription,
        "subsidy_certificates": record.subsidy_certificates,
        # A pending reception has its file once the re-query resolves it.
        "result_file_due": bool(record.qualification)
        and record.outcome is not ReceptionOutcome.PENDING,
        "end_code": record.end_code[:40] if record.end_code else None,
        "partial": record.partial,
        **_summary_values(s),
    }
    problems: list[str] = []
    check_items(values, ITEM_COLUMNS, problems)
    values["name_check"] = name_needs_check(values["patient_name"])
    if problems:
        values["needs_staff"] = True
    return values, problems


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


ITEM_COLUMNS = tuple(_summary_values(ResultSummary()))


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
        end_code=r.end_code,
        partial=r.partial,
        name_check=r.name_check,
        corrected_name=r.corrected_name,
        corrected_by=r.corrected_by,
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
        prescription=r.prescription,
        subsidy_certificates=r.subsidy_certificates,
        result_file_due=r.result_file_due,
        result_file=r.result_file,
        result_file_error=r.result_file_error,
    )


def _insert_new(conn: Connection, values: dict[str, Any]) -> bool:
    """Insert the reception unless its id exists; one statement on the common path."""
    insert_ = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    statement = insert_(Reception).on_conflict_do_nothing(index_elements=["id"])
    return conn.execute(statement.returning(Reception.id), values).first() is not None


class StoreHealth(enum.Enum):
    OK = "ok"  # receptions go to the database
    JOURNALLING = "journalling"  # the database is away; receptions wait in the local journal
    UNSAVED = "unsaved"  # neither works: receptions are held in memory only (take no patients)


# Alert reason codes (staff see them; the detail is a reception id, never patient data).
ALERT_UNSAVED = "records_unsaved"  # database down and journal not writable
ALERT_REFUSED = "record_refused"  # the database refused a reception: it is in dead-letter/
ALERT_NO_JOURNAL = "journal_unwritable"  # the database works, but no outage could be bridged
Alert = Callable[[str, str], None]
ALERT_REASONS = {
    ALERT_UNSAVED: AlertReason.OUT_OF_SERVICE,  # the kiosk stops taking patients
    ALERT_REFUSED: AlertReason.RECORD_NOT_SAVED,
    ALERT_NO_JOURNAL: AlertReason.OTHER,
}


def describe(exc: BaseException) -> str:
    """An error as class names only: messages may quote the values that were refused."""
    orig = getattr(exc, "orig", None)
    return type(exc).__name__ + (f"/{type(orig).__name__}" if orig is not None else "")


class RecordStore:
    """Implements :class:`kiosk.ports.ReceptionStore`; thread-safe within one process."""

    def __init__(
        self,
        engine: Engine,
        journal: Journal,
        sqlite_file: Path | None = None,
        alert: Alert | None = None,
    ) -> None:
        self.engine = engine
        self.reader = schema.reader(engine)
        self.journal = journal
        self._sqlite_file = sqlite_file
        self._lock = threading.Lock()
        # Staff alerts about saving go to ``alert`` if given (tests), else to raise_alert once
        # the kiosk's id is known (``kiosk run`` sets it), and are always logged.
        self.on_alert = alert
        self.kiosk_id = ""
        journal.on_dead_letter = lambda rid, why: self._alert(ALERT_REFUSED, rid)
        self._held: list[ReceptionRecord] = []  # neither written nor journalled (yet)
        self._db_ok = True
        self._journal_ok = True
        self._journalled = False
        self._upgrade_pending = False
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

    def _alert(self, code: str, reception_id: str) -> None:
        log.error("staff alert %s %s", code, reception_id)
        if self.on_alert is not None:
            self.on_alert(code, reception_id)
        elif self.kiosk_id:
            reason = ALERT_REASONS[code]
            self.raise_alert(self.kiosk_id, reason, reception_id=reception_id or None, detail=code)

    # --- health --------------------------------------------------------------------------

    @property
    def health(self) -> StoreHealth:
        """Where the next reception would go. Cheap (no I/O): the kiosk reads it every tick."""
        if self._held or not (self._db_ok or self._journal_ok):
            return StoreHealth.UNSAVED
        if not self._db_ok or self._journalled:
            return StoreHealth.JOURNALLING
        return StoreHealth.OK

    def can_save(self) -> bool:
        """False while nothing can be saved: the kiosk then takes no patients."""
        return self.health is not StoreHealth.UNSAVED

    @property
    def held(self) -> int:
        """Receptions kept in memory only, waiting for the database or the journal."""
        return len(self._held)

    def check_journal(self) -> bool:
        """Probe the journal folder (start-up, and each retry while it failed)."""
        why = self.journal.writable()
        if why is not None and self._journal_ok:
            log.error("journal folder %s is not writable: %s", self.journal.directory, why)
        elif why is None and not self._journal_ok:
            log.info("journal folder %s is writable again", self.journal.directory)
        self._journal_ok = why is None
        return self._journal_ok

    # --- writing -------------------------------------------------------------------------

    def save(self, record: ReceptionRecord) -> None:
        """Write the reception, or journal it if the database cannot take it now, or hold it
        in memory if the journal cannot either. Entries already waiting go first, so the
        database sees receptions in order. Raises only :class:`InvalidRecord` (no id)."""
        if not record.reception_id or len(record.reception_id) > 64:
            raise InvalidRecord(f"reception id must be 1-64 characters: {record.reception_id!r}")
        with self._lock:
            try:
                checked = check_record(record).record
            except Exception as exc:  # a record no check foresaw: kept as it is, for staff
                self._refuse(record, describe(exc))
                return
            try:
                self._drain()
                self._put(checked)
                self._db_ok = True
            except DBAPIError as exc:
                self._db_ok = False
                self._keep(checked, describe(exc))
            except Refused as exc:
                self._refuse(checked, exc.reason)
            except Exception as exc:  # e.g. a migration failing on recovery: keep, retry later
                log.error("saving reception %s failed: %s", record.reception_id, describe(exc))
                self._keep(checked, describe(exc))

    def flush_journal(self) -> int:
        """Retry what waits (journal, then receptions held in memory) and probe what failed;
        returns how many receptions reached the database (0 if it is still down)."""
        with self._lock:
            if not self._journal_ok:
                self.check_journal()
            try:
                done = self._drain()
                if not self._db_ok:
                    self._ping()
                self._db_ok = True
            except DBAPIError as exc:
                self._db_ok = False
                log.info("journal replay postponed, database unavailable: %s", describe(exc))
                self._journal_held()
                return 0
            return done

    def _drain(self) -> int:
        """The journal, then the held receptions, into the database; raises DBAPIError."""
        if self._upgrade_pending:  # the database was down at start-up: migrate it first
            schema.upgrade(self.engine)
            self._upgrade_pending = False
        done = self.journal.replay(self._put)
        self._journalled = False
        held, self._held = self._held, []
        for i, record in enumerate(held):
            try:
                self._put(record)
            except DBAPIError:
                self._held = held[i:] + self._held
                raise
            except Refused as exc:
                self._refuse(record, exc.reason)
                continue
            log.info("reception %s saved after being held in memory", record.reception_id)
            done += 1
        return done

    def _journal_held(self) -> None:
        """The database is still down: held receptions go to the journal if it works again."""
        held, self._held = self._held, []
        for record in held:
            self._keep(record, "still unavailable")

    def _ping(self) -> None:
        with self.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")

    def _put(self, record: ReceptionRecord) -> None:
        """Write, raising DBAPIError (try again later) or :class:`Refused` (never as it is)."""
        try:
            self._write_retrying(record)
        except RECORD_REFUSED as exc:
            raise Refused(describe(exc)) from exc
        except DBAPIError:
            raise
        except Exception as exc:  # our code failed on this record: it must not block the rest
            raise Refused(describe(exc)) from exc

    def _keep(self, record: ReceptionRecord, why: str) -> None:
        rid = record.reception_id
        try:
            self.journal.append(record)
        except Exception as exc:  # OSError mostly (EROFS, ENOSPC); the record is kept anyway
            self._journal_ok = False
            self._held.append(record)
            log.error("reception %s NOT saved: database unavailable (%s) and journal not "
                      "writable (%s); held in memory, retrying", rid, why,
                      getattr(exc, "strerror", None) or type(exc).__name__)  # fmt: skip
            self._alert(ALERT_UNSAVED, rid)
            return
        self._journal_ok = True
        self._journalled = True
        log.warning("database unavailable (%s): reception %s journalled", why, rid)

    def _refuse(self, record: ReceptionRecord, reason: str) -> None:
        rid = record.reception_id
        try:
            self.journal.dead_letter(record, reason)
        except OSError as exc:
            self._journal_ok = False
            self._held.append(record)
            log.error("reception %s refused by the database (%s) and dead-letter/ not "
                      "writable (%s); held in memory", rid, reason,
                      getattr(exc, "strerror", None) or type(exc).__name__)  # fmt: skip
            self._alert(ALERT_UNSAVED, rid)
            return
        except Exception as exc:  # not even serialisable: nothing on this kiosk can keep it
            log.error("reception %s refused (%s) and not serialisable (%s): lost",
                      rid, reason, describe(exc))  # fmt: skip
            self._alert(ALERT_REFUSED, rid)
            return
        log.error("reception %s refused by the database (%s): kept in %s for staff",
                  rid, reason, DEAD_LETTER)  # fmt: skip

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
        record = check_record(record).record  # journal entries of older versions too
        rid = record.reception_id
        values, problems = _reception_values(record, now)
        transitions = list(record.transitions)
        if problems:
            last = transitions[-1].target if transitions else record.outcome.value
            why = clean_text("; ".join(problems), column_length(AuditEntry, "reason"))
            transitions.append(Transition(record.ended_at, last, CHECK_EVENT, last, why))
        with self.engine.begin() as conn:
            if not _insert_new(conn, values):
                # Seen before (a replay, a repeat, a re-save): replace the whole reception, so
                # saving twice leaves one copy. The cascade removes its consents and audit. A
                # correct name staff recorded meanwhile is the desk's, not the kiosk's: kept.
                kept = conn.execute(
                    select(Reception.corrected_name, Reception.corrected_by).where(
                        Reception.id == rid
                    )
                ).first()
                conn.execute(delete(Reception).where(Reception.id == rid))
                corrected = {"corrected_name": kept[0], "corrected_by": kept[1]} if kept else {}
                conn.execute(insert(Reception), {**values, **corrected})
            if record.consents:
                conn.execute(insert(Consent), [
                    {"reception_id": rid, "seq": i, "kind": c.kind.value, "agreed": c.agreed,
                     "cons_time": to_db(c.cons_time),
                     "available_time": to_db(c.available_time) if c.available_time else None}
                    for i, c in enumerate(record.consents)
                ])  # fmt: skip
            if transitions:
                conn.execute(insert(AuditEntry), [
                    {"reception_id": rid, "seq": i, "at": to_db(t.at), "source": t.source,
                     "event": t.event, "target": t.target, "reason": t.reason}
                    for i, t in enumerate(transitions)
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
            return [_pending_item(p) for p in rows]

    def claim_pending(
        self, claimer: str, exclude: Collection[str] = (), lease: timedelta = CLAIM_LEASE
    ) -> PendingItem | None:
        """Take the oldest pending reception nobody else is asking about (or whose claim is
        older than ``lease``: that kiosk died mid-question), or None. Kiosks sharing a database
        each get different ones: the claim is a conditional UPDATE, which PostgreSQL row locks
        and SQLite's single writer make atomic."""
        now = to_db(datetime.now(UTC))
        free = or_(PendingRequery.claimed_by.is_(None), PendingRequery.claimed_at < now - lease)
        candidates = (
            select(PendingRequery.reception_id)
            .where(free, PendingRequery.reception_id.not_in(list(exclude)))
            .order_by(PendingRequery.verified_at, PendingRequery.reception_id)
            .limit(CLAIM_BATCH)
        )
        with self.engine.begin() as conn:
            for rid in conn.execute(candidates).scalars().all():
                claimed = conn.execute(
                    update(PendingRequery)
                    .where(PendingRequery.reception_id == rid, free)
                    .values(claimed_by=claimer, claimed_at=now)
                )
                if claimed.rowcount == 1:
                    row = conn.execute(
                        select(PendingRequery).where(PendingRequery.reception_id == rid)
                    ).one()
                    return _pending_item(row)
        return None

    def release_claim(self, reception_id: str, claimer: str, error: str) -> None:
        """The question failed: count the try, keep the error, let any kiosk ask again."""
        with self.engine.begin() as conn:
            conn.execute(
                update(PendingRequery)
                .where(
                    PendingRequery.reception_id == reception_id,
                    PendingRequery.claimed_by == claimer,
                )
                .values(
                    attempts=PendingRequery.attempts + 1,
                    last_error=clean_text(error, column_length(PendingRequery, "last_error")),
                    claimed_by=None,
                    claimed_at=None,
                )
            )

    def note_requery_failure(self, reception_id: str, error: str) -> None:
        """Count a failed try for a reception nobody claimed (kept for callers without claims)."""
        with self.engine.begin() as conn:
            conn.execute(
                update(PendingRequery)
                .where(PendingRequery.reception_id == reception_id)
                .values(attempts=PendingRequery.attempts + 1, last_error=error[:200])
            )

    def resolve_pending(
        self,
        reception_id: str,
        outcome: ReceptionOutcome,
        qualification: Mapping[str, Any] | None,
        reason: str,
        at: datetime,
        claimer: str | None = None,
    ) -> bool:
        """Record the re-query's answer, log it, and drop the kept certificate, all in one
        transaction that first deletes the pending row (still claimed by ``claimer``, if
        given). False if that row is gone: another kiosk resolved it, nothing is changed."""
        problems: list[str] = []
        document = check_document(qualification, problems)
        values: dict[str, Any] = {
            "outcome": outcome.value,
            "end_reason": clean_text(reason, column_length(Reception, "end_reason")),
            "needs_staff": outcome is not ReceptionOutcome.COMPLETE or bool(problems),
            "updated_at": to_db(datetime.now(UTC)),
        }
        if document is not None:
            values["qualification"] = dict(document)
            values.update(_summary_values(summarize(document)))
            check_items(values, ITEM_COLUMNS, problems)
            values["result_file_due"] = True  # resolved: now the clinic gets its file
            values["name_check"] = name_needs_check(values["patient_name"])
        mine = PendingRequery.reception_id == reception_id
        if claimer is not None:
            mine = and_(mine, PendingRequery.claimed_by == claimer)
        with self.engine.begin() as conn:
            if conn.execute(delete(PendingRequery).where(mine)).rowcount != 1:
                return False
            conn.execute(update(Reception).where(Reception.id == reception_id).values(**values))
            seq = conn.execute(
                select(func.coalesce(func.max(AuditEntry.seq), -1) + 1).where(
                    AuditEntry.reception_id == reception_id
                )
            ).scalar_one()
            why = clean_text("; ".join([reason, *problems]), column_length(AuditEntry, "reason"))
            conn.execute(insert(AuditEntry), [{
                "reception_id": reception_id, "seq": seq, "at": to_db(at),
                "source": ReceptionOutcome.PENDING.value, "event": REQUERIED,
                "target": outcome.value, "reason": why,
            }])  # fmt: skip
        return True

    # --- result files (kiosk.records.result_file) ----------------------------------------

    def results_due(self, limit: int = 100) -> list[ReceptionRow]:
        """Receptions whose result file is still to be written, oldest first."""
        query = (
            select(Reception)
            .where(Reception.result_file_due.is_(True))
            .order_by(Reception.ended_at, Reception.id)
            .limit(limit)
            .options(selectinload(Reception.consents))
        )
        with Session(self.reader) as session:
            return [_row(r) for r in session.scalars(query)]

    def note_result_file(self, reception_id: str, name: str | None, error: str | None) -> None:
        """A file written (``name``: no longer due) or an attempt that failed (``error``)."""
        values: dict[str, Any] = {"result_file_error": error[:200] if error else None}
        if name is not None:
            values |= {"result_file": name, "result_file_due": False}
        elif error == "unreadable":
            values["result_file_due"] = False  # it can never render; staff see why
        with self.engine.begin() as conn:
            conn.execute(update(Reception).where(Reception.id == reception_id).values(**values))

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

    def names_of(self, reception_ids: list[str]) -> dict[str, str | None]:
        """For the desk's alerts: which of these receptions have a record yet (ended), with the
        name once known; one query however many alerts are up."""
        if not reception_ids:
            return {}
        query = select(Reception.id, Reception.patient_name).where(Reception.id.in_(reception_ids))
        with self.reader.connect() as conn:
            return {rid: name for rid, name in conn.execute(query)}

    def correct_name(self, reception_id: str, name: str, staff_name: str) -> None:
        """Record the correct name of a patient whose name came with ● or replaced characters
        (the received name is kept as it came); an audited staff action."""
        correct = name.strip()
        if not correct or len(correct) > 100 or any(ord(c) < 0x20 for c in correct):
            raise InvalidCorrection("a name of 1-100 characters, without control characters")
        staff = staff_name_of(staff_name)
        with self.engine.begin() as conn:
            kiosk = conn.execute(
                select(Reception.kiosk_id).where(Reception.id == reception_id)
            ).scalar()
            if kiosk is None:
                raise InvalidCorrection(f"no reception {reception_id}")
            conn.execute(
                update(Reception)
                .where(Reception.id == reception_id)
                .values(corrected_name=correct, corrected_by=staff)
            )
        self.alerts.record_action(kiosk, StaffActionKind.CORRECT_NAME, staff, "desk",
                                  reception_id=reception_id)  # fmt: skip

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
        """One last retry for receptions held in memory; any still held are reported by id."""
        if self._held:
            self.flush_journal()
        for record in self._held:
            log.error("reception %s could not be saved before closing", record.reception_id)
        self.engine.dispose()


def open_store(
    config: DatabaseConfig, *, upgrade: bool = True, alert: Alert | None = None
) -> RecordStore:
    """Open the configured database; ``upgrade`` migrates it to the packaged head first (the
    embedded default does this on every start). A database that is down at start-up is not
    fatal: receptions go to the journal until it is back. The journal folder is probed at
    once: with the database down as well, nothing could be saved (``health`` says so)."""
    engine = schema.make_engine(config.url)
    journal = Journal(Path(config.journal_dir))
    store = RecordStore(engine, journal, schema.sqlite_path(config.url), alert)
    if not store.check_journal():
        store._alert(ALERT_NO_JOURNAL, "")
    if upgrade:
        try:
            schema.upgrade(engine)
        except UNAVAILABLE as exc:
            store._db_ok = False
            store._upgrade_pending = True
            log.warning("database unavailable at start-up (%s), journalling until it is back",
                        describe(exc))  # fmt: skip
            if store.health is StoreHealth.UNSAVED:
                store._alert(ALERT_UNSAVED, "")
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
