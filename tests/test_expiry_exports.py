"""The derived end travels out as read-only data: exported in JSON, CSV and the API,
ignored when read back, so export → import → export stays the same bytes."""

from __future__ import annotations

import csv
import json

from test_export import (
    export_bytes,
    invoke,
    json_before_and_after_csv,
    read_csv,
    write_document,
)

from tracker.agreements.forms import AgreementForm
from tracker.declaration import DERIVED_DATE
from tracker.extensions import db
from tracker.models import Agreement

KEY = "nor-ukr-test"
TEN_YEARS = {
    "key": "ten-years",
    "title": "Ten years",
    "kind": "treaty",
    "status": "signed",
    "parties": ["NOR", "UKR"],
    "signed_on": "2024-05",
    "duration_years": 10,
}


def exported_agreement(runner, tmp_path) -> dict:
    return json.loads(export_bytes(runner, tmp_path, "export.json"))["agreements"][0]


def test_the_json_export_holds_the_end_window_and_estimate(runner, tmp_path):
    write_document(tmp_path / "in.json", [TEN_YEARS])
    invoke(runner, "import", str(tmp_path / "in.json"))

    record = exported_agreement(runner, tmp_path)

    assert (record["end_earliest"], record["end_latest"], record["end_estimate"]) == (
        "2034-05-01",
        "2034-05-31",
        "2034-05-16",
    )
    names = list(record)
    assert names.index("duration_years") < names.index("end_earliest") < names.index("summary")


def test_an_open_ended_agreement_exports_no_end_fields(runner, tmp_path):
    write_document(tmp_path / "in.json", [{**TEN_YEARS, "duration_years": None}])
    invoke(runner, "import", str(tmp_path / "in.json"))

    record = exported_agreement(runner, tmp_path)

    assert not {"end_earliest", "end_latest", "end_estimate"} & set(record)


def test_an_import_ignores_sent_end_fields_and_derives_its_own(runner, tmp_path):
    sent = {**TEN_YEARS, "end_earliest": "1999-01-01", "end_latest": 7, "end_estimate": "soon"}
    write_document(tmp_path / "in.json", [sent])

    invoke(runner, "import", str(tmp_path / "in.json"))

    agreement = db.session.query(Agreement).one()
    assert agreement.end_estimate.isoformat() == "2034-05-16"


def test_an_export_with_ends_imports_back_to_the_same_bytes(runner, tmp_path):
    write_document(tmp_path / "in.json", [TEN_YEARS])
    invoke(runner, "import", str(tmp_path / "in.json"))
    first = export_bytes(runner, tmp_path, "first.json")

    invoke(runner, "import", str(tmp_path / "first.json"))

    assert export_bytes(runner, tmp_path, "again.json") == first


def test_the_csv_agreements_file_has_the_end_columns(runner, tmp_path):
    write_document(tmp_path / "in.json", [TEN_YEARS])
    invoke(runner, "import", str(tmp_path / "in.json"))

    invoke(runner, "export", "--csv", str(tmp_path / "out"))

    (row,) = read_csv(tmp_path / "out" / "agreements.csv")
    assert (row["end_earliest"], row["end_latest"], row["end_estimate"]) == (
        "2034-05-01",
        "2034-05-31",
        "2034-05-16",
    )


def test_the_csv_end_columns_are_ignored_on_import_and_may_be_missing(runner, tmp_path):
    write_document(tmp_path / "in.json", [TEN_YEARS])
    invoke(runner, "import", str(tmp_path / "in.json"))

    def garble_and_drop(directory):
        path = directory / "agreements.csv"
        rows = [{**row, "end_estimate": "someday"} for row in read_csv(path)]
        with path.open("w", encoding="utf-8", newline="") as handle:
            names = [name for name in rows[0] if name != "end_earliest"]
            writer = csv.DictWriter(handle, names, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)

    original, again = json_before_and_after_csv(runner, tmp_path, garble_and_drop)

    assert again == original


def test_the_api_shows_the_end_and_a_patch_may_send_it_back(make_agreement, api_as):
    make_agreement(key=KEY)
    client = api_as("analyst")
    read = client.get(f"/api/v1/agreements/{KEY}").json

    response = client.patch(
        f"/api/v1/agreements/{KEY}", json={**read, "end_estimate": "1999-01-01", "title": "Renamed"}
    )

    assert read["end_estimate"] == "2034-05-31"
    assert response.status_code == 200, response.json
    assert response.json["end_estimate"] == "2034-05-31"


def test_the_openapi_spec_marks_the_end_read_only(api_as):
    spec = api_as("viewer").get("/api/v1/openapi.json").json

    end = spec["components"]["schemas"]["Agreement"]["properties"]["end_estimate"]
    assert end["readOnly"] is True
    assert end["format"] == "date"


def test_derived_fields_are_declared_once_in_the_interchange_shape():
    derived = {
        spec.name for spec in AgreementForm.declaration().interchange if spec.kind == DERIVED_DATE
    }

    assert derived == {"end_earliest", "end_latest", "end_estimate"}
