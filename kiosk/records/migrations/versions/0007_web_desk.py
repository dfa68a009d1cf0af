"""The web desk (kiosk.desk): alerts that fold repeats into a count, resolve (by staff, or by
themselves when their reception ends) and are cleared from the queue; the desk's staff accounts.

Revision ID: 0007_web_desk
Revises: 0006_requery_claim
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_web_desk"
down_revision = "0006_requery_claim"
branch_labels = None
depends_on = None

NEW_ALERT_COLUMNS = (
    "repeat_count", "last_raised_at", "resolved_at", "resolved_by", "resolved_why", "cleared_at",
)  # fmt: skip


def upgrade() -> None:
    # batch mode: SQLite cannot add a NOT NULL column with a default in place on every version.
    with op.batch_alter_table("staff_alert") as batch:
        batch.add_column(
            sa.Column("repeat_count", sa.Integer(), server_default=sa.text("1"), nullable=False)
        )
        batch.add_column(sa.Column("last_raised_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("resolved_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("resolved_by", sa.String(60), nullable=True))
        batch.add_column(sa.Column("resolved_why", sa.String(24), nullable=True))
        batch.add_column(sa.Column("cleared_at", sa.DateTime(), nullable=True))
    op.create_table(
        "desk_account",
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("failures", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_desk_account"),
    )


def downgrade() -> None:
    op.drop_table("desk_account")
    with op.batch_alter_table("staff_alert") as batch:
        for column in reversed(NEW_ALERT_COLUMNS):
            batch.drop_column(column)
