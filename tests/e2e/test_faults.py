"""Faults a team meets, against `make run`: the database restarting under load, the server
killed in the middle of a large import, and a database that takes no more writes.

Each reads the database afterwards (through `tracker export` or the audit trail), so
"nothing lost, nothing half-written" is checked, not assumed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import time
from urllib.parse import urlsplit

import psycopg
import pytest
import requests
from conftest import REQUIRE_POSTGRES
from sqlalchemy import create_engine, text

from bench.browser import Browser
from bench.load import load
from bench.served import make_run
from e2e.conftest import own_postgres_database
from tracker.config import database_url as normalised_url

KEY = "nor-ukr-2026-joint-declaration"  # the sample agreement `make run` seeds
FORMAT = {"format": "defense-cooperation-tracker", "version": 1}
IMPORTED = 10_000


def database_for(kind: str, folder, suffix: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'tracker.sqlite3'}"
    return own_postgres_database(suffix)


def state_of(served) -> tuple[str, int, int]:
    """All the records (the interchange export), and the audit trail's length and last id."""
    engine = create_engine(normalised_url(served.env["DATABASE_URL"]))
    try:
        with engine.connect() as connection:
            count, last = connection.execute(
                text("SELECT count(*), coalesce(max(id), 0) FROM audit_entry")
            ).one()
    finally:
        engine.dispose()
    return served.tracker("export", "-"), count, last


def audited_values(served, field: str) -> set[str]:
    """Every new value of ``field`` the audit trail records."""
    engine = create_engine(normalised_url(served.env["DATABASE_URL"]))
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT changes FROM audit_entry")).scalars()
            changes = [row if isinstance(row, dict) else json.loads(row) for row in rows]
    finally:
        engine.dispose()
    return {change[field][-1] for change in changes if field in change}


# --- the server killed in the middle of a large import --------------------------------


def bulk_document() -> bytes:
    agreements = [
        {
            "key": f"bulk-{n:05d}",
            "title": f"Bulk agreement {n}",
            "kind": "memorandum_of_understanding",
            "status": "signed",
            "parties": ["NOR", "UKR"],
        }
        for n in range(IMPORTED)
    ]
    return json.dumps({**FORMAT, "agreements": agreements}).encode()


def confirm_bulk_import(browser: Browser) -> str:
    """Upload and confirm the 10,000 agreements; the address of the import's page."""
    token = Browser.fields_of(browser.get("/import").text, "/import")["csrf_token"]
    preview = browser.session.post(
        browser.base + "/import",
        data={"csrf_token": token},
        files={"files": ("bulk.json", bulk_document(), "application/json")},
        allow_redirects=False,
        timeout=300,
    )
    assert preview.status_code == 302, preview.text[:1000]
    page = preview.headers["Location"]
    confirmed = browser.submit(page, {})
    assert confirmed.status_code == 302, confirmed.text[:1000]
    return page


def progress_on(browser: Browser, page: str) -> int:
    found = re.search(r"Importing: (\d+) of", browser.get(page).text)
    return int(found.group(1)) if found else -1


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_server_killed_during_a_large_import_leaves_the_database_as_it_was(
    kind, tmp_path_factory
):
    folder = tmp_path_factory.mktemp(f"killed-{kind}")
    database = database_for(kind, folder, "_killed_import")
    with make_run(database, folder) as served:
        browser = Browser(served.url)
        assert browser.log_in("admin", served.admin_password).status_code == 302
        before = state_of(served)
        page = confirm_bulk_import(browser)
        deadline = time.monotonic() + 300
        while progress_on(browser, page) < 100 and time.monotonic() < deadline:
            time.sleep(0.2)  # the import is well under way, its transaction open
        written = progress_on(browser, page)
        assert 100 <= written < IMPORTED, "the import must be killed in its middle"

        served.kill()

        assert state_of(served) == before

    with make_run(
        database, tmp_path_factory.mktemp(f"restarted-{kind}"), first_admin=False
    ) as again:
        browser = Browser(again.url)
        assert browser.log_in("admin", served.admin_password).status_code == 302
        deadline = time.monotonic() + 60
        while "interrupted" not in browser.get(page).text and time.monotonic() < deadline:
            time.sleep(1)  # its heartbeat is 15 s old at most
        shown = browser.get(page).text
        assert "The import was interrupted after" in shown
        assert "Nothing of it was written" in shown
        assert state_of(again) == before


# --- PostgreSQL restarted under load --------------------------------------------------


def restart_postgres(seconds_away: float) -> tuple[float, float]:
    """Stop the cluster the suite uses, wait, start it; when it went and when it was back."""
    went = time.monotonic()
    subprocess.run(["pg_ctlcluster", "15", "main", "stop", "-m", "fast"], check=True)
    time.sleep(seconds_away)
    subprocess.run(["pg_ctlcluster", "15", "main", "start"], check=True)
    subprocess.run(["pg_isready", "-q", "-t", "30", "-h", "127.0.0.1"], check=True)
    return went, time.monotonic()


def may_restart_postgres(database: str) -> None:
    local = urlsplit(database).hostname in ("127.0.0.1", "localhost")
    if local and shutil.which("pg_ctlcluster") and os.geteuid() == 0:
        return
    message = "restarting PostgreSQL needs the local cluster, pg_ctlcluster and root (as in CI)"
    if REQUIRE_POSTGRES:
        pytest.fail(message + "; TRACKER_REQUIRE_POSTGRES=1 forbids skipping it.")
    pytest.skip(message)


def test_postgresql_restarted_under_load_is_503_while_away_and_nothing_after(tmp_path):
    database = own_postgres_database("_restarted")
    may_restart_postgres(database)
    window = {}

    def restart() -> None:
        time.sleep(4)
        window["went"], window["back"] = restart_postgres(seconds_away=3)

    with make_run(database, tmp_path) as served:
        result = load(served, 6, 20, database, hot_agreements=3, during=restart)

    answers = result.tally.answers
    failures = [a for a in answers if a.status != 200 and a.status not in (302, 409)]
    away = [a for a in failures if a.status == 503]
    assert away, "no request met the database away: the restart was not exercised"
    assert all(a.retry_after for a in away), "a 503 without Retry-After"
    assert {a.status for a in failures} == {503}, failures
    after = [a for a in answers if a.asked > window["back"] + 1]  # a second to reconnect
    assert after, "no request after the database came back"
    assert {a.status for a in after} <= {200, 302, 409}
    assert result.problems == []  # every acknowledged write landed; no refused one did


# --- a database that takes no more writes ---------------------------------------------


def edit_until_refused(browser: Browser, attempts: int = 600):
    """Edit the sample agreement's summary until the server refuses three times in a row;
    the values it acknowledged and the refusals."""
    acknowledged, refused = [], []
    for n in range(attempts):
        value = f"until full {n}"
        response = browser.submit(f"/agreements/{KEY}/edit", {"summary": value})
        if response.status_code == 302:
            acknowledged.append(value)
            refused.clear()
        else:
            refused.append((value, response))
            if len(refused) == 3:
                break
    return acknowledged, refused


def assert_clear_refusal(response: requests.Response) -> None:
    assert response.status_code == 503, response.text[:500]
    assert response.headers["Retry-After"] == "60"
    assert "The database is not accepting changes" in response.text
    assert "Nothing was saved by this request" in response.text


def test_a_full_sqlite_disk_is_a_clear_page_and_nothing_half_written(tmp_path):
    database = f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    with make_run(database, tmp_path) as served:
        password = served.admin_password
    with sqlite3.connect(tmp_path / "tracker.sqlite3") as connection:  # start with an empty log
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # No file may grow past 1 MiB: the write-ahead log fills after some edits, as a disk would.
    with make_run(database, tmp_path, first_admin=False, file_size_limit=1 << 20) as served:
        browser = Browser(served.url)
        assert browser.log_in("admin", password).status_code == 302
        acknowledged, refused = edit_until_refused(browser)
        assert acknowledged and len(refused) == 3, "the database never filled"
        for _, response in refused:
            assert_clear_refusal(response)
        assert browser.get(f"/agreements/{KEY}").status_code == 200  # reading still works

    audited = audited_values(served, "summary")
    assert set(acknowledged) <= audited
    assert not {value for value, _ in refused} & audited
    with sqlite3.connect(tmp_path / "tracker.sqlite3") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def set_read_only(database: str, read_only: bool) -> None:
    """What an operator does to a PostgreSQL database (or a failover to a standby does):
    new sessions are read-only; the app's open connections are ended, as in a failover."""
    parts = urlsplit(database)
    name = parts.path.lstrip("/")
    admin = database.replace(f"/{name}", "/postgres", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            f'ALTER DATABASE "{name}" SET default_transaction_read_only = '
            + ("on" if read_only else "off")
        )
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )


def test_a_read_only_postgresql_database_is_a_clear_page_and_nothing_half_written(tmp_path):
    database = own_postgres_database("_read_only")
    with make_run(database, tmp_path) as served:
        browser = Browser(served.url)
        assert browser.log_in("admin", served.admin_password).status_code == 302
        before = state_of(served)
        set_read_only(database, True)
        try:
            acknowledged, refused = edit_until_refused(browser, attempts=3)
            assert acknowledged == []
            for _, response in refused:
                assert_clear_refusal(response)
            assert browser.get(f"/agreements/{KEY}").status_code == 200  # reading still works
        finally:
            set_read_only(database, False)
        assert state_of(served) == before
        acknowledged, _ = edit_until_refused(browser, attempts=1)
        assert acknowledged == ["until full 0"]  # writable again, without a restart
