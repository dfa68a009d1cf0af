"""What the desk list needs to explain every reception: why it ended (a code said in words),
complete-but-partial, a name with ● or replaced characters, and the correct name staff record.

Revision ID: 0005_desk_list
Revises: 0004_result_files
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_desk_list"
down_revision = "0004_result_files"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reception") as batch:
        batch.add_column(sa.Column("end_code", sa.String(40), nullable=True))
        batch.add_column(
            sa.Column("partial", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(
            sa.Column("name_check", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(sa.Column("corrected_name", sa.String(100), nullable=True))
        batch.add_column(sa.Column("corrected_by", sa.String(60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reception") as batch:
        for column in ("corrected_by", "corrected_name", "name_check", "partial", "end_code"):
            batch.drop_column(column)
