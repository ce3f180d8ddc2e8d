"""login attempts by address: the failed-login limit is counted from them

Revision ID: 3c9d2a7e5f14
Revises: 8e2f6c4b1d93
Create Date: 2026-11-30 09:40:00
"""

from alembic import op

revision = "3c9d2a7e5f14"
down_revision = "8e2f6c4b1d93"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_login_attempt_remote_addr_at"), ["remote_addr", "at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_attempt_remote_addr_at"))
