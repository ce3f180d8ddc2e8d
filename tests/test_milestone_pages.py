"""Milestone pages: add, edit, delete, the rules on dates and dependencies, and overdue flags."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from helpers import count, errors_next_to, post_edit
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tracker.extensions import db
from tracker.models import Milestone, MilestoneKind, MilestoneStatus, Reliability, Source
from tracker.models.milestone import milestone_dependency
from tracker.sources.operations import create_source

KEY = "nor-ukr-test"
NEW = f"/agreements/{KEY}/milestones/new"


def milestone_form(**changes) -> MultiDict:
    """What a browser posts for a valid new milestone; a list value repeats its name."""
    data = MultiDict(
        {
            "key": "air-defence-site",
            "title": "Site chosen",
            "kind": "site_selection",
            "status": "planned",
            "pillar": "",
            "due": "2026-21",
            "completed_on": "",
            "description": "Where the systems will be built.",
        }
    )
    for name, value in changes.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


def milestone(key: str) -> Milestone | None:
    db.session.expire_all()
    return db.session.scalars(select(Milestone).where(Milestone.key == key)).one_or_none()


def dependencies(key: str) -> list[str]:
    return [other.key for other in milestone(key).depends_on]


# Adding, editing, deleting


def test_adding_a_milestone_saves_it_under_its_pillar(client, make_agreement):
    make_agreement(key=KEY, pillars=["Air Defense", "Training"])

    response = client.post(NEW, data=milestone_form(pillar="Air Defense"))

    assert response.status_code == 302
    assert response.headers["Location"] == f"/agreements/{KEY}/milestones/air-defence-site"
    saved = milestone("air-defence-site")
    assert (saved.title, saved.kind, saved.status) == (
        "Site chosen",
        MilestoneKind.SITE_SELECTION,
        MilestoneStatus.PLANNED,
    )
    assert saved.pillar.focus_area.name == "Air Defense"
    assert (saved.due.text, saved.due.earliest, saved.due.latest) == (
        "2026-21",
        dt.date(2026, 3, 1),
        dt.date(2026, 5, 31),
    )
    assert saved.description == "Where the systems will be built."


def test_a_new_milestone_can_depend_on_others_of_its_agreement(client, make_agreement):
    make_agreement(key=KEY, milestones=[{"key": "funding"}, {"key": "contract"}])

    client.post(NEW, data=milestone_form(depends_on=["funding", "contract"]))

    assert dependencies("air-defence-site") == ["contract", "funding"]
    page = client.get(f"/agreements/{KEY}/milestones/funding").text
    assert "Site chosen" in page  # listed under "Needed by"


def test_the_edit_form_starts_from_the_stored_milestone(client, make_agreement):
    make_agreement(key=KEY, milestones=[{"key": "a"}, {"key": "b", "depends_on": ["a"]}])

    page = client.get(f"/agreements/{KEY}/milestones/b/edit").text

    assert 'value="b"' in page
    assert 'value="2026-21"' in page
    assert '<option selected value="a">' in page


def test_editing_a_milestone_saves_the_changes(client, make_agreement):
    make_agreement(
        key=KEY,
        pillars=["Air Defense"],
        milestones=[{"key": "a"}, {"key": "b", "pillar": "Air Defense"}],
    )

    response = post_edit(
        client,
        f"/agreements/{KEY}/milestones/b/edit",
        milestone_form(
            key="b",
            title="Delivered",
            status="done",
            completed_on="2024-01",
            depends_on="a",
            version="1",
        ),
    )

    assert response.status_code == 302
    saved = milestone("b")
    assert (saved.title, saved.status, saved.pillar) == ("Delivered", MilestoneStatus.DONE, None)
    assert saved.completed_on.latest == dt.date(2024, 1, 31)
    assert dependencies("b") == ["a"]


def test_deleting_a_milestone_asks_first_and_names_its_dependents(client, make_agreement):
    make_agreement(key=KEY, milestones=[{"key": "a"}, {"key": "b", "depends_on": ["a"]}])

    response = client.get(f"/agreements/{KEY}/milestones/a/delete")

    assert response.status_code == 200
    assert "These milestones no longer depend on it: b." in response.text
    assert count(Milestone) == 2


def test_deleting_a_milestone_takes_its_sources_and_frees_its_dependents(client, make_agreement):
    agreement = make_agreement(
        key=KEY, milestones=[{"key": "a"}, {"key": "b", "depends_on": ["a"]}]
    )
    create_source(
        agreement.milestones[0],
        {
            "url": None,
            "title": "Press release",
            "publisher": None,
            "published_on": None,
            "reliability": Reliability.OFFICIAL,
        },
    )
    db.session.commit()

    response = post_edit(client, f"/agreements/{KEY}/milestones/a/delete", {})

    assert response.status_code == 302
    assert response.headers["Location"] == f"/agreements/{KEY}#milestones"
    assert milestone("a") is None
    assert dependencies("b") == []
    assert count(Source) == count(milestone_dependency) == 0


# Refusals: named next to the field, nothing saved


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param({"title": "x" * 301}, "title", "longer than 300", id="title-too-long"),
        pytest.param({"kind": "bogus"}, "kind", "“bogus” is not one of", id="unknown-kind"),
        pytest.param({"status": "bogus"}, "status", "“bogus” is not one of", id="unknown-status"),
        pytest.param({"due": "2026-99"}, "due", "is not an EDTF date", id="invalid-due"),
        pytest.param(
            {"status": "done", "completed_on": "2024-13-45"},
            "completed_on",
            "is not an EDTF date",
            id="invalid-completed-on",
        ),
        pytest.param(
            {"status": "done"},
            "completed_on",
            "A done milestone needs its completion date",
            id="done-without-completion-date",
        ),
        pytest.param(
            {"status": "in_progress", "completed_on": "2024"},
            "completed_on",
            "Only a done milestone has a completion date",
            id="completed-but-not-done",
        ),
        pytest.param(
            {"status": "done", "completed_on": "2999"},
            "completed_on",
            "cannot be in the future",
            id="completed-in-the-future",
        ),
        pytest.param(
            {"pillar": "Training"},
            "pillar",
            "“Training” is not one of",
            id="pillar-of-another-agreement",
        ),
        pytest.param(
            {"depends_on": "elsewhere"},
            "depends_on",
            "“elsewhere” is not one of",
            id="dependency-of-another-agreement",
        ),
        pytest.param(
            {"key": "first-drones"},
            "key",
            "already has a milestone “first-drones”",
            id="duplicate-key",
        ),
        pytest.param({"key": "new"}, "key", "“new” is reserved", id="reserved-key"),
    ],
)
def test_bad_milestone_input_is_refused_next_to_its_field(
    client, make_agreement, changes, field, message
):
    make_agreement(key="other", pillars=["Training"], milestones=[{"key": "elsewhere"}])
    make_agreement(key=KEY, pillars=["Air Defense"], milestones=[{"key": "first-drones"}])

    response = client.post(NEW, data=milestone_form(**changes))

    assert response.status_code == 200
    assert message in errors_next_to(response, field)
    assert count(Milestone) == 2


def test_an_invalid_date_names_an_example(client, make_agreement):
    make_agreement(key=KEY)

    response = client.post(NEW, data=milestone_form(due="spring 2026"))

    assert "2026-21" in errors_next_to(response, "due")


def test_a_refused_milestone_form_keeps_what_was_typed(client, make_agreement):
    make_agreement(key=KEY)

    response = client.post(NEW, data=milestone_form(title="Typed title", due="2026-99"))

    assert 'value="2026-99"' in response.text
    assert 'value="Typed title"' in response.text


def test_a_dependency_cycle_is_refused(client, make_agreement):
    make_agreement(key=KEY, milestones=[{"key": "b"}, {"key": "a", "depends_on": ["b"]}])

    response = post_edit(
        client, f"/agreements/{KEY}/milestones/b/edit", milestone_form(key="b", depends_on="a")
    )

    assert response.status_code == 200
    assert "This would make a dependency cycle: b → a → b" in errors_next_to(response, "depends_on")
    assert dependencies("b") == []


def test_renaming_a_milestone_does_not_hide_a_dependency_cycle(client, make_agreement):
    make_agreement(key=KEY, milestones=[{"key": "b"}, {"key": "a", "depends_on": ["b"]}])

    response = post_edit(
        client, f"/agreements/{KEY}/milestones/b/edit", milestone_form(key="c", depends_on="a")
    )

    assert response.status_code == 200
    assert "dependency cycle" in errors_next_to(response, "depends_on")
    assert milestone("c") is None
    assert dependencies("b") == []


def test_a_milestone_cannot_be_offered_as_its_own_dependency(client, make_agreement):
    make_agreement(key=KEY, milestones=[{"key": "a"}, {"key": "b"}])

    page = client.get(f"/agreements/{KEY}/milestones/a/edit").text
    response = post_edit(
        client, f"/agreements/{KEY}/milestones/a/edit", milestone_form(key="a", depends_on="a")
    )

    depends_on = re.search(r'<select[^>]*name="depends_on".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option[^>]*value="([^"]*)"', depends_on) == ["b"]
    assert "“a” is not one of" in errors_next_to(response, "depends_on")
    assert dependencies("a") == []


def test_a_milestone_cannot_take_a_sibling_key_on_edit(client, make_agreement):
    make_agreement(key=KEY, milestones=[{"key": "a"}, {"key": "b"}])

    response = post_edit(
        client, f"/agreements/{KEY}/milestones/b/edit", milestone_form(key="a", title="Renamed")
    )

    assert "already has a milestone “a”" in errors_next_to(response, "key")
    assert milestone("b").title == "First drones delivered"


# Overdue


def overdue_flag_shown(client) -> bool:
    page = client.get(f"/agreements/{KEY}").text
    assert "First drones delivered" in page  # the milestone is listed
    return '<span class="flag">Overdue</span>' in page


def test_a_planned_milestone_past_its_due_year_is_overdue(client, make_agreement):
    make_agreement(key=KEY, milestones=[{"due": "2020"}])

    assert overdue_flag_shown(client)


def test_a_done_milestone_is_never_overdue(client, make_agreement):
    make_agreement(
        key=KEY,
        milestones=[{"due": "2020", "status": MilestoneStatus.DONE, "completed_on": "2021"}],
    )

    assert not overdue_flag_shown(client)


def test_a_milestone_due_in_the_future_is_not_overdue(client, make_agreement):
    make_agreement(key=KEY, milestones=[{"due": "2999"}])

    assert not overdue_flag_shown(client)
