"""Untrusted JSON and CSV text is refused with a reason, never a server error.

Uploads, the command line and the API read JSON through one gate,
tracker.json_input: no nesting past 64 levels, no integer of more than 100
digits, no NaN or infinite number, no lone surrogate and no NUL, each named
by where it is. CSV sets meet the same text rules, named by file and row;
a damaged .zip is refused too. Each case runs on SQLite and on PostgreSQL,
which refuses a NUL in text where SQLite would store it: both answer alike.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile

import pytest
from helpers import count, errors_next_to

from tracker.config import ROOT
from tracker.console import cli
from tracker.interchange.csv_tables import write_csv_set
from tracker.json_input import MAX_DEPTH, RefusedJSON, load_untrusted_json
from tracker.models import Agreement, ImportRun

FORMAT = {"format": "defense-cooperation-tracker", "version": 1}
NUL_MESSAGE = "contains a NUL character (\\0), which the tracker does not accept."
SURROGATE_MESSAGE = "contains a lone surrogate (\\ud800), half of a character"


def refusal(text: str | bytes) -> RefusedJSON:
    with pytest.raises(RefusedJSON) as refused:
        load_untrusted_json(text)
    return refused.value


# The gate itself


def test_deep_nesting_is_refused_before_the_parser_runs_out_of_stack():
    assert str(refusal("[" * 100_000)) == f"nests more than {MAX_DEPTH} levels deep."


def test_nesting_is_allowed_up_to_the_limit_and_no_further():
    assert load_untrusted_json("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    assert refusal("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)).path == ""


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        ('{"a": [1, 2' + "0" * 5000 + "]}", "a[1]", "is a number of more than 100 digits."),
        ('{"a": -1' + "0" * 100 + "}", "a", "is a number of more than 100 digits."),
        ('{"a": {"b": 1e999}}', "a.b", "is a number too large to store (1e999)."),
        ("[NaN]", "[0]", "is NaN, which is not a number JSON allows."),
        ('{"a": -Infinity}', "a", "is -Infinity, which is not a number JSON allows."),
        ('{"a": ["x", "\\ud800"]}', "a[1]", SURROGATE_MESSAGE),
        ('{"a": {"b\\u0000c": 1}}', "a.b\\0c", f"the field name {NUL_MESSAGE}"),
        ('{"a": "x\\u0000"}', "a", NUL_MESSAGE),
    ],
    ids=[
        "5000-digits",
        "101-digits",
        "infinite",
        "nan",
        "infinity",
        "lone-surrogate",
        "nul-in-a-name",
        "nul-in-a-value",
    ],
)
def test_what_no_column_stores_is_refused_where_it_is(text, path, message):
    refused = refusal(text)

    assert refused.path == path
    assert refused.message.startswith(message)


def test_text_that_is_not_utf8_is_refused():
    assert refusal(b'["\xed\xa0\x80"]').message.startswith("is not UTF-8 text:")


@pytest.mark.parametrize(
    "text",
    [
        '{"amount": 1' + "0" * 99 + "}",
        '["\\ud83d\\ude00"]',
        "\ufeff[1.5e300]",
        '"plain"',
    ],
)
def test_ordinary_json_passes_unchanged(text):
    assert load_untrusted_json(text.encode()) == json.loads(text.removeprefix("\ufeff"))


def test_the_sample_document_passes_unchanged():
    content = (ROOT / "data" / "sample.json").read_bytes()

    assert load_untrusted_json(content) == json.loads(content)


# Web uploads


def agreement(**fields) -> dict:
    return {
        "key": "imported",
        "title": "Imported agreement",
        "kind": "treaty",
        "status": "signed",
        "parties": ["NOR", "UKR"],
        **fields,
    }


def document_text(**fields) -> str:
    return json.dumps({**FORMAT, "agreements": [agreement(**fields)]})


def upload(client, *files):
    return client.post(
        "/import",
        data={"files": [(io.BytesIO(content), name) for name, content in files]},
        content_type="multipart/form-data",
    )


def refused_upload(client, *files) -> str:
    """The upload page's message for files it refused, having staged and written nothing."""
    response = upload(client, *files)

    assert response.status_code == 400
    assert count(ImportRun) == 0
    assert count(Agreement) == 0
    return errors_next_to(response, "files")


UNTRUSTED_UPLOADS = [
    pytest.param("[" * 100_000, "import.json: nests more than 64 levels deep.", id="nesting"),
    pytest.param(
        document_text(duration_years=10).replace(
            '"duration_years": 10', '"duration_years": ' + "9" * 5000
        ),
        "import.json: agreements[0].duration_years: is a number of more than 100 digits.",
        id="5000-digits",
    ),
    pytest.param(
        document_text(title="Half a character: \ud800"),
        f"import.json: agreements[0].title: {SURROGATE_MESSAGE}",
        id="lone-surrogate",
    ),
    pytest.param(
        document_text(milestones=[{"key": "m", "title": "A\x00B", "kind": "meeting"}]),
        f"import.json: agreements[0].milestones[0].title: {NUL_MESSAGE}",
        id="nul",
    ),
]


@pytest.mark.parametrize(("content", "message"), UNTRUSTED_UPLOADS)
def test_untrusted_json_is_refused_on_the_upload_page(client, content, message):
    assert message in refused_upload(client, ("import.json", content.encode()))


def zipped(content: bytes, name: str = "import.json") -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(name, content)
    return archive.getvalue()


def forged(archive: bytes, offset: int, value: int) -> bytes:
    """The archive with one 4-byte field of its central directory entry replaced."""
    at = archive.rindex(b"PK\x01\x02") + offset
    return archive[:at] + struct.pack("<I", value) + archive[at + 4 :]


def scrambled(archive: bytes) -> bytes:
    """The archive with its compressed data overwritten: the stream no longer inflates."""
    at = archive.index(b"import.json") + len("import.json")
    return archive[:at] + b"\xff" * 20 + archive[at + 20 :]


GOOD_ZIP = zipped(document_text().encode())


@pytest.mark.parametrize(
    "archive",
    [
        forged(GOOD_ZIP, 24, 10),
        forged(GOOD_ZIP, 20, 5),
        forged(GOOD_ZIP, 16, 1234),
        scrambled(GOOD_ZIP),
    ],
    ids=["forged-size", "forged-compressed-size", "forged-checksum", "broken-stream"],
)
def test_a_damaged_zip_is_refused_on_the_upload_page(client, archive):
    message = refused_upload(client, ("export.zip", archive))

    assert "export.zip: cannot be unpacked: import.json is damaged" in message


def test_the_intact_zip_is_accepted(client):
    assert upload(client, ("export.zip", GOOD_ZIP)).status_code == 302
    assert count(ImportRun) == 1


def csv_files(tmp_path, replace: bytes, by: bytes) -> list[tuple[str, bytes]]:
    folder = tmp_path / "csv"
    paths = write_csv_set({**FORMAT, "agreements": [agreement()]}, folder)
    return [(path.name, path.read_bytes().replace(replace, by)) for path in paths]


@pytest.mark.parametrize(
    ("by", "message"),
    [
        (b"Imported\x00agreement", f"agreements.csv row 2: title: {NUL_MESSAGE}"),
        (b"Imported \xed\xa0\x80", "agreements.csv row 2: is not UTF-8 text:"),
    ],
    ids=["nul", "encoded-surrogate"],
)
def test_a_csv_set_is_refused_naming_the_file_and_row(client, tmp_path, by, message):
    files = csv_files(tmp_path, b"Imported agreement", by)

    assert message in refused_upload(client, *files)


# The command line


def test_the_command_line_refuses_deep_nesting_with_the_reason(runner, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000, encoding="utf-8")

    result = runner.invoke(cli, ["import", str(path)])

    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert f"{path}: nests more than 64 levels deep." in result.output
    assert count(Agreement) == 0


def test_the_command_line_refuses_a_nul_naming_the_field(runner, tmp_path):
    path = tmp_path / "nul.json"
    path.write_text(document_text(summary="NUL\x00"), encoding="utf-8")

    result = runner.invoke(cli, ["import", str(path)])

    assert result.exit_code == 1
    assert f"{path}: agreements[0].summary: {NUL_MESSAGE}" in result.output
    assert count(Agreement) == 0


# The API


API_AGREEMENT = agreement(key="from-the-api")


def post_raw(client, path: str, text: str, method: str = "POST"):
    return client.open(path, method=method, data=text.encode(), content_type="application/json")


def test_the_api_refuses_a_deeply_nested_body_with_400(api_as):
    response = post_raw(api_as("analyst"), "/api/v1/agreements", "[" * 100_000)

    assert response.status_code == 400
    assert response.json["message"] == "The body nests more than 64 levels deep."
    assert count(Agreement) == 0


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("\ud800", SURROGATE_MESSAGE),
        ("NUL\x00", NUL_MESSAGE),
    ],
    ids=["lone-surrogate", "nul"],
)
def test_the_api_refuses_unstorable_text_naming_the_field(api_as, title, message):
    body = json.dumps({**API_AGREEMENT, "title": title})

    response = post_raw(api_as("analyst"), "/api/v1/agreements", body)

    assert response.status_code == 422
    assert response.json["fields"]["title"][0].startswith(message)
    assert count(Agreement) == 0


def test_a_patch_with_a_nul_changes_nothing(api_as, make_agreement):
    make_agreement(key="patched", title="Before")
    client = api_as("analyst")

    response = post_raw(
        client,
        "/api/v1/agreements/patched",
        json.dumps({"title": "After\x00", "version": 1}),
        method="PATCH",
    )

    assert response.status_code == 422
    assert response.json["fields"] == {"title": [NUL_MESSAGE]}
    assert client.get("/api/v1/agreements/patched").json["title"] == "Before"
