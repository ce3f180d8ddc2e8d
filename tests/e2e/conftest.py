"""The application as it ships: `make run` in a process of its own, spoken to over HTTP.

Nothing here reaches into the app: the server is started by the README's
command (bench/served.py), on SQLite and on a PostgreSQL database of its
own, and the tests use it as a browser and an API client would. Accounts and
tokens are made with the `tracker` commands the README shows.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from conftest import POSTGRES_URL, REQUIRE_POSTGRES

from bench.served import NotServing, make_run

PASSWORD = "correct horse battery staple"


def own_postgres_database(suffix: str = "_served") -> str:
    """A database beside the suite's: the app fixture empties its own at will."""
    if not POSTGRES_URL:
        message = "the served app on PostgreSQL needs TRACKER_TEST_DATABASE_URL"
        if REQUIRE_POSTGRES:
            pytest.fail(message + "; TRACKER_REQUIRE_POSTGRES=1 forbids skipping it.")
        pytest.skip(message)
    parts = urlsplit(POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://"))
    name = parts.path.lstrip("/") + suffix
    with psycopg.connect(urlunsplit(parts), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    database = (
        f"sqlite:///{folder / 'tracker.sqlite3'}"
        if request.param == "sqlite"
        else own_postgres_database()
    )
    try:
        with make_run(database, folder) as served:
            yield served
    except NotServing as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def accounts(served):
    """An analyst and a viewer made with the README's commands, each with an API token."""
    tokens = {}
    for name, role in (("ana", "analyst"), ("vic", "viewer")):
        served.tracker(
            "create-user", name, "--role", role, "--password-stdin", stdin=PASSWORD + "\n"
        )
        tokens[role] = served.tracker("create-token", name, "--name", "end-to-end").strip()
    return tokens
