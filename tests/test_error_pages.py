"""Errors answer with the app's own pages: what was wrong, what is allowed, when to retry."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from bench.browser import Browser
from tracker.extensions import db
from tracker.models import Agreement, AuditEntry


def test_a_405_page_says_which_methods_are_allowed(client):
    response = client.put("/agreements")

    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
    assert "Defense Cooperation Tracker" in response.text


def test_an_api_405_says_which_methods_are_allowed(api_as):
    response = api_as("viewer").put("/api/v1/agreements", json={})

    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert response.json["error"] == "Method Not Allowed"


def test_a_too_large_api_body_speaks_of_request_bodies_not_imports(app, api_as):
    limit = app.config["MAX_CONTENT_LENGTH"]

    response = api_as("analyst").post(
        "/api/v1/agreements", data=b"{" + b" " * limit + b"}", content_type="application/json"
    )

    assert response.status_code == 413
    assert "request body is larger than the limit of 5 MB" in response.json["message"]
    assert "import" not in response.json["message"].split(";")[0].lower()


def lost_connection() -> OperationalError:
    return OperationalError(
        "SELECT 1",
        {},
        psycopg.OperationalError("terminating connection due to administrator command"),
    )


@pytest.fixture
def session_cannot_close(monkeypatch):
    """A session whose connection died with the server: closing it fails as well."""

    def fail():
        raise lost_connection()

    monkeypatch.setattr(db.session.registry(), "close", fail)


@pytest.fixture
def outage_page(app):
    """A page whose query meets a database that has gone away."""

    @app.get("/outage-probe")
    def outage_probe():
        raise lost_connection()

    return "/outage-probe"


def test_a_database_outage_is_a_503_page_with_retry_after(
    login_as, outage_page, session_cannot_close
):
    response = login_as("viewer").get(outage_page)

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "The database is not answering right now" in response.text
    assert "Defense Cooperation Tracker" in response.text  # the app's page, not Werkzeug's


def test_an_api_client_gets_the_outage_as_json(login_as, outage_page, session_cannot_close):
    response = login_as("viewer").get(outage_page, headers={"Accept": "application/json"})

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.json["error"] == "Service Unavailable"


def test_a_session_that_cannot_be_closed_at_teardown_does_not_escape(app, session_cannot_close):
    app.do_teardown_appcontext(None)  # what ends every request: it must not raise

    assert not db.session.registry.has()  # the next request gets a new session


@pytest.fixture
def take_no_writes(app):
    """Call it to make every later request's transaction read-only, as on a database that
    takes no writes: the driver raises what a read-only SQLite file or a PostgreSQL
    standby raises."""
    postgresql = app.config["DATABASE_KIND"] == "postgresql"
    statement = text("SET TRANSACTION READ ONLY" if postgresql else "PRAGMA query_only = ON")

    def read_only() -> None:
        db.session.execute(statement)

    yield lambda: app.before_request(read_only)
    app.before_request_funcs[None].remove(read_only)
    if not postgresql:
        db.engine.dispose()  # pooled connections keep the pragma


def audit_entries() -> int:
    db.session.rollback()  # what is committed
    return db.session.scalar(select(func.count(AuditEntry.id)))


def test_a_database_that_takes_no_writes_is_a_clear_503_and_nothing_is_written(
    login_as, make_agreement, take_no_writes
):
    make_agreement(key="kept", title="As it was")
    client = login_as("analyst")
    entries = audit_entries()
    take_no_writes()
    form = client.get("/agreements/kept/edit")
    assert form.status_code == 200  # reading still works
    fields = {**Browser.fields_of(form.text, "/agreements/kept/edit"), "title": "Changed"}

    response = client.post("/agreements/kept/edit", data=fields)

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    assert "not accepting changes: it is read-only, or its disk is full" in response.text
    assert "Nothing was saved by this request" in response.text
    assert audit_entries() == entries
    assert db.session.scalar(select(Agreement.title).where(Agreement.key == "kept")) == "As it was"


def test_an_api_write_to_a_database_that_takes_no_writes_is_a_503_in_json(
    api_as, make_agreement, take_no_writes
):
    make_agreement(key="kept", title="As it was")
    client = api_as("analyst")
    take_no_writes()

    response = client.patch("/api/v1/agreements/kept", json={"title": "Changed", "version": 1})

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    assert "not accepting changes" in response.json["message"]
