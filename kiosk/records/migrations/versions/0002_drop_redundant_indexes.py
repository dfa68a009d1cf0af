"""Drop the single-column reception_id indexes on consent and audit: the (reception_id, seq)
unique constraints already index reception_id first, and every extra index costs each write.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_consent_reception_id", table_name="consent")
    op.drop_index("ix_audit_reception_id", table_name="audit")


def downgrade() -> None:
    op.create_index("ix_audit_reception_id", "audit", ["reception_id"])
    op.create_index("ix_consent_reception_id", "consent", ["reception_id"])
