"""The dashboard's and the timeline's reads are kept until the data changes, and never longer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from conftest import milestone_values
from helpers import commitment, heat_table, islands, statements_run_by

from tracker.dashboard.content import dashboard_content
from tracker.extensions import db
from tracker.milestones.operations import update_milestone
from tracker.rates.operations import create_rate
from tracker.stamped import KEPT
from tracker.synthetic import generate


def pledged(client) -> dict:
    figure = islands(client.get("/"))["commitments"]
    return {
        trace["name"]: dict(zip(trace["y"], trace["x"], strict=True)) for trace in figure["data"]
    }.get("Pledged", {})


def test_a_second_dashboard_read_skips_the_heavy_queries(client, make_agreement):
    make_agreement(commitments=[commitment("NOR", 100, "EUR")])
    first = statements_run_by(lambda: client.get("/"))
    second = statements_run_by(lambda: client.get("/"))

    assert second < first


def test_an_edit_shows_on_the_next_read(client, make_agreement):
    agreement = make_agreement(commitments=[commitment("NOR", 100, "NOK")])
    before = pledged(client)

    create_rate({"on": dt.date(2024, 6, 1), "base": "EUR", "rate": Decimal(10), "quote": "NOK"})
    db.session.commit()

    assert before == {}  # no rate yet: nothing in euros
    assert pledged(client) == {"Norway": 10.0}
    assert agreement.key in client.get("/agreements").text


def test_agreements_written_without_an_audit_entry_show_too(client, make_agreement):
    make_agreement()
    before_page = client.get("/")
    before = islands(before_page)

    generate(30)  # bulk inserts: no audit entry, more agreements
    after_page = client.get("/")
    after = islands(after_page)

    def milestones(figures) -> int:
        return sum(sum(trace["x"]) for trace in figures["milestones-by-focus-area"]["data"])

    assert milestones(before) == 0 < milestones(after)
    assert len(heat_table(before_page)[2]) < len(heat_table(after_page)[2])


def test_a_second_timeline_read_skips_its_queries(client, make_agreement):
    make_agreement(milestones=[{"key": "first-drones"}])
    first = statements_run_by(lambda: client.get("/timeline"))
    second = statements_run_by(lambda: client.get("/timeline"))

    assert second < first


def test_a_milestone_edit_shows_on_the_next_timeline_read(client, make_agreement):
    agreement = make_agreement(milestones=[{"key": "first-drones", "title": "First drones"}])
    before = client.get("/timeline").text

    update_milestone(agreement.milestones[0], milestone_values(title="Drone line opened"))
    db.session.commit()
    after = client.get("/timeline").text

    assert "First drones" in before and "Drone line opened" not in before
    assert "Drone line opened" in after and "First drones" not in after


def test_each_set_of_timeline_filters_is_read_for_itself(client, make_agreement):
    make_agreement(key="nor-ukr", parties=["NOR", "UKR"])
    make_agreement(key="pol-ukr", parties=["POL", "UKR"])

    norway = client.get("/timeline?party=NOR").text
    poland = client.get("/timeline?party=POL").text

    assert "/agreements/nor-ukr" in norway and "/agreements/pol-ukr" not in norway
    assert "/agreements/pol-ukr" in poland and "/agreements/nor-ukr" not in poland


def test_many_timeline_filters_do_not_push_out_the_dashboard(client, make_agreement):
    make_agreement()
    client.get("/")
    kept_read = statements_run_by(lambda: client.get("/"))

    for year in range(2000, 2000 + KEPT + 4):  # more timelines than one function keeps
        page = client.get(f"/timeline?window_from={year}-01-01").text
        assert f'value="{year}-01-01"' in page  # a valid filter: each is a timeline of its own

    assert statements_run_by(lambda: client.get("/")) == kept_read


def test_overdue_counts_from_the_day_asked(app, make_agreement):
    make_agreement(milestones=[{"key": "first-drones", "due": "2026-06-10"}])

    def overdue(today) -> int:
        return dashboard_content(today, None, False)["counts"]["overdue"]

    assert overdue(dt.date(2026, 6, 10)) == 0  # due that day: not late yet
    assert overdue(dt.date(2026, 6, 11)) == 1


def test_a_new_data_cutoff_shows_at_once(login_as):
    admin = login_as("admin")
    assert "Data cut-off not set" in admin.get("/").text

    admin.post("/data-cutoff", data={"as_of": "2026-11-15", "note": "news to 15 Nov"})

    assert "Data as of <strong>15 Nov 2026</strong>" in admin.get("/").text
