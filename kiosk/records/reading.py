"""Reading stored receptions, as :class:`kiosk.records.store.RecordStore` answers the desk, the
export and the result files (kiosk.records.result_file), and the few updates made to a
reception after it was saved: its result file written, a name staff corrected."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session, selectinload

from kiosk.ports import StaffActionKind, Transition
from kiosk.records.alerts import AlertBook, staff_name_of
from kiosk.records.models import AuditEntry, Reception
from kiosk.records.rows import CLINIC_TZ, ReceptionRow, from_db, reception_row, to_db


class InvalidCorrection(ValueError):
    """A name correction the desk cannot record (empty, too long, no such reception)."""


class ReceptionReader:
    """The reading part of :class:`kiosk.records.store.RecordStore` (a mixin: the store supplies
    the engines and its alert book)."""

    engine: Engine
    reader: Engine
    alerts: AlertBook

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
            return [reception_row(r) for r in session.scalars(query)]

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
            return [reception_row(r) for r in session.scalars(query)]

    def reception(self, reception_id: str) -> ReceptionRow | None:
        query = (
            select(Reception)
            .where(Reception.id == reception_id)
            .options(selectinload(Reception.consents))
        )
        with Session(self.reader) as session:
            found = session.scalars(query).first()
            return reception_row(found) if found else None

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
