"""Pending receptions, as :class:`kiosk.records.store.RecordStore` keeps them for the re-query
(kiosk.eligibility.requery): recorded while the eligibility service was down, with the kept
certificate, claimed by one kiosk at a time and resolved once."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from kiosk.eligibility.names import name_needs_check
from kiosk.ports import ReceptionOutcome
from kiosk.records.checks import check_document, check_items, clean_text, column_length
from kiosk.records.models import AuditEntry, PendingRequery, Reception
from kiosk.records.rows import ITEM_COLUMNS, PendingItem, pending_item, summary_values, to_db
from kiosk.records.summary import summarize

REQUERIED = "Requeried"  # the audit event of a re-query's answer
# Longer than any re-query can take (HTTP time stays under the 45 s watchdog): a claim this old
# is a kiosk that died mid-question.
CLAIM_LEASE = timedelta(minutes=10)
CLAIM_BATCH = 8  # candidates read per claim attempt (others may take some first)


class PendingReceptions:
    """The pending-reception part of :class:`kiosk.records.store.RecordStore` (a mixin: the
    store supplies the engines)."""

    engine: Engine
    reader: Engine

    def pending(self) -> list[PendingItem]:
        with Session(self.reader) as session:
            rows = session.scalars(select(PendingRequery).order_by(PendingRequery.verified_at))
            return [pending_item(p) for p in rows]

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
                    return pending_item(row)
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
            values.update(summary_values(summarize(document)))
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
