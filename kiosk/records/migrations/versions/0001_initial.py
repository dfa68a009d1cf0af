"""Receptions, consents, the audit log and pending re-queries.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reception",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("kiosk_id", sa.String(32), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("method", sa.String(8), nullable=True),
        sa.Column("end_reason", sa.String(200), nullable=False),
        sa.Column("needs_staff", sa.Boolean(), nullable=False),
        sa.Column("registered_now", sa.Boolean(), nullable=False),
        sa.Column("limit_provided", sa.Boolean(), nullable=True),
        sa.Column("qualification_validity", sa.String(1), nullable=True),
        sa.Column("patient_name", sa.String(100), nullable=True),
        sa.Column("patient_name_kana", sa.String(100), nullable=True),
        sa.Column("birth_date", sa.String(8), nullable=True),
        sa.Column("insurer_number", sa.String(8), nullable=True),
        sa.Column("insured_card_symbol", sa.String(40), nullable=True),
        sa.Column("insured_number", sa.String(40), nullable=True),
        sa.Column("insured_branch", sa.String(2), nullable=True),
        sa.Column("contribution_ratio", sa.String(3), nullable=True),
        sa.Column("limit_flag", sa.String(3), nullable=True),
        sa.Column("qualification", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reception"),
    )
    op.create_index("ix_reception_started_at", "reception", ["started_at"])
    extras: tuple[tuple[str, list[sa.Column[Any]]], ...] = (
        (
            "consent",
            [
                sa.Column("kind", sa.String(40), nullable=False),
                sa.Column("agreed", sa.Boolean(), nullable=False),
                sa.Column("cons_time", sa.DateTime(), nullable=False),
                sa.Column("available_time", sa.DateTime(), nullable=True),
            ],
        ),
        (
            "audit",
            [
                sa.Column("at", sa.DateTime(), nullable=False),
                sa.Column("source", sa.String(40), nullable=False),
                sa.Column("event", sa.String(60), nullable=False),
                sa.Column("target", sa.String(40), nullable=False),
                sa.Column("reason", sa.String(400), nullable=False),
            ],
        ),
    )
    for name, extra in extras:
        op.create_table(
            name,
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("reception_id", sa.String(64), nullable=False),
            sa.Column("seq", sa.Integer(), nullable=False),
            *extra,
            sa.ForeignKeyConstraint(
                ["reception_id"],
                ["reception.id"],
                name=f"fk_{name}_reception_id_reception",
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
            sa.UniqueConstraint("reception_id", "seq", name=f"uq_{name}_reception_seq"),
        )
        op.create_index(f"ix_{name}_reception_id", name, ["reception_id"])
    op.create_table(
        "pending_requery",
        sa.Column("reception_id", sa.String(64), nullable=False),
        sa.Column("cert_der", sa.LargeBinary(), nullable=False),
        sa.Column("method", sa.String(8), nullable=False),
        sa.Column("verified_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["reception_id"],
            ["reception.id"],
            name="fk_pending_requery_reception_id_reception",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("reception_id", name="pk_pending_requery"),
    )


def downgrade() -> None:
    op.drop_table("pending_requery")
    op.drop_index("ix_audit_reception_id", table_name="audit")
    op.drop_table("audit")
    op.drop_index("ix_consent_reception_id", table_name="consent")
    op.drop_table("consent")
    op.drop_index("ix_reception_started_at", table_name="reception")
    op.drop_table("reception")
