"""Concurrent edits: a save never overwrites a change made since its form was opened."""

from __future__ import annotations

import html
import json
import re

import pytest
from helpers import count
from sqlalchemy import delete, select, update
from werkzeug.datastructures import MultiDict

from tracker.agreements.forms import AgreementForm
from tracker.console import cli
from tracker.declaration import record_of
from tracker.extensions import db
from tracker.milestones import views as milestone_views
from tracker.milestones.operations import update_milestone
from tracker.models import (
    Agreement,
    Milestone,
    Pillar,
    PillarStatus,
    Reliability,
    Role,
    Source,
    User,
)
from tracker.sources.operations import create_source

KEY = "nor-ukr-test"
MILESTONE = f"/agreements/{KEY}/milestones/first-drones"
AGREEMENT = f"/agreements/{KEY}"
CHANGED = "This milestone was changed by someone else since you opened it. Nothing was saved."


def milestone_input(version: str | None = None, **changes) -> MultiDict:
    """What the browser posts back from the milestone's edit page, with ``changes`` typed in."""
    data = MultiDict(
        {
            "key": "first-drones",
            "title": "First drones delivered",
            "kind": "first_delivery",
            "status": "planned",
            "pillar": "",
            "due": "2026-21",
            "completed_on": "",
            "description": "",
        }
    )
    if version is not None:
        data["version"] = version
    for name, value in changes.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


def agreement_input(version: str | None = None, **changes) -> MultiDict:
    """What the browser posts back from the test agreement's edit page."""
    data = MultiDict(
        {
            "title": "Norway–Ukraine test declaration",
            "kind": "joint_declaration",
            "status": "signed",
            "signed_on": "2024-05-31",
            "signed_at": "Stockholm",
            "in_force_on": "",
            "ends_on": "",
            "duration_years": "10",
            "summary": "A test agreement.",
            "tags": "drones",
            "signatories-0-name": "Jonas Gahr Støre",
            "signatories-0-role": "Prime Minister",
            "signatories-0-party": "NOR",
        }
    )
    data.setlist("parties", ["NOR", "UKR", "", ""])
    if version is not None:
        data["version"] = version
    for name, value in changes.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


def version_in(page) -> str:
    """The version the page's form was opened on, from its hidden field."""
    found = re.search(r'<input[^>]*name="version"[^>]*value="(\d+)"', page.text)
    assert found, "the form has no version field"
    return found.group(1)


def both_open(login_as, url: str) -> tuple[tuple, tuple]:
    """Two analysts open the same form: each client with the version it was opened on."""
    first, second = login_as("analyst"), login_as("analyst")
    return (first, version_in(first.get(url))), (second, version_in(second.get(url)))


def conflict_rows(page) -> dict[str, tuple]:
    """The conflict table: field label -> (your value, current value, highlighted)."""
    rows = {}
    for differs, label, cells in re.findall(
        r'<tr( class="differs")?>\s*<th scope="row">(.*?)</th>(.*?)</tr>', page.text, re.S
    ):
        values = [_text(cell) for cell in re.findall(r"<td>(.*?)</td>", cells, re.S)]
        rows[_text(re.sub(r"<small.*?</small>", "", label))] = (*values, bool(differs))
    return rows


def _text(fragment: str) -> str:
    fragment = fragment.replace('<span class="empty">empty</span>', "").replace("<br>", "\n")
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def stored_milestone() -> Milestone | None:
    db.session.expire_all()
    return db.session.scalars(select(Milestone)).one_or_none()


def stored_milestone_named(key: str) -> Milestone:
    db.session.expire_all()
    return db.session.scalars(select(Milestone).where(Milestone.key == key)).one()


def stored_agreement() -> Agreement:
    db.session.expire_all()
    return db.session.scalars(select(Agreement).where(Agreement.key == KEY)).one()


# The version travels with the form


def test_the_edit_form_carries_the_version_it_was_opened_on(client, make_agreement):
    make_agreement(key=KEY, milestones=[{"key": "first-drones"}])
    before = version_in(client.get(f"{MILESTONE}/edit"))

    client.post(f"{MILESTONE}/edit", data=milestone_input(before, title="Drones delivered"))

    after = version_in(client.get(f"{MILESTONE}/edit"))
    assert int(after) == int(before) + 1 == stored_milestone().version


@pytest.mark.parametrize(
    "page",
    [
        f"{AGREEMENT}/edit",
        f"{AGREEMENT}/delete",
        f"{MILESTONE}/edit",
        f"{MILESTONE}/delete",
    ],
)
def test_every_edit_and_delete_page_sends_the_version_back(client, make_agreement, page):
    make_agreement(key=KEY, milestones=[{"key": "first-drones"}])

    assert version_in(client.get(page)).isdigit()


# Two analysts, one milestone


def test_a_save_over_someone_elses_change_is_refused_and_saves_nothing(login_as, make_agreement):
    make_agreement(key=KEY, milestones=[{"key": "first-drones"}])
    (first, first_opened), (second, second_opened) = both_open(login_as, f"{MILESTONE}/edit")

    saved = first.post(f"{MILESTONE}/edit", data=milestone_input(first_opened, due="2026-09"))
    refused = second.post(
        f"{MILESTONE}/edit", data=milestone_input(second_opened, title="Drones handed over")
    )

    assert saved.status_code == 302
    assert refused.status_code == 409
    assert CHANGED in refused.text
    rows = conflict_rows(refused)
    assert rows["Title"] == ("Drones handed over", "First drones delivered", True)
    assert rows["Due"] == ("2026-21", "2026-09", True)
    assert rows["Kind"] == ("First delivery", "First delivery", False)
    assert f'href="{MILESTONE}/edit"' in refused.text  # reload the form with the current values
    milestone = stored_milestone()
    assert (milestone.title, milestone.due.text) == ("First drones delivered", "2026-09")


def test_after_a_conflict_the_reloaded_form_saves(login_as, make_agreement):
    make_agreement(key=KEY, milestones=[{"key": "first-drones"}])
    (first, first_opened), (second, second_opened) = both_open(login_as, f"{MILESTONE}/edit")
    first.post(f"{MILESTONE}/edit", data=milestone_input(first_opened, due="2026-09"))
    second.post(
        f"{MILESTONE}/edit", data=milestone_input(second_opened, title="Drones handed over")
    )

    reloaded = version_in(second.get(f"{MILESTONE}/edit"))
    saved = second.post(
        f"{MILESTONE}/edit",
        data=milestone_input(reloaded, title="Drones handed over", due="2026-09"),
    )

    assert saved.status_code == 302
    milestone = stored_milestone()
    assert (milestone.title, milestone.due.text) == ("Drones handed over", "2026-09")


def test_the_conflict_page_shows_the_users_text_escaped(client, make_agreement):
    make_agreement(key=KEY, milestones=[{"key": "first-drones"}])
    opened = version_in(client.get(f"{MILESTONE}/edit"))
    client.post(f"{MILESTONE}/edit", data=milestone_input(opened, due="2026-09"))

    refused = client.post(
        f"{MILESTONE}/edit",
        data=milestone_input(
            opened, title='<script>alert("x")</script>', description="line one\n<b>two</b>"
        ),
    )

    assert refused.status_code == 409
    assert "<script>alert" not in refused.text and "<b>two</b>" not in refused.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in refused.text
    assert conflict_rows(refused)["Description"][:2] == ("line one\n<b>two</b>", "")


def test_a_delete_after_someone_elses_edit_is_refused(login_as, make_agreement):
    make_agreement(key=KEY, milestones=[{"key": "first-drones"}])
    deleter, editor = login_as("analyst"), login_as("analyst")
    confirm_opened = version_in(deleter.get(f"{MILESTONE}/delete"))
    edit_opened = version_in(editor.get(f"{MILESTONE}/edit"))
    editor.post(f"{MILESTONE}/edit", data=milestone_input(edit_opened, title="Renamed"))

    refused = deleter.post(f"{MILESTONE}/delete", data={"version": confirm_opened})

    assert refused.status_code == 409
    assert (
        "This milestone was changed by someone else since you opened it. Nothing was deleted."
    ) in refused.text
    assert conflict_rows(refused)["Title"] == ("Renamed", False)
    assert stored_milestone().title == "Renamed"

    reopened = version_in(deleter.get(f"{MILESTONE}/delete"))
    assert deleter.post(f"{MILESTONE}/delete", data={"version": reopened}).status_code == 302
    assert count(Milestone) == 0


# Agreements, pillars, sources


def test_a_stale_agreement_save_is_refused(login_as, make_agreement):
    make_agreement(key=KEY)
    (first, first_opened), (second, second_opened) = both_open(login_as, f"{AGREEMENT}/edit")

    first.post(f"{AGREEMENT}/edit", data=agreement_input(first_opened, title="Revised title"))
    refused = second.post(
        f"{AGREEMENT}/edit", data=agreement_input(second_opened, summary="Second's summary")
    )

    assert refused.status_code == 409
    rows = conflict_rows(refused)
    assert rows["Title"] == ("Norway–Ukraine test declaration", "Revised title", True)
    assert rows["Summary"] == ("Second's summary", "A test agreement.", True)
    assert rows["Parties"] == ("Norway (NOR)\nUkraine (UKR)", "Norway (NOR)\nUkraine (UKR)", False)
    assert rows["Signatories"][:2] == ("Jonas Gahr Støre · Prime Minister · NOR",) * 2
    assert "Key" not in rows  # shown on the edit page, never posted
    agreement = stored_agreement()
    assert (agreement.title, agreement.summary) == ("Revised title", "A test agreement.")


@pytest.mark.parametrize(
    "change",
    [
        {"parties": ["NOR", "UKR", "POL"]},
        {"signatories-0-role": "Prime Minister of Norway"},
        {"tags": "drones, industry"},
    ],
)
def test_a_change_to_only_a_list_of_the_agreement_makes_open_forms_stale(
    login_as, make_agreement, change
):
    make_agreement(key=KEY)
    (first, first_opened), (second, second_opened) = both_open(login_as, f"{AGREEMENT}/edit")

    assert (
        first.post(f"{AGREEMENT}/edit", data=agreement_input(first_opened, **change)).status_code
        == 302
    )
    refused = second.post(
        f"{AGREEMENT}/edit", data=agreement_input(second_opened, title="Second's title")
    )

    assert refused.status_code == 409
    assert stored_agreement().title == "Norway–Ukraine test declaration"


def test_an_unchanged_save_leaves_other_open_forms_valid(login_as, make_agreement):
    make_agreement(key=KEY)
    (first, first_opened), (second, second_opened) = both_open(login_as, f"{AGREEMENT}/edit")

    first.post(f"{AGREEMENT}/edit", data=agreement_input(first_opened))
    saved = second.post(
        f"{AGREEMENT}/edit", data=agreement_input(second_opened, title="Second's title")
    )

    assert saved.status_code == 302
    assert stored_agreement().title == "Second's title"


def test_a_dependency_change_makes_open_milestone_forms_stale(login_as, make_agreement):
    make_agreement(key=KEY, milestones=[{"key": "funding"}, {"key": "first-drones"}])
    (first, first_opened), (second, second_opened) = both_open(login_as, f"{MILESTONE}/edit")

    first.post(f"{MILESTONE}/edit", data=milestone_input(first_opened, depends_on=["funding"]))
    refused = second.post(
        f"{MILESTONE}/edit", data=milestone_input(second_opened, title="Second's title")
    )

    assert refused.status_code == 409
    assert conflict_rows(refused)["Depends on"] == ("", "funding", True)
    assert [other.key for other in stored_milestone_named("first-drones").depends_on] == ["funding"]


@pytest.fixture
def pillar_and_source(make_agreement):
    agreement = make_agreement(key=KEY, pillars=["Air Defense"])
    create_source(
        agreement,
        {
            "url": "https://example.org/a",
            "title": "Drones",
            "publisher": None,
            "published_on": None,
            "reliability": Reliability.OFFICIAL,
        },
    )
    db.session.commit()
    return agreement.pillars[0], agreement.sources[0]


@pytest.mark.parametrize(
    "page, posted",
    [
        (
            "pillars",
            {
                "focus_area": "Air Defense",
                "objective": "Mine",
                "strategic_intent": "",
                "status": "active",
                "position": "",
            },
        ),
        (
            "sources",
            {
                "url": "https://example.org/a",
                "title": "Mine",
                "publisher": "",
                "published_on": "",
                "reliability": "official",
                "attached_to": "",
            },
        ),
    ],
)
def test_stale_pillar_and_source_saves_are_refused(client, pillar_and_source, page, posted):
    pillar, source = pillar_and_source
    record = pillar if page == "pillars" else source
    url = f"{AGREEMENT}/{page}/{record.id}/edit"
    opened = version_in(client.get(url))
    if page == "pillars":
        pillar.objective = "Changed meanwhile"
    else:
        source.title = "Changed meanwhile"
    db.session.commit()

    refused = client.post(url, data={**posted, "version": opened})

    assert refused.status_code == 409
    assert f"This {page[:-1]} was changed by someone else" in refused.text
    db.session.expire_all()
    stored = db.session.get(Pillar if page == "pillars" else Source, record.id)
    assert "Changed meanwhile" in (stored.objective if page == "pillars" else stored.title)


@pytest.mark.parametrize("page", ["pillars", "sources"])
def test_stale_pillar_and_source_deletes_are_refused(client, pillar_and_source, page):
    pillar, source = pillar_and_source
    record = pillar if page == "pillars" else source
    url = f"{AGREEMENT}/{page}/{record.id}/delete"
    opened = version_in(client.get(url))
    if page == "pillars":
        pillar.status = PillarStatus.ON_HOLD
    else:
        source.publisher = "Changed meanwhile"
    db.session.commit()

    refused = client.post(url, data={"version": opened})

    assert refused.status_code == 409
    assert count(Pillar if page == "pillars" else Source) == 1


# A save that lands between the check and the write


def racing(change):
    """update_milestone, after another connection commits ``change`` to the same row."""

    def update_after_someone_else(milestone, values):
        with db.engine.begin() as connection:
            connection.execute(change(milestone.id))
        return update_milestone(milestone, values)

    return update_after_someone_else


def test_a_save_racing_another_save_is_refused_and_rolled_back(client, make_agreement, monkeypatch):
    make_agreement(key=KEY, milestones=[{"key": "first-drones"}])
    opened = version_in(client.get(f"{MILESTONE}/edit"))
    table = Milestone.__table__
    monkeypatch.setattr(
        milestone_views,
        "update_milestone",
        racing(
            lambda row: (
                update(table)
                .where(table.c.id == row)
                .values(title="Saved meanwhile", version=table.c.version + 1)
            )
        ),
    )

    refused = client.post(f"{MILESTONE}/edit", data=milestone_input(opened, due="2027"))

    assert refused.status_code == 409
    assert CHANGED in refused.text
    assert conflict_rows(refused)["Title"] == ("First drones delivered", "Saved meanwhile", True)
    milestone = stored_milestone()
    assert (milestone.title, milestone.due.text) == ("Saved meanwhile", "2026-21")


def test_a_save_racing_a_delete_says_the_record_is_gone(client, make_agreement, monkeypatch):
    make_agreement(key=KEY, milestones=[{"key": "first-drones"}])
    opened = version_in(client.get(f"{MILESTONE}/edit"))
    table = Milestone.__table__
    monkeypatch.setattr(
        milestone_views,
        "update_milestone",
        racing(lambda row: delete(table).where(table.c.id == row)),
    )

    refused = client.post(f"{MILESTONE}/edit", data=milestone_input(opened, title="Mine"))

    assert refused.status_code == 409
    assert (
        "This milestone was deleted by someone else since you opened it. Nothing was saved."
    ) in refused.text
    assert conflict_rows(refused)["Title"] == ("Mine", False)
    assert count(Milestone) == 0


# Posts without a version: the importer updates by key; a web form must name its version


def test_a_web_edit_without_a_version_gets_the_conflict_page_and_saves_nothing(
    client, make_agreement
):
    make_agreement(key=KEY, milestones=[{"key": "first-drones"}])

    response = client.post(f"{MILESTONE}/edit", data=milestone_input(title="Blind save"))

    assert response.status_code == 409
    assert "Nothing was saved" in response.text
    assert stored_milestone().title == "First drones delivered"


def test_a_web_delete_without_a_version_gets_the_conflict_page_and_deletes_nothing(
    client, make_agreement
):
    make_agreement(key=KEY, milestones=[{"key": "first-drones"}])

    response = client.post(f"{MILESTONE}/delete")

    assert response.status_code == 409
    assert stored_milestone() is not None


def test_an_import_updates_by_key_without_a_version(runner, make_agreement, tmp_path):
    agreement = make_agreement(key=KEY)
    before = agreement.version
    record = {**record_of(AgreementForm.declaration(), agreement), "title": "Imported title"}
    path = tmp_path / "import.json"
    path.write_text(
        json.dumps({"format": "defense-cooperation-tracker", "version": 1, "agreements": [record]}),
        encoding="utf-8",
    )

    result = runner.invoke(cli, ["import", str(path)])

    assert result.exit_code == 0, result.output
    assert "0 created, 1 updated" in result.output
    stored = stored_agreement()
    assert stored.title == "Imported title"
    assert stored.version > before


def test_exports_never_carry_the_version(make_agreement):
    agreement = make_agreement(key=KEY, milestones=[{"key": "first-drones"}])

    record = record_of(AgreementForm.declaration(), agreement)

    assert "version" not in record
    assert all(
        "version" not in part
        for part in (*record["pillars"], *record["milestones"], *record["sources"])
    )


def test_a_user_edit_over_another_admins_change_or_without_a_version_saves_nothing(
    login_as, make_user
):
    first, second = login_as("admin"), login_as("admin")
    user = make_user("analyst")
    opened = str(user.version)
    assert (
        first.post(
            f"/users/{user.id}", data={"role": "viewer", "active": "y", "version": opened}
        ).status_code
        == 302
    )

    stale = second.post(
        f"/users/{user.id}", data={"role": "admin", "active": "y", "version": opened}
    )
    blind = second.post(f"/users/{user.id}", data={"role": "admin", "active": "y"})

    assert (stale.status_code, blind.status_code) == (409, 409)
    db.session.expire_all()
    assert db.session.get(User, user.id).role is Role.VIEWER


def test_a_users_conflict_page_shows_an_unticked_box_as_no(login_as, make_user):
    first, second = login_as("admin"), login_as("admin")
    user = make_user("analyst")
    opened = str(user.version)
    first.post(f"/users/{user.id}", data={"role": "viewer", "active": "y", "version": opened})

    page = second.post(f"/users/{user.id}", data={"role": "analyst", "version": opened}).text

    row = re.search(r"Active \(may log in\).*?</tr>", page, re.S).group(0)
    assert re.findall(r"<td>(\w+)</td>", row) == ["no", "yes"]
