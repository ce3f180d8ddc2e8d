"""The source's own words for a date travel with it: forms, pages, hover text, every export."""

from __future__ import annotations

import csv
import io
import json

from helpers import islands, post_edit
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Agreement, Milestone

KEY = "nor-ukr-2026-joint-declaration"
MILESTONE = f"/agreements/{KEY}/milestones/official-updates"


def test_the_sample_shows_in_the_coming_months_as_stated(client, runner):
    runner.invoke(args=["seed"])

    page = client.get(MILESTONE).text

    assert '<q class="as-stated" title="As the source says">in the coming months</q>' in page
    assert "on Tuesday" in client.get(f"/agreements/{KEY}").text


def test_a_milestone_form_saves_the_words_and_the_page_escapes_them(client, make_agreement):
    make_agreement(key="words", milestones=[{"key": "m"}])

    post_edit(
        client,
        "/agreements/words/milestones/m/edit",
        {
            "key": "m",
            "title": "First drones delivered",
            "kind": "first_delivery",
            "status": "planned",
            "pillar": "",
            "due": "2026/2027",
            "completed_on": "",
            "description": "",
            "due_as_stated": "  <b>soon</b>, “in the coming months”  ",
        },
    )

    db.session.expire_all()
    stored = db.session.scalars(select(Milestone)).one()
    assert stored.due_as_stated == "<b>soon</b>, “in the coming months”"
    page = client.get("/agreements/words/milestones/m").text
    assert "&lt;b&gt;soon&lt;/b&gt;, “in the coming months”" in page
    assert "<b>soon</b>" not in page


def test_the_words_are_in_the_timeline_hover_text(client, runner):
    runner.invoke(args=["seed"])

    figure = next(iter(islands(client.get("/timeline")).values()))

    assert "as stated: “in the coming months”" in json.dumps(figure, ensure_ascii=False)


def test_the_words_travel_through_json_csv_and_the_api(client, runner, api_as, tmp_path):
    runner.invoke(args=["seed"])

    runner.invoke(args=["export", str(tmp_path / "all.json")])
    runner.invoke(args=["export", "--csv", str(tmp_path / "csv")])
    api = api_as("viewer").get(f"/api/v1/agreements/{KEY}").json

    assert '"due_as_stated": "in the coming months"' in (tmp_path / "all.json").read_text()
    rows = list(
        csv.DictReader(
            io.StringIO((tmp_path / "csv" / "milestones.csv").read_text(encoding="utf-8"))
        )
    )
    assert {row["milestone_key"]: row["due_as_stated"] for row in rows}["official-updates"] == (
        "in the coming months"
    )
    assert api["signed_on_as_stated"] == "on Tuesday"


def test_an_api_patch_changes_the_words_alone(runner, api_as):
    runner.invoke(args=["seed"])
    analyst = api_as("analyst")
    version = analyst.get(f"/api/v1/agreements/{KEY}").json["version"]

    response = analyst.patch(
        f"/api/v1/agreements/{KEY}",
        json={"signed_on_as_stated": "on Tuesday, in Oslo", "version": version},
    )

    assert response.status_code == 200, response.json
    db.session.expire_all()
    agreement = db.session.scalars(select(Agreement).where(Agreement.key == KEY)).one()
    assert (agreement.signed_on.text, agreement.signed_on_as_stated) == (
        "2026?",
        "on Tuesday, in Oslo",
    )


def test_words_longer_than_200_characters_are_refused_next_to_the_field(client, make_agreement):
    make_agreement(key="words", milestones=[{"key": "m"}])

    response = post_edit(
        client,
        "/agreements/words/milestones/m/edit",
        {
            "key": "m",
            "title": "T",
            "kind": "first_delivery",
            "status": "planned",
            "pillar": "",
            "due": "2026",
            "completed_on": "",
            "description": "",
            "due_as_stated": "x" * 201,
        },
    )

    assert response.status_code == 200
    assert "200 characters" in response.text
