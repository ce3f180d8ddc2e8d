"""as stated: the source's own words beside each date of agreements and milestones

Revision ID: 3f8b5d2a9c61
Revises: 9c4e2b7f1a05
Create Date: 2026-11-30 07:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "3f8b5d2a9c61"
down_revision = "9c4e2b7f1a05"
branch_labels = None
depends_on = None

COLUMNS = {
    "agreement": ("signed_on", "in_force_on", "ends_on"),
    "milestone": ("due", "completed_on"),
}


def upgrade():
    for table_name, names in COLUMNS.items():
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            for name in names:
                batch_op.add_column(sa.Column(f"{name}_as_stated", sa.String(length=200),
                                              nullable=True))


def downgrade():
    for table_name, names in COLUMNS.items():
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            for name in names:
                batch_op.drop_column(f"{name}_as_stated")
