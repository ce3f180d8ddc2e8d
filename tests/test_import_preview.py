"""The import preview counts what an import would create, update and leave unchanged, and
names the fields each update changes; "unchanged" is a promise the import keeps."""

from __future__ import annotations

import copy
import html
import io
import json
import re

import pytest
from helpers import agreement_in, exported_sample, milestone_in, statements_run_by

from tracker.extensions import db
from tracker.imports.preview import Preview, planned_changes
from tracker.interchange.csv_tables import write_csv_set
from tracker.interchange.exporter import export_document
from tracker.interchange.importer import apply_plan, plan_import
from tracker.models import ImportRun
from tracker.synthetic import generate

DECLARATION = "nor-ukr-2026-joint-declaration"
SECURITY = "nor-ukr-security-agreement-2024"


@pytest.fixture
def exported(runner) -> dict:
    return exported_sample(runner)


def previewed(client, document: dict) -> tuple[str, Preview]:
    """The preview page's text, and the preview kept with the upload."""
    file = (io.BytesIO(json.dumps(document).encode()), "export.json")
    response = client.post("/import", data={"files": [file]}, content_type="multipart/form-data")
    page = client.get(response.location).text
    run = db.session.get(ImportRun, response.location.rsplit("/", 1)[1])
    return page, Preview.from_json(run.preview)


def summary_of(page: str) -> str:
    return html.unescape(re.search(r"<p>(export\.json: .*?)</p>", page).group(1))


def changes_of(preview: Preview, key: str) -> dict[str, str]:
    (row,) = [row for row in preview.changes if row.key == key]
    return {change.name: change.after for change in row.changes}


def test_the_sample_export_uploaded_again_is_all_unchanged(client, exported):
    page, preview = previewed(client, exported)

    assert summary_of(page) == (
        "export.json: 0 agreement(s) would be created, 0 updated, 2 unchanged. "
        "Nothing has been written yet."
    )
    assert [row.action for row in preview.changes] == ["unchanged", "unchanged"]
    assert "2 agreement(s) unchanged" in page
    assert "None: every agreement of the upload is already stored exactly so." in page


def test_a_changed_title_and_milestone_due_make_one_update_naming_both(client, exported):
    changed = copy.deepcopy(exported)
    agreement_in(changed, DECLARATION)["title"] = "Renamed declaration"
    milestone_in(agreement_in(changed, DECLARATION), "first-drones")["due"] = "2028"

    page, preview = previewed(client, changed)

    assert summary_of(page) == (
        "export.json: 0 agreement(s) would be created, 1 updated, 1 unchanged. "
        "Nothing has been written yet."
    )
    (row,) = [row for row in preview.changes if row.action == "update"]
    assert row.key == DECLARATION
    assert [change.summary for change in row.changes] == ["title", "milestones (1 changed)"]
    assert changes_of(preview, DECLARATION)["milestones"] == "5: 1 changed (first-drones: due)"
    assert "Changes: title, milestones (1 changed)" in page
    assert "<td>Renamed declaration</td>" in page


def test_a_new_agreement_is_the_one_created(client, exported):
    grown = copy.deepcopy(exported)
    new = {**agreement_in(grown, SECURITY), "key": "nor-ukr-new", "title": "A new one"}
    grown["agreements"].append(new)

    page, preview = previewed(client, grown)

    assert summary_of(page) == (
        "export.json: 1 agreement(s) would be created, 0 updated, 2 unchanged. "
        "Nothing has been written yet."
    )
    assert [(row.key, row.action) for row in preview.changes if row.action != "unchanged"] == [
        ("nor-ukr-new", "create")
    ]


def test_the_sample_as_a_csv_set_is_all_unchanged(client, exported, tmp_path):
    paths = write_csv_set(exported, tmp_path)
    files = [(io.BytesIO(path.read_bytes()), path.name) for path in paths]

    response = client.post("/import", data={"files": files}, content_type="multipart/form-data")
    run = db.session.get(ImportRun, response.location.rsplit("/", 1)[1])

    preview = Preview.from_json(run.preview)
    assert [preview.count(action) for action in ("create", "update", "unchanged")] == [0, 0, 2]


def test_nested_lists_say_what_is_added_removed_and_reordered(client, exported):
    changed = copy.deepcopy(exported)
    declaration = agreement_in(changed, DECLARATION)
    declaration["milestones"] = [
        {**milestone_in(declaration, "official-updates"), "title": "Updates"},
        *[m for m in declaration["milestones"] if m["key"] != "official-updates"],
        {"key": "fresh", "title": "Fresh", "kind": "meeting"},
    ]
    declaration["sources"] = declaration["sources"][1:]
    security = agreement_in(changed, SECURITY)
    security["commitments"] = [{**security["commitments"][0], "amount": "1.00"}]

    _, preview = previewed(client, changed)

    assert changes_of(preview, DECLARATION) == {
        "sources": "none: 1 removed",  # its one source
        "milestones": "6: 1 changed (official-updates: title); 1 added (fresh); reordered",
    }
    assert changes_of(preview, SECURITY) == {"commitments": "1: 1 added; 1 removed"}


def test_user_text_in_the_preview_is_escaped(client, exported):
    changed = copy.deepcopy(exported)
    agreement_in(changed, SECURITY)["title"] = "<script>alert(1)</script>"

    page, _ = previewed(client, changed)

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# "Unchanged" is what the import does: it leaves the export as it was.


def _written_differently(document: dict) -> dict:
    """The same data, written as a person might: amounts as numbers, lists in another
    order, blank fields left out, a milestone before the one it depends on."""
    document = copy.deepcopy(document)
    declaration = agreement_in(document, DECLARATION)
    declaration["parties"] = declaration["parties"][::-1]
    declaration["tags"] = declaration["tags"][::-1]
    for derived in ("end_earliest", "end_latest", "end_estimate"):
        declaration.pop(derived, None)
    milestones = [
        {name: value for name, value in milestone.items() if value != ""}
        for milestone in declaration["milestones"]
    ]
    declaration["milestones"] = [milestones[1], milestones[0], *milestones[2:]]
    commitment = agreement_in(document, SECURITY)["commitments"][0]
    commitment["amount"] = int(float(commitment["amount"]))
    return document


def _imported(document: dict) -> dict:
    apply_plan(plan_import(document))
    db.session.commit()
    return export_document()


def test_what_the_preview_calls_unchanged_the_import_leaves_as_it_was(client, exported):
    differently = _written_differently(exported)
    _, preview = previewed(client, differently)

    assert [row.action for row in preview.changes] == ["unchanged", "unchanged"]
    assert _imported(differently) == exported


def test_what_the_preview_calls_updated_the_import_changes(client, exported):
    moved = copy.deepcopy(exported)
    declaration = agreement_in(moved, DECLARATION)
    last = milestone_in(declaration, "official-updates")
    declaration["milestones"] = [last, *[m for m in declaration["milestones"] if m is not last]]

    _, preview = previewed(client, moved)

    assert changes_of(preview, DECLARATION) == {"milestones": "5: reordered"}
    assert _imported(moved) != exported


# Bounded work for a large file


def _statements_of_planned_changes(document: dict) -> int:
    db.session.remove()
    try:
        return statements_run_by(lambda: planned_changes(document))
    finally:
        db.session.rollback()


def test_comparing_with_the_stored_agreements_takes_as_many_statements_for_many(app):
    generate(5, seed=3)
    db.session.commit()
    few = _statements_of_planned_changes(export_document())
    generate(60, seed=4)
    db.session.commit()
    many = export_document()

    assert _statements_of_planned_changes(many) == few
    assert all(row.action == "unchanged" for row in planned_changes(many))
