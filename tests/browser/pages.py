"""What the browser tests look for on a page."""

from __future__ import annotations


def wait_for_charts(page, count: int) -> None:
    """Every chart area on the page holds plotly's SVG: waits, never sleeps."""
    areas = page.locator(".chart-area")
    areas.first.wait_for()
    assert areas.count() == count
    for index in range(count):
        areas.nth(index).locator(".main-svg").first.wait_for()


def assert_quiet(page) -> None:
    assert page.foreign_requests == [], "the page reached for another host"
    assert page.console_errors == []
    assert page.dialogs == []
