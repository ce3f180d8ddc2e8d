"""The migrations build exactly the schema the models describe, and keep data on upgrade.

Also the configuration the database and the sessions depend on.
"""

from __future__ import annotations

import datetime as dt
import stat

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from conftest import _config_values, _make_app
from flask import current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from tracker import create_app
from tracker.config import DEFAULT_DATABASE, database_url, make_secret_key
from tracker.dates import ApproximateDate
from tracker.extensions import db
from tracker.models import Agreement, FocusArea
from tracker.search.index import is_index_table

# The default vocabulary, as docs/codebook.md lists it.
DEFAULT_FOCUS_AREAS = {
    "Drone Production",
    "Air Defense",
    "Ammunition",
    "Technology Exchange",
    "Electronic Warfare",
    "Training",
    "Intelligence Sharing",
    "Defense Industry",
    "Financial Support",
    "Cyber",
    "Maritime Security",
    "Demining",
    "Reconstruction",
}


def head_revision() -> str:
    config = current_app.extensions["migrate"].migrate.get_config()
    return ScriptDirectory.from_config(config).get_current_head()


def current_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


WINDOWS_REVISION_BEFORE = "14c392618799"  # 0005, the head before 0006_date_windows


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                "include_name": lambda name, type_, _parents: (
                    not (type_ == "table" and is_index_table(name))
                ),
            },
        )
        differences = compare_metadata(context, db.metadata)

    assert differences == []


def test_upgrade_keeps_existing_data_and_ends_at_head(app, make_agreement):
    make_agreement(key="kept-across-upgrade", pillars=["Air Defense"])
    db.session.remove()

    upgrade()

    agreement = db.session.scalars(select(Agreement)).one()
    assert agreement.key == "kept-across-upgrade"
    assert [pillar.focus_area.name for pillar in agreement.pillars] == ["Air Defense"]
    assert current_revision() == head_revision()


def test_migration_seeds_the_default_focus_areas(app):
    names = list(db.session.scalars(select(FocusArea.name)))

    assert len(names) == 13
    assert set(names) == DEFAULT_FOCUS_AREAS


def test_downgrade_to_base_and_upgrade_again(tmp_path):
    scratch = create_app(
        {**_config_values(), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite3"}
    )
    with scratch.app_context():
        try:
            upgrade()
            downgrade(revision="base")
            tables_at_base = set(inspect(db.engine).get_table_names())
            revision_at_base = current_revision()
            upgrade()
            tables = inspect(db.engine).get_table_names()
            tables_at_head = {name for name in tables if not is_index_table(name)}
            search_tables = {name for name in tables if is_index_table(name)}
            focus_areas = set(db.session.scalars(select(FocusArea.name)))
            revision_at_head = current_revision()
        finally:
            db.session.remove()
            db.engine.dispose()

    assert tables_at_base <= {"alembic_version"}
    assert revision_at_base is None
    assert "agreement_search" in search_tables  # FTS5 and its shadow tables, not models
    assert tables_at_head == {table.name for table in db.metadata.sorted_tables} | {
        "alembic_version"
    }
    assert focus_areas == DEFAULT_FOCUS_AREAS
    assert revision_at_head is not None


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u:p@db.example/tracker", "postgresql+psycopg://u:p@db.example/tracker"),
        ("postgresql://u:p@db.example/tracker", "postgresql+psycopg://u:p@db.example/tracker"),
        ("postgresql+psycopg://u@db/tracker", "postgresql+psycopg://u@db/tracker"),
        ("sqlite:////srv/tracker.sqlite3", "sqlite:////srv/tracker.sqlite3"),
        (None, f"sqlite:///{DEFAULT_DATABASE}"),
    ],
)
def test_database_url_sends_postgresql_through_psycopg(given, used):
    assert database_url(given) == used


def test_sqlite_connections_enforce_foreign_keys_wal_and_a_busy_timeout(tmp_path):
    sqlite_app = _make_app(f"sqlite:///{tmp_path / 'pragmas.sqlite3'}")
    with sqlite_app.app_context():

        def pragma(name):
            return db.session.execute(text(f"PRAGMA {name}")).scalar()

        try:
            assert pragma("foreign_keys") == 1
            assert pragma("journal_mode") == "wal"
            assert pragma("busy_timeout") > 0
        finally:
            db.session.remove()
            db.engine.dispose()


def test_a_generated_secret_key_is_private_and_reused(tmp_path):
    key = make_secret_key(tmp_path)

    assert len(key) >= 32
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert make_secret_key(tmp_path) == key


def test_the_app_reads_the_key_that_tracker_secret_key_made(tmp_path):
    key = make_secret_key(tmp_path)
    app = create_app({**_config_values(), "SECRET_KEY": None}, instance_path=str(tmp_path))

    assert app.config["SECRET_KEY"] == key


def test_making_the_app_writes_no_files(tmp_path):
    with pytest.raises(RuntimeError, match="tracker secret-key"):
        create_app({**_config_values(), "SECRET_KEY": None}, instance_path=str(tmp_path))

    assert list(tmp_path.iterdir()) == []


def test_production_never_reads_a_generated_secret_key(tmp_path):
    make_secret_key(tmp_path)

    with pytest.raises(RuntimeError, match="SECRET_KEY must be set"):
        create_app(
            {**_config_values(), "SECRET_KEY": None, "PRODUCTION": True},
            instance_path=str(tmp_path),
        )


def test_the_app_refuses_to_start_in_production_without_a_secret_key():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({**_config_values(), "SECRET_KEY": None, "PRODUCTION": True})


def test_the_date_windows_migration_recomputes_padded_bounds(app, make_agreement):
    """Bounds stored under edtf's padding become the window policy's, with ends and slips."""
    make_agreement(
        key="padded",
        signed_on=ApproximateDate.parse("2026?"),
        duration_years=10,
        milestones=[{"key": "m", "due": "2027-01~"}],
    )
    with db.engine.begin() as connection:  # as the old padding stored them
        connection.execute(
            text(
                "UPDATE agreement SET signed_on_earliest = '2025-01-01', "
                "signed_on_latest = '2027-12-31', end_earliest = '2035-01-01', "
                "end_latest = '2037-12-31'"
            )
        )
        connection.execute(
            text(
                "UPDATE milestone SET due_earliest = '2025-12-01', due_latest = '2028-02-29', "
                "first_due_latest = '2028-02-29', slip_days = 0"
            )
        )
    db.session.remove()

    downgrade(revision=WINDOWS_REVISION_BEFORE)
    upgrade()

    agreement = db.session.scalars(select(Agreement)).one()
    milestone = agreement.milestones[0]
    assert (agreement.signed_on.earliest, agreement.signed_on.latest) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
    )
    assert (agreement.end_earliest, agreement.end_latest) == (
        dt.date(2036, 1, 1),
        dt.date(2036, 12, 31),
    )
    assert (milestone.due.earliest, milestone.due.latest) == (
        dt.date(2026, 12, 1),
        dt.date(2027, 2, 28),
    )
    assert (milestone.first_due_latest, milestone.slip_days) == (dt.date(2027, 2, 28), 0)


def test_a_migration_that_rebuilds_a_table_keeps_the_rows_that_refer_to_it(app, make_agreement):
    """SQLite rebuilds a table to drop a column; with foreign keys on, dropping the old copy
    once cascaded and deleted every pillar and milestone of every agreement."""
    make_agreement(key="kept", pillars=["Air Defense"], milestones=[{"key": "m"}])
    db.session.remove()

    downgrade(revision=WINDOWS_REVISION_BEFORE)
    upgrade()

    agreement = db.session.scalars(select(Agreement)).one()
    assert [pillar.focus_area.name for pillar in agreement.pillars] == ["Air Defense"]
    assert [milestone.key for milestone in agreement.milestones] == ["m"]
