"""Who may read and who may write: every registered URL rule × every role, checked on the server.

Each (rule, method) the app registers must be classified in NEEDS below; a
new route fails ``test_every_route_is_classified`` until someone decides, on
purpose, who may use it.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from conftest import PASSWORD
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from bench.page_forms import PostForm
from tracker import create_app
from tracker.assets.views import plotly_asset_version
from tracker.config import TestConfig
from tracker.extensions import db
from tracker.feeds.operations import create_feed_token
from tracker.imports.jobs import wait
from tracker.imports.preview import preview_import
from tracker.imports.reading import Upload
from tracker.imports.staging import stage
from tracker.models import Reliability
from tracker.rates.operations import create_rate
from tracker.sources.operations import create_source

ROLES = ("anonymous", "viewer", "analyst", "admin")  # each may do all the one before may
PUBLIC = "public"  # anyone, logged in or not
SIGNED_IN = "signed in"  # any role at all: logging out
# The JSON API authenticates by bearer token, never by session: a viewer's token reads, an
# analyst's writes (tests/test_api_tokens.py); here, every session is refused with 401.
TOKEN = "bearer token"
KEY = "nor-ukr-test"

NEEDS = {
    ("/login", "GET"): PUBLIC,
    ("/login", "POST"): PUBLIC,
    ("/static/<path:filename>", "GET"): PUBLIC,
    ("/assets/plotly-<version>.min.js", "GET"): PUBLIC,
    ("/healthz", "GET"): PUBLIC,
    ("/readyz", "GET"): PUBLIC,
    ("/logout", "POST"): SIGNED_IN,
    ("/", "GET"): "viewer",
    ("/timeline", "GET"): "viewer",
    ("/agreements", "GET"): "viewer",
    ("/agreements/<key>", "GET"): "viewer",
    ("/agreements/<key>/milestones/<milestone_key>", "GET"): "viewer",
    ("/parties/", "GET"): "viewer",
    ("/parties/<code>", "GET"): "viewer",
    ("/focus-areas/", "GET"): "viewer",
    # Who changed what names every account: never anonymous, not even with public read.
    ("/audit", "GET"): SIGNED_IN,
    ("/audit.csv", "GET"): SIGNED_IN,
    ("/agreements.csv", "GET"): "viewer",
    ("/parties.csv", "GET"): "viewer",
    ("/focus-areas.csv", "GET"): "viewer",
    ("/focus-areas/", "POST"): "analyst",
    ("/provisions/", "GET"): "viewer",
    ("/compare", "GET"): "viewer",
    ("/compare.csv", "GET"): "viewer",
    ("/provisions/", "POST"): "analyst",
    ("/commitments", "GET"): "viewer",
    ("/search", "GET"): "viewer",
    ("/milestones", "GET"): "viewer",
    ("/milestones.csv", "GET"): "viewer",
    ("/commitments.csv", "GET"): "viewer",
    ("/rates/", "GET"): "viewer",
    ("/rates/", "POST"): "analyst",
    ("/data-cutoff", "GET"): "admin",
    ("/data-cutoff", "POST"): "admin",
    ("/focal-party", "GET"): "admin",
    ("/focal-party", "POST"): "admin",
    ("/agreements/<key>/verify", "POST"): "analyst",
    # Without a feed token the feed is read like any page; test_calendar covers the tokens.
    ("/calendar.ics", "GET"): "viewer",
    ("/calendar", "GET"): "viewer",
    ("/calendar", "POST"): "viewer",
    ("/calendar/links/<int:token_id>/revoke", "POST"): "viewer",
    ("/import", "GET"): "analyst",
    ("/import", "POST"): "analyst",
    ("/import/<upload_id>", "GET"): "analyst",
    ("/import/<upload_id>", "POST"): "analyst",
    # A person's own API tokens: any role, never anonymous (not even with public read).
    ("/settings/", "GET"): SIGNED_IN,
    ("/settings/", "POST"): SIGNED_IN,
    ("/settings/tokens/<int:token_id>/revoke", "POST"): SIGNED_IN,
    ("/settings/password", "GET"): SIGNED_IN,
    ("/settings/password", "POST"): SIGNED_IN,
    ("/users/<int:user_id>/reset-password", "POST"): "admin",
    ("/users/", "GET"): "admin",
    ("/users/", "POST"): "admin",
    ("/users/<int:user_id>", "GET"): "admin",
    ("/users/<int:user_id>", "POST"): "admin",
}
FORM_PAGES = [
    "/agreements/new",
    "/agreements/<key>/edit",
    "/agreements/<key>/delete",
    "/agreements/<key>/milestones/new",
    "/agreements/<key>/milestones/<milestone_key>/edit",
    "/agreements/<key>/milestones/<milestone_key>/delete",
    "/agreements/<key>/pillars/new",
    "/agreements/<key>/pillars/<int:pillar_id>/edit",
    "/agreements/<key>/pillars/<int:pillar_id>/delete",
    "/agreements/<key>/sources/new",
    "/agreements/<key>/sources/<int:source_id>/edit",
    "/agreements/<key>/sources/<int:source_id>/delete",
    "/rates/<int:rate_id>/delete",
]
NEEDS.update({(rule, method): "analyst" for rule in FORM_PAGES for method in ("GET", "POST")})
API_ROUTES = {
    "/api/v1/openapi.json": ("GET",),
    "/api/v1/parties": ("GET",),
    "/api/v1/parties/<code>": ("GET",),
    "/api/v1/focus-areas": ("GET", "POST"),
    "/api/v1/focus-areas/<ref>": ("GET",),
    "/api/v1/agreements": ("GET", "POST"),
    "/api/v1/agreements/<key>": ("GET", "PATCH", "DELETE"),
    **{
        f"/api/v1/agreements/<key>/{part}": ("GET", "POST")
        for part in (
            "milestones",
            "pillars",
            "sources",
            "signatories",
            "commitments",
            "links",
            "provisions",
        )
    },
    **{
        f"/api/v1/agreements/<key>/{part}": ("GET", "PATCH", "DELETE")
        for part in (
            "milestones/<milestone_key>",
            "pillars/<pillar>",
            "sources/<int:source_id>",
            "signatories/<int:position>",
            "commitments/<int:position>",
            "links/<int:position>",
            "provisions/<int:position>",
        )
    },
}
NEEDS.update({(rule, method): TOKEN for rule, methods in API_ROUTES.items() for method in methods})

# What the permitted user changes on each form before posting it, so that a
# write slipping past the gate would show in the database.
CHANGES = {
    "/agreements/new": {
        "key": "second-agreement",
        "title": "A second agreement",
        "kind": "joint_declaration",
        "status": "signed",
        "parties": ["NOR", "UKR"],
        "signed_on": "2024-06",
    },
    "/agreements/<key>/edit": {"title": "Renamed agreement"},
    "/agreements/<key>/milestones/new": {
        "key": "second-milestone",
        "title": "Second",
        "kind": "first_delivery",
        "due": "2027",
    },
    "/agreements/<key>/milestones/<milestone_key>/edit": {"title": "Renamed milestone"},
    "/agreements/<key>/pillars/new": {"focus_area": "Air Defense"},
    "/agreements/<key>/pillars/<int:pillar_id>/edit": {"objective": "Renamed objective"},
    "/agreements/<key>/sources/new": {"title": "A second source"},
    "/agreements/<key>/sources/<int:source_id>/edit": {"title": "Renamed source"},
    "/focus-areas/": {"name": "Access Test Focus Area"},
    "/provisions/": {"name": "Access Test Provision", "category": "Other"},
    "/rates/": {"on": "2024-05-31", "base": "EUR", "rate": "1.0812", "quote": "USD"},
    "/data-cutoff": {"as_of": "2026-11-01"},
    "/focal-party": {"party_code": "UKR"},
    "/users/": {"username": "newcomer", "password": PASSWORD, "role": "viewer"},
    "/users/<int:user_id>": {"role": "analyst"},
}


def _routes() -> list[tuple[str, str]]:
    """Every (rule, method) the app registers; HEAD and OPTIONS come with GET."""
    app = create_app(TestConfig)
    return sorted(
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    )


ROUTES = _routes()
READS = [rule for rule, method in ROUTES if method == "GET" and NEEDS.get((rule, method)) != TOKEN]
WRITES = [
    rule
    for rule, method in ROUTES
    if method == "POST" and NEEDS.get((rule, method)) not in (PUBLIC, SIGNED_IN, TOKEN)
]
BY_TOKEN = [(rule, method) for rule, method in ROUTES if NEEDS.get((rule, method)) == TOKEN]
# Permitted writes that do not answer "saved, redirect": their own tests cover them.
NOT_SAVE_AND_REDIRECT = {
    "/calendar": "shows the new feed link once, in its answer (test_calendar)",
    "/import": "stores the upload on disk for the preview (test_web_import)",
    "/users/<int:user_id>/reset-password": "shows the new password once (test_passwords)",
}


def needs(rule: str, method: str) -> str:
    if (rule, method) not in NEEDS:
        pytest.fail(f"{method} {rule} is not classified: add it to NEEDS in {__name__}")
    return NEEDS[(rule, method)]


def may(role: str, needed: str, method: str = "GET", public_read: bool = False) -> bool:
    if needed == PUBLIC:
        return True
    if role == "anonymous" and public_read:
        return needed == "viewer" and method == "GET"
    if needed == SIGNED_IN:
        return role != "anonymous"
    return ROLES.index(role) >= ROLES.index(needed)


def outcome(response) -> str:
    """What a response amounts to: ok, login (sent to log in), forbidden, or its status."""
    response.close()  # static files hold their file open until closed
    if response.status_code == 302 and urlsplit(response.location).path == "/login":
        return "login"
    return {200: "ok", 403: "forbidden"}.get(response.status_code, str(response.status_code))


def refusal(role: str) -> str:
    return "login" if role == "anonymous" else "forbidden"


def snapshot() -> dict:
    """Every row of every table, as the database holds them."""
    with db.engine.connect() as connection:
        return {
            table.name: connection.execute(select(table).order_by(*table.primary_key.columns)).all()
            for table in db.metadata.sorted_tables
        }


@pytest.fixture
def world(app, make_agreement, make_user, login_as, anonymous, tmp_path):
    """An agreement with a pillar, a milestone and a source, a user to manage, a client per role,
    the viewer's calendar link and an upload waiting for its import to be confirmed."""
    agreement = make_agreement(key=KEY, milestones=[{"key": "first-drones"}])
    source = create_source(
        agreement,
        {
            "url": "https://www.regjeringen.no/en/drones",
            "title": "Drones",
            "publisher": None,
            "published_on": None,
            "reliability": Reliability.OFFICIAL,
        },
    )
    subject = make_user("viewer", "subject")
    rate = create_rate(
        {"on": dt.date(2024, 5, 31), "base": "EUR", "rate": Decimal("11.7"), "quote": "NOK"}
    )
    db.session.commit()
    values = {
        "key": KEY,
        "milestone_key": "first-drones",
        "pillar_id": agreement.pillars[0].id,
        "source_id": source.id,
        "user_id": subject.id,
        "rate_id": rate.id,
        "code": "NOR",
        "version": plotly_asset_version(),
        "filename": "css/app.css",
        "pillar": "Drone Production",
        "ref": "Drone Production",
        "position": 0,
    }
    clients = {"anonymous": anonymous, **{role: login_as(role) for role in ROLES[1:]}}
    feed_token, _secret = create_feed_token(clients["viewer"].user, "Phone")
    db.session.commit()
    values["token_id"] = feed_token.id
    upload = Upload(
        "import.json",
        {
            "format": "defense-cooperation-tracker",
            "version": 1,
            "agreements": [
                {
                    "key": "imported",
                    "title": "Imported",
                    "kind": "treaty",
                    "status": "signed",
                    "parties": ["NOR", "UKR"],
                }
            ],
        },
    )
    analyst = clients["analyst"].user
    values["upload_id"] = stage(upload, preview_import(upload), analyst.id, analyst.username)
    db.session.commit()

    def url(rule: str) -> str:
        def fill(match):
            if match.group(1) not in values:
                pytest.fail(f"no record to fill <{match.group(1)}> in {rule}")
            return str(values[match.group(1)])

        return re.sub(r"<(?:[^:>]+:)?(\w+)>", fill, rule)

    def payload(rule: str) -> MultiDict:
        """The page's own form as the permitted role sees it, with CHANGES applied."""
        path = url(rule)
        fields = MultiDict()
        if (rule, "GET") in ROUTES:
            page = clients[needs(rule, "POST")].get(path)
            assert page.status_code == 200, page.text[:300]
            forms = PostForm(page.text).forms
            fields = forms.get("", forms.get(path))
            assert fields is not None, f"{path} shows no form that posts to itself"
        for name, value in CHANGES.get(rule, {}).items():
            fields.setlist(name, value if isinstance(value, list) else [value])
        # Each role's client posts the token of a page it loaded itself, as its browser would.
        fields.pop("csrf_token", None)
        return fields

    return SimpleNamespace(clients=clients, url=url, payload=payload)


def test_every_route_is_classified():
    unknown = [f"{method} {rule}" for rule, method in ROUTES if (rule, method) not in NEEDS]
    assert unknown == [], "classify these routes in NEEDS"


@pytest.mark.parametrize(("rule", "method"), BY_TOKEN)
def test_the_api_refuses_every_session_and_anonymous_visitors_with_401(app, world, rule, method):
    app.config["PUBLIC_READ"] = True  # not even this opens the API without a token
    before = snapshot()

    seen = {
        role: world.clients[role].open(world.url(rule), method=method, json={}).status_code
        for role in ROLES
    }

    assert seen == dict.fromkeys(ROLES, 401)
    assert snapshot() == before


@pytest.mark.parametrize("rule", READS)
def test_reading_is_open_to_exactly_the_roles_the_route_needs(world, rule):
    needed = needs(rule, "GET")

    seen = {role: outcome(world.clients[role].get(world.url(rule))) for role in ROLES}

    assert seen == {role: "ok" if may(role, needed) else refusal(role) for role in ROLES}


@pytest.mark.parametrize("rule", WRITES)
def test_refused_writes_change_nothing(world, rule):
    needed = needs(rule, "POST")
    data = world.payload(rule)
    before = snapshot()

    seen = {
        role: outcome(world.clients[role].post(world.url(rule), data=data))
        for role in ROLES
        if not may(role, needed)
    }

    assert seen == {role: refusal(role) for role in seen}
    assert snapshot() == before


@pytest.mark.parametrize("rule", [rule for rule in WRITES if rule not in NOT_SAVE_AND_REDIRECT])
def test_the_same_write_by_a_permitted_role_is_saved(app, world, rule):
    """The control for the refusals above: their payload really would change something."""
    needed = needs(rule, "POST")
    data = world.payload(rule)
    before = snapshot()

    response = world.clients[needed].post(world.url(rule), data=data)
    for job in app.extensions.get("import_jobs", {}).values():  # imports run in their own thread
        wait(job)

    assert response.status_code == 302, response.text[:1000]
    assert outcome(response) != "login"
    assert snapshot() != before


@pytest.mark.parametrize("rule", READS)
def test_public_read_opens_read_pages_and_nothing_else_to_anonymous_visitors(app, world, rule):
    app.config["PUBLIC_READ"] = True
    needed = needs(rule, "GET")

    seen = outcome(world.clients["anonymous"].get(world.url(rule)))

    assert seen == ("ok" if needed in (PUBLIC, "viewer") else "login")


@pytest.mark.parametrize("rule", WRITES)
def test_public_read_still_refuses_anonymous_writes(app, world, rule):
    app.config["PUBLIC_READ"] = True
    data = world.payload(rule)
    before = snapshot()

    seen = outcome(world.clients["anonymous"].post(world.url(rule), data=data))

    assert seen == "login"
    assert snapshot() == before


def test_anonymous_logout_is_sent_to_the_login_page(anonymous):
    assert outcome(anonymous.post("/logout")) == "login"


# What a page offers: no link or form the reader would be refused.


def offered(page: str, path: str) -> list[tuple[str, str]]:
    """(method, local path) of every link and POST form on the page, logging out aside."""
    links = [
        ("GET", urlsplit(href).path)
        for href in re.findall(r'<a [^>]*href="([^"#]*)', page)
        if href.startswith("/")
    ]
    forms = [("POST", action or path) for action in PostForm(page).forms]
    return [(method, target) for method, target in links + forms if target != "/logout"]


def route_of(app, method: str, path: str) -> str:
    rule, _ = app.url_map.bind("localhost").match(path, method=method, return_rule=True)
    return rule.rule


@pytest.mark.parametrize("role", ["viewer", "anonymous"])
@pytest.mark.parametrize(
    "rule",
    [
        rule
        for rule in READS
        if NEEDS.get((rule, "GET")) == "viewer" and not re.search(r"\.\w+$", rule)
    ],
)  # files, not pages
def test_read_pages_offer_no_links_or_forms_the_reader_would_be_refused(app, world, rule, role):
    app.config["PUBLIC_READ"] = True  # so that anonymous visitors see the pages at all
    path = world.url(rule)
    response = world.clients[role].get(path)
    assert response.mimetype == "text/html"

    refused = [
        (method, target)
        for method, target in offered(response.text, path)
        if not may(role, needs(route_of(app, method, target), method), method, public_read=True)
    ]

    assert refused == []


def test_an_analyst_sees_the_edit_delete_and_add_buttons_on_an_agreement(world):
    page = world.clients["analyst"].get(f"/agreements/{KEY}").text

    for action in ("edit", "delete", "pillars/new", "milestones/new", "sources/new"):
        assert f'href="/agreements/{KEY}/{action}"' in page
    assert re.search(rf'href="/agreements/{KEY}/pillars/\d+/edit"', page)
    assert re.search(rf'href="/agreements/{KEY}/sources/\d+/delete"', page)


def test_a_viewer_sees_no_edit_delete_or_add_buttons_on_an_agreement(world):
    page = world.clients["viewer"].get(f"/agreements/{KEY}").text

    assert ">Edit<" not in page
    assert ">Delete<" not in page
    assert "Add pillar" not in page
    assert "Add milestone" not in page
    assert "Add source" not in page


def test_only_admins_see_the_users_link(world):
    pages = {role: world.clients[role].get("/agreements").text for role in ROLES[1:]}

    assert {role: 'href="/users/"' in page for role, page in pages.items()} == {
        "viewer": False,
        "analyst": False,
        "admin": True,
    }
