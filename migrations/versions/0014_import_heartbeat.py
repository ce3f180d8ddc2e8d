"""import heartbeat: a running import's last sign of life, to tell an interrupted one

Revision ID: 8e2f6a4c1b93
Revises: 5d3b8f1a9c27
Create Date: 2026-11-30 11:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "8e2f6a4c1b93"
down_revision = "5d3b8f1a9c27"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("import_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("beat_at", sa.DateTime(timezone=True), nullable=True))
        # room for "interrupted"
        batch_op.alter_column(
            "state", existing_type=sa.String(10), type_=sa.String(20), existing_nullable=False
        )


def downgrade():
    op.execute("UPDATE import_run SET state = 'failed' WHERE state = 'interrupted'")
    with op.batch_alter_table("import_run", schema=None) as batch_op:
        batch_op.alter_column(
            "state", existing_type=sa.String(20), type_=sa.String(10), existing_nullable=False
        )
        batch_op.drop_column("beat_at")
