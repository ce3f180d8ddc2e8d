"""Milestones keep the order analysts gave, and a prerequisite never comes after its dependent."""

from __future__ import annotations

import json

from flask_migrate import downgrade, upgrade
from helpers import post_edit
from sqlalchemy import select, text

from tracker.extensions import db
from tracker.models import Agreement

KEY = "nor-ukr-test"


def listed_keys() -> list[str]:
    db.session.expire_all()
    return [m.key for m in db.session.scalars(select(Agreement)).one().milestones]


def test_milestones_keep_the_order_they_were_entered_in_not_their_dates(
    client, make_agreement, runner, tmp_path
):
    make_agreement(milestones=[{"key": "later", "due": "2028"}, {"key": "sooner", "due": "2026"}])

    runner.invoke(args=["export", str(tmp_path / "all.json")])
    exported = json.loads((tmp_path / "all.json").read_text())["agreements"][0]["milestones"]
    page = client.get(f"/agreements/{KEY}").text

    assert listed_keys() == ["later", "sooner"]
    assert [m["key"] for m in exported] == ["later", "sooner"]
    assert page.index("/milestones/later") < page.index("/milestones/sooner")


def test_an_import_lists_a_prerequisite_before_the_milestone_that_needs_it(runner, tmp_path):
    document = {
        "format": "defense-cooperation-tracker",
        "version": 1,
        "agreements": [
            {
                "key": KEY,
                "title": "T",
                "kind": "treaty",
                "status": "signed",
                "parties": ["NOR", "UKR"],
                "milestones": [
                    {
                        "key": "first-drones",
                        "title": "Drones",
                        "kind": "first_delivery",
                        "depends_on": ["sites"],
                    },
                    {"key": "talks", "title": "Talks", "kind": "meeting"},
                    {"key": "sites", "title": "Sites", "kind": "site_selection"},
                ],
            }
        ],
    }
    (tmp_path / "in.json").write_text(json.dumps(document))

    result = runner.invoke(args=["import", str(tmp_path / "in.json")])

    assert result.exit_code == 0, result.output
    assert listed_keys() == ["sites", "first-drones", "talks"]


def edit(client, key: str, **changes):
    return post_edit(
        client,
        f"/agreements/{KEY}/milestones/{key}/edit",
        {
            "key": key,
            "title": key,
            "kind": "meeting",
            "status": "planned",
            "pillar": "",
            "due": "2026",
            "completed_on": "",
            "description": "",
            **changes,
        },
    )


def test_an_analyst_moves_a_milestone_and_the_order_holds(client, make_agreement):
    make_agreement(milestones=[{"key": "a"}, {"key": "b"}, {"key": "c"}])

    response = edit(client, "c", place="1")

    assert response.status_code == 302
    assert listed_keys() == ["c", "a", "b"]


def test_a_milestone_cannot_move_before_what_it_depends_on(client, make_agreement):
    make_agreement(milestones=[{"key": "a"}, {"key": "b", "depends_on": ["a"]}])

    edit(client, "b", place="1", depends_on="a")

    assert listed_keys() == ["a", "b"]


def test_the_migration_numbers_existing_milestones_prerequisites_first(app, make_agreement):
    make_agreement(
        milestones=[
            {"key": "z-needs-a", "due": "2026-01"},
            {"key": "a", "due": "2027-01"},
            {"key": "b", "due": "2026-06"},
        ]
    )
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO milestone_dependency (milestone_id, depends_on_id) "
                "SELECT z.id, a.id FROM milestone z, milestone a "
                "WHERE z.key = 'z-needs-a' AND a.key = 'a'"
            )
        )
    db.session.remove()

    downgrade(revision="3f8b5d2a9c61")  # 0008, before milestones had a position
    upgrade()

    # by best estimate of the due date (z, b, a), then each after what it depends on
    assert listed_keys() == ["a", "z-needs-a", "b"]
