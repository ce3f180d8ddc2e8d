"""`tracker import FILE`: the whole document is checked first, then written all or nothing.

The rules are the codebook's (docs/codebook.md, "Import"); every problem is
printed as ``agreements[N] (key K): path: message``.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from tracker.agreements.forms import AgreementForm
from tracker.config import ROOT
from tracker.console import cli
from tracker.declaration import record_of
from tracker.extensions import db
from tracker.models import Agreement, Milestone, Pillar

SAMPLE = ROOT / "data" / "sample.json"
SAMPLE_KEY = "nor-ukr-2026-joint-declaration"


def run_import(runner, path, *options):
    return runner.invoke(cli, ["import", *options, str(path)])


def write_document(tmp_path, agreements, name="import.json"):
    path = tmp_path / name
    document = {"format": "defense-cooperation-tracker", "version": 1, "agreements": agreements}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def sample_agreement() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))["agreements"][0]


def minimal_agreement(key="nor-ukr-test", **fields) -> dict:
    return {
        "key": key,
        "title": "Test agreement",
        "kind": "treaty",
        "status": "signed",
        "parties": ["NOR", "UKR"],
        **fields,
    }


def stored_agreement(key: str) -> Agreement:
    db.session.rollback()  # see what the import committed, not this session's cache
    return db.session.scalars(select(Agreement).where(Agreement.key == key)).one()


def snapshot() -> tuple[dict, dict]:
    """Every agreement as a record, and every table's rows exactly as stored."""
    db.session.rollback()
    records = {
        agreement.key: record_of(AgreementForm.declaration(), agreement)
        for agreement in db.session.scalars(select(Agreement).order_by(Agreement.key))
    }
    rows = {
        table.name: db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
        for table in db.metadata.sorted_tables
        if table.name != "audit_entry"  # the trail records each import: see test_audit.py
    }
    return records, rows


def agreement_count() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count(Agreement.id)))


def test_sample_imports_with_parties_signatories_pillars_milestones_and_source(runner):
    result = run_import(runner, SAMPLE)

    assert result.exit_code == 0, result.output
    assert "2 created, 0 updated" in result.output
    record = record_of(AgreementForm.declaration(), stored_agreement(SAMPLE_KEY))
    assert record["parties"] == ["NOR", "UKR"]
    assert record["signatories"] == [
        {"name": "Jonas Gahr Støre", "role": "Prime Minister", "party": "NOR"},
        {"name": "Volodymyr Zelenskyy", "role": "President", "party": "UKR"},
    ]
    assert [
        (p["focus_area"], p["objective"], p["strategic_intent"], p["status"])
        for p in record["pillars"]
    ] == [
        (
            "Drone Production",
            "Establish Ukrainian facilities in Norway",
            "Integrate combat-tested UAV agility",
            "active",
        ),
        (
            "Air Defense",
            "Joint production increase",
            "Enhance territorial airspace protection",
            "planned",
        ),
        (
            "Ammunition",
            "Scale manufacturing output",
            "Ensure long-term stockpile sustainability",
            "planned",
        ),
        (
            "Technology Exchange",
            "Knowledge transfer on electronic warfare",
            "Modernize Norwegian defense capabilities",
            "planned",
        ),
    ]
    milestones = {m["key"]: m for m in record["milestones"]}
    assert {key: m["depends_on"] for key, m in milestones.items()} == {
        "technical-delegations": [],
        "legal-logistical-frameworks": ["technical-delegations"],
        "production-sites": ["legal-logistical-frameworks"],
        "first-drones": ["production-sites"],
        "official-updates": [],
    }
    assert milestones["first-drones"]["pillar"] == "Drone Production"
    assert milestones["official-updates"]["pillar"] is None
    assert record["sources"] == [
        {
            "url": None,
            "title": "Norway and Ukraine Sign Enhanced Defense and Security Agreement",
            "publisher": None,
            "published_on": None,
            "reliability": "reported",
        }
    ]
    assert record["tags"] == ["air-defence", "ammunition", "defence-industry", "drones"]


def test_sample_dates_are_stored_as_typed_with_their_bounds(runner):
    assert run_import(runner, SAMPLE).exit_code == 0

    agreement, milestone = Agreement.__table__.c, Milestone.__table__.c
    signed = db.session.execute(
        select(
            agreement.signed_on_edtf, agreement.signed_on_earliest, agreement.signed_on_latest
        ).where(agreement.key == SAMPLE_KEY)
    ).one()
    due = {
        key: tuple(dates)
        for key, *dates in db.session.execute(
            select(milestone.key, milestone.due_edtf, milestone.due_earliest, milestone.due_latest)
        )
    }
    assert tuple(signed) == ("2026?", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert due["first-drones"] == ("2026/2027", dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    assert due["production-sites"] == (None, None, None)


def broken_agreements() -> list:
    """Agreements that break, between them, most of the codebook's rules."""
    return [
        minimal_agreement(
            "bad-values",
            kind="pact",
            parties=["NOR"],
            signed_on="2024-13",
            signatories=[{"name": "Anna Berg", "party": "SWE"}],
            pillars=[{"focus_area": "Space Lasers"}, {"focus_area": "Air Defense"}],
            milestones=[{"key": "talks", "title": "Talks", "kind": "meeting", "pillar": "Cyber"}],
        ),
        minimal_agreement(
            "bad-milestones",
            sources=[{"url": "javascript:alert(1)", "title": "A trap"}],
            milestones=[
                {"key": "a", "title": "A", "kind": "meeting", "depends_on": ["b"]},
                {"key": "b", "title": "B", "kind": "meeting", "depends_on": ["a"]},
                {"key": "c", "title": "C", "kind": "meeting", "depends_on": ["nowhere"]},
                {"key": "d", "title": "D", "kind": "meeting", "status": "done"},
                {"key": "d", "title": "D again", "kind": "meeting"},
            ],
        ),
        minimal_agreement(
            "bad-shape",
            colour="red",
            duration_years="ten",
            milestones={},
            pillars=[{"focus_area": "Cyber", "budget": 3}],
        ),
        minimal_agreement("bad-milestones", title="Same key again"),
    ]


BROKEN_PROBLEMS = [
    "agreements[0] (key bad-values): signed_on: “2024-13” is not an EDTF date.",
    "agreements[0] (key bad-values): kind: “pact” is not one of: joint_declaration,",
    "agreements[0] (key bad-values): parties: An agreement needs at least two distinct parties.",
    "agreements[0] (key bad-values): signatories[0].party: SWE is not one of this agreement's",
    "agreements[0] (key bad-values): pillars[0].focus_area: “Space Lasers” is not",
    "agreements[0] (key bad-values): milestones[0].pillar: “Cyber” is not one of: Air Defense.",
    "agreements[1] (key bad-milestones): milestones[0].depends_on: This would make a dependency"
    " cycle: a → b → a",
    "agreements[1] (key bad-milestones): milestones[1].depends_on: This would make a dependency"
    " cycle: b → a → b",
    "agreements[1] (key bad-milestones): milestones[2].depends_on: “nowhere” is not one of:",
    "agreements[1] (key bad-milestones): milestones[3].completed_on: A done milestone needs its"
    " completion date.",
    "agreements[1] (key bad-milestones): milestones[3].key: is used by another milestone.",
    "agreements[1] (key bad-milestones): milestones[4].key: is used by another milestone.",
    "agreements[1] (key bad-milestones): sources[0].url: Only http:// and https:// links",
    "agreements[2] (key bad-shape): colour: is not a field of this object.",
    "agreements[2] (key bad-shape): duration_years: must be a whole number.",
    "agreements[2] (key bad-shape): milestones: must be a list.",
    "agreements[2] (key bad-shape): pillars[0].budget: is not a field of this object.",
    "agreements[3] (key bad-milestones): key: is used already by agreements[1].",
]


def test_every_problem_is_reported_with_agreement_index_key_and_path(runner, tmp_path):
    result = run_import(runner, write_document(tmp_path, broken_agreements()))

    assert result.exit_code != 0
    lines = result.output.splitlines()
    missing = [want for want in BROKEN_PROBLEMS if not any(x.startswith(want) for x in lines)]
    assert missing == []
    reported = [line for line in lines if line.startswith("agreements[")]
    assert len(reported) == len(BROKEN_PROBLEMS)
    assert f"Import refused: {len(BROKEN_PROBLEMS)} problem(s); nothing was written." in lines


def test_a_refused_import_writes_nothing(runner, tmp_path):
    _, before = snapshot()

    result = run_import(runner, write_document(tmp_path, broken_agreements()))

    assert result.exit_code != 0
    assert agreement_count() == 0
    assert snapshot()[1] == before


def test_a_refused_import_leaves_an_existing_agreement_unchanged(runner, tmp_path):
    assert run_import(runner, SAMPLE).exit_code == 0
    before = snapshot()
    changed = sample_agreement()
    changed["title"] = "A title the refused import must not write"
    changed["pillars"] = changed["pillars"][:1]
    changed["milestones"] = changed["milestones"][:1]

    result = run_import(runner, write_document(tmp_path, [changed, *broken_agreements()]))

    assert result.exit_code != 0
    assert snapshot() == before


def test_one_invalid_agreement_stops_the_valid_one_too(runner, tmp_path):
    valid = minimal_agreement("valid-one")
    invalid = minimal_agreement("invalid-one", parties=["NOR"])

    result = run_import(runner, write_document(tmp_path, [valid, invalid]))

    assert result.exit_code != 0
    assert "agreements[1] (key invalid-one): parties:" in result.output
    assert "agreements[0]" not in result.output
    assert agreement_count() == 0


def test_dry_run_says_what_would_change_and_writes_nothing(runner, tmp_path):
    assert run_import(runner, SAMPLE).exit_code == 0
    before = snapshot()
    renamed = {**sample_agreement(), "title": "Renamed"}
    kept = json.loads(SAMPLE.read_text(encoding="utf-8"))["agreements"][1]
    path = write_document(tmp_path, [renamed, kept, minimal_agreement("a-new-one")])

    result = run_import(runner, path, "--dry-run")

    assert result.exit_code == 0, result.output
    assert "1 agreement(s) would be created, 1 updated, 1 unchanged" in result.output
    assert "Nothing was written" in result.output
    assert snapshot() == before


def test_dry_run_of_an_invalid_file_prints_its_problems(runner, tmp_path):
    path = write_document(tmp_path, [minimal_agreement("lonely", parties=["NOR"])])

    result = run_import(runner, path, "--dry-run")

    assert result.exit_code != 0
    problem = "parties: An agreement needs at least two distinct parties."
    assert f"agreements[0] (key lonely): {problem}" in result.output.splitlines()
    assert agreement_count() == 0


def test_an_existing_key_updates_that_agreement_matching_pillars_and_milestones(runner, tmp_path):
    assert run_import(runner, SAMPLE).exit_code == 0
    agreement = stored_agreement(SAMPLE_KEY)
    agreement_id = agreement.id
    pillar_ids = {p.focus_area.name: p.id for p in agreement.pillars}
    milestone_ids = {m.key: m.id for m in agreement.milestones}
    document = sample_agreement()
    document["title"] = "Norway–Ukraine joint declaration (revised)"
    document["pillars"] = [p for p in document["pillars"] if p["focus_area"] != "Ammunition"]
    document["milestones"] = [m for m in document["milestones"] if m["key"] != "official-updates"]
    document["milestones"].append(
        {
            "key": "production-start",
            "title": "Drone production starts in Norway",
            "kind": "production_start",
            "pillar": "Drone Production",
            "depends_on": ["production-sites"],
        }
    )

    result = run_import(runner, write_document(tmp_path, [document]))

    assert result.exit_code == 0, result.output
    assert "0 created, 1 updated" in result.output
    agreement = stored_agreement(SAMPLE_KEY)
    assert agreement.id == agreement_id
    assert agreement.title == "Norway–Ukraine joint declaration (revised)"
    assert [(p.focus_area.name, p.id) for p in agreement.pillars] == [
        (name, pillar_ids[name])
        for name in ("Drone Production", "Air Defense", "Technology Exchange")
    ]
    milestones = {m.key: m for m in agreement.milestones}
    assert sorted(milestones) == [
        "first-drones",
        "legal-logistical-frameworks",
        "production-sites",
        "production-start",
        "technical-delegations",
    ]
    for key in (
        "technical-delegations",
        "legal-logistical-frameworks",
        "production-sites",
        "first-drones",
    ):
        assert milestones[key].id == milestone_ids[key]
    assert [m.key for m in milestones["production-start"].depends_on] == ["production-sites"]
    # Left out of the document means deleted: no stray rows remain.
    assert db.session.scalar(select(func.count(Pillar.id))) == 3
    assert db.session.scalar(select(func.count(Milestone.id))) == 5


EVERY_FIELD = minimal_agreement(
    "every-field",
    signed_on="2024-05-31",
    in_force_on="2024-07~",
    ends_on="2034-05-31",
    duration_years=10,
    signed_at="Kyiv",
    summary="Every field given.",
    tags=["b-tag", "a tag"],
    signatories=[{"name": "Anna Berg", "party": "NOR"}],
    commitments=[
        {
            "party": "NOR",
            "description": "Funding",
            "amount": 1500000000,
            "currency": "nok",
            "period": "2026/2027",
        },
        {"party": "UKR", "description": "Engineers", "amount": "0.1", "currency": "EUR"},
    ],
    sources=[
        {"url": "https://example.org/a", "published_on": "2026-05-12", "reliability": "official"}
    ],
    pillars=[{"focus_area": "Cyber", "status": "on_hold"}],
    milestones=[
        {
            "key": "kick-off",
            "title": "Kick-off",
            "kind": "meeting",
            "status": "done",
            "completed_on": "2025-11-03",
            "pillar": "Cyber",
            "sources": [{"title": "Minutes"}],
        },
        {
            "key": "next",
            "title": "Next",
            "kind": "meeting",
            "due": "2026-05/..",
            "depends_on": ["kick-off"],
        },
    ],
)


@pytest.mark.parametrize("document", ["sample", "every field"])
def test_importing_the_same_file_twice_changes_nothing(runner, tmp_path, document):
    path = SAMPLE if document == "sample" else write_document(tmp_path, [EVERY_FIELD])
    assert run_import(runner, path).exit_code == 0
    before = snapshot()

    result = run_import(runner, path)

    assert result.exit_code == 0, result.output
    count = 1 if document == "every field" else 2
    assert f"0 created, 0 updated, {count} unchanged." in result.output
    assert snapshot() == before


def test_invalid_json_is_reported_with_line_and_column(runner, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(
        '{\n  "format": "defense-cooperation-tracker",\n  "version": ,\n}\n', encoding="utf-8"
    )

    result = run_import(runner, path)

    assert result.exit_code != 0
    assert f"{path}: is not valid JSON (line 3 column 14)" in result.output
    assert agreement_count() == 0


def test_a_wrong_envelope_is_reported(runner, tmp_path):
    path = tmp_path / "envelope.json"
    path.write_text(
        json.dumps({"format": "csv", "version": 2, "agreements": {}, "extra": 1}), encoding="utf-8"
    )

    result = run_import(runner, path)

    assert result.exit_code != 0
    lines = result.output.splitlines()
    assert "format: must be “defense-cooperation-tracker”." in lines
    assert any(line.startswith("version: must be 1") for line in lines)
    assert "agreements: must be a list of agreement objects." in lines
    assert "extra: is not a field of the document." in lines


def test_an_agreement_that_is_not_an_object_is_reported(runner, tmp_path):
    result = run_import(runner, write_document(tmp_path, [minimal_agreement(), "NOR-UKR"]))

    assert result.exit_code != 0
    assert "agreements[1]: must be an object." in result.output.splitlines()
    assert agreement_count() == 0


@pytest.mark.parametrize("pillar", [{}, {"pillar": None}], ids=["left-out", "null"])
def test_a_milestone_may_have_no_pillar(runner, tmp_path, pillar):
    milestone = {"key": "kick-off", "title": "Kick-off meeting", "kind": "meeting", **pillar}
    document = minimal_agreement(pillars=[{"focus_area": "Air Defense"}], milestones=[milestone])

    result = run_import(runner, write_document(tmp_path, [document]))

    assert result.exit_code == 0, result.output
    (stored,) = stored_agreement("nor-ukr-test").milestones
    assert stored.key == "kick-off"
    assert stored.pillar is None


def test_a_signatory_may_have_no_role(runner, tmp_path):
    document = minimal_agreement(signatories=[{"name": "Jonas Gahr Støre", "party": "NOR"}])

    result = run_import(runner, write_document(tmp_path, [document]))

    assert result.exit_code == 0, result.output
    stored = record_of(AgreementForm.declaration(), stored_agreement("nor-ukr-test"))
    assert stored["signatories"] == [{"name": "Jonas Gahr Støre", "role": None, "party": "NOR"}]
