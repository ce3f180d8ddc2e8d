"""date windows: recompute every stored bound under the tracker's own window policy

Revision ID: 6a1d0c93e7b2
Revises: 14c392618799
Create Date: 2026-11-30 06:40:00

The bounds beside each EDTF date used to come from the edtf package's padding,
which widened every "?" or "~" by a year, a month and a day at once. They are
derived values: this recomputes them from the text as typed, with
tracker.dates (the one place the policy lives), and with them the derived end
of each agreement and the slip of each milestone. Nothing typed changes.
Downgrading keeps the new bounds: the old padding is not worth restoring.
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

from tracker.dates import ApproximateDate, InvalidDate
from tracker.models.agreement import end_window

revision = "6a1d0c93e7b2"
down_revision = "14c392618799"
branch_labels = None
depends_on = None

DATE_COLUMNS = {
    "agreement": ("signed_on", "in_force_on", "ends_on"),
    "commitment": ("period",),
    "milestone": ("due", "completed_on"),
    "source": ("published_on",),
}


def upgrade():
    connection = op.get_bind()
    for table_name, names in DATE_COLUMNS.items():
        _recompute(connection, table_name, names)
    _recompute_agreement_ends(connection)
    _recompute_slips(connection)


def downgrade():
    pass


def _table(name, columns):
    return sa.table(name, sa.column("id"), *(sa.column(column) for column in columns))


def _reparsed(text):
    try:
        return ApproximateDate.parse(text)
    except InvalidDate:  # stored before a rule existed: keep what is there
        return None


def _recompute(connection, table_name, names):
    columns = [f"{name}_{part}" for name in names for part in ("edtf", "earliest", "latest")]
    table = _table(table_name, columns)
    for row in connection.execute(sa.select(table)).mappings().all():
        values = {}
        for name in names:
            date = _reparsed(row[f"{name}_edtf"]) if row[f"{name}_edtf"] else None
            if date is not None:
                values[f"{name}_earliest"], values[f"{name}_latest"] = date.earliest, date.latest
        if values:
            connection.execute(table.update().where(table.c.id == row["id"]).values(**values))


def _as_date(value):
    # SQLite hands back ISO strings through a lightweight table() with no types.
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _stored(row, name):
    text = row[f"{name}_edtf"]
    if text is None:
        return None
    return ApproximateDate(text, _as_date(row[f"{name}_earliest"]), _as_date(row[f"{name}_latest"]))


def _recompute_agreement_ends(connection):
    names = ("signed_on", "in_force_on", "ends_on")
    columns = [f"{name}_{part}" for name in names for part in ("edtf", "earliest", "latest")]
    table = _table("agreement", [*columns, "duration_years", "end_earliest", "end_latest"])
    for row in connection.execute(sa.select(table)).mappings().all():
        start = _stored(row, "in_force_on") or _stored(row, "signed_on")
        end = end_window(start, _stored(row, "ends_on"), row["duration_years"]) or (None, None)
        connection.execute(table.update().where(table.c.id == row["id"])
                           .values(end_earliest=end[0], end_latest=end[1]))


def _recompute_slips(connection):
    table = _table("milestone", ("due_latest", "first_due_edtf", "first_due_latest", "slip_days"))
    for row in connection.execute(sa.select(table)).mappings().all():
        first = _reparsed(row["first_due_edtf"]) if row["first_due_edtf"] else None
        first_latest = first.latest if first else _as_date(row["first_due_latest"])
        current = _as_date(row["due_latest"])
        slip = (current - first_latest).days if current and first_latest else 0
        connection.execute(table.update().where(table.c.id == row["id"])
                           .values(first_due_latest=first_latest, slip_days=slip))
