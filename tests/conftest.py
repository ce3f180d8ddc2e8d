"""Fixtures: every test that uses ``app`` runs once on SQLite and once on PostgreSQL.

The schema comes from the real migrations, never from ``create_all``: what
the tests use is what ``tracker db upgrade`` builds.

PostgreSQL runs when TRACKER_TEST_DATABASE_URL names a database the tests
may empty. Without it those tests skip, unless TRACKER_REQUIRE_POSTGRES=1
(set by .ci/run), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import uuid

import pytest
from flask import g, request_started
from flask_migrate import upgrade
from form_client import FormClient
from sqlalchemy import delete, select, text

from tracker import create_app
from tracker.agreements.operations import create_agreement
from tracker.auth.operations import create_user
from tracker.auth.tokens import create_api_token
from tracker.config import TestConfig, database_url
from tracker.dates import ApproximateDate
from tracker.extensions import db
from tracker.milestones.operations import create_milestone
from tracker.models import (
    AgreementKind,
    AgreementStatus,
    FocusArea,
    MilestoneKind,
    MilestoneStatus,
    PillarStatus,
    Provision,
    Role,
    User,
)
from tracker.pillars.operations import create_pillar

POSTGRES_URL = os.environ.get("TRACKER_TEST_DATABASE_URL")
REQUIRE_POSTGRES = os.environ.get("TRACKER_REQUIRE_POSTGRES") == "1"
VOCABULARIES = (FocusArea, Provision)  # what the migrations ship, kept between tests


def _make_app(url: str):
    app = create_app({**_config_values(), "SQLALCHEMY_DATABASE_URI": url})
    app.test_client_class = FormClient  # posts forms with their CSRF token, as a browser does
    return app


def _config_values() -> dict:
    return {name: getattr(TestConfig, name) for name in dir(TestConfig) if name.isupper()}


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A migrated SQLite file, copied for each test (faster than migrating each time)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    app = _make_app(f"sqlite:///{path}")
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_baseline():
    """Migrate the PostgreSQL test database once; return the vocabulary the migrations made,
    by table."""
    if not POSTGRES_URL:
        message = "PostgreSQL tests need TRACKER_TEST_DATABASE_URL (see README, Testing)"
        if REQUIRE_POSTGRES:
            pytest.fail(message + "; TRACKER_REQUIRE_POSTGRES=1 forbids skipping them.")
        pytest.skip(message)
    app = _make_app(database_url(POSTGRES_URL))
    with app.app_context():
        # Start from nothing, so the migrations are tested on PostgreSQL too.
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        upgrade()
        baseline = {
            model.__tablename__: set(db.session.scalars(select(model.id))) for model in VOCABULARIES
        }
        db.session.remove()
        db.engine.dispose()
    return baseline


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request, tmp_path):
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        app = _make_app(f"sqlite:///{path}")
    else:
        baseline = request.getfixturevalue("postgres_baseline")
        app = _make_app(database_url(POSTGRES_URL))
    app.config["DATABASE_KIND"] = request.param
    with app.app_context(), request_started.connected_to(_forget_user, app):
        yield app
        db.session.remove()
        if request.param == "postgresql":
            _empty_postgres(baseline)
        db.engine.dispose()


def _forget_user(sender, **extra) -> None:
    """Each request starts with an empty ``g``, as in production.

    The test's app context outlives its requests, and extensions cache per-request
    values on ``g``: Flask-Login the user, Flask-WTF the signed CSRF token. Without
    this, a second client would act as the first, and carry the first one's token.
    """
    for name in list(g):
        g.pop(name)


def _empty_postgres(baseline: dict[str, set[int]]) -> None:
    """Leave the shared database as the migration made it."""
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            if table.name in baseline:  # the vocabularies the migrations ship
                connection.execute(delete(table).where(table.c.id.not_in(baseline[table.name])))
            elif table.name == "audit_entry":  # append-only: its trigger refuses DELETE
                connection.execute(text("TRUNCATE audit_entry"))
            else:
                connection.execute(delete(table))


PASSWORD = "correct horse battery staple"


@pytest.fixture
def make_user(app):
    """Factory: make_user("viewer") -> a saved, active user with PASSWORD."""

    def make(role: str = "analyst", username: str | None = None) -> User:
        user = create_user(username or f"{role}-{uuid.uuid4().hex[:8]}", PASSWORD, Role(role))
        db.session.commit()
        return user

    return make


@pytest.fixture
def login_as(app, make_user):
    """login_as("viewer") -> a test client with a session for a new user of that role."""

    def login(role: str, user: User | None = None):
        user = user or make_user(role)
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        client.user = user
        return client

    return login


@pytest.fixture
def client(login_as):
    """An analyst's client: most tests are about what an analyst does."""
    return login_as("analyst")


@pytest.fixture
def anonymous(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def agreement_values(**overrides) -> dict:
    """Valid values for create_agreement(), as AgreementForm.values() returns them."""
    values = {
        "key": "nor-ukr-test",
        "title": "Norway–Ukraine test declaration",
        "kind": AgreementKind.JOINT_DECLARATION,
        "status": AgreementStatus.SIGNED,
        "parties": ["NOR", "UKR"],
        "signed_on": ApproximateDate.parse("2024-05-31"),
        "signed_at": "Stockholm",
        "signed_on_as_stated": None,
        "in_force_on": None,
        "in_force_on_as_stated": None,
        "ends_on_as_stated": None,
        "last_verified_on": None,
        "ends_on": None,
        "duration_years": 10,
        "summary": "A test agreement.",
        "tags": ["drones"],
        "signatories": [{"name": "Jonas Gahr Støre", "role": "Prime Minister", "party": "NOR"}],
        "commitments": [],
    }
    values.update(overrides)
    return values


@pytest.fixture
def make_agreement(app):
    """Factory: make_agreement(key="x", pillars=["Air Defense"], milestones=[{...}])."""

    def make(pillars=("Drone Production",), milestones=(), **overrides):
        agreement = create_agreement(agreement_values(**overrides))
        for name in pillars:
            create_pillar(
                agreement,
                {
                    "focus_area": name,
                    "objective": f"{name} objective",
                    "strategic_intent": f"{name} intent",
                    "status": PillarStatus.ACTIVE,
                    "position": None,
                },
            )
        for milestone in milestones:
            create_milestone(agreement, milestone_values(**milestone))
        db.session.commit()
        return agreement

    return make


def milestone_values(**overrides) -> dict:
    values = {
        "key": "first-drones",
        "title": "First drones delivered",
        "kind": MilestoneKind.FIRST_DELIVERY,
        "status": MilestoneStatus.PLANNED,
        "pillar": None,
        "due": ApproximateDate.parse("2026-21"),
        "due_as_stated": None,
        "completed_on": None,
        "completed_on_as_stated": None,
        "depends_on": [],
        "description": "",
    }
    values.update(overrides)
    for name in ("due", "completed_on"):
        if isinstance(values[name], str):
            values[name] = ApproximateDate.parse(values[name])
    return values


@pytest.fixture
def api_as(app, make_user):
    """api_as("viewer") -> a test client whose every request carries a new user's API token."""

    def make(role: str = "analyst", user: User | None = None):
        user = user or make_user(role)
        _, token = create_api_token(user, "test")
        db.session.commit()
        client = app.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        client.user, client.token = user, token
        return client

    return make
