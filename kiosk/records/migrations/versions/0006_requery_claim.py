"""Who is re-querying a pending reception: kiosks sharing one database claim a row before they
ask the service, so no reception is confirmed or resolved twice.

Revision ID: 0006_requery_claim
Revises: 0005_desk_list
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_requery_claim"
down_revision = "0005_desk_list"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite cannot add columns with constraints in place on every version.
    with op.batch_alter_table("pending_requery") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(64), nullable=True))
        batch.add_column(sa.Column("claimed_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pending_requery") as batch:
        batch.drop_column("claimed_at")
        batch.drop_column("claimed_by")
