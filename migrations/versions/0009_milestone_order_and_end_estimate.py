"""milestone order and end estimate: the order analysts gave, and the best estimate of an end

Revision ID: 5b7e3a1c8d40
Revises: 3f8b5d2a9c61
Create Date: 2026-11-30 07:10:00

Milestones get a `position`: existing ones are numbered in the order they
were listed (best estimate of the due date, then key), moved where needed so
that no milestone comes before one it depends on. Agreements get
`end_estimate`, the best estimate of their derived end.
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

from tracker.dates import estimate_or_none
from tracker.milestones.dependencies import prerequisites_first
from tracker.models.agreement import add_years

revision = "5b7e3a1c8d40"
down_revision = "3f8b5d2a9c61"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.add_column(sa.Column("position", sa.Integer(), server_default="0",
                                      nullable=False))
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("end_estimate", sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f("ix_agreement_end_estimate"), ["end_estimate"],
                              unique=False)
    connection = op.get_bind()
    _number_milestones(connection)
    _estimate_ends(connection)


def downgrade():
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_end_estimate"))
        batch_op.drop_column("end_estimate")
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.drop_column("position")


def _as_date(value):
    # SQLite hands back ISO strings through a lightweight table() with no types.
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _number_milestones(connection):
    milestone = sa.table("milestone", sa.column("id"), sa.column("agreement_id"),
                         sa.column("key"), sa.column("due_estimate"), sa.column("position"))
    dependency = sa.table("milestone_dependency", sa.column("milestone_id"),
                          sa.column("depends_on_id"))
    rows = connection.execute(sa.select(milestone)).mappings().all()
    needs = {}
    for link in connection.execute(sa.select(dependency)).mappings().all():
        needs.setdefault(link["milestone_id"], set()).add(link["depends_on_id"])
    by_agreement = {}
    for row in rows:
        by_agreement.setdefault(row["agreement_id"], []).append(row)
    for members in by_agreement.values():
        members.sort(key=lambda row: (_as_date(row["due_estimate"]) is None,
                                      _as_date(row["due_estimate"]) or dt.date.min, row["key"]))
        ids = [row["id"] for row in members]
        ordered = prerequisites_first(ids, lambda milestone_id: needs.get(milestone_id, ()))
        for position, milestone_id in enumerate(ordered):
            connection.execute(milestone.update().where(milestone.c.id == milestone_id)
                               .values(position=position))


def _estimate_ends(connection):
    agreement = sa.table("agreement", sa.column("id"), sa.column("signed_on_edtf"),
                         sa.column("in_force_on_edtf"), sa.column("ends_on_edtf"),
                         sa.column("duration_years"), sa.column("end_estimate"))
    for row in connection.execute(sa.select(agreement)).mappings().all():
        if row["ends_on_edtf"]:
            estimate = estimate_or_none(row["ends_on_edtf"])
        elif row["duration_years"]:
            start = estimate_or_none(row["in_force_on_edtf"] or row["signed_on_edtf"])
            estimate = add_years(start, row["duration_years"])
        else:
            continue
        connection.execute(agreement.update().where(agreement.c.id == row["id"])
                           .values(end_estimate=estimate))
