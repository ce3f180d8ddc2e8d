"""Security headers on every response, and error pages that never show the code behind them."""

from __future__ import annotations

import re

import pytest

from tracker.assets.views import plotly_asset_version

KEY = "nor-ukr-test"


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy as {directive: [sources]}."""
    header = response.headers["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


@pytest.fixture
def responses(app, client, anonymous, make_agreement):
    """One response of each sort the app sends."""
    make_agreement(key=KEY)

    def fetch(sort: str):
        response = {
            "page": lambda: client.get(f"/agreements/{KEY}"),
            "login page": lambda: anonymous.get("/login"),
            "redirect": lambda: anonymous.get("/agreements"),
            "forbidden": lambda: client.get("/users/"),
            "not found": lambda: client.get("/no-such-page"),
            "method not allowed": lambda: client.get("/logout"),
            "static file": lambda: anonymous.get("/static/css/app.css"),
            "plotly asset": lambda: anonymous.get(
                f"/assets/plotly-{plotly_asset_version()}.min.js"
            ),
            "json error": lambda: client.get(
                "/no-such-page", headers={"Accept": "application/json"}
            ),
        }[sort]()
        response.close()  # static files hold their file open until closed
        return response

    return fetch


SORTS = [
    "page",
    "login page",
    "redirect",
    "forbidden",
    "not found",
    "method not allowed",
    "static file",
    "plotly asset",
    "json error",
]


@pytest.mark.parametrize("sort", SORTS)
def test_every_response_carries_a_strict_content_security_policy(responses, sort):
    csp = policy(responses(sort))

    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]


@pytest.mark.parametrize("sort", SORTS)
def test_every_response_forbids_sniffing_and_limits_the_referrer(responses, sort):
    response = responses(sort)

    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in (
        "same-origin",
        "no-referrer",
        "strict-origin-when-cross-origin",
    )


def test_pages_hold_no_script_the_policy_would_block(client, make_agreement):
    """script-src 'self' blocks inline scripts: pages load scripts from files, data as JSON."""
    make_agreement(key=KEY, milestones=[{"key": "first-drones"}])
    page = client.get(f"/agreements/{KEY}").text

    scripts = re.findall(r"<script\b([^>]*)>", page)

    assert scripts, "the agreement page draws a chart, so it has scripts"
    for attributes in scripts:
        assert 'src="/' in attributes or 'type="application/json"' in attributes, attributes
    assert not re.search(r"\son[a-z]+=", page), "inline event handlers are scripts too"


# Error pages


@pytest.fixture
def broken_dashboard(app, monkeypatch):
    """The dashboard view raises, as a bug would; exceptions are handled as in production."""

    def broken():
        raise RuntimeError("secret detail from deep inside")

    monkeypatch.setitem(app.view_functions, "dashboard.dashboard", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False


def test_an_unexpected_error_shows_a_plain_500_page(client, broken_dashboard):
    response = client.get("/")

    assert response.status_code == 500
    assert "Internal Server Error" in response.text
    assert "Traceback" not in response.text
    assert "secret detail" not in response.text
    assert "RuntimeError" not in response.text


def test_an_unexpected_error_in_json_names_no_code_either(client, broken_dashboard):
    response = client.get("/", headers={"Accept": "application/json"})

    assert response.status_code == 500
    assert response.json["error"] == "Internal Server Error"
    assert "secret detail" not in response.text
    assert "Traceback" not in response.text


def test_the_500_page_carries_the_security_headers(client, broken_dashboard):
    response = client.get("/")

    assert policy(response)["script-src"] == ["'self'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("sort", "status", "name"),
    [
        ("not found", 404, "Not Found"),
        ("forbidden", 403, "Forbidden"),
        ("method not allowed", 405, "Method Not Allowed"),
    ],
)
def test_error_pages_give_the_status_and_no_stack_trace(responses, sort, status, name):
    response = responses(sort)

    assert response.status_code == status
    assert f"{status} · {name}" in response.text
    assert "Traceback" not in response.text
    assert "werkzeug" not in response.text.lower()
