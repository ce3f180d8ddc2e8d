"""`tracker export`: the whole tracker in the interchange format, as JSON or as CSV files.

The promise is losslessness: export, import into an empty database, export
again, and the two exports are the same bytes. The rules are the codebook's
(docs/codebook.md, "Export" and "CSV files").
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select

from tracker.agreements.forms import AgreementForm
from tracker.config import ROOT
from tracker.console import cli
from tracker.extensions import db
from tracker.focus_areas.operations import create_focus_area
from tracker.interchange import shape
from tracker.interchange.csv_tables import COLUMNS, header
from tracker.milestones.forms import MilestoneForm
from tracker.models import Agreement, AuditEntry, FocusArea, PillarStatus
from tracker.pillars.operations import create_pillar
from tracker.synthetic import generate

SAMPLE = ROOT / "data" / "sample.json"
CSV_FILES = [
    "agreements.csv",
    "commitments.csv",
    "links.csv",
    "milestones.csv",
    "parties.csv",
    "pillars.csv",
    "provisions.csv",
    "signatories.csv",
    "sources.csv",
]

RICH = {
    "key": "swe-ukr-2025-security",
    "title": "=Sweden–Ukraine security agreement",
    "kind": "security_agreement",
    "status": "in_force",
    "parties": ["SWE", "UKR", "EU"],
    "signed_on": "2025-05-31",
    "signed_at": "Stockholm",
    "in_force_on": "2025-21",
    "ends_on": "2035-05~",
    "duration_years": 10,
    "summary": "-A summary that starts like a formula,\nwith a line break and “quotes”.",
    "signatories": [
        {"name": "Ulf Kristersson", "party": "SWE"},
        {"name": "Denys Shmyhal", "role": "Prime Minister", "party": "UKR"},
    ],
    "commitments": [
        {
            "party": "SWE",
            "description": "Air defence package",
            "amount": "1500000000.5",
            "currency": "SEK",
            "period": "2025/2026",
        },
        {"party": "EU", "description": "Training without a figure"},
    ],
    "sources": [
        {
            "url": "https://www.government.se/x",
            "title": "Press release",
            "publisher": "Government of Sweden",
            "published_on": "2025-05-31",
            "reliability": "official",
        }
    ],
    "tags": ["air defence", "training"],
    "pillars": [
        {"focus_area": "Training", "objective": "@Train crews", "status": "active"},
        {"focus_area": "Air Defense"},
    ],
    "milestones": [
        {
            "key": "first-course",
            "title": "First course",
            "kind": "meeting",
            "pillar": "Training",
            "status": "done",
            "due": "2025-09",
            "completed_on": "2025-09-15",
            "sources": [
                {"title": "Course report", "reliability": "unconfirmed"},
                {"url": "https://example.org/course", "published_on": "2025?"},
            ],
        },
        {
            "key": "handover",
            "title": "Handover",
            "kind": "first_delivery",
            "due": "2026-05/..",
            "depends_on": ["first-course"],
            "description": "+1 more to come",
        },
    ],
}


def write_document(path, agreements) -> None:
    document = {"format": shape.FORMAT, "version": shape.VERSION, "agreements": agreements}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def invoke(runner, *arguments):
    result = runner.invoke(cli, list(arguments))
    assert result.exit_code == 0, result.output
    return result


def load_sample_and_rich(runner, tmp_path) -> None:
    invoke(runner, "import", str(SAMPLE))
    write_document(tmp_path / "rich.json", [RICH])
    invoke(runner, "import", str(tmp_path / "rich.json"))


def export_bytes(runner, tmp_path, name: str) -> bytes:
    path = tmp_path / name
    invoke(runner, "export", str(path))
    return path.read_bytes()


def empty_the_tracker() -> None:
    """No agreement left (their rows cascade), as in a fresh database."""
    db.session.rollback()
    db.session.execute(delete(Agreement))
    db.session.commit()
    assert db.session.scalar(select(func.count(Agreement.id))) == 0


def read_csv(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def rewrite_csv(path, change) -> None:
    """Apply change(rows) to a CSV file's rows (header kept)."""
    with path.open(encoding="utf-8", newline="") as handle:
        names, *rows = list(csv.reader(handle))
    rows = change([dict(zip(names, row, strict=True)) for row in rows])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, names)
        writer.writeheader()
        writer.writerows(rows)


# JSON


def test_sample_export_imported_into_an_empty_tracker_exports_the_same_bytes(runner, tmp_path):
    load_sample_and_rich(runner, tmp_path)
    first = export_bytes(runner, tmp_path, "first.json")

    empty_the_tracker()
    invoke(runner, "import", str(tmp_path / "first.json"))

    assert export_bytes(runner, tmp_path, "second.json") == first


def test_generated_data_round_trips_byte_for_byte(runner, tmp_path):
    generate(200, seed=5)
    first = export_bytes(runner, tmp_path, "first.json")

    empty_the_tracker()
    invoke(runner, "import", str(tmp_path / "first.json"))

    assert len(json.loads(first)["agreements"]) == 200
    assert export_bytes(runner, tmp_path, "second.json") == first


def test_an_analyst_added_focus_area_travels_with_the_export(runner, tmp_path):
    invoke(runner, "import", str(SAMPLE))
    create_focus_area({"name": "Space", "description": "Satellites and launch"})
    agreement = db.session.scalar(select(Agreement))
    create_pillar(
        agreement,
        {
            "focus_area": "Space",
            "objective": "",
            "strategic_intent": "",
            "status": PillarStatus.PLANNED,
            "position": None,
        },
    )
    db.session.commit()
    first = export_bytes(runner, tmp_path, "first.json")
    assert {"name": "Space", "description": "Satellites and launch"} in json.loads(first)[
        "focus_areas"
    ]

    empty_the_tracker()
    db.session.execute(delete(FocusArea).where(FocusArea.name == "Space"))
    db.session.commit()
    invoke(runner, "import", str(tmp_path / "first.json"))

    assert export_bytes(runner, tmp_path, "second.json") == first


def test_a_document_cannot_smuggle_in_an_invalid_focus_area(runner, tmp_path):
    document = {
        "format": shape.FORMAT,
        "version": shape.VERSION,
        "focus_areas": [{"name": "x" * 81}],
        "agreements": [],
    }
    (tmp_path / "bad.json").write_text(json.dumps(document), encoding="utf-8")

    result = runner.invoke(cli, ["import", str(tmp_path / "bad.json")])

    assert result.exit_code != 0
    assert "focus_areas[0].name" in result.output


def test_a_dash_writes_the_export_to_standard_output(runner, tmp_path):
    invoke(runner, "import", str(SAMPLE))

    printed = invoke(runner, "export", "-").stdout_bytes

    assert printed == export_bytes(runner, tmp_path, "file.json")
    assert json.loads(printed)["agreements"][0]["key"] == "nor-ukr-2026-joint-declaration"


def test_the_audit_trail_is_not_exported(runner, tmp_path):
    invoke(runner, "import", str(SAMPLE))
    assert db.session.scalar(select(func.count(AuditEntry.id))) > 0

    document = json.loads(export_bytes(runner, tmp_path, "export.json"))

    assert list(document) == [
        "format",
        "version",
        "focus_areas",
        "provisions",
        "exchange_rates",
        "agreements",
    ]
    assert "cli:import" not in json.dumps(document)


def test_the_export_time_is_written_only_when_asked_for(runner, tmp_path):
    invoke(runner, "export", "--exported-at", str(tmp_path / "stamped.json"))

    stamped = json.loads((tmp_path / "stamped.json").read_text(encoding="utf-8"))
    plain = json.loads(export_bytes(runner, tmp_path, "plain.json"))

    assert "exported_at" not in plain
    assert dt.datetime.fromisoformat(stamped["exported_at"]).tzinfo is not None


def test_json_is_utf8_indented_in_codebook_order_with_a_final_newline(runner, tmp_path):
    load_sample_and_rich(runner, tmp_path)

    text = export_bytes(runner, tmp_path, "export.json").decode("utf-8")
    document = json.loads(text)

    assert text.endswith("}\n") and '\n  "agreements": [\n' in text
    assert "Norway–Ukraine" in text  # not \u2013
    assert [a["key"] for a in document["agreements"]] == sorted(
        a["key"] for a in document["agreements"]
    )
    rich = document["agreements"][-1]
    assert list(rich) == [name for name in AgreementForm.declaration().names() if name in rich]
    assert list(rich["milestones"][0]) == [
        n for n in MilestoneForm.declaration().names() if n in rich["milestones"][0]
    ]


def test_amounts_are_exported_as_exact_text_with_two_decimals(runner, tmp_path):
    load_sample_and_rich(runner, tmp_path)

    document = json.loads(export_bytes(runner, tmp_path, "export.json"))

    commitments = document["agreements"][-1]["commitments"]
    assert commitments[0]["amount"] == "1500000000.50"
    assert "amount" not in commitments[1]


def test_nested_lists_keep_their_stored_order(runner, tmp_path):
    load_sample_and_rich(runner, tmp_path)

    rich = json.loads(export_bytes(runner, tmp_path, "export.json"))["agreements"][-1]

    assert [s["name"] for s in rich["signatories"]] == ["Ulf Kristersson", "Denys Shmyhal"]
    assert [p["focus_area"] for p in rich["pillars"]] == ["Training", "Air Defense"]
    assert [s.get("title") for s in rich["milestones"][0]["sources"]] == ["Course report", None]


# CSV


def test_csv_export_writes_every_file_with_its_header(runner, tmp_path):
    load_sample_and_rich(runner, tmp_path)

    invoke(runner, "export", "--csv", str(tmp_path / "out"))

    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == CSV_FILES
    for name in CSV_FILES:
        with (tmp_path / "out" / name).open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == header(name)


def test_csv_has_one_row_per_record_joined_by_keys(runner, tmp_path):
    load_sample_and_rich(runner, tmp_path)
    invoke(runner, "export", "--csv", str(tmp_path / "out"))

    sources = read_csv(tmp_path / "out" / "sources.csv")
    rich_sources = [
        (s["milestone_key"], s["title"]) for s in sources if s["agreement_key"] == RICH["key"]
    ]

    assert len(read_csv(tmp_path / "out" / "agreements.csv")) == 3  # two in the sample
    assert len(read_csv(tmp_path / "out" / "commitments.csv")) == 3
    assert rich_sources == [
        ("", "Press release"),
        ("first-course", "Course report"),
        ("first-course", ""),
    ]


def test_csv_dates_are_written_as_typed_with_earliest_and_latest(runner, tmp_path):
    load_sample_and_rich(runner, tmp_path)
    invoke(runner, "export", "--csv", str(tmp_path / "out"))

    agreements = {row["key"]: row for row in read_csv(tmp_path / "out" / "agreements.csv")}
    milestones = {
        row["milestone_key"]: row for row in read_csv(tmp_path / "out" / "milestones.csv")
    }

    rich = agreements[RICH["key"]]
    assert (rich["in_force_on"], rich["in_force_on_earliest"], rich["in_force_on_latest"]) == (
        "2025-21",
        "2025-03-01",
        "2025-05-31",
    )
    sample = agreements["nor-ukr-2026-joint-declaration"]
    assert (sample["signed_on"], sample["signed_on_earliest"], sample["signed_on_latest"]) == (
        "2026?",
        "2026-01-01",
        "2026-12-31",
    )
    handover = milestones["handover"]
    assert (handover["due"], handover["due_earliest"], handover["due_latest"]) == (
        "2026-05/..",
        "2026-05-01",
        "",
    )


def test_csv_parties_tags_and_dependencies_are_semicolon_separated(runner, tmp_path):
    load_sample_and_rich(runner, tmp_path)
    invoke(runner, "export", "--csv", str(tmp_path / "out"))

    agreements = {row["key"]: row for row in read_csv(tmp_path / "out" / "agreements.csv")}
    milestones = read_csv(tmp_path / "out" / "milestones.csv")

    assert agreements[RICH["key"]]["parties"] == "EU;SWE;UKR"
    assert agreements[RICH["key"]]["tags"] == "air defence;training"
    assert [m["depends_on"] for m in milestones if m["milestone_key"] == "handover"] == [
        "first-course"
    ]


def test_parties_csv_lists_each_party_named_by_an_agreement_once(runner, tmp_path):
    load_sample_and_rich(runner, tmp_path)
    invoke(runner, "export", "--csv", str(tmp_path / "out"))

    parties = read_csv(tmp_path / "out" / "parties.csv")

    assert [(p["code"], p["kind"]) for p in parties] == [
        ("EU", "organisation"),
        ("NOR", "state"),
        ("SWE", "state"),
        ("UKR", "state"),
    ]
    assert parties[0]["name"] == "European Union"


def test_every_csv_column_parses_with_the_csv_module(runner, tmp_path):
    load_sample_and_rich(runner, tmp_path)
    invoke(runner, "export", "--csv", str(tmp_path / "out"))

    for name in CSV_FILES:
        for row in read_csv(tmp_path / "out" / name):
            assert list(row) == header(name)
            for column, value in row.items():
                if value and column.endswith(("_earliest", "_latest")):
                    dt.date.fromisoformat(value)
                elif value and column == "amount":
                    assert Decimal(value) == Decimal(value).quantize(Decimal("0.01"))
                elif value and column == "duration_years":
                    int(value)
    summary = read_csv(tmp_path / "out" / "agreements.csv")[-1]["summary"]
    assert summary == RICH["summary"]


def test_csv_data_files_keep_formula_like_text_as_stored(runner, tmp_path):
    load_sample_and_rich(runner, tmp_path)
    invoke(runner, "export", "--csv", str(tmp_path / "out"))

    agreements = {row["key"]: row for row in read_csv(tmp_path / "out" / "agreements.csv")}
    pillars = read_csv(tmp_path / "out" / "pillars.csv")

    assert agreements[RICH["key"]]["title"] == "=Sweden–Ukraine security agreement"
    assert agreements[RICH["key"]]["summary"].startswith("-A summary")
    assert "@Train crews" in [p["objective"] for p in pillars]


def json_before_and_after_csv(runner, tmp_path, edit=None) -> tuple[bytes, bytes]:
    """The JSON export, and the JSON export again after a CSV export (edited) and import."""
    original = export_bytes(runner, tmp_path, "original.json")
    invoke(runner, "export", "--csv", str(tmp_path / "out"))
    if edit:
        edit(tmp_path / "out")
    empty_the_tracker()
    invoke(runner, "import", str(tmp_path / "out"))
    return original, export_bytes(runner, tmp_path, "again.json")


def test_csv_export_imported_into_an_empty_tracker_gives_the_same_json(runner, tmp_path):
    load_sample_and_rich(runner, tmp_path)

    original, again = json_before_and_after_csv(runner, tmp_path)

    assert again == original


def test_generated_data_round_trips_through_csv(runner, tmp_path):
    generate(50, seed=7)

    original, again = json_before_and_after_csv(runner, tmp_path)

    assert again == original


def test_derived_bound_columns_are_ignored_on_import(runner, tmp_path):
    invoke(runner, "import", str(SAMPLE))

    def garble_bounds(directory):
        rewrite_csv(
            directory / "milestones.csv",
            lambda rows: [{**row, "due_earliest": "someday", "due_latest": ""} for row in rows],
        )

    original, again = json_before_and_after_csv(runner, tmp_path, garble_bounds)

    assert again == original


@pytest.fixture
def exported_csv(runner, tmp_path):
    """The sample and the rich agreement as a CSV set, and the tracker emptied after."""
    load_sample_and_rich(runner, tmp_path)
    invoke(runner, "export", "--csv", str(tmp_path / "out"))
    empty_the_tracker()
    return tmp_path / "out"


def refused(runner, directory) -> list[str]:
    result = runner.invoke(cli, ["import", str(directory)])
    assert result.exit_code == 1, result.output
    assert db.session.scalar(select(func.count(Agreement.id))) == 0
    return result.output.splitlines()


def test_a_child_row_of_an_unknown_agreement_is_reported_by_file_row_and_column(
    runner, exported_csv
):
    rewrite_csv(
        exported_csv / "milestones.csv",
        lambda rows: [*rows[:2], {**rows[2], "agreement_key": "x"}, *rows[3:]],
    )

    lines = refused(runner, exported_csv)

    assert "milestones.csv row 4: agreement_key: no agreement “x” in agreements.csv." in lines


def test_invalid_values_are_reported_at_the_cell_they_were_typed_in(runner, exported_csv):
    rewrite_csv(
        exported_csv / "milestones.csv", lambda rows: [{**rows[0], "due": "2024-13"}, *rows[1:]]
    )
    rewrite_csv(
        exported_csv / "signatories.csv", lambda rows: [*rows[:-1], {**rows[-1], "party": "FRA"}]
    )

    lines = refused(runner, exported_csv)

    assert any(
        line.startswith("milestones.csv row 2: due: “2024-13” is not an EDTF date")
        for line in lines
    )
    assert any(line.startswith("signatories.csv row 7: party: FRA is not one of") for line in lines)


def test_a_number_column_that_is_not_a_number_is_refused(runner, exported_csv):
    rewrite_csv(
        exported_csv / "agreements.csv",
        lambda rows: [{**rows[0], "duration_years": "ten"}, *rows[1:]],
    )

    lines = refused(runner, exported_csv)

    assert "agreements.csv row 2: duration_years: “ten” is not a whole number." in lines


def test_a_source_of_an_unknown_milestone_is_refused(runner, exported_csv):
    rewrite_csv(
        exported_csv / "sources.csv",
        lambda rows: [{**rows[0], "milestone_key": "nowhere"}, *rows[1:]],
    )

    lines = refused(runner, exported_csv)

    assert lines[0].startswith("sources.csv row 2: milestone_key: no milestone “nowhere”")


def test_a_missing_file_or_unknown_column_refuses_the_whole_set(runner, exported_csv):
    (exported_csv / "commitments.csv").unlink()
    text = (exported_csv / "pillars.csv").read_text(encoding="utf-8")
    (exported_csv / "pillars.csv").write_text(text.replace("objective", "aim", 1), encoding="utf-8")

    lines = refused(runner, exported_csv)

    assert any(line.startswith("commitments.csv: is missing") for line in lines)
    assert "pillars.csv row 1: aim: is not a column of pillars.csv." in lines
    assert "pillars.csv row 1: has no “objective” column." in lines
    assert lines[-1].startswith("Import refused:")


def test_csv_columns_are_the_codebook_fields_plus_the_join_keys():
    assert COLUMNS["agreements.csv"] == [
        "key",
        "title",
        "kind",
        "status",
        "parties",
        "signed_on",
        "signed_on_as_stated",
        "signed_at",
        "in_force_on",
        "in_force_on_as_stated",
        "ends_on",
        "ends_on_as_stated",
        "duration_years",
        "end_earliest",
        "end_latest",
        "end_estimate",
        "summary",
        "last_verified_on",
        "tags",
    ]
    assert COLUMNS["milestones.csv"] == [
        "agreement_key",
        "milestone_key",
        "title",
        "kind",
        "pillar",
        "status",
        "due",
        "due_as_stated",
        "completed_on",
        "completed_on_as_stated",
        "depends_on",
        "description",
    ]
    assert COLUMNS["sources.csv"] == [
        "agreement_key",
        "milestone_key",
        "url",
        "title",
        "publisher",
        "published_on",
        "reliability",
    ]
