"""An analyst moves a due date twice and sees the slip, as a person would, in a browser."""

from __future__ import annotations

import datetime as dt

import pytest

from .pages import assert_quiet, wait_for_charts

pytestmark = pytest.mark.browser

GHOSTS = """() => document.getElementById('timeline-chart').data
    .filter(trace => trace.legendgroup === 'baseline' && trace.customdata)
    .flatMap(trace => trace.customdata)"""


def move_due_date(page, milestone_url: str, due: str) -> None:
    page.goto(milestone_url + "/edit")
    page.get_by_label("Due", exact=True).fill(due)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**" + milestone_url)


def test_a_twice_moved_due_date_shows_as_a_slip_and_as_a_baseline_ghost(page, extra_agreement):
    # The page fixture has logged in through the form, by its "Username" and "Password" labels.
    milestone = extra_agreement["slipping"]
    url = f"/agreements/{extra_agreement['key']}/milestones/{milestone['key']}"

    move_due_date(page, url, "2026-06")
    move_due_date(page, url, "2026-09")

    flags = " ".join(page.locator(".flag").all_text_contents())
    assert "Slipped by 153 days" in flags  # 30 Apr 2026 -> 30 Sep 2026
    wait_for_charts(page, 1)  # the due date's history
    history = page.locator('section[aria-labelledby="due-history-h"]').text_content()
    for words in ("Apr 2026", "Jun 2026", "Sep 2026"):
        assert words in history

    yesterday = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    page.goto(f"/timeline?baseline={yesterday.isoformat()}")
    wait_for_charts(page, 1)
    ghosts = page.evaluate(GHOSTS)
    mine = [ghost for ghost in ghosts if ghost[0] == milestone["title"]]
    assert mine, "no baseline ghost for the moved milestone"
    assert "Apr 2026" in mine[0][2]  # planned then: April; now: September
    assert_quiet(page)
