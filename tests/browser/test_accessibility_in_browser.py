"""axe-core (bundled by axe-playwright-python, never fetched) finds no serious or critical
violation on any page an analyst opens; the keyboard reaches the controls with a visible
focus ring."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .test_layout_in_browser import ADMIN_PAGES, PAGES

pytestmark = [
    pytest.mark.browser,
    # As in test_layout_in_browser: many page loads make werkzeug's test server leave a
    # cached static file to the garbage collector now and then.
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

BLOCKING = ("serious", "critical")


def test_no_page_has_a_serious_or_critical_accessibility_violation(page):
    assert_accessible(page, PAGES)


def test_no_admin_page_has_a_serious_or_critical_accessibility_violation(admin_page):
    assert_accessible(admin_page, ADMIN_PAGES)


def assert_accessible(page, paths: list[str]) -> None:
    axe = Axe()
    found = {}
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("load")
        violations = axe.run(page).response["violations"]
        blocking = [
            f"{violation['id']}: {violation['nodes'][0]['target']}"
            for violation in violations
            if violation["impact"] in BLOCKING
        ]
        if blocking:
            found[path] = blocking
    assert found == {}


def test_the_keyboard_reaches_the_search_box_with_a_visible_ring(page):
    page.goto("/agreements")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className") == "skip"
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search":
            break
    else:
        raise AssertionError("Tab never reached the header's search box")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
