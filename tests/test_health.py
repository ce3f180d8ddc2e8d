"""/healthz and /readyz: what a load balancer asks, open to anyone, telling nothing else."""

from __future__ import annotations

from conftest import _config_values

from tracker import create_app

UNREACHABLE = "postgresql+psycopg://nobody:nothing@127.0.0.1:9/none?connect_timeout=2"


def test_healthz_says_the_process_serves_without_a_login(anonymous):
    response = anonymous.get("/healthz")

    assert response.status_code == 200
    assert response.data == b"ok\n"
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_says_the_database_answers(anonymous):
    response = anonymous.get("/readyz")

    assert response.status_code == 200
    assert response.data == b"ready\n"


def test_readyz_is_503_with_retry_after_while_the_database_is_away_and_healthz_still_ok():
    app = create_app({**_config_values(), "SQLALCHEMY_DATABASE_URI": UNREACHABLE})
    client = app.test_client()

    ready, healthy = client.get("/readyz"), client.get("/healthz")

    assert ready.status_code == 503
    assert ready.headers["Retry-After"] == "5"
    assert ready.data == b"database unavailable\n"  # no connection string, no error text
    assert healthy.status_code == 200
