"""best estimates: a stored best estimate beside each date window, and slips measured by it

Revision ID: 9c4e2b7f1a05
Revises: 6a1d0c93e7b2
Create Date: 2026-11-30 06:50:00

Each EDTF date gets a `<name>_estimate` column: the middle of its stated
window (tracker/dates.py), the one day to sort and count by. A milestone also
keeps the estimate of its first planned due date, and its slip becomes the
difference of the two estimates. The values are computed from the text as
typed; nothing typed changes.
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

from tracker.dates import estimate_or_none

revision = "9c4e2b7f1a05"
down_revision = "6a1d0c93e7b2"
branch_labels = None
depends_on = None

DATE_COLUMNS = {
    "agreement": ("signed_on", "in_force_on", "ends_on"),
    "commitment": ("period",),
    "milestone": ("due", "completed_on"),
    "source": ("published_on",),
}


def upgrade():
    for table_name, names in DATE_COLUMNS.items():
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            for name in names:
                batch_op.add_column(sa.Column(f"{name}_estimate", sa.Date(), nullable=True))
                batch_op.create_index(batch_op.f(f"ix_{table_name}_{name}_estimate"),
                                      [f"{name}_estimate"], unique=False)
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_due_estimate", sa.Date(), nullable=True))
    connection = op.get_bind()
    for table_name, names in DATE_COLUMNS.items():
        _backfill(connection, table_name, [(f"{name}_edtf", f"{name}_estimate") for name in names])
    _backfill(connection, "milestone", [("first_due_edtf", "first_due_estimate")])
    _recompute_slips(connection)


def downgrade():
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.drop_column("first_due_estimate")
    for table_name, names in DATE_COLUMNS.items():
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            for name in names:
                batch_op.drop_index(batch_op.f(f"ix_{table_name}_{name}_estimate"))
                batch_op.drop_column(f"{name}_estimate")


def _backfill(connection, table_name, pairs):
    table = sa.table(table_name, sa.column("id"),
                     *(sa.column(name) for pair in pairs for name in pair))
    for row in connection.execute(sa.select(table)).mappings().all():
        values = {estimate: estimate_or_none(row[text]) for text, estimate in pairs if row[text]}
        if values:
            connection.execute(table.update().where(table.c.id == row["id"]).values(**values))


def _as_date(value):
    # SQLite hands back ISO strings through a lightweight table() with no types.
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _recompute_slips(connection):
    table = sa.table("milestone", sa.column("id"), sa.column("due_estimate"),
                     sa.column("first_due_estimate"), sa.column("slip_days"))
    for row in connection.execute(sa.select(table)).mappings().all():
        current, first = _as_date(row["due_estimate"]), _as_date(row["first_due_estimate"])
        slip = (current - first).days if current and first else 0
        connection.execute(table.update().where(table.c.id == row["id"]).values(slip_days=slip))
