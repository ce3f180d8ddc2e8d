"""Links between agreements: typed, shown on both agreements, and carried by every format."""

from __future__ import annotations

import json

import pytest
from helpers import agreement_record, errors_next_to, interchange, islands
from sqlalchemy import select

from bench.browser import Browser
from tracker.extensions import db
from tracker.interchange.csv_reader import read_csv_set
from tracker.interchange.csv_tables import write_csv_set
from tracker.interchange.exporter import document_text, export_document
from tracker.interchange.importer import ImportFailed, apply_plan, plan_import
from tracker.lanes.charts import AGREEMENT_BAND
from tracker.models import Agreement, AgreementLink, LinkRelation


def two_agreements(make_agreement):
    make_agreement(key="nor-ukr-2024", title="Agreement on security cooperation (2024)")
    make_agreement(key="nor-ukr-2026", title="Joint declaration (2026)")


def link_row(relation="implements", target="nor-ukr-2024", on="2026-11", note="Builds on it"):
    return {
        "links-0-relation": relation,
        "links-0-target": target,
        "links-0-on": on,
        "links-0-note": note,
    }


def post_edit(client, path: str, changes: dict):
    """The edit form as the page fills it, with ``changes``: what a browser posts."""
    fields = Browser.fields_of(client.get(path).text, path)
    return client.post(path, data={**fields, **changes})


def stored_links() -> list[tuple[str, str, str]]:
    db.session.rollback()
    rows = db.session.execute(
        select(Agreement.key, AgreementLink.relation, AgreementLink.target).join(
            Agreement, Agreement.id == AgreementLink.agreement_id
        )
    )
    return [(key, relation.value, target) for key, relation, target in rows]


def test_an_analyst_links_two_agreements_and_both_pages_show_it(login_as, make_agreement):
    two_agreements(make_agreement)
    analyst = login_as("analyst")

    response = post_edit(analyst, "/agreements/nor-ukr-2026/edit", link_row())

    assert response.status_code == 302
    assert stored_links() == [("nor-ukr-2026", "implements", "nor-ukr-2024")]
    later = analyst.get("/agreements/nor-ukr-2026").text
    earlier = analyst.get("/agreements/nor-ukr-2024").text
    assert "<td>Implements</td>" in later
    assert 'href="/agreements/nor-ukr-2024">Agreement on security cooperation (2024)</a>' in later
    assert "Builds on it" in later
    assert "<td>Implemented by</td>" in earlier
    assert 'href="/agreements/nor-ukr-2026">Joint declaration (2026)</a>' in earlier


def test_a_link_to_an_unknown_key_names_both_keys_and_saves_nothing(login_as, make_agreement):
    two_agreements(make_agreement)
    analyst = login_as("analyst")

    response = post_edit(analyst, "/agreements/nor-ukr-2026/edit", link_row(target="no-such"))

    assert response.status_code == 200
    assert "“nor-ukr-2026” links to “no-such”, but no agreement has that key." in (
        errors_next_to(response, "links-0-target")
    )
    assert stored_links() == []


def test_an_agreement_cannot_link_to_itself(login_as, make_agreement):
    two_agreements(make_agreement)

    response = post_edit(
        login_as("analyst"), "/agreements/nor-ukr-2026/edit", link_row(target="nor-ukr-2026")
    )

    assert "An agreement cannot be linked to itself." in errors_next_to(response, "links-0-target")
    assert stored_links() == []


def test_a_link_needs_its_relation(login_as, make_agreement):
    two_agreements(make_agreement)

    response = post_edit(
        login_as("analyst"), "/agreements/nor-ukr-2026/edit", link_row(relation="")
    )

    assert "Choose how this agreement stands to the other." in errors_next_to(
        response, "links-0-relation"
    )
    assert stored_links() == []


def test_an_import_may_link_to_an_agreement_later_in_the_same_file(app):
    linked = agreement_record(
        "later-one", links=[{"relation": "supersedes", "target": "zz-earlier"}]
    )

    apply_plan(plan_import(interchange(linked, agreement_record("zz-earlier"))))
    db.session.commit()

    assert stored_links() == [("later-one", "supersedes", "zz-earlier")]


def test_an_import_linking_to_a_missing_agreement_is_refused_naming_both_keys(app):
    linked = agreement_record("lonely", links=[{"relation": "amends", "target": "not-here"}])

    with pytest.raises(ImportFailed) as refused:
        plan_import(interchange(linked))

    assert [str(problem) for problem in refused.value.problems] == [
        "agreements[0] (key lonely): links[0].target: “lonely” links to “not-here”, "
        "but no agreement has that key."
    ]
    assert db.session.scalar(select(Agreement.id)) is None


def test_links_round_trip_through_the_export_byte_for_byte(app):
    linked = agreement_record(
        "a-declaration",
        links=[
            {"relation": "implements", "target": "b-agreement", "on": "2026-11~", "note": "Per §3"},
            {"relation": "relates_to", "target": "c-letter"},
        ],
    )
    apply_plan(
        plan_import(
            interchange(linked, agreement_record("b-agreement"), agreement_record("c-letter"))
        )
    )
    db.session.commit()
    first = document_text(export_document())

    db.session.execute(Agreement.__table__.delete())
    db.session.commit()
    apply_plan(plan_import(json.loads(first)))
    db.session.commit()

    assert document_text(export_document()) == first
    assert json.loads(first)["agreements"][0]["links"] == [
        {"relation": "implements", "target": "b-agreement", "on": "2026-11~", "note": "Per §3"},
        {"relation": "relates_to", "target": "c-letter"},
    ]


def test_the_api_reads_and_adds_links(api_as, make_agreement):
    two_agreements(make_agreement)
    client = api_as("analyst")

    added = client.post(
        "/api/v1/agreements/nor-ukr-2026/links",
        json={"relation": "extends", "target": "nor-ukr-2024", "version": 1},
    )
    read = client.get("/api/v1/agreements/nor-ukr-2026")

    assert added.status_code == 201, added.json
    assert read.json["links"] == [
        {"relation": "extends", "target": "nor-ukr-2024", "on": None, "note": None}
    ]
    assert stored_links() == [("nor-ukr-2026", "extends", "nor-ukr-2024")]


def test_every_relation_reads_back_from_the_other_side():
    assert {relation.inverse for relation in LinkRelation} == {
        "Amended by",
        "Superseded by",
        "Implemented by",
        "Extended by",
        "Relates to",
    }


def test_links_travel_in_links_csv_and_a_set_without_it_still_imports(app, tmp_path):
    linked = agreement_record("a-declaration", links=[{"relation": "amends", "target": "b-treaty"}])
    apply_plan(plan_import(interchange(linked, agreement_record("b-treaty"))))
    db.session.commit()
    write_csv_set(export_document(), tmp_path)

    with_links, _ = read_csv_set(tmp_path)
    (tmp_path / "links.csv").unlink()
    without, _ = read_csv_set(tmp_path)

    assert with_links["agreements"][0]["links"] == [{"relation": "amends", "target": "b-treaty"}]
    assert "links" not in without["agreements"][0]
    assert [a["key"] for a in without["agreements"]] == ["a-declaration", "b-treaty"]


def connector_trace(response) -> dict | None:
    figure = islands(response)["timeline-chart"]
    found = [t for t in figure["data"] if t.get("name") == "Link between agreements"]
    return found[0] if found else None


def test_the_timeline_joins_linked_agreements_lanes_with_an_arrow(login_as, make_agreement):
    two_agreements(make_agreement)
    analyst = login_as("analyst")
    post_edit(analyst, "/agreements/nor-ukr-2026/edit", link_row(on="2026-11-15"))

    response = analyst.get("/timeline")

    lanes = islands(response)["timeline-chart"]["layout"]["yaxis"]["ticktext"]
    trace = connector_trace(response)
    assert trace is not None
    assert trace["x"] == ["2026-11-15", "2026-11-15", None]
    source = next(i for i, label in enumerate(lanes) if "Joint declaration (2026)" in label)
    target = next(i for i, label in enumerate(lanes) if "(2024)" in label)
    assert [round(v - AGREEMENT_BAND[0]) for v in trace["y"][:2]] == [source, target]
    assert "Joint declaration (2026)<br>implements Agreement on security" in trace["text"][0]


def test_a_link_to_an_agreement_off_the_page_draws_no_connector(login_as, make_agreement):
    two_agreements(make_agreement)
    make_agreement(key="pol-ukr-2024", parties=["POL", "UKR"], signatories=[])
    analyst = login_as("analyst")
    post_edit(analyst, "/agreements/nor-ukr-2026/edit", link_row(target="pol-ukr-2024"))

    shown = analyst.get("/timeline")
    filtered = analyst.get("/timeline?party=NOR")  # the Polish agreement has no lane

    assert connector_trace(shown) is not None
    assert connector_trace(filtered) is None
