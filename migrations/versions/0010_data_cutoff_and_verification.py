"""data cut-off and verification: "data as of" for the tracker, "last verified" per agreement

Revision ID: 8e2f6c4b1d93
Revises: 5b7e3a1c8d40
Create Date: 2026-11-30 07:20:00
"""
import sqlalchemy as sa
from alembic import op

revision = "8e2f6c4b1d93"
down_revision = "5b7e3a1c8d40"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "data_cutoff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_cutoff")),
    )
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_verified_on", sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f("ix_agreement_last_verified_on"), ["last_verified_on"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_last_verified_on"))
        batch_op.drop_column("last_verified_on")
    op.drop_table("data_cutoff")
