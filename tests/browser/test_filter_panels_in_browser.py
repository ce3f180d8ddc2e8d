"""On a phone a list page's filters fold away under their summary, so the results come
first; on a laptop, or when a filter is wrong, they stay open."""

from __future__ import annotations

import pytest

from .pages import assert_quiet
from .test_layout_in_browser import OVERFLOW, SIZES

pytestmark = pytest.mark.browser

FILTERED_PAGES = ["/timeline", "/agreements", "/milestones", "/compare"]
IS_OPEN = "document.querySelector('details.filter-panel').open"


def at(page, size: str) -> None:
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})


@pytest.mark.parametrize("path", FILTERED_PAGES)
def test_filters_fold_away_on_a_phone_and_open_on_a_tap(page, path):
    at(page, "phone")
    page.goto(path)
    summary = page.locator("details.filter-panel > summary")

    assert page.evaluate(IS_OPEN) is False
    assert not page.locator("form.filters button[type=submit]").is_visible()

    summary.click()

    assert page.evaluate(IS_OPEN) is True
    assert page.locator("form.filters button[type=submit]").is_visible()
    assert page.evaluate(OVERFLOW) is None  # open, they still fit the phone
    assert_quiet(page)


def test_on_a_phone_the_timeline_starts_within_the_first_screen(page):
    at(page, "phone")
    page.goto("/timeline")

    top = page.locator("#timeline-chart").bounding_box()["y"]

    assert top < SIZES["phone"][1]


def test_the_summary_counts_the_filters_in_use(page):
    at(page, "phone")
    page.goto("/timeline?party=NOR&party=UKR&status=planned&window_from=")

    assert page.locator("details.filter-panel > summary").inner_text() == "Filters · 2 in use"


@pytest.mark.parametrize("path", FILTERED_PAGES)
def test_filters_stay_open_on_a_laptop(page, path):
    at(page, "laptop")
    page.goto(path)

    assert page.evaluate(IS_OPEN) is True
    assert page.locator("form.filters button[type=submit]").is_visible()


def test_a_wrong_filter_keeps_them_open_on_a_phone(page):
    at(page, "phone")
    page.goto("/timeline?window_from=someday")

    assert page.evaluate(IS_OPEN) is True
    assert page.locator(".field.has-error").first.is_visible()
