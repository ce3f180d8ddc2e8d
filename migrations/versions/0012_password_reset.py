"""password reset: an account may have to choose a new password at its next login

Revision ID: 7a1e4c8b2d65
Revises: 3c9d2a7e5f14
Create Date: 2026-11-30 09:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "7a1e4c8b2d65"
down_revision = "3c9d2a7e5f14"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
