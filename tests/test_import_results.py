"""An import's result counts what it created, updated and left unchanged, as its preview
does: an agreement the file holds exactly as it is stored is unchanged, and is not written
at all (no row, no version, no audit entry of its own)."""

from __future__ import annotations

import copy
import html
import io
import json
import re

import pytest
from helpers import (
    agreement_in,
    audit_trail,
    exported_sample,
    milestone_in,
    statements_run_by,
)
from sqlalchemy import select

from tracker.console import cli
from tracker.extensions import db
from tracker.imports.jobs import import_job, wait
from tracker.imports.preview import planned_changes
from tracker.interchange.exporter import export_document
from tracker.interchange.importer import ImportFailed, apply_plan, plan_import
from tracker.models import Agreement, ImportRun
from tracker.synthetic import generate

DECLARATION = "nor-ukr-2026-joint-declaration"
SECURITY = "nor-ukr-security-agreement-2024"


@pytest.fixture
def exported(runner) -> dict:
    return exported_sample(runner)


def renamed(document: dict) -> dict:
    """The document with the declaration's title changed: that one is updated."""
    changed = copy.deepcopy(document)
    agreement_in(changed, DECLARATION)["title"] = "Renamed"
    return changed


def imported_on_the_command_line(runner, tmp_path, document: dict) -> str:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(cli, ["import", str(path)])
    assert result.exit_code == 0, result.output
    return result.output


def imported_on_the_web(app, client, document: dict) -> tuple[str, str]:
    """The preview's summary, and the text of the result page once the job is done."""
    file = (io.BytesIO(json.dumps(document).encode()), "export.json")
    preview = client.post("/import", data={"files": [file]}, content_type="multipart/form-data")
    summary = re.search(r"<p>export\.json: (.*?)</p>", client.get(preview.location).text)
    client.post(preview.location)
    wait(import_job(app, preview.location.rsplit("/", 1)[1]))
    return html.unescape(summary.group(1)), client.get(preview.location).text


def stored(key: str) -> tuple[int, object]:
    """The agreement's version and last change, as committed."""
    db.session.rollback()
    agreement = db.session.scalars(select(Agreement).where(Agreement.key == key)).one()
    return agreement.version, agreement.updated_at


# On the command line


def test_an_export_imported_again_is_all_unchanged(runner, tmp_path, exported):
    output = imported_on_the_command_line(runner, tmp_path, exported)

    assert output.endswith(": 0 created, 0 updated, 2 unchanged.\n")


def test_a_changed_agreement_is_the_one_updated(runner, tmp_path, exported):
    output = imported_on_the_command_line(runner, tmp_path, renamed(exported))

    assert output.endswith(": 0 created, 1 updated, 1 unchanged.\n")


def test_a_dry_run_counts_as_the_import_does(runner, tmp_path, exported):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(renamed(exported)), encoding="utf-8")

    result = runner.invoke(cli, ["import", "--dry-run", str(path)])

    assert "0 agreement(s) would be created, 1 updated, 1 unchanged." in result.output


# On the web: the job's result page says what its preview said


def test_an_export_uploaded_again_is_all_unchanged_in_the_result(app, client, exported):
    summary, result = imported_on_the_web(app, client, exported)

    assert summary.startswith("0 agreement(s) would be created, 0 updated, 2 unchanged.")
    assert "Import done: 0 agreement(s) created, 0 updated, 2 unchanged." in result
    assert "2 agreement(s) unchanged: the upload holds them as they were stored" in result
    assert f"<p>{DECLARATION}, {SECURITY}</p>" in result
    assert "Updated <a" not in result
    db.session.rollback()
    (run,) = db.session.scalars(select(ImportRun))
    assert run.result == {
        "created": [],
        "updated": [],
        "unchanged": [DECLARATION, SECURITY],
        "problems": [],
    }


def test_a_changed_agreement_is_the_one_updated_in_the_result(app, client, exported):
    summary, result = imported_on_the_web(app, client, renamed(exported))

    assert summary.startswith("0 agreement(s) would be created, 1 updated, 1 unchanged.")
    assert "Import done: 0 agreement(s) created, 1 updated, 1 unchanged." in result
    assert f'Updated <a href="/agreements/{DECLARATION}">' in result
    assert f"<p>{SECURITY}</p>" in result
    assert audit_trail("import")[-1]["changes"]["updated"] == [None, [DECLARATION]]


# Unchanged means not written


def test_an_unchanged_agreement_keeps_its_version_and_writes_no_audit_entry(
    runner, tmp_path, exported
):
    declaration, security = stored(DECLARATION), stored(SECURITY)
    entries = len(audit_trail())

    imported_on_the_command_line(runner, tmp_path, renamed(exported))

    assert stored(SECURITY) == security
    assert stored(DECLARATION)[0] == declaration[0] + 1
    written = audit_trail()[entries:]
    assert [(entry["record_type"], entry["record_label"]) for entry in written] == [
        ("agreement", "Renamed"),
        ("import", "export.json"),
    ]


# The file as the form reads it: what the form trims or fills in is no change


def _written_loosely(document: dict) -> dict:
    """The same data as a person might type it: stray spaces around text, dates and list
    entries, a currency in lower case, and fields left out that the form fills in."""
    document = copy.deepcopy(document)
    declaration = agreement_in(document, DECLARATION)
    declaration["title"] = f"  {declaration['title']} "
    declaration["signed_on"] += " "
    declaration["tags"] = [f" {tag}" for tag in declaration["tags"]]
    milestone = milestone_in(declaration, "first-drones")
    milestone["due"] = f" {milestone['due']} "
    del milestone["status"]  # the form's default: planned, as stored
    security = agreement_in(document, SECURITY)
    security["signed_on"] = "2024-05-31 "
    commitment = security["commitments"][0]
    commitment["currency"] = "nok "
    del commitment["stage"]  # pledged, as stored
    return document


def test_spaces_the_form_trims_and_defaults_it_fills_in_are_no_change(client, exported):
    loosely = _written_loosely(exported)

    assert [row.action for row in planned_changes(loosely)] == ["unchanged", "unchanged"]
    result = apply_plan(plan_import(loosely))
    db.session.commit()
    assert (result.updated, result.unchanged) == ([], [DECLARATION, SECURITY])
    assert export_document() == exported


def test_the_same_file_written_loosely_imports_as_the_export_does(runner, tmp_path, exported):
    """Not skipping is the proof: an import that writes the loose file stores the export."""
    loosely = _written_loosely(exported)
    agreement_in(loosely, SECURITY)["title"] += " (revised)"
    agreement_in(loosely, DECLARATION)["summary"] = "Changed, so that it is written."

    imported_on_the_command_line(runner, tmp_path, loosely)

    db.session.rollback()
    for key in (DECLARATION, SECURITY):
        written = {**agreement_in(export_document(), key), "title": "", "summary": ""}
        assert written == {**agreement_in(exported, key), "title": "", "summary": ""}


def test_a_choice_with_stray_spaces_is_refused_so_trimming_it_hides_nothing(app, exported):
    spaced = copy.deepcopy(exported)
    agreement_in(spaced, SECURITY)["status"] = " signed"

    with pytest.raises(ImportFailed) as refused:
        plan_import(spaced)

    assert [problem.path for problem in refused.value.problems] == [
        f"agreements[1] (key {SECURITY}): status"
    ]


# Bounded work for a large file


def _as_new(document: dict) -> dict:
    """The same agreements under keys the tracker does not have: each would be created."""
    fresh = copy.deepcopy(document)
    for item in fresh["agreements"]:
        item["key"] += "-new"
    return fresh


def _comparing_costs(document: dict) -> int:
    """Statements plan_import takes for the stored agreements beyond those for new ones."""
    costs = []
    for each in (document, _as_new(document)):
        db.session.remove()
        costs.append(statements_run_by(lambda each=each: plan_import(each)))
        db.session.rollback()
    return costs[0] - costs[1]


def test_comparing_with_the_stored_agreements_takes_as_many_statements_for_many(app):
    generate(5, seed=3)
    db.session.commit()
    few = export_document()
    generate(60, seed=4)
    db.session.commit()
    many = export_document()

    # The parts of every stored agreement are read together: comparing 65 costs a statement
    # more than comparing 5 at most (for a kind of part the 5 lack), where one per agreement
    # would cost 60 more.
    assert _comparing_costs(many) - _comparing_costs(few) <= 1


def test_writing_an_import_that_changes_nothing_takes_no_statement(app):
    generate(30, seed=5)
    db.session.commit()
    plans = plan_import(export_document())

    assert statements_run_by(lambda: apply_plan(plans)) == 0
    assert [plan.unchanged for plan in plans] == [True] * 30
