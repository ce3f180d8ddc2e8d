"""agreement links: typed relations between agreements (amends, supersedes, implements …)

Revision ID: 4c8d1f6b2e70
Revises: 2b7c9e5d4f18
Create Date: 2026-11-30 11:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "4c8d1f6b2e70"
down_revision = "2b7c9e5d4f18"
branch_labels = None
depends_on = None

RELATIONS = ("amends", "supersedes", "implements", "extends", "relates_to")


def upgrade():
    op.create_table(
        "agreement_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "relation",
            sa.Enum(*RELATIONS, name="linkrelation", native_enum=False, create_constraint=True,
                    length=40),
            nullable=False,
        ),
        sa.Column("target_key", sa.String(length=80), nullable=False),
        sa.Column("on_edtf", sa.String(length=64), nullable=True),
        sa.Column("on_earliest", sa.Date(), nullable=True),
        sa.Column("on_latest", sa.Date(), nullable=True),
        sa.Column("on_estimate", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["agreement_id"], ["agreement.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("agreement_link", schema=None) as batch_op:
        for column in ("agreement_id", "target_key", "on_earliest", "on_latest", "on_estimate"):
            batch_op.create_index(f"ix_agreement_link_{column}", [column], unique=False)


def downgrade():
    op.drop_table("agreement_link")
