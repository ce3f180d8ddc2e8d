"""Slippage and baseline: how due dates moved, as the audit trail tells it.

The ``audit_clock`` fixture stamps the next entries at a chosen UTC moment,
so histories can span months within a test.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from helpers import post_edit

from tracker.audit import hook
from tracker.dashboard.queries import deadline_counts, worst_slips
from tracker.dates import ApproximateDate
from tracker.extensions import db
from tracker.lanes.rows import Point
from tracker.milestones.slippage import DueChange, due_history, first_planned, slip_days
from tracker.models import Milestone, MilestoneStatus
from tracker.timeline.queries import baseline_ghosts

KEY = "nor-ukr-test"


@pytest.fixture
def audit_clock(monkeypatch):
    """audit_clock("2025-02-10T09:00") -> entries written from now on carry that time."""

    def set_to(moment: str) -> dt.datetime:
        frozen = dt.datetime.fromisoformat(moment).replace(tzinfo=dt.UTC)
        monkeypatch.setattr(hook, "utcnow", lambda: frozen)
        return frozen

    return set_to


def move_due(client, due: str, milestone_key: str = "first-drones", **changes) -> None:
    """Save the milestone through its edit page with a new due date."""
    data = {
        "key": milestone_key,
        "title": "First drones delivered",
        "kind": "first_delivery",
        "status": "planned",
        "pillar": "",
        "due": due,
        "completed_on": "",
        "description": "",
        **changes,
    }
    response = post_edit(client, f"/agreements/{KEY}/milestones/{milestone_key}/edit", data)
    assert response.status_code == 302


def milestone(key: str = "first-drones") -> Milestone:
    db.session.expire_all()
    return db.session.scalars(db.select(Milestone).filter_by(key=key)).one()


def days_later(old: str, new: str) -> int:
    """How far the best estimate moved: the measure of a slip."""
    return (ApproximateDate.parse(new).estimate - ApproximateDate.parse(old).estimate).days


# Due history


def test_due_history_lists_every_setting_of_the_due_date_oldest_first(
    client, make_agreement, audit_clock
):
    created = audit_clock("2025-01-10T09:00")
    make_agreement(milestones=[{}])
    moved = audit_clock("2025-02-10T09:00")
    move_due(client, "2026-09")
    audit_clock("2025-03-10T09:00")
    move_due(client, "2026-09", status="delayed")  # not a due change
    moved_again = audit_clock("2025-04-10T09:00")
    move_due(client, "2026-12")

    history = due_history(milestone().id)

    analyst = client.user.username
    assert history == [
        DueChange(created, "system", None, "2026-21"),
        DueChange(moved, analyst, "2026-21", "2026-09"),
        DueChange(moved_again, analyst, "2026-09", "2026-12"),
    ]


def test_a_due_date_moved_later_is_slipped_by_the_days_its_estimate_moved(client, make_agreement):
    make_agreement(milestones=[{}])

    move_due(client, "2026-09")

    expected = days_later("2026-21", "2026-09")
    assert expected > 0
    assert milestone().slip_days == expected == slip_days(due_history(milestone().id))
    page = client.get(f"/agreements/{KEY}/milestones/first-drones").text
    assert f"Slipped by {expected} days" in page


def test_a_due_date_narrowed_to_an_earlier_estimate_has_not_slipped(client, make_agreement):
    make_agreement(milestones=[{"due": "2026"}])

    move_due(client, "2026-06")

    assert milestone().slip_days < 0
    assert deadline_counts(dt.date(2025, 1, 1))["slipped"] == 0
    page = client.get(f"/agreements/{KEY}/milestones/first-drones").text
    assert "Slipped by" not in page


def test_the_slip_columns_agree_with_the_trail_after_many_moves(client, make_agreement):
    make_agreement(milestones=[{}])

    for due in ("2027", "2026-11", "2027-03?"):
        move_due(client, due)

    history = due_history(milestone().id)
    assert milestone().first_due_edtf == first_planned(history) == "2026-21"
    assert milestone().slip_days == slip_days(history) == days_later("2026-21", "2027-03?")


def test_the_milestone_page_charts_the_due_history_with_a_table(client, make_agreement):
    make_agreement(milestones=[{}])
    move_due(client, "2026-09")

    page = client.get(f"/agreements/{KEY}/milestones/first-drones").text

    assert 'data-target="due-history"' in page
    table = page[page.index('id="due-history-h"') : page.index('id="history"')]
    assert "2026-21 (spring 2026)" in table and "2026-09 (Sep 2026)" in table


# The dashboard


@pytest.fixture
def three_milestones(client, make_agreement):
    make_agreement(milestones=[{"key": "small"}, {"key": "large"}, {"key": "steady"}])
    move_due(client, "2026-07", milestone_key="small")
    move_due(client, "2027-21", milestone_key="large")
    move_due(client, "2026-21", milestone_key="steady", status="in_progress")


def test_the_dashboard_counts_slipped_milestones(client, three_milestones):
    page = client.get("/").text

    assert re.search(r'<span class="figure">2</span> slipped', page)
    assert deadline_counts(dt.date(2025, 1, 1))["slipped"] == 2


def test_the_dashboard_lists_the_worst_slips_first_with_links(client, three_milestones):
    rows = worst_slips()

    assert [(row.key, row.slip_days) for row in rows] == [
        ("large", days_later("2026-21", "2027-21")),
        ("small", days_later("2026-21", "2026-07")),
    ]
    page = client.get("/").text
    slips = page[page.index('id="slips-h"') : page.index('id="recent-h"')]
    assert f'href="/agreements/{KEY}/milestones/large"' in slips
    assert slips.index("/milestones/large") < slips.index("/milestones/small")
    assert "/milestones/steady" not in slips


# Baseline


@pytest.fixture
def planned_history(client, make_agreement, audit_clock):
    """first-drones: 2026-21 (10 Jan 2025), 2026-09 (10 Feb), 2026-12 (10 Apr); late: 1 May."""
    audit_clock("2025-01-10T09:00")
    make_agreement(milestones=[{}])
    audit_clock("2025-02-10T09:00")
    move_due(client, "2026-09")
    audit_clock("2025-04-10T09:00")
    move_due(client, "2026-12")
    audit_clock("2025-05-01T09:00")
    client.post(
        f"/agreements/{KEY}/milestones/new",
        data={
            "key": "late",
            "title": "Added later",
            "kind": "other",
            "status": "planned",
            "pillar": "",
            "due": "2026-06",
            "completed_on": "",
            "description": "",
        },
    )


def points_now() -> list[Point]:
    return [
        Point(
            lane=KEY,
            key=m.key,
            title=m.title,
            status=m.status.value,
            status_label=m.status.label,
            due=m.due,
            milestone_id=m.id,
        )
        for m in db.session.scalars(db.select(Milestone).order_by(Milestone.key))
    ]


def planned_on(day: dt.date) -> dict[str, str]:
    return {ghost.key: ghost.due.text for ghost in baseline_ghosts(points_now(), day)}


def test_the_baseline_is_the_due_date_as_it_stood_at_the_end_of_that_day(planned_history):
    assert planned_on(dt.date(2025, 1, 20)) == {"first-drones": "2026-21"}
    assert planned_on(dt.date(2025, 3, 1)) == {"first-drones": "2026-09"}
    assert planned_on(dt.date(2025, 2, 10)) == {"first-drones": "2026-09"}
    assert planned_on(dt.date(2025, 6, 1)) == {"first-drones": "2026-12", "late": "2026-06"}


def test_a_milestone_created_after_the_baseline_has_no_ghost(planned_history):
    assert "late" not in planned_on(dt.date(2025, 4, 30))


def test_a_milestone_older_than_the_trail_stands_where_it_is_now(app, planned_history):
    never_audited = Point(
        lane=KEY,
        key="old",
        title="Old",
        status="planned",
        status_label="Planned",
        due=ApproximateDate.parse("2026"),
        milestone_id=9999,
    )

    [ghost] = baseline_ghosts([never_audited], dt.date(2025, 1, 1))

    assert ghost.due.text == "2026"


def test_the_timeline_draws_the_baseline_beside_the_plan_now(client, planned_history):
    page = client.get("/timeline?baseline=2025-03-01").text

    assert "planned on 1 Mar 2025: Sep 2026" in page
    assert "planned on 1 Mar 2025: Jun 2026" not in page  # "late" did not exist yet
    figure = json.loads(
        re.search(r'data-target="timeline-chart">(.*?)</script>', page, re.S).group(1)
    )
    ghosts = [trace for trace in figure["data"] if trace.get("legendgroup") == "baseline"]
    assert {trace["name"] for trace in ghosts} == {"Planned on 1 Mar 2025", "Moved since"}


def test_an_invalid_baseline_is_reported_and_ignored(client, planned_history):
    page = client.get("/timeline?baseline=yesterday").text

    assert "Not a valid date value." in page
    assert "planned on" not in page


def test_status_changes_do_not_count_as_slips(client, make_agreement):
    make_agreement(milestones=[{}])

    move_due(client, "2026-21", status=MilestoneStatus.DELAYED.value)

    assert milestone().slip_days == 0
    assert [change.new for change in due_history(milestone().id)] == ["2026-21"]
