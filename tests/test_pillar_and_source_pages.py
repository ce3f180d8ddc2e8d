"""Pillar, source and focus-area pages: add, edit, delete, and what each refuses."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import count, errors_next_to, post_edit
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tracker.extensions import db
from tracker.models import FocusArea, Milestone, Pillar, PillarStatus, Reliability, Source
from tracker.sources.operations import create_source

KEY = "nor-ukr-test"
BACK = f"/agreements/{KEY}"


def form(defaults: dict, **changes) -> MultiDict:
    data = MultiDict(defaults)
    for name, value in changes.items():
        data.setlist(name, [value])
    return data


def pillar_form(**changes) -> MultiDict:
    return form(
        {
            "focus_area": "Air Defense",
            "objective": "Protect cities",
            "strategic_intent": "Layered defence",
            "status": "active",
            "position": "",
        },
        **changes,
    )


def source_form(**changes) -> MultiDict:
    return form(
        {
            "url": "https://www.regjeringen.no/en/aktuelt/drones/id1",
            "title": "Drones",
            "publisher": "Government of Norway",
            "published_on": "2024-05-31",
            "reliability": "official",
            "attached_to": "",
        },
        **changes,
    )


def only(model):
    db.session.expire_all()
    return db.session.scalars(select(model)).one()


def pillar_of(agreement, name: str) -> Pillar:
    return next(p for p in agreement.pillars if p.focus_area.name == name)


# Pillars


def test_adding_a_pillar_shows_it_in_the_agreement_table(client, make_agreement):
    make_agreement(key=KEY, pillars=[])

    response = client.post(f"{BACK}/pillars/new", data=pillar_form())

    assert response.status_code == 302
    assert response.headers["Location"] == f"{BACK}#pillars"
    pillar = only(Pillar)
    assert (pillar.focus_area.name, pillar.objective, pillar.strategic_intent, pillar.status) == (
        "Air Defense",
        "Protect cities",
        "Layered defence",
        PillarStatus.ACTIVE,
    )
    page = client.get(BACK).text
    assert '<th scope="row">Air Defense</th><td>Protect cities</td><td>Layered defence</td>' in page


def test_editing_a_pillar_saves_the_changes(client, make_agreement):
    agreement = make_agreement(key=KEY, pillars=["Air Defense", "Training"])
    pillar_id = pillar_of(agreement, "Air Defense").id

    response = post_edit(
        client,
        f"{BACK}/pillars/{pillar_id}/edit",
        pillar_form(objective="Protect the grid", status="on_hold"),
    )

    assert response.status_code == 302
    db.session.expire_all()
    pillar = db.session.get(Pillar, pillar_id)
    assert (pillar.focus_area.name, pillar.objective, pillar.status) == (
        "Air Defense",
        "Protect the grid",
        PillarStatus.ON_HOLD,
    )


def test_deleting_a_pillar_asks_first_and_keeps_its_milestones(client, make_agreement):
    agreement = make_agreement(
        key=KEY, pillars=["Air Defense"], milestones=[{"key": "radar", "pillar": "Air Defense"}]
    )
    url = f"{BACK}/pillars/{agreement.pillars[0].id}/delete"

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert count(Pillar) == 1

    response = post_edit(client, url, {})

    assert response.status_code == 302
    assert count(Pillar) == 0
    assert only(Milestone).pillar is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param(
            {"focus_area": "Space"},
            "focus_area",
            "“Space” is not a known choice",
            id="unknown-focus-area",
        ),
        pytest.param({"status": "bogus"}, "status", "“bogus” is not one of", id="unknown-status"),
        pytest.param(
            {"objective": "x" * 501}, "objective", "longer than 500", id="objective-too-long"
        ),
        pytest.param({"position": "-1"}, "position", "between 0 and 1000", id="negative-position"),
    ],
)
def test_bad_pillar_input_is_refused_next_to_its_field(
    client, make_agreement, changes, field, message
):
    make_agreement(key=KEY, pillars=[])

    response = client.post(f"{BACK}/pillars/new", data=pillar_form(**changes))

    assert response.status_code == 200
    assert message in errors_next_to(response, field)
    assert count(Pillar) == 0


def test_an_agreement_has_one_pillar_per_focus_area(client, make_agreement):
    make_agreement(key=KEY, pillars=["Air Defense"])

    response = client.post(f"{BACK}/pillars/new", data=pillar_form(objective="Second"))

    assert "already has a Air Defense pillar" in errors_next_to(response, "focus_area")
    assert count(Pillar) == 1


def test_a_pillar_cannot_be_moved_onto_a_taken_focus_area(client, make_agreement):
    agreement = make_agreement(key=KEY, pillars=["Air Defense", "Training"])
    training = pillar_of(agreement, "Training").id

    response = post_edit(client, f"{BACK}/pillars/{training}/edit", pillar_form())

    assert "already has a Air Defense pillar" in errors_next_to(response, "focus_area")
    db.session.expire_all()
    assert db.session.get(Pillar, training).focus_area.name == "Training"


# Sources


def test_a_source_can_support_the_agreement_as_a_whole(client, make_agreement):
    agreement = make_agreement(key=KEY)

    response = client.post(f"{BACK}/sources/new", data=source_form())

    assert response.status_code == 302
    assert response.headers["Location"] == f"{BACK}#sources"
    source = only(Source)
    assert (source.agreement_id, source.milestone_id) == (agreement.id, None)
    assert (source.url, source.title, source.publisher, source.reliability) == (
        "https://www.regjeringen.no/en/aktuelt/drones/id1",
        "Drones",
        "Government of Norway",
        Reliability.OFFICIAL,
    )
    assert source.published_on.earliest == dt.date(2024, 5, 31)
    assert 'href="https://www.regjeringen.no/en/aktuelt/drones/id1"' in client.get(BACK).text


def test_a_source_can_support_one_milestone(client, make_agreement):
    make_agreement(key=KEY, milestones=[{"key": "first-drones"}])

    client.post(f"{BACK}/sources/new", data=source_form(attached_to="first-drones"))

    source = only(Source)
    assert source.agreement_id is None
    assert source.milestone_id == only(Milestone).id
    assert "Drones</a>" in client.get(f"{BACK}/milestones/first-drones").text


def test_editing_a_source_can_move_it_to_a_milestone(client, make_agreement):
    agreement = make_agreement(key=KEY, milestones=[{"key": "first-drones"}])
    source = create_source(
        agreement,
        {
            "url": None,
            "title": "Old title",
            "publisher": None,
            "published_on": None,
            "reliability": Reliability.REPORTED,
        },
    )
    db.session.commit()

    response = post_edit(
        client,
        f"{BACK}/sources/{source.id}/edit",
        source_form(title="New title", attached_to="first-drones"),
    )

    assert response.status_code == 302
    moved = only(Source)
    assert (moved.title, moved.agreement_id, moved.milestone_id) == (
        "New title",
        None,
        only(Milestone).id,
    )
    edit_page = client.get(f"{BACK}/sources/{source.id}/edit").text
    assert '<option selected value="first-drones">' in edit_page


def test_deleting_a_source_asks_first(client, make_agreement):
    agreement = make_agreement(key=KEY)
    source = create_source(
        agreement,
        {
            "url": None,
            "title": "Gone",
            "publisher": None,
            "published_on": None,
            "reliability": Reliability.REPORTED,
        },
    )
    db.session.commit()
    url = f"{BACK}/sources/{source.id}/delete"

    assert client.get(url).status_code == 200
    assert count(Source) == 1
    assert post_edit(client, url, {}).status_code == 302
    assert count(Source) == 0


def test_a_source_is_reached_only_through_its_own_agreement(client, make_agreement):
    make_agreement(key=KEY)
    other = make_agreement(key="other")
    source = create_source(
        other,
        {
            "url": None,
            "title": "Theirs",
            "publisher": None,
            "published_on": None,
            "reliability": Reliability.REPORTED,
        },
    )
    db.session.commit()

    assert client.get(f"{BACK}/sources/{source.id}/edit").status_code == 404
    assert (
        client.post(f"{BACK}/sources/{source.id}/delete", data={"version": "1"}).status_code == 404
    )
    assert count(Source) == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param(
            {"url": "javascript:alert(1)"},
            "url",
            "Only http:// and https:// links",
            id="javascript-url",
        ),
        pytest.param(
            {"url": "data:text/html,<script>alert(1)</script>"},
            "url",
            "Only http:// and https:// links",
            id="data-url",
        ),
        pytest.param({"url": "https://"}, "url", "The link has no host", id="url-without-host"),
        pytest.param(
            {"url": "https://example.org/a b"}, "url", "cannot contain spaces", id="url-with-space"
        ),
        pytest.param(
            {"url": "", "title": " "},
            "title",
            "Give a URL, a title, or both",
            id="neither-url-nor-title",
        ),
        pytest.param({"published_on": "2024-13-45"}, "published_on", "2026-21", id="invalid-date"),
        pytest.param(
            {"reliability": "bogus"},
            "reliability",
            "“bogus” is not one of",
            id="unknown-reliability",
        ),
        pytest.param(
            {"attached_to": "nowhere"},
            "attached_to",
            "“nowhere” is not one of",
            id="unknown-milestone",
        ),
        pytest.param({"title": "x" * 501}, "title", "longer than 500", id="title-too-long"),
    ],
)
def test_bad_source_input_is_refused_next_to_its_field(
    client, make_agreement, changes, field, message
):
    make_agreement(key=KEY, milestones=[{"key": "first-drones"}])

    response = client.post(f"{BACK}/sources/new", data=source_form(**changes))

    assert response.status_code == 200
    assert message in errors_next_to(response, field)
    assert count(Source) == 0


def test_a_refused_source_form_keeps_what_was_typed(client, make_agreement):
    make_agreement(key=KEY)

    response = client.post(
        f"{BACK}/sources/new", data=source_form(url="javascript:alert(1)", published_on="2024-13")
    )

    assert 'value="javascript:alert(1)"' in response.text
    assert 'value="2024-13"' in response.text


# Focus areas


def test_a_new_focus_area_joins_the_vocabulary(client):
    before = count(FocusArea)

    response = client.post("/focus-areas/", data={"name": " Space ", "description": "Satellites"})

    assert response.status_code == 302
    assert count(FocusArea) == before + 1
    assert (
        '<td><a href="/agreements?focus_area=Space">Space</a></td>'
        in client.get("/focus-areas/").text
    )


@pytest.mark.parametrize("name", ["Air Defense", "air defense", "AIR DEFENSE", " Air defense "])
def test_a_focus_area_name_is_taken_whatever_its_case(client, name):
    before = count(FocusArea)

    response = client.post("/focus-areas/", data={"name": name, "description": ""})

    assert response.status_code == 200
    assert "exists already" in errors_next_to(response, "name")
    assert count(FocusArea) == before
