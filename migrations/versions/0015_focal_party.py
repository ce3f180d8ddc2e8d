"""focal party: the party the tracker follows, whose counterparts the partner charts show

Revision ID: 2b7c9e5d4f18
Revises: 8e2f6a4c1b93
Create Date: 2026-11-30 11:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "2b7c9e5d4f18"
down_revision = "8e2f6a4c1b93"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "focal_party",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_code", sa.String(length=8), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["party_code"], ["party.code"]),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    op.drop_table("focal_party")
