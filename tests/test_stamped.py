"""The dashboard's heavy reads are kept until the data changes, and never longer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from helpers import commitment, islands, statements_run_by

from tracker.extensions import db
from tracker.rates.operations import create_rate
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
    before = islands(client.get("/"))

    generate(30)  # bulk inserts: no audit entry, more agreements
    after = islands(client.get("/"))

    def milestones(figures) -> int:
        return sum(sum(trace["x"]) for trace in figures["milestones-by-focus-area"]["data"])

    def partners(figures) -> int:
        return len(figures["partner-heatmap"]["data"][0]["y"])

    assert milestones(before) == 0 < milestones(after)
    assert partners(before) < partners(after)
