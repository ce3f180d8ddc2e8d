"""Every page an analyst opens fits a phone (390×844) and a laptop (1366×768): nothing
scrolls sideways but a table inside its own card."""

from __future__ import annotations

import pytest

from .pages import assert_quiet

pytestmark = [
    pytest.mark.browser,
    # Forty page loads make werkzeug's test server leave a static file to the garbage
    # collector now and then (Chromium drops a favicon request it has cached); the app as
    # served by gunicorn is covered by tests/e2e.
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

SAMPLE = "nor-ukr-2026-joint-declaration"
PAGES = [
    "/",
    "/timeline",
    "/agreements",
    f"/agreements/{SAMPLE}",
    f"/agreements/{SAMPLE}/edit",
    "/agreements/new",
    f"/agreements/{SAMPLE}/milestones/technical-delegations",
    "/agreements/nor-ukr-security-agreement-2024",
    "/milestones",
    "/parties/",
    "/parties/NOR",
    "/focus-areas/",
    "/provisions/",
    "/compare",
    "/commitments",
    "/rates/",
    "/search?q=drones",
    "/audit",
    "/calendar",
    "/import",
    "/settings",
]
# Only an admin opens these (the analyst's pages are covered above, by an analyst).
ADMIN_PAGES = ["/users/", "/users/1", "/focal-party", "/data-cutoff"]
SIZES = {"phone": (390, 844), "laptop": (1366, 768)}
# How far the page is wider than the window, and the widest element that makes it so.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scroll = document.documentElement.scrollWidth;
  if (scroll <= width + 1) return null;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1
                 && !e.closest('.table-scroll, .matrix-scroll, .chart-area'))
    .map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
                                           ? '.' + e.className.split(' ')[0] : ''));
  return {scroll, width, first: wide.slice(0, 3)};
}"""


@pytest.mark.parametrize("size", sorted(SIZES))
def test_no_page_scrolls_sideways(page, size):
    assert_no_overflow(page, size, PAGES)


@pytest.mark.parametrize("size", sorted(SIZES))
def test_no_admin_page_scrolls_sideways(admin_page, size):
    assert_no_overflow(admin_page, size, ADMIN_PAGES)


def assert_no_overflow(page, size: str, paths: list[str]) -> None:
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    overflowing = {}
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("load")
        found = page.evaluate(OVERFLOW)
        if found:
            overflowing[path] = found
    assert overflowing == {}
    assert_quiet(page)
