"""The result file per reception (OQSsiquc01res_face_…) and the 2025 flow items: whether a file
is still due, its name, the last error staff must see; PrescriptionIssueSelect and the 医療費助成
受給者証 answer.

Revision ID: 0004_result_files
Revises: 0003_staff_alerts
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_result_files"
down_revision = "0003_staff_alerts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reception") as batch:
        batch.add_column(sa.Column("prescription", sa.String(1), nullable=True))
        batch.add_column(sa.Column("subsidy_certificates", sa.Boolean(), nullable=True))
        batch.add_column(
            sa.Column("result_file_due", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(sa.Column("result_file", sa.String(120), nullable=True))
        batch.add_column(sa.Column("result_file_error", sa.String(200), nullable=True))
        batch.create_index("ix_reception_result_file_due", ["result_file_due"])


def downgrade() -> None:
    with op.batch_alter_table("reception") as batch:
        batch.drop_index("ix_reception_result_file_due")
        for column in (
            "result_file_error",
            "result_file",
            "result_file_due",
            "subsidy_certificates",
            "prescription",
        ):
            batch.drop_column(column)
