"""The audit trail: every create, update and delete of every record leaves exactly one entry.

Changes are made through the real pages where there is one, as the analyst
of the ``client`` fixture (or an admin for accounts), and the entries are
read back from the database as committed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import audit_trail, entries_since, only_entry, post_edit
from werkzeug.datastructures import MultiDict

from tracker.agreements.operations import create_agreement, delete_agreement
from tracker.audit.pending import Change, Pending
from tracker.extensions import db

KEY = "nor-ukr-2024"
BACK = f"/agreements/{KEY}"


def agreement_form(**changes) -> MultiDict:
    """What a browser posts for the agreement; a list value repeats its name."""
    data = MultiDict(
        {
            "key": KEY,
            "title": "Norway–Ukraine declaration",
            "kind": "joint_declaration",
            "status": "signed",
            "signed_on": "2024-05",
            "signed_at": "Oslo",
            "in_force_on": "",
            "ends_on": "",
            "duration_years": "10",
            "summary": "Drones.",
            "tags": "drones",
            "signatories-0-name": "Jonas Gahr Støre",
            "signatories-0-role": "Prime Minister",
            "signatories-0-party": "NOR",
        }
    )
    data.setlist("parties", ["NOR", "UKR"])
    for name, value in changes.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


@pytest.fixture
def agreement(client) -> None:
    """The agreement made through its page, with its entries already written."""
    assert client.post("/agreements/new", data=agreement_form()).status_code == 302


# Agreements


def test_creating_an_agreement_records_every_given_field_and_who_did_it(client):
    client.post("/agreements/new", data=agreement_form())

    entry = only_entry("agreement", "create")
    assert entry["changes"] == {
        "key": [None, KEY],
        "title": [None, "Norway–Ukraine declaration"],
        "kind": [None, "joint_declaration"],
        "status": [None, "signed"],
        "parties": [None, ["NOR", "UKR"]],
        "signed_on": [None, "2024-05"],
        "signed_at": [None, "Oslo"],
        "duration_years": [None, 10],
        "summary": [None, "Drones."],
        "tags": [None, ["drones"]],
    }
    assert (entry["actor_id"], entry["actor"]) == (client.user.id, client.user.username)
    assert entry["record_label"] == "Norway–Ukraine declaration"
    assert entry["agreement_id"] == entry["record_id"]


def test_editing_an_agreement_records_only_what_changed(client, agreement):
    before = len(audit_trail())

    post_edit(client, f"{BACK}/edit", agreement_form(title="New title", signed_on="2024-05-31"))

    [entry] = entries_since(before)
    assert (entry["action"], entry["record_type"]) == ("update", "agreement")
    assert entry["changes"] == {
        "title": ["Norway–Ukraine declaration", "New title"],
        "signed_on": ["2024-05", "2024-05-31"],
    }


def test_saving_an_agreement_unchanged_records_nothing(client, agreement):
    before = len(audit_trail())

    assert post_edit(client, f"{BACK}/edit", agreement_form()).status_code == 302

    assert entries_since(before) == []


def test_changing_the_parties_records_them_as_codes(client, agreement):
    before = len(audit_trail())

    post_edit(client, f"{BACK}/edit", agreement_form(parties=["NOR", "UKR", "SWE"]))

    [entry] = entries_since(before)
    assert entry["changes"] == {"parties": [["NOR", "UKR"], ["NOR", "SWE", "UKR"]]}


def test_changing_the_tags_records_their_names(client, agreement):
    before = len(audit_trail())

    post_edit(client, f"{BACK}/edit", agreement_form(tags="industry, drones"))

    [entry] = entries_since(before)
    assert entry["changes"] == {"tags": [["drones"], ["drones", "industry"]]}


def test_deleting_an_agreement_records_its_values_and_each_part_that_goes_with_it(
    client, make_agreement
):
    make_agreement(key=KEY, pillars=["Air Defense"], milestones=[{"key": "radar"}])
    before = len(audit_trail())

    post_edit(client, f"{BACK}/delete", {})

    gone = {(entry["record_type"], entry["action"]) for entry in entries_since(before)}
    assert gone == {
        ("agreement", "delete"),
        ("signatory", "delete"),
        ("pillar", "delete"),
        ("milestone", "delete"),
    }
    entry = only_entry("agreement", "delete")
    assert entry["changes"]["title"] == ["Norway–Ukraine test declaration", None]
    assert entry["changes"]["parties"] == [["NOR", "UKR"], None]
    assert only_entry("milestone", "delete")["changes"]["due"] == ["2026-21", None]


# Signatories and commitments


def test_adding_a_signatory_records_it_and_nothing_on_the_agreement(client, agreement):
    before = len(audit_trail())

    post_edit(
        client,
        f"{BACK}/edit",
        agreement_form(
            **{
                "signatories-1-name": "Volodymyr Zelenskyy",
                "signatories-1-role": "President",
                "signatories-1-party": "UKR",
            }
        ),
    )

    [entry] = entries_since(before)
    assert (entry["record_type"], entry["action"]) == ("signatory", "create")
    assert entry["changes"] == {
        "name": [None, "Volodymyr Zelenskyy"],
        "role": [None, "President"],
        "party": [None, "UKR"],
    }


def test_changing_a_signatory_records_the_change(client, agreement):
    before = len(audit_trail())

    post_edit(client, f"{BACK}/edit", agreement_form(**{"signatories-0-role": "PM"}))

    [entry] = entries_since(before)
    assert (entry["record_type"], entry["action"]) == ("signatory", "update")
    assert entry["changes"] == {"role": ["Prime Minister", "PM"]}


def test_removing_a_signatory_records_its_deletion(client, agreement):
    before = len(audit_trail())

    post_edit(
        client,
        f"{BACK}/edit",
        agreement_form(
            **{
                "signatories-0-name": "",
                "signatories-0-role": "",
                "signatories-0-party": "",
            }
        ),
    )

    [entry] = entries_since(before)
    assert (entry["record_type"], entry["action"]) == ("signatory", "delete")
    assert entry["changes"] == {
        "name": ["Jonas Gahr Støre", None],
        "role": ["Prime Minister", None],
        "party": ["NOR", None],
    }


COMMITMENT = {
    "commitments-0-party": "NOR",
    "commitments-0-description": "Funding",
    "commitments-0-amount": "1500000",
    "commitments-0-currency": "NOK",
    "commitments-0-period": "2026/2027",
}


def test_adding_a_commitment_records_its_amount_as_exact_text(client, agreement):
    before = len(audit_trail())

    post_edit(client, f"{BACK}/edit", agreement_form(**COMMITMENT))

    [entry] = entries_since(before)
    assert (entry["record_type"], entry["action"]) == ("commitment", "create")
    assert entry["changes"] == {
        "party": [None, "NOR"],
        "description": [None, "Funding"],
        "stage": [None, "pledged"],
        "amount": [None, "1500000.00"],
        "currency": [None, "NOK"],
        "basis": [None, "one_off"],
        "qualifier": [None, "exact"],
        "period": [None, "2026/2027"],
    }


def test_changing_a_commitment_records_the_change(client, agreement):
    post_edit(client, f"{BACK}/edit", agreement_form(**COMMITMENT))
    before = len(audit_trail())

    post_edit(
        client,
        f"{BACK}/edit",
        agreement_form(**{**COMMITMENT, "commitments-0-amount": "2000000.5"}),
    )

    [entry] = entries_since(before)
    assert (entry["record_type"], entry["action"]) == ("commitment", "update")
    assert entry["changes"] == {"amount": ["1500000.00", "2000000.50"]}


def test_removing_a_commitment_records_its_deletion(client, agreement):
    post_edit(client, f"{BACK}/edit", agreement_form(**COMMITMENT))
    before = len(audit_trail())

    post_edit(client, f"{BACK}/edit", agreement_form())

    [entry] = entries_since(before)
    assert (entry["record_type"], entry["action"]) == ("commitment", "delete")
    assert entry["changes"]["amount"] == ["1500000.00", None]


# Every entry


def test_entries_are_stamped_in_utc_at_the_moment_of_the_change(client):
    start = dt.datetime.now(dt.UTC).replace(microsecond=0)

    client.post("/agreements/new", data=agreement_form())

    at = only_entry("agreement", "create")["at"]
    at = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at  # SQLite keeps no zone
    assert start <= at <= dt.datetime.now(dt.UTC)
    assert at.utcoffset() == dt.timedelta(0)


def test_a_rolled_back_transaction_leaves_no_entry(app):
    from conftest import agreement_values

    create_agreement(agreement_values())
    db.session.rollback()

    assert audit_trail() == []


def test_a_record_made_and_deleted_in_one_transaction_leaves_no_entry(app):
    from conftest import agreement_values

    delete_agreement(create_agreement(agreement_values()))
    db.session.commit()

    assert audit_trail() == []


def test_a_record_changed_then_deleted_in_one_transaction_is_deleted_as_it_was_before():
    pending = Pending()
    pending.add(Change("update", "milestone", 7, "Radar", 1, {"due": ["2026", "2027"]}))
    pending.add(
        Change(
            "delete", "milestone", 7, "Radar", 1, {"key": ["radar", None], "due": ["2027", None]}
        )
    )

    [change] = pending.changes
    assert (change.action, change.changes) == (
        "delete",
        {"key": ["radar", None], "due": ["2026", None]},
    )


def test_a_change_undone_in_the_same_transaction_leaves_no_entry():
    pending = Pending()
    pending.add(Change("update", "pillar", 3, "Cyber", 1, {"status": ["active", "on_hold"]}))
    pending.add(Change("update", "pillar", 3, "Cyber", 1, {"status": ["on_hold", "active"]}))

    assert pending.changes == []
