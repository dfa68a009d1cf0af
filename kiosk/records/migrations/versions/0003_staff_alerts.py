"""Staff alerts (calls for staff, who took them) and the staff action audit trail.

Revision ID: 0003_staff_alerts
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_staff_alerts"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_alert",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kiosk_id", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(24), nullable=False),
        sa.Column("detail", sa.String(200), nullable=False),
        sa.Column("reception_id", sa.String(64), nullable=True),
        sa.Column("raised_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("taken_by", sa.String(60), nullable=True),
        sa.Column("taken_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_staff_alert"),
    )
    op.create_index("ix_staff_alert_updated_at", "staff_alert", ["updated_at"])
    op.create_table(
        "staff_action",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kiosk_id", sa.String(32), nullable=False),
        sa.Column("reception_id", sa.String(64), nullable=True),
        sa.Column("alert_id", sa.Integer(), nullable=True),
        sa.Column("staff_name", sa.String(60), nullable=False),
        sa.Column("route", sa.String(8), nullable=False),
        sa.Column("action", sa.String(24), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_staff_action"),
    )
    op.create_index("ix_staff_action_kiosk_id", "staff_action", ["kiosk_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_staff_action_kiosk_id", table_name="staff_action")
    op.drop_table("staff_action")
    op.drop_index("ix_staff_alert_updated_at", table_name="staff_alert")
    op.drop_table("staff_alert")
