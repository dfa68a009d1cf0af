"""The tables a clinic keeps for each reception. Never a PIN, a photo, an encoding or a My Number:
there is deliberately no column that could hold one.

Times are stored as naive UTC on every database so SQLite (no time zones) and PostgreSQL compare
and sort the same way; :mod:`kiosk.records.store` converts at the boundary.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Fixed constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Reception(Base):
    __tablename__ = "reception"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the idempotency key
    kiosk_id: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(DateTime())
    ended_at: Mapped[datetime] = mapped_column(DateTime())
    outcome: Mapped[str] = mapped_column(String(16))  # ReceptionOutcome value
    method: Mapped[str | None] = mapped_column(String(8))  # VerificationMethod value
    end_reason: Mapped[str] = mapped_column(String(200))
    needs_staff: Mapped[bool] = mapped_column(Boolean)
    registered_now: Mapped[bool] = mapped_column(Boolean)  # 保険証利用登録 done at the kiosk
    limit_provided: Mapped[bool | None] = mapped_column(Boolean)  # 限度額情報 提供する/しない
    # Result items copied out of the document for the staff list and searches.
    qualification_validity: Mapped[str | None] = mapped_column(String(1))
    patient_name: Mapped[str | None] = mapped_column(String(100))
    patient_name_kana: Mapped[str | None] = mapped_column(String(100))
    birth_date: Mapped[str | None] = mapped_column(String(8))  # yyyyMMdd, as in the result
    insurer_number: Mapped[str | None] = mapped_column(String(8))
    insured_card_symbol: Mapped[str | None] = mapped_column(String(40))
    insured_number: Mapped[str | None] = mapped_column(String(40))
    insured_branch: Mapped[str | None] = mapped_column(String(2))
    contribution_ratio: Mapped[str | None] = mapped_column(String(3))
    limit_flag: Mapped[str | None] = mapped_column(String(3))  # ClassificationFlag, e.g. A03
    qualification: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the result document
    updated_at: Mapped[datetime] = mapped_column(DateTime())
    # The 2025 flow items (None where the clinic does not ask).
    prescription: Mapped[str | None] = mapped_column(String(1))  # PrescriptionIssueSelect
    subsidy_certificates: Mapped[bool | None] = mapped_column(Boolean)  # 医療費助成の受給者証
    # The result file for the clinic's systems: due until written (then its name), and why the
    # last attempt failed, for staff (kiosk.records.result_file).
    result_file_due: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    result_file: Mapped[str | None] = mapped_column(String(120))
    result_file_error: Mapped[str | None] = mapped_column(String(200))
    # For the desk: why it ended (a code the desk says in words), complete but with consents
    # missing, a name with ● or replaced characters, and the correct name staff recorded.
    end_code: Mapped[str | None] = mapped_column(String(40))
    partial: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    name_check: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    corrected_name: Mapped[str | None] = mapped_column(String(100))
    corrected_by: Mapped[str | None] = mapped_column(String(60))

    consents: Mapped[list[Consent]] = relationship(
        back_populates="reception", cascade="all, delete-orphan", passive_deletes=True
    )
    audit: Mapped[list[AuditEntry]] = relationship(
        back_populates="reception",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="AuditEntry.seq",
    )

    __table_args__ = (
        Index("ix_reception_started_at", "started_at"),
        Index("ix_reception_result_file_due", "result_file_due"),
    )


class Consent(Base):
    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Indexed by the (reception_id, seq) unique constraint, which leads with it.
    reception_id: Mapped[str] = mapped_column(ForeignKey("reception.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))  # ConsentKind value (element-name prefix)
    agreed: Mapped[bool] = mapped_column(Boolean)
    cons_time: Mapped[datetime] = mapped_column(DateTime())
    available_time: Mapped[datetime | None] = mapped_column(DateTime())

    reception: Mapped[Reception] = relationship(back_populates="consents")

    __table_args__ = (UniqueConstraint("reception_id", "seq", name="uq_consent_reception_seq"),)


class AuditEntry(Base):
    """One flow transition with its reason: the reception's audit log."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Indexed by the (reception_id, seq) unique constraint, which leads with it.
    reception_id: Mapped[str] = mapped_column(ForeignKey("reception.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime())
    source: Mapped[str] = mapped_column(String(40))
    event: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(400))

    reception: Mapped[Reception] = relationship(back_populates="audit")

    __table_args__ = (UniqueConstraint("reception_id", "seq", name="uq_audit_reception_seq"),)


class PendingRequery(Base):
    """A reception recorded while the service was down. The row (and with it the public
    user-auth certificate) is deleted as soon as the reception is resolved."""

    __tablename__ = "pending_requery"

    reception_id: Mapped[str] = mapped_column(
        ForeignKey("reception.id", ondelete="CASCADE"), primary_key=True
    )
    cert_der: Mapped[bytes] = mapped_column(LargeBinary)
    method: Mapped[str] = mapped_column(String(8))
    verified_at: Mapped[datetime] = mapped_column(DateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(200), default="")
    # The kiosk asking the service about it right now, and since when (a claim older than the
    # lease is a kiosk that died mid-question, and may be taken over).
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime())


class StaffAlertRow(Base):
    """A call for staff (kiosk, reason, when) and who took it. No foreign key to ``reception``:
    an alert is raised while the reception is still running, before its record exists."""

    __tablename__ = "staff_alert"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kiosk_id: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(24))  # AlertReason value
    detail: Mapped[str] = mapped_column(String(200))  # a code or a short English note, no names
    reception_id: Mapped[str | None] = mapped_column(String(64))
    raised_at: Mapped[datetime] = mapped_column(DateTime())
    updated_at: Mapped[datetime] = mapped_column(DateTime())  # the desks' cheap poll reads its max
    taken_by: Mapped[str | None] = mapped_column(String(60))
    taken_at: Mapped[datetime | None] = mapped_column(DateTime())
    # The web desk (kiosk.desk): a machine alert raised again while still open is one line with
    # a count (a kiosk restarting without its reader), not a screenful of the same words.
    repeat_count: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    last_raised_at: Mapped[datetime | None] = mapped_column(DateTime())
    # Handled: by whom (None when it resolved itself) and why ("staff", "reception_ended");
    # cleared: staff pressed 「対応済みを消す」 and the desks no longer list it.
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime())
    resolved_by: Mapped[str | None] = mapped_column(String(60))
    resolved_why: Mapped[str | None] = mapped_column(String(24))
    cleared_at: Mapped[datetime | None] = mapped_column(DateTime())

    __table_args__ = (Index("ix_staff_alert_updated_at", "updated_at"),)


class StaffActionRow(Base):
    """Every staff action, at the desk or at the kiosk, failed tries included: the staff audit
    trail. The kiosks read the desk's actions meant for them from here (by kiosk and id)."""

    __tablename__ = "staff_action"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime())
    kiosk_id: Mapped[str] = mapped_column(String(32))
    reception_id: Mapped[str | None] = mapped_column(String(64))
    alert_id: Mapped[int | None] = mapped_column(Integer)
    staff_name: Mapped[str] = mapped_column(String(60))
    route: Mapped[str] = mapped_column(String(8))  # "desk" | "kiosk"
    action: Mapped[str] = mapped_column(String(24))  # StaffActionKind value
    ok: Mapped[bool] = mapped_column(Boolean)
    detail: Mapped[str] = mapped_column(String(200))

    __table_args__ = (Index("ix_staff_action_kiosk_id", "kiosk_id", "id"),)


class DeskAccount(Base):
    """A staff account of the web desk (kiosk.desk): the name the audit trail records, a salted
    scrypt hash of the password (never the password), and the lockout after wrong ones."""

    __tablename__ = "desk_account"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime())
    created_at: Mapped[datetime] = mapped_column(DateTime())
