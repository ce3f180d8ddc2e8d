"""Browser fixtures: the app on a real port, Debian's chromium driven by playwright.

The browser is /usr/bin/chromium, never one playwright downloads. Without it
(or without the playwright package) these tests skip, unless
TRACKER_REQUIRE_BROWSER=1 (set by .ci/run), which turns the skip into a failure.

Every page may talk only to the app: any other request is aborted and
counted, and so is every console error, and the tests assert both are none.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest
from flask_migrate import upgrade
from sqlalchemy import insert
from werkzeug.serving import make_server

from bench.served import CHROMIUM, CHROMIUM_ARGS, in_a_thread
from tracker import create_app
from tracker.agreements.operations import create_agreement
from tracker.auth.operations import create_user
from tracker.cli import SAMPLE
from tracker.config import TestConfig
from tracker.dates import ApproximateDate
from tracker.extensions import db
from tracker.interchange.importer import apply_plan, plan_import, read_document
from tracker.milestones.operations import create_milestone
from tracker.models import (
    AgreementKind,
    AgreementStatus,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Role,
)

REQUIRE_BROWSER = os.environ.get("TRACKER_REQUIRE_BROWSER") == "1"
VIEWPORT = {"width": 1280, "height": 900}
WAIT_MS = 15_000
SLIPPING = {"key": "first-batch", "title": "First batch delivered", "due": "2026-04"}
ANALYST = "browser-analyst"
ADMIN = "browser-admin"  # for the pages only an admin opens
PASSWORD = "correct horse battery staple"

# Plotly draws labels as HTML: this title checks that user text stays text.
HOSTILE_TITLE = "<b>bold</b><img src=x onerror=alert(1)>"
HOSTILE_KEY = "hostile-title"
DELAYED = {
    "key": "radar-handover",
    "title": "Radar handover to the joint unit",
    "status": MilestoneStatus.DELAYED,
    "due": "2026-03-15",
}
OVERDUE = {
    "key": "training-plan",
    "title": "Training plan agreed",
    "status": MilestoneStatus.PLANNED,
    "due": "2025-09-30",
}


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives a real chromium against the app on a live port"
    )


def _config_values() -> dict:
    return {name: getattr(TestConfig, name) for name in dir(TestConfig) if name.isupper()}


def _seed() -> None:
    """The sample, plus one agreement with a hostile title and exactly dated milestones."""
    apply_plan(plan_import(read_document(SAMPLE)))
    agreement = create_agreement(
        {
            "key": HOSTILE_KEY,
            "title": HOSTILE_TITLE,
            "kind": AgreementKind.MEMORANDUM_OF_UNDERSTANDING,
            "status": AgreementStatus.SIGNED,
            "parties": ["NOR", "UKR"],
            "signed_on": ApproximateDate.parse("2025-06-02"),
            "signed_at": "Oslo",
            "signed_on_as_stated": None,
            "in_force_on": None,
            "in_force_on_as_stated": None,
            "ends_on_as_stated": None,
            "last_verified_on": None,
            "ends_on": None,
            "duration_years": None,
            "summary": "Checks that titles are shown as text.",
            "tags": [],
            "signatories": [],
            "commitments": [],
        }
    )
    for milestone, depends_on in ((OVERDUE, []), (DELAYED, [OVERDUE["key"]])):
        create_milestone(
            agreement,
            {
                **milestone,
                "kind": MilestoneKind.OTHER,
                "pillar": None,
                "due": ApproximateDate.parse(milestone["due"]),
                "due_as_stated": None,
                "completed_on": None,
                "completed_on_as_stated": None,
                "depends_on": depends_on,
                "description": "",
            },
        )
    _seed_milestone_from_before_the_trail(agreement)
    create_user(ANALYST, PASSWORD, Role.ANALYST)
    create_user(ADMIN, PASSWORD, Role.ADMIN)
    db.session.commit()


def _seed_milestone_from_before_the_trail(agreement) -> None:
    """A milestone as data loaded before the audit trail existed (a Core insert, no entry).

    A plan "as of yesterday" then shows where it was before today's edits;
    a milestone created through the app today would have no plan yesterday.
    """
    due = ApproximateDate.parse(SLIPPING["due"])
    now = dt.datetime.now(dt.UTC)
    db.session.execute(
        insert(Milestone.__table__).values(
            agreement_id=agreement.id,
            key=SLIPPING["key"],
            title=SLIPPING["title"],
            kind=MilestoneKind.FIRST_DELIVERY,
            status=MilestoneStatus.PLANNED,
            description="",
            due_edtf=due.text,
            due_earliest=due.earliest,
            due_latest=due.latest,
            due_estimate=due.estimate,
            first_due_edtf=due.text,
            first_due_latest=due.latest,
            first_due_estimate=due.estimate,
            slip_days=0,
            created_at=now,
            updated_at=now,
        )
    )


def log_in(page, username: str = ANALYST, password: str = PASSWORD) -> None:
    """Log in as a person would: through the form, finding its inputs by their labels."""
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login" not in url)


@pytest.fixture(scope="session")
def extra_agreement() -> dict:
    """What the seed adds beyond the sample, for tests to look for."""
    return {
        "key": HOSTILE_KEY,
        "title": HOSTILE_TITLE,
        "delayed": DELAYED,
        "overdue": OVERDUE,
        "slipping": SLIPPING,
    }


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app with the sample data, served on a free loopback port; yields its base URL."""
    path = tmp_path_factory.mktemp("browser") / "tracker.sqlite3"
    app = create_app({**_config_values(), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        upgrade()
        _seed()
        db.session.remove()
    try:
        with in_a_thread(make_server("127.0.0.1", 0, app, threaded=True)) as url:
            yield url
    finally:
        with app.app_context():
            db.engine.dispose()


def _unavailable(reason: str):
    if REQUIRE_BROWSER:
        pytest.fail(f"{reason}; TRACKER_REQUIRE_BROWSER=1 forbids skipping the browser tests.")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("browser tests need the playwright package (pip install -e '.[test]')")
    executable = CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")
    if not executable:
        _unavailable(
            f"browser tests need Debian's chromium at {CHROMIUM} "
            "(apt-get install chromium); playwright must not download one"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page of an analyst that may reach only the app; it notes what else it tried
    and what failed.

    page.foreign_requests: URLs of other origins, aborted;
    page.console_errors: console errors and uncaught exceptions;
    page.dialogs: alert() and friends, which no page of the app opens.
    """
    yield from _watched_page(browser, live_server, ANALYST)


@pytest.fixture
def admin_page(browser, live_server):
    """The same as ``page``, logged in as an admin."""
    yield from _watched_page(browser, live_server, ADMIN)


def _watched_page(browser, live_server, username: str):
    context = browser.new_context(base_url=live_server, viewport=VIEWPORT)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.foreign_requests, page.console_errors, page.dialogs = [], [], []

    def only_the_app(route) -> None:
        url = route.request.url
        if url == live_server or url.startswith(live_server + "/"):
            route.continue_()
        else:
            page.foreign_requests.append(url)
            route.abort()

    def console(message) -> None:
        if message.type == "error":
            page.console_errors.append(f"{message.text} at {message.location}")

    def dialog(opened) -> None:
        page.dialogs.append(opened.message)
        opened.dismiss()

    page.route("**/*", only_the_app)
    page.on("console", console)
    page.on("pageerror", lambda error: page.console_errors.append(f"uncaught: {error}"))
    page.on("dialog", dialog)
    log_in(page, username)
    try:
        yield page
    finally:
        context.close()
