"""Errors answer with the app's own pages: what was wrong, what is allowed, when to retry."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy.exc import OperationalError

from tracker.extensions import db


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
