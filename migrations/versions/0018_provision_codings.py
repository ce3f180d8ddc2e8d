"""provision codings: whether, where and in which words an agreement contains a provision

Revision ID: 6f2b8d4a9c15
Revises: 9a3e7c5b1d42
Create Date: 2026-11-30 12:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "6f2b8d4a9c15"
down_revision = "9a3e7c5b1d42"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "provision_coding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("provision_name", sa.String(length=120), nullable=False),
        sa.Column(
            "value",
            sa.Enum("present", "partial", "absent", name="codingvalue", native_enum=False,
                    create_constraint=True, length=40),
            nullable=False,
        ),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=2000), nullable=True),
        sa.ForeignKeyConstraint(["agreement_id"], ["agreement.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["provision_name"], ["provision.name"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("agreement_id", "provision_name",
                            name=op.f("uq_provision_coding_agreement_id_provision_name")),
    )
    with op.batch_alter_table("provision_coding", schema=None) as batch_op:
        batch_op.create_index("ix_provision_coding_agreement_id", ["agreement_id"], unique=False)
        batch_op.create_index("ix_provision_coding_provision_name", ["provision_name"], unique=False)


def downgrade():
    op.drop_table("provision_coding")
