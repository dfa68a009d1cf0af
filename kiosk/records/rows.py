"""A reception as the records database holds it: the values one reception is written as (in one
transaction, replacing an earlier copy), and the rows read back (:class:`ReceptionRow`,
:class:`PendingItem`). Times are UTC in the database and Japan time outside it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from kiosk.eligibility.names import name_needs_check
from kiosk.ports import (
    ConsentKind,
    ConsentReceipt,
    ReceptionOutcome,
    ReceptionRecord,
    Transition,
    VerificationMethod,
)
from kiosk.records.checks import CHECK_EVENT, check_items, check_record, clean_text, column_length
from kiosk.records.models import AuditEntry, Consent, PendingRequery, Reception
from kiosk.records.summary import ResultSummary, summarize

CLINIC_TZ = timezone(timedelta(hours=9), "JST")  # a clinic's day is a Japanese calendar day
QUERY_STATE = "querying"  # the flow state entered once the holder is verified


def to_db(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def from_db(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC).astimezone(CLINIC_TZ)


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


def pending_item(p: Any) -> PendingItem:
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


def reception_values(record: ReceptionRecord, now: datetime) -> tuple[dict[str, Any], list[str]]:
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
        **summary_values(s),
    }
    problems: list[str] = []
    check_items(values, ITEM_COLUMNS, problems)
    values["name_check"] = name_needs_check(values["patient_name"])
    if problems:
        values["needs_staff"] = True
    return values, problems


def summary_values(s: ResultSummary) -> dict[str, Any]:
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


ITEM_COLUMNS = tuple(summary_values(ResultSummary()))


def reception_row(r: Reception) -> ReceptionRow:
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


def _kept_from(conn: Connection, rid: str) -> dict[str, Any]:
    """Deletes the stored reception ``rid`` and returns what a re-save keeps of it."""
    old = conn.execute(
        select(Reception.corrected_name, Reception.corrected_by, Reception.result_file)
        .where(Reception.id == rid)
    ).first()  # fmt: skip
    conn.execute(delete(Reception).where(Reception.id == rid))
    if old is None:
        return {}
    kept: dict[str, Any] = {"corrected_name": old[0], "corrected_by": old[1]}
    if old[2] is not None:
        kept |= {"result_file": old[2], "result_file_due": False, "result_file_error": None}
    return kept


def write_reception(engine: Engine, record: ReceptionRecord) -> None:
    """Write one reception (its consents, audit and kept certificate) in one transaction;
    raises what the database raises."""
    now = datetime.now(UTC)
    record = check_record(record).record  # journal entries of older versions too
    rid = record.reception_id
    values, problems = reception_values(record, now)
    transitions = list(record.transitions)
    if problems:
        last = transitions[-1].target if transitions else record.outcome.value
        why = clean_text("; ".join(problems), column_length(AuditEntry, "reason"))
        transitions.append(Transition(record.ended_at, last, CHECK_EVENT, last, why))
    with engine.begin() as conn:
        if not _insert_new(conn, values):
            # Seen before (a replay, a repeat, a re-save): replace the whole reception, so
            # saving twice leaves one copy. The cascade removes its consents and audit. What
            # happened to it meanwhile is kept: a correct name staff recorded (the desk's, not
            # the kiosk's) and a result file already written (the clinic's system imports on
            # every file event: a replay must not hand it the same reception twice).
            conn.execute(insert(Reception), {**values, **_kept_from(conn, rid)})
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
