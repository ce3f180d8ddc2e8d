"""Coding an agreement against the provision vocabulary: on its form, and in every format."""

from __future__ import annotations

import json

import pytest
from helpers import agreement_record, errors_next_to, interchange, only_entry
from sqlalchemy import delete, select

from bench.browser import Browser
from tracker.extensions import db
from tracker.interchange.exporter import document_text, export_document
from tracker.interchange.importer import ImportFailed, apply_plan, plan_import
from tracker.models import Agreement, Provision, ProvisionCoding

EDIT = "/agreements/nor-ukr-test/edit"
QUOTE = "Norway will continue to support Ukraine's irreversible path to NATO membership."


def coding_form(client) -> dict:
    """The edit form as the page fills it, and where each provision's row is."""
    fields = Browser.fields_of(client.get(EDIT).text, EDIT)
    rows = {
        value[0]: name.split("-")[1]
        for name, value in fields.items()
        if name.startswith("provisions-") and name.endswith("-provision")
    }
    return fields, rows


def code(client, **codings) -> object:
    """Post the form with ``codings``: {provision: {field: value}}."""
    fields, rows = coding_form(client)
    for provision, values in codings.items():
        for name, value in values.items():
            fields[f"provisions-{rows[provision]}-{name}"] = value
    return client.post(EDIT, data=fields)


def stored() -> list[tuple[str, str]]:
    db.session.rollback()
    return [
        (coding.provision, coding.value.value)
        for coding in db.session.scalars(select(ProvisionCoding).order_by(ProvisionCoding.position))
    ]


def test_the_form_offers_every_provision_not_coded(login_as, make_agreement):
    make_agreement()

    fields, rows = coding_form(login_as("analyst"))

    assert len(rows) == 17
    assert all(fields[f"provisions-{index}-value"] == [""] for index in rows.values())
    assert "Provisions: 0 of 17 coded" in login_as("analyst").get(EDIT).text


def test_an_analyst_codes_two_provisions_on_the_agreements_form(login_as, make_agreement):
    make_agreement()
    analyst = login_as("analyst")

    response = code(
        analyst,
        **{
            "Termination": {"value": "absent"},
            "NATO accession": {
                "value": "present",
                "reference": "Art. 2",
                "quote": QUOTE,
                "source": "https://www.regjeringen.no/declaration",
            },
        },
    )

    assert response.status_code == 302
    assert stored() == [
        ("NATO accession", "present"),
        ("Termination", "absent"),
    ]  # vocabulary order
    page = analyst.get("/agreements/nor-ukr-test").text
    assert "2 of 17" in page
    assert '<span class="coding-value present">Present</span>' in page
    assert '<span class="coding-value absent">Absent</span>' in page
    assert "“Norway will continue to support Ukraine&#39;s irreversible path" in page


def test_codings_are_audited_with_their_values(login_as, make_agreement):
    make_agreement()

    code(login_as("analyst"), **{"Sanctions": {"value": "partial", "reference": "§4"}})

    entry = only_entry("provision_coding", "create")
    assert entry["changes"]["provision"] == [None, "Sanctions"]
    assert entry["changes"]["value"] == [None, "partial"]
    assert entry["changes"]["reference"] == [None, "§4"]


def test_words_without_a_value_are_refused(login_as, make_agreement):
    make_agreement()

    response = code(login_as("analyst"), **{"Sanctions": {"quote": "Sanctions stay."}})

    assert response.status_code == 200
    _, rows = coding_form(login_as("analyst"))
    message = errors_next_to(response, f"provisions-{rows['Sanctions']}-value")
    assert "Say whether the provision is present, partial or absent" in message
    assert stored() == []


def test_a_source_must_be_a_web_link(login_as, make_agreement):
    make_agreement()

    response = code(
        login_as("analyst"), **{"Sanctions": {"value": "present", "source": "javascript:x"}}
    )

    assert "Only http:// and https:// links are allowed." in response.text
    assert stored() == []


def test_an_imported_coding_needs_its_value_and_a_known_provision(app):
    coded = agreement_record(
        "a",
        provisions=[{"provision": "Sanctions"}, {"provision": "Moon base", "value": "present"}],
    )

    with pytest.raises(ImportFailed) as refused:
        plan_import(interchange(coded))

    problems = [str(problem) for problem in refused.value.problems]
    assert (
        "agreements[0] (key a): provisions[0].value: is required: present, partial or absent."
        in (problems)
    )
    assert any(
        p.startswith("agreements[0] (key a): provisions[1].provision: “Moon base”")
        for p in problems
    )


def test_codings_and_the_provisions_they_use_round_trip_byte_for_byte(app):
    new = {"name": "Arctic security", "category": "Regional", "description": "The High North"}
    coded = agreement_record(
        "a",
        provisions=[
            {"provision": "Arctic security", "value": "partial", "reference": "§9"},
            {"provision": "NATO accession", "value": "present", "quote": QUOTE},
        ],
    )
    apply_plan(plan_import(interchange(coded, provisions=[new])))
    db.session.commit()
    first = document_text(export_document())

    db.session.execute(delete(Agreement))
    db.session.execute(delete(Provision).where(Provision.name == "Arctic security"))
    db.session.commit()
    apply_plan(plan_import(json.loads(first)))
    db.session.commit()

    assert document_text(export_document()) == first
    exported = json.loads(first)
    # Every provision the codings use travels, by name, as the focus areas of pillars do.
    assert [p["name"] for p in exported["provisions"]] == ["Arctic security", "NATO accession"]
    assert exported["provisions"][0] == new
    assert [c["provision"] for c in exported["agreements"][0]["provisions"]] == [
        "NATO accession",  # the vocabulary's order: the default set first
        "Arctic security",
    ]


def test_the_api_reads_and_adds_codings(api_as, make_agreement):
    make_agreement()
    client = api_as("analyst")

    added = client.post(
        "/api/v1/agreements/nor-ukr-test/provisions",
        json={"provision": "Special tribunal", "value": "present", "version": 1},
    )
    read = client.get("/api/v1/agreements/nor-ukr-test")

    assert added.status_code == 201, added.json
    assert read.json["provisions"] == [
        {
            "provision": "Special tribunal",
            "value": "present",
            "reference": None,
            "quote": None,
            "source": None,
        }
    ]
