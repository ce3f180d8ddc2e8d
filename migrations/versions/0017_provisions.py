"""provisions: the vocabulary agreements are compared by, with a default set of 17

The default set follows the four groups of OPORA's comparison of Ukraine's
2024 security agreements. It is frozen here as it was when this revision was
written; analysts add to it on /provisions.

Revision ID: 9a3e7c5b1d42
Revises: 4c8d1f6b2e70
Create Date: 2026-11-30 12:00:00
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "9a3e7c5b1d42"
down_revision = "4c8d1f6b2e70"
branch_labels = None
depends_on = None

DEMOCRACY = "Democratic transformation and economic resilience"
MILITARY = "Military cooperation"
RESPONSIBILITY = "Responsibility for the aggression"
OTHER = "Other"
DEFAULT_PROVISIONS = [
    (DEMOCRACY, "Democracy, reform and EU integration", "Support for democratic reform and for the path to EU membership."),
    (DEMOCRACY, "Macroeconomic stability", "Budget and macro-financial support."),
    (DEMOCRACY, "Recovery and reconstruction", "Support for rebuilding and for investment."),
    (DEMOCRACY, "Critical infrastructure and energy", "Protection and repair of critical infrastructure and the energy system."),
    (MILITARY, "NATO accession", "Support for Ukraine's membership of NATO, or for interoperability on the way to it."),
    (MILITARY, "Defence-industrial base", "Joint production, investment in the defence industry, co-development."),
    (MILITARY, "Response to a new aggression", "Consultations within 24 hours of a new armed attack, and what follows them."),
    (MILITARY, "Nuclear and biological threats", "Cooperation against nuclear, radiological, biological and chemical threats."),
    (MILITARY, "Military financial commitments", "Stated amounts or shares of GDP for military aid."),
    (MILITARY, "Information security", "Cyber defence, countering disinformation, intelligence."),
    (RESPONSIBILITY, "A just peace", "Support for a just and lasting peace, such as the Peace Formula."),
    (RESPONSIBILITY, "Sanctions", "Sanctions against the aggressor and their enforcement."),
    (RESPONSIBILITY, "Compensation and frozen assets", "Compensation for damage, and the use of frozen Russian assets."),
    (RESPONSIBILITY, "Special tribunal", "A special tribunal for the crime of aggression, and accountability."),
    (OTHER, "Organised crime", "Cooperation against organised crime, trafficking and corruption."),
    (OTHER, "Humanitarian cooperation", "Humanitarian aid, demining, the return of deported children."),
    (OTHER, "Termination", "How the agreement ends or may be ended."),
]


def upgrade():
    provision = op.create_table(
        "provision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("category", sa.String(length=80), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", name=op.f("uq_provision_name")),
    )
    with op.batch_alter_table("provision", schema=None) as batch_op:
        batch_op.create_index("ix_provision_category", ["category"], unique=False)
    now = dt.datetime.now(dt.UTC)
    op.bulk_insert(
        provision,
        [
            {
                "name": name,
                "category": category,
                "description": description,
                "position": position,
                "created_at": now,
                "updated_at": now,
            }
            for position, (category, name, description) in enumerate(DEFAULT_PROVISIONS)
        ],
    )


def downgrade():
    op.drop_table("provision")
