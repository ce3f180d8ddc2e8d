"""commitments that add up: category, stage, basis, qualifier, share of GDP; exchange rates

Revision ID: 7d1c5e9a3b26
Revises: 6f2b8d4a9c15
Create Date: 2026-11-30 14:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "7d1c5e9a3b26"
down_revision = "6f2b8d4a9c15"
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=40)


def upgrade():
    # Existing commitments were one amount in an agreement: pledged, one-off and exact is
    # what they said. Their category was never stated, so it stays empty.
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "category",
                _enum("commitmentcategory", "military", "financial", "humanitarian", "other"),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column(
                "stage",
                _enum("commitmentstage", "pledged", "allocated", "delivered"),
                nullable=False,
                server_default="pledged",
            )
        )
        batch_op.add_column(
            sa.Column(
                "basis",
                _enum("commitmentbasis", "one_off", "per_year", "over_period"),
                nullable=False,
                server_default="one_off",
            )
        )
        batch_op.add_column(
            sa.Column(
                "qualifier",
                _enum("amountqualifier", "exact", "up_to", "at_least"),
                nullable=False,
                server_default="exact",
            )
        )
        batch_op.add_column(sa.Column("gdp_share", sa.Numeric(7, 4), nullable=True))
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        for column in ("stage", "basis", "qualifier"):
            batch_op.alter_column(column, server_default=None)

    op.create_table(
        "exchange_rate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("base", sa.String(length=3), nullable=False),
        sa.Column("quote", sa.String(length=3), nullable=False),
        sa.Column("rate", sa.Numeric(24, 10), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("base", "quote", "on", name="uq_exchange_rate_base_quote_on"),
    )
    op.create_index("ix_exchange_rate_on", "exchange_rate", ["on"], unique=False)


def downgrade():
    op.drop_table("exchange_rate")
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        for enum in ("commitmentcategory", "commitmentstage", "commitmentbasis", "amountqualifier"):
            batch_op.drop_constraint(enum, type_="check")  # named by the convention
        for column in ("gdp_share", "qualifier", "basis", "stage", "category"):
            batch_op.drop_column(column)
