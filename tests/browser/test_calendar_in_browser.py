"""A calendar link holds the filters chosen on the page, even when Apply was not pressed."""

from __future__ import annotations

import pytest

from .pages import assert_quiet

pytestmark = pytest.mark.browser


def test_a_calendar_link_holds_the_filters_chosen_but_not_applied(page):
    page.goto("/calendar")
    page.locator("form.calendar-filters").get_by_label("Party").select_option("NOR")
    page.get_by_label("Name").fill("Norway only")
    page.get_by_role("button", name="Make a calendar link").click()

    link = page.get_by_role("textbox", name="Calendar link").input_value()
    assert "party=NOR" in link
    assert_quiet(page)
