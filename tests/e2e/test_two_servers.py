"""Two servers on one PostgreSQL database, as a team that outgrew one machine runs them
behind a proxy: the database is the only state they share.

Both are started with the README's `make run`, from the same checkout (so with the same
secret key, as servers behind one proxy must be), on a PostgreSQL database of their own.
"""

from __future__ import annotations

import json
import time

import pytest

from bench.browser import Browser
from bench.served import NotServing, make_run
from e2e.conftest import own_postgres_database

LIMIT = "3 per minute"


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    database = own_postgres_database("_two_servers")
    environment = {"TRACKER_LOGIN_LIMIT": LIMIT}
    try:
        # The second starts once the first serves: migrated, and with its first admin.
        with (
            make_run(database, tmp_path_factory.mktemp("first"), **environment) as first,
            make_run(
                database, tmp_path_factory.mktemp("second"), first_admin=False, **environment
            ) as second,
        ):
            yield first, second
    except NotServing as error:
        pytest.fail(str(error))


def test_a_session_made_on_one_server_is_accepted_by_the_other(servers):
    first, second = servers
    browser = Browser(first.url)
    assert browser.log_in("admin", first.admin_password).status_code == 302

    browser.base = second.url  # the same cookies, the other server
    page = browser.get("/agreements")

    assert page.status_code == 200
    assert "admin · admin" in page.text


def test_an_import_staged_on_one_server_is_confirmed_on_the_other(servers):
    first, second = servers
    browser = Browser(second.url)
    assert browser.log_in("admin", first.admin_password).status_code == 302
    document = {
        "format": "defense-cooperation-tracker",
        "version": 1,
        "agreements": [
            {
                "key": "two-servers",
                "title": "Imported across servers",
                "kind": "treaty",
                "status": "signed",
                "parties": ["NOR", "UKR"],
            }
        ],
    }

    browser.base = first.url
    fields = browser.form("/import")
    staged = browser.session.post(
        first.url + "/import",
        data=fields,
        allow_redirects=False,
        timeout=30,
        files={"files": ("across.json", json.dumps(document).encode(), "application/json")},
    )
    preview = staged.headers["Location"]
    browser.base = second.url
    confirmed = browser.submit(preview, {})
    browser.base = first.url
    for _ in range(100):
        page = browser.get(preview)
        if "Import done" in page.text:
            break
        time.sleep(0.2)

    assert staged.status_code == 302
    assert confirmed.status_code == 302
    assert "Import done: 1 agreement(s) created" in page.text
    assert browser.get("/agreements/two-servers").status_code == 200


# Last: once the limit is reached, this address logs in nowhere for a minute.
def test_failed_logins_on_both_servers_add_up_to_one_limit(servers):
    first, second = servers

    failures = [Browser(first.url).log_in("admin", "wrong guess").status_code for _ in range(2)]
    failures.append(Browser(second.url).log_in("admin", "wrong guess").status_code)
    on_second = Browser(second.url).log_in("admin", second.admin_password or "x")
    on_first = Browser(first.url).log_in("admin", first.admin_password)

    assert failures == [200, 200, 200]
    assert on_second.status_code == 429
    assert on_first.status_code == 429
    assert int(on_first.headers["Retry-After"]) <= 60
