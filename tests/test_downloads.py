"""Download CSV: every list page offers its rows, as filtered, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import html
import io

import pytest

from tracker.interchange.csv_tables import header


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


@pytest.mark.parametrize(
    ("page", "download"),
    [
        ("/agreements", "/agreements.csv"),
        ("/parties/", "/parties.csv"),
        ("/focus-areas/", "/focus-areas.csv"),
    ],
)
def test_every_list_page_offers_its_csv(login_as, make_agreement, page, download):
    make_agreement()

    text = login_as("viewer").get(page).text

    assert f'href="{download}"' in text
    assert "Download CSV" in text


def test_the_agreements_link_carries_the_current_filters(client, make_agreement):
    make_agreement()

    text = html.unescape(client.get("/agreements?party=NOR&status=signed").text)

    assert 'href="/agreements.csv?party=NOR&status=signed"' in text


def test_agreements_csv_has_one_row_per_agreement_in_the_agreements_csv_columns(
    client, make_agreement
):
    make_agreement(key="nor-ukr-test")
    make_agreement(key="swe-ukr-test", parties=["SWE", "UKR"], signatories=[])

    head, *rows = csv_rows(client.get("/agreements.csv?sort=title"))

    assert head == header("agreements.csv")
    assert sorted(row[0] for row in rows) == ["nor-ukr-test", "swe-ukr-test"]
    assert rows[0][head.index("signed_on_earliest")] == "2024-05-31"


def test_agreements_csv_honours_the_list_filters(client, make_agreement):
    make_agreement(key="nor-ukr-test")
    make_agreement(key="swe-ukr-test", parties=["SWE", "UKR"], signatories=[])

    _head, *rows = csv_rows(client.get("/agreements.csv?party=SWE"))

    assert [row[0] for row in rows] == ["swe-ukr-test"]


def test_a_viewer_may_download_every_list(login_as, make_agreement):
    make_agreement()
    viewer = login_as("viewer")

    for path in ("/agreements.csv", "/parties.csv", "/focus-areas.csv"):
        assert len(csv_rows(viewer.get(path))) > 1, path


def test_parties_csv_counts_each_partys_agreements(client, make_agreement):
    make_agreement(key="nor-ukr-test")
    make_agreement(key="swe-ukr-test", parties=["SWE", "UKR"], signatories=[])

    head, *rows = csv_rows(client.get("/parties.csv"))

    assert head == ["code", "name", "kind", "agreements"]
    assert {row[0]: row[3] for row in rows} == {"UKR": "2", "NOR": "1", "SWE": "1"}


def test_focus_areas_csv_lists_the_vocabulary_with_pillar_counts(client, make_agreement):
    make_agreement(pillars=["Air Defense"])

    head, *rows = csv_rows(client.get("/focus-areas.csv"))

    assert head == ["name", "description", "pillars"]
    assert ["Air Defense", "", "1"] in [[row[0], row[1], row[2]] for row in rows]


def test_downloads_quote_cells_a_spreadsheet_would_run_as_formulas(client, make_agreement):
    make_agreement(title='=HYPERLINK("http://x")', summary="@SUM(A1)", signed_at="+1")

    head, row = csv_rows(client.get("/agreements.csv"))

    assert row[head.index("title")] == '\'=HYPERLINK("http://x")'
    assert row[head.index("summary")] == "'@SUM(A1)"
    assert row[head.index("signed_at")] == "'+1"
