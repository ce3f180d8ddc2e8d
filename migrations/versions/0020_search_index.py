"""search index: every text of an agreement, in SQLite FTS5 or a PostgreSQL tsvector

Revision ID: 3e8a6c2d9f41
Revises: 7d1c5e9a3b26
Create Date: 2026-11-30 15:00:00

The rows are written by the app (tracker/search), in the transaction of each write;
`tracker search-index` (which `make run` calls) fills them for the agreements a
database had before this revision.
"""

from alembic import op

revision = "3e8a6c2d9f41"
down_revision = "7d1c5e9a3b26"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        # rowid is the agreement's id; porter stems English word endings.
        op.execute(
            "CREATE VIRTUAL TABLE agreement_search USING fts5("
            "body, variants, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        return
    op.execute(
        """
        CREATE TABLE agreement_search (
            agreement_id integer PRIMARY KEY REFERENCES agreement (id) ON DELETE CASCADE,
            body text NOT NULL,
            variants text NOT NULL,
            document tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('english', body), 'A')
                || to_tsvector('english', variants)
            ) STORED
        )
        """
    )
    op.execute("CREATE INDEX ix_agreement_search_document ON agreement_search USING gin (document)")


def downgrade():
    op.execute("DROP TABLE agreement_search")
