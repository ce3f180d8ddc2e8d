"""The audit trail of pillars, milestones, sources, focus areas, accounts and imports:
each change leaves exactly one entry with the right {field: [old, new]}."""

from __future__ import annotations

import json

from helpers import audit_trail, entries_since, only_entry, post_edit
from werkzeug.datastructures import MultiDict

from tracker.cli import SAMPLE
from tracker.extensions import db
from tracker.models import Reliability, User
from tracker.sources.operations import create_source

KEY = "nor-ukr-2024"
BACK = f"/agreements/{KEY}"


def milestone_form(**changes) -> MultiDict:
    data = MultiDict(
        {
            "key": "site",
            "title": "Site chosen",
            "kind": "site_selection",
            "status": "planned",
            "pillar": "",
            "due": "2026-21",
            "completed_on": "",
            "description": "",
        }
    )
    for name, value in changes.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


# Pillars, milestones, sources, focus areas


def test_a_pillar_is_recorded_when_added_changed_and_deleted(client, make_agreement):
    make_agreement(key=KEY, pillars=[])
    pillar = {
        "focus_area": "Air Defense",
        "objective": "Protect cities",
        "strategic_intent": "Layered",
        "status": "active",
        "position": "",
    }

    client.post(f"{BACK}/pillars/new", data=pillar)
    pillar_id = only_entry("pillar", "create")["record_id"]
    post_edit(client, f"{BACK}/pillars/{pillar_id}/edit", {**pillar, "status": "on_hold"})
    post_edit(client, f"{BACK}/pillars/{pillar_id}/delete", {})

    assert only_entry("pillar", "create")["changes"] == {
        "focus_area": [None, "Air Defense"],
        "objective": [None, "Protect cities"],
        "strategic_intent": [None, "Layered"],
        "status": [None, "active"],
    }
    assert only_entry("pillar", "update")["changes"] == {"status": ["active", "on_hold"]}
    assert only_entry("pillar", "delete")["changes"]["focus_area"] == ["Air Defense", None]


def test_deleting_a_pillar_records_that_its_milestones_lost_it(client, make_agreement):
    agreement = make_agreement(
        key=KEY, pillars=["Air Defense"], milestones=[{"key": "radar", "pillar": "Air Defense"}]
    )
    before = len(audit_trail())

    post_edit(client, f"{BACK}/pillars/{agreement.pillars[0].id}/delete", {})

    changes = {(e["record_type"], e["action"]): e["changes"] for e in entries_since(before)}
    assert changes[("milestone", "update")] == {"pillar": ["Air Defense", None]}
    assert ("pillar", "delete") in changes


def test_a_new_milestone_records_its_pillar_and_dependencies_by_name(client, make_agreement):
    make_agreement(key=KEY, pillars=["Air Defense"], milestones=[{"key": "funding"}])

    client.post(
        f"{BACK}/milestones/new", data=milestone_form(pillar="Air Defense", depends_on=["funding"])
    )

    [entry] = [e for e in audit_trail("milestone", "create") if e["changes"]["key"][1] == "site"]
    assert entry["changes"] == {
        "key": [None, "site"],
        "title": [None, "Site chosen"],
        "kind": [None, "site_selection"],
        "pillar": [None, "Air Defense"],
        "status": [None, "planned"],
        "due": [None, "2026-21"],
        "depends_on": [None, ["funding"]],
    }


def test_editing_a_milestone_records_due_pillar_and_dependencies(client, make_agreement):
    make_agreement(key=KEY, pillars=["Air Defense"], milestones=[{"key": "funding"}])
    client.post(f"{BACK}/milestones/new", data=milestone_form())
    before = len(audit_trail())

    post_edit(
        client,
        f"{BACK}/milestones/site/edit",
        milestone_form(
            due="2026-09", pillar="Air Defense", depends_on=["funding"], status="delayed"
        ),
    )

    [entry] = entries_since(before)
    assert (entry["record_type"], entry["action"]) == ("milestone", "update")
    assert entry["changes"] == {
        "pillar": [None, "Air Defense"],
        "status": ["planned", "delayed"],
        "due": ["2026-21", "2026-09"],
        "depends_on": [[], ["funding"]],
    }


def test_deleting_a_milestone_records_it_and_its_sources(client, make_agreement):
    agreement = make_agreement(key=KEY, milestones=[{"key": "radar"}])
    create_source(
        agreement.milestones[0],
        {
            "url": None,
            "title": "Minutes",
            "publisher": None,
            "published_on": None,
            "reliability": Reliability.OFFICIAL,
        },
    )
    db.session.commit()
    before = len(audit_trail())

    post_edit(client, f"{BACK}/milestones/radar/delete", {})

    assert {(e["record_type"], e["action"]) for e in entries_since(before)} == {
        ("milestone", "delete"),
        ("source", "delete"),
    }
    assert only_entry("source", "delete")["changes"]["milestone"] == ["radar", None]


def test_deleting_a_milestone_records_that_its_dependents_lost_it(client, make_agreement):
    make_agreement(
        key=KEY,
        milestones=[
            {"key": "funding"},
            {"key": "contract"},
            {"key": "radar", "title": "Radar", "depends_on": ["contract", "funding"]},
        ],
    )
    before = len(audit_trail())

    post_edit(client, f"{BACK}/milestones/funding/delete", {})

    changes = {
        (e["record_type"], e["action"], e["record_label"]): e["changes"]
        for e in entries_since(before)
    }
    assert changes[("milestone", "update", "Radar")] == {
        "depends_on": [["contract", "funding"], ["contract"]]
    }
    assert len(changes) == 2  # and the deletion itself


def test_a_source_moved_to_a_milestone_is_one_entry_naming_the_milestone(client, make_agreement):
    agreement = make_agreement(key=KEY, milestones=[{"key": "radar"}])
    source_form = {
        "url": "",
        "title": "Minutes",
        "publisher": "",
        "published_on": "",
        "reliability": "official",
        "attached_to": "",
    }
    client.post(f"{BACK}/sources/new", data=source_form)
    created = only_entry("source", "create")

    post_edit(
        client,
        f"{BACK}/sources/{created['record_id']}/edit",
        {**source_form, "title": "Minutes, day 1", "attached_to": "radar"},
    )

    assert created["changes"] == {"title": [None, "Minutes"], "reliability": [None, "official"]}
    assert created["agreement_id"] == agreement.id
    assert only_entry("source", "update")["changes"] == {
        "title": ["Minutes", "Minutes, day 1"],
        "milestone": [None, "radar"],
    }


def test_adding_a_focus_area_records_it(client):
    client.post("/focus-areas/", data={"name": "Space", "description": "Satellites"})

    entry = only_entry("focus_area", "create")
    assert entry["changes"] == {"name": [None, "Space"], "description": [None, "Satellites"]}
    assert entry["agreement_id"] is None


# Accounts


def test_a_new_account_records_that_a_password_was_set_never_the_hash(login_as):
    admin = login_as("admin")
    before = len(audit_trail("user"))

    admin.post(
        "/users/",
        data={"username": "auditor", "password": "long enough password", "role": "viewer"},
    )

    [entry] = audit_trail("user")[before:]
    assert entry["changes"] == {
        "username": [None, "auditor"],
        "role": [None, "viewer"],
        "active": [None, True],
        "password": [None, "(set)"],
        "must_change_password": [None, False],
    }
    stored_hash = db.session.scalar(db.select(User.password_hash).filter_by(username="auditor"))
    assert stored_hash not in json.dumps(audit_trail(), default=str)


def test_a_role_change_and_a_deactivation_in_one_save_are_one_entry(login_as, make_user):
    admin, user = login_as("admin"), make_user("analyst")
    before = len(audit_trail())

    # The unticked box posts nothing.
    admin.post(f"/users/{user.id}", data={"role": "viewer", "version": str(user.version)})

    [entry] = entries_since(before)
    assert (entry["record_type"], entry["action"], entry["record_id"]) == (
        "user",
        "update",
        user.id,
    )
    assert entry["changes"] == {"role": ["analyst", "viewer"], "active": [True, False]}


def test_logging_in_and_out_is_not_a_change_to_the_account(anonymous, make_user):
    user = make_user("analyst")
    before = len(audit_trail())

    anonymous.post(
        "/login", data={"username": user.username, "password": "correct horse battery staple"}
    )
    anonymous.post("/logout")

    assert entries_since(before) == []


def test_a_command_line_change_names_the_command_as_the_actor(runner):
    result = runner.invoke(
        args=["create-user", "ops", "--role", "admin", "--password-stdin"],
        input="long enough password\n",
    )

    assert result.exit_code == 0, result.output
    entry = only_entry("user", "create")
    assert entry["actor_id"] is None
    assert entry["actor"].startswith("cli:create-user (")


# Imports


SAMPLE_KEYS = ["nor-ukr-2026-joint-declaration", "nor-ukr-security-agreement-2024"]


def test_an_import_is_one_entry_beside_the_entries_of_what_it_wrote(runner):
    for _ in range(2):
        assert runner.invoke(args=["import", str(SAMPLE)]).exit_code == 0

    imports = audit_trail("import")
    assert [entry["changes"] for entry in imports] == [
        {
            "file": [None, "sample.json"],
            "created": [None, SAMPLE_KEYS],
            "updated": [None, []],
            "unchanged": [None, []],
        },
        {
            "file": [None, "sample.json"],
            "created": [None, []],
            "updated": [None, []],
            "unchanged": [None, SAMPLE_KEYS],  # it holds both as they are stored
        },
    ]
    assert {entry["actor"].split(" ")[0] for entry in audit_trail()} == {"cli:import"}
    # The second import changed nothing, so it wrote nothing but its own entry.
    assert audit_trail()[-1] == imports[-1]
