"""The served app, over HTTP: logins and forms as a browser makes them, the API as a client.

These are the promises that the in-process tests could once pass while the
shipped server broke them (CSRF on API writes): each is checked here against
`make run`, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import re

import pytest
import requests

from bench.browser import Browser
from e2e.conftest import PASSWORD

KEY = "nor-ukr-2026-joint-declaration"  # the sample agreement `make run` seeds
API = "/api/v1"


def api(served, method: str, path: str, token: str | None = None, **kwargs):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, served.url + API + path, headers=headers, timeout=30, **kwargs)


def title_of(served, key: str) -> str:
    found = re.search(
        r"<h1[^>]*>(.*?)</h1>",
        requests.get(
            f"{served.url}/agreements/{key}", cookies=admin_cookies(served), timeout=30
        ).text,
        re.S,
    )
    return found.group(1).strip() if found else ""


_admin_cookies: dict = {}


def admin_cookies(served):
    if served.url not in _admin_cookies:
        browser = Browser(served.url)
        assert browser.log_in("admin", served.admin_password).status_code == 302
        _admin_cookies[served.url] = browser.session.cookies
    return _admin_cookies[served.url]


def test_the_first_admin_logs_in_through_the_form(served):
    browser = Browser(served.url)

    response = browser.log_in("admin", served.admin_password)

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "admin · admin" in browser.get("/").text


def test_a_wrong_password_is_refused_on_the_form(served):
    response = Browser(served.url).log_in("admin", "not the password")

    assert response.status_code == 200
    assert "Unknown username or wrong password." in response.text


def test_an_analyst_edits_the_sample_agreement_through_its_form(served, accounts):
    browser = Browser(served.url)
    assert browser.log_in("ana", PASSWORD).status_code == 302

    response = browser.submit(
        f"/agreements/{KEY}/edit", {"title": "Joint declaration, edited in a browser"}
    )

    assert response.status_code == 302
    assert title_of(served, KEY) == "Joint declaration, edited in a browser"


def test_a_form_post_without_its_csrf_token_is_refused_and_changes_nothing(served, accounts):
    browser = Browser(served.url)
    assert browser.log_in("ana", PASSWORD).status_code == 302
    before = title_of(served, KEY)
    fields = browser.form(f"/agreements/{KEY}/edit")
    del fields["csrf_token"]

    response = browser.session.post(
        f"{served.url}/agreements/{KEY}/edit",
        data={**fields, "title": "Forged"},
        allow_redirects=False,
    )

    assert response.status_code == 400
    assert "CSRF" in response.text
    assert title_of(served, KEY) == before


def test_an_analyst_token_creates_changes_and_deletes_through_the_api(served, accounts):
    token = accounts["analyst"]
    record = {
        "key": "e2e-api-agreement",
        "title": "Made through the API",
        "kind": "treaty",
        "status": "signed",
        "parties": ["NOR", "UKR"],
        "signed_on": "2025-03~",
    }

    created = api(served, "POST", "/agreements", token, json=record)
    assert created.status_code == 201, created.text
    version = created.json()["version"]

    changed = api(
        served,
        "PATCH",
        "/agreements/e2e-api-agreement",
        token,
        json={"title": "Changed through the API", "version": version},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["title"] == "Changed through the API"

    deleted = api(
        served,
        "DELETE",
        "/agreements/e2e-api-agreement",
        token,
        params={"version": changed.json()["version"]},
    )
    assert deleted.status_code == 204, deleted.text
    assert api(served, "GET", "/agreements/e2e-api-agreement", token).status_code == 404


def test_a_stale_version_gets_409_and_writes_nothing(served, accounts):
    token = accounts["analyst"]
    current = api(served, "GET", f"/agreements/{KEY}", token).json()

    stale = api(
        served,
        "PATCH",
        f"/agreements/{KEY}",
        token,
        json={"title": "Overwrites someone", "version": current["version"] - 1},
    )

    assert stale.status_code == 409
    assert api(served, "GET", f"/agreements/{KEY}", token).json()["title"] == current["title"]


WRITES = [
    (
        "POST",
        "/agreements",
        {
            "key": "viewer-made",
            "title": "No",
            "kind": "treaty",
            "status": "signed",
            "parties": ["NOR", "UKR"],
        },
    ),
    ("PATCH", f"/agreements/{KEY}", {"title": "No", "version": 1}),
    ("DELETE", f"/agreements/{KEY}?version=1", None),
    (
        "POST",
        f"/agreements/{KEY}/milestones",
        {"key": "no", "title": "No", "kind": "first_delivery"},
    ),
    ("POST", "/focus-areas", {"name": "Viewer focus area"}),
]


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_a_viewer_token_gets_403_on_writes_and_no_token_gets_401(
    served, accounts, method, path, body
):
    as_viewer = api(served, method, path, accounts["viewer"], json=body)
    anonymous = api(served, method, path, None, json=body)

    assert (as_viewer.status_code, anonymous.status_code) == (403, 401)
    assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_browser_session_cookie_opens_no_api_route(served):
    browser = Browser(served.url)
    assert browser.log_in("admin", served.admin_password).status_code == 302

    read = browser.get(f"{API}/agreements")
    write = browser.session.patch(
        f"{served.url}{API}/agreements/{KEY}", json={"title": "Through a cookie", "version": 1}
    )

    assert (read.status_code, write.status_code) == (401, 401)


def test_no_server_version_banner_and_405_says_what_is_allowed(served):
    response = requests.put(f"{served.url}/login", timeout=30)

    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    assert not re.search(r"werkzeug|python|/\d", response.headers.get("Server", ""), re.I)
